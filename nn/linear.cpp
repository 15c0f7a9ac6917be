#include "xgrad/nn/linear.hpp"

#include <cmath>
#include <memory>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/linalg.hpp"

namespace xgrad::nn {

Linear::Linear(int64_t in_features, int64_t out_features, bool bias, Device device, Dtype dtype)
    : Linear(LinearOptions(in_features, out_features).bias(bias).device(device).dtype(dtype)) {}

Linear::Linear(const LinearOptions& options) : Module("Linear"), options_(options) {
  const TensorOptions tensor_options = TensorOptions(options.dtype()).device(options.device());
  weight = register_parameter(
      "weight", empty({options.out_features(), options.in_features()}, tensor_options));
  if (options.bias())
    bias = register_parameter("bias", empty({options.out_features()}, tensor_options));
  // PyTorch's kaiming_uniform_(a = sqrt(5)) on the weight gives the same bound as the bias.
  const double bound =
      options.in_features() > 0 ? 1.0 / std::sqrt(static_cast<double>(options.in_features())) : 0.0;
  NoGradGuard no_grad;
  weight.uniform_(-bound, bound);
  if (bias.defined()) bias.uniform_(-bound, bound);
}

Tensor Linear::forward(const Tensor& input) const {
  return linear(input, weight, bias);
}

std::shared_ptr<Module> Linear::clone() const {
  return fill_clone(std::make_shared<Linear>(options_));
}

void Linear::pretty_print(std::ostream& os) const {
  os << "Linear(in_features=" << options_.in_features()
     << ", out_features=" << options_.out_features()
     << ", bias=" << (options_.bias() ? "true" : "false") << ')';
}

}  // namespace xgrad::nn
