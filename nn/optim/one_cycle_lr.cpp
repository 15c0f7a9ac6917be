#include "xgrad/nn/optim/one_cycle_lr.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/adam.hpp"
#include "xgrad/nn/optim/adamw.hpp"
#include "xgrad/nn/optim/rmsprop.hpp"
#include "xgrad/nn/optim/scheduler_state.hpp"
#include "xgrad/nn/optim/sgd.hpp"

namespace xgrad::optim {

namespace {

// Sets the momentum that PyTorch cycles (SGD's and RMSprop's momentum, Adam's and AdamW's
// beta1) when the options are of type O; returns whether they are.
template <typename O>
bool put_momentum(OptimizerOptions& options, double momentum) {
  auto* o = dynamic_cast<O*>(&options);
  if (o) o->momentum(momentum);
  return o != nullptr;
}

template <typename O>
bool put_beta1(OptimizerOptions& options, double beta1) {
  auto* o = dynamic_cast<O*>(&options);
  if (o) o->betas(std::make_tuple(beta1, std::get<1>(o->betas())));
  return o != nullptr;
}

// Sets the momentum of the options; false, changing nothing, for options without one.
bool cycle_momentum_of(OptimizerOptions& options, double momentum) {
  return put_momentum<SGDOptions>(options, momentum) ||
         put_momentum<RMSpropOptions>(options, momentum) ||
         put_beta1<AdamOptions>(options, momentum) || put_beta1<AdamWOptions>(options, momentum);
}

const std::pair<const char*, double OneCycleLR::Range::*> kRangeFields[] = {
    {"initial_lr", &OneCycleLR::Range::initial_lr},
    {"max_lr", &OneCycleLR::Range::max_lr},
    {"min_lr", &OneCycleLR::Range::min_lr},
    {"max_momentum", &OneCycleLR::Range::max_momentum},
    {"base_momentum", &OneCycleLR::Range::base_momentum}};

}  // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, double max_lr, int64_t total_steps, double pct_start,
                       std::string anneal_strategy, double div_factor, double final_div_factor,
                       bool cycle_momentum, double base_momentum, double max_momentum,
                       bool three_phase)
    : LRScheduler(optimizer),
      total_steps_(total_steps),
      pct_start_(pct_start),
      anneal_strategy_(std::move(anneal_strategy)),
      cycle_momentum_(cycle_momentum),
      three_phase_(three_phase) {
  check_and_make_phases();
  for (size_t i = 0; i < optimizer.param_groups().size(); ++i) {
    const double initial_lr = max_lr / div_factor;
    ranges_.push_back(
        {initial_lr, max_lr, initial_lr / final_div_factor, max_momentum, base_momentum});
  }
  if (cycle_momentum_) {
    // PyTorch asks the optimizer's defaults, whose type every group's options share.
    const std::unique_ptr<OptimizerOptions> probe = optimizer.defaults().clone();
    XGRAD_CHECK(cycle_momentum_of(*probe, 0.0), std::invalid_argument,
                "optimizer must support momentum with `cycle_momentum` option enabled");
    for (size_t i = 0; i < ranges_.size(); ++i) set_momentum(i, ranges_[i].max_momentum);
  }
  for (size_t i = 0; i < ranges_.size(); ++i) base_lrs_[i] = ranges_[i].initial_lr;
  initial_step();
}

void OneCycleLR::check_and_make_phases() {
  XGRAD_CHECK(total_steps_ > 0, std::invalid_argument,
              "Expected positive integer total_steps, but got ", total_steps_);
  const double steps = static_cast<double>(total_steps_);
  if (three_phase_) {
    phases_ = {{pct_start_ * steps - 1, &Range::initial_lr, &Range::max_lr, &Range::max_momentum,
                &Range::base_momentum},
               {2 * pct_start_ * steps - 2, &Range::max_lr, &Range::initial_lr,
                &Range::base_momentum, &Range::max_momentum},
               {steps - 1, &Range::initial_lr, &Range::min_lr, &Range::max_momentum,
                &Range::max_momentum}};
  } else {
    phases_ = {
        {pct_start_ * steps - 1, &Range::initial_lr, &Range::max_lr, &Range::max_momentum,
         &Range::base_momentum},
        {steps - 1, &Range::max_lr, &Range::min_lr, &Range::base_momentum, &Range::max_momentum}};
  }
  XGRAD_CHECK(pct_start_ >= 0 && pct_start_ <= 1, std::invalid_argument,
              "Expected float between 0 and 1 pct_start, but got ", pct_start_);
  XGRAD_CHECK(anneal_strategy_ == "cos" || anneal_strategy_ == "linear", std::invalid_argument,
              "anneal_strategy must by one of 'cos' or 'linear', instead got ", anneal_strategy_);
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (anneal_strategy_ == "cos") {
    const double cos_out = std::cos(detail::kPi * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  }
  return (end - start) * pct + start;
}

void OneCycleLR::set_momentum(size_t group, double momentum) {
  cycle_momentum_of(optimizer_->param_groups()[group].options(), momentum);
}

std::vector<double> OneCycleLR::get_lr() {
  const int64_t step_num = last_epoch_;
  XGRAD_CHECK(step_num <= total_steps_, std::runtime_error, "Tried to step ", step_num + 1,
              " times. The specified number of total steps is ", total_steps_);
  std::vector<double> lrs;
  for (size_t g = 0; g < ranges_.size(); ++g) {
    const Range& range = ranges_[g];
    double start_step = 0, lr = 0, momentum = 0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& phase = phases_[i];
      if (static_cast<double>(step_num) <= phase.end_step || i == phases_.size() - 1) {
        XGRAD_CHECK(phase.end_step - start_step != 0, std::domain_error, "float division by zero");
        const double pct =
            (static_cast<double>(step_num) - start_step) / (phase.end_step - start_step);
        lr = anneal(range.*phase.start_lr, range.*phase.end_lr, pct);
        momentum = anneal(range.*phase.start_momentum, range.*phase.end_momentum, pct);
        break;
      }
      start_step = phase.end_step;
    }
    lrs.push_back(lr);
    if (cycle_momentum_) set_momentum(g, momentum);
  }
  return lrs;
}

void OneCycleLR::save_settings(StateDict& state_dict) const {
  detail::put_integer(state_dict, "total_steps", total_steps_);
  detail::put_number(state_dict, "pct_start", pct_start_);
  detail::put_text(state_dict, "anneal_strategy", anneal_strategy_);
  detail::put_integer(state_dict, "cycle_momentum", cycle_momentum_);
  detail::put_integer(state_dict, "three_phase", three_phase_);
  for (const auto& [name, field] : kRangeFields) {
    std::vector<double> values;
    for (const Range& range : ranges_) values.push_back(range.*field);
    detail::put_numbers(state_dict, name, values);
  }
}

void OneCycleLR::load_settings(const StateDict& state_dict) {
  const int64_t total_steps = detail::integer_entry(state_dict, "total_steps");
  const double pct_start = detail::number_entry(state_dict, "pct_start");
  const std::string anneal_strategy = detail::text_entry(state_dict, "anneal_strategy");
  const bool cycle_momentum = detail::integer_entry(state_dict, "cycle_momentum") != 0;
  const bool three_phase = detail::integer_entry(state_dict, "three_phase") != 0;
  std::vector<Range> ranges(optimizer_->param_groups().size());
  for (const auto& [name, field] : kRangeFields) {
    const std::vector<double> values = detail::numbers_entry(state_dict, name);
    XGRAD_CHECK(values.size() == ranges.size(), std::runtime_error, "load_state_dict(): expected ",
                ranges.size(), " values for ", name, ", got ", values.size());
    for (size_t i = 0; i < ranges.size(); ++i) ranges[i].*field = values[i];
  }
  total_steps_ = total_steps;
  pct_start_ = pct_start;
  anneal_strategy_ = anneal_strategy;
  cycle_momentum_ = cycle_momentum;
  three_phase_ = three_phase;
  ranges_ = std::move(ranges);
  try {
    check_and_make_phases();
  } catch (const std::invalid_argument& e) {
    XGRAD_FAIL(std::runtime_error, "load_state_dict(): ", e.what());
  }
}

}  // namespace xgrad::optim
