#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
namespace F = xgrad::nn::functional;
using V = std::vector<Tensor>;

TEST_CASE("layer_norm_matches_pytorch") {
  const xgrad::testing::Fixture f("layers.json");
  for (const std::string case_name :
       {"layer_norm_2d", "layer_norm_3d", "layer_norm_3d_two_dims", "layer_norm_3d_no_affine"}) {
    const auto normalized_shape = f[case_name + "/normalized_shape"].get<std::vector<int64_t>>();
    const bool affine = f[case_name + "/affine"].get<bool>();
    for (const std::string dtype_name : {"float64", "float32"}) {
      CAPTURE(case_name);
      CAPTURE(dtype_name);
      const Dtype dtype = dtype_name == "float64" ? kFloat64 : kFloat32;
      const double tol = dtype == kFloat64 ? 1e-9 : 1e-5;
      const std::string prefix = case_name + "/" + dtype_name + "/";
      nn::LayerNorm norm(
          nn::LayerNormOptions(normalized_shape).elementwise_affine(affine).dtype(dtype));
      CHECK(norm.parameters().size() == (affine ? 2u : 0u));
      if (affine) {
        NoGradGuard no_grad;
        norm.weight.copy_(f.tensor(prefix + "weight"));
        norm.bias.copy_(f.tensor(prefix + "bias"));
      }
      const Tensor x = f.tensor(prefix + "x", dtype).requires_grad_();
      const Tensor y = norm(x);
      CHECK(y.dtype() == dtype);
      CHECK(testing::allclose(y, f.tensor(prefix + "out"), tol, tol));
      (y * f.tensor(prefix + "w", dtype)).sum().backward();
      CHECK(testing::allclose(x.grad(), f.tensor(prefix + "grad_x"), tol, tol));
      if (affine) {
        CHECK(testing::allclose(norm.weight.grad(), f.tensor(prefix + "grad_weight"), tol, tol));
        CHECK(testing::allclose(norm.bias.grad(), f.tensor(prefix + "grad_bias"), tol, tol));
      }
    }
  }
}

TEST_CASE("layer_norm_starts_with_weight_ones_and_bias_zeros") {
  nn::LayerNorm norm(nn::LayerNormOptions({2, 3}));
  CHECK(norm.weight.sizes() == Sizes{2, 3});
  CHECK(testing::allclose(norm.weight, ones({2, 3}), 0, 0));
  CHECK(testing::allclose(norm.bias, zeros({2, 3}), 0, 0));
  CHECK(norm.named_parameters()[0].first == "weight");
  CHECK(norm.named_parameters()[1].first == "bias");
}

TEST_CASE("layer_norm_passes_gradcheck_and_gradgradcheck") {
  manual_seed(7);
  const Tensor x = xgrad::testing::uniform_leaf64({3, 2, 4}, -2.0, 2.0);
  const Tensor weight = xgrad::testing::uniform_leaf64({2, 4}, 0.5, 1.5);
  const Tensor bias = xgrad::testing::uniform_leaf64({2, 4});
  const auto fn = [](const V& v) { return F::layer_norm(v[0], {2, 4}, v[1], v[2]); };
  CHECK(autograd::gradcheck(fn, {x, weight, bias}));
  CHECK(autograd::gradgradcheck(fn, {x, weight, bias}));
  nn::LayerNorm norm(nn::LayerNormOptions({4}).dtype(kFloat64));
  CHECK(autograd::gradcheck([](const V& v) { return F::layer_norm(v[0], {4}, v[1], v[2], 1e-3); },
                            {x, norm.weight, norm.bias}));
  CHECK(autograd::gradgradcheck([](const V& v) { return F::layer_norm(v[0], {4}); }, {x}));
}

TEST_CASE("layer_norm_prints_as_pytorch") {
  std::ostringstream os;
  os << nn::LayerNorm(nn::LayerNormOptions({5})) << '\n'
     << nn::LayerNorm(nn::LayerNormOptions({2, 3}).eps(1e-6).elementwise_affine(false));
  CHECK(os.str() ==
        "LayerNorm((5,), eps=1e-05, elementwise_affine=true)\n"
        "LayerNorm((2, 3), eps=1e-06, elementwise_affine=false)");
}

TEST_CASE("layer_norm_clone_has_independent_parameters") {
  nn::LayerNorm norm(nn::LayerNormOptions({3}).eps(1e-3));
  const auto copy = std::dynamic_pointer_cast<nn::LayerNorm>(norm.clone());
  REQUIRE(copy);
  CHECK(copy->options().eps() == 1e-3);
  {
    NoGradGuard no_grad;
    copy->weight.fill_(2.0);
  }
  CHECK(testing::allclose(norm.weight, ones({3}), 0, 0));
}
