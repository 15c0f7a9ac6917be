#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/state_dict.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// ReduceLROnPlateau's settings with chained setters and PyTorch's defaults:
// ReduceLROnPlateauOptions().mode("max").patience(3). min_lrs, when not empty, gives one
// minimum lr per group in place of min_lr.
class ReduceLROnPlateauOptions {
  XGRAD_ARG(std::string, mode) = "min";
  XGRAD_ARG(double, factor) = 0.1;
  XGRAD_ARG(int64_t, patience) = 10;
  XGRAD_ARG(double, threshold) = 1e-4;
  XGRAD_ARG(std::string, threshold_mode) = "rel";
  XGRAD_ARG(int64_t, cooldown) = 0;
  XGRAD_ARG(double, min_lr) = 0;
  XGRAD_ARG(std::vector<double>, min_lrs);
  XGRAD_ARG(double, eps) = 1e-8;
};

// Multiplies each group's lr by factor when a metric has stopped improving for more than
// patience steps, as torch.optim.lr_scheduler.ReduceLROnPlateau: step(metric) after each
// evaluation. Throws std::invalid_argument, in PyTorch's words, for factor >= 1, an unknown
// mode or threshold_mode, or min_lrs of another length than the groups. Keeps a reference to its
// optimizer, which must outlive it.
class ReduceLROnPlateau {
 public:
  explicit ReduceLROnPlateau(Optimizer& optimizer,
                             ReduceLROnPlateauOptions options = ReduceLROnPlateauOptions());

  void step(double metric);

  // The lr of each group after the last step (the lrs at construction before any).
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  const ReduceLROnPlateauOptions& options() const { return options_; }
  double best() const { return best_; }
  int64_t num_bad_epochs() const { return num_bad_epochs_; }
  int64_t cooldown_counter() const { return cooldown_counter_; }
  int64_t last_epoch() const { return last_epoch_; }

  // PyTorch's state ("best", "num_bad_epochs", "cooldown_counter", "last_epoch", "_last_lr" and
  // the settings) as metadata; loading it resumes bit for bit, and throws std::runtime_error
  // naming a missing or garbled entry or an invalid setting.
  StateDict state_dict() const;
  void load_state_dict(const StateDict& state_dict);

 private:
  bool is_better(double a, double best) const;
  void reduce_lr();

  Optimizer* optimizer_;
  ReduceLROnPlateauOptions options_;
  std::vector<double> min_lrs_;
  double best_;
  int64_t num_bad_epochs_ = 0;
  int64_t cooldown_counter_ = 0;
  int64_t last_epoch_ = 0;
  std::vector<double> last_lr_;
};

}  // namespace xgrad::optim
