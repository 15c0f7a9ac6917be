#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/nn/optim/lr_scheduler.hpp"

namespace xgrad::optim {

// Scales each group's lr linearly from start_factor to end_factor of its base lr over
// total_iters epochs, then keeps it, as torch.optim.lr_scheduler.LinearLR (a warmup).
// Throws std::invalid_argument, in PyTorch's words, for a factor outside [0, 1].
class LinearLR : public LRScheduler {
 public:
  LinearLR(Optimizer& optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0,
           int64_t total_iters = 5);

 private:
  std::vector<double> get_lr() override;
  std::vector<double> closed_form_lr() override;
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;

  double start_factor_;
  double end_factor_;
  int64_t total_iters_;
};

}  // namespace xgrad::optim
