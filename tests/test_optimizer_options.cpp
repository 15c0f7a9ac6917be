// Every invalid optimizer option is refused in PyTorch 1.13's words, whether given as the
// defaults or as a parameter group's own options; the libtorch defaults of each options class.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "serialization_helpers.hpp"

using namespace xgrad;
using namespace xgrad::optim;
using xgrad::testing::error_of;

namespace {

struct Case {
  std::string what;
  std::function<void(const std::vector<OptimizerParamGroup>&)> make;
  std::string message;
};

const double kNan = std::nan("");

}  // namespace

TEST_CASE("optimizers_refuse_invalid_options_in_pytorch_words") {
  Tensor p = zeros({2}, requires_grad());
  // clang-format off
  const std::vector<Case> cases = {
      {"Adam lr", [](auto g) { Adam o(g, AdamOptions(-1)); }, "Invalid learning rate: -1"},
      {"Adam NaN lr", [](auto g) { Adam o(g, AdamOptions(kNan)); }, "Invalid learning rate: nan"},
      {"Adam eps", [](auto g) { Adam o(g, AdamOptions().eps(-1)); }, "Invalid epsilon value: -1"},
      {"Adam beta1", [](auto g) { Adam o(g, AdamOptions().betas({1.5, 0.9})); },
       "Invalid beta parameter at index 0: 1.5"},
      {"Adam beta1 of 1", [](auto g) { Adam o(g, AdamOptions().betas({1.0, 0.9})); },
       "Invalid beta parameter at index 0: 1"},
      {"Adam beta2", [](auto g) { Adam o(g, AdamOptions().betas({0.9, -0.5})); },
       "Invalid beta parameter at index 1: -0.5"},
      {"Adam weight_decay", [](auto g) { Adam o(g, AdamOptions().weight_decay(-1)); },
       "Invalid weight_decay value: -1"},
      {"AdamW lr", [](auto g) { AdamW o(g, AdamWOptions(-1)); }, "Invalid learning rate: -1"},
      {"AdamW eps", [](auto g) { AdamW o(g, AdamWOptions().eps(-1)); }, "Invalid epsilon value: -1"},
      {"AdamW beta1", [](auto g) { AdamW o(g, AdamWOptions().betas({-0.1, 0.9})); },
       "Invalid beta parameter at index 0: -0.1"},
      {"AdamW beta2", [](auto g) { AdamW o(g, AdamWOptions().betas({0.9, 1.0})); },
       "Invalid beta parameter at index 1: 1"},
      {"AdamW weight_decay", [](auto g) { AdamW o(g, AdamWOptions().weight_decay(-1)); },
       "Invalid weight_decay value: -1"},
      {"RMSprop lr", [](auto g) { RMSprop o(g, RMSpropOptions(-1)); }, "Invalid learning rate: -1"},
      {"RMSprop eps", [](auto g) { RMSprop o(g, RMSpropOptions().eps(-1)); },
       "Invalid epsilon value: -1"},
      {"RMSprop momentum", [](auto g) { RMSprop o(g, RMSpropOptions().momentum(-1)); },
       "Invalid momentum value: -1"},
      {"RMSprop weight_decay", [](auto g) { RMSprop o(g, RMSpropOptions().weight_decay(-1)); },
       "Invalid weight_decay value: -1"},
      {"RMSprop alpha", [](auto g) { RMSprop o(g, RMSpropOptions().alpha(-1)); },
       "Invalid alpha value: -1"},
      {"Adagrad lr", [](auto g) { Adagrad o(g, AdagradOptions(-1)); }, "Invalid learning rate: -1"},
      {"Adagrad lr_decay", [](auto g) { Adagrad o(g, AdagradOptions().lr_decay(-1)); },
       "Invalid lr_decay value: -1"},
      {"Adagrad weight_decay", [](auto g) { Adagrad o(g, AdagradOptions().weight_decay(-1)); },
       "Invalid weight_decay value: -1"},
      {"Adagrad initial_accumulator_value",
       [](auto g) { Adagrad o(g, AdagradOptions().initial_accumulator_value(-1)); },
       "Invalid initial_accumulator_value value: -1"},
      {"Adagrad eps", [](auto g) { Adagrad o(g, AdagradOptions().eps(-1)); },
       "Invalid epsilon value: -1"},
      {"SGD lr", [](auto g) { SGD o(g, SGDOptions(-1)); }, "Invalid learning rate: -1"},
      {"SGD nesterov", [](auto g) { SGD o(g, SGDOptions(0.1).nesterov(true)); },
       "Nesterov momentum requires a momentum and zero dampening"},
  };
  // clang-format on
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(error_of<std::invalid_argument>([&] { c.make({OptimizerParamGroup({p})}); }) ==
          c.message);
  }
}

TEST_CASE("optimizers_refuse_invalid_options_of_a_parameter_group") {
  Tensor w = zeros({2}, requires_grad()), b = zeros({1}, requires_grad());
  const auto groups_with = [&](const OptimizerOptions& own) {
    return std::vector<OptimizerParamGroup>{OptimizerParamGroup({w}, own.clone()),
                                            OptimizerParamGroup({b})};
  };
  CHECK(error_of<std::invalid_argument>([&] {
          Adam o(groups_with(AdamOptions().betas({0.9, 2.0})));
        }) == "Invalid beta parameter at index 1: 2");
  CHECK(error_of<std::invalid_argument>([&] { RMSprop o(groups_with(RMSpropOptions(-0.5))); }) ==
        "Invalid learning rate: -0.5");
  CHECK(error_of<std::invalid_argument>([&] { Adam o(groups_with(SGDOptions(0.1))); }) ==
        "Adam: a parameter group's options are another optimizer's");
  Adagrad adagrad({w});
  CHECK(error_of<std::invalid_argument>([&] {
          adagrad.add_param_group(OptimizerParamGroup({b}, AdagradOptions().eps(-1).clone()));
        }) == "Invalid epsilon value: -1");
  CHECK(adagrad.param_groups().size() == 1);
}

TEST_CASE("optimizer_options_have_libtorchs_defaults") {
  const AdamOptions adam;
  CHECK(adam.lr() == 1e-3);
  CHECK(adam.betas() == std::make_tuple(0.9, 0.999));
  CHECK(adam.eps() == 1e-8);
  CHECK(adam.weight_decay() == 0.0);
  CHECK_FALSE(adam.amsgrad());
  CHECK_FALSE(adam.maximize());
  const AdamWOptions adamw;
  CHECK(adamw.lr() == 1e-3);
  CHECK(adamw.betas() == std::make_tuple(0.9, 0.999));
  CHECK(adamw.weight_decay() == 1e-2);
  const RMSpropOptions rmsprop;
  CHECK(rmsprop.lr() == 1e-2);
  CHECK(rmsprop.alpha() == 0.99);
  CHECK(rmsprop.eps() == 1e-8);
  CHECK(rmsprop.momentum() == 0.0);
  CHECK_FALSE(rmsprop.centered());
  const AdagradOptions adagrad;
  CHECK(adagrad.lr() == 1e-2);
  CHECK(adagrad.lr_decay() == 0.0);
  CHECK(adagrad.initial_accumulator_value() == 0.0);
  CHECK(adagrad.eps() == 1e-10);
}
