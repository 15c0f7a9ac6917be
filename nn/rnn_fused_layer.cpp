// One recurrent layer in one direction over the whole sequence as a single node, the way oneDNN's
// RNN primitive computes it:
// - forward: the input gates of every step (x W_ih^T + bias), then per step one recurrent GEMM
//   into a workspace reused across calls and the gate kernel (rnn_sequence_kernels.hpp), which
//   keeps the activations backward needs;
// - backward: the steps in reverse, each with the gate-backward kernel, the bias gradients' sums
//   and one GEMM for dh; dX, dW_ih and dW_hh as a few large GEMMs over ranges of steps.
// Small products run on the packed kernel (W_hh packed once per pass). With 2 threads allowed, a
// big enough layer shares its pass with a second thread (RowRangeWorker): see Layout::sharing().
// Under create_graph it differentiates the composed form (run_direction_composed) instead, so
// that higher derivatives stay right.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/packed_gemm.hpp"
#include "xgrad/framework/parallel.hpp"
#include "xgrad/nn/rnn_sequence.hpp"
#include "xgrad/nn/rnn_sequence_kernels_dispatch.hpp"
#include "xgrad/nn/row_range_worker.hpp"

namespace xgrad::nn::detail {

namespace {

using functional::kernels::SequenceKernels;
using Grads = std::vector<Tensor>;

// The node's inputs, in this order (c0 is undefined but for LSTM, a bias when bias=false).
enum Input { kX, kH0, kC0, kWeightIH, kWeightHH, kBiasIH, kBiasHH, kInputCount };

// B for products C = op(A) B with one B used at every step (W_hh) or over all rows at once,
// where A has at most `rows` rows. Small products run on the packed kernel (packed_gemm.hpp): at
// these sizes OpenBLAS spends more in packing B per call and in handing work to its second
// thread than in arithmetic (per step at (32 x 128) x (128 x 512), 35 us against 21;
// benchmarks/RESULTS.md). Larger ones, where its threads pay, stay on OpenBLAS, but for
// single_threaded: that keeps every size off OpenBLAS, whose threads would compete with the
// layer's second thread.
template <typename T>
xgrad::detail::PackedMatrix<T> right_operand(const T* b, bool transposed, int64_t k, int64_t n,
                                             int64_t rows, bool single_threaded) {
  constexpr int64_t kPackedWork = int64_t(1) << 22;
  return {b, transposed, k, n, single_threaded || rows * n * k <= kPackedWork};
}

// A range of the batch's sequences: rows [first, last) of every step that has them.
struct Sequences {
  int64_t first, last;
  // How many of them step t has (none, or fewer at the end of shorter packed sequences).
  int64_t at(int64_t batch_size) const {
    return std::max<int64_t>(0, std::min(batch_size, last) - first);
  }
};

// Where each step's rows lie in the packed (sum of batch_sizes, features) layout, and the order
// in which the direction visits the steps.
struct Layout {
  RNNMode mode;
  bool reverse;
  std::vector<int64_t> batch_sizes, offsets;
  int64_t rows = 0, batch, input, hidden, gates;

  Layout(RNNMode m, bool r, const std::vector<int64_t>& sizes, int64_t input_size, int64_t h)
      : mode(m),
        reverse(r),
        batch_sizes(sizes),
        batch(sizes[0]),
        input(input_size),
        hidden(h),
        gates(gate_count(m) * h) {
    for (int64_t size : sizes) {
      offsets.push_back(rows);
      rows += size;
    }
  }
  size_t steps() const { return batch_sizes.size(); }
  // The step visited i-th going forward in time for this direction.
  size_t forward_step(size_t i) const { return reverse ? steps() - 1 - i : i; }
  // Activations kept per row: h for RNN, i, f, g, o for LSTM, r, z, n, gh_n for GRU.
  int64_t saved_width() const {
    return mode == RNNMode::kLSTM || mode == RNNMode::kGRU ? 4 * hidden : hidden;
  }
  bool relu() const { return mode == RNNMode::kRNNReLU; }
  // kStepRanges: the steps in the order visited, in about 8 ranges (so that the work left to the
  // second thread after the walk is short), each with the rows its steps fill.
  struct StepRange {
    size_t first_step, last_step;  // visited i-th for i in [first_step, last_step)
    int64_t first_row, last_row;
  };
  std::vector<StepRange> step_ranges() const {
    const size_t per_range = std::max<size_t>(1, steps() / 8);
    std::vector<StepRange> ranges;
    for (size_t i = 0; i < steps(); i += per_range) {
      StepRange range{i, std::min(steps(), i + per_range), rows, 0};
      for (size_t j = range.first_step; j < range.last_step; ++j) {
        const size_t t = forward_step(j);
        range.first_row = std::min(range.first_row, offsets[t]);
        range.last_row = std::max(range.last_row, offsets[t] + batch_sizes[t]);
      }
      ranges.push_back(range);
    }
    return ranges;
  }
  // How a pass shares its work with a second thread, when 2 threads are allowed
  // (get_num_threads()) and each per-step product is small enough that OpenBLAS's two threads
  // would not do it faster (LSTM at (T, B, I, H) = (50, 64, 512, 512) lost 25% otherwise):
  // - kBatchHalves: each thread walks every step for its half of the batch (a sequence's
  //   recurrence involves its own rows only, so the halves never wait for each other), then each
  //   computes the weight gradients of half the rows: the chain of per-step products is half as
  //   long. 1.3-1.5x faster than kStepRanges at (50, 32, 16, 128) and (100, 64, 64, 256). It
  //   needs a full tile of the packed kernel (8 rows) in each half.
  // - kStepRanges, for smaller batches: one thread walks the steps while the other projects the
  //   steps ahead of it and computes dX, dW_ih and dW_hh of the steps behind it, given enough
  //   steps to overlap and the second thread's share no more than twice the walk's (those take
  //   2I + H multiply-adds per gate and row, dh takes H), so that the walk is not left waiting
  //   for it: RNN at (50, 64, 512, 512) lost 6-20% of a training step that way.
  // Either way the layer's products all stay off OpenBLAS, in forward too: its idle threads spin
  // for a while after each call and would take the second core from the other thread.
  enum class Sharing { kNone, kBatchHalves, kStepRanges };
  Sharing sharing() const {
    constexpr int64_t kLargestStep = int64_t(1) << 25;  // multiply-adds of one recurrent product
    constexpr int64_t kHalfBatch = 8;
    constexpr int64_t kHalvesWork = int64_t(1) << 21;  // multiply-adds of forward's products
    constexpr int64_t kRangesWork = int64_t(1) << 23;  // multiply-adds of dX, dW_ih, dW_hh
    if (get_num_threads() < 2 || batch * gates * hidden > kLargestStep) return Sharing::kNone;
    if (batch >= 2 * kHalfBatch && rows * gates * (input + hidden) >= kHalvesWork)
      return Sharing::kBatchHalves;
    if (steps() >= 4 && rows * gates * (2 * input + hidden) >= kRangesWork && 2 * input <= hidden)
      return Sharing::kStepRanges;
    return Sharing::kNone;
  }
  Sequences all_sequences() const { return {0, batch}; }
  // The sequences thread `part` (0 or 1) walks with kBatchHalves.
  Sequences half_of_sequences(int part) const {
    const int64_t middle = (batch + 1) / 2;
    return part == 0 ? Sequences{0, middle} : Sequences{middle, batch};
  }
};

// An array left uninitialized, for buffers whose every element is written before it is read:
// zeroing them took 6% of an LSTM training step at (T, B, I, H) = (100, 64, 64, 256).
template <typename T>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(int64_t size) : data_(new T[static_cast<size_t>(size)]) {}
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }

 private:
  std::unique_ptr<T[]> data_;
};

// What backward needs, as values (never the node's outputs: no cycle).
template <typename T>
struct SavedValues {
  Buffer<T> h_prev;     // (rows, H): the state each step started from
  Buffer<T> acts;       // (rows, saved_width)
  Buffer<T> c, c_prev;  // LSTM: (rows, H) each
};

// The gates of every step and their gradients, which live only while a pass runs: grown as
// needed and reused across calls, per thread.
template <typename T>
struct Workspace {
  std::vector<T> input_gates, hidden_gates;      // forward
  std::vector<T> d_input_gates, d_hidden_gates;  // backward
};

template <typename T>
Workspace<T>& workspace() {
  thread_local Workspace<T> buffers;
  return buffers;
}

template <typename T>
T* sized(std::vector<T>& buffer, int64_t size) {
  // At least one element: offsets into the rows of an empty batch need a pointer that is not
  // null.
  const auto wanted = static_cast<size_t>(std::max<int64_t>(size, 1));
  if (buffer.size() < wanted) buffer.resize(wanted);
  return buffer.data();
}

template <typename T>
void fill_rows(T* out, int64_t rows, const std::vector<T>& row) {
  for (int64_t r = 0; r < rows; ++r)
    std::copy(row.begin(), row.end(), out + r * static_cast<int64_t>(row.size()));
}

struct ForwardValues {
  Tensor output, h_n, c_n;
};

template <typename T>
ForwardValues forward_pass(const Layout& l, const std::vector<Tensor>& in, SavedValues<T>& saved) {
  const SequenceKernels<T>& k = functional::kernels::sequence_kernels<T>();
  const int64_t H = l.hidden, G = l.gates;
  const bool lstm = l.mode == RNNMode::kLSTM, gru = l.mode == RNNMode::kGRU;
  const xgrad::detail::ContiguousValues<T> x(in[kX]), w_ih(in[kWeightIH]), w_hh(in[kWeightHH]);
  // Every row of the input gates starts as the bias (b_ih, plus b_hh but for GRU, whose b_hh
  // stays inside r * (W_hn h + b_hn)); the GEMM adds x W_ih^T onto it.
  T* gx = sized(workspace<T>().input_gates, l.rows * G);
  const bool bias = in[kBiasIH].defined();
  std::vector<T> input_bias, hidden_bias;
  if (bias) {
    const xgrad::detail::ContiguousValues<T> b_ih(in[kBiasIH]), b_hh(in[kBiasHH]);
    input_bias.assign(b_ih.data(), b_ih.data() + G);
    hidden_bias.assign(b_hh.data(), b_hh.data() + G);
    if (!gru) {
      for (int64_t j = 0; j < G; ++j)
        input_bias[static_cast<size_t>(j)] += hidden_bias[static_cast<size_t>(j)];
    }
  }
  const Layout::Sharing sharing = l.sharing();
  const bool shared = sharing != Layout::Sharing::kNone;
  const auto w_ih_t = right_operand(w_ih.data(), true, l.input, G, l.rows, shared);
  auto project = [&](int64_t first, int64_t last) {
    if (bias) fill_rows(gx + first * G, last - first, input_bias);
    w_ih_t.multiply(x.data() + first * l.input, false, last - first, gx + first * G, bias);
  };

  xt::xarray<T> output(xgrad::detail::to_xshape({l.rows, H}));
  xt::xarray<T> h(xgrad::detail::to_xshape({l.batch, H})), c;
  const xgrad::detail::ContiguousValues<T> h0(in[kH0]);
  std::copy(h0.data(), h0.data() + l.batch * H, h.data());
  if (lstm) {
    c = xt::xarray<T>(h.shape());
    const xgrad::detail::ContiguousValues<T> c0(in[kC0]);
    std::copy(c0.data(), c0.data() + l.batch * H, c.data());
    saved.c = Buffer<T>(l.rows * H);
    saved.c_prev = Buffer<T>(l.rows * H);
  }
  saved.h_prev = Buffer<T>(l.rows * H);
  saved.acts = Buffer<T>(l.rows * l.saved_width());
  const bool hidden_bias_in_gh = gru && bias;
  const auto w_hh_t = right_operand(w_hh.data(), true, H, G, l.batch, shared);
  // The steps visited i-th for i in [first_step, last_step), for the sequences `seq`; with
  // project_steps, each step's input gates are computed first.
  auto walk = [&](Sequences seq, size_t first_step, size_t last_step, bool project_steps) {
    T* gh = sized(workspace<T>().hidden_gates, (seq.last - seq.first) * G);
    T* h_seq = h.data() + seq.first * H;
    T* c_seq = lstm ? c.data() + seq.first * H : nullptr;
    for (size_t i = first_step; i < last_step; ++i) {
      const size_t t = l.forward_step(i);
      const int64_t B = seq.at(l.batch_sizes[t]), row = l.offsets[t] + seq.first;
      if (B == 0) continue;
      if (project_steps) project(row, row + B);
      T* h_prev = saved.h_prev.data() + row * H;
      T* y = output.data() + row * H;
      std::copy(h_seq, h_seq + B * H, h_prev);
      if (hidden_bias_in_gh) fill_rows(gh, B, hidden_bias);
      w_hh_t.multiply(h_prev, false, B, gh, hidden_bias_in_gh);
      const T* gx_t = gx + row * G;
      T* acts = saved.acts.data() + row * l.saved_width();
      if (lstm) {
        T* c_prev = saved.c_prev.data() + row * H;
        T* c_t = saved.c.data() + row * H;
        std::copy(c_seq, c_seq + B * H, c_prev);
        k.lstm_forward(gx_t, gh, c_prev, acts, c_t, y, B, H);
        std::copy(c_t, c_t + B * H, c_seq);
      } else if (gru) {
        k.gru_forward(gx_t, gh, h_prev, acts, y, B, H);
      } else {
        k.rnn_forward(gx_t, gh, y, B, H, l.relu());
        std::copy(y, y + B * H, acts);
      }
      std::copy(y, y + B * H, h_seq);
    }
  };
  if (sharing == Layout::Sharing::kBatchHalves) {
    run_on_both([&](int part) { walk(l.half_of_sequences(part), 0, l.steps(), true); });
  } else if (sharing == Layout::Sharing::kStepRanges) {
    // The second thread projects the steps ahead of the one the walk is at.
    const std::vector<typename Layout::StepRange> ranges = l.step_ranges();
    RowRangeJob worker(project);
    for (const auto& range : ranges) worker.submit(range.first_row, range.last_row);
    for (size_t r = 0; r < ranges.size(); ++r) {
      worker.wait_for(r + 1);
      walk(l.all_sequences(), ranges[r].first_step, ranges[r].last_step, false);
    }
    worker.finish();
  } else {
    project(0, l.rows);
    walk(l.all_sequences(), 0, l.steps(), false);
  }
  ForwardValues result{xgrad::detail::make_tensor(std::move(output)),
                       xgrad::detail::make_tensor(std::move(h)), Tensor()};
  if (lstm) result.c_n = xgrad::detail::make_tensor(std::move(c));
  return result;
}

// A copy of a gradient's values as T, zeros where none arrived.
template <typename T>
std::vector<T> gradient_values(const Tensor& grad, int64_t size) {
  if (!grad.defined()) return std::vector<T>(static_cast<size_t>(size), T(0));
  const Tensor g = grad.dtype() == dtype_of<T>() ? grad : grad.to(dtype_of<T>());
  const xgrad::detail::ContiguousValues<T> values(g);
  return std::vector<T>(values.data(), values.data() + size);
}

template <typename T>
Tensor tensor_of(std::vector<T>&& values, int64_t rows, int64_t cols) {
  xt::xarray<T> array(xgrad::detail::to_xshape({rows, cols}));
  std::copy(values.begin(), values.begin() + rows * cols, array.data());
  return xgrad::detail::make_tensor(std::move(array));
}

// A bias gradient adds up the rows of every step. Each step's rows are added in T while the
// gate-backward kernel has just left them in cache (a loop the compiler vectorizes), the steps'
// sums in double, so that long sequences lose no precision.
template <typename T>
class ColumnSums {
 public:
  explicit ColumnSums(int64_t cols) : sums_(static_cast<size_t>(cols)), step_(sums_.size()) {}

  // Adds `rows` rows of `cols()` values, `stride` apart.
  void add_rows(const T* values, int64_t rows, int64_t stride) {
    std::fill(step_.begin(), step_.end(), T(0));
    const int64_t cols = static_cast<int64_t>(step_.size());
    for (int64_t r = 0; r < rows; ++r) {
      const T* row = values + r * stride;
      for (int64_t j = 0; j < cols; ++j) step_[static_cast<size_t>(j)] += row[j];
    }
    for (size_t j = 0; j < sums_.size(); ++j) sums_[j] += step_[j];
  }
  void add(const ColumnSums& other) {
    for (size_t j = 0; j < sums_.size(); ++j) sums_[j] += other.sums_[j];
  }

  // The sums, after `first` columns taken from `before` (GRU's b_hh shares its r and z sums with
  // b_ih).
  Tensor tensor(const std::vector<double>& before = {}, int64_t first = 0) const {
    xt::xarray<T> result(xgrad::detail::to_xshape({first + static_cast<int64_t>(sums_.size())}));
    std::copy(before.begin(), before.begin() + first, result.data());
    std::copy(sums_.begin(), sums_.end(), result.data() + first);
    return xgrad::detail::make_tensor(std::move(result));
  }
  const std::vector<double>& sums() const { return sums_; }

 private:
  std::vector<double> sums_;
  std::vector<T> step_;
};

// values[j] += more[j] for every j of more.
template <typename T>
void add_into(T* values, const std::vector<T>& more) {
  for (size_t j = 0; j < more.size(); ++j) values[j] += more[j];
}

// dX, dW_ih and dW_hh from the gate gradients of a range of rows (steps); dW_ih and dW_hh add
// up over the ranges, dX's rows are each written once.
template <typename T>
struct WeightGradients {
  const T *d_gx, *d_hidden_gates, *x, *h_prev;
  const xgrad::detail::PackedMatrix<T>& w_ih;  // for dX
  int64_t gates, input, hidden;
  T *dx, *dw_ih, *dw_hh;  // null when not wanted
  bool single_threaded;
  bool started = false;

  void add_rows(int64_t first, int64_t last) {
    const int64_t m = last - first, G = gates, I = input, H = hidden;
    if (dx != nullptr) w_ih.multiply(d_gx + first * G, false, m, dx + first * I, false);
    if (dw_ih != nullptr) {
      right_operand(x + first * I, false, m, I, G, single_threaded)
          .multiply(d_gx + first * G, true, G, dw_ih, started);
    }
    if (dw_hh != nullptr) {
      right_operand(h_prev + first * H, false, m, H, G, single_threaded)
          .multiply(d_hidden_gates + first * G, true, G, dw_hh, started);
    }
    started = true;
  }
};

template <typename T>
Grads backward_pass(const Layout& l, const SavedValues<T>& saved, const std::vector<Tensor>& in,
                    const Grads& grads, const autograd::Node& self) {
  const SequenceKernels<T>& k = functional::kernels::sequence_kernels<T>();
  const int64_t H = l.hidden, G = l.gates;
  const bool lstm = l.mode == RNNMode::kLSTM, gru = l.mode == RNNMode::kGRU;
  const xgrad::detail::ContiguousValues<T> w_hh(in[kWeightHH]), w_ih(in[kWeightIH]), x(in[kX]);
  const Tensor dy_grad = !grads[0].defined() || grads[0].dtype() == dtype_of<T>()
                             ? grads[0]
                             : grads[0].to(dtype_of<T>());
  std::optional<xgrad::detail::ContiguousValues<T>> dy_values;
  std::vector<T> dy_zeros;
  if (dy_grad.defined()) {
    dy_values.emplace(dy_grad);
  } else {
    dy_zeros.assign(static_cast<size_t>(l.rows * H), T(0));
  }
  const T* dy = dy_values ? dy_values->data() : dy_zeros.data();
  std::vector<T> dh = gradient_values<T>(grads[1], l.batch * H);
  std::vector<T> dc = lstm ? gradient_values<T>(grads[2], l.batch * H) : std::vector<T>();
  Workspace<T>& buffers = workspace<T>();
  T* const d_gx = sized(buffers.d_input_gates, l.rows * G);
  T* const d_gh = gru ? sized(buffers.d_hidden_gates, l.rows * G) : nullptr;
  const T* const d_hidden_gates = gru ? d_gh : d_gx;  // the same for RNN and LSTM
  // d b_ih sums d_gx; d b_hh sums the hidden gates' gradients, which are d_gx but in GRU's n block.
  // One pair of sums per thread walking the steps.
  const bool bias_grads = self.needs_input_grad(kBiasIH) || self.needs_input_grad(kBiasHH);
  std::vector<ColumnSums<T>> d_bias(2, ColumnSums<T>(bias_grads ? G : 0)),
      d_bias_n(2, ColumnSums<T>(gru && bias_grads ? H : 0));

  auto matrix = [](bool wanted, int64_t rows, int64_t cols) {
    return wanted ? xt::xarray<T>(xgrad::detail::to_xshape({rows, cols})) : xt::xarray<T>();
  };
  const bool want_dx = self.needs_input_grad(kX), want_dw_ih = self.needs_input_grad(kWeightIH),
             want_dw_hh = self.needs_input_grad(kWeightHH);
  xt::xarray<T> dx = matrix(want_dx, l.rows, l.input), dw_ih = matrix(want_dw_ih, G, l.input),
                dw_hh = matrix(want_dw_hh, G, H);
  const int64_t weight_work =
      l.rows * G * ((want_dx ? l.input : 0) + (want_dw_ih ? l.input : 0) + (want_dw_hh ? H : 0));
  Layout::Sharing sharing = l.sharing();
  if (sharing == Layout::Sharing::kStepRanges && weight_work == 0) sharing = Layout::Sharing::kNone;
  const bool shared = sharing != Layout::Sharing::kNone;
  // W_ih for dX, packed (or not) once for all ranges; left unpacked when dX is not wanted.
  const auto w_ih_for_dx =
      want_dx ? right_operand(w_ih.data(), false, G, l.input, l.rows, shared)
              : xgrad::detail::PackedMatrix<T>(w_ih.data(), false, G, l.input, /*pack=*/false);
  WeightGradients<T> weights{d_gx,
                             d_hidden_gates,
                             x.data(),
                             saved.h_prev.data(),
                             w_ih_for_dx,
                             G,
                             l.input,
                             H,
                             want_dx ? dx.data() : nullptr,
                             want_dw_ih ? dw_ih.data() : nullptr,
                             want_dw_hh ? dw_hh.data() : nullptr,
                             shared};
  const auto w_hh_matrix = right_operand(w_hh.data(), false, G, H, l.batch, shared);
  // The steps visited i-th for i in [first_step, last_step), in reverse, for the sequences `seq`;
  // the bias gradients' sums go to sums `part`.
  auto walk = [&](Sequences seq, size_t first_step, size_t last_step, size_t part) {
    T* dh_seq = dh.data() + seq.first * H;
    T* dc_seq = lstm ? dc.data() + seq.first * H : nullptr;
    for (size_t i = last_step; i-- > first_step;) {
      const size_t t = l.forward_step(i);
      const int64_t B = seq.at(l.batch_sizes[t]), row = l.offsets[t] + seq.first;
      if (B == 0) continue;
      const T* acts = saved.acts.data() + row * l.saved_width();
      const T* dy_t = dy + row * H;
      T* d_gx_t = d_gx + row * G;
      if (lstm) {
        k.lstm_backward(acts, saved.c.data() + row * H, saved.c_prev.data() + row * H, dy_t, dh_seq,
                        dc_seq, d_gx_t, B, H);
      } else if (gru) {
        k.gru_backward(acts, saved.h_prev.data() + row * H, dy_t, dh_seq, d_gx_t, d_gh + row * G, B,
                       H);
      } else {
        k.rnn_backward(acts, dy_t, dh_seq, d_gx_t, B, H, l.relu());
      }
      if (bias_grads) {
        d_bias[part].add_rows(d_gx_t, B, G);
        if (gru) d_bias_n[part].add_rows(d_gh + row * G + 2 * H, B, G);
      }
      // GRU's kernel left the part of dh that bypasses W_hh; the others' dh is all through W_hh.
      w_hh_matrix.multiply(d_hidden_gates + row * G, false, B, dh_seq, gru);
    }
  };
  if (sharing == Layout::Sharing::kBatchHalves) {
    run_on_both([&](int part) {
      walk(l.half_of_sequences(part), 0, l.steps(), static_cast<size_t>(part));
    });
    d_bias[0].add(d_bias[1]);
    d_bias_n[0].add(d_bias_n[1]);
    if (weight_work > 0) {
      // Each thread takes half the rows; the second adds its dW_ih and dW_hh up apart.
      std::vector<T> second_dw_ih(want_dw_ih ? static_cast<size_t>(G * l.input) : 0),
          second_dw_hh(want_dw_hh ? static_cast<size_t>(G * H) : 0);
      WeightGradients<T> second = weights;
      second.dw_ih = want_dw_ih ? second_dw_ih.data() : nullptr;
      second.dw_hh = want_dw_hh ? second_dw_hh.data() : nullptr;
      WeightGradients<T>* const halves[2] = {&weights, &second};
      const int64_t bounds[3] = {0, l.rows / 2, l.rows};
      run_on_both([&](int part) { halves[part]->add_rows(bounds[part], bounds[part + 1]); });
      add_into(dw_ih.data(), second_dw_ih);
      add_into(dw_hh.data(), second_dw_hh);
    }
  } else if (sharing == Layout::Sharing::kStepRanges) {
    // The ranges of steps go to the second thread as the walk finishes them.
    const std::vector<typename Layout::StepRange> ranges = l.step_ranges();
    RowRangeJob worker([&weights](int64_t first, int64_t last) { weights.add_rows(first, last); });
    for (size_t r = ranges.size(); r-- > 0;) {
      walk(l.all_sequences(), ranges[r].first_step, ranges[r].last_step, 0);
      worker.submit(ranges[r].first_row, ranges[r].last_row);
    }
    worker.finish();
  } else {
    walk(l.all_sequences(), 0, l.steps(), 0);
    if (weight_work > 0) weights.add_rows(0, l.rows);
  }

  Grads result(kInputCount);
  if (want_dx) result[kX] = xgrad::detail::make_tensor(std::move(dx));
  if (self.needs_input_grad(kH0)) result[kH0] = tensor_of(std::move(dh), l.batch, H);
  if (lstm && self.needs_input_grad(kC0)) result[kC0] = tensor_of(std::move(dc), l.batch, H);
  if (want_dw_ih) result[kWeightIH] = xgrad::detail::make_tensor(std::move(dw_ih));
  if (want_dw_hh) result[kWeightHH] = xgrad::detail::make_tensor(std::move(dw_hh));
  if (self.needs_input_grad(kBiasIH)) result[kBiasIH] = d_bias[0].tensor();
  if (self.needs_input_grad(kBiasHH))
    result[kBiasHH] = gru ? d_bias_n[0].tensor(d_bias[0].sums(), 2 * H) : d_bias[0].tensor();
  return result;
}

// The gradients of the composed form with respect to the inputs that need one, with the graph
// recorded (create_graph). It differentiates copies, so that the engine, not this node, carries
// the gradients on upstream.
Grads composed_gradients(const Layout& l, const std::vector<Tensor>& in, const Grads& grads,
                         const autograd::Node& self) {
  std::vector<Tensor> copies(kInputCount), wanted;
  for (size_t i = 0; i < kInputCount; ++i) {
    if (!in[i].defined()) continue;
    copies[i] = in[i].clone();
    if (self.needs_input_grad(i)) wanted.push_back(copies[i]);
  }
  std::vector<Tensor> initial{copies[kH0]};
  if (l.mode == RNNMode::kLSTM) initial.push_back(copies[kC0]);
  const DirectionResult r = run_direction_composed(
      l.mode, {copies[kWeightIH], copies[kWeightHH], copies[kBiasIH], copies[kBiasHH]}, copies[kX],
      l.batch_sizes, initial, l.reverse);
  std::vector<Tensor> outputs{r.output}, reached, incoming;
  for (const Tensor& s : r.state) outputs.push_back(s);
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (!grads[o].defined()) continue;
    reached.push_back(outputs[o]);
    incoming.push_back(grads[o]);
  }
  const Grads found = autograd::grad(reached, wanted, incoming, true, true, true);
  Grads result(kInputCount);
  for (size_t i = 0, next = 0; i < kInputCount; ++i) {
    if (in[i].defined() && self.needs_input_grad(i)) result[i] = found[next++];
  }
  return result;
}

const char* node_name(RNNMode mode) {
  switch (mode) {
    case RNNMode::kLSTM:
      return "FusedLSTMBackward";
    case RNNMode::kGRU:
      return "FusedGRUBackward";
    default:
      return "FusedRNNBackward";
  }
}

template <typename T>
DirectionResult run_fused(const Layout& l, const std::vector<Tensor>& in) {
  SavedValues<T> saved;
  ForwardValues f = forward_pass<T>(l, in, saved);
  std::vector<Tensor> outputs{f.output, f.h_n};
  if (l.mode == RNNMode::kLSTM) outputs.push_back(f.c_n);
  if (autograd::needs_grad(in)) {
    std::vector<autograd::SavedTensor> kept;
    std::vector<bool> present;  // c0 (but for LSTM) and the biases (bias=false) may be undefined
    for (const Tensor& t : in) {
      kept.push_back(autograd::SavedTensor::input(t));
      present.push_back(t.defined());
    }
    autograd::record_outputs(
        node_name(l.mode), outputs, in,
        [l, kept = std::move(kept), present = std::move(present), saved = std::move(saved)](
            const Grads& grads, const autograd::Node& self) {
          std::vector<Tensor> unpacked(kInputCount);
          for (size_t i = 0; i < kInputCount; ++i) {
            if (present[i]) unpacked[i] = kept[i].unpack();
          }
          if (is_grad_enabled()) return composed_gradients(l, unpacked, grads, self);
          return backward_pass<T>(l, saved, unpacked, grads, self);
        });
  }
  DirectionResult result{outputs[0], {outputs.begin() + 1, outputs.end()}};
  return result;
}

}  // namespace

DirectionResult run_direction_fused(RNNMode mode, const RNNLayerWeights& weights,
                                    const Tensor& input, const std::vector<int64_t>& batch_sizes,
                                    const std::vector<Tensor>& initial, bool reverse) {
  const Dtype dtype = input.dtype();
  const std::vector<Tensor> in{input,
                               initial[0],
                               mode == RNNMode::kLSTM ? initial[1] : Tensor(),
                               weights.weight_ih,
                               weights.weight_hh,
                               weights.bias_ih,
                               weights.bias_hh};
  bool fits = (dtype == kFloat32 || dtype == kFloat64) && input.dim() == 2 &&
              weights.bias_ih.defined() == weights.bias_hh.defined();
  for (const Tensor& t : in) fits = fits && (!t.defined() || t.dtype() == dtype);
  if (!fits) return run_direction_composed(mode, weights, input, batch_sizes, initial, reverse);
  const Layout layout(mode, reverse, batch_sizes, input.size(1), weights.weight_hh.size(1));
  if (dtype == kFloat32) return run_fused<float>(layout, in);
  return run_fused<double>(layout, in);
}

}  // namespace xgrad::nn::detail
