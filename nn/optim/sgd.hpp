#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// SGD's settings with chained setters, as torch::optim::SGDOptions:
// SGDOptions(0.1).momentum(0.9).nesterov(true).
class SGDOptions {
 public:
  explicit SGDOptions(double lr) : lr_(lr) {}

  SGDOptions& lr(double v) {
    lr_ = v;
    return *this;
  }
  SGDOptions& momentum(double v) {
    momentum_ = v;
    return *this;
  }
  SGDOptions& dampening(double v) {
    dampening_ = v;
    return *this;
  }
  SGDOptions& weight_decay(double v) {
    weight_decay_ = v;
    return *this;
  }
  SGDOptions& nesterov(bool v) {
    nesterov_ = v;
    return *this;
  }
  SGDOptions& maximize(bool v) {
    maximize_ = v;
    return *this;
  }

  double lr() const { return lr_; }
  double momentum() const { return momentum_; }
  double dampening() const { return dampening_; }
  double weight_decay() const { return weight_decay_; }
  bool nesterov() const { return nesterov_; }
  bool maximize() const { return maximize_; }

 private:
  double lr_;
  double momentum_ = 0.0;
  double dampening_ = 0.0;
  double weight_decay_ = 0.0;
  bool nesterov_ = false;
  bool maximize_ = false;
};

// Stochastic gradient descent with PyTorch's rule (shared/spec/sgd.md). For each parameter p
// with a gradient g:
//   g = maximize ? -g : g;  g += weight_decay * p;
//   with momentum: buf = g on the first step, else momentum * buf + (1 - dampening) * g;
//                  g = nesterov ? g + momentum * buf : buf;
//   p -= lr * g
// Updates run under NoGradGuard, in place on the parameters' values.
class SGD : public Optimizer {
 public:
  // Throws std::invalid_argument in PyTorch's words for a negative lr, momentum or
  // weight_decay, for nesterov without momentum or with dampening, and as Optimizer does.
  SGD(std::vector<Tensor> params, SGDOptions options);

  void step() override;

  const SGDOptions& options() const { return options_; }
  SGDOptions& options() { return options_; }  // e.g. to change lr between steps

  // The momentum buffer of parameters()[i]: undefined until a step with momentum has updated
  // that parameter. The handle shares the buffer's values.
  Tensor momentum_buffer(size_t i) const;

 private:
  SGDOptions options_;
  std::vector<Tensor> momentum_buffers_;
};

}  // namespace xgrad::optim
