#pragma once

// A progress bar with the running loss, steps per second and the time left:
//   [##########..........]   500/1000  50%  loss 1.83421  41.2 steps/s  ETA 0:12
// Redrawn in place on a terminal; printed every tenth of the run otherwise (as under ctest).
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace examples {

class ProgressBar {
 public:
  // Steps first_step + 1 .. total are to come (first_step > 0 for a resumed run).
  ProgressBar(int64_t total, int64_t first_step, bool quiet)
      : total_(total),
        first_step_(first_step),
        quiet_(quiet),
        tty_(isatty(fileno(stdout)) != 0),
        start_(std::chrono::steady_clock::now()) {}

  void update(int64_t step, double loss) const {
    const bool last = step == total_;
    if (quiet_ || (!tty_ && !last && step % std::max<int64_t>(1, total_ / 10) != 0)) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = static_cast<double>(step - first_step_) / std::max(seconds, 1e-9);
    const auto left = static_cast<int64_t>(static_cast<double>(total_ - step) / rate + 0.5);
    constexpr int64_t kWidth = 20;
    const int64_t filled = total_ > 0 ? kWidth * step / total_ : kWidth;
    char line[200];
    std::snprintf(line, sizeof line,
                  "[%s%s] %6lld/%lld %3lld%%  loss %.5f  %.1f steps/s  ETA %lld:%02lld",
                  std::string(static_cast<size_t>(filled), '#').c_str(),
                  std::string(static_cast<size_t>(kWidth - filled), '.').c_str(),
                  static_cast<long long>(step), static_cast<long long>(total_),
                  static_cast<long long>(total_ > 0 ? 100 * step / total_ : 100), loss, rate,
                  static_cast<long long>(left / 60), static_cast<long long>(left % 60));
    std::cout << (tty_ ? "\r" : "") << line << (tty_ && !last ? "" : "\n") << std::flush;
  }

  // A line of its own above the bar (which the next update redraws).
  void note(const std::string& text) const {
    if (!quiet_) std::cout << (tty_ ? "\r\033[K" : "") << text << '\n' << std::flush;
  }

  // Seconds since the bar was made.
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  int64_t total_, first_step_;
  bool quiet_, tty_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace examples
