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

// -input[n, target[n]] for log-probabilities `input` of shape (N, C), (N, C, d1, ...) or (C)
// and int64 class indices `target` of shape (N), (N, d1, ...) or (), as PyTorch's nll_loss. A
// target equal to ignore_index contributes 0 and is left out of the mean's count; any other
// index outside [0, C) throws std::out_of_range("Target 7 is out of bounds."). A target of
// another dtype (float class indices, bool) is refused with std::invalid_argument.
// Differentiable with respect to input.
Tensor nll_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
                int64_t ignore_index = -100);

// nll_loss(log_softmax(input, class dim), target) for logits `input` and int64 class indices
// `target` as in nll_loss. A floating target of the input's shape holds class probabilities
// instead (PyTorch >= 1.10): the loss at a position is -sum_c target_c * log_softmax(input)_c,
// the mean divides by the number of positions, and the target is differentiable too.
// label_smoothing in [0, 1] mixes the target with the uniform distribution over the C classes,
// as torch.nn.functional.cross_entropy does. Finite for logits of any magnitude (log_softmax
// goes through logsumexp).
Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     Reduction reduction = Reduction::Mean, int64_t ignore_index = -100,
                     double label_smoothing = 0.0);

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
  Tensor operator()(const Tensor& input, const Tensor& target) const {
    return forward(input, target);
  }
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
  explicit CrossEntropyLoss(Reduction reduction = Reduction::Mean, int64_t ignore_index = -100,
                            double label_smoothing = 0.0)
      : Loss("CrossEntropyLoss", reduction),
        ignore_index_(ignore_index),
        label_smoothing_(label_smoothing) {}
  Tensor forward(const Tensor& input, const Tensor& target) const override;
  std::shared_ptr<Module> clone() const override;
  int64_t ignore_index() const { return ignore_index_; }
  double label_smoothing() const { return label_smoothing_; }

 private:
  int64_t ignore_index_;
  double label_smoothing_;
};

class BCEWithLogitsLoss : public Loss {
 public:
  explicit BCEWithLogitsLoss(Reduction reduction = Reduction::Mean)
      : Loss("BCEWithLogitsLoss", reduction) {}
  Tensor forward(const Tensor& input, const Tensor& target) const override;
  std::shared_ptr<Module> clone() const override;
};

}  // namespace xgrad::nn
