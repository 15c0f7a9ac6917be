// optim::Adam, AdamW, RMSprop and Adagrad against PyTorch's weights after 20 steps on a GRU and
// a Linear (golden/optim_trajectories.json, written by golden/make_optim_golden.py): every
// option combination, and two parameter groups with different options.
#include <doctest/doctest.h>

#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "optim_golden_model.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;

namespace {

// Trains the fixture's model for its steps and checks the weights against "<run>/<param>".
void check_run(const Fixture& fx, const nlohmann::json& run, bool groups) {
  const auto name = run.at("name").get<std::string>();
  INFO("run " << name);
  const auto model = testing::golden_model(fx);
  std::vector<optim::OptimizerParamGroup> param_groups;
  if (groups) {
    param_groups = {model->gru->parameters(), model->head->parameters()};
  } else {
    param_groups = {model->parameters()};
  }
  const auto optimizer = testing::make_optimizer(
      run.at("optimizer").get<std::string>(), param_groups, run.at(groups ? "defaults" : "options"),
      groups ? &run.at("group0") : nullptr);
  const Tensor x = fx.tensor("x"), y = fx.tensor("y");
  for (int64_t s = 0; s < fx["steps"].get<int64_t>(); ++s)
    testing::train_step(*model, *optimizer, x, y);
  for (const auto& [param, value] : model->named_parameters()) {
    const std::string parameter = param;  // doctest's INFO cannot capture a structured binding
    INFO("parameter " << parameter);
    CHECK(testing::allclose(value, fx.tensor(name + "/" + parameter), 1e-9, 1e-12));
  }
}

}  // namespace

TEST_CASE("adam_adamw_rmsprop_adagrad_match_pytorch_for_every_option_combination") {
  const Fixture fx("optim_trajectories.json");
  // Adam and AdamW: amsgrad x maximize x weight_decay; RMSprop: centered x momentum x maximize
  // x weight_decay; Adagrad: lr_decay x maximize x weight_decay x initial_accumulator_value.
  REQUIRE(fx["runs"].size() == 8 + 8 + 16 + 16);
  for (const auto& run : fx["runs"]) check_run(fx, run, false);
}

TEST_CASE("parameter_groups_with_different_options_match_pytorch") {
  const Fixture fx("optim_trajectories.json");
  REQUIRE(fx["group_runs"].size() == 4);
  for (const auto& run : fx["group_runs"]) check_run(fx, run, true);
}
