#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/nn/optim/lr_scheduler.hpp"

namespace xgrad::optim {

// Multiplies each group's lr by gamma every step_size epochs, as torch.optim.lr_scheduler.StepLR.
// Throws std::invalid_argument for step_size < 1.
class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, int64_t step_size, double gamma = 0.1);

 private:
  std::vector<double> get_lr() override;
  std::vector<double> closed_form_lr() override;
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;

  int64_t step_size_;
  double gamma_;
};

// Multiplies each group's lr by gamma at each milestone epoch (by gamma^k for a milestone listed
// k times), as torch.optim.lr_scheduler.MultiStepLR.
class MultiStepLR : public LRScheduler {
 public:
  MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, double gamma = 0.1);

 private:
  std::vector<double> get_lr() override;
  std::vector<double> closed_form_lr() override;
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;

  std::vector<int64_t> milestones_;  // sorted, repeats kept
  double gamma_;
};

// Multiplies each group's lr by gamma every epoch, as torch.optim.lr_scheduler.ExponentialLR.
class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, double gamma);

 private:
  std::vector<double> get_lr() override;
  std::vector<double> closed_form_lr() override;
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;

  double gamma_;
};

}  // namespace xgrad::optim
