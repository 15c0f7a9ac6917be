#include "xgrad/nn/activation_modules.hpp"

#include <utility>

#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

Tensor ReLU::forward(const Tensor& input) const {
  return ::xgrad::relu(input);
}

void ReLU::pretty_print(std::ostream& os) const {
  os << "ReLU()";
}

std::shared_ptr<Module> ReLU::clone() const {
  return fill_clone(std::make_shared<ReLU>());
}

Tensor Tanh::forward(const Tensor& input) const {
  return ::xgrad::tanh(input);
}

void Tanh::pretty_print(std::ostream& os) const {
  os << "Tanh()";
}

std::shared_ptr<Module> Tanh::clone() const {
  return fill_clone(std::make_shared<Tanh>());
}

Tensor Sigmoid::forward(const Tensor& input) const {
  return ::xgrad::sigmoid(input);
}

void Sigmoid::pretty_print(std::ostream& os) const {
  os << "Sigmoid()";
}

std::shared_ptr<Module> Sigmoid::clone() const {
  return fill_clone(std::make_shared<Sigmoid>());
}

GELU::GELU(std::string approximate) : Module("GELU"), approximate_(std::move(approximate)) {}

Tensor GELU::forward(const Tensor& input) const {
  return functional::gelu(input, approximate_);
}

void GELU::pretty_print(std::ostream& os) const {
  os << "GELU(approximate='" << approximate_ << "')";
}

std::shared_ptr<Module> GELU::clone() const {
  return fill_clone(std::make_shared<GELU>(approximate_));
}

}  // namespace xgrad::nn
