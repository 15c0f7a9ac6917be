#include "xgrad/nn/optim/step_lr.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/scheduler_state.hpp"

namespace xgrad::optim {

namespace {

std::vector<double> scaled(std::vector<double> lrs, double factor) {
  for (double& lr : lrs) lr *= factor;
  return lrs;
}

// Python's floor division, for a negative epoch as well.
int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

StepLR::StepLR(Optimizer& optimizer, int64_t step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  XGRAD_CHECK(step_size >= 1, std::invalid_argument,
              "Expected positive integer step_size, but got ", step_size);
  initial_step();
}

std::vector<double> StepLR::get_lr() {
  if (last_epoch_ == 0 || last_epoch_ % step_size_ != 0) return group_lrs();
  return scaled(group_lrs(), gamma_);
}

std::vector<double> StepLR::closed_form_lr() {
  return scaled(base_lrs_,
                std::pow(gamma_, static_cast<double>(floor_div(last_epoch_, step_size_))));
}

void StepLR::save_settings(StateDict& state_dict) const {
  detail::put_integer(state_dict, "step_size", step_size_);
  detail::put_number(state_dict, "gamma", gamma_);
}

void StepLR::load_settings(const StateDict& state_dict) {
  const int64_t step_size = detail::integer_entry(state_dict, "step_size");
  XGRAD_CHECK(step_size >= 1, std::runtime_error,
              "load_state_dict(): Expected positive integer step_size, but got ", step_size);
  gamma_ = detail::number_entry(state_dict, "gamma");
  step_size_ = step_size;
}

MultiStepLR::MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, double gamma)
    : LRScheduler(optimizer), milestones_(std::move(milestones)), gamma_(gamma) {
  std::sort(milestones_.begin(), milestones_.end());
  initial_step();
}

std::vector<double> MultiStepLR::get_lr() {
  const auto times = std::count(milestones_.begin(), milestones_.end(), last_epoch_);
  if (times == 0) return group_lrs();
  return scaled(group_lrs(), std::pow(gamma_, static_cast<double>(times)));
}

std::vector<double> MultiStepLR::closed_form_lr() {
  const auto passed =
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin();
  return scaled(base_lrs_, std::pow(gamma_, static_cast<double>(passed)));
}

void MultiStepLR::save_settings(StateDict& state_dict) const {
  detail::put_integers(state_dict, "milestones", milestones_);
  detail::put_number(state_dict, "gamma", gamma_);
}

void MultiStepLR::load_settings(const StateDict& state_dict) {
  auto milestones = detail::integers_entry(state_dict, "milestones");
  gamma_ = detail::number_entry(state_dict, "gamma");
  std::sort(milestones.begin(), milestones.end());
  milestones_ = std::move(milestones);
}

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma)
    : LRScheduler(optimizer), gamma_(gamma) {
  initial_step();
}

std::vector<double> ExponentialLR::get_lr() {
  if (last_epoch_ == 0) return group_lrs();
  return scaled(group_lrs(), gamma_);
}

std::vector<double> ExponentialLR::closed_form_lr() {
  return scaled(base_lrs_, std::pow(gamma_, static_cast<double>(last_epoch_)));
}

void ExponentialLR::save_settings(StateDict& state_dict) const {
  detail::put_number(state_dict, "gamma", gamma_);
}

void ExponentialLR::load_settings(const StateDict& state_dict) {
  gamma_ = detail::number_entry(state_dict, "gamma");
}

}  // namespace xgrad::optim
