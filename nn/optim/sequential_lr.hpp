#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "xgrad/nn/optim/lr_scheduler.hpp"

namespace xgrad::optim {

// Runs schedulers one after another, switching at the milestone epochs, as
// torch.optim.lr_scheduler.SequentialLR: e.g. a LinearLR warmup, then CosineAnnealingLR. Like
// PyTorch it resets the lrs to the base lrs, undoes the constructor step of every scheduler and
// redoes the first one's; at a milestone the next scheduler restarts at epoch 0 with its
// closed form. All schedulers count from the same base lrs (the first scheduler's, which
// PyTorch shares through each group's "initial_lr"). Throws std::invalid_argument, in
// PyTorch's words, for a scheduler of another optimizer or milestones.size() !=
// schedulers.size() - 1.
class SequentialLR : public LRScheduler {
 public:
  SequentialLR(Optimizer& optimizer, std::vector<std::shared_ptr<LRScheduler>> schedulers,
               std::vector<int64_t> milestones);

  void step() override;

 private:
  std::vector<double> get_lr() override { return group_lrs(); }
  void save_settings(StateDict& state_dict) const override;
  void load_settings(const StateDict& state_dict) override;

  std::vector<std::shared_ptr<LRScheduler>> schedulers_;
  std::vector<int64_t> milestones_;
};

}  // namespace xgrad::optim
