#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

// How a loss reduces its per-element (or per-sample) values: as they are, their mean, their sum.
enum class Reduction { None, Mean, Sum };

namespace functional {

// (input - target)^2, reduced. input and target must have the same shape (PyTorch only warns
// and broadcasts; xgrad refuses, naming both shapes).
Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);

// -input[n, target[n]] for log-probabilities `input` of shape (N, C) or (C) and class indices
// `target` of shape (N) or () held as whole numbers in a float tensor. A target equal to
// ignore_index contributes 0 and is left out of the mean's count, as in PyTorch; any other
// index outside [0, C) throws std::out_of_range("Target 5 is out of bounds."), a fractional
// one std::invalid_argument. Differentiable with respect to input.
Tensor nll_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
                int64_t ignore_index = -100);

// nll_loss(log_softmax(input, class dim), target) for logits `input` of shape (N, C) or (C)
// and class indices `target` as in nll_loss. When target has the input's shape it holds class
// probabilities instead (PyTorch >= 1.10): the loss of a sample is
// -sum_c target_c * log_softmax(input)_c, the mean divides by N, and the target is
// differentiable too. Finite for logits of any magnitude (log_softmax goes through
// logsumexp).
Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     Reduction reduction = Reduction::Mean, int64_t ignore_index = -100);

// The binary cross-entropy of sigmoid(input) against target in [0, 1], computed in one
// numerically stable op: max(x, 0) - x * y + log1p(exp(-|x|)). Gradients: (sigmoid(x) - y) * g
// for the input and -x * g for the target. Shapes must match.
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        Reduction reduction = Reduction::Mean);

}  // namespace functional

// The module forms, as torch::nn::MSELoss etc.: loss(input, target). Each prints as
// "MSELoss()".
class Loss : public Module {
 public:
  virtual Tensor forward(const Tensor& input, const Tensor& target) const = 0;
  Tensor operator()(const Tensor& input, const Tensor& target) const { return forward(input, target); }
  Reduction reduction() const { return reduction_; }
  void pretty_print(std::ostream& os) const override;

 protected:
  Loss(std::string name, Reduction reduction) : Module(std::move(name)), reduction_(reduction) {}

 private:
  Reduction reduction_;
};

class MSELoss : public Loss {
 public:
  explicit MSELoss(Reduction reduction = Reduction::Mean) : Loss("MSELoss", reduction) {}
  Tensor forward(const Tensor& input, const Tensor& target) const override;
  std::shared_ptr<Module> clone() const override;
};

class CrossEntropyLoss : public Loss {
 public:
  explicit CrossEntropyLoss(Reduction reduction = Reduction::Mean, int64_t ignore_index = -100)
      : Loss("CrossEntropyLoss", reduction), ignore_index_(ignore_index) {}
  Tensor forward(const Tensor& input, const Tensor& target) const override;
  std::shared_ptr<Module> clone() const override;
  int64_t ignore_index() const { return ignore_index_; }

 private:
  int64_t ignore_index_;
};

class BCEWithLogitsLoss : public Loss {
 public:
  explicit BCEWithLogitsLoss(Reduction reduction = Reduction::Mean) : Loss("BCEWithLogitsLoss", reduction) {}
  Tensor forward(const Tensor& input, const Tensor& target) const override;
  std::shared_ptr<Module> clone() const override;
};

}  // namespace xgrad::nn
