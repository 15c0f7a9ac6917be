#include "xgrad/nn/optim/sequential_lr.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/scheduler_state.hpp"

namespace xgrad::optim {

namespace {

std::string nested_prefix(size_t index) {
  return "_schedulers." + std::to_string(index) + ".";
}

}  // namespace

SequentialLR::SequentialLR(Optimizer& optimizer,
                           std::vector<std::shared_ptr<LRScheduler>> schedulers,
                           std::vector<int64_t> milestones)
    : LRScheduler(optimizer),
      schedulers_(std::move(schedulers)),
      milestones_(std::move(milestones)) {
  for (size_t i = 0; i < schedulers_.size(); ++i) {
    XGRAD_CHECK(schedulers_[i] && schedulers_[i]->optimizer_ == &optimizer, std::invalid_argument,
                "Sequential Schedulers expects all schedulers to belong to the same optimizer, but "
                "got schedulers at index ",
                i, " to be different than the optimizer passed in.");
  }
  XGRAD_CHECK(milestones_.size() + 1 == schedulers_.size(), std::invalid_argument,
              "Sequential Schedulers expects number of schedulers provided to be one more than the "
              "number of milestone points, but got number of schedulers ",
              schedulers_.size(), " and the number of milestones to be equal to ",
              milestones_.size());
  last_epoch_ = 0;
  base_lrs_ = schedulers_[0]->base_lrs_;
  set_group_lrs(base_lrs_);
  for (const auto& scheduler : schedulers_) {
    scheduler->base_lrs_ = base_lrs_;
    scheduler->last_epoch_ -= 1;
  }
  schedulers_[0]->initial_step();
  last_lr_ = schedulers_[0]->get_last_lr();
}

void SequentialLR::step() {
  ++last_epoch_;
  const size_t index = static_cast<size_t>(
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin());
  LRScheduler& scheduler = *schedulers_[index];
  if (index > 0 && milestones_[index - 1] == last_epoch_) {
    scheduler.step_to(0);
  } else {
    scheduler.step();
  }
  last_lr_ = scheduler.get_last_lr();
}

void SequentialLR::save_settings(StateDict& state_dict) const {
  detail::put_integers(state_dict, "_milestones", milestones_);
  for (size_t i = 0; i < schedulers_.size(); ++i) {
    detail::put_nested(state_dict, nested_prefix(i), schedulers_[i]->state_dict());
  }
}

void SequentialLR::load_settings(const StateDict& state_dict) {
  std::vector<int64_t> milestones = detail::integers_entry(state_dict, "_milestones");
  XGRAD_CHECK(milestones.size() == milestones_.size(), std::runtime_error,
              "load_state_dict(): the state dict has ", milestones.size(),
              " milestones, this SequentialLR has ", milestones_.size());
  for (size_t i = 0; i < schedulers_.size(); ++i) {
    schedulers_[i]->load_state_dict(detail::nested_entries(state_dict, nested_prefix(i)));
  }
  milestones_ = std::move(milestones);
}

}  // namespace xgrad::optim
