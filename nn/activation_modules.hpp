#pragma once

#include <memory>
#include <string>

#include "xgrad/nn/module.hpp"

// The activation functions as modules, as torch.nn's, for Sequential and printing.
namespace xgrad::nn {

// max(x, 0), as torch.nn.ReLU (never in place).
class ReLU : public Module {
 public:
  ReLU() : Module("ReLU") {}
  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
};

// tanh(x), as torch.nn.Tanh.
class Tanh : public Module {
 public:
  Tanh() : Module("Tanh") {}
  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
};

// 1 / (1 + exp(-x)), as torch.nn.Sigmoid.
class Sigmoid : public Module {
 public:
  Sigmoid() : Module("Sigmoid") {}
  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
};

// functional::gelu with `approximate` "none" or "tanh", as torch.nn.GELU; any other string
// throws on forward, as in PyTorch.
class GELU : public Module {
 public:
  explicit GELU(std::string approximate = "none");
  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
  const std::string& approximate() const { return approximate_; }

 private:
  std::string approximate_;
};

}  // namespace xgrad::nn
