// optim::SGD and the Optimizer base: PyTorch's trajectories for every option combination
// (golden/sgd_trajectories.json, written by golden/make_sgd_golden.py), construction errors in
// PyTorch's words, skipped parameters, zero_grad and momentum buffers.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;

namespace {

// The golden problem: loss = ((W @ x + b - y)^2).sum() + W.tanh().sum().
Tensor golden_loss(const Tensor& w, const Tensor& b, const Tensor& x, const Tensor& y) {
  const Tensor r = matmul(w, x) + b - y;
  return (r * r).sum() + w.tanh().sum();
}

optim::SGDOptions options_of(const nlohmann::json& run) {
  return optim::SGDOptions(run.at("lr").get<double>())
      .momentum(run.at("momentum").get<double>())
      .dampening(run.at("dampening").get<double>())
      .nesterov(run.at("nesterov").get<bool>())
      .weight_decay(run.at("weight_decay").get<double>())
      .maximize(run.at("maximize").get<bool>());
}

}  // namespace

TEST_CASE("sgd_matches_pytorch_trajectories_for_every_option_combination") {
  const Fixture fx("sgd_trajectories.json");
  const Tensor x = fx.tensor("x"), y = fx.tensor("y");
  const auto steps = fx["steps"].get<int64_t>();
  // momentum {0, 0.9} x dampening {0, 0.3} x nesterov (valid only with momentum and no
  // dampening) x weight_decay {0, 0.05} x maximize: 8 + 12 runs.
  REQUIRE(fx["runs"].size() == 20);
  for (const auto& run : fx["runs"]) {
    const auto name = run.at("name").get<std::string>();
    INFO("run " << name);
    Tensor w = fx.tensor("W0").requires_grad_();
    Tensor b = fx.tensor("b0").requires_grad_();
    optim::SGD optimizer({w, b}, options_of(run));
    const Tensor expected_w = fx.tensor(name + "/W"), expected_b = fx.tensor(name + "/b");
    for (int64_t step = 0; step < steps; ++step) {
      INFO("after step " << step + 1);
      optimizer.zero_grad();
      golden_loss(w, b, x, y).backward();
      optimizer.step();
      CHECK(testing::allclose(w, expected_w[step], 1e-9, 1e-12));
      CHECK(testing::allclose(b, expected_b[step], 1e-9, 1e-12));
    }
  }
}

TEST_CASE("sgd_refuses_invalid_options_in_pytorch_words") {
  const Tensor p = zeros({2}, requires_grad());
  CHECK_THROWS_WITH_AS(optim::SGD({p}, optim::SGDOptions(-1)), "Invalid learning rate: -1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(optim::SGD({p}, optim::SGDOptions(0.1).momentum(-0.5)),
                       "Invalid momentum value: -0.5", std::invalid_argument);
  CHECK_THROWS_WITH_AS(optim::SGD({p}, optim::SGDOptions(0.1).weight_decay(-1)),
                       "Invalid weight_decay value: -1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(optim::SGD({p}, optim::SGDOptions(0.1).nesterov(true)),
                       "Nesterov momentum requires a momentum and zero dampening",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      optim::SGD({p}, optim::SGDOptions(0.1).momentum(0.9).dampening(0.3).nesterov(true)),
      "Nesterov momentum requires a momentum and zero dampening", std::invalid_argument);
  CHECK_THROWS_WITH_AS(optim::SGD({p}, optim::SGDOptions(NAN)), "Invalid learning rate: nan",
                       std::invalid_argument);
  // The options are checked before the parameters, as in PyTorch.
  CHECK_THROWS_WITH_AS(optim::SGD({}, optim::SGDOptions(-1)), "Invalid learning rate: -1",
                       std::invalid_argument);
  // Zero is valid everywhere, and nesterov with momentum and no dampening.
  CHECK_NOTHROW(optim::SGD({p}, optim::SGDOptions(0).momentum(0).weight_decay(0)));
  CHECK_NOTHROW(optim::SGD({p}, optim::SGDOptions(0.1).momentum(0.9).nesterov(true)));
}

TEST_CASE("optimizer_refuses_an_empty_list_undefined_and_non_leaf_parameters") {
  CHECK_THROWS_WITH_AS(optim::SGD({}, optim::SGDOptions(0.1)),
                       "optimizer got an empty parameter list", std::invalid_argument);
  const Tensor leaf = ones({2}, requires_grad());
  CHECK_THROWS_WITH_AS(optim::SGD({leaf, leaf * 2.0}, optim::SGDOptions(0.1)),
                       "can't optimize a non-leaf Tensor", std::invalid_argument);
  CHECK_THROWS_WITH_AS(optim::SGD({leaf, Tensor()}, optim::SGDOptions(0.1)),
                       "add_param_group(): expected a defined Tensor, but got an undefined Tensor",
                       std::logic_error);
}

TEST_CASE("optimizer_accepts_a_leaf_without_requires_grad_and_never_changes_it") {
  // As in PyTorch: such a tensor never gets a gradient, so every step skips it.
  Tensor frozen = tensor({1.0, 2.0});
  Tensor trained = tensor({1.0, 2.0}, requires_grad());
  optim::SGD optimizer({frozen, trained}, optim::SGDOptions(0.5).momentum(0.9));
  (frozen * trained).sum().backward();
  optimizer.step();
  CHECK(frozen.to_xarray<double>() == xt::xarray<double>{1.0, 2.0});
  CHECK(trained.to_xarray<double>() == xt::xarray<double>{0.5, 1.0});
  CHECK_FALSE(optimizer.momentum_buffer(0).defined());
}

TEST_CASE("sgd_skips_parameters_without_a_gradient") {
  Tensor used = tensor({1.0, 2.0}, TensorOptions(kFloat64).requires_grad(true));
  Tensor unused = tensor({3.0, 4.0}, TensorOptions(kFloat64).requires_grad(true));
  optim::SGD optimizer({used, unused}, optim::SGDOptions(0.1).momentum(0.9).weight_decay(0.5));
  (used * used).sum().backward();  // grad 2 * used = [2, 4]
  optimizer.step();
  // Even weight decay leaves the parameter without a gradient alone.
  CHECK(unused.to_xarray<double>() == xt::xarray<double>{3.0, 4.0});
  CHECK_FALSE(unused.grad().defined());
  CHECK_FALSE(optimizer.momentum_buffer(1).defined());
  // used: g = [2, 4] + 0.5 * [1, 2] = [2.5, 5]; p = p - 0.1 g.
  CHECK(testing::allclose(used, xt::xarray<double>{0.75, 1.5}, 0, 1e-15));
  CHECK(testing::allclose(optimizer.momentum_buffer(0), xt::xarray<double>{2.5, 5.0}, 0, 1e-15));
}

TEST_CASE("momentum_buffers_persist_across_steps_and_follow_pytorchs_rule") {
  Tensor p = tensor({1.0, -2.0}, TensorOptions(kFloat64).requires_grad(true));
  optim::SGD optimizer({p}, optim::SGDOptions(0.1).momentum(0.9).dampening(0.3));
  CHECK_FALSE(optimizer.momentum_buffer(0).defined());  // no state before the first step
  CHECK_THROWS_AS(optimizer.momentum_buffer(1), std::out_of_range);

  const Tensor g = tensor({1.0, -1.0}, kFloat64);
  p.set_grad(g.clone());
  optimizer.step();
  const Tensor first = optimizer.momentum_buffer(0);
  // The first step takes the gradient whole: no dampening.
  CHECK(testing::allclose(first, xt::xarray<double>{1.0, -1.0}, 0, 1e-15));
  CHECK(testing::allclose(p, xt::xarray<double>{0.9, -1.9}, 0, 1e-15));

  p.set_grad(g.clone());
  optimizer.step();
  // buf = 0.9 * buf + (1 - 0.3) * g = 1.6 g, updated in place: the same tensor as before.
  CHECK(optimizer.momentum_buffer(0).is_same(first));
  CHECK(testing::allclose(first, xt::xarray<double>{1.6, -1.6}, 0, 1e-15));
  CHECK(testing::allclose(p, xt::xarray<double>{0.9 - 0.16, -1.9 + 0.16}, 0, 1e-15));

  // A step without a gradient keeps the buffer as it is.
  p.zero_grad();
  optimizer.step();
  CHECK(testing::allclose(first, xt::xarray<double>{1.6, -1.6}, 0, 1e-15));
  CHECK(testing::allclose(p, xt::xarray<double>{0.9 - 0.16, -1.9 + 0.16}, 0, 1e-15));
}

TEST_CASE("sgd_nesterov_and_maximize_follow_pytorchs_rule") {
  Tensor p = tensor({1.0}, TensorOptions(kFloat64).requires_grad(true));
  optim::SGD optimizer({p}, optim::SGDOptions(0.1).momentum(0.5).nesterov(true).maximize(true));
  p.set_grad(tensor({2.0}, kFloat64));
  optimizer.step();
  // g = -2; buf = -2; g = g + 0.5 buf = -3; p = 1 - 0.1 * -3.
  CHECK(p.item<double>() == doctest::Approx(1.3).epsilon(1e-15));
  optimizer.step();
  // buf = 0.5 * -2 + 1 * -2 = -3; g = -2 + 0.5 * -3 = -3.5.
  CHECK(p.item<double>() == doctest::Approx(1.65).epsilon(1e-15));
}

TEST_CASE("sgd_updates_parameters_in_place_without_recording_a_graph") {
  Tensor p = tensor({1.0, 2.0}, requires_grad());  // float32
  const Tensor alias = p.detach();  // shares p's values: sees an update made in place
  optim::SGD optimizer({p}, optim::SGDOptions(0.5).momentum(0.9));
  (p * p).sum().backward();
  REQUIRE(is_grad_enabled());
  optimizer.step();  // in place on a leaf that requires grad: allowed, as it runs under no-grad
  CHECK(is_grad_enabled());
  CHECK(p.is_leaf());
  CHECK(p.requires_grad());
  CHECK(p.grad_fn() == nullptr);
  CHECK(p.dtype() == kFloat32);
  CHECK(p.to_xarray<double>() == xt::xarray<double>{0.0, 0.0});
  CHECK(alias.to_xarray<double>() == xt::xarray<double>{0.0, 0.0});
  CHECK_FALSE(optimizer.momentum_buffer(0).requires_grad());
  CHECK(optimizer.parameters()[0].is_same(p));
}

TEST_CASE("optimizer_zero_grad_drops_or_zeroes_every_gradient") {
  Tensor a = ones({2}, requires_grad()), b = ones({3}, requires_grad());
  optim::SGD optimizer({a, b}, optim::SGDOptions(0.1));
  (a.sum() * 2.0 + b.sum()).backward();
  optimizer.zero_grad(/*set_to_none=*/false);
  REQUIRE(a.grad().defined());
  CHECK(a.grad().to_xarray<double>() == xt::xarray<double>{0.0, 0.0});
  CHECK(b.grad().to_xarray<double>() == xt::xarray<double>{0.0, 0.0, 0.0});
  optimizer.zero_grad();
  CHECK_FALSE(a.grad().defined());
  CHECK_FALSE(b.grad().defined());
}

TEST_CASE("sgd_options_chain_and_can_change_between_steps") {
  const auto o =
      optim::SGDOptions(0.1).momentum(0.9).dampening(0.1).weight_decay(1e-4).maximize(true);
  CHECK(o.lr() == 0.1);
  CHECK(o.momentum() == 0.9);
  CHECK(o.dampening() == 0.1);
  CHECK(o.weight_decay() == 1e-4);
  CHECK_FALSE(o.nesterov());
  CHECK(o.maximize());
  const optim::SGDOptions defaults(0.2);
  CHECK(defaults.momentum() == 0.0);
  CHECK(defaults.dampening() == 0.0);
  CHECK(defaults.weight_decay() == 0.0);
  CHECK_FALSE(defaults.nesterov());
  CHECK_FALSE(defaults.maximize());

  Tensor p = tensor({1.0}, TensorOptions(kFloat64).requires_grad(true));
  optim::SGD optimizer({p}, optim::SGDOptions(0.1));
  p.set_grad(tensor({1.0}, kFloat64));
  optimizer.step();
  optimizer.options().lr(0.01);  // as a learning-rate schedule does
  optimizer.step();
  CHECK(p.item<double>() == doctest::Approx(1.0 - 0.1 - 0.01).epsilon(1e-15));
}
