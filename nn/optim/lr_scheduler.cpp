#include "xgrad/nn/optim/lr_scheduler.hpp"

#include <algorithm>

#include "xgrad/nn/optim/scheduler_state.hpp"

namespace xgrad::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(&optimizer) {
  base_lrs_ = group_lrs();
}

void LRScheduler::initial_step() {
  step_count_ = 0;
  step();
}

void LRScheduler::step() {
  ++step_count_;
  ++last_epoch_;
  set_group_lrs(get_lr());
}

void LRScheduler::step_to(int64_t epoch) {
  ++step_count_;
  last_epoch_ = epoch;
  set_group_lrs(closed_form_lr());
}

std::vector<double> LRScheduler::group_lrs() const {
  std::vector<double> lrs;
  for (const auto& group : optimizer_->param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::set_group_lrs(const std::vector<double>& lrs) {
  auto& groups = optimizer_->param_groups();
  for (size_t i = 0; i < std::min(groups.size(), lrs.size()); ++i) {
    groups[i].options().set_lr(lrs[i]);
  }
  last_lr_ = group_lrs();
}

StateDict LRScheduler::state_dict() const {
  StateDict out;
  detail::put_numbers(out, "base_lrs", base_lrs_);
  detail::put_integer(out, "last_epoch", last_epoch_);
  detail::put_integer(out, "_step_count", step_count_);
  detail::put_numbers(out, "_last_lr", last_lr_);
  save_settings(out);
  return out;
}

void LRScheduler::load_state_dict(const StateDict& state_dict) {
  auto base_lrs = detail::numbers_entry(state_dict, "base_lrs");
  const int64_t last_epoch = detail::integer_entry(state_dict, "last_epoch");
  const int64_t step_count = detail::integer_entry(state_dict, "_step_count");
  auto last_lr = detail::numbers_entry(state_dict, "_last_lr");
  load_settings(state_dict);
  base_lrs_ = std::move(base_lrs);
  last_epoch_ = last_epoch;
  step_count_ = step_count;
  last_lr_ = std::move(last_lr);
}

}  // namespace xgrad::optim
