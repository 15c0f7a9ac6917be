// nn::utils::clip_grad_norm_ and clip_grad_value_: hand-computed norms and scalings, PyTorch's
// trajectories with clipping before each SGD step (golden/clip_grad_trajectories.json, written
// by golden/make_sgd_golden.py), and their errors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using nn::utils::clip_grad_norm_;
using nn::utils::clip_grad_value_;
using xgrad::testing::Fixture;

namespace {

// A leaf (zeros) that requires grad and whose gradient is `grad`.
Tensor with_grad(const Tensor& grad) {
  Tensor p = zeros_like(grad);
  p.requires_grad_();
  p.set_grad(grad);
  return p;
}

Tensor f64(xt::xarray<double> values) {
  return tensor(std::move(values));
}

}  // namespace

TEST_CASE("clip_grad_norm_returns_the_total_2_norm_and_scales_all_gradients_together") {
  // Taken together the gradients are (3, 4, 12): norm 13.
  Tensor a = with_grad(f64({3.0, 4.0})), b = with_grad(f64({12.0}));
  const Tensor a_grad = a.grad();
  CHECK(clip_grad_norm_({a, b}, 6.5) == doctest::Approx(13.0).epsilon(1e-15));
  const double coef = 6.5 / (13.0 + 1e-6);
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{3.0 * coef, 4.0 * coef}, 1e-15, 0));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{12.0 * coef}, 1e-15, 0));
  CHECK(a.grad().is_same(a_grad));  // scaled in place
}

TEST_CASE("clip_grad_norm_leaves_gradients_within_max_norm_unchanged") {
  Tensor a = with_grad(f64({3.0, 4.0}));
  CHECK(clip_grad_norm_({a}, 5.0 + 1e-6) == doctest::Approx(5.0).epsilon(1e-15));
  CHECK(a.grad().to_xarray<double>() == xt::xarray<double>{3.0, 4.0});
  CHECK(clip_grad_norm_({a}, 100.0) == doctest::Approx(5.0).epsilon(1e-15));
  CHECK(a.grad().to_xarray<double>() == xt::xarray<double>{3.0, 4.0});
  // max_norm exactly the norm still scales, by max_norm / (norm + 1e-6), as PyTorch does.
  clip_grad_norm_({a}, 5.0);
  CHECK(a.grad().to_xarray<double>()(0) < 3.0);
}

TEST_CASE("clip_grad_norm_infinity_norm_is_the_largest_absolute_value") {
  Tensor a = with_grad(f64({-7.0, 2.0})), b = with_grad(f64({3.0, -1.0}));
  CHECK(clip_grad_norm_({a, b}, 3.5, INFINITY) == 7.0);
  const double coef = 3.5 / (7.0 + 1e-6);
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{-7.0 * coef, 2.0 * coef}, 1e-15, 0));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{3.0 * coef, -1.0 * coef}, 1e-15, 0));
}

TEST_CASE("clip_grad_norm_computes_any_p_norm") {
  Tensor a = with_grad(f64({1.0, -2.0})), b = with_grad(f64({3.0}));
  CHECK(clip_grad_norm_({a, b}, 100.0, 1.0) == doctest::Approx(6.0).epsilon(1e-15));
  CHECK(clip_grad_norm_({a, b}, 100.0, 3.0) == doctest::Approx(std::cbrt(36.0)).epsilon(1e-14));
  CHECK(clip_grad_norm_({a, b}, 100.0, 0.5) ==
        doctest::Approx(std::pow(1 + std::sqrt(2.0) + std::sqrt(3.0), 2)).epsilon(1e-14));
}

TEST_CASE("clip_grad_norm_ignores_parameters_without_a_gradient") {
  Tensor a = with_grad(f64({3.0, 4.0}));
  Tensor none = zeros({5}, TensorOptions(kFloat64).requires_grad(true));
  CHECK(clip_grad_norm_({none, a}, 1.0) == doctest::Approx(5.0).epsilon(1e-15));
  CHECK_FALSE(none.grad().defined());
  CHECK(clip_grad_norm_({none}, 1.0) == 0.0);  // no gradient at all: total 0
}

TEST_CASE("clip_grad_norm_keeps_float32_gradients_float32") {
  Tensor a = with_grad(tensor({30.0, 40.0}));
  CHECK(clip_grad_norm_({a}, 1.0) == doctest::Approx(50.0));
  CHECK(a.grad().dtype() == kFloat32);
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{0.6, 0.8}, 1e-6, 0));
}

TEST_CASE("clip_grad_norm_works_on_gradients_that_carry_a_graph") {
  // With create_graph the gradient itself requires grad; clipping runs under no-grad.
  Tensor p = tensor({3.0, 4.0}, TensorOptions(kFloat64).requires_grad(true));
  (p * p * 0.5).sum().backward(Tensor(), false, /*create_graph=*/true);
  REQUIRE(p.grad().requires_grad());
  CHECK(clip_grad_norm_({p}, 1.0) == doctest::Approx(5.0).epsilon(1e-15));
  CHECK(testing::allclose(p.grad(), xt::xarray<double>{0.6, 0.8}, 1e-6, 0));
  clip_grad_value_({p}, 0.7);
  CHECK(testing::allclose(p.grad(), xt::xarray<double>{0.6, 0.7}, 1e-6, 0));
  p.zero_grad();  // breaks the leaf <-> grad reference cycle that create_graph makes
}

TEST_CASE("clip_grad_norm_refuses_non_positive_norm_types_and_can_refuse_non_finite_norms") {
  Tensor a = with_grad(f64({3.0, 4.0}));
  CHECK_THROWS_WITH_AS(clip_grad_norm_({a}, 1.0, 0.0),
                       doctest::Contains("norm_type must be positive"), std::invalid_argument);
  CHECK_THROWS_AS(clip_grad_norm_({a}, 1.0, -2.0), std::invalid_argument);
  CHECK_THROWS_AS(clip_grad_norm_({a}, 1.0, NAN), std::invalid_argument);
  CHECK_THROWS_AS(clip_grad_norm_({Tensor()}, 1.0), std::logic_error);

  Tensor bad = with_grad(f64({NAN, 1.0}));
  CHECK_THROWS_WITH_AS(
      clip_grad_norm_({bad}, 1.0, 2.0, /*error_if_nonfinite=*/true),
      doctest::Contains("The total norm of order 2 for gradients from `parameters` is non-finite"),
      std::runtime_error);
  CHECK(std::isnan(bad.grad().to_xarray<double>()(0)));
  CHECK(bad.grad().to_xarray<double>()(1) == 1.0);  // left alone when it throws
  // Without the flag, as PyTorch: the NaN total is returned and spreads to every gradient.
  CHECK(std::isnan(clip_grad_norm_({bad}, 1.0)));
  CHECK(std::isnan(bad.grad().to_xarray<double>()(1)));
}

TEST_CASE("clip_grad_value_clamps_every_gradient_element") {
  Tensor a = with_grad(f64({{-3.0, 0.5}, {0.1, 2.0}})), b = with_grad(tensor({-0.2, 9.0}));
  Tensor none = zeros({2}, requires_grad());
  clip_grad_value_({a, none, b}, 1.0);
  CHECK(a.grad().to_xarray<double>() == xt::xarray<double>{{-1.0, 0.5}, {0.1, 1.0}});
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{-0.2, 1.0}, 1e-7, 0));
  CHECK(b.grad().dtype() == kFloat32);
  CHECK_FALSE(none.grad().defined());
  clip_grad_value_({a}, 0.0);
  CHECK(a.grad().to_xarray<double>() == xt::zeros<double>({2, 2}));
  CHECK_THROWS_WITH_AS(clip_grad_value_({a}, -1.0),
                       doctest::Contains("clip_value must not be negative"), std::invalid_argument);
}

TEST_CASE("sgd_with_clipping_before_each_step_matches_pytorch_trajectories") {
  const Fixture fx("clip_grad_trajectories.json");
  const Tensor x = fx.tensor("x"), y = fx.tensor("y");
  const auto steps = fx["steps"].get<int64_t>();
  REQUIRE(fx["runs"].size() == 3);
  for (const auto& run : fx["runs"]) {
    const auto name = run.at("name").get<std::string>();
    const auto kind = run.at("clip").get<std::string>();
    const auto limit = run.at("clip_value").get<double>();
    INFO("run " << name);
    Tensor w = fx.tensor("W0").requires_grad_();
    Tensor b = fx.tensor("b0").requires_grad_();
    optim::SGD optimizer(
        {w, b},
        optim::SGDOptions(run.at("lr").get<double>()).momentum(run.at("momentum").get<double>()));
    const Tensor expected_w = fx.tensor(name + "/W"), expected_b = fx.tensor(name + "/b");
    for (int64_t step = 0; step < steps; ++step) {
      INFO("after step " << step + 1);
      optimizer.zero_grad();
      const Tensor r = matmul(w, x) + b - y;
      ((r * r).sum() + w.tanh().sum()).backward();
      if (kind == "value") {
        clip_grad_value_({w, b}, limit);
      } else {
        const double total = clip_grad_norm_({w, b}, limit, kind == "norm_inf" ? INFINITY : 2.0);
        const double expected = fx.tensor(name + "/total_norm")[step].item<double>();
        CHECK(total == doctest::Approx(expected).epsilon(1e-12));
      }
      optimizer.step();
      CHECK(testing::allclose(w, expected_w[step], 1e-9, 1e-12));
      CHECK(testing::allclose(b, expected_b[step], 1e-9, 1e-12));
    }
  }
}
