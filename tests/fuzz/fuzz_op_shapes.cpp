// Decodes the input into a short program over a small pool of tensors: make tensors of random
// shapes (rank <= 4, sizes <= 8) and dtypes, apply shape-sensitive ops to them with random dims,
// indices and sizes (negative, zero, out of range, extreme), run GRUCell on mismatched inputs
// and sometimes backward. A bad argument must be refused with a std exception; the program
// catches it and goes on with its next op. Anything else is a finding.
//
// Every decision reads one byte (FuzzedDataProvider takes them from the end of the input), so
// a seed program is its list of decisions, reversed: see make_corpus.py.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

namespace {

using namespace xgrad;
using Shape = std::vector<int64_t>;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Sizes passed to reshape, view, narrow and split: decision i < 9 means i.
const Shape kSizeArguments = {0,  1,  2,    3,    4,         5,         6,         7,           8,
                              -1, -2, kMin, kMax, 1LL << 31, 1LL << 32, 1LL << 62, -(1LL << 32)};
// Chunk counts: chunk makes that many empty parts of an empty dim, so the large counts here are
// beyond what a std::vector can hold, and are refused instead of allocated.
const Shape kChunkCounts = {0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, kMin, kMax, 1LL << 62};
// Sizes passed to expand, whose result is allocated: nothing large that is valid.
const Shape kExpandSizes = {0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, kMin};
// Dims and indices: decision i < 5 means i.
const Shape kDimArguments = {0, 1, 2, 3, 4, -1, -2, -3, -4, -5, 5, 6, kMax, kMin};

constexpr int kMaxRank = 4;
constexpr int64_t kMaxNewSize = 8;          // so a new tensor has at most 8^4 = 4096 elements
constexpr int64_t kMaxKeptNumel = 1 << 15;  // larger results are dropped, keeping steps fast
constexpr size_t kPoolSize = 8;
constexpr int kMaxSteps = 32;

enum Op {
  kNewTensor,
  kBinary,
  kMatmul,
  kReshape,
  kJoin,
  kView,
  kSplit,
  kReduce,
  kSoftmax,
  kGruCell,
  kGruCellFunctional,
  kBackward,
  kConvert,
  kUnary,
  kToggleGradMode,
  kIndex,
  kWriteThroughView,
  kBinaryOnViews,
  kOpCount
};

class Program {
 public:
  explicit Program(FuzzedDataProvider& input) : input_(input) {}

  void run() {
    for (int step = 0; step < kMaxSteps && input_.remaining_bytes() > 0; ++step) {
      try {
        apply(static_cast<Op>(choice(kOpCount)));
      } catch (const std::exception&) {
        // Refusing bad shapes, dims and dtypes is the expected outcome.
      }
    }
  }

 private:
  // ------------------------------------------------------------------------------ decisions

  int choice(int count) { return input_.ConsumeIntegralInRange<int>(0, count - 1); }
  bool flag() { return choice(2) == 1; }
  int64_t one_of(const Shape& values) {
    return values[static_cast<size_t>(choice(static_cast<int>(values.size())))];
  }
  int64_t size_argument() { return one_of(kSizeArguments); }
  int64_t dim_argument() { return one_of(kDimArguments); }
  int64_t new_size() { return choice(kMaxNewSize + 1); }
  Dtype dtype() { return flag() ? kFloat64 : kFloat32; }
  Dtype any_dtype() {
    const Dtype dtypes[] = {kFloat32, kFloat64, kInt64, kBool};
    return dtypes[choice(4)];
  }

  Shape arguments(int max_count, const Shape& values) {
    Shape out(static_cast<size_t>(choice(max_count + 1)));
    for (int64_t& value : out) value = one_of(values);
    return out;
  }

  // ------------------------------------------------------------------------------ the pool

  Tensor new_tensor(const Shape& shape) {
    return randn(shape, TensorOptions(dtype()).requires_grad(flag()));
  }
  Tensor new_tensor() {
    Shape shape(static_cast<size_t>(choice(kMaxRank + 1)));
    for (int64_t& size : shape) size = new_size();
    return new_tensor(shape);
  }

  // A new tensor of `like`'s shape, of a shape that broadcasts to it, or of any shape.
  Tensor related(const Tensor& like) {
    Shape shape = like.sizes().vec();
    switch (choice(4)) {
      case 0:
        break;
      case 1:
        shape.erase(shape.begin(), shape.begin() + choice(static_cast<int>(shape.size()) + 1));
        break;
      case 2:
        for (int64_t& size : shape) size = flag() ? 1 : size;
        break;
      default:
        return new_tensor();
    }
    return new_tensor(shape);
  }

  // `like`'s shape with one size changed, as cat and stack see from mismatched inputs.
  Tensor one_size_changed(const Tensor& like) {
    Shape shape = like.sizes().vec();
    if (!shape.empty() && flag()) {
      const auto dim = static_cast<size_t>(choice(static_cast<int>(shape.size())));
      shape[dim] = new_size();
    }
    return new_tensor(shape);
  }

  const Tensor& pick() {
    if (pool_.empty()) keep(new_tensor());
    return pool_[static_cast<size_t>(choice(static_cast<int>(pool_.size())))];
  }

  // The elements `t` would have with its zero sizes made one: reducing an empty tensor over its
  // zero dim gives that many, so a huge-but-empty tensor is no cheap input.
  static int64_t footprint(const Tensor& t) {
    int64_t product = 1;
    const std::vector<int64_t> sizes = t.sizes().vec();
    for (const int64_t size : sizes) {
      if (size > 1 && product > kMaxKeptNumel / size) return kMaxKeptNumel + 1;
      product *= std::max<int64_t>(size, 1);
    }
    return product;
  }

  void keep(const Tensor& tensor) {
    if (!tensor.defined() || footprint(tensor) > kMaxKeptNumel) return;
    if (pool_.size() < kPoolSize) {
      pool_.push_back(tensor);
    } else {
      pool_[next_replaced_++ % kPoolSize] = tensor;
    }
  }

  void keep(const std::vector<Tensor>& tensors) {
    for (size_t i = 0; i < tensors.size() && i < 3; ++i) keep(tensors[i]);
  }

  // ------------------------------------------------------------------------------ the ops

  void apply(Op op) {
    switch (op) {
      case kNewTensor:
        return keep(new_tensor());
      case kBinary:
        return binary();
      case kMatmul:
        return matrix_product();
      case kReshape:
        return reshape_op();
      case kJoin:
        return join();
      case kView:
        return view_op();
      case kSplit:
        return split_op();
      case kReduce:
        return reduce();
      case kSoftmax:
        return keep(flag() ? pick().softmax(dim_argument()) : pick().log_softmax(dim_argument()));
      case kGruCell:
        return gru_cell_module();
      case kGruCellFunctional:
        return gru_cell_functional();
      case kBackward:
        return backward();
      case kConvert:
        return convert();
      case kUnary:
        return unary();
      case kToggleGradMode:
        return toggle_grad_mode();
      case kIndex:
        return index_op();
      case kWriteThroughView:
        return write_through_view();
      case kBinaryOnViews:
        return binary_on_views();
      case kOpCount:
        return;
    }
  }

  void binary() {
    const Tensor a = pick();
    const Tensor b = flag() ? pick() : related(a);
    switch (choice(9)) {
      case 0:
        return keep(a + b);
      case 1:
        return keep(a - b);
      case 2:
        return keep(a * b);
      case 3:
        return keep(a / b);
      case 4:
        return keep(a.pow(b));
      case 5:
        return keep(where(related(a) > 0.0, a, b));
      case 6:
        return keep(a < b);
      case 7:
        return keep(a.masked_fill(related(a) > 0.0, 1.0));
      default:
        return keep(2.0 - a / 3.0);
    }
  }

  // Operands of matmul's 1-D, 2-D and batched cases, their inner sizes sometimes mismatched.
  void matrix_product() {
    const int64_t n = new_size(), k = new_size(), m = new_size(), batch = new_size();
    const int64_t other_k = flag() ? k : new_size();
    const Shape a_shapes[] = {{k}, {n, k}, {batch, n, k}, {new_size(), batch, n, k}};
    const Shape b_shapes[] = {{other_k}, {other_k, m}, {batch, other_k, m}, {1, other_k, m}};
    const Tensor a = new_tensor(a_shapes[choice(4)]);
    const Tensor b = new_tensor(b_shapes[choice(4)]);
    switch (choice(3)) {
      case 0:
        return keep(matmul(a, b));
      case 1:
        return keep(mm(a, b));
      default: {
        const Tensor bias = flag() ? Tensor() : new_tensor({flag() ? m : new_size()});
        return keep(linear(a, new_tensor({m, other_k}), bias));
      }
    }
  }

  void reshape_op() {
    const Tensor a = pick();
    switch (choice(3)) {
      case 0:
        return keep(a.reshape(arguments(5, kSizeArguments)));
      case 1:
        return keep(a.view(arguments(5, kSizeArguments)));
      default: {
        const int64_t start_dim = dim_argument();
        return keep(a.flatten(start_dim, dim_argument()));
      }
    }
  }

  void join() {
    std::vector<Tensor> parts(static_cast<size_t>(choice(4)));
    for (size_t i = 0; i < parts.size(); ++i) {
      parts[i] = i == 0 || flag() ? pick() : one_size_changed(parts[0]);
    }
    const int64_t dim = dim_argument();
    keep(flag() ? stack(parts, dim) : cat(parts, dim));
  }

  void view_op() {
    const Tensor a = pick();
    switch (choice(10)) {
      case 0: {
        const int64_t dim0 = dim_argument();
        return keep(a.transpose(dim0, dim_argument()));
      }
      case 1: {
        const int64_t dim = dim_argument();
        return keep(a.select(dim, dim_argument()));
      }
      case 2: {
        const int64_t dim = dim_argument(), start = dim_argument();
        return keep(a.narrow(dim, start, size_argument()));
      }
      case 3:
        return keep(a.squeeze());
      case 4:
        return keep(a.squeeze(dim_argument()));
      case 5:
        return keep(a.unsqueeze(dim_argument()));
      case 6:
        return keep(a.expand(arguments(5, kExpandSizes)));
      case 7:
        return keep(a.t());
      case 8:
        return keep(a[dim_argument()]);
      default:
        return keep(a.unbind(dim_argument()));
    }
  }

  // One random view op, the same for every tensor it is applied to.
  std::function<Tensor(const Tensor&)> random_view_op() {
    const int64_t dim = dim_argument(), other = dim_argument();
    switch (choice(7)) {
      case 0:
        return [=](const Tensor& t) { return t.transpose(dim, other); };
      case 1:
        return [=](const Tensor& t) { return t.select(dim, other); };
      case 2: {
        const int64_t length = size_argument();
        return [=](const Tensor& t) { return t.narrow(dim, other, length); };
      }
      case 3:
        return [=](const Tensor& t) { return t.unsqueeze(dim); };
      case 4:
        return [=](const Tensor& t) { return t.squeeze(); };
      case 5: {
        const Shape shape = arguments(3, kSizeArguments);
        return [=](const Tensor& t) { return t.view(shape); };
      }
      default: {
        const Shape order = arguments(4, kDimArguments);
        return [=](const Tensor& t) { return t.permute(order); };
      }
    }
  }

  // Fills a chain of views of a pool tensor with a number, and checks the tensor against an
  // oracle made of copies: the same chain taken on a tensor holding each element's number says
  // which elements the view covers; exactly those must have changed.
  void write_through_view() {
    const Tensor a = pick();
    if (a.dtype() == kBool) return;
    const std::vector<int64_t> sizes = a.sizes().vec(), strides = a.strides();
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (sizes[d] > 1 && strides[d] == 0) return;  // a's own elements overlap
    }
    NoGradGuard no_grad;
    Tensor view = a;
    Tensor numbered = arange(0.0, static_cast<double>(a.numel()), 1.0, kFloat64).reshape(sizes);
    for (int k = choice(4); k >= 0; --k) {
      const auto op = random_view_op();
      view = op(view);
      numbered = op(numbered);
    }
    const double value = 7 + choice(3);
    xt::xarray<double> expected = a.to_xarray<double>();
    for (const double n : numbered.to_xarray<double>())
      expected.data()[static_cast<size_t>(n)] = value;
    view.fill_(value);
    if (a.to_xarray<double>() != expected) std::abort();
  }

  // `t` through a chain of up to two views (a permute, a transpose, an expand, a narrow, ...).
  Tensor operand_view(Tensor t) {
    for (int k = choice(3); k > 0; --k)
      t = flag() ? random_view_op()(t) : t.expand(arguments(5, kExpandSizes));
    return t;
  }

  static Tensor binary_op(int op, const Tensor& a, const Tensor& b) {
    switch (op) {
      case 0:
        return a + b;
      case 1:
        return a - b;
      case 2:
        return a * b;
      case 3:
        return a / b;
      case 4:
        return a.pow(b);
      case 5:
        return maximum(a, b);
      default:
        return a < b;
    }
  }

  static bool same_values(const Tensor& actual, const Tensor& expected) {
    if (actual.dtype() != expected.dtype() || actual.sizes().vec() != expected.sizes().vec())
      return false;
    const xt::xarray<double> x = actual.to_xarray<double>(), y = expected.to_xarray<double>();
    for (size_t i = 0; i < x.size(); ++i) {
      const double u = x.data()[i], v = y.data()[i];
      if (u != v && !(std::isnan(u) && std::isnan(v))) return false;
    }
    return true;
  }

  // A binary op on views (read in place through their strides), checked against the same op on
  // copies of their values.
  void binary_on_views() {
    const Tensor a = operand_view(pick());
    const Tensor b = operand_view(flag() ? pick() : related(a));
    const int op = choice(7);
    const Tensor out = binary_op(op, a, b);
    if (!same_values(out, binary_op(op, a.clone(), b.clone()))) std::abort();
    keep(out);
  }

  void split_op() {
    const Tensor a = pick();
    if (flag()) {
      const int64_t chunks = one_of(kChunkCounts);
      return keep(a.chunk(chunks, dim_argument()));
    }
    const int64_t split_size = size_argument();
    keep(a.split(split_size, dim_argument()));
  }

  void reduce() {
    const Tensor a = pick();
    const Shape dims = arguments(3, kDimArguments);
    const bool keepdim = flag();
    switch (choice(12)) {
      case 0:
        return keep(a.sum());
      case 1:
        return keep(a.mean());
      case 2:
        return keep(a.max());
      case 3:
        return keep(a.sum(dims, keepdim));
      case 4:
        return keep(a.mean(dims, keepdim));
      case 5:
        return keep(a.amax(dims, keepdim));
      case 6:
        return keep(a.argmax(dim_argument(), keepdim));
      case 7:
        return keep(std::get<0>(a.min(dim_argument(), keepdim)));
      case 8:
        return keep(std::get<1>(a.topk(dim_argument(), dim_argument(), keepdim)));
      case 9:
        return keep(std::get<0>(a.sort(dim_argument(), keepdim)));
      case 10:
        return keep(a.cumsum(dim_argument()));
      default:
        return keep(a.logsumexp(dims, keepdim));
    }
  }

  // An input for a cell of `size` features: batched, unbatched, or whatever the pool holds.
  Tensor cell_input(int64_t batch, int64_t size, Dtype dtype) {
    switch (choice(4)) {
      case 0:
        return randn({batch, size}, TensorOptions(dtype).requires_grad(flag()));
      case 1:
        return randn({size}, TensorOptions(dtype).requires_grad(flag()));
      case 2:
        return pick();
      default:
        return new_tensor();
    }
  }

  void gru_cell_module() {
    const int64_t input_size = choice(kMaxNewSize + 3) - 2,
                  hidden_size = choice(kMaxNewSize + 3) - 2;
    const Dtype parameters_dtype = dtype();
    const nn::GRUCell cell(
        nn::GRUCellOptions(input_size, hidden_size).bias(flag()).dtype(parameters_dtype));
    const int64_t batch = new_size();
    const Tensor input = cell_input(batch, input_size, parameters_dtype);
    const Tensor hx = flag() ? Tensor() : cell_input(batch, hidden_size, parameters_dtype);
    keep(cell(input, hx));
  }

  // The functional form takes the weights as given, so their shapes can disagree too.
  void gru_cell_functional() {
    const int64_t input_size = new_size(), hidden_size = new_size(), batch = new_size();
    const Dtype dtype = this->dtype();
    const Tensor input = cell_input(batch, input_size, dtype);
    const Tensor hx = flag() ? Tensor() : cell_input(batch, hidden_size, dtype);
    const Tensor w_ih = flag() ? new_tensor({3 * hidden_size, input_size}) : new_tensor();
    const Tensor w_hh = flag() ? new_tensor({3 * hidden_size, hidden_size}) : new_tensor();
    const Tensor b_ih = flag() ? Tensor() : flag() ? new_tensor({3 * hidden_size}) : new_tensor();
    const Tensor b_hh = flag() ? Tensor() : flag() ? new_tensor({3 * hidden_size}) : new_tensor();
    keep(nn::functional::gru_cell(input, hx, w_ih, w_hh, b_ih, b_hh));
  }

  // Backward through whatever the pool holds. Differentiable gradients come from autograd::grad:
  // Tensor::backward with create_graph ties each leaf to its gradient in a reference cycle (as in
  // PyTorch; xgrad documents it and warns), which LeakSanitizer would report.
  void backward() {
    const Tensor a = pick();
    const bool retain_graph = flag();
    switch (choice(4)) {
      case 0:
        return a.sum().backward(Tensor(), retain_graph);
      case 1:
        return a.backward(Tensor(), retain_graph);
      case 2:
        return a.backward(flag() ? ones_like(a) : related(a), retain_graph);
      default: {
        const Tensor input = pick();
        const bool allow_unused = flag();
        return keep(autograd::grad({a.sum()}, {input}, {}, retain_graph, /*create_graph=*/true,
                                   allow_unused));
      }
    }
  }

  void convert() {
    Tensor a = pick();
    switch (choice(7)) {
      case 0:
        return keep(a.to(any_dtype()));
      case 1:
        return keep(a.clone());
      case 2:
        return keep(a.detach());
      case 3:
        return keep(a.requires_grad_(flag()));
      case 4:
        return keep(a.add_(related(a), 0.5));
      case 5:
        return keep(a.mul_(related(a)));
      default:
        return keep(a.copy_(related(a)));
    }
  }

  void unary() {
    const Tensor a = pick();
    switch (choice(8)) {
      case 0:
        return keep(a.exp());
      case 1:
        return keep(a.log());
      case 2:
        return keep(a.sqrt());
      case 3:
        return keep(a.tanh());
      case 4:
        return keep(a.sigmoid());
      case 5:
        return keep(a.relu());
      case 6:
        return keep(a.clamp(-0.5, 0.5));
      default:
        return keep(a.pow(2.0));
    }
  }

  // An int64 index of `shape` whose values, wild ones among them, repeat a few decisions.
  Tensor wild_index(const Shape& shape) {
    Shape values(static_cast<size_t>(choice(3) + 1));
    for (int64_t& value : values) value = dim_argument();
    xt::xarray<int64_t> index(std::vector<size_t>(shape.begin(), shape.end()));
    for (size_t i = 0; i < index.size(); ++i) index.data()[i] = values[i % values.size()];
    return tensor(std::move(index));
  }

  // gather, scatter_add, index_select, embedding and one_hot with indices in and out of range,
  // of matching or other ranks and sizes; sampling with probabilities of any sign and shape.
  void index_op() {
    const Tensor a = pick();
    Shape shape = flag() ? a.sizes().vec() : related(a).sizes().vec();
    for (int64_t& size : shape) size = flag() ? size : new_size();
    const int64_t dim = dim_argument();
    switch (choice(7)) {
      case 0:
        return keep(gather(a, dim, wild_index(shape)));
      case 1:
        return keep(
            scatter_add(a, dim, wild_index(shape), flag() ? new_tensor(shape) : related(a)));
      case 2:
        return keep(index_select(a, dim, wild_index({new_size()})));
      case 3: {
        const std::optional<int64_t> padding_idx =
            flag() ? std::nullopt : std::optional<int64_t>(dim_argument());
        return keep(nn::functional::embedding(wild_index(shape), a, padding_idx));
      }
      case 4:
        return keep(nn::functional::one_hot(wild_index(shape), choice(kMaxNewSize + 3) - 2));
      case 5: {
        const int64_t num_samples = choice(kMaxNewSize + 2) - 1;  // -1 to 8: none is huge
        return keep(multinomial(a, num_samples, flag()));
      }
      default:
        return keep(flag() ? bernoulli(a) : nn::functional::dropout(a, a.numel() > 0 ? 0.5 : 1.0));
    }
  }

  void toggle_grad_mode() {
    if (no_grad_) {
      no_grad_.reset();
    } else {
      no_grad_.emplace();
    }
  }

  FuzzedDataProvider& input_;
  std::vector<Tensor> pool_;
  size_t next_replaced_ = 0;
  std::optional<NoGradGuard> no_grad_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  manual_seed(0);
  FuzzedDataProvider input(data, size);
  Program(input).run();
  return 0;
}
