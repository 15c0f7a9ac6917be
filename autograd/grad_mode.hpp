#pragma once

namespace xgrad {

// Whether ops record the graph. Thread-local: each thread has its own mode.
bool is_grad_enabled();
void set_grad_enabled(bool enabled);

// While alive, ops record nothing (inference, optimizer updates, init).
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// While alive, ops record again, even inside a NoGradGuard.
class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  EnableGradGuard(const EnableGradGuard&) = delete;
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace xgrad
