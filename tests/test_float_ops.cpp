// Floating-point ops and activations (sin, cos, log1p, rsqrt, maximum, minimum, var, std, gelu,
// leaky_relu, elu, softplus, log_sigmoid): values and gradients against PyTorch's
// (tests/golden/make_float_ops_golden.py), special values, gradcheck and gradgradcheck.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
namespace F = xgrad::nn::functional;
using xgrad::testing::allclose_same_dtype;
using xgrad::testing::Fixture;
using xgrad::testing::uniform_leaf64;

namespace {

using Op = std::function<Tensor(const std::vector<Tensor>&)>;

// Every case of float_ops.json and the op it applies (one row per case, as laid out by hand).
const std::map<std::string, Op>& fixture_ops() {
  // clang-format off
  static const std::map<std::string, Op> ops = {
      {"sin", [](const auto& v) { return v[0].sin(); }},
      {"sin_large", [](const auto& v) { return sin(v[0]); }},
      {"sin_special", [](const auto& v) { return sin(v[0]); }},
      {"cos", [](const auto& v) { return v[0].cos(); }},
      {"cos_large", [](const auto& v) { return cos(v[0]); }},
      {"cos_special", [](const auto& v) { return cos(v[0]); }},
      {"log1p", [](const auto& v) { return v[0].log1p(); }},
      {"log1p_tiny", [](const auto& v) { return log1p(v[0]); }},
      {"log1p_special", [](const auto& v) { return log1p(v[0]); }},
      {"rsqrt", [](const auto& v) { return v[0].rsqrt(); }},
      {"rsqrt_special", [](const auto& v) { return rsqrt(v[0]); }},
      {"maximum", [](const auto& v) { return maximum(v[0], v[1]); }},
      {"minimum", [](const auto& v) { return v[0].minimum(v[1]); }},
      {"maximum_special", [](const auto& v) { return v[0].maximum(v[1]); }},
      {"minimum_special", [](const auto& v) { return minimum(v[0], v[1]); }},
      {"var_all", [](const auto& v) { return v[0].var(); }},
      {"var_all_biased", [](const auto& v) { return var(v[0], {}, /*unbiased=*/false); }},
      {"var_dim0", [](const auto& v) { return v[0].var({0}); }},
      {"var_dim_neg1_keepdim", [](const auto& v) { return var(v[0], {-1}, true, /*keepdim=*/true); }},
      {"var_dims_0_2_biased", [](const auto& v) { return v[0].var({0, 2}, false); }},
      {"var_dims_neg1_0_keepdim", [](const auto& v) { return v[0].var({-1, 0}, true, true); }},
      {"var_of_large_offset", [](const auto& v) { return v[0].var({1}); }},
      {"var_special", [](const auto& v) { return v[0].var({1}); }},
      {"std_all", [](const auto& v) { return xgrad::std(v[0]); }},
      {"std_all_biased", [](const auto& v) { return v[0].std({}, false); }},
      {"std_dim1", [](const auto& v) { return xgrad::std(v[0], {1}); }},
      {"std_dims_0_neg1_keepdim_biased", [](const auto& v) { return v[0].std({0, -1}, false, true); }},
      {"std_of_constant_rows", [](const auto& v) { return v[0].std({1}); }},
      {"gelu", [](const auto& v) { return F::gelu(v[0]); }},
      {"gelu_tanh", [](const auto& v) { return F::gelu(v[0], "tanh"); }},
      {"gelu_special", [](const auto& v) { return F::gelu(v[0], "none"); }},
      {"gelu_tanh_special", [](const auto& v) { return F::gelu(v[0], "tanh"); }},
      {"leaky_relu", [](const auto& v) { return F::leaky_relu(v[0]); }},
      {"leaky_relu_slope_0_2", [](const auto& v) { return F::leaky_relu(v[0], 0.2); }},
      {"leaky_relu_special", [](const auto& v) { return F::leaky_relu(v[0], 0.2); }},
      {"elu", [](const auto& v) { return F::elu(v[0]); }},
      {"elu_alpha_0_5", [](const auto& v) { return F::elu(v[0], 0.5); }},
      {"elu_special", [](const auto& v) { return F::elu(v[0], 0.5); }},
      {"elu_tiny", [](const auto& v) { return F::elu(v[0]); }},
      {"softplus", [](const auto& v) { return F::softplus(v[0]); }},
      {"softplus_beta_2_threshold_5", [](const auto& v) { return F::softplus(v[0], 2.0, 5.0); }},
      {"softplus_special", [](const auto& v) { return F::softplus(v[0]); }},
      {"log_sigmoid", [](const auto& v) { return F::log_sigmoid(v[0]); }},
      {"log_sigmoid_special", [](const auto& v) { return F::log_sigmoid(v[0]); }},
  };
  // clang-format on
  return ops;
}

double inf() {
  return std::numeric_limits<double>::infinity();
}

}  // namespace

TEST_CASE("float_ops_match_pytorch_values_and_gradients_in_both_dtypes") {
  const Fixture f("float_ops.json");
  CHECK(f["cases"].size() == fixture_ops().size());
  for (const auto& [name, op] : fixture_ops()) {
    for (const auto& [dtype, dtype_name] :
         {std::pair{kFloat32, "float32"}, std::pair{kFloat64, "float64"}}) {
      const std::string prefix = name + "/" + dtype_name + "/";
      INFO("case: ", prefix);
      REQUIRE(f.has(prefix + "out"));
      std::vector<Tensor> inputs{f.tensor(prefix + "x", dtype).requires_grad_()};
      if (f.has(prefix + "y")) inputs.push_back(f.tensor(prefix + "y", dtype).requires_grad_());
      const bool f32 = dtype == kFloat32;
      const double rtol = f32 ? 2e-6 : 1e-12, atol = f32 ? 1e-6 : 1e-13;
      // var's gradient holds x - mean(x), which float32 knows only to its resolution at 1e4
      // (about 1e-3), and PyTorch sums the mean in another order.
      const double grad_atol = f32 && name == "var_of_large_offset" ? 2e-3 : atol;
      const Tensor out = op(inputs);
      CHECK(allclose_same_dtype(out, f.tensor(prefix + "out", dtype), rtol, atol));
      (out * f.tensor(prefix + "w", dtype)).sum().backward();
      CHECK(allclose_same_dtype(inputs[0].grad(), f.tensor(prefix + "grad_x", dtype), rtol,
                                grad_atol));
      if (inputs.size() == 2) {
        CHECK(
            allclose_same_dtype(inputs[1].grad(), f.tensor(prefix + "grad_y", dtype), rtol, atol));
      }
    }
  }
}

TEST_CASE("unary_float_ops_pass_gradcheck_and_gradgradcheck") {
  manual_seed(3);
  const Tensor x = uniform_leaf64({3, 4}, -3.0, 3.0);
  const Tensor positive = uniform_leaf64({3, 4}, 0.2, 3.0);
  const std::vector<std::pair<std::string, std::pair<Op, Tensor>>> cases = {
      {"sin", {[](const auto& v) { return v[0].sin(); }, x}},
      {"cos", {[](const auto& v) { return v[0].cos(); }, x}},
      {"log1p", {[](const auto& v) { return v[0].log1p(); }, positive - 0.9}},
      {"rsqrt", {[](const auto& v) { return v[0].rsqrt(); }, positive}},
      {"gelu", {[](const auto& v) { return F::gelu(v[0]); }, x}},
      {"gelu tanh", {[](const auto& v) { return F::gelu(v[0], "tanh"); }, x}},
      {"leaky_relu", {[](const auto& v) { return F::leaky_relu(v[0], 0.3); }, x}},
      {"elu", {[](const auto& v) { return F::elu(v[0], 0.7); }, x}},
      {"softplus", {[](const auto& v) { return F::softplus(v[0]); }, x}},
      {"softplus beta 2 threshold 1",
       {[](const auto& v) { return F::softplus(v[0], 2.0, 1.0); }, x}},
      {"log_sigmoid", {[](const auto& v) { return F::log_sigmoid(v[0]); }, x}},
  };
  for (const auto& c : cases) {
    INFO("op: ", c.first);
    const Tensor input = c.second.second.detach().requires_grad_();
    CHECK(autograd::gradcheck(c.second.first, {input}));
    CHECK(autograd::gradgradcheck(c.second.first, {input}));
  }
}

TEST_CASE("maximum_and_minimum_pass_gradcheck_and_gradgradcheck_when_broadcasting") {
  manual_seed(5);
  const Tensor a = uniform_leaf64({3, 1, 4}), b = uniform_leaf64({2, 4}), s = uniform_leaf64({});
  for (const auto& [x, y] : {std::pair{a, b}, std::pair{b, a}, std::pair{a, s}}) {
    CHECK(autograd::gradcheck([](const auto& v) { return maximum(v[0], v[1]); }, {x, y}));
    CHECK(autograd::gradcheck([](const auto& v) { return minimum(v[0], v[1]); }, {x, y}));
    CHECK(
        autograd::gradgradcheck([](const auto& v) { return maximum(v[0], v[1]) * v[0]; }, {x, y}));
    CHECK(
        autograd::gradgradcheck([](const auto& v) { return minimum(v[0], v[1]) * v[1]; }, {x, y}));
  }
}

TEST_CASE("maximum_and_minimum_split_the_gradient_half_and_half_on_ties") {
  Tensor a = tensor({1.0, 2.0, 3.0}, testing::f64_grad());
  Tensor b = tensor({1.0, 3.0, 2.0}, testing::f64_grad());
  maximum(a, b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{0.5, 0.0, 1.0}));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{0.5, 1.0, 0.0}));
  a.zero_grad();
  b.zero_grad();
  minimum(a, b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{0.5, 1.0, 0.0}));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{0.5, 0.0, 1.0}));
}

TEST_CASE("maximum_and_minimum_promote_like_arithmetic_and_keep_each_gradient_dtype") {
  Tensor a = tensor({1.0, 4.0}, TensorOptions(kFloat32).requires_grad(true));
  Tensor b = tensor({2.0, 3.0}, testing::f64_grad());
  const Tensor m = maximum(a, b);
  CHECK(m.dtype() == kFloat64);
  CHECK(testing::allclose(m, xt::xarray<double>{2.0, 4.0}));
  m.sum().backward();
  CHECK(a.grad().dtype() == kFloat32);
  CHECK(b.grad().dtype() == kFloat64);
  // A 0-dim operand does not promote a tensor with dims.
  CHECK(minimum(ones({3}), tensor(2.0, kFloat64)).dtype() == kFloat32);
}

TEST_CASE("var_and_std_pass_gradcheck_over_dims_unbiased_and_keepdim") {
  manual_seed(7);
  const Tensor x = uniform_leaf64({2, 3, 4});
  const std::vector<std::vector<int64_t>> dim_lists = {{},     {0},     {-1},     {1},
                                                       {0, 2}, {-1, 0}, {0, 1, 2}};
  for (const auto& dims : dim_lists) {
    for (bool unbiased : {true, false}) {
      for (bool keepdim : {false, true}) {
        CAPTURE(dims.size());
        CAPTURE(unbiased);
        CAPTURE(keepdim);
        const Op v = [&](const auto& in) { return in[0].var(dims, unbiased, keepdim); };
        const Op s = [&](const auto& in) { return in[0].std(dims, unbiased, keepdim); };
        CHECK(autograd::gradcheck(v, {x}));
        CHECK(autograd::gradcheck(s, {x}));
      }
    }
  }
  CHECK(autograd::gradgradcheck([](const auto& v) { return v[0].var({1}); }, {x}));
  CHECK(autograd::gradgradcheck([](const auto& v) { return v[0].std({0, 2}, false, true); }, {x}));
  CHECK(autograd::gradgradcheck([](const auto& v) { return v[0].std(); }, {x}));
  const Tensor s = uniform_leaf64({});
  CHECK(autograd::gradcheck([](const auto& v) { return v[0].var({0}, false); }, {s}));
}

TEST_CASE("elu_gradient_at_nan_is_nan_in_both_dtypes") {
  // PyTorch 1.13 gives NaN in its vectorised loop and the upstream gradient in its scalar loop
  // (a tensor's last few elements); xgrad propagates NaN everywhere.
  for (Dtype dtype : {kFloat32, kFloat64}) {
    CAPTURE(dtype);
    Tensor x = tensor({std::nan(""), -1.0, 2.0}, TensorOptions(dtype).requires_grad(true));
    const Tensor y = F::elu(x, 0.5);
    CHECK(std::isnan(y[0].item<double>()));
    y.sum().backward();
    CHECK(std::isnan(x.grad()[0].item<double>()));
    CHECK(x.grad()[1].item<double>() == doctest::Approx(0.5 * std::exp(-1.0)));
    CHECK(x.grad()[2].item<double>() == 1.0);
  }
}

TEST_CASE("var_and_std_of_too_few_elements_are_nan_as_pytorch") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(tensor({5.0}).var().item<double>()));
  CHECK(tensor({5.0}).var({}, /*unbiased=*/false).item<double>() == 0.0);
  CHECK(std::isnan(tensor(2.0).var().item<double>()));
  CHECK(tensor(2.0).var({0}, false, true).dim() == 0);
  CHECK(std::isnan(zeros({0}).std().item<double>()));
  CHECK(std::isnan(zeros({0}).var({}, false).item<double>()));
  const Tensor per_column = zeros({0, 3}).var({0});
  CHECK(per_column.sizes() == Sizes{3});
  CHECK(allclose_same_dtype(per_column, full({3}, nan), 0.0, 0.0));
  CHECK(zeros({0, 3}).std({1}).sizes() == Sizes{0});
  // A single element's unbiased gradient is 2 (x - mean) / 0 = NaN.
  Tensor one = tensor({{5.0, 6.0}}, testing::f64_grad());
  one.var({0}).sum().backward();
  CHECK(allclose_same_dtype(one.grad(), full({1, 2}, nan, kFloat64), 0.0, 0.0));
}

TEST_CASE("std_gradient_is_zero_where_the_input_is_constant") {
  Tensor x = tensor({{2.0, 2.0, 2.0}, {1.0, 2.0, 4.0}}, testing::f64_grad());
  const Tensor s = x.std({1});
  CHECK(s[0].item<double>() == 0.0);
  s.sum().backward();
  CHECK(testing::allclose(x.grad()[0], xt::xarray<double>{0.0, 0.0, 0.0}));
  CHECK(xt::all(xt::isfinite(x.grad().to_xarray<double>())));
}

TEST_CASE("var_of_float32_is_accumulated_in_float64") {
  // Around 1e4 float32 keeps about 3 decimals; PyTorch's value is that of float64 rounded.
  const Tensor x = tensor({1e4 + 1, 1e4 + 2, 1e4 + 3, 1e4 + 4});
  CHECK(x.var().dtype() == kFloat32);
  CHECK(x.var().item<double>() == static_cast<double>(static_cast<float>(5.0 / 3.0)));
}

TEST_CASE("log_sigmoid_softplus_and_gelu_stay_finite_at_plus_minus_1e4_in_both_dtypes") {
  for (Dtype dtype : {kFloat32, kFloat64}) {
    CAPTURE(dtype);
    Tensor x = tensor({-1e4, 1e4}, TensorOptions(dtype).requires_grad(true));
    const Tensor y = F::log_sigmoid(x);
    CHECK(allclose_same_dtype(y, tensor({-1e4, 0.0}, dtype), 0.0, 0.0));
    y.sum().backward();
    CHECK(allclose_same_dtype(x.grad(), tensor({1.0, 0.0}, dtype), 0.0, 0.0));
    CHECK(allclose_same_dtype(F::softplus(x.detach()), tensor({0.0, 1e4}, dtype), 0.0, 0.0));
    CHECK(allclose_same_dtype(F::gelu(x.detach()), tensor({0.0, 1e4}, dtype), 0.0, 0.0));
    CHECK(allclose_same_dtype(F::gelu(x.detach(), "tanh"), tensor({0.0, 1e4}, dtype), 0.0, 0.0));
    CHECK(allclose_same_dtype(F::elu(x.detach()), tensor({-1.0, 1e4}, dtype), 0.0, 0.0));
  }
  CHECK(allclose_same_dtype(F::log_sigmoid(tensor({-inf(), inf()})), tensor({-inf(), 0.0}), 0.0,
                            0.0));
}

TEST_CASE("float_ops_keep_the_dtype_and_activations_double_backward_is_finite_for_large_inputs") {
  const std::vector<std::function<Tensor(const Tensor&)>> ops = {
      [](const Tensor& t) { return t.sin(); },
      [](const Tensor& t) { return t.cos(); },
      [](const Tensor& t) { return t.log1p(); },
      [](const Tensor& t) { return t.rsqrt(); },
      [](const Tensor& t) { return t.var({0}); },
      [](const Tensor& t) { return t.std(); },
      [](const Tensor& t) { return F::gelu(t); },
      [](const Tensor& t) { return F::leaky_relu(t); },
      [](const Tensor& t) { return F::elu(t); },
      [](const Tensor& t) { return F::softplus(t); },
      [](const Tensor& t) { return F::log_sigmoid(t); },
      [](const Tensor& t) { return t.maximum(t * 2.0); },
  };
  for (Dtype dtype : {kFloat32, kFloat64}) {
    const Tensor x = tensor({0.5, 2.0}, dtype);
    for (const auto& op : ops) CHECK(op(x).dtype() == dtype);
  }
  // The activations' backward sends no 0 * inf into double backward where a branch overflows.
  Tensor x = tensor({1e4, 800.0, -1e4}, testing::f64_grad());
  for (const auto& act : std::vector<std::function<Tensor(const Tensor&)>>{
           [](const Tensor& t) { return F::elu(t); },
           [](const Tensor& t) { return F::softplus(t); },
           [](const Tensor& t) { return F::log_sigmoid(t); }}) {
    x.zero_grad();
    const Tensor g =
        autograd::grad({act(x).sum()}, {x}, {}, /*retain_graph=*/true, /*create_graph=*/true)[0];
    g.sum().backward();
    CHECK(xt::all(xt::isfinite(x.grad().to_xarray<double>())));
  }
}
