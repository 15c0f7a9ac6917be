// Numerics at the edges of float range: every op that exponentiates gives finite, correct
// values and gradients for inputs of magnitude 1e4 (where exp overflows in float32 and float64),
// alone and mixed with small values. Expected values are the exact limits.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
namespace F = xgrad::nn::functional;

namespace {

const double kLn2 = std::log(2.0);
const double kSigmoid1 = 0.7310585786300049;  // sigmoid(1)
const double kTanh1 = 0.7615941559557649;     // tanh(1)

bool all_finite(const Tensor& t) {
  return xt::all(xt::isfinite(t.to_xarray<double>()));
}

// One op applied to one input: the forward values it must give and the gradient of
// (output * upstream).sum() with respect to the input.
struct LargeInputCase {
  std::string name;
  xt::xarray<double> input;
  std::function<Tensor(const Tensor&)> op;
  xt::xarray<double> expected;
  xt::xarray<double> expected_grad;
  xt::xarray<double> upstream = xt::xarray<double>(1.0);  // broadcast to the output's shape
};

// The mixed input most cases use: two huge values of opposite sign and two small ones.
const xt::xarray<double> kMixed{1e4, -1e4, 0.0, 1.0};

std::vector<LargeInputCase> large_input_cases() {
  return {
      {"sigmoid",
       kMixed,
       [](const Tensor& x) { return x.sigmoid(); },
       {1.0, 0.0, 0.5, kSigmoid1},
       {0.0, 0.0, 0.25, kSigmoid1 * (1 - kSigmoid1)}},
      {"tanh",
       kMixed,
       [](const Tensor& x) { return x.tanh(); },
       {1.0, -1.0, 0.0, kTanh1},
       {0.0, 0.0, 1.0, 1 - kTanh1 * kTanh1}},
      {"softmax",
       {1e4, 1e4, -1e4, 0.0},
       [](const Tensor& x) { return x.softmax(0); },
       {0.5, 0.5, 0.0, 0.0},
       {-0.25, 0.25, 0.0, 0.0},
       {1.0, 2.0, 3.0, 4.0}},
      {"softmax_of_rows",
       {{1e4, -1e4}, {-1e4, -1e4}},
       [](const Tensor& x) { return x.softmax(1); },
       {{1.0, 0.0}, {0.5, 0.5}},
       {{0.0, 0.0}, {-0.25, 0.25}},
       {{1.0, 2.0}, {1.0, 2.0}}},
      {"log_softmax_of_1e4_and_0",
       {1e4, 0.0},
       [](const Tensor& x) { return x.log_softmax(0); },
       {0.0, -1e4},
       {-1.0, 1.0}},
      {"log_softmax_mixed",
       kMixed,
       [](const Tensor& x) { return x.log_softmax(-1); },
       {0.0, -2e4, -1e4, -9999.0},
       {-3.0, 1.0, 1.0, 1.0}},
      {"logsumexp_of_two_1e4",
       {1e4, 1e4},
       [](const Tensor& x) { return x.logsumexp({0}); },
       xt::xarray<double>(1e4 + kLn2),
       {0.5, 0.5}},
      {"logsumexp_of_two_minus_1e4",
       {-1e4, -1e4},
       [](const Tensor& x) { return x.logsumexp({0}); },
       xt::xarray<double>(-1e4 + kLn2),
       {0.5, 0.5}},
      {"logsumexp_mixed",
       kMixed,
       [](const Tensor& x) { return x.logsumexp({0}); },
       xt::xarray<double>(1e4),
       {1.0, 0.0, 0.0, 0.0}},
      {"cross_entropy_wrong_class",
       {{1e4, -1e4, 0.0, 1.0}},
       [](const Tensor& x) { return F::cross_entropy(x, tensor({1})); },
       xt::xarray<double>(2e4),
       {{1.0, -1.0, 0.0, 0.0}}},
      {"cross_entropy_right_class",
       {{1e4, -1e4, 0.0, 1.0}},
       [](const Tensor& x) { return F::cross_entropy(x, tensor({0})); },
       xt::xarray<double>(0.0),
       {{0.0, 0.0, 0.0, 0.0}}},
      {"cross_entropy_unbatched",
       kMixed,
       [](const Tensor& x) { return F::cross_entropy(x, tensor(int64_t{2})); },
       xt::xarray<double>(1e4),
       {1.0, 0.0, -1.0, 0.0}},
      {"cross_entropy_class_probabilities",
       {{1e4, -1e4, 0.0, 1.0}},
       [](const Tensor& x) {
         return F::cross_entropy(x, tensor({{0.5, 0.5, 0.0, 0.0}}, x.dtype()));
       },
       xt::xarray<double>(1e4),
       {{0.5, -0.5, 0.0, 0.0}}},
      {"binary_cross_entropy_with_logits",
       kMixed,
       [](const Tensor& x) {
         return F::binary_cross_entropy_with_logits(x, tensor({0.0, 1.0, 1.0, 0.0}, x.dtype()),
                                                    nn::Reduction::None);
       },
       {1e4, 1e4, kLn2, 1.0 + std::log1p(std::exp(-1.0))},
       {1.0, -1.0, -0.5, kSigmoid1}},
      {"mse_loss",
       kMixed,
       [](const Tensor& x) { return F::mse_loss(x, -x.detach()); },
       xt::xarray<double>(2e8 + 1.0),
       {1e4, -1e4, 0.0, 1.0}},
  };
}

}  // namespace

TEST_CASE("ops_give_the_exact_limits_and_finite_gradients_for_inputs_of_magnitude_1e4") {
  for (const LargeInputCase& c : large_input_cases()) {
    for (Dtype dtype : {kFloat32, kFloat64}) {
      CAPTURE(c.name);
      CAPTURE(dtype);
      Tensor x = tensor(c.input).to(dtype).requires_grad_();
      const Tensor out = c.op(x);
      CHECK(out.dtype() == dtype);
      CHECK(all_finite(out));
      CHECK(testing::allclose(out, c.expected, 1e-6, 1e-6));
      (out * tensor(c.upstream).to(dtype)).sum().backward();
      REQUIRE(x.grad().defined());
      CHECK(all_finite(x.grad()));
      CHECK(testing::allclose(x.grad(), c.expected_grad, 1e-5, 1e-6));
    }
  }
}

TEST_CASE("gru_cell_and_gru_stay_finite_for_inputs_of_magnitude_1e4") {
  for (Dtype dtype : {kFloat32, kFloat64}) {
    CAPTURE(dtype);
    manual_seed(3);
    const nn::GRUCell cell(nn::GRUCellOptions(4, 3).dtype(dtype));
    Tensor x = tensor({{1e4, -1e4, 0.0, 1.0}, {-1e4, 1e4, 0.0, -1.0}}, dtype).requires_grad_();
    Tensor h = tensor({{1.0, -1.0, 0.5}, {0.0, 0.0, 0.0}}, dtype).requires_grad_();
    const Tensor next = cell(x, h);
    CHECK(all_finite(next));
    CHECK(xt::all(xt::abs(next.to_xarray<double>()) <= 1.0));
    next.sum().backward();
    CHECK(all_finite(x.grad()));
    CHECK(all_finite(h.grad()));
    for (const Tensor& p : cell.parameters()) CHECK(all_finite(p.grad()));

    const nn::GRU gru(nn::GRUOptions(4, 3).num_layers(2).dtype(dtype));
    const Tensor sequence =
        tensor({{{1e4, -1e4, 0.0, 1.0}}, {{-1e4, 1e4, 0.0, -1.0}}, {{1e4, 1e4, 1e4, 1e4}}}, dtype);
    auto [output, h_n] = gru(sequence);
    CHECK(all_finite(output));
    CHECK(all_finite(h_n));
    output.sum().backward();
    for (const Tensor& p : gru.parameters()) CHECK(all_finite(p.grad()));
  }
}

TEST_CASE("exp_overflows_to_inf_and_log_of_zero_is_minus_inf_as_ieee_says") {
  // Not a defect: the exact results are out of range, and PyTorch gives the same.
  for (Dtype dtype : {kFloat32, kFloat64}) {
    CAPTURE(dtype);
    const Tensor big = tensor({1e4, -1e4}, dtype);
    const xt::xarray<double> exps = big.exp().to_xarray<double>();
    CHECK(exps(0) == INFINITY);
    CHECK(exps(1) == 0.0);
    CHECK(zeros({1}, dtype).log().item<double>() == -INFINITY);
    // exp(x - 1e4) stays finite where exp(x) would not: what logsumexp relies on.
    CHECK(testing::allclose((big - 1e4).exp(), xt::xarray<double>{1.0, 0.0}));
  }
}

TEST_CASE("nan_propagates_through_max_amax_relu_clamp_and_the_infinity_norm_as_in_pytorch") {
  const double nan = std::nan("");
  for (Dtype dtype : {kFloat32, kFloat64}) {
    CAPTURE(dtype);
    const Tensor x = tensor({{1.0, nan, 2.0}, {3.0, -1.0, 0.5}}, dtype);
    CHECK(std::isnan(x.max().item<double>()));
    CHECK(std::isnan(tensor({nan, 1.0}, dtype).max().item<double>()));
    CHECK(testing::allclose(x.amax({1}), xt::xarray<double>{nan, 3.0}));
    CHECK(testing::allclose(x.amax({0}), xt::xarray<double>{3.0, nan, 2.0}));
    CHECK(testing::allclose(x.relu(), xt::xarray<double>{{1.0, nan, 2.0}, {3.0, 0.0, 0.5}}));
    CHECK(
        testing::allclose(x.clamp(0.0, 1.0), xt::xarray<double>{{1.0, nan, 1.0}, {1.0, 0.0, 0.5}}));
    CHECK(testing::allclose(clamp(x, std::nullopt, 0.0),
                            xt::xarray<double>{{0.0, nan, 0.0}, {0.0, -1.0, 0.0}}));
    CHECK(std::isnan(x.logsumexp({0, 1}).item<double>()));
  }
  Tensor p = zeros({3}, requires_grad());
  p.set_grad(tensor({1.0, nan, -5.0}));
  CHECK(std::isnan(nn::utils::clip_grad_norm_({p}, 1.0, INFINITY)));
}
