// nn::init: distributions and bounds with fixed seeds, PyTorch's gains and fans, orthogonal
// matrices, and that every function fills parameters in place without recording a graph.
#include <doctest/doctest.h>

#include <cmath>
#include <xgrad/xgrad.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xsort.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
namespace init = xgrad::nn::init;

namespace {

struct Stats {
  double mean, std, min, max;
};

Stats stats_of(const Tensor& t) {
  const xt::xarray<double> v = t.to_xarray<double>();
  const double mean = xt::mean(v)();
  const double var = xt::mean(xt::square(v - mean))();
  return {mean, std::sqrt(var), xt::amin(v)(), xt::amax(v)()};
}

// W W^T for a 2-D tensor, in float64.
xt::xarray<double> gram_rows(const Tensor& w) {
  const Tensor w64 = w.to(kFloat64).reshape({w.size(0), -1});
  return matmul(w64, w64.t()).to_xarray<double>();
}

}  // namespace

TEST_CASE("init_uniform_and_normal_draw_the_requested_distribution") {
  manual_seed(0);
  Tensor t = empty({200, 100}, kFloat64);
  init::uniform_(t, -2.0, 3.0);
  Stats s = stats_of(t);
  CHECK(s.min >= -2.0);
  CHECK(s.max < 3.0);
  CHECK(s.mean == doctest::Approx(0.5).epsilon(0.05));
  CHECK(s.std == doctest::Approx(5.0 / std::sqrt(12.0)).epsilon(0.02));

  init::normal_(t, 1.0, 2.0);
  s = stats_of(t);
  CHECK(s.mean == doctest::Approx(1.0).epsilon(0.05));
  CHECK(s.std == doctest::Approx(2.0).epsilon(0.02));

  init::uniform_(t);  // U(0, 1) by default
  s = stats_of(t);
  CHECK(s.min >= 0.0);
  CHECK(s.max < 1.0);
}

TEST_CASE("init_functions_fill_parameters_in_place_and_record_nothing") {
  Tensor w = zeros({3, 4}, requires_grad());
  const Tensor alias = w.detach();  // shares w's values: sees every fill made in place
  REQUIRE(is_grad_enabled());
  CHECK(init::uniform_(w, -1, 1).is_same(w));
  CHECK(init::normal_(w).is_same(w));
  CHECK(init::xavier_uniform_(w).is_same(w));
  CHECK(init::xavier_normal_(w).is_same(w));
  CHECK(init::kaiming_uniform_(w).is_same(w));
  CHECK(init::kaiming_normal_(w).is_same(w));
  CHECK(init::orthogonal_(w).is_same(w));
  CHECK(init::constant_(w, 0.5).is_same(w));
  CHECK(is_grad_enabled());
  CHECK(w.is_leaf());
  CHECK(w.requires_grad());
  CHECK(w.dtype() == kFloat32);
  CHECK(alias.to_xarray<double>() == xt::xarray<double>(0.5 * xt::ones<double>({3, 4})));
  CHECK_THROWS_AS(init::normal_(Tensor()), std::logic_error);
}

TEST_CASE("init_constant_zeros_and_ones_fill_every_element") {
  Tensor t = empty({2, 3}, kFloat64);
  init::constant_(t, -1.5);
  CHECK(t.to_xarray<double>() == xt::xarray<double>{{-1.5, -1.5, -1.5}, {-1.5, -1.5, -1.5}});
  init::zeros_(t);
  CHECK(t.to_xarray<double>() == xt::zeros<double>({2, 3}));
  init::ones_(t);
  CHECK(t.to_xarray<double>() == xt::ones<double>({2, 3}));
}

TEST_CASE("init_is_repeatable_with_manual_seed") {
  Tensor a = empty({4, 5}), b = empty({4, 5});
  manual_seed(123);
  init::kaiming_uniform_(a);
  init::orthogonal_(b);
  const auto a1 = a.to_xarray<double>(), b1 = b.to_xarray<double>();
  manual_seed(123);
  init::kaiming_uniform_(a);
  init::orthogonal_(b);
  CHECK(a.to_xarray<double>() == a1);
  CHECK(b.to_xarray<double>() == b1);
  manual_seed(124);
  init::kaiming_uniform_(a);
  CHECK(a.to_xarray<double>() != a1);
}

TEST_CASE("calculate_gain_matches_pytorch") {
  for (const char* linear : {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                             "conv_transpose2d", "conv_transpose3d", "sigmoid"}) {
    CHECK(init::calculate_gain(linear) == 1.0);
  }
  CHECK(init::calculate_gain("tanh") == doctest::Approx(5.0 / 3.0).epsilon(1e-15));
  CHECK(init::calculate_gain("relu") == doctest::Approx(std::sqrt(2.0)).epsilon(1e-15));
  CHECK(init::calculate_gain("selu") == 0.75);
  // leaky_relu: sqrt(2 / (1 + slope^2)), slope 0.01 when omitted.
  CHECK(init::calculate_gain("leaky_relu") == doctest::Approx(1.4141428569978354).epsilon(1e-15));
  CHECK(init::calculate_gain("leaky_relu", 0.0) == doctest::Approx(std::sqrt(2.0)).epsilon(1e-15));
  CHECK(init::calculate_gain("leaky_relu", std::sqrt(5.0)) ==
        doctest::Approx(std::sqrt(1.0 / 3.0)).epsilon(1e-15));
  CHECK_THROWS_WITH_AS(init::calculate_gain("tanhh"), "Unsupported nonlinearity tanhh",
                       std::invalid_argument);
}

TEST_CASE("fan_in_and_fan_out_follow_pytorch") {
  CHECK(init::calculate_fan_in_and_fan_out(empty({3, 4})) == std::pair<int64_t, int64_t>{4, 3});
  // A conv weight (out, in, kh, kw): both fans times the receptive field.
  CHECK(init::calculate_fan_in_and_fan_out(empty({16, 8, 3, 3})) ==
        std::pair<int64_t, int64_t>{72, 144});
  CHECK(init::calculate_fan_in_and_fan_out(empty({5, 0})) == std::pair<int64_t, int64_t>{0, 5});
  for (const Shape& shape : {Shape{7}, Shape{}}) {
    CHECK_THROWS_WITH_AS(
        init::calculate_fan_in_and_fan_out(empty(shape)),
        doctest::Contains(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"),
        std::invalid_argument);
    CHECK_THROWS_AS(init::xavier_uniform_(empty(shape)), std::invalid_argument);
    CHECK_THROWS_AS(init::xavier_normal_(empty(shape)), std::invalid_argument);
    CHECK_THROWS_AS(init::kaiming_normal_(empty(shape)), std::invalid_argument);
  }
}

TEST_CASE("xavier_init_scales_with_fan_in_plus_fan_out") {
  manual_seed(1);
  Tensor w = empty({200, 300}, kFloat64);
  init::xavier_uniform_(w, 2.0);
  const double bound = 2.0 * std::sqrt(6.0 / 500.0);
  Stats s = stats_of(w);
  CHECK(s.min >= -bound);
  CHECK(s.max <= bound);
  CHECK(s.max > 0.99 * bound);
  CHECK(s.std == doctest::Approx(bound / std::sqrt(3.0)).epsilon(0.02));

  init::xavier_normal_(w, 0.5);
  s = stats_of(w);
  CHECK(s.mean == doctest::Approx(0.0).epsilon(0.01));
  CHECK(s.std == doctest::Approx(0.5 * std::sqrt(2.0 / 500.0)).epsilon(0.02));
}

TEST_CASE("kaiming_init_scales_with_the_chosen_fan_and_gain") {
  manual_seed(2);
  Tensor w = empty({256, 128}, kFloat64);
  // Defaults: a = 0, fan_in, leaky_relu: gain sqrt(2), bound sqrt(6 / fan_in).
  init::kaiming_uniform_(w);
  Stats s = stats_of(w);
  double bound = std::sqrt(6.0 / 128.0);
  CHECK(s.min >= -bound);
  CHECK(s.max <= bound);
  CHECK(s.max > 0.99 * bound);

  init::kaiming_uniform_(w, 0.0, init::FanMode::FanOut);
  s = stats_of(w);
  bound = std::sqrt(6.0 / 256.0);
  CHECK(s.max <= bound);
  CHECK(s.max > 0.99 * bound);

  // PyTorch's Linear default, a = sqrt(5): bound 1 / sqrt(fan_in).
  init::kaiming_uniform_(w, std::sqrt(5.0));
  s = stats_of(w);
  bound = 1.0 / std::sqrt(128.0);
  CHECK(s.max <= bound * (1 + 1e-12));
  CHECK(s.max > 0.99 * bound);

  init::kaiming_normal_(w, 0.0, init::FanMode::FanIn, "relu");
  s = stats_of(w);
  CHECK(s.std == doctest::Approx(std::sqrt(2.0 / 128.0)).epsilon(0.02));
  init::kaiming_normal_(w, 0.0, init::FanMode::FanOut, "tanh");
  s = stats_of(w);
  CHECK(s.std == doctest::Approx(5.0 / 3.0 / std::sqrt(256.0)).epsilon(0.02));
  CHECK_THROWS_WITH_AS(init::kaiming_normal_(w, 0.0, init::FanMode::FanIn, "swish"),
                       "Unsupported nonlinearity swish", std::invalid_argument);
}

TEST_CASE("kaiming_init_leaves_a_tensor_without_elements_alone") {
  Tensor empty_w = empty({0, 3});
  CHECK_NOTHROW(init::kaiming_uniform_(empty_w));
  CHECK_NOTHROW(init::kaiming_normal_(empty({4, 0})));
  CHECK(empty_w.numel() == 0);
}

TEST_CASE("orthogonal_init_gives_orthonormal_rows_or_columns") {
  manual_seed(3);
  Tensor wide = empty({3, 5}, kFloat64);
  init::orthogonal_(wide);  // fewer rows than columns: W W^T = I
  CHECK(
      testing::allclose(tensor(gram_rows(wide)), xt::xarray<double>(xt::eye<double>(3)), 0, 1e-12));

  Tensor tall = empty({5, 3}, kFloat64);
  init::orthogonal_(tall, 2.0);  // more rows: W^T W = gain^2 I
  CHECK(testing::allclose(matmul(tall.t(), tall), xt::xarray<double>(4.0 * xt::eye<double>(3)), 0,
                          1e-12));

  Tensor square = empty({4, 4});  // float32, orthogonal both ways
  init::orthogonal_(square);
  CHECK(testing::allclose(tensor(gram_rows(square)), xt::xarray<double>(xt::eye<double>(4)), 0,
                          1e-5));
  CHECK(testing::allclose(matmul(square.t(), square), xt::xarray<double>(xt::eye<double>(4)), 0,
                          1e-5));

  Tensor conv = empty({2, 3, 2, 2}, kFloat64);  // viewed as (2, 12)
  init::orthogonal_(conv);
  CHECK(conv.sizes() == Sizes{2, 3, 2, 2});
  CHECK(
      testing::allclose(tensor(gram_rows(conv)), xt::xarray<double>(xt::eye<double>(2)), 0, 1e-12));

  CHECK_THROWS_WITH_AS(init::orthogonal_(empty({4})),
                       doctest::Contains("Only tensors with 2 or more dimensions are supported"),
                       std::invalid_argument);
  CHECK_NOTHROW(init::orthogonal_(empty({0, 4})));
}

TEST_CASE("orthogonal_init_is_not_a_fixed_matrix") {
  // The random draw matters: two seeds give different orthogonal matrices, and an entry of a
  // 64 x 64 one is small (about 1/8), unlike a permuted identity.
  Tensor a = empty({64, 64}, kFloat64), b = empty({64, 64}, kFloat64);
  manual_seed(10);
  init::orthogonal_(a);
  manual_seed(11);
  init::orthogonal_(b);
  CHECK(a.to_xarray<double>() != b.to_xarray<double>());
  const Stats s = stats_of(a);
  CHECK(s.std == doctest::Approx(1.0 / 8.0).epsilon(0.05));
  CHECK(s.max < 0.6);
}

TEST_CASE("orthogonal_init_is_q_of_a_normal_draw_with_r_diagonal_made_positive") {
  // orthogonal_ of a (5, 3) tensor draws a (5, 3) standard normal A from the global generator;
  // the result W (Q with its columns' signs fixed) then gives W^T A = R upper triangular with a
  // positive diagonal, which makes W uniformly distributed over orthogonal matrices.
  manual_seed(5);
  const Tensor a = empty({5, 3}, kFloat64).normal_();
  manual_seed(5);
  Tensor w = empty({5, 3}, kFloat64);
  init::orthogonal_(w);
  const xt::xarray<double> r = matmul(w.t(), a).to_xarray<double>();
  for (size_t i = 0; i < 3; ++i) {
    CHECK(r(i, i) > 0.0);
    for (size_t j = 0; j < i; ++j) CHECK(std::abs(r(i, j)) < 1e-12);
  }
}
