#pragma once

// Builds the optimizers and schedulers that golden/make_scheduler_golden.py describes, for the
// scheduler tests.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

namespace xgrad::testing {

// SGD over one zero parameter per lr, each its own group with that lr and `momentum`.
inline std::unique_ptr<optim::SGD> sgd_with_groups(const std::vector<double>& lrs,
                                                   double momentum) {
  std::vector<optim::OptimizerParamGroup> groups;
  for (double lr : lrs) {
    groups.emplace_back(
        std::vector<Tensor>{zeros({1}).requires_grad_()},
        std::make_unique<optim::SGDOptions>(optim::SGDOptions(lr).momentum(momentum)));
  }
  return std::make_unique<optim::SGD>(std::move(groups),
                                      optim::SGDOptions(lrs.at(0)).momentum(momentum));
}

// An O (Adam or AdamW) over one zero parameter per lr, each its own group with that lr.
template <typename O, typename Options>
std::unique_ptr<optim::Optimizer> adam_with_groups(const std::vector<double>& lrs) {
  std::vector<optim::OptimizerParamGroup> groups;
  for (double lr : lrs) {
    groups.emplace_back(std::vector<Tensor>{zeros({1}).requires_grad_()},
                        std::make_unique<Options>(Options(lr)));
  }
  return std::make_unique<O>(std::move(groups), Options(lrs.at(0)));
}

inline std::unique_ptr<optim::Optimizer> optimizer_with_groups(const std::string& kind,
                                                               const std::vector<double>& lrs,
                                                               double sgd_momentum) {
  if (kind == "Adam") return adam_with_groups<optim::Adam, optim::AdamOptions>(lrs);
  if (kind == "AdamW") return adam_with_groups<optim::AdamW, optim::AdamWOptions>(lrs);
  return sgd_with_groups(lrs, sgd_momentum);
}

inline std::vector<double> group_lrs(const optim::Optimizer& optimizer) {
  std::vector<double> lrs;
  for (const auto& group : optimizer.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

inline std::vector<double> group_momenta(const optim::Optimizer& optimizer) {
  std::vector<double> momenta;
  for (const auto& group : optimizer.param_groups()) {
    const auto& options = group.options();
    if (const auto* adam = dynamic_cast<const optim::AdamOptions*>(&options)) {
      momenta.push_back(std::get<0>(adam->betas()));
    } else if (const auto* adamw = dynamic_cast<const optim::AdamWOptions*>(&options)) {
      momenta.push_back(std::get<0>(adamw->betas()));
    } else {
      momenta.push_back(dynamic_cast<const optim::SGDOptions&>(options).momentum());
    }
  }
  return momenta;
}

// The LambdaLR functions of the golden runs, by name.
inline optim::LambdaLR::Lambda golden_lambda(const std::string& name) {
  if (name == "pow")
    return [](int64_t epoch) { return std::pow(0.95, static_cast<double>(epoch)); };
  return [](int64_t epoch) { return 1.0 / (1 + 0.1 * static_cast<double>(epoch)); };
}

// An epoch scheduler of `kind` with the golden run's settings; an absent setting takes the
// C++ default, so the runs that leave settings out check the defaults against PyTorch's.
inline std::shared_ptr<optim::LRScheduler> make_scheduler(const std::string& kind,
                                                          const nlohmann::json& s,
                                                          optim::Optimizer& optimizer) {
  using namespace optim;
  if (kind == "StepLR") {
    const auto step_size = s.at("step_size").get<int64_t>();
    if (!s.contains("gamma")) return std::make_shared<StepLR>(optimizer, step_size);
    return std::make_shared<StepLR>(optimizer, step_size, s.at("gamma").get<double>());
  }
  if (kind == "MultiStepLR") {
    return std::make_shared<MultiStepLR>(optimizer, s.at("milestones").get<std::vector<int64_t>>(),
                                         s.at("gamma").get<double>());
  }
  if (kind == "ExponentialLR") {
    return std::make_shared<ExponentialLR>(optimizer, s.at("gamma").get<double>());
  }
  if (kind == "CosineAnnealingLR") {
    const auto T_max = s.at("T_max").get<int64_t>();
    if (!s.contains("eta_min")) return std::make_shared<CosineAnnealingLR>(optimizer, T_max);
    return std::make_shared<CosineAnnealingLR>(optimizer, T_max, s.at("eta_min").get<double>());
  }
  if (kind == "LinearLR") {
    if (s.empty()) return std::make_shared<LinearLR>(optimizer);
    return std::make_shared<LinearLR>(optimizer, s.at("start_factor").get<double>(),
                                      s.at("end_factor").get<double>(),
                                      s.at("total_iters").get<int64_t>());
  }
  if (kind == "LambdaLR") {
    const auto& names = s.at("lambda");
    if (names.is_string()) {
      return std::make_shared<LambdaLR>(optimizer, golden_lambda(names.get<std::string>()));
    }
    std::vector<LambdaLR::Lambda> lambdas;
    for (const auto& name : names) lambdas.push_back(golden_lambda(name.get<std::string>()));
    return std::make_shared<LambdaLR>(optimizer, lambdas);
  }
  if (kind == "OneCycleLR") {
    const auto max_lr = s.at("max_lr").get<double>();
    const auto total_steps = s.at("total_steps").get<int64_t>();
    if (s.size() == 2) return std::make_shared<OneCycleLR>(optimizer, max_lr, total_steps);
    return std::make_shared<OneCycleLR>(
        optimizer, max_lr, total_steps, s.value("pct_start", 0.3),
        s.value("anneal_strategy", std::string("cos")), s.value("div_factor", 25.0),
        s.value("final_div_factor", 1e4), s.value("cycle_momentum", true),
        s.value("base_momentum", 0.85), s.value("max_momentum", 0.95),
        s.value("three_phase", false));
  }
  if (kind == "SequentialLR") {
    std::vector<std::shared_ptr<LRScheduler>> schedulers;
    for (const auto& sub : s.at("schedulers")) {
      schedulers.push_back(make_scheduler(sub.at(0).get<std::string>(), sub.at(1), optimizer));
    }
    return std::make_shared<SequentialLR>(optimizer, schedulers,
                                          s.at("milestones").get<std::vector<int64_t>>());
  }
  throw std::invalid_argument("no scheduler " + kind);
}

inline optim::ReduceLROnPlateauOptions plateau_options(const nlohmann::json& s) {
  const optim::ReduceLROnPlateauOptions defaults;
  return optim::ReduceLROnPlateauOptions()
      .mode(s.value("mode", defaults.mode()))
      .factor(s.value("factor", defaults.factor()))
      .patience(s.value("patience", defaults.patience()))
      .threshold(s.value("threshold", defaults.threshold()))
      .threshold_mode(s.value("threshold_mode", defaults.threshold_mode()))
      .cooldown(s.value("cooldown", defaults.cooldown()))
      .min_lrs(s.value("min_lrs", defaults.min_lrs()))
      .eps(s.value("eps", defaults.eps()));
}

// One golden run's optimizer (SGD with momentum unless the run names Adam or AdamW) and scheduler,
// whatever the scheduler's kind: step(i) takes the i-th step (ReduceLROnPlateau with the i-th
// metric).
class GoldenRun {
 public:
  GoldenRun(const nlohmann::json& fixture, const nlohmann::json& run)
      : optimizer_(optimizer_with_groups(run.at("optimizer").get<std::string>(),
                                         fixture.at("lrs").get<std::vector<double>>(),
                                         fixture.at("momentum").get<double>())),
        metrics_(fixture.at("metrics").get<std::vector<double>>()) {
    const auto kind = run.at("kind").get<std::string>();
    if (kind == "ReduceLROnPlateau") {
      plateau_ = std::make_unique<optim::ReduceLROnPlateau>(*optimizer_,
                                                            plateau_options(run.at("settings")));
    } else {
      scheduler_ = make_scheduler(kind, run.at("settings"), *optimizer_);
    }
  }

  void step(size_t i) {
    if (plateau_) {
      plateau_->step(metrics_.at(i));
    } else {
      scheduler_->step();
    }
  }
  std::vector<double> get_last_lr() const {
    return plateau_ ? plateau_->get_last_lr() : scheduler_->get_last_lr();
  }
  StateDict state_dict() const {
    return plateau_ ? plateau_->state_dict() : scheduler_->state_dict();
  }
  void load_state_dict(const StateDict& state_dict) {
    if (plateau_) {
      plateau_->load_state_dict(state_dict);
    } else {
      scheduler_->load_state_dict(state_dict);
    }
  }
  optim::Optimizer& optimizer() { return *optimizer_; }

 private:
  std::unique_ptr<optim::Optimizer> optimizer_;
  std::vector<double> metrics_;
  std::shared_ptr<optim::LRScheduler> scheduler_;
  std::unique_ptr<optim::ReduceLROnPlateau> plateau_;
};

}  // namespace xgrad::testing
