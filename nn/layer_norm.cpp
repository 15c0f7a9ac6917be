#include "xgrad/nn/layer_norm.hpp"

#include "xgrad/framework/factories.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

LayerNorm::LayerNorm(const LayerNormOptions& options) : Module("LayerNorm"), options_(options) {
  if (!options.elementwise_affine()) return;
  const TensorOptions tensor_options = TensorOptions(options.dtype()).device(options.device());
  weight = register_parameter("weight", ones(options.normalized_shape(), tensor_options));
  bias = register_parameter("bias", zeros(options.normalized_shape(), tensor_options));
}

Tensor LayerNorm::forward(const Tensor& input) const {
  return functional::layer_norm(input, options_.normalized_shape(), weight, bias, options_.eps());
}

std::shared_ptr<Module> LayerNorm::clone() const {
  return fill_clone(std::make_shared<LayerNorm>(options_));
}

// PyTorch's repr: LayerNorm((5,), eps=1e-05, elementwise_affine=True), booleans in C++'s words.
void LayerNorm::pretty_print(std::ostream& os) const {
  const auto& shape = options_.normalized_shape();
  os << "LayerNorm((";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  if (shape.size() == 1) os << ',';
  os << "), eps=" << options_.eps()
     << ", elementwise_affine=" << (options_.elementwise_affine() ? "true" : "false") << ')';
}

}  // namespace xgrad::nn
