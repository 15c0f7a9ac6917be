#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xgrad/nn/optim/lr_scheduler.hpp"

namespace xgrad::optim {

// The 1cycle policy, as torch.optim.lr_scheduler.OneCycleLR: each group's lr rises from
// max_lr / div_factor to max_lr over the first pct_start of total_steps, then anneals ("cos" or
// "linear") to max_lr / div_factor / final_div_factor (three_phase: back to the initial lr first,
// then to the minimum). With cycle_momentum, the momentum (SGD's and RMSprop's momentum, Adam's
// and AdamW's beta1) moves the other way, between max_momentum and base_momentum; PyTorch refuses
// cycle_momentum for an optimizer without momentum. Stepping more than total_steps times throws
// std::runtime_error; invalid settings throw std::invalid_argument, in PyTorch's words.
class OneCycleLR : public LRScheduler {
 public:
  OneCycleLR(Optimizer& optimizer, double max_lr, int64_t total_steps, double pct_start = 0.3,
             std::string anneal_strategy = "cos", double div_factor = 25.,
             double final_div_factor = 1e4, bool cycle_momentum = true, double base_momentum = 0.85,
             double max_momentum = 0.95, bool three_phase = false);

  // What PyTorch keeps in each param group for this scheduler.
  struct Range {
    double initial_lr, max_lr, min_lr, max_momentum, base_momentum;
  };

 private:
  // A phase anneals from one field of Range to another until end_step.
  struct Phase {
    double end_step;
    double Range::*start_lr;
    double Range::*end_lr;
    double Range::*start_momentum;
    double Range::*end_momentum;
  };

  std::vector<double> get_lr() override;
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;
  void check_and_make_phases();
  double anneal(double start, double end, double pct) const;
  void set_momentum(size_t group, double momentum);

  int64_t total_steps_;
  double pct_start_;
  std::string anneal_strategy_;
  bool cycle_momentum_;
  bool three_phase_;
  std::vector<Range> ranges_;  // one per group
  std::vector<Phase> phases_;
};

}  // namespace xgrad::optim
