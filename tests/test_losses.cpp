// nn losses (functional and module forms): values against PyTorch 1.13 (numbers printed by
// torch.nn.functional in float64), gradients by finite differences, every error path, and
// finiteness for logits of magnitude 1e4 in float32.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using nn::Reduction;
using xgrad::testing::f64_grad;
using xgrad::testing::uniform_leaf64;
namespace F = xgrad::nn::functional;

namespace {

// The inputs of the PyTorch reference numbers below.
Tensor logits() {
  return tensor({{1.0, 2.0, 3.0}, {0.5, -1.0, 2.0}}, kFloat64);
}
Tensor indices() {
  return tensor({2, 0});
}
Tensor probabilities() {
  return tensor({{0.2, 0.3, 0.5}, {1.0, 0.0, 0.0}}, kFloat64);
}
Tensor soft_labels() {
  return tensor({{0.0, 1.0, 0.5}, {1.0, 1.0, 0.0}}, kFloat64);
}

bool all_finite(const Tensor& t) {
  return xt::all(xt::isfinite(t.to_xarray<double>()));
}

}  // namespace

TEST_CASE("mse_loss_matches_pytorch_for_each_reduction") {
  const Tensor x = logits(), y = soft_labels();
  CHECK(F::mse_loss(x, y).item<double>() == doctest::Approx(2.75).epsilon(1e-15));
  CHECK(F::mse_loss(x, y, Reduction::Sum).item<double>() == doctest::Approx(16.5).epsilon(1e-15));
  CHECK(testing::allclose(F::mse_loss(x, y, Reduction::None),
                          xt::xarray<double>{{1.0, 1.0, 6.25}, {0.25, 4.0, 4.0}}, 1e-15, 0));
}

TEST_CASE("cross_entropy_with_class_indices_matches_pytorch") {
  const Tensor x = logits(), t = indices();
  CHECK(F::cross_entropy(x, t).item<double>() ==
        doctest::Approx(1.0744586305507688).epsilon(1e-14));
  CHECK(F::cross_entropy(x, t, Reduction::Sum).item<double>() ==
        doctest::Approx(2.1489172611015377).epsilon(1e-14));
  CHECK(testing::allclose(F::cross_entropy(x, t, Reduction::None),
                          xt::xarray<double>{0.4076059644443804, 1.7413112966571571}, 1e-14, 0));
  // Unbatched: input (C), target ().
  const Tensor one = F::cross_entropy(x[0], t[0]);
  CHECK(one.dim() == 0);
  CHECK(one.item<double>() == doctest::Approx(0.4076059644443804).epsilon(1e-14));
  CHECK(F::cross_entropy(x[0], t[0], Reduction::None).dim() == 0);
}

TEST_CASE("cross_entropy_gradient_is_softmax_minus_one_hot_over_n") {
  Tensor x = logits().requires_grad_();
  F::cross_entropy(x, indices()).backward();
  CHECK(testing::allclose(
      x.grad(),
      xt::xarray<double>{{0.04501528658519022, 0.12236423552739882, -0.1673795221125891},
                         {-0.41235480392998164, 0.019556286635343725, 0.39279851729463794}},
      1e-13, 1e-16));
  const Tensor expected =
      (softmax(logits(), 1) - tensor({{0.0, 0.0, 1.0}, {1.0, 0.0, 0.0}}, kFloat64)) / 2.0;
  CHECK(testing::allclose(x.grad(), expected, 1e-13, 1e-16));
}

TEST_CASE("cross_entropy_with_class_probabilities_matches_pytorch") {
  const Tensor x = logits(), p = probabilities();
  CHECK(F::cross_entropy(x, p).item<double>() == doctest::Approx(1.424458630550769).epsilon(1e-14));
  CHECK(testing::allclose(F::cross_entropy(x, p, Reduction::None),
                          xt::xarray<double>{1.1076059644443805, 1.7413112966571571}, 1e-14, 0));
  CHECK(F::cross_entropy(x, p, Reduction::Sum).item<double>() ==
        doctest::Approx(1.1076059644443805 + 1.7413112966571571).epsilon(1e-14));
  CHECK(F::cross_entropy(x[0], p[0]).item<double>() ==
        doctest::Approx(1.1076059644443805).epsilon(1e-14));
  // One-hot probabilities give the same loss as the indices.
  const Tensor one_hot = tensor({{0.0, 0.0, 1.0}, {1.0, 0.0, 0.0}}, kFloat64);
  CHECK(testing::allclose(F::cross_entropy(x, one_hot, Reduction::None),
                          F::cross_entropy(x, indices(), Reduction::None), 1e-15, 0));
}

TEST_CASE("cross_entropy_ignores_targets_equal_to_ignore_index") {
  const Tensor x = logits(), t = tensor({2, -100});
  // The mean counts only the samples not ignored.
  CHECK(F::cross_entropy(x, t).item<double>() ==
        doctest::Approx(0.4076059644443804).epsilon(1e-14));
  CHECK(testing::allclose(F::cross_entropy(x, t, Reduction::None),
                          xt::xarray<double>{0.4076059644443804, 0.0}, 1e-14, 0));
  CHECK(std::isnan(F::cross_entropy(x, tensor({-100, -100})).item<double>()));
  CHECK(F::cross_entropy(x, tensor({2, 1}), Reduction::Mean, /*ignore_index=*/1).item<double>() ==
        doctest::Approx(0.4076059644443804).epsilon(1e-14));
  Tensor xg = logits().requires_grad_();
  F::cross_entropy(xg, t).backward();
  CHECK(xg.grad()[1].to_xarray<double>() == xt::zeros<double>({3}));
}

TEST_CASE("nll_loss_picks_the_negative_log_probability_of_the_target") {
  const Tensor logp = tensor({{-1.0, -2.0, -3.0}, {-0.5, -4.0, -0.25}}, kFloat64);
  CHECK(testing::allclose(F::nll_loss(logp, tensor({1, 2}), Reduction::None),
                          xt::xarray<double>{2.0, 0.25}, 0, 0));
  CHECK(F::nll_loss(logp, tensor({1, 2})).item<double>() == 1.125);
  CHECK(F::nll_loss(logp, tensor({1, 2}), Reduction::Sum).item<double>() == 2.25);
  CHECK(F::nll_loss(logp[1], tensor(int64_t{0})).item<double>() == 0.5);
}

TEST_CASE("binary_cross_entropy_with_logits_matches_pytorch") {
  const Tensor x = logits(), y = soft_labels();
  CHECK(F::binary_cross_entropy_with_logits(x, y).item<double>() ==
        doctest::Approx(1.1505072888127066).epsilon(1e-14));
  CHECK(F::binary_cross_entropy_with_logits(x, y, Reduction::Sum).item<double>() ==
        doctest::Approx(6.903043732876239).epsilon(1e-14));
  CHECK(testing::allclose(
      F::binary_cross_entropy_with_logits(x, y, Reduction::None),
      xt::xarray<double>{{1.3132616875182228, 0.1269280110429726, 1.548587351573742},
                         {0.4740769841801067, 1.3132616875182228, 2.1269280110429727}},
      1e-14, 0));
}

TEST_CASE("binary_cross_entropy_with_logits_gradients_are_sigmoid_minus_target_and_minus_input") {
  Tensor x = logits().requires_grad_(), y = soft_labels().requires_grad_();
  F::binary_cross_entropy_with_logits(x, y, Reduction::Sum).backward();
  CHECK(testing::allclose(x.grad(), sigmoid(logits()) - soft_labels(), 1e-15, 1e-16));
  CHECK(testing::allclose(y.grad(), -logits(), 0, 0));
}

TEST_CASE("losses_pass_gradcheck_in_float64_for_every_reduction") {
  manual_seed(0);
  for (Reduction r : {Reduction::None, Reduction::Mean, Reduction::Sum}) {
    INFO("reduction " << static_cast<int>(r));
    const Tensor x = uniform_leaf64({4, 5}, -3, 3), y = uniform_leaf64({4, 5}, 0, 1);
    CHECK(autograd::gradcheck(
        [r](const std::vector<Tensor>& in) { return F::mse_loss(in[0], in[1], r); }, {x, y}));
    CHECK(autograd::gradcheck(
        [r](const std::vector<Tensor>& in) {
          return F::binary_cross_entropy_with_logits(in[0], in[1], r);
        },
        {x, y}));
    const Tensor t = tensor({4, 0, 2, -100});
    CHECK(autograd::gradcheck(
        [r, t](const std::vector<Tensor>& in) { return F::cross_entropy(in[0], t, r); }, {x}));
    CHECK(autograd::gradcheck(
        [r, t](const std::vector<Tensor>& in) { return F::nll_loss(in[0], t, r); }, {x}));
    // Class probabilities: differentiable in the target too.
    CHECK(autograd::gradcheck(
        [r](const std::vector<Tensor>& in) { return F::cross_entropy(in[0], in[1], r); }, {x, y}));
    // Unbatched.
    CHECK(autograd::gradcheck(
        [r](const std::vector<Tensor>& in) {
          return F::cross_entropy(in[0], tensor(int64_t{3}), r);
        },
        {uniform_leaf64({5}, -3, 3)}));
  }
}

TEST_CASE("losses_support_double_backward") {
  manual_seed(1);
  const Tensor x = uniform_leaf64({3, 4}, -3, 3), y = uniform_leaf64({3, 4}, 0, 1);
  const Tensor t = tensor({3, 1, 0});
  CHECK(autograd::gradgradcheck(
      [t](const std::vector<Tensor>& in) { return F::cross_entropy(in[0], t); }, {x}));
  CHECK(autograd::gradgradcheck(
      [](const std::vector<Tensor>& in) {
        return F::binary_cross_entropy_with_logits(in[0], in[1]);
      },
      {x, y}));
  CHECK(autograd::gradgradcheck(
      [](const std::vector<Tensor>& in) { return F::mse_loss(in[0], in[1]); }, {x, y}));
}

TEST_CASE("losses_stay_finite_for_float32_logits_of_magnitude_1e4") {
  Tensor x = tensor({{1e4, -1e4, 0.0}}, requires_grad());
  const Tensor ce = F::cross_entropy(x, tensor({1}));
  CHECK(ce.dtype() == kFloat32);
  CHECK(ce.item<double>() == 20000.0);
  ce.backward();
  CHECK(all_finite(x.grad()));
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{{1.0, -1.0, 0.0}}, 0, 1e-6));

  Tensor z = tensor({1e4, -1e4, 3.0}, requires_grad());
  const Tensor bce =
      F::binary_cross_entropy_with_logits(z, tensor({0.0, 1.0, 1.0}), Reduction::None);
  CHECK(testing::allclose(bce, xt::xarray<double>{1e4, 1e4, 0.04858732968568802}, 1e-6, 0));
  bce.sum().backward();
  CHECK(testing::allclose(z.grad(), xt::xarray<double>{1.0, -1.0, -0.04742586612701416}, 1e-6, 0));

  Tensor p = tensor({{-1e4, 1e4}}, requires_grad());
  const Tensor soft = F::cross_entropy(p, tensor({{0.5, 0.5}}));
  CHECK(soft.item<double>() == doctest::Approx(1e4));
  soft.backward();
  CHECK(all_finite(p.grad()));
}

TEST_CASE("mse_and_bce_refuse_mismatched_shapes_naming_both") {
  const Tensor a = zeros({2, 3}), b = zeros({3});
  CHECK_THROWS_WITH_AS(
      F::mse_loss(a, b),
      doctest::Contains("Using a target size ([3]) that is different to the input size ([2, 3])"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::binary_cross_entropy_with_logits(a, zeros({2, 4})),
                       "Target size ([2, 4]) must be the same as input size ([2, 3])",
                       std::invalid_argument);
  CHECK_THROWS_AS(F::mse_loss(Tensor(), b), std::exception);
  CHECK_THROWS_AS(F::binary_cross_entropy_with_logits(a, Tensor()), std::exception);
}

TEST_CASE("cross_entropy_refuses_bad_shapes_naming_both") {
  const Tensor x = logits();
  CHECK_THROWS_WITH_AS(F::cross_entropy(zeros({}), zeros({})),
                       "Expected 1 or more dimensions (got 0)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      F::cross_entropy(x, tensor({1.0, 0.0, 1.0})),
      "Expected input batch_size (2) to match target batch_size (3). (input: [2, 3], target: [3])",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      F::cross_entropy(x, zeros({2, 4})),
      "cross_entropy(): expected a target of class indices of shape [2] or of class probabilities "
      "of shape [2, 3], got (input: [2, 3], target: [2, 4])",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, zeros({})), doctest::Contains("target: []"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x[0], zeros({2})),
                       doctest::Contains("(input: [3], target: [2])"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      F::nll_loss(x, zeros({2, 3})),
      doctest::Contains("nll_loss(): expected a target of class indices of shape [2], got"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, probabilities(), Reduction::Mean, /*ignore_index=*/0),
                       "ignore_index is not supported for floating point target",
                       std::invalid_argument);
}

TEST_CASE("cross_entropy_refuses_out_of_range_and_float_class_indices") {
  const Tensor x = logits();
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({5, 0})), "Target 5 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({0, 3})), "Target 3 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({-1, 0})), "Target -1 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x[0], tensor(int64_t{7})), "Target 7 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::nll_loss(x, tensor({int64_t{1} << 62, int64_t{0}})),
                       "Target 4611686018427387904 is out of bounds.", std::out_of_range);
  CHECK_THROWS_WITH_AS(
      F::cross_entropy(x, tensor({1.5, 0.0})),
      doctest::Contains("cross_entropy(): expected scalar type Long but found Float"),
      std::invalid_argument);
  CHECK_THROWS_AS(F::cross_entropy(x, tensor({NAN, 0.0})), std::invalid_argument);
}

TEST_CASE("loss_modules_forward_to_the_functional_forms_and_print_like_pytorch") {
  const Tensor x = logits(), y = soft_labels();
  const nn::MSELoss mse;
  CHECK(mse(x, y).item<double>() == F::mse_loss(x, y).item<double>());
  CHECK(mse.reduction() == Reduction::Mean);
  const nn::MSELoss mse_sum(Reduction::Sum);
  CHECK(mse_sum.forward(x, y).item<double>() == 16.5);

  const nn::CrossEntropyLoss ce(Reduction::None);
  CHECK(testing::allclose(ce(x, indices()), F::cross_entropy(x, indices(), Reduction::None), 0, 0));
  CHECK(ce.ignore_index() == -100);
  CHECK(nn::CrossEntropyLoss(Reduction::Mean, 0)(x, tensor({2, 0})).item<double>() ==
        doctest::Approx(0.4076059644443804).epsilon(1e-14));

  const nn::BCEWithLogitsLoss bce(Reduction::Sum);
  CHECK(bce(x, y).item<double>() ==
        F::binary_cross_entropy_with_logits(x, y, Reduction::Sum).item<double>());

  std::ostringstream os;
  os << mse << ' ' << ce << ' ' << bce;
  CHECK(os.str() == "MSELoss() CrossEntropyLoss() BCEWithLogitsLoss()");
  CHECK(mse.parameters().empty());
}
