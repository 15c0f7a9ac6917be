#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "xgrad/framework/tensor.hpp"

// Parameter initialisation, as torch.nn.init. Each function fills the tensor in place under
// NoGradGuard (so it works on parameters that require grad), draws from xgrad's global
// generator (manual_seed makes it repeatable) and returns the same tensor.
namespace xgrad::nn::init {

// Which fan kaiming_* preserves: fan_in keeps the forward pass's variance, fan_out the
// backward pass's.
enum class FanMode { FanIn, FanOut };

Tensor uniform_(Tensor tensor, double a = 0.0, double b = 1.0);  // U(a, b)
Tensor normal_(Tensor tensor, double mean = 0.0, double std = 1.0);
Tensor constant_(Tensor tensor, double value);
Tensor zeros_(Tensor tensor);
Tensor ones_(Tensor tensor);

// The recommended gain for a nonlinearity: 1 for "linear", "conv1d/2d/3d",
// "conv_transpose1d/2d/3d" and "sigmoid"; 5/3 for "tanh"; sqrt(2) for "relu"; 3/4 for "selu";
// sqrt(2 / (1 + slope^2)) for "leaky_relu" with slope = param (0.01 when omitted). Throws
// std::invalid_argument("Unsupported nonlinearity ...") otherwise.
double calculate_gain(const std::string& nonlinearity, std::optional<double> param = std::nullopt);

// {fan_in, fan_out} = {size(1), size(0)} times the product of the sizes after the first two
// (the receptive field), as PyTorch's _calculate_fan_in_and_fan_out. Throws
// std::invalid_argument for a tensor of fewer than 2 dims.
std::pair<int64_t, int64_t> calculate_fan_in_and_fan_out(const Tensor& tensor);

// U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010).
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);
// N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);

// U(-bound, bound) with bound = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a)
// and fan chosen by mode (He et al., 2015). `a` is the negative slope of a leaky_relu.
// A tensor without elements is left as it is.
Tensor kaiming_uniform_(Tensor tensor, double a = 0.0, FanMode mode = FanMode::FanIn,
                        const std::string& nonlinearity = "leaky_relu");
// N(0, std^2) with std = gain / sqrt(fan).
Tensor kaiming_normal_(Tensor tensor, double a = 0.0, FanMode mode = FanMode::FanIn,
                       const std::string& nonlinearity = "leaky_relu");

// A (semi-)orthogonal matrix times gain (Saxe et al., 2013): the tensor, viewed as
// (size(0), numel / size(0)), gets orthonormal rows (when it has no more rows than columns)
// or columns, from the QR decomposition of a standard normal matrix with R's diagonal made
// positive. Throws std::invalid_argument for a tensor of fewer than 2 dims.
Tensor orthogonal_(Tensor tensor, double gain = 1.0);

}  // namespace xgrad::nn::init
