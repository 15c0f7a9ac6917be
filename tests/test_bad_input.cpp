// Bad input everywhere: every public op and module fed wrong ranks, sizes, dtypes, dims out of
// range, negative sizes, undefined and empty tensors. Each row of a table names its case; an
// error row says which std::exception subclass must be thrown and a phrase its what() must hold
// (PyTorch's words where PyTorch has them), an empty-input row the result PyTorch gives.
//
// The tables are laid out by hand, one row per case: clang-format 14 would spread every lambda
// that holds a braced list over four lines.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

using namespace xgrad;
namespace F = xgrad::nn::functional;
using nn::Reduction;

namespace {

// PyTorch's exceptions mapped as the code base maps them: IndexError -> out_of_range,
// ValueError and argument errors -> invalid_argument, state errors -> runtime_error; misuse of
// an undefined Tensor handle -> logic_error (the base of the first two).
enum class Error { InvalidArgument, OutOfRange, RuntimeError, LogicError };

struct ErrorCase {
  std::string name;
  std::function<void()> call;
  Error error;
  std::string message;  // a phrase what() must contain
};

bool is_kind(const std::exception& e, Error error) {
  switch (error) {
    case Error::InvalidArgument:
      return dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
    case Error::OutOfRange:
      return dynamic_cast<const std::out_of_range*>(&e) != nullptr;
    case Error::RuntimeError:
      return dynamic_cast<const std::runtime_error*>(&e) != nullptr;
    case Error::LogicError:
      return dynamic_cast<const std::logic_error*>(&e) != nullptr;
  }
  return false;
}

const char* kind_name(Error error) {
  switch (error) {
    case Error::InvalidArgument:
      return "std::invalid_argument";
    case Error::OutOfRange:
      return "std::out_of_range";
    case Error::RuntimeError:
      return "std::runtime_error";
    case Error::LogicError:
      return "std::logic_error";
  }
  return "?";
}

void check_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    INFO("case: ", c.name, " (expects ", kind_name(c.error), " saying \"", c.message, "\")");
    try {
      c.call();
      FAIL_CHECK("no exception was thrown");
    } catch (const std::exception& e) {
      INFO("what(): ", e.what());
      CHECK(is_kind(e, c.error));
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
    } catch (...) {
      FAIL_CHECK("an exception that is not a std::exception was thrown");
    }
  }
}

// An op given empty input and the result it must give: its shape and, when it has elements,
// the value they all hold (NaN matches NaN here).
struct EmptyCase {
  std::string name;
  std::function<Tensor()> op;
  Sizes shape;
  std::optional<double> fill = std::nullopt;
};

bool all_equal(const Tensor& t, double value) {
  for (double v : t.to_xarray<double>()) {
    if (!(v == value || (std::isnan(v) && std::isnan(value)))) return false;
  }
  return true;
}

// Each op's result must have the expected shape and values; where it is differentiable, the
// backward of its sum must reach the empty input with a gradient of the input's (empty) shape.
void check_empty_results(const std::vector<EmptyCase>& cases, const Tensor& input) {
  for (const EmptyCase& c : cases) {
    INFO("case: ", c.name);
    input.zero_grad();
    Tensor out;
    try {
      out = c.op();
    } catch (const std::exception& e) {
      FAIL_CHECK("threw: ", e.what());
      continue;
    }
    CHECK(out.sizes() == c.shape);
    CHECK(out.numel() == numel_of(c.shape.vec()));
    if (c.fill) CHECK(all_equal(out, *c.fill));
    if (out.requires_grad()) {
      out.sum().backward();
      REQUIRE(input.grad().defined());
      CHECK(input.grad().sizes() == input.sizes());
    }
  }
}

// An op that returns several tensors and the shapes they must have.
struct PartsCase {
  std::string name;
  std::function<std::vector<Tensor>()> op;
  std::vector<Sizes> shapes;
};

void check_parts(const std::vector<PartsCase>& cases) {
  for (const PartsCase& c : cases) {
    INFO("case: ", c.name);
    std::vector<Sizes> shapes;
    for (const Tensor& part : c.op()) shapes.push_back(part.sizes());
    CHECK(shapes == c.shapes);
  }
}

const double kNan = std::nan("");
constexpr int64_t kHuge = int64_t{1} << 32;  // kHuge * kHuge overflows int64_t
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// A module whose register_parameter and register_module are reachable, to feed them bad input.
struct OpenModule : nn::Module {
  using nn::Module::register_module;
  using nn::Module::register_parameter;
};

}  // namespace

// --- framework/factories.hpp, framework/dtype.hpp

TEST_CASE("factories_refuse_negative_or_overflowing_sizes_ragged_lists_and_bad_ranges") {
  // clang-format off
  check_errors({
      {"zeros of a negative size", [] { zeros({2, -1}); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -1: [2, -1]"},
      {"ones of a negative size", [] { ones({-3}); }, Error::InvalidArgument,
       "negative dimension -3"},
      {"full of a negative size", [] { full({-1}, 2.0); }, Error::InvalidArgument,
       "negative dimension -1"},
      {"empty of a negative size", [] { empty({0, -2}); }, Error::InvalidArgument,
       "negative dimension -2"},
      {"rand of a negative size", [] { rand({-1}); }, Error::InvalidArgument,
       "negative dimension -1"},
      {"randn of a negative size", [] { randn({-1}); }, Error::InvalidArgument,
       "negative dimension -1"},
      {"zeros of sizes whose product overflows", [] { zeros({kHuge, kHuge}); },
       Error::InvalidArgument,
       "Storage size calculation overflowed with sizes=[4294967296, 4294967296]"},
      {"empty of sizes whose nonzero product overflows", [] { empty({kHuge, 0, kHuge}); },
       Error::InvalidArgument,
       "Storage size calculation overflowed with sizes=[4294967296, 0, 4294967296]"},
      {"randn of sizes whose product overflows", [] { randn({2, kHuge, kHuge}); },
       Error::InvalidArgument, "overflowed"},
      {"arange with a NaN step", [] { arange(0.0, 5.0, kNan); }, Error::InvalidArgument,
       "step must be nonzero, got nan"},
      {"arange with step 0", [] { arange(0.0, 5.0, 0.0); }, Error::InvalidArgument,
       "step must be nonzero"},
      {"arange with bounds against the step", [] { arange(5.0, 0.0, 1.0); }, Error::InvalidArgument,
       "upper bound and larger bound inconsistent with step sign"},
      {"arange to infinity", [] { arange(INFINITY); }, Error::InvalidArgument,
       "unsupported range: 0 -> inf"},
      {"arange from NaN", [] { arange(kNan, 1.0); }, Error::InvalidArgument,
       "unsupported range: nan -> 1"},
      {"arange of too many elements", [] { arange(0.0, 1e30); }, Error::InvalidArgument,
       "invalid size, possible overflow?"},
      {"tensor of rows of different lengths", [] { tensor({{1.0, 2.0}, {3.0}}); },
       Error::InvalidArgument, "expected sequence of length 2 at dim 1 (got 1)"},
      {"tensor of a longer second row", [] { tensor({{1.0}, {2.0, 3.0}}, kFloat64); },
       Error::InvalidArgument, "expected sequence of length 1 at dim 1 (got 2)"},
      {"tensor of ragged 3-D lists", [] { tensor({{{1.0, 2.0}}, {{3.0}, {4.0}}}); },
       Error::InvalidArgument, "expected sequence of length 1 at dim 1 (got 2)"},
      {"tensor of ragged 4-D lists", [] { tensor({{{{1.0, 2.0}}}, {{{3.0}}}}); },
       Error::InvalidArgument, "expected sequence of length 2 at dim 3 (got 1)"},
      {"zeros_like of an undefined tensor", [] { zeros_like(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"ones_like of an undefined tensor", [] { ones_like(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"randn_like of an undefined tensor", [] { randn_like(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"a device other than the CPU", [] { zeros({2}, TensorOptions().device("cuda")); },
       Error::InvalidArgument,
       "xgrad supports only the CPU device: expected \"cpu\", got \"cuda\""},
      {"an unknown device", [] { Device("tpu"); }, Error::InvalidArgument,
       "Expected one of cpu, cuda, mps, xpu, meta device type at start of device string: tpu"},
  });
  // clang-format on
}

// --- framework/tensor.hpp (and autograd's backward, reached through it)

TEST_CASE("tensor_methods_refuse_bad_dims_dtypes_shapes_and_undefined_handles") {
  const Tensor m = zeros({2, 3});
  const Tensor scalar = tensor(1.0);
  Tensor leaf = ones({3}, requires_grad());
  // clang-format off
  check_errors({
      {"size of a dim out of range", [&] { m.size(5); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-2, 1], but got 5)"},
      {"size of a negative dim out of range", [&] { m.size(-3); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-2, 1], but got -3)"},
      {"size of a 0-dim tensor", [&] { scalar.size(0); }, Error::OutOfRange,
       "Dimension specified as 0 but tensor has no dimensions"},
      {"item of several elements", [&] { m.item<double>(); }, Error::InvalidArgument,
       "a Tensor with 6 elements cannot be converted to Scalar"},
      {"item of no elements", [] { zeros({0, 3}).item<float>(); }, Error::InvalidArgument,
       "a Tensor with 0 elements cannot be converted to Scalar"},
      {"data of the wrong element type", [&] { m.data<double>(); }, Error::InvalidArgument,
       "expected scalar type Double but found Float"},
      {"set_grad of another shape", [&] { leaf.set_grad(ones({2})); }, Error::InvalidArgument,
       "assigned grad has data of a different size: expected [3], got [2]"},
      {"set_grad of another dtype", [&] { leaf.set_grad(ones({3}, kFloat64)); },
       Error::InvalidArgument,
       "assigned grad has data of a different type: expected float, got double"},
      {"copy_ from a shape that does not broadcast", [] { zeros({2, 3}).copy_(ones({4})); },
       Error::InvalidArgument,
       "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"},
      {"copy_ from a larger shape", [] { zeros({3}).copy_(ones({2, 3})); }, Error::InvalidArgument,
       "output with shape [3] doesn't match the broadcast shape [2, 3]"},
      {"add_ of a larger shape", [] { zeros({3}).add_(ones({2, 3})); }, Error::InvalidArgument,
       "output with shape [3] doesn't match the broadcast shape [2, 3]"},
      {"mul_ of a mismatched shape", [] { zeros({3}).mul_(ones({2})); }, Error::InvalidArgument,
       "The size of tensor a (3) must match the size of tensor b (2)"},
      {"sub_ of a mismatched shape", [] { zeros({2, 3}).sub_(ones({2, 2}), 0.5); },
       Error::InvalidArgument, "The size of tensor a (3) must match the size of tensor b (2)"},
      {"fill_ of a leaf that requires grad", [&] { leaf.fill_(0.0); }, Error::RuntimeError,
       "fill_: a leaf Variable that requires grad is being used in an in-place operation"},
      {"an in-place op on a leaf that requires grad", [&] { leaf.add_(1.0); }, Error::RuntimeError,
       "a leaf Variable that requires grad is being used in an in-place operation"},
      {"uniform_ with from > to", [] { zeros({2}).uniform_(1.0, 0.0); }, Error::InvalidArgument,
       "uniform_ expects to return a [from, to) range, but found from=1"},
      {"uniform_ from NaN", [] { zeros({2}).uniform_(kNan, 1.0); }, Error::InvalidArgument,
       "uniform_ expects to return a [from, to) range, but found from=nan > to=1"},
      {"uniform_ over a range wider than a double",
       [] { zeros({2}).uniform_(-INFINITY, INFINITY); }, Error::InvalidArgument,
       "uniform_ expects to-from <= std::numeric_limits<double>::max(), but found to=inf and "
       "from=-inf"},
      {"normal_ with a NaN std", [] { zeros({2}).normal_(0.0, kNan); }, Error::InvalidArgument,
       "normal expects std >= 0.0, but found std nan"},
      {"normal_ with a negative std", [] { zeros({2}).normal_(0.0, -1.0); }, Error::InvalidArgument,
       "normal expects std >= 0.0, but found std -1"},
      {"requires_grad_(false) on a non-leaf", [&] { (leaf * 2.0).requires_grad_(false); },
       Error::RuntimeError, "you can only change requires_grad flags of leaf variables"},
      {"retain_grad without requires_grad", [&] { m.retain_grad(); }, Error::RuntimeError,
       "can't retain_grad on Tensor that has requires_grad=False"},
      {"backward of a non-scalar without a gradient", [&] { (leaf * 2.0).backward(); },
       Error::InvalidArgument, "grad can be implicitly created only for scalar outputs"},
      {"backward with a gradient of another shape", [&] { (leaf * 2.0).backward(ones({2})); },
       Error::InvalidArgument, "Mismatch in shape"},
      {"backward of a tensor that requires no grad", [&] { m.sum().backward(); },
       Error::RuntimeError, "does not require grad and does not have a grad_fn"},
      {"dim of an undefined tensor", [] { Tensor().dim(); }, Error::LogicError, "undefined Tensor"},
      {"sizes of an undefined tensor", [] { Tensor().sizes(); }, Error::LogicError,
       "undefined Tensor"},
      {"size of an undefined tensor", [] { Tensor().size(0); }, Error::LogicError,
       "undefined Tensor"},
      {"numel of an undefined tensor", [] { Tensor().numel(); }, Error::LogicError,
       "undefined Tensor"},
      {"dtype of an undefined tensor", [] { Tensor().dtype(); }, Error::LogicError,
       "undefined Tensor"},
      {"item of an undefined tensor", [] { Tensor().item<double>(); }, Error::LogicError,
       "undefined Tensor"},
      {"to of an undefined tensor", [] { Tensor().to(kFloat64); }, Error::LogicError,
       "undefined Tensor"},
      {"clone of an undefined tensor", [] { Tensor().clone(); }, Error::LogicError,
       "undefined Tensor"},
      {"detach of an undefined tensor", [] { Tensor().detach(); }, Error::LogicError,
       "undefined Tensor"},
      {"copy_ from an undefined tensor", [] { zeros({2}).copy_(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"to_xarray of an undefined tensor", [] { Tensor().to_xarray<float>(); }, Error::LogicError,
       "undefined Tensor"},
      {"data of an undefined tensor", [] { Tensor().data<float>(); }, Error::LogicError,
       "undefined Tensor"},
      {"requires_grad of an undefined tensor", [] { Tensor().requires_grad(); }, Error::LogicError,
       "undefined Tensor"},
      {"is_leaf of an undefined tensor", [] { Tensor().is_leaf(); }, Error::LogicError,
       "undefined Tensor"},
      {"grad of an undefined tensor", [] { Tensor().grad(); }, Error::LogicError,
       "undefined Tensor"},
      {"zero_grad of an undefined tensor", [] { Tensor().zero_grad(); }, Error::LogicError,
       "undefined Tensor"},
      {"requires_grad_ of an undefined tensor", [] { Tensor().requires_grad_(); },
       Error::LogicError, "undefined Tensor"},
      {"add_ to an undefined tensor", [] { Tensor().add_(1.0); }, Error::LogicError,
       "undefined Tensor"},
      {"fill_ of an undefined tensor", [] { Tensor().fill_(1.0); }, Error::LogicError,
       "undefined Tensor"},
      {"backward of an undefined tensor", [] { Tensor().backward(); }, Error::LogicError,
       "undefined"},
  });
  // clang-format on
}

// --- framework/ops/elementwise.hpp

TEST_CASE("elementwise_ops_refuse_shapes_that_do_not_broadcast_and_undefined_tensors") {
  const Tensor a = zeros({2, 3}), b = ones({4});
  const Tensor empty_rows = zeros({0, 3}), rows = ones({2, 3});
  using BinaryOp = std::function<Tensor(const Tensor&, const Tensor&)>;
  using UnaryOp = std::function<Tensor(const Tensor&)>;
  // clang-format off
  const std::vector<std::pair<std::string, BinaryOp>> binary_ops = {
      {"add", [](const Tensor& x, const Tensor& y) { return add(x, y); }},
      {"sub", [](const Tensor& x, const Tensor& y) { return sub(x, y); }},
      {"mul", [](const Tensor& x, const Tensor& y) { return mul(x, y); }},
      {"div", [](const Tensor& x, const Tensor& y) { return div(x, y); }},
      {"operator+", [](const Tensor& x, const Tensor& y) { return x + y; }},
      {"operator-", [](const Tensor& x, const Tensor& y) { return x - y; }},
      {"operator*", [](const Tensor& x, const Tensor& y) { return x * y; }},
      {"operator/", [](const Tensor& x, const Tensor& y) { return x / y; }},
      {"pow", [](const Tensor& x, const Tensor& y) { return pow(x, y); }},
      {"where (as a and b)", [](const Tensor& x, const Tensor& y) { return where(x, x, y); }},
  };
  const std::vector<std::pair<std::string, UnaryOp>> unary_ops = {
      {"neg", [](const Tensor& x) { return neg(x); }},
      {"exp", [](const Tensor& x) { return exp(x); }},
      {"log", [](const Tensor& x) { return log(x); }},
      {"sqrt", [](const Tensor& x) { return sqrt(x); }},
      {"abs", [](const Tensor& x) { return abs(x); }},
      {"sign", [](const Tensor& x) { return sign(x); }},
      {"sigmoid", [](const Tensor& x) { return sigmoid(x); }},
      {"tanh", [](const Tensor& x) { return tanh(x); }},
      {"relu", [](const Tensor& x) { return relu(x); }},
      {"clamp", [](const Tensor& x) { return clamp(x, 0.0, 1.0); }},
      {"pow with a number", [](const Tensor& x) { return pow(x, 2.0); }},
      {"add a number", [](const Tensor& x) { return x + 1.0; }},
      {"subtract a number", [](const Tensor& x) { return x - 1.0; }},
      {"multiply by a number", [](const Tensor& x) { return x * 2.0; }},
      {"divide by a number", [](const Tensor& x) { return x / 2.0; }},
      {"number minus tensor", [](const Tensor& x) { return 1.0 - x; }},
      {"number over tensor", [](const Tensor& x) { return 1.0 / x; }},
      {"unary minus", [](const Tensor& x) { return -x; }},
  };
  std::vector<ErrorCase> cases = {
      {"where with a condition that does not broadcast", [&] { where(ones({5}), a, a); },
       Error::InvalidArgument, "The size of tensor a (5) must match the size of tensor b (3)"},
      {"where with an undefined condition", [&] { where(Tensor(), a, a); }, Error::LogicError,
       "undefined Tensor"},
      {"clamp without bounds", [&] { clamp(a, std::nullopt, std::nullopt); },
       Error::InvalidArgument, "At least one of 'min' or 'max' must not be None"},
  };
  // clang-format on
  for (const auto& [name, op] : binary_ops) {
    cases.push_back({name + " of [2, 3] and [4]", [&, op = op] { op(a, b); },
                     Error::InvalidArgument,
                     "The size of tensor a (3) must match the size of tensor b (4) at "
                     "non-singleton dimension 1"});
    cases.push_back({name + " of [0, 3] and [2, 3]", [&, op = op] { op(empty_rows, rows); },
                     Error::InvalidArgument,
                     "The size of tensor a (0) must match the size of tensor b (2) at "
                     "non-singleton dimension 0"});
    cases.push_back({name + " of an undefined and a defined tensor",
                     [&, op = op] { op(Tensor(), a); }, Error::LogicError, "undefined Tensor"});
    cases.push_back({name + " of a defined and an undefined tensor",
                     [&, op = op] { op(a, Tensor()); }, Error::LogicError, "undefined Tensor"});
  }
  for (const auto& [name, op] : unary_ops) {
    cases.push_back({name + " of an undefined tensor", [op = op] { op(Tensor()); },
                     Error::LogicError, "undefined Tensor"});
  }
  check_errors(cases);
}

// --- framework/ops/reduction.hpp, framework/ops/softmax.hpp

TEST_CASE("reductions_and_softmax_refuse_dims_out_of_range_repeated_dims_and_empty_maxima") {
  const Tensor m = zeros({2, 3});
  const Tensor empty_rows = zeros({0, 3});
  const std::string dim5 = "Dimension out of range (expected to be in range of [-2, 1], but got 5)";
  const std::string dim_minus3 =
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)";
  // clang-format off
  check_errors({
      {"sum over dim 5", [&] { m.sum({5}); }, Error::OutOfRange, dim5},
      {"sum over dim -3", [&] { m.sum({-3}); }, Error::OutOfRange, dim_minus3},
      {"sum over a repeated dim", [&] { m.sum({0, -2}); }, Error::InvalidArgument,
       "dim 0 appears multiple times in the list of dims"},
      {"sum of a 0-dim tensor over dim 1", [] { tensor(1.0).sum({1}); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-1, 0], but got 1)"},
      {"mean over dim 5", [&] { m.mean({5}); }, Error::OutOfRange, dim5},
      {"mean over dim -3", [&] { m.mean({-3}, true); }, Error::OutOfRange, dim_minus3},
      {"mean over a repeated dim", [&] { m.mean({1, 1}); }, Error::InvalidArgument,
       "dim 1 appears multiple times in the list of dims"},
      {"amax over dim 5", [&] { m.amax({5}); }, Error::OutOfRange, dim5},
      {"amax over a repeated dim", [&] { m.amax({-1, 1}); }, Error::InvalidArgument,
       "dim 1 appears multiple times"},
      {"logsumexp over dim -3", [&] { m.logsumexp({-3}); }, Error::OutOfRange, dim_minus3},
      {"logsumexp over a repeated dim", [&] { m.logsumexp({0, 0}); }, Error::InvalidArgument,
       "dim 0 appears multiple times"},
      {"softmax over dim 5", [&] { m.softmax(5); }, Error::OutOfRange, dim5},
      {"log_softmax over dim -3", [&] { m.log_softmax(-3); }, Error::OutOfRange, dim_minus3},
      {"max of an empty tensor", [&] { empty_rows.max(); }, Error::InvalidArgument,
       "max(): Expected reduction dim to be specified for input.numel() == 0"},
      {"amax of an empty tensor over all dims", [&] { empty_rows.amax(); }, Error::InvalidArgument,
       "amax(): Expected reduction dim 0 to have non-zero size"},
      {"amax over an empty dim", [&] { empty_rows.amax({0}); }, Error::InvalidArgument,
       "amax(): Expected reduction dim 0 to have non-zero size"},
      {"sum of an undefined tensor", [] { sum(Tensor()); }, Error::LogicError, "undefined Tensor"},
      {"mean of an undefined tensor", [] { mean(Tensor(), {0}); }, Error::LogicError,
       "undefined Tensor"},
      {"max of an undefined tensor", [] { max(Tensor()); }, Error::LogicError, "undefined Tensor"},
      {"amax of an undefined tensor", [] { amax(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"logsumexp of an undefined tensor", [] { logsumexp(Tensor(), {0}); }, Error::LogicError,
       "undefined Tensor"},
      {"softmax of an undefined tensor", [] { softmax(Tensor(), 0); }, Error::LogicError,
       "undefined Tensor"},
      {"log_softmax of an undefined tensor", [] { log_softmax(Tensor(), 0); }, Error::LogicError,
       "undefined Tensor"},
      {"sum_to a shape that does not broadcast to the gradient's", [&] { sum_to(m, {4}); },
       Error::InvalidArgument, "a gradient of shape [2, 3] cannot be summed to [4]"},
      {"sum_to more dims than the gradient has", [&] { sum_to(m, {1, 2, 3}); },
       Error::InvalidArgument, "a gradient of shape [2, 3] cannot be summed to [1, 2, 3]"},
  });
  // clang-format on
}

// --- framework/ops/shape_ops.hpp

TEST_CASE("shape_ops_refuse_bad_shapes_dims_indices_and_counts") {
  const Tensor m = zeros({2, 3});
  const Tensor scalar = tensor(1.0);
  const std::string dim5 = "Dimension out of range (expected to be in range of [-2, 1], but got 5)";
  const std::string dim_minus3 =
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)";
  const std::string dim3_of_3 =
      "Dimension out of range (expected to be in range of [-3, 2], but got 3)";
  // clang-format off
  check_errors({
      {"reshape with two -1", [&] { m.reshape({-1, -1}); }, Error::InvalidArgument,
       "only one dimension can be inferred"},
      {"reshape with a negative size", [&] { m.reshape({-2, -3}); }, Error::InvalidArgument,
       "invalid shape dimension -2"},
      {"reshape to another number of elements", [&] { m.reshape({4, 2}); }, Error::InvalidArgument,
       "shape '[4, 2]' is invalid for input of size 6"},
      {"reshape with -1 and a zero size", [&] { m.reshape({-1, 0}); }, Error::InvalidArgument,
       "shape '[-1, 0]' is invalid for input of size 6"},
      {"reshape of no elements with an ambiguous -1", [] { zeros({0, 3}).reshape({0, -1}); },
       Error::InvalidArgument,
       "cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension "
       "size -1 can be any value and is ambiguous"},
      {"reshape to sizes whose product overflows", [] { ones({2}).reshape({kHuge, kHuge}); },
       Error::InvalidArgument, "shape '[4294967296, 4294967296]' is invalid for input of size 2"},
      {"reshape of no elements to sizes whose product overflows",
       [] { zeros({0}).reshape({kHuge, kHuge}); }, Error::InvalidArgument,
       "shape '[4294967296, 4294967296]' is invalid for input of size 0"},
      {"view to another number of elements", [&] { m.view({7}); }, Error::InvalidArgument,
       "shape '[7]' is invalid for input of size 6"},
      {"flatten from dim 5", [&] { m.flatten(5); }, Error::OutOfRange, dim5},
      {"flatten to dim -3", [&] { m.flatten(0, -3); }, Error::OutOfRange, dim_minus3},
      {"flatten a 0-dim tensor from dim 5", [&] { scalar.flatten(5); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-1, 0], but got 5)"},
      {"flatten with start after end", [&] { m.flatten(1, 0); }, Error::InvalidArgument,
       "flatten() has invalid args: start_dim cannot come after end_dim"},
      {"squeeze dim 5", [&] { m.squeeze(5); }, Error::OutOfRange, dim5},
      {"unsqueeze dim 3", [&] { m.unsqueeze(3); }, Error::OutOfRange, dim3_of_3},
      {"unsqueeze dim -4", [&] { m.unsqueeze(-4); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-3, 2], but got -4)"},
      {"transpose dim 5", [&] { m.transpose(0, 5); }, Error::OutOfRange, dim5},
      {"transpose dim -3", [&] { m.transpose(-3, 1); }, Error::OutOfRange, dim_minus3},
      {"t of a 3-D tensor", [] { zeros({2, 3, 4}).t(); }, Error::InvalidArgument,
       "t() expects a tensor with <= 2 dimensions, but self is 3D"},
      {"expand to fewer dims", [&] { m.expand({3}); }, Error::InvalidArgument,
       "the number of sizes provided (1) must be greater or equal to the number of dimensions in "
       "the tensor (2)"},
      {"expand a non-singleton dim", [&] { m.expand({4, 3}); }, Error::InvalidArgument,
       "The expanded size of the tensor (4) must match the existing size (2) at non-singleton "
       "dimension 0.  Target sizes: [4, 3].  Tensor sizes: [2, 3]"},
      {"expand with -1 in a new leading dim", [&] { m.expand({-1, 2, 3}); }, Error::InvalidArgument,
       "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0"},
      {"expand to a negative size", [] { zeros({1, 3}).expand({-2, 3}); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -2"},
      {"expand to sizes whose product overflows", [] { ones({1}).expand({kHuge, kHuge}); },
       Error::InvalidArgument,
       "Storage size calculation overflowed with sizes=[4294967296, 4294967296]"},
      {"select along dim 5", [&] { m.select(5, 0); }, Error::OutOfRange, dim5},
      {"select an index past the end", [&] { m.select(0, 2); }, Error::OutOfRange,
       "select(): index 2 out of range for tensor of size [2, 3] at dimension 0"},
      {"select a negative index past the start", [&] { m.select(1, -4); }, Error::OutOfRange,
       "select(): index -4 out of range for tensor of size [2, 3] at dimension 1"},
      {"select from a 0-dim tensor", [&] { scalar.select(0, 0); }, Error::OutOfRange,
       "select() cannot be applied to a 0-dim tensor."},
      {"operator[] past the end", [&] { m[2]; }, Error::OutOfRange,
       "select(): index 2 out of range for tensor of size [2, 3] at dimension 0"},
      {"narrow along dim -3", [&] { m.narrow(-3, 0, 1); }, Error::OutOfRange, dim_minus3},
      {"narrow from a start past the end", [&] { m.narrow(1, 4, 0); }, Error::OutOfRange,
       "start out of range (expected to be in range of [-3, 3], but got 4)"},
      {"narrow with a negative length", [&] { m.narrow(1, 0, -1); }, Error::InvalidArgument,
       "narrow(): length must be non-negative."},
      {"narrow past the end", [&] { m.narrow(1, 2, 2); }, Error::OutOfRange,
       "start (2) + length (2) exceeds dimension size (3)."},
      {"narrow by a length that overflows start + length", [&] { m.narrow(1, 1, kInt64Max); },
       Error::OutOfRange, "start (1) + length (9223372036854775807) exceeds dimension size (3)."},
      {"narrow a 0-dim tensor", [&] { scalar.narrow(0, 0, 1); }, Error::InvalidArgument,
       "narrow() cannot be applied to a 0-dim tensor."},
      {"chunk into 0 chunks", [&] { m.chunk(0); }, Error::InvalidArgument,
       "chunk expects `chunks` to be greater than 0, got: 0"},
      {"chunk into -1 chunks", [&] { m.chunk(-1, 1); }, Error::InvalidArgument,
       "chunk expects `chunks` to be greater than 0, got: -1"},
      {"chunk along dim 5", [&] { m.chunk(2, 5); }, Error::OutOfRange, dim5},
      {"chunk a 0-dim tensor", [&] { scalar.chunk(1); }, Error::InvalidArgument,
       "chunk expects at least a 1-dimensional tensor"},
      {"split into size 0", [&] { m.split(0, 1); }, Error::InvalidArgument,
       "split_size can only be 0 if dimension size is 0, but got dimension size of 3"},
      {"split into a negative size", [&] { m.split(-1); }, Error::InvalidArgument,
       "split expects split_size be non-negative, but got split_size=-1"},
      {"split along dim -3", [&] { m.split(1, -3); }, Error::OutOfRange, dim_minus3},
      {"split a 0-dim tensor", [&] { scalar.split(1); }, Error::InvalidArgument,
       "split expects at least a 1-dimensional tensor"},
      {"unbind along dim 5", [&] { m.unbind(5); }, Error::OutOfRange, dim5},
      {"unbind a 0-dim tensor", [&] { scalar.unbind(); }, Error::OutOfRange,
       "Dimension specified as 0 but tensor has no dimensions"},
      {"cat of no tensors", [] { cat({}); }, Error::InvalidArgument,
       "expected a non-empty list of Tensors"},
      {"cat of 0-dim tensors", [&] { cat({scalar, scalar}); }, Error::InvalidArgument,
       "zero-dimensional tensor (at position 0) cannot be concatenated"},
      {"cat of tensors of different ranks", [&] { cat({m, zeros({3})}); }, Error::InvalidArgument,
       "Tensors must have same number of dimensions: got 2 and 1"},
      {"cat of tensors of different sizes", [&] { cat({m, zeros({2, 4})}); },
       Error::InvalidArgument,
       "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for "
       "tensor number 1 in the list."},
      {"cat along dim 5", [&] { cat({m, m}, 5); }, Error::OutOfRange, dim5},
      {"cat with an undefined tensor", [&] { cat({m, Tensor()}); }, Error::LogicError,
       "undefined Tensor"},
      {"stack of no tensors", [] { stack({}); }, Error::InvalidArgument,
       "stack expects a non-empty TensorList"},
      {"stack of tensors of different sizes", [&] { stack({m, zeros({3, 2})}); },
       Error::InvalidArgument,
       "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] at "
       "entry 1"},
      {"stack along dim 3", [&] { stack({m, m}, 3); }, Error::OutOfRange, dim3_of_3},
      {"stack with an undefined tensor", [&] { stack({m, Tensor()}); }, Error::LogicError,
       "undefined Tensor"},
      {"reshape of an undefined tensor", [] { reshape(Tensor(), {1}); }, Error::LogicError,
       "undefined Tensor"},
      {"view of an undefined tensor", [] { view(Tensor(), {1}); }, Error::LogicError,
       "undefined Tensor"},
      {"flatten of an undefined tensor", [] { flatten(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"squeeze of an undefined tensor", [] { squeeze(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"unsqueeze of an undefined tensor", [] { unsqueeze(Tensor(), 0); }, Error::LogicError,
       "undefined Tensor"},
      {"transpose of an undefined tensor", [] { transpose(Tensor(), 0, 1); }, Error::LogicError,
       "undefined Tensor"},
      {"t of an undefined tensor", [] { t(Tensor()); }, Error::LogicError, "undefined Tensor"},
      {"expand of an undefined tensor", [] { expand(Tensor(), {2}); }, Error::LogicError,
       "undefined Tensor"},
      {"select of an undefined tensor", [] { select(Tensor(), 0, 0); }, Error::LogicError,
       "undefined Tensor"},
      {"narrow of an undefined tensor", [] { narrow(Tensor(), 0, 0, 1); }, Error::LogicError,
       "undefined Tensor"},
      {"chunk of an undefined tensor", [] { chunk(Tensor(), 2); }, Error::LogicError,
       "undefined Tensor"},
      {"split of an undefined tensor", [] { split(Tensor(), 2); }, Error::LogicError,
       "undefined Tensor"},
      {"unbind of an undefined tensor", [] { unbind(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
  });
  // clang-format on
}

// --- framework/ops/linalg.hpp

TEST_CASE("matmul_mm_and_linear_refuse_bad_ranks_inner_sizes_and_mixed_dtypes") {
  const Tensor a = zeros({2, 3});
  const Tensor w = zeros({4, 3});
  const std::string float_and_double =
      "expected mat1 and mat2 to have the same dtype, but got: float != double";
  // clang-format off
  check_errors({
      {"matmul of a 0-dim tensor", [&] { matmul(tensor(1.0), a); }, Error::InvalidArgument,
       "both arguments to matmul need to be at least 1D, but they are 0D and 2D"},
      {"matmul of mixed dtypes", [&] { matmul(a, zeros({3, 2}, kFloat64)); },
       Error::InvalidArgument,
       "expected m1 and m2 to have the same dtype, but got: float != double"},
      {"matmul with mismatched inner sizes", [&] { matmul(a, zeros({4, 5})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"},
      {"matmul of vectors of different lengths", [] { matmul(zeros({3}), zeros({4})); },
       Error::InvalidArgument,
       "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of "
       "elements, but got 3 and 4 elements respectively"},
      {"matmul of a vector and a mismatched matrix", [] { matmul(zeros({3}), zeros({4, 5})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)"},
      {"matmul of a matrix and a mismatched vector", [&] { matmul(a, zeros({4})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x1)"},
      {"matmul with batch dims that do not broadcast",
       [] { matmul(zeros({2, 3, 4}), zeros({5, 4, 2})); }, Error::InvalidArgument,
       "The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 0"},
      {"matmul with an undefined tensor", [&] { matmul(a, Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"mm of a vector", [&] { mm(zeros({3}), a); }, Error::InvalidArgument,
       "self must be a matrix, got 1-D"},
      {"mm with a 3-D second operand", [&] { mm(a, zeros({3, 2, 1})); }, Error::InvalidArgument,
       "mat2 must be a matrix, got 3-D"},
      {"mm with mismatched inner sizes", [&] { mm(a, a); }, Error::InvalidArgument,
       "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"},
      {"mm of mixed dtypes", [&] { mm(a, zeros({3, 2}, kFloat64)); }, Error::InvalidArgument,
       float_and_double},
      {"mm with an undefined tensor", [&] { mm(Tensor(), a); }, Error::LogicError,
       "undefined Tensor"},
      {"linear with a 1-D weight", [&] { linear(a, zeros({3})); }, Error::InvalidArgument,
       "linear(): expected weight to be 2-D (out_features, in_features), got 1-D"},
      {"linear of a 0-dim input", [&] { linear(tensor(1.0), w); }, Error::InvalidArgument,
       "linear(): expected input to be at least 1-D, got 0-D"},
      {"linear with mismatched in_features", [] { linear(zeros({2, 5}), zeros({4, 3})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)"},
      {"linear of a 3-D input with mismatched in_features",
       [] { linear(zeros({2, 6, 5}), zeros({4, 3})); }, Error::InvalidArgument,
       "mat1 and mat2 shapes cannot be multiplied (12x5 and 3x4)"},
      {"linear of mixed input and weight dtypes", [&] { linear(a, zeros({4, 3}, kFloat64)); },
       Error::InvalidArgument, float_and_double},
      {"linear with a bias of the wrong size", [&] { linear(a, w, zeros({5})); },
       Error::InvalidArgument,
       "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"},
      {"linear with a bias of another dtype", [&] { linear(a, w, zeros({4}, kFloat64)); },
       Error::InvalidArgument,
       "expected input and bias to have the same dtype, but got: float != double"},
      {"linear of an undefined input", [&] { linear(Tensor(), w); }, Error::LogicError,
       "undefined Tensor"},
      {"linear with an undefined weight", [&] { linear(a, Tensor()); }, Error::LogicError,
       "undefined Tensor"},
  });
  // clang-format on
}

// --- nn/loss.hpp

TEST_CASE("losses_refuse_mismatched_shapes_bad_ranks_and_bad_class_indices") {
  const Tensor logits = zeros({2, 3});
  const Tensor classes = tensor({0.0, 2.0});
  const std::string not_c_or_nc = "expected input of shape (C) or (N, C), got input of shape";
  // clang-format off
  check_errors({
      {"mse_loss of mismatched shapes", [&] { F::mse_loss(logits, zeros({3})); },
       Error::InvalidArgument,
       "Using a target size ([3]) that is different to the input size ([2, 3])"},
      {"MSELoss of mismatched shapes", [&] { nn::MSELoss()(logits, zeros({2, 1})); },
       Error::InvalidArgument,
       "Using a target size ([2, 1]) that is different to the input size ([2, 3])"},
      {"mse_loss of an undefined target", [&] { F::mse_loss(logits, Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"binary_cross_entropy_with_logits of mismatched shapes",
       [&] { F::binary_cross_entropy_with_logits(logits, zeros({2, 4})); }, Error::InvalidArgument,
       "Target size ([2, 4]) must be the same as input size ([2, 3])"},
      {"BCEWithLogitsLoss of mismatched shapes",
       [&] { nn::BCEWithLogitsLoss()(logits, zeros({3})); }, Error::InvalidArgument,
       "Target size ([3]) must be the same as input size ([2, 3])"},
      {"binary_cross_entropy_with_logits of an undefined input",
       [&] { F::binary_cross_entropy_with_logits(Tensor(), logits); }, Error::LogicError,
       "undefined Tensor"},
      {"cross_entropy of a 3-D input", [] { F::cross_entropy(zeros({2, 3, 4}), zeros({2, 4})); },
       Error::InvalidArgument, not_c_or_nc + " [2, 3, 4]"},
      {"cross_entropy of a 0-dim input", [] { F::cross_entropy(tensor(1.0), tensor(0.0)); },
       Error::InvalidArgument, not_c_or_nc + " []"},
      {"cross_entropy with a target batch of another size",
       [&] { F::cross_entropy(logits, tensor({0.0, 1.0, 2.0})); }, Error::InvalidArgument,
       "Expected input batch_size (2) to match target batch_size (3)."},
      {"cross_entropy with a target of another shape",
       [&] { F::cross_entropy(logits, zeros({2, 4})); }, Error::InvalidArgument,
       "expected a target of class indices of shape [2] or of class probabilities of shape [2, "
       "3], got (input: [2, 3], target: [2, 4])"},
      {"cross_entropy with a class index past the end",
       [&] { F::cross_entropy(logits, tensor({0.0, 3.0})); }, Error::OutOfRange,
       "Target 3 is out of bounds."},
      {"cross_entropy with a negative class index",
       [&] { F::cross_entropy(logits, tensor({-1.0, 0.0})); }, Error::OutOfRange,
       "Target -1 is out of bounds."},
      {"cross_entropy with a fractional class index",
       [&] { F::cross_entropy(logits, tensor({0.5, 0.0})); }, Error::InvalidArgument,
       "target must hold class indices (whole numbers), got 0.5"},
      {"cross_entropy with a NaN class index",
       [&] { F::cross_entropy(logits, tensor({kNan, 0.0})); }, Error::InvalidArgument,
       "target must hold class indices (whole numbers), got nan"},
      {"cross_entropy over zero classes", [] { F::cross_entropy(zeros({2, 0}), zeros({2})); },
       Error::OutOfRange, "Target 0 is out of bounds."},
      {"cross_entropy of probabilities with ignore_index",
       [&] { F::cross_entropy(logits, zeros({2, 3}), Reduction::Mean, 0); }, Error::InvalidArgument,
       "ignore_index is not supported for floating point target"},
      {"CrossEntropyLoss with a class index past the end",
       [&] { nn::CrossEntropyLoss()(logits, tensor({5.0, 0.0})); }, Error::OutOfRange,
       "Target 5 is out of bounds."},
      {"cross_entropy of an undefined target", [&] { F::cross_entropy(logits, Tensor()); },
       Error::LogicError, "undefined Tensor"},
      {"nll_loss of a 3-D input", [] { F::nll_loss(zeros({2, 3, 4}), zeros({2, 4})); },
       Error::InvalidArgument, not_c_or_nc + " [2, 3, 4]"},
      {"nll_loss with a target of probabilities", [&] { F::nll_loss(logits, zeros({2, 3})); },
       Error::InvalidArgument, "nll_loss: expected a target of class indices of shape [2], got"},
      {"nll_loss with a class index past the end", [&] { F::nll_loss(logits, tensor({0.0, 7.0})); },
       Error::OutOfRange, "Target 7 is out of bounds."},
      {"nll_loss of an unbatched input with a batched target",
       [&] { F::nll_loss(logits[0], classes); }, Error::InvalidArgument,
       "(input: [3], target: [2])"},
      {"nll_loss of an undefined input", [&] { F::nll_loss(Tensor(), classes); }, Error::LogicError,
       "undefined Tensor"},
  });
  // clang-format on
}

// --- nn/linear.hpp, nn/gru_cell.hpp, nn/gru.hpp, nn/functional.hpp

TEST_CASE("linear_gru_cell_and_gru_refuse_bad_sizes_ranks_and_dtypes") {
  const nn::Linear linear_layer(3, 4);
  const nn::GRUCell cell(3, 4);
  const nn::GRU gru(3, 4, /*num_layers=*/2);
  const nn::GRU gru_batch_first(nn::GRUOptions(3, 4).batch_first(true));
  const std::string cpu_only = "xgrad supports only the CPU device";
  // clang-format off
  check_errors({
      {"Linear with negative in_features", [] { nn::Linear(-1, 3); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -1: [3, -1]"},
      {"Linear with negative out_features", [] { nn::Linear(3, -2); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -2: [-2, 3]"},
      {"Linear on a GPU", [] { nn::Linear(3, 2, true, Device("cuda")); }, Error::InvalidArgument,
       cpu_only},
      {"Linear of input with the wrong in_features", [&] { linear_layer(zeros({2, 5})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)"},
      {"Linear of a 0-dim input", [&] { linear_layer(tensor(1.0)); }, Error::InvalidArgument,
       "linear(): expected input to be at least 1-D, got 0-D"},
      {"Linear of input of another dtype", [&] { linear_layer(zeros({2, 3}, kFloat64)); },
       Error::InvalidArgument,
       "expected mat1 and mat2 to have the same dtype, but got: double != float"},
      {"Linear of an undefined input", [&] { linear_layer(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"GRUCell with negative input_size", [] { nn::GRUCell(-1, 4); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -1: [12, -1]"},
      {"GRUCell with negative hidden_size", [] { nn::GRUCell(3, -1); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -3: [-3, 3]"},
      {"GRUCell on a GPU", [] { nn::GRUCell(nn::GRUCellOptions(3, 4).device("cuda:0")); },
       Error::InvalidArgument, cpu_only},
      {"GRUCell of a 3-D input", [&] { cell(zeros({1, 2, 3})); }, Error::InvalidArgument,
       "GRUCell: Expected input to be 1D or 2D, got 3D instead"},
      {"GRUCell of a 0-dim input", [&] { cell(tensor(1.0)); }, Error::InvalidArgument,
       "GRUCell: Expected input to be 1D or 2D, got 0D instead"},
      {"GRUCell with a 3-D hidden state", [&] { cell(zeros({2, 3}), zeros({1, 2, 4})); },
       Error::InvalidArgument, "GRUCell: Expected hidden to be 1D or 2D, got 3D instead"},
      {"GRUCell of batched input with an unbatched hidden state",
       [&] { cell(zeros({2, 3}), zeros({4})); }, Error::InvalidArgument,
       "Expected input and hidden to be both batched (2D) or both unbatched (1D)"},
      {"GRUCell of input with the wrong input_size", [&] { cell(zeros({2, 7})); },
       Error::InvalidArgument, "input has inconsistent input_size: got 7 expected 3"},
      {"GRUCell with a hidden batch of another size", [&] { cell(zeros({3, 3}), zeros({4, 4})); },
       Error::InvalidArgument, "Input batch size 3 doesn't match hidden0 batch size 4"},
      {"GRUCell with the wrong hidden_size", [&] { cell(zeros({2, 3}), zeros({2, 5})); },
       Error::InvalidArgument, "hidden0 has inconsistent hidden_size: got 5, expected 4"},
      {"GRUCell of input of another dtype", [&] { cell(zeros({2, 3}, kFloat64)); },
       Error::InvalidArgument,
       "GRUCell: expected input and hidden to have the parameters' dtype (float), got input "
       "double"},
      {"GRUCell with a hidden state of another dtype",
       [&] { cell(zeros({2, 3}), zeros({2, 4}, kFloat64)); }, Error::InvalidArgument,
       "got input float and hidden double"},
      {"GRUCell of an undefined input", [&] { cell(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"gru_cell with weights of inconsistent sizes",
       [] { F::gru_cell(zeros({2, 3}), Tensor(), zeros({12, 3}), zeros({9, 3})); },
       Error::InvalidArgument,
       "gru_cell: expected weight_ih of shape (3*hidden_size, input_size) and weight_hh of shape "
       "(3*hidden_size, hidden_size); got [12, 3] and [9, 3]"},
      {"gru_cell with a 1-D weight",
       [] { F::gru_cell(zeros({2, 3}), Tensor(), zeros({12}), zeros({12, 4})); },
       Error::InvalidArgument, "got [12] and [12, 4]"},
      {"gru_cell with a bias of the wrong size",
       [] { F::gru_cell(zeros({2, 3}), Tensor(), zeros({12, 3}), zeros({12, 4}), zeros({5})); },
       Error::InvalidArgument,
       "The size of tensor a (12) must match the size of tensor b (5) at non-singleton dimension "
       "1"},
      {"gru_cell with an undefined weight",
       [] { F::gru_cell(zeros({2, 3}), Tensor(), Tensor(), zeros({12, 4})); }, Error::LogicError,
       "undefined Tensor"},
      {"gru_gates of mismatched shapes",
       [] { F::gru_gates(zeros({2, 12}), zeros({2, 12}), zeros({2, 5})); }, Error::InvalidArgument,
       "gru_gates: expected input_gates and hidden_gates of shape (N, 3*H) and hx of shape (N, "
       "H), all of one dtype; got [2, 12], [2, 12] and [2, 5]"},
      {"gru_gates of mixed dtypes",
       [] { F::gru_gates(zeros({2, 12}), zeros({2, 12}, kFloat64), zeros({2, 4})); },
       Error::InvalidArgument, "all of one dtype"},
      {"gru_gates of an undefined hidden state",
       [] { F::gru_gates(zeros({2, 12}), zeros({2, 12}), Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"gru_gates_composed of mismatched shapes",
       [] { F::gru_gates_composed(zeros({2, 12}), zeros({2, 12}), zeros({2, 5})); },
       Error::InvalidArgument, "The size of tensor a (5) must match the size of tensor b (4)"},
      {"GRU with zero layers", [] { nn::GRU(3, 4, 0); }, Error::InvalidArgument,
       "num_layers must be greater than or equal to 1, got 0"},
      {"GRU with negative input_size", [] { nn::GRU(-3, 4); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -3: [12, -3]"},
      {"GRU with negative hidden_size", [] { nn::GRU(3, -4); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -12: [-12, 3]"},
      {"GRU of a 1-D input", [&] { gru(zeros({3})); }, Error::InvalidArgument,
       "GRU: Expected input to be 2D or 3D, got 1D instead"},
      {"GRU of a 4-D input", [&] { gru(zeros({1, 1, 1, 3})); }, Error::InvalidArgument,
       "GRU: Expected input to be 2D or 3D, got 4D instead"},
      {"GRU of batched input with a 2-D hidden state",
       [&] { gru(zeros({5, 2, 3}), zeros({2, 4})); }, Error::InvalidArgument,
       "For batched 3-D input, hx should also be 3-D but got 2-D tensor"},
      {"GRU of unbatched input with a 3-D hidden state",
       [&] { gru(zeros({5, 3}), zeros({2, 1, 4})); }, Error::InvalidArgument,
       "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor"},
      {"GRU of input with the wrong input_size", [&] { gru(zeros({5, 2, 7})); },
       Error::InvalidArgument, "input.size(-1) must be equal to input_size. Expected 3, got 7"},
      {"GRU of a sequence of length 0", [&] { gru(zeros({0, 2, 3})); }, Error::InvalidArgument,
       "Expected sequence length to be larger than 0 in RNN"},
      {"GRU (batch_first) of a sequence of length 0", [&] { gru_batch_first(zeros({2, 0, 3})); },
       Error::InvalidArgument, "Expected sequence length to be larger than 0 in RNN"},
      {"GRU with a hidden state of the wrong shape",
       [&] { gru(zeros({5, 2, 3}), zeros({1, 2, 4})); }, Error::InvalidArgument,
       "Expected hidden size [2, 2, 4], got [1, 2, 4]"},
      {"GRU (batch_first) with a hidden batch of another size",
       [&] { gru_batch_first(zeros({2, 5, 3}), zeros({1, 5, 4})); }, Error::InvalidArgument,
       "Expected hidden size [1, 2, 4], got [1, 5, 4]"},
      {"GRU of input of another dtype", [&] { gru(zeros({5, 2, 3}, kFloat64)); },
       Error::InvalidArgument,
       "GRU: expected input and hx to have the parameters' dtype (float), got input double"},
      {"GRU of an undefined input", [&] { gru(Tensor()); }, Error::LogicError, "undefined Tensor"},
      {"GRU weight of a layer it does not have", [&] { gru.weight_ih(2); }, Error::OutOfRange,
       "GRU: layer 2 is out of range for a GRU of 2 layers"},
      {"GRU bias of a negative layer", [&] { gru.bias_hh(-1); }, Error::OutOfRange,
       "GRU: layer -1 is out of range for a GRU of 2 layers"},
  });
  // clang-format on
}

// --- nn/module.hpp

TEST_CASE("modules_refuse_bad_parameter_names_and_state_dicts") {
  OpenModule module;
  module.register_parameter("w", zeros({2}));
  nn::Linear linear_layer(3, 4);
  StateDict wrong_shape;
  wrong_shape.insert("weight", zeros({4, 5}));
  wrong_shape.insert("bias", zeros({4}));
  // clang-format off
  check_errors({
      {"register_parameter with an empty name", [&] { module.register_parameter("", zeros({1})); },
       Error::InvalidArgument,
       "a parameter or submodule name must be non-empty and contain no '.'"},
      {"register_parameter with a dotted name",
       [&] { module.register_parameter("a.b", zeros({1})); }, Error::InvalidArgument,
       "got \"a.b\""},
      {"register_parameter twice under one name",
       [&] { module.register_parameter("w", zeros({1})); }, Error::InvalidArgument,
       "attribute 'w' already exists"},
      {"register_parameter of an undefined tensor",
       [&] { module.register_parameter("u", Tensor()); }, Error::InvalidArgument,
       "register_parameter(\"u\"): the tensor is undefined"},
      {"register_module of a null module",
       [&] { module.register_module("cell", std::shared_ptr<nn::GRUCell>()); },
       Error::InvalidArgument, "register_module(\"cell\"): the module is null"},
      {"register_module under a parameter's name",
       [&] { module.register_module("w", std::make_shared<nn::Linear>(1, 1)); },
       Error::InvalidArgument, "attribute 'w' already exists"},
      {"load_state_dict with a parameter of another shape",
       [&] { linear_layer.load_state_dict(wrong_shape); }, Error::RuntimeError,
       "size mismatch for weight: copying a param with shape [4, 5] from checkpoint, the shape "
       "in current model is [4, 3]."},
      {"load_state_dict without the parameters", [&] { linear_layer.load_state_dict(StateDict()); },
       Error::RuntimeError, "Missing key(s) in state_dict: \"weight\", \"bias\"."},
  });
  // clang-format on
}

// --- nn/init.hpp

TEST_CASE("init_refuses_bad_ranks_ranges_nonlinearities_and_undefined_tensors") {
  const Tensor vector = zeros({3});
  const std::string fewer_than_2 =
      "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions";
  // clang-format off
  check_errors({
      {"uniform_ with a > b", [] { nn::init::uniform_(zeros({2}), 1.0, 0.0); },
       Error::InvalidArgument, "uniform_ expects to return a [from, to) range"},
      {"normal_ with a negative std", [] { nn::init::normal_(zeros({2}), 0.0, -2.0); },
       Error::InvalidArgument, "normal expects std >= 0.0"},
      {"calculate_gain of an unknown nonlinearity", [] { nn::init::calculate_gain("softmax"); },
       Error::InvalidArgument, "Unsupported nonlinearity softmax"},
      {"fans of a 1-D tensor", [&] { nn::init::calculate_fan_in_and_fan_out(vector); },
       Error::InvalidArgument, fewer_than_2 + " (got [3])"},
      {"xavier_uniform_ of a 1-D tensor", [&] { nn::init::xavier_uniform_(vector); },
       Error::InvalidArgument, fewer_than_2},
      {"xavier_normal_ of a 0-dim tensor", [] { nn::init::xavier_normal_(tensor(1.0)); },
       Error::InvalidArgument, fewer_than_2 + " (got [])"},
      {"kaiming_uniform_ of a 1-D tensor", [&] { nn::init::kaiming_uniform_(vector); },
       Error::InvalidArgument, fewer_than_2},
      {"kaiming_normal_ of a 1-D tensor", [&] { nn::init::kaiming_normal_(vector); },
       Error::InvalidArgument, fewer_than_2},
      {"kaiming_uniform_ with an unknown nonlinearity",
       [] { nn::init::kaiming_uniform_(zeros({2, 2}), 0.0, nn::init::FanMode::FanIn, "gelu"); },
       Error::InvalidArgument, "Unsupported nonlinearity gelu"},
      {"orthogonal_ of a 1-D tensor", [&] { nn::init::orthogonal_(vector); },
       Error::InvalidArgument, "Only tensors with 2 or more dimensions are supported (got [3])"},
      {"uniform_ of an undefined tensor", [] { nn::init::uniform_(Tensor()); }, Error::LogicError,
       "uniform_: the tensor is undefined"},
      {"normal_ of an undefined tensor", [] { nn::init::normal_(Tensor()); }, Error::LogicError,
       "normal_: the tensor is undefined"},
      {"constant_ of an undefined tensor", [] { nn::init::constant_(Tensor(), 1.0); },
       Error::LogicError, "constant_: the tensor is undefined"},
      {"zeros_ of an undefined tensor", [] { nn::init::zeros_(Tensor()); }, Error::LogicError,
       "the tensor is undefined"},
      {"ones_ of an undefined tensor", [] { nn::init::ones_(Tensor()); }, Error::LogicError,
       "the tensor is undefined"},
      {"xavier_uniform_ of an undefined tensor", [] { nn::init::xavier_uniform_(Tensor()); },
       Error::LogicError, "the tensor is undefined"},
      {"xavier_normal_ of an undefined tensor", [] { nn::init::xavier_normal_(Tensor()); },
       Error::LogicError, "the tensor is undefined"},
      {"kaiming_uniform_ of an undefined tensor", [] { nn::init::kaiming_uniform_(Tensor()); },
       Error::LogicError, "kaiming_uniform_: the tensor is undefined"},
      {"kaiming_normal_ of an undefined tensor", [] { nn::init::kaiming_normal_(Tensor()); },
       Error::LogicError, "kaiming_normal_: the tensor is undefined"},
      {"orthogonal_ of an undefined tensor", [] { nn::init::orthogonal_(Tensor()); },
       Error::LogicError, "orthogonal_: the tensor is undefined"},
  });
  // clang-format on
}

// --- nn/optim/optimizer.hpp, nn/optim/sgd.hpp, nn/utils/clip_grad.hpp

TEST_CASE("optimizers_and_gradient_clipping_refuse_bad_options") {
  const Tensor p = zeros({2}, requires_grad());
  const Tensor not_a_leaf = p * 2.0;
  Tensor infinite = zeros({2}, requires_grad());
  infinite.set_grad(tensor({INFINITY, 1.0}));
  Tensor nan_gradient = zeros({2}, requires_grad());
  nan_gradient.set_grad(tensor({1.0, kNan}));
  const auto sgd = [&](const optim::SGDOptions& options) { optim::SGD({p}, options); };
  using nn::utils::clip_grad_norm_;
  using nn::utils::clip_grad_value_;
  using optim::SGDOptions;
  // clang-format off
  check_errors({
      {"SGD with a negative lr", [&] { sgd(SGDOptions(-1.0)); }, Error::InvalidArgument,
       "Invalid learning rate: -1"},
      {"SGD with a NaN lr", [&] { sgd(SGDOptions(kNan)); }, Error::InvalidArgument,
       "Invalid learning rate: nan"},
      {"SGD with a negative momentum", [&] { sgd(SGDOptions(0.1).momentum(-0.5)); },
       Error::InvalidArgument, "Invalid momentum value: -0.5"},
      {"SGD with a negative weight_decay", [&] { sgd(SGDOptions(0.1).weight_decay(-1)); },
       Error::InvalidArgument, "Invalid weight_decay value: -1"},
      {"SGD with nesterov and no momentum", [&] { sgd(SGDOptions(0.1).nesterov(true)); },
       Error::InvalidArgument, "Nesterov momentum requires a momentum and zero dampening"},
      {"SGD with nesterov and dampening",
       [&] { sgd(SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)); },
       Error::InvalidArgument, "Nesterov momentum requires a momentum and zero dampening"},
      {"SGD of no parameters", [] { optim::SGD({}, SGDOptions(0.1)); }, Error::InvalidArgument,
       "optimizer got an empty parameter list"},
      {"SGD of a non-leaf", [&] { optim::SGD({not_a_leaf}, SGDOptions(0.1)); },
       Error::InvalidArgument, "can't optimize a non-leaf Tensor"},
      {"SGD of one parameter twice",
       [&] { optim::SGD({p, not_a_leaf.detach(), p}, SGDOptions(0.1)); }, Error::InvalidArgument,
       "optimizer got parameter 0 again as parameter 2"},
      {"SGD of an undefined tensor", [&] { optim::SGD({p, Tensor()}, SGDOptions(0.1)); },
       Error::InvalidArgument, "parameter 1 is undefined"},
      {"SGD momentum buffer of a parameter it does not have",
       [&] { optim::SGD({p}, SGDOptions(0.1)).momentum_buffer(1); }, Error::OutOfRange,
       "momentum_buffer: parameter index 1 is out of range for an optimizer of 1 parameters"},
      {"clip_grad_norm_ with norm_type 0", [&] { clip_grad_norm_({p}, 1.0, 0.0); },
       Error::InvalidArgument, "clip_grad_norm_: norm_type must be positive or INFINITY, got 0"},
      {"clip_grad_norm_ with a negative norm_type", [&] { clip_grad_norm_({p}, 1.0, -2.0); },
       Error::InvalidArgument, "norm_type must be positive or INFINITY, got -2"},
      {"clip_grad_norm_ with a NaN norm_type", [&] { clip_grad_norm_({p}, 1.0, kNan); },
       Error::InvalidArgument, "norm_type must be positive or INFINITY, got nan"},
      {"clip_grad_norm_ with a NaN max_norm", [&] { clip_grad_norm_({p}, kNan); },
       Error::InvalidArgument, "clip_grad_norm_: max_norm must not be negative, got nan"},
      {"clip_grad_norm_ with a negative max_norm", [&] { clip_grad_norm_({p}, -1.0); },
       Error::InvalidArgument, "clip_grad_norm_: max_norm must not be negative, got -1"},
      {"clip_grad_norm_ of an infinite gradient with error_if_nonfinite",
       [&] { clip_grad_norm_({infinite}, 1.0, 2.0, true); }, Error::RuntimeError,
       "The total norm of order 2 for gradients from `parameters` is non-finite"},
      {"clip_grad_norm_ of a NaN gradient with error_if_nonfinite",
       [&] { clip_grad_norm_({nan_gradient}, 1.0, INFINITY, true); }, Error::RuntimeError,
       "The total norm of order inf for gradients from `parameters` is non-finite"},
      {"clip_grad_norm_ of an undefined parameter", [&] { clip_grad_norm_({p, Tensor()}, 1.0); },
       Error::InvalidArgument, "clip_grad: a parameter is undefined"},
      {"clip_grad_value_ with a negative value", [&] { clip_grad_value_({p}, -1.0); },
       Error::InvalidArgument, "clip_grad_value_: clip_value must not be negative, got -1"},
      {"clip_grad_value_ with a NaN value", [&] { clip_grad_value_({p}, kNan); },
       Error::InvalidArgument, "clip_value must not be negative, got nan"},
      {"clip_grad_value_ of an undefined parameter", [&] { clip_grad_value_({Tensor()}, 1.0); },
       Error::InvalidArgument, "clip_grad: a parameter is undefined"},
  });
  // clang-format on
}

// --- empty tensors into every op: the result PyTorch gives, or its error

TEST_CASE("ops_on_a_0_by_3_tensor_give_pytorchs_empty_results") {
  const Tensor e = zeros({0, 3}, requires_grad());
  const auto sequences = [&] { return e.unsqueeze(0).expand({5, 0, 3}); };  // 5 steps, batch 0
  const double inf = INFINITY;
  // clang-format off
  check_empty_results({
      {"zeros", [] { return zeros({0, 3}); }, {0, 3}},
      {"arange to 0", [] { return arange(0.0); }, {0}},
      {"arange of an empty range", [] { return arange(2.0, 2.0); }, {0}},
      {"neg", [&] { return -e; }, {0, 3}},
      {"exp", [&] { return e.exp(); }, {0, 3}},
      {"log", [&] { return e.log(); }, {0, 3}},
      {"sqrt", [&] { return e.sqrt(); }, {0, 3}},
      {"abs", [&] { return e.abs(); }, {0, 3}},
      {"sign", [&] { return sign(e); }, {0, 3}},
      {"sigmoid", [&] { return e.sigmoid(); }, {0, 3}},
      {"tanh", [&] { return e.tanh(); }, {0, 3}},
      {"relu", [&] { return e.relu(); }, {0, 3}},
      {"clamp", [&] { return e.clamp(0.0, 1.0); }, {0, 3}},
      {"pow with a number", [&] { return e.pow(2.0); }, {0, 3}},
      {"pow with a tensor", [&] { return e.pow(ones({3})); }, {0, 3}},
      {"arithmetic with numbers", [&] { return (1.0 - e) / 2.0 + 1.0 / (e + 1.0); }, {0, 3}},
      {"add a row", [&] { return e + ones({3}); }, {0, 3}},
      {"mul by a [1, 3]", [&] { return e * ones({1, 3}); }, {0, 3}},
      {"div by a [0, 1]", [&] { return e / ones({0, 1}); }, {0, 3}},
      {"broadcast against a [2, 1, 3]", [&] { return e - ones({2, 1, 3}); }, {2, 0, 3}},
      {"where", [&] { return where(e, e, ones({3})); }, {0, 3}},
      {"to float64", [&] { return e.to(kFloat64); }, {0, 3}},
      {"clone", [&] { return e.clone(); }, {0, 3}},
      {"sum", [&] { return e.sum(); }, {}, 0.0},
      {"sum over dim 0", [&] { return e.sum({0}); }, {3}, 0.0},
      {"sum over dim 0 keepdim", [&] { return e.sum({0}, true); }, {1, 3}, 0.0},
      {"sum over dim 1", [&] { return e.sum({1}); }, {0}},
      {"mean", [&] { return e.mean(); }, {}, kNan},
      {"mean over dim 0", [&] { return e.mean({0}); }, {3}, kNan},
      {"mean over dim -1", [&] { return e.mean({-1}); }, {0}},
      {"amax over dim 1", [&] { return e.amax({1}); }, {0}},
      {"amax over dim 1 keepdim", [&] { return e.amax({1}, true); }, {0, 1}},
      {"logsumexp over dim 0", [&] { return e.logsumexp({0}); }, {3}, -inf},
      {"logsumexp over dim 1", [&] { return e.logsumexp({1}); }, {0}},
      {"logsumexp over all dims", [&] { return e.logsumexp({0, 1}); }, {}, -inf},
      {"softmax over dim 0", [&] { return e.softmax(0); }, {0, 3}},
      {"softmax over dim 1", [&] { return e.softmax(1); }, {0, 3}},
      {"log_softmax over dim 1", [&] { return e.log_softmax(1); }, {0, 3}},
      {"reshape to -1", [&] { return e.reshape({-1}); }, {0}},
      {"reshape to [-1, 3]", [&] { return e.reshape({-1, 3}); }, {0, 3}},
      {"reshape to [3, 0, 0]", [&] { return e.reshape({3, 0, 0}); }, {3, 0, 0}},
      {"view to [0, 3, 1]", [&] { return e.view({0, 3, 1}); }, {0, 3, 1}},
      {"flatten", [&] { return e.flatten(); }, {0}},
      {"squeeze", [&] { return e.squeeze(); }, {0, 3}},
      {"squeeze dim 0", [&] { return e.squeeze(0); }, {0, 3}},
      {"unsqueeze", [&] { return e.unsqueeze(1); }, {0, 1, 3}},
      {"transpose", [&] { return e.transpose(0, 1); }, {3, 0}},
      {"t", [&] { return e.t(); }, {3, 0}},
      {"expand", [&] { return e.expand({2, 0, 3}); }, {2, 0, 3}},
      {"expand a [1, 3] to [0, 3]", [] { return ones({1, 3}).expand({0, 3}); }, {0, 3}},
      {"select along dim 1", [&] { return e.select(1, 2); }, {0}},
      {"narrow along dim 0", [&] { return e.narrow(0, 0, 0); }, {0, 3}},
      {"narrow along dim 1", [&] { return e.narrow(1, 1, 2); }, {0, 2}},
      {"cat with a [2, 3]", [&] { return cat({e, ones({2, 3})}); }, {2, 3}, 1.0},
      {"cat along dim 1", [&] { return cat({e, e}, 1); }, {0, 6}},
      {"stack", [&] { return stack({e, e}); }, {2, 0, 3}},
      {"matmul by a [3, 4]", [&] { return matmul(e, ones({3, 4})); }, {0, 4}},
      {"matmul by a vector", [&] { return matmul(e, ones({3})); }, {0}},
      {"matmul of two empty vectors", [&] { return matmul(e.select(1, 0), e.select(1, 2)); }, {},
       0.0},
      {"matmul of [3, 0] by [0, 4]", [&] { return matmul(e.t(), ones({0, 4})); }, {3, 4}, 0.0},
      {"batched matmul", [&] { return matmul(e.unsqueeze(0), ones({2, 3, 4})); }, {2, 0, 4}},
      {"mm", [&] { return mm(e, ones({3, 2})); }, {0, 2}},
      {"linear", [&] { return linear(e, ones({4, 3}), ones({4})); }, {0, 4}},
      {"linear over 0 in_features", [&] { return linear(e.t(), ones({4, 0}), ones({4})); }, {3, 4},
       1.0},
      {"mse_loss mean", [&] { return F::mse_loss(e, zeros({0, 3})); }, {}, kNan},
      {"mse_loss sum", [&] { return F::mse_loss(e, zeros({0, 3}), Reduction::Sum); }, {}, 0.0},
      {"mse_loss none", [&] { return F::mse_loss(e, zeros({0, 3}), Reduction::None); }, {0, 3}},
      {"cross_entropy mean", [&] { return F::cross_entropy(e, zeros({0})); }, {}, kNan},
      {"cross_entropy sum", [&] { return F::cross_entropy(e, zeros({0}), Reduction::Sum); }, {},
       0.0},
      {"cross_entropy none", [&] { return F::cross_entropy(e, zeros({0}), Reduction::None); }, {0}},
      {"cross_entropy of probabilities", [&] { return F::cross_entropy(e, zeros({0, 3})); }, {},
       kNan},
      {"nll_loss sum", [&] { return F::nll_loss(e, zeros({0}), Reduction::Sum); }, {}, 0.0},
      {"binary_cross_entropy_with_logits mean",
       [&] { return F::binary_cross_entropy_with_logits(e, zeros({0, 3})); }, {}, kNan},
      {"binary_cross_entropy_with_logits none",
       [&] { return F::binary_cross_entropy_with_logits(e, zeros({0, 3}), Reduction::None); },
       {0, 3}},
      {"Linear", [&] { return nn::Linear(3, 4)(e); }, {0, 4}},
      {"Linear of 0 in_features", [&] { return nn::Linear(0, 4)(e.t()); }, {3, 4}},
      {"GRUCell", [&] { return nn::GRUCell(3, 4)(e); }, {0, 4}},
      {"GRUCell with a hidden state", [&] { return nn::GRUCell(3, 4)(e, zeros({0, 4})); }, {0, 4}},
      {"GRUCell of input_size 0", [&] { return nn::GRUCell(0, 4)(e.t()); }, {3, 4}},
      {"GRUCell of hidden_size 0", [&] { return nn::GRUCell(3, 0)(e); }, {0, 0}},
      {"GRU output over a batch of 0", [&] { return std::get<0>(nn::GRU(3, 4)(sequences())); },
       {5, 0, 4}},
      {"GRU h_n over a batch of 0", [&] { return std::get<1>(nn::GRU(3, 4, 2)(sequences())); },
       {2, 0, 4}},
  }, e);
  check_parts({
      {"chunk along dim 0", [&] { return e.chunk(2, 0); }, {{0, 3}, {0, 3}}},
      {"chunk along dim 1", [&] { return e.chunk(2, 1); }, {{0, 2}, {0, 1}}},
      {"split along dim 0", [&] { return e.split(2, 0); }, {{0, 3}}},
      {"split into size 0 along dim 0", [&] { return e.split(0, 0); }, {{0, 3}}},
      {"unbind along dim 0", [&] { return e.unbind(0); }, {}},
      {"unbind along dim 1", [&] { return e.unbind(1); }, {{0}, {0}, {0}}},
  });
  // clang-format on
}

TEST_CASE("ops_that_need_elements_refuse_a_0_by_3_tensor_clearly") {
  const Tensor e = zeros({0, 3});
  // clang-format off
  check_errors({
      {"max", [&] { e.max(); }, Error::InvalidArgument,
       "max(): Expected reduction dim to be specified for input.numel() == 0"},
      {"amax over dim 0", [&] { e.amax({0}, true); }, Error::InvalidArgument,
       "amax(): Expected reduction dim 0 to have non-zero size."},
      {"item", [&] { e.item<double>(); }, Error::InvalidArgument,
       "a Tensor with 0 elements cannot be converted to Scalar"},
      {"select along the empty dim", [&] { e.select(0, 0); }, Error::OutOfRange,
       "select(): index 0 out of range for tensor of size [0, 3] at dimension 0"},
      {"narrow past the empty dim", [&] { e.narrow(0, 0, 1); }, Error::OutOfRange,
       "start (0) + length (1) exceeds dimension size (0)."},
      {"split into size 0 along a non-empty dim", [&] { e.split(0, 1); }, Error::InvalidArgument,
       "split_size can only be 0 if dimension size is 0, but got dimension size of 3"},
      {"reshape with an ambiguous -1", [&] { e.reshape({-1, 0}); }, Error::InvalidArgument,
       "cannot reshape tensor of 0 elements into shape [-1, 0]"},
      {"cat with a [2, 4]", [&] { cat({e, zeros({2, 4})}); }, Error::InvalidArgument,
       "Expected size 3 but got size 4 for tensor number 1 in the list."},
      {"matmul by a [4, 2]", [&] { matmul(e, zeros({4, 2})); }, Error::InvalidArgument,
       "mat1 and mat2 shapes cannot be multiplied (0x3 and 4x2)"},
      {"GRU over a sequence of length 0", [&] { nn::GRU(3, 4)(e); }, Error::InvalidArgument,
       "Expected sequence length to be larger than 0 in RNN"},
      {"cross_entropy over zero classes", [&] { F::cross_entropy(e.t(), zeros({3})); },
       Error::OutOfRange, "Target 0 is out of bounds."},
  });
  // clang-format on
}

TEST_CASE("chunk_split_and_narrow_take_extreme_counts_and_lengths_without_overflow") {
  const Tensor m = zeros({2, 3});
  // clang-format off
  check_parts({
      {"chunk into more chunks than rows", [&] { return m.chunk(kInt64Max); }, {{1, 3}, {1, 3}}},
      {"split into parts longer than the dim", [&] { return m.split(kInt64Max, 1); }, {{2, 3}}},
  });
  // clang-format on
  CHECK(m.narrow(1, 3, 0).sizes() == Sizes{2, 0});
  CHECK(m.narrow(1, -3, 3).sizes() == Sizes{2, 3});
}

TEST_CASE("optimizers_clipping_and_init_leave_empty_tensors_alone") {
  Tensor p = zeros({0, 3}, requires_grad());
  p.set_grad(zeros({0, 3}));
  optim::SGD sgd({p}, optim::SGDOptions(0.1).momentum(0.9).weight_decay(0.1));
  sgd.step();
  sgd.step();
  CHECK(p.sizes() == Sizes{0, 3});
  CHECK(sgd.momentum_buffer(0).sizes() == Sizes{0, 3});
  CHECK(nn::utils::clip_grad_norm_({p}, 1.0) == 0.0);
  CHECK(nn::utils::clip_grad_norm_({p}, 1.0, INFINITY) == 0.0);
  nn::utils::clip_grad_value_({p}, 1.0);
  CHECK(p.grad().sizes() == Sizes{0, 3});
  const std::vector<std::pair<std::string, std::function<Tensor(Tensor)>>> initialisers = {
      {"uniform_", [](Tensor t) { return nn::init::uniform_(t); }},
      {"normal_", [](Tensor t) { return nn::init::normal_(t); }},
      {"zeros_", [](Tensor t) { return nn::init::zeros_(t); }},
      {"xavier_uniform_", [](Tensor t) { return nn::init::xavier_uniform_(t); }},
      {"xavier_normal_", [](Tensor t) { return nn::init::xavier_normal_(t); }},
      {"kaiming_uniform_", [](Tensor t) { return nn::init::kaiming_uniform_(t); }},
      {"kaiming_normal_", [](Tensor t) { return nn::init::kaiming_normal_(t); }},
      {"orthogonal_", [](Tensor t) { return nn::init::orthogonal_(t); }},
  };
  for (const auto& [name, init] : initialisers) {
    CAPTURE(name);
    CHECK(init(zeros({0, 3})).sizes() == Sizes{0, 3});
    CHECK(init(zeros({3, 0})).sizes() == Sizes{3, 0});
  }
}

TEST_CASE("losses_of_mixed_dtypes_promote_like_elementwise_ops_and_differentiate") {
  // PyTorch computes these forwards in float64 too, but its backward then fails ("Found dtype
  // Double but expected Float"); xgrad returns the gradient in the input's dtype.
  Tensor x = tensor({{1.0, 2.0, 3.0}}, requires_grad());
  const Tensor y = tensor({{0.0, 1.0, 1.0}}, kFloat64);
  const std::vector<std::pair<std::string, std::function<Tensor()>>> losses = {
      {"mse_loss", [&] { return F::mse_loss(x, y); }},
      {"binary_cross_entropy_with_logits",
       [&] { return F::binary_cross_entropy_with_logits(x, y); }},
      {"cross_entropy of probabilities", [&] { return F::cross_entropy(x, y); }},
  };
  for (const auto& [name, loss] : losses) {
    CAPTURE(name);
    x.zero_grad();
    const Tensor value = loss();
    CHECK(value.dtype() == kFloat64);
    value.backward();
    CHECK(x.grad().dtype() == kFloat32);
    CHECK(x.grad().sizes() == x.sizes());
  }
  // Class indices may be held in either float dtype; the loss keeps the logits' dtype.
  CHECK(F::cross_entropy(x, tensor({2.0}, kFloat64)).dtype() == kFloat32);
}
