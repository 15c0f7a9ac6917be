#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/state_dict.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// The base of the epoch-driven schedulers, as PyTorch 1.13's torch.optim.lr_scheduler
// _LRScheduler: each step() sets every parameter group's lr. Like PyTorch, a scheduler steps once
// when it is made (last_epoch -1 -> 0), and computes each lr from the group's current lr (the
// "chainable" get_lr), so its sequence agrees with PyTorch's to the last bit of arithmetic.
// The base lrs are the groups' lrs when the scheduler is made (PyTorch's "initial_lr").
// A scheduler keeps a reference to its optimizer, which must outlive it.
class LRScheduler {
 public:
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  virtual void step();

  // The lr of each parameter group after the last step.
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  const std::vector<double>& base_lrs() const { return base_lrs_; }
  int64_t last_epoch() const { return last_epoch_; }
  Optimizer& optimizer() const { return *optimizer_; }

  // PyTorch's state: "base_lrs", "last_epoch", "_step_count", "_last_lr" and the scheduler's
  // settings, as metadata. Loading it (after the optimizer's own state) into a scheduler made
  // the same way resumes the lr sequence bit for bit. Loading throws std::runtime_error naming
  // a missing or garbled entry, and restores the settings too, as PyTorch does.
  StateDict state_dict() const;
  void load_state_dict(const StateDict& state_dict);

 protected:
  explicit LRScheduler(Optimizer& optimizer);

  // PyTorch's _initial_step: every concrete constructor ends with it, once its settings are set
  // (the base constructor cannot call get_lr).
  void initial_step();
  // The new lr of each group, at last_epoch_.
  virtual std::vector<double> get_lr() = 0;
  // What PyTorch's step(epoch) computes: the closed form where the scheduler has one.
  virtual std::vector<double> closed_form_lr() { return get_lr(); }
  virtual void save_settings(StateDict& /*state_dict*/) const {}
  virtual void load_settings(const StateDict& /*state_dict*/) {}

  std::vector<double> group_lrs() const;
  void set_group_lrs(const std::vector<double>& lrs);

  Optimizer* optimizer_;
  std::vector<double> base_lrs_;
  int64_t last_epoch_ = -1;
  int64_t step_count_ = 0;
  std::vector<double> last_lr_;

 private:
  friend class SequentialLR;
  // PyTorch's deprecated step(epoch), which SequentialLR calls at its milestones.
  void step_to(int64_t epoch);
};

}  // namespace xgrad::optim
