#pragma once

// The problem of golden/optim_trajectories.json (golden/make_optim_golden.py): a GRU(3, 4) and
// a Linear(4, 2) on its last output, float64, trained on one batch with an MSE loss; and the
// optimizers built from the fixture's option objects.
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"

namespace xgrad::testing {

struct GruHead : nn::Module {
  GruHead() : nn::Module("GruHead") {
    gru = register_module("gru", std::make_shared<nn::GRU>(nn::GRUOptions(3, 4).dtype(kFloat64)));
    head = register_module("head",
                           std::make_shared<nn::Linear>(nn::LinearOptions(4, 2).dtype(kFloat64)));
  }
  Tensor forward(const Tensor& x) const {
    const auto [out, h] = gru->forward(x);
    return head->forward(out[out.size(0) - 1]);
  }
  std::shared_ptr<nn::GRU> gru;
  std::shared_ptr<nn::Linear> head;
};

// The model with the fixture's initial weights.
inline std::unique_ptr<GruHead> golden_model(const Fixture& fx) {
  auto model = std::make_unique<GruHead>();
  StateDict init;
  for (const auto& [name, p] : model->named_parameters())
    init.insert(name, fx.tensor("init/" + name));
  model->load_state_dict(init);
  return model;
}

// One step: zero_grad, the loss's backward, step.
inline void train_step(const GruHead& model, optim::Optimizer& optimizer, const Tensor& x,
                       const Tensor& y) {
  optimizer.zero_grad();
  nn::functional::mse_loss(model.forward(x), y).backward();
  optimizer.step();
}

// Sets the option named `key` (PyTorch's keyword) that only some optimizers have; false when
// `o` has none of that name.
template <typename Options>
bool set_specific(Options& o, const std::string& key, const nlohmann::json& value) {
  if constexpr (std::is_same_v<Options, optim::AdamOptions> ||
                std::is_same_v<Options, optim::AdamWOptions>) {
    if (key == "amsgrad") return o.amsgrad(value.get<bool>()), true;
  } else if constexpr (std::is_same_v<Options, optim::RMSpropOptions>) {
    if (key == "centered") return o.centered(value.get<bool>()), true;
    if (key == "momentum") return o.momentum(value.get<double>()), true;
    if (key == "alpha") return o.alpha(value.get<double>()), true;
  } else if constexpr (std::is_same_v<Options, optim::AdagradOptions>) {
    if (key == "lr_decay") return o.lr_decay(value.get<double>()), true;
    if (key == "initial_accumulator_value") {
      return o.initial_accumulator_value(value.get<double>()), true;
    }
  }
  return false;
}

// Options with every setting named in `json`.
template <typename Options>
Options with_options(Options o, const nlohmann::json& json) {
  for (const auto& item : json.items()) {
    const std::string& key = item.key();
    const nlohmann::json& value = item.value();
    if (key == "lr") {
      o.lr(value.get<double>());
    } else if (key == "weight_decay") {
      o.weight_decay(value.get<double>());
    } else if (key == "maximize") {
      o.maximize(value.get<bool>());
    } else if (!set_specific(o, key, value)) {
      throw std::runtime_error("unknown option " + key);
    }
  }
  return o;
}

template <typename Optimizer, typename Options>
std::unique_ptr<optim::Optimizer> make_with(std::vector<optim::OptimizerParamGroup> groups,
                                            const nlohmann::json* group0,
                                            const nlohmann::json& defaults) {
  // PyTorch fills a group's missing options from the defaults; a libtorch group's options are
  // whole, so group 0 gets the defaults overridden by its own.
  if (group0)
    groups[0].set_options(with_options(with_options(Options(), defaults), *group0).clone());
  return std::make_unique<Optimizer>(std::move(groups), with_options(Options(), defaults));
}

// The named optimizer ("Adam", "AdamW", "RMSprop", "Adagrad") over `groups`, with `defaults`
// and, when given, group 0's own options.
inline std::unique_ptr<optim::Optimizer> make_optimizer(
    const std::string& name, std::vector<optim::OptimizerParamGroup> groups,
    const nlohmann::json& defaults, const nlohmann::json* group0 = nullptr) {
  if (name == "Adam") return make_with<optim::Adam, optim::AdamOptions>(groups, group0, defaults);
  if (name == "AdamW")
    return make_with<optim::AdamW, optim::AdamWOptions>(groups, group0, defaults);
  if (name == "RMSprop") {
    return make_with<optim::RMSprop, optim::RMSpropOptions>(groups, group0, defaults);
  }
  if (name == "Adagrad") {
    return make_with<optim::Adagrad, optim::AdagradOptions>(groups, group0, defaults);
  }
  throw std::runtime_error("unknown optimizer " + name);
}

}  // namespace xgrad::testing
