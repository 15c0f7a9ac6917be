#include "xgrad/nn/optim/linear_lr.hpp"

#include <algorithm>
#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/scheduler_state.hpp"

namespace xgrad::optim {

namespace {

void check_factors(double start_factor, double end_factor) {
  XGRAD_CHECK(!(start_factor > 1.0 || start_factor < 0), std::invalid_argument,
              "Starting multiplicative factor expected to be between 0 and 1.");
  XGRAD_CHECK(!(end_factor > 1.0 || end_factor < 0), std::invalid_argument,
              "Ending multiplicative factor expected to be between 0 and 1.");
}

// Python refuses to divide by zero (a start_factor of 0, or total_iters 0), where C++ would
// make an inf.
double divide(double numerator, double denominator) {
  XGRAD_CHECK(denominator != 0, std::domain_error, "float division by zero");
  return numerator / denominator;
}

}  // namespace

LinearLR::LinearLR(Optimizer& optimizer, double start_factor, double end_factor,
                   int64_t total_iters)
    : LRScheduler(optimizer),
      start_factor_(start_factor),
      end_factor_(end_factor),
      total_iters_(total_iters) {
  check_factors(start_factor, end_factor);
  initial_step();
}

std::vector<double> LinearLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) {
    for (double& lr : lrs) lr *= start_factor_;
    return lrs;
  }
  if (last_epoch_ > total_iters_) return lrs;
  const double delta = end_factor_ - start_factor_;
  const double factor = 1. + divide(delta, static_cast<double>(total_iters_) * start_factor_ +
                                               static_cast<double>(last_epoch_ - 1) * delta);
  for (double& lr : lrs) lr *= factor;
  return lrs;
}

std::vector<double> LinearLR::closed_form_lr() {
  const double reached = static_cast<double>(std::min(total_iters_, last_epoch_));
  const double factor = start_factor_ + divide((end_factor_ - start_factor_) * reached,
                                               static_cast<double>(total_iters_));
  std::vector<double> lrs = base_lrs_;
  for (double& lr : lrs) lr *= factor;
  return lrs;
}

void LinearLR::save_settings(StateDict& state_dict) const {
  detail::put_number(state_dict, "start_factor", start_factor_);
  detail::put_number(state_dict, "end_factor", end_factor_);
  detail::put_integer(state_dict, "total_iters", total_iters_);
}

void LinearLR::load_settings(const StateDict& state_dict) {
  const double start_factor = detail::number_entry(state_dict, "start_factor");
  const double end_factor = detail::number_entry(state_dict, "end_factor");
  total_iters_ = detail::integer_entry(state_dict, "total_iters");
  start_factor_ = start_factor;
  end_factor_ = end_factor;
}

}  // namespace xgrad::optim
