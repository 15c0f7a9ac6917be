// The lr schedulers refuse bad settings with PyTorch 1.13's messages (checked against
// torch.optim.lr_scheduler), for an SGD with two parameter groups.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <xgrad/xgrad.hpp>

#include "scheduler_helpers.hpp"

using namespace xgrad;
using namespace xgrad::optim;

namespace {

struct BadSetting {
  const char* what;
  std::function<void(Optimizer&)> make;
  const char* message;
};

}  // namespace

TEST_CASE("schedulers_refuse_bad_settings_in_pytorch_words") {
  auto other = testing::sgd_with_groups({0.1, 0.1}, 0.9);
  const BadSetting table[] = {
      {"StepLR step_size 0", [](Optimizer& o) { StepLR(o, 0); },
       "Expected positive integer step_size, but got 0"},
      {"LinearLR start_factor above 1", [](Optimizer& o) { LinearLR(o, 1.5); },
       "Starting multiplicative factor expected to be between 0 and 1."},
      {"LinearLR start_factor below 0", [](Optimizer& o) { LinearLR(o, -0.1); },
       "Starting multiplicative factor expected to be between 0 and 1."},
      {"LinearLR end_factor below 0", [](Optimizer& o) { LinearLR(o, 0.5, -0.5); },
       "Ending multiplicative factor expected to be between 0 and 1."},
      {"CosineAnnealingLR T_max 0", [](Optimizer& o) { CosineAnnealingLR(o, 0); },
       "Expected positive integer T_max, but got 0"},
      {"LambdaLR one lambda for two groups",
       [](Optimizer& o) {
         LambdaLR(o, std::vector<LambdaLR::Lambda>{[](int64_t) { return 1.0; }});
       },
       "Expected 2 lr_lambdas, but got 1"},
      {"LambdaLR an empty lambda",
       [](Optimizer& o) {
         LambdaLR(o, std::vector<LambdaLR::Lambda>{[](int64_t) { return 1.0; }, nullptr});
       },
       "LambdaLR(): expected lr_lambda 1 to be a function, but got an empty std::function"},
      {"OneCycleLR total_steps -1", [](Optimizer& o) { OneCycleLR(o, 0.1, -1); },
       "Expected positive integer total_steps, but got -1"},
      {"OneCycleLR pct_start 1.5", [](Optimizer& o) { OneCycleLR(o, 0.1, 10, 1.5); },
       "Expected float between 0 and 1 pct_start, but got 1.5"},
      {"OneCycleLR anneal_strategy exp", [](Optimizer& o) { OneCycleLR(o, 0.1, 10, 0.3, "exp"); },
       "anneal_strategy must by one of 'cos' or 'linear', instead got exp"},
      {"OneCycleLR cycling the momentum of Adagrad, which has none",
       [](Optimizer&) {
         Adagrad adagrad({zeros({1}).requires_grad_()}, AdagradOptions(0.1));
         OneCycleLR(adagrad, 0.1, 10);
       },
       "optimizer must support momentum with `cycle_momentum` option enabled"},
      {"SequentialLR scheduler of another optimizer",
       [&other](Optimizer& o) {
         SequentialLR(o, {std::make_shared<StepLR>(o, 3), std::make_shared<StepLR>(*other, 3)},
                      {5});
       },
       "Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
       "schedulers at index 1 to be different than the optimizer passed in."},
      {"SequentialLR as many milestones as schedulers",
       [](Optimizer& o) {
         SequentialLR(o, {std::make_shared<StepLR>(o, 3), std::make_shared<StepLR>(o, 3)}, {5, 6});
       },
       "Sequential Schedulers expects number of schedulers provided to be one more than the "
       "number of milestone points, but got number of schedulers 2 and the number of milestones "
       "to be equal to 2"},
      {"ReduceLROnPlateau factor 1",
       [](Optimizer& o) { ReduceLROnPlateau(o, ReduceLROnPlateauOptions().factor(1.0)); },
       "Factor should be < 1.0."},
      {"ReduceLROnPlateau mode mn",
       [](Optimizer& o) { ReduceLROnPlateau(o, ReduceLROnPlateauOptions().mode("mn")); },
       "mode mn is unknown!"},
      {"ReduceLROnPlateau threshold_mode relative",
       [](Optimizer& o) {
         ReduceLROnPlateau(o, ReduceLROnPlateauOptions().threshold_mode("relative"));
       },
       "threshold mode relative is unknown!"},
      {"ReduceLROnPlateau three min_lrs for two groups",
       [](Optimizer& o) {
         ReduceLROnPlateau(o, ReduceLROnPlateauOptions().min_lrs({0.1, 0.2, 0.3}));
       },
       "expected 2 min_lrs, got 3"},
  };
  for (const BadSetting& bad : table) {
    INFO(bad.what);
    auto optimizer = testing::sgd_with_groups({0.1, 0.01}, 0.9);
    CHECK_THROWS_WITH_AS(bad.make(*optimizer), bad.message, std::invalid_argument);
    CHECK(testing::group_lrs(*optimizer) == std::vector<double>{0.1, 0.01});
  }
}

TEST_CASE("one_cycle_lr_refuses_to_step_past_total_steps") {
  auto optimizer = testing::sgd_with_groups({0.1, 0.01}, 0.9);
  OneCycleLR scheduler(*optimizer, 0.1, 3);
  for (int i = 0; i < 3; ++i) scheduler.step();
  CHECK_THROWS_WITH_AS(scheduler.step(),
                       "Tried to step 5 times. The specified number of total steps is 3",
                       std::runtime_error);
}

TEST_CASE("linear_lr_with_start_factor_zero_refuses_to_divide_by_zero_as_python") {
  auto optimizer = testing::sgd_with_groups({0.1, 0.01}, 0.9);
  LinearLR scheduler(*optimizer, 0.0);
  CHECK_THROWS_WITH_AS(scheduler.step(), "float division by zero", std::domain_error);
}

TEST_CASE("scheduler_load_state_dict_names_a_missing_entry") {
  auto optimizer = testing::sgd_with_groups({0.1, 0.01}, 0.9);
  StepLR step(*optimizer, 3);
  CosineAnnealingLR cosine(*optimizer, 10);
  CHECK_THROWS_WITH_AS(cosine.load_state_dict(step.state_dict()),
                       "load_state_dict(): the scheduler state dict has no entry \"T_max\"",
                       std::runtime_error);
  ReduceLROnPlateau plateau(*optimizer);
  StateDict garbled = plateau.state_dict();
  garbled.metadata()["mode"] = "mn";
  CHECK_THROWS_WITH_AS(plateau.load_state_dict(garbled), "load_state_dict(): mode mn is unknown!",
                       std::runtime_error);
}
