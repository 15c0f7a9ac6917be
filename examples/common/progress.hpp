#pragma once

// A progress bar with the running loss: redrawn in place on a terminal, printed every tenth
// of the run otherwise (logs, ctest).
#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>

namespace examples {

class Progress {
 public:
  explicit Progress(int total) : total_(total), tty_(isatty(fileno(stdout)) != 0) {}

  void update(int step, double running_loss) {
    const bool last = step == total_;
    if (!tty_ && !last && step % std::max(1, total_ / 10) != 0) return;
    constexpr int kWidth = 30;
    const int filled = total_ > 0 ? kWidth * step / total_ : kWidth;
    char line[160];
    std::snprintf(line, sizeof line, "[%s%s] %5d/%d  loss %.5f", std::string(static_cast<size_t>(filled), '#').c_str(),
                  std::string(static_cast<size_t>(kWidth - filled), '.').c_str(), step, total_, running_loss);
    std::cout << (tty_ ? "\r" : "") << line << (tty_ && !last ? "" : "\n") << std::flush;
  }

 private:
  int total_;
  bool tty_;
};

// An exponential moving average, for a loss that reads steadily.
class RunningMean {
 public:
  double add(double value) {
    mean_ = count_++ == 0 ? value : 0.9 * mean_ + 0.1 * value;
    return mean_;
  }
  double value() const { return mean_; }

 private:
  double mean_ = 0;
  long count_ = 0;
};

}  // namespace examples
