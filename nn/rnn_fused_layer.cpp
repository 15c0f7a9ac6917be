// One recurrent layer in one direction over the whole sequence as a single node, the way oneDNN's
// RNN primitive computes it:
// - forward: the input gates of every step in one GEMM, then per step one recurrent GEMM into a
//   workspace reused across calls and the gate kernel (rnn_sequence_kernels.hpp), which keeps the
//   activations backward needs;
// - backward: the steps in reverse, each with the gate-backward kernel and one GEMM for dh; then
//   dX, dW_ih and dW_hh as one GEMM each over all steps, the bias gradients as column sums.
// Under create_graph it differentiates the composed form (run_direction_composed) instead, so
// that higher derivatives stay right.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/blas.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/nn/rnn_sequence.hpp"
#include "xgrad/nn/rnn_sequence_kernels_dispatch.hpp"

namespace xgrad::nn::detail {

namespace {

using functional::kernels::SequenceKernels;
using Grads = std::vector<Tensor>;

// The node's inputs, in this order (c0 is undefined but for LSTM, a bias when bias=false).
enum Input { kX, kH0, kC0, kWeightIH, kWeightHH, kBiasIH, kBiasHH, kInputCount };

// C (m x n) = op(A) op(B) + beta C, all row-major and contiguous.
template <typename T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, const T* b, T beta, T* c) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (beta == T(0)) std::fill(c, c + m * n, T(0));
    return;
  }
  xgrad::detail::blas_gemm(ta, tb, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), a,
                           static_cast<int>(ta ? m : k), b, static_cast<int>(tb ? k : n), beta, c,
                           static_cast<int>(n));
}

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

template <typename T>
struct ForwardWorkspace {
  std::vector<T> input_gates, hidden_gates;
};

// Grown as needed and reused across calls, per thread.
template <typename T>
ForwardWorkspace<T>& forward_workspace() {
  thread_local ForwardWorkspace<T> workspace;
  return workspace;
}

template <typename T>
T* sized(std::vector<T>& buffer, int64_t size) {
  if (buffer.size() < static_cast<size_t>(size)) buffer.resize(static_cast<size_t>(size));
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
  ForwardWorkspace<T>& workspace = forward_workspace<T>();
  // Every row of the input gates starts as the bias (b_ih, plus b_hh but for GRU, whose b_hh
  // stays inside r * (W_hn h + b_hn)); the GEMM adds x W_ih^T onto it.
  T* gx = sized(workspace.input_gates, l.rows * G);
  const bool bias = in[kBiasIH].defined();
  std::vector<T> hidden_bias;
  if (bias) {
    const xgrad::detail::ContiguousValues<T> b_ih(in[kBiasIH]), b_hh(in[kBiasHH]);
    std::vector<T> input_bias(b_ih.data(), b_ih.data() + G);
    hidden_bias.assign(b_hh.data(), b_hh.data() + G);
    if (!gru) {
      for (int64_t j = 0; j < G; ++j)
        input_bias[static_cast<size_t>(j)] += hidden_bias[static_cast<size_t>(j)];
    }
    fill_rows(gx, l.rows, input_bias);
  }
  gemm(false, true, l.rows, G, l.input, x.data(), w_ih.data(), T(bias ? 1 : 0), gx);

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
  T* gh = sized(workspace.hidden_gates, l.batch * G);
  const bool hidden_bias_in_gh = gru && bias;
  for (size_t i = 0; i < l.steps(); ++i) {
    const size_t t = l.forward_step(i);
    const int64_t B = l.batch_sizes[t], row = l.offsets[t];
    T* h_prev = saved.h_prev.data() + row * H;
    T* y = output.data() + row * H;
    std::copy(h.data(), h.data() + B * H, h_prev);
    if (hidden_bias_in_gh) fill_rows(gh, B, hidden_bias);
    gemm(false, true, B, G, H, h_prev, w_hh.data(), T(hidden_bias_in_gh ? 1 : 0), gh);
    const T* gx_t = gx + row * G;
    T* acts = saved.acts.data() + row * l.saved_width();
    if (lstm) {
      T* c_prev = saved.c_prev.data() + row * H;
      T* c_t = saved.c.data() + row * H;
      std::copy(c.data(), c.data() + B * H, c_prev);
      k.lstm_forward(gx_t, gh, c_prev, acts, c_t, y, B, H);
      std::copy(c_t, c_t + B * H, c.data());
    } else if (gru) {
      k.gru_forward(gx_t, gh, h_prev, acts, y, B, H);
    } else {
      k.rnn_forward(gx_t, gh, y, B, H, l.relu());
      std::copy(y, y + B * H, acts);
    }
    std::copy(y, y + B * H, h.data());
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

// A bias gradient adds up the rows of every step. Blocks of rows are summed in T (a loop the
// compiler vectorizes), the blocks' sums in double, so that long sequences lose no precision.
template <typename T>
Tensor column_sums(const T* values, int64_t rows, int64_t cols) {
  constexpr int64_t kBlockRows = 64;
  std::vector<double> sums(static_cast<size_t>(cols), 0.0);
  std::vector<T> block(static_cast<size_t>(cols));
  for (int64_t first = 0; first < rows; first += kBlockRows) {
    std::fill(block.begin(), block.end(), T(0));
    for (int64_t r = first; r < std::min(rows, first + kBlockRows); ++r) {
      const T* row = values + r * cols;
      for (int64_t j = 0; j < cols; ++j) block[static_cast<size_t>(j)] += row[j];
    }
    for (int64_t j = 0; j < cols; ++j)
      sums[static_cast<size_t>(j)] += block[static_cast<size_t>(j)];
  }
  xt::xarray<T> result(xgrad::detail::to_xshape({cols}));
  std::copy(sums.begin(), sums.end(), result.data());
  return xgrad::detail::make_tensor(std::move(result));
}

template <typename T>
Grads backward_pass(const Layout& l, const SavedValues<T>& saved, const std::vector<Tensor>& in,
                    const Grads& grads, const autograd::Node& self) {
  const SequenceKernels<T>& k = functional::kernels::sequence_kernels<T>();
  const int64_t H = l.hidden, G = l.gates;
  const bool lstm = l.mode == RNNMode::kLSTM, gru = l.mode == RNNMode::kGRU;
  const xgrad::detail::ContiguousValues<T> w_hh(in[kWeightHH]);
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
  Buffer<T> d_gx(l.rows * G), d_gh(gru ? l.rows * G : 0);
  const Buffer<T>& d_hidden_gates = gru ? d_gh : d_gx;  // the same for RNN and LSTM
  for (size_t i = l.steps(); i-- > 0;) {
    const size_t t = l.forward_step(i);
    const int64_t B = l.batch_sizes[t], row = l.offsets[t];
    const T* acts = saved.acts.data() + row * l.saved_width();
    const T* dy_t = dy + row * H;
    T* d_gx_t = d_gx.data() + row * G;
    if (lstm) {
      k.lstm_backward(acts, saved.c.data() + row * H, saved.c_prev.data() + row * H, dy_t,
                      dh.data(), dc.data(), d_gx_t, B, H);
    } else if (gru) {
      k.gru_backward(acts, saved.h_prev.data() + row * H, dy_t, dh.data(), d_gx_t,
                     d_gh.data() + row * G, B, H);
    } else {
      k.rnn_backward(acts, dy_t, dh.data(), d_gx_t, B, H, l.relu());
    }
    // GRU's kernel left the part of dh that bypasses W_hh; the others' dh is all through W_hh.
    gemm(false, false, B, H, G, d_hidden_gates.data() + row * G, w_hh.data(), T(gru ? 1 : 0),
         dh.data());
  }
  Grads result(kInputCount);
  if (self.needs_input_grad(kX)) {
    const xgrad::detail::ContiguousValues<T> w_ih(in[kWeightIH]);
    xt::xarray<T> dx(xgrad::detail::to_xshape({l.rows, l.input}));
    gemm(false, false, l.rows, l.input, G, d_gx.data(), w_ih.data(), T(0), dx.data());
    result[kX] = xgrad::detail::make_tensor(std::move(dx));
  }
  if (self.needs_input_grad(kH0)) result[kH0] = tensor_of(std::move(dh), l.batch, H);
  if (lstm && self.needs_input_grad(kC0)) result[kC0] = tensor_of(std::move(dc), l.batch, H);
  if (self.needs_input_grad(kWeightIH)) {
    const xgrad::detail::ContiguousValues<T> x(in[kX]);
    xt::xarray<T> dw(xgrad::detail::to_xshape({G, l.input}));
    gemm(true, false, G, l.input, l.rows, d_gx.data(), x.data(), T(0), dw.data());
    result[kWeightIH] = xgrad::detail::make_tensor(std::move(dw));
  }
  if (self.needs_input_grad(kWeightHH)) {
    xt::xarray<T> dw(xgrad::detail::to_xshape({G, H}));
    gemm(true, false, G, H, l.rows, d_hidden_gates.data(), saved.h_prev.data(), T(0), dw.data());
    result[kWeightHH] = xgrad::detail::make_tensor(std::move(dw));
  }
  if (self.needs_input_grad(kBiasIH)) result[kBiasIH] = column_sums(d_gx.data(), l.rows, G);
  if (self.needs_input_grad(kBiasHH))
    result[kBiasHH] = column_sums(d_hidden_gates.data(), l.rows, G);
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
