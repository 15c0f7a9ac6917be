#include "xgrad/nn/optim/cosine_annealing_lr.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/scheduler_state.hpp"

namespace xgrad::optim {

namespace {

constexpr const char* kTMaxError = "Expected positive integer T_max, but got ";

}  // namespace

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min) {
  XGRAD_CHECK(T_max >= 1, std::invalid_argument, kTMaxError, T_max);
  initial_step();
}

// Each expression keeps the order of PyTorch's, so that the rounding agrees.
std::vector<double> CosineAnnealingLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  const double epoch = static_cast<double>(last_epoch_), T_max = static_cast<double>(T_max_);
  if (last_epoch_ == 0) return lrs;
  if (step_count_ == 1 && last_epoch_ > 0) {
    for (size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] =
          eta_min_ + (base_lrs_[i] - eta_min_) * (1 + std::cos(epoch * detail::kPi / T_max)) / 2;
    }
  } else if ((last_epoch_ - 1 - T_max_) % (2 * T_max_) == 0) {
    for (size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = lrs[i] + (base_lrs_[i] - eta_min_) * (1 - std::cos(detail::kPi / T_max)) / 2;
    }
  } else {
    const double ratio = (1 + std::cos(detail::kPi * epoch / T_max)) /
                         (1 + std::cos(detail::kPi * (epoch - 1) / T_max));
    for (double& lr : lrs) lr = ratio * (lr - eta_min_) + eta_min_;
  }
  return lrs;
}

std::vector<double> CosineAnnealingLR::closed_form_lr() {
  std::vector<double> lrs = base_lrs_;
  const double epoch = static_cast<double>(last_epoch_), T_max = static_cast<double>(T_max_);
  for (double& lr : lrs) {
    lr = eta_min_ + (lr - eta_min_) * (1 + std::cos(detail::kPi * epoch / T_max)) / 2;
  }
  return lrs;
}

void CosineAnnealingLR::save_settings(StateDict& state_dict) const {
  detail::put_integer(state_dict, "T_max", T_max_);
  detail::put_number(state_dict, "eta_min", eta_min_);
}

void CosineAnnealingLR::load_settings(const StateDict& state_dict) {
  const int64_t T_max = detail::integer_entry(state_dict, "T_max");
  XGRAD_CHECK(T_max >= 1, std::runtime_error, "load_state_dict(): ", kTMaxError, T_max);
  eta_min_ = detail::number_entry(state_dict, "eta_min");
  T_max_ = T_max;
}

}  // namespace xgrad::optim
