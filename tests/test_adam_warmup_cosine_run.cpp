// One training run of Adam with a LinearLR warmup then CosineAnnealingLR (SequentialLR) and
// clip_grad_norm_ before every step equals PyTorch's (golden/adam_warmup_cosine_run.json,
// written by golden/make_adam_warmup_cosine_golden.py): losses, gradient norms, lrs and the
// final parameters.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;

namespace {

struct Model : nn::Module {
  Model() : Module("Model") {}
  std::shared_ptr<nn::GRU> gru =
      register_module("gru", std::make_shared<nn::GRU>(nn::GRUOptions(3, 5).dtype(kFloat64)));
  std::shared_ptr<nn::Linear> head = register_module(
      "head", std::make_shared<nn::Linear>(nn::LinearOptions(5, 2).dtype(kFloat64)));

  Tensor forward(const Tensor& x) const {
    const Tensor output = std::get<0>((*gru)(x));
    return (*head)(output[output.size(0) - 1]);
  }
};

}  // namespace

TEST_CASE("adam_with_warmup_then_cosine_and_clip_grad_norm_equals_pytorch_run") {
  const Fixture fx("adam_warmup_cosine_run.json");
  Model model;
  {
    NoGradGuard no_grad;
    for (auto& [name, p] : model.named_parameters()) p.copy_(fx.tensor("initial/" + name));
  }
  const Tensor x = fx.tensor("x"), y = fx.tensor("y");

  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(model.gru->parameters(), std::make_unique<optim::AdamOptions>(0.01));
  groups.emplace_back(model.head->parameters(), std::make_unique<optim::AdamOptions>(
                                                    optim::AdamOptions(0.005).weight_decay(0.01)));
  optim::Adam optimizer(std::move(groups));
  auto warmup = std::make_shared<optim::LinearLR>(optimizer, 0.1, 1.0, 5);
  auto cosine = std::make_shared<optim::CosineAnnealingLR>(optimizer, 25, 1e-4);
  optim::SequentialLR scheduler(optimizer, {warmup, cosine}, {5});

  const auto steps = fx["steps"].get<size_t>();
  for (size_t step = 0; step < steps; ++step) {
    INFO("step " << step + 1);
    optimizer.zero_grad();
    const Tensor loss = nn::functional::mse_loss(model.forward(x), y);
    loss.backward();
    const double norm = nn::utils::clip_grad_norm_(model.parameters(), 0.2);
    optimizer.step();
    scheduler.step();
    CHECK(loss.item<double>() == doctest::Approx(fx["losses"][step].get<double>()).epsilon(1e-10));
    CHECK(norm == doctest::Approx(fx["grad_norms"][step].get<double>()).epsilon(1e-10));
    const auto lrs = fx["lrs"][step].get<std::vector<double>>();
    REQUIRE(scheduler.get_last_lr().size() == 2);
    CHECK(std::fabs(scheduler.get_last_lr()[0] - lrs[0]) <= 1e-12);
    CHECK(std::fabs(scheduler.get_last_lr()[1] - lrs[1]) <= 1e-12);
  }
  for (auto& named : model.named_parameters()) {
    const std::string& name = named.first;  // not a structured binding: INFO captures it
    INFO("parameter " << name);
    CHECK(testing::allclose(named.second, fx.tensor("final/" + name), 1e-9, 1e-11));
  }
}
