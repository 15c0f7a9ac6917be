#include "xgrad/nn/optim/reduce_lr_on_plateau.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/scheduler_state.hpp"

namespace xgrad::optim {

namespace {

// PyTorch's checks, in its order; gives the per-group minimum lrs.
std::vector<double> checked_min_lrs(const ReduceLROnPlateauOptions& o, size_t groups) {
  XGRAD_CHECK(o.factor() < 1.0, std::invalid_argument, "Factor should be < 1.0.");
  std::vector<double> min_lrs(groups, o.min_lr());
  if (!o.min_lrs().empty()) {
    XGRAD_CHECK(o.min_lrs().size() == groups, std::invalid_argument, "expected ", groups,
                " min_lrs, got ", o.min_lrs().size());
    min_lrs = o.min_lrs();
  }
  XGRAD_CHECK(o.mode() == "min" || o.mode() == "max", std::invalid_argument, "mode ", o.mode(),
              " is unknown!");
  XGRAD_CHECK(o.threshold_mode() == "rel" || o.threshold_mode() == "abs", std::invalid_argument,
              "threshold mode ", o.threshold_mode(), " is unknown!");
  return min_lrs;
}

double mode_worse(const ReduceLROnPlateauOptions& o) {
  const double inf = std::numeric_limits<double>::infinity();
  return o.mode() == "min" ? inf : -inf;
}

std::vector<double> lrs_of(Optimizer& optimizer) {
  std::vector<double> lrs;
  for (const auto& group : optimizer.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

}  // namespace

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options)
    : optimizer_(&optimizer),
      options_(std::move(options)),
      min_lrs_(checked_min_lrs(options_, optimizer.param_groups().size())),
      best_(mode_worse(options_)),
      last_lr_(lrs_of(optimizer)) {}

bool ReduceLROnPlateau::is_better(double a, double best) const {
  const bool rel = options_.threshold_mode() == "rel";
  if (options_.mode() == "min") {
    return rel ? a < best * (1. - options_.threshold()) : a < best - options_.threshold();
  }
  return rel ? a > best * (options_.threshold() + 1.) : a > best + options_.threshold();
}

void ReduceLROnPlateau::step(double metric) {
  last_epoch_ += 1;
  if (is_better(metric, best_)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    num_bad_epochs_ += 1;
  }
  if (cooldown_counter_ > 0) {
    cooldown_counter_ -= 1;
    num_bad_epochs_ = 0;  // bad epochs in cooldown do not count
  }
  if (num_bad_epochs_ > options_.patience()) {
    reduce_lr();
    cooldown_counter_ = options_.cooldown();
    num_bad_epochs_ = 0;
  }
  last_lr_ = lrs_of(*optimizer_);
}

void ReduceLROnPlateau::reduce_lr() {
  auto& groups = optimizer_->param_groups();
  for (size_t i = 0; i < std::min(groups.size(), min_lrs_.size()); ++i) {
    const double old_lr = groups[i].options().get_lr();
    const double new_lr = std::max(old_lr * options_.factor(), min_lrs_[i]);
    if (old_lr - new_lr > options_.eps()) groups[i].options().set_lr(new_lr);
  }
}

StateDict ReduceLROnPlateau::state_dict() const {
  StateDict out;
  detail::put_number(out, "factor", options_.factor());
  detail::put_numbers(out, "min_lrs", min_lrs_);
  detail::put_integer(out, "patience", options_.patience());
  detail::put_integer(out, "cooldown", options_.cooldown());
  detail::put_integer(out, "cooldown_counter", cooldown_counter_);
  detail::put_text(out, "mode", options_.mode());
  detail::put_number(out, "threshold", options_.threshold());
  detail::put_text(out, "threshold_mode", options_.threshold_mode());
  detail::put_number(out, "best", best_);
  detail::put_integer(out, "num_bad_epochs", num_bad_epochs_);
  detail::put_number(out, "eps", options_.eps());
  detail::put_integer(out, "last_epoch", last_epoch_);
  detail::put_numbers(out, "_last_lr", last_lr_);
  return out;
}

void ReduceLROnPlateau::load_state_dict(const StateDict& state_dict) {
  ReduceLROnPlateauOptions options =
      ReduceLROnPlateauOptions()
          .factor(detail::number_entry(state_dict, "factor"))
          .min_lrs(detail::numbers_entry(state_dict, "min_lrs"))
          .patience(detail::integer_entry(state_dict, "patience"))
          .cooldown(detail::integer_entry(state_dict, "cooldown"))
          .mode(detail::text_entry(state_dict, "mode"))
          .threshold(detail::number_entry(state_dict, "threshold"))
          .threshold_mode(detail::text_entry(state_dict, "threshold_mode"))
          .eps(detail::number_entry(state_dict, "eps"));
  std::vector<double> min_lrs;
  try {
    min_lrs = checked_min_lrs(options, optimizer_->param_groups().size());
  } catch (const std::invalid_argument& e) {
    XGRAD_FAIL(std::runtime_error, "load_state_dict(): ", e.what());
  }
  const double best = detail::number_entry(state_dict, "best");
  const int64_t num_bad_epochs = detail::integer_entry(state_dict, "num_bad_epochs");
  const int64_t cooldown_counter = detail::integer_entry(state_dict, "cooldown_counter");
  const int64_t last_epoch = detail::integer_entry(state_dict, "last_epoch");
  std::vector<double> last_lr = detail::numbers_entry(state_dict, "_last_lr");
  options_ = std::move(options);
  min_lrs_ = std::move(min_lrs);
  best_ = best;
  num_bad_epochs_ = num_bad_epochs;
  cooldown_counter_ = cooldown_counter;
  last_epoch_ = last_epoch;
  last_lr_ = std::move(last_lr);
}

}  // namespace xgrad::optim
