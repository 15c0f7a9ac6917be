#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/nn/optim/lr_scheduler.hpp"

namespace xgrad::optim {

// Anneals each group's lr from its base lr to eta_min along half a cosine over T_max epochs
// (and back up over the next T_max, and so on), as torch.optim.lr_scheduler.CosineAnnealingLR,
// with PyTorch's recursive formula. Throws std::invalid_argument for T_max < 1.
class CosineAnnealingLR : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min = 0);

 private:
  std::vector<double> get_lr() override;
  std::vector<double> closed_form_lr() override;
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;

  int64_t T_max_;
  double eta_min_;
};

}  // namespace xgrad::optim
