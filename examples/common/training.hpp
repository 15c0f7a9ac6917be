#pragma once

// What the example programs share around their training loops: one optimization step, and a
// log that keeps the loss curve, a running mean and a progress bar (redrawn in place on a
// terminal, printed every tenth of the run otherwise, as under ctest).
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

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
  explicit TrainingLog(int steps) : steps_(steps), tty_(isatty(fileno(stdout)) != 0) {}

  // Records the loss of step `step` (counted from 1) and redraws the progress bar.
  void record(int step, double loss) {
    losses_.push_back(loss);
    running_ = losses_.size() == 1 ? loss : 0.9 * running_ + 0.1 * loss;
    if (step == std::min(steps_, kWarmup)) first_running_ = running_;
    draw(step);
  }

  const std::vector<double>& losses() const { return losses_; }
  double running() const { return running_; }
  // True when the running loss ended below `fraction` of what it was after the first steps.
  bool fell_below(double fraction) const { return running_ < fraction * first_running_; }

 private:
  static constexpr int kWarmup = 10;

  void draw(int step) const {
    const bool last = step == steps_;
    if (!tty_ && !last && step % std::max(1, steps_ / 10) != 0) return;
    constexpr int kWidth = 30;
    const int filled = steps_ > 0 ? kWidth * step / steps_ : kWidth;
    char line[160];
    std::snprintf(line, sizeof line, "[%s%s] %5d/%d  loss %.5f",
                  std::string(static_cast<size_t>(filled), '#').c_str(),
                  std::string(static_cast<size_t>(kWidth - filled), '.').c_str(), step, steps_,
                  running_);
    std::cout << (tty_ ? "\r" : "") << line << (tty_ && !last ? "" : "\n") << std::flush;
  }

  int steps_;
  bool tty_;
  std::vector<double> losses_;
  double running_ = 0, first_running_ = 0;
};

}  // namespace examples
