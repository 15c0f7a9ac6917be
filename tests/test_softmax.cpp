// softmax and log_softmax: values against hand/PyTorch numbers, normalisation, gradcheck over
// dims, and finiteness for large float32 inputs.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::f64_grad;
using xgrad::testing::uniform_leaf64;

TEST_CASE("softmax_and_log_softmax_of_a_vector_match_hand_numbers") {
  const Tensor x = tensor({1.0, 2.0, 3.0}, kFloat64);
  // e^i / (e + e^2 + e^3) and i - log(e + e^2 + e^3).
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  const xt::xarray<double> expected{std::exp(1.0) / z, std::exp(2.0) / z, std::exp(3.0) / z};
  CHECK(testing::allclose(x.softmax(0), expected));
  CHECK(testing::allclose(
      softmax(x, -1),
      xt::xarray<double>{0.09003057317038046, 0.24472847105479767, 0.6652409557748219}));
  CHECK(testing::allclose(x.log_softmax(0),
                          xt::xarray<double>{1 - std::log(z), 2 - std::log(z), 3 - std::log(z)}));
  CHECK(testing::allclose(
      log_softmax(x, -1),
      xt::xarray<double>{-2.4076059644443806, -1.4076059644443806, -0.40760596444438063}));
  // Shifting the input changes nothing.
  CHECK(testing::allclose((x + 100.0).softmax(0), expected));
}

TEST_CASE("softmax_and_log_softmax_of_a_matrix_over_dims_0_1_and_minus_1") {
  const Tensor m = tensor({{1.0, 2.0, 3.0}, {1.0, 4.0, 0.0}}, kFloat64);
  // Reference numbers: torch.softmax / torch.log_softmax in float64.
  const xt::xarray<double> soft0{{0.5, 0.11920292202211755, 0.9525741268224334},
                                 {0.5, 0.8807970779778823, 0.04742587317756678}};
  const xt::xarray<double> soft1{{0.09003057317038046, 0.24472847105479767, 0.6652409557748219},
                                 {0.04661262257543247, 0.9362395518765051, 0.017147825548062385}};
  const xt::xarray<double> log0{{-0.6931471805599453, -2.1269280110429727, -0.04858735157374206},
                                {-0.6931471805599453, -0.12692801104297263, -3.048587351573742}};
  const xt::xarray<double> log1{{-2.4076059644443806, -1.4076059644443806, -0.40760596444438063},
                                {-3.0658839037826975, -0.06588390378269738, -4.0658839037826975}};
  CHECK(m.softmax(0).sizes() == Sizes{2, 3});
  CHECK(testing::allclose(m.softmax(0), soft0));
  CHECK(testing::allclose(m.softmax(1), soft1));
  CHECK(testing::allclose(m.softmax(-1), soft1));
  CHECK(testing::allclose(m.softmax(-2), soft0));
  CHECK(testing::allclose(m.log_softmax(0), log0));
  CHECK(testing::allclose(m.log_softmax(1), log1));
  CHECK(testing::allclose(m.log_softmax(-1), log1));
}

TEST_CASE("softmax_slices_sum_to_one_and_log_softmax_is_its_log") {
  manual_seed(21);
  for (Dtype dt : {kFloat32, kFloat64}) {
    const Tensor x = randn({3, 4, 5}, dt) * 3.0;
    for (int64_t dim : {0, 1, 2, -1}) {
      CAPTURE(dim);
      const Tensor s = x.softmax(dim);
      CHECK(s.dtype() == dt);
      CHECK(s.sizes() == Sizes{3, 4, 5});
      const Tensor sums = s.sum({dim});
      CHECK(testing::allclose(sums, ones_like(sums), 1e-5, 1e-6));
      CHECK(xt::all(s.to_xarray<double>() > 0.0));
      const Tensor ls = x.log_softmax(dim);
      CHECK(ls.dtype() == dt);
      CHECK(testing::allclose(ls.exp(), s, 1e-5, 1e-6));
    }
  }
}

TEST_CASE("softmax_gradient_matches_the_jacobian_by_hand") {
  // d softmax_i / d x_j = s_i (delta_ij - s_j); with upstream [1, 0, 0] the grad is s_0 (e_0 - s).
  Tensor x = tensor({1.0, 2.0, 3.0}, f64_grad());
  const Tensor s = x.softmax(0);
  (s * tensor({1.0, 0.0, 0.0}, kFloat64)).sum().backward();
  const xt::xarray<double> sv = s.to_xarray<double>();
  CHECK(testing::allclose(x.grad(),
                          xt::xarray<double>{sv(0) * (1 - sv(0)), -sv(0) * sv(1), -sv(0) * sv(2)}));
  // log_softmax summed: d/dx_j sum_i (x_i - lse) = 1 - 3 s_j.
  Tensor y = tensor({1.0, 2.0, 3.0}, f64_grad());
  y.log_softmax(0).sum().backward();
  CHECK(
      testing::allclose(y.grad(), xt::xarray<double>{1 - 3 * sv(0), 1 - 3 * sv(1), 1 - 3 * sv(2)}));
}

TEST_CASE("softmax_and_log_softmax_gradcheck_over_dims") {
  manual_seed(22);
  const Tensor x = uniform_leaf64({2, 3, 4}, -3.0, 3.0);
  for (int64_t dim : {0, 1, 2, -1, -3}) {
    CAPTURE(dim);
    CHECK(autograd::gradcheck([dim](const std::vector<Tensor>& v) { return v[0].softmax(dim); },
                              {x}));
    CHECK(autograd::gradcheck([dim](const std::vector<Tensor>& v) { return v[0].log_softmax(dim); },
                              {x}));
  }
  const Tensor m = uniform_leaf64({2, 3}, -3.0, 3.0);
  for (int64_t dim : {0, 1, -1}) {
    CAPTURE(dim);
    CHECK(autograd::gradcheck([dim](const std::vector<Tensor>& v) { return softmax(v[0], dim); },
                              {m}));
    CHECK(autograd::gradcheck(
        [dim](const std::vector<Tensor>& v) { return log_softmax(v[0], dim); }, {m}));
    CHECK(autograd::gradgradcheck(
        [dim](const std::vector<Tensor>& v) { return softmax(v[0], dim); }, {m}));
    CHECK(autograd::gradgradcheck(
        [dim](const std::vector<Tensor>& v) { return log_softmax(v[0], dim); }, {m}));
  }
}

TEST_CASE("softmax_and_log_softmax_stay_finite_for_large_float32_inputs") {
  Tensor x = tensor({1e4, 0.0, -1e4}, TensorOptions(kFloat32).requires_grad(true));
  const Tensor s = x.softmax(0);
  CHECK(s.dtype() == kFloat32);
  CHECK(testing::allclose(s, xt::xarray<double>{1, 0, 0}));
  const Tensor ls = x.log_softmax(0);
  CHECK(ls.dtype() == kFloat32);
  CHECK(testing::allclose(ls, xt::xarray<double>{0, -1e4, -2e4}));
  ls.sum().backward();  // 1 - 3 softmax
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{-2, 1, 1}, 1e-5, 1e-6));

  const Tensor rows = tensor({{1e4, 1e4}, {-1e4, 1e4}}, kFloat32);
  CHECK(testing::allclose(rows.softmax(1), xt::xarray<double>{{0.5, 0.5}, {0, 1}}));
  CHECK(testing::allclose(rows.softmax(0), xt::xarray<double>{{1, 0.5}, {0, 0.5}}));
  CHECK(testing::allclose(rows.log_softmax(1),
                          xt::xarray<double>{{-std::log(2.0), -std::log(2.0)}, {-2e4, 0}}, 1e-6));
  CHECK(xt::all(xt::isfinite(rows.log_softmax(0).to_xarray<double>())));
}

TEST_CASE("softmax_refuses_a_dim_out_of_range") {
  const Tensor x = zeros({2, 3});
  CHECK_THROWS_WITH_AS(x.softmax(2), doctest::Contains("Dimension out of range"), std::exception);
  CHECK_THROWS_WITH_AS(x.log_softmax(-3), doctest::Contains("Dimension out of range"),
                       std::exception);
}
