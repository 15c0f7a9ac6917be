#pragma once

// What the example programs share around their training loops: one optimization step, and a
// log that keeps the loss curve and a running mean and drives the progress bar.
#include <algorithm>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "progress.hpp"

namespace examples {

// Clears the gradients, backpropagates `loss`, clips the gradient norm and updates.
inline double optimize(xgrad::optim::Optimizer& optimizer, const xgrad::Tensor& loss,
                       double max_grad_norm) {
  optimizer.zero_grad();
  loss.backward();
  xgrad::nn::utils::clip_grad_norm_(optimizer.parameters(), max_grad_norm);
  optimizer.step();
  return loss.item<double>();
}

class TrainingLog {
 public:
  // Steps first_step + 1 .. steps are to come; `losses` are those of the steps before.
  TrainingLog(int64_t steps, bool quiet, int64_t first_step = 0, std::vector<double> losses = {})
      : bar_(steps, first_step, quiet), losses_(std::move(losses)) {
    for (size_t i = 0; i < losses_.size(); ++i) smooth(losses_[i], i + 1);
  }

  // Records the loss of step `step` (counted from 1) and redraws the progress bar.
  void record(int64_t step, double loss) {
    losses_.push_back(loss);
    smooth(loss, losses_.size());
    bar_.update(step, running_);
  }

  void note(const std::string& text) const { bar_.note(text); }
  const std::vector<double>& losses() const { return losses_; }
  double running() const { return running_; }
  // True when the running loss ended below `fraction` of what it was after the first steps.
  bool fell_below(double fraction) const { return running_ < fraction * first_running_; }
  double seconds() const { return bar_.elapsed(); }

 private:
  static constexpr size_t kWarmup = 10;

  // `count`: how many losses there are with this one.
  void smooth(double loss, size_t count) {
    running_ = count <= 1 ? loss : 0.9 * running_ + 0.1 * loss;
    if (count <= kWarmup) first_running_ = running_;
  }

  ProgressBar bar_;
  std::vector<double> losses_;
  double running_ = 0, first_running_ = 0;
};

}  // namespace examples
