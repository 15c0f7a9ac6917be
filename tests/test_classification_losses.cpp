// cross_entropy and nll_loss with int64 class indices, class probabilities, ignore_index,
// label_smoothing and K-dimensional inputs: values and gradients against PyTorch 1.13's
// (tests/golden/make_loss_golden.py), gradcheck in float64, and the refused targets.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using nn::Reduction;
using xgrad::testing::Fixture;
using xgrad::testing::uniform_leaf64;
namespace F = xgrad::nn::functional;

namespace {

Reduction reduction_named(const std::string& name) {
  if (name == "none") return Reduction::None;
  if (name == "sum") return Reduction::Sum;
  REQUIRE(name == "mean");
  return Reduction::Mean;
}

Tensor apply(const nlohmann::json& options, const Tensor& x, const Tensor& target) {
  const Reduction reduction = reduction_named(options.at("reduction").get<std::string>());
  const auto ignore_index = options.at("ignore_index").get<int64_t>();
  if (options.at("op").get<std::string>() == "nll_loss") {
    return F::nll_loss(x, target, reduction, ignore_index);
  }
  return F::cross_entropy(x, target, reduction, ignore_index,
                          options.at("label_smoothing").get<double>());
}

}  // namespace

TEST_CASE("classification_losses_match_pytorch_values_and_gradients_in_both_dtypes") {
  const Fixture f("classification_losses.json");
  for (const auto& name : f["cases"].get<std::vector<std::string>>()) {
    for (const auto& [dtype, dtype_name] :
         {std::pair{kFloat32, "float32"}, std::pair{kFloat64, "float64"}}) {
      const std::string prefix = name + "/" + dtype_name + "/";
      INFO("case: ", prefix);
      const Tensor x = f.tensor(prefix + "x", dtype).requires_grad_();
      Tensor target = f.tensor(prefix + "target", dtype);
      if (target.sizes() != x.sizes()) target = target.to(kInt64);
      const bool f32 = dtype == kFloat32;
      const double rtol = f32 ? 2e-6 : 1e-12, atol = f32 ? 2e-6 : 1e-13;
      const Tensor out = apply(f[name + "/options"], x, target);
      CHECK(out.dtype() == dtype);
      CHECK(testing::allclose(out, f.tensor(prefix + "out"), rtol, atol));
      (out * f.tensor(prefix + "w", dtype)).sum().backward();
      CHECK(testing::allclose(x.grad(), f.tensor(prefix + "grad_x"), rtol, atol));
    }
  }
}

TEST_CASE("classification_losses_pass_gradcheck_with_int64_indices_and_label_smoothing") {
  manual_seed(7);
  const Tensor t = tensor({4, 0, 2, -100});
  const Tensor t3 = tensor({{0, 2, -100}, {1, 1, 0}});
  const Tensor p = uniform_leaf64({4, 5}, 0, 1).detach();
  for (Reduction r : {Reduction::None, Reduction::Mean, Reduction::Sum}) {
    INFO("reduction " << static_cast<int>(r));
    const Tensor x = uniform_leaf64({4, 5}, -3, 3), x3 = uniform_leaf64({2, 3, 3}, -3, 3);
    for (double s : {0.0, 0.2}) {
      INFO("label_smoothing " << s);
      CHECK(autograd::gradcheck(
          [&](const std::vector<Tensor>& in) { return F::cross_entropy(in[0], t, r, -100, s); },
          {x}));
      CHECK(autograd::gradcheck(
          [&](const std::vector<Tensor>& in) { return F::cross_entropy(in[0], t3, r, -100, s); },
          {x3}));
      CHECK(autograd::gradcheck(
          [&](const std::vector<Tensor>& in) { return F::cross_entropy(in[0], p, r, -100, s); },
          {x}));
    }
    CHECK(autograd::gradcheck(
        [&](const std::vector<Tensor>& in) { return F::nll_loss(in[0], t3, r); }, {x3}));
  }
  CHECK(autograd::gradgradcheck(
      [&](const std::vector<Tensor>& in) {
        return F::cross_entropy(in[0], t3, Reduction::Mean, -100, 0.1);
      },
      {uniform_leaf64({2, 3, 3}, -3, 3)}));
}

TEST_CASE("cross_entropy_refuses_float_class_indices_saying_to_use_int64") {
  const Tensor x = zeros({2, 3});
  CHECK_THROWS_WITH_AS(
      F::cross_entropy(x, tensor({0.0, 1.0})),
      "cross_entropy(): expected scalar type Long but found Float: a target of shape [2] holds "
      "class indices, which must be int64; got float32 (input: [2, 3], target: [2]). Convert it "
      "with .to(kInt64), or give class probabilities of the input's shape",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::nll_loss(x, tensor({0.0, 1.0}, kFloat64)),
                       doctest::Contains("nll_loss(): expected scalar type Long but found Double"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x[0], tensor(1.0)),
                       doctest::Contains("must be int64; got float32"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(zeros({2, 3, 4}), zeros({2, 4})),
                       doctest::Contains("expected scalar type Long but found Float"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({true, false})),
                       "cross_entropy(): expected scalar type Long but found Bool: class indices "
                       "must be int64, got bool",
                       std::invalid_argument);
}

TEST_CASE("classification_losses_refuse_int64_indices_out_of_range_as_pytorch") {
  const Tensor x = zeros({2, 3}, requires_grad());
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({0, 7})), "Target 7 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({-1, 0})), "Target -1 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::nll_loss(x, tensor({3, 0})), "Target 3 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x[0], tensor(int64_t{7})), "Target 7 is out of bounds.",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(F::cross_entropy(zeros({2, 3, 2}), tensor({{0, 1}, {3, 0}})),
                       "Target 3 is out of bounds.", std::out_of_range);
  // ignore_index is skipped even when it names a class; a label_smoothing of 1 is allowed.
  CHECK(F::cross_entropy(x, tensor({2, 0}), Reduction::Mean, 2, 1.0).item<double>() ==
        doctest::Approx(std::log(3.0)));
}

TEST_CASE("cross_entropy_checks_label_smoothing_and_probability_dtypes_as_pytorch") {
  const Tensor x = zeros({2, 3});
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, tensor({0, 1}), Reduction::Mean, -100, 1.5),
                       "label_smoothing must be between 0.0 and 1.0. Got: 1.5",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, zeros({2, 3}), Reduction::Mean, -100, -0.1),
                       "label_smoothing must be between 0.0 and 1.0. Got: -0.1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(x, zeros({2, 3}, kInt64)),
                       "Expected floating point type for target with class probabilities, got Long",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::nll_loss(tensor(1.0), tensor(int64_t{0})),
                       "Expected 1 or more dimensions (got 0)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(F::cross_entropy(zeros({2, 3, 4}), zeros({2, 5}, kInt64)),
                       "cross_entropy(): expected a target of class indices of shape [2, 4] or of "
                       "class probabilities of shape [2, 3, 4], got (input: [2, 3, 4], target: "
                       "[2, 5])",
                       std::invalid_argument);
}

TEST_CASE("cross_entropy_loss_module_carries_label_smoothing") {
  const Tensor x = tensor({{1.0, 2.0, 3.0}, {0.5, -1.0, 2.0}}, kFloat64);
  const nn::CrossEntropyLoss loss(Reduction::Sum, -100, 0.3);
  CHECK(loss.label_smoothing() == 0.3);
  CHECK(loss(x, tensor({2, 0})).item<double>() ==
        F::cross_entropy(x, tensor({2, 0}), Reduction::Sum, -100, 0.3).item<double>());
  const auto copy = std::dynamic_pointer_cast<nn::CrossEntropyLoss>(loss.clone());
  REQUIRE(copy);
  CHECK(copy->label_smoothing() == 0.3);
  CHECK(nn::CrossEntropyLoss().label_smoothing() == 0.0);
}
