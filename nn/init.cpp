#include "xgrad/nn/init.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::nn::init {

namespace {

double correct_fan(const Tensor& tensor, FanMode mode) {
  const auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(tensor);
  return static_cast<double>(mode == FanMode::FanIn ? fan_in : fan_out);
}

}  // namespace

Tensor uniform_(Tensor tensor, double a, double b) {
  xgrad::detail::check_defined(tensor, "uniform_");
  NoGradGuard no_grad;
  tensor.uniform_(a, b);
  return tensor;
}

Tensor normal_(Tensor tensor, double mean, double std) {
  xgrad::detail::check_defined(tensor, "normal_");
  NoGradGuard no_grad;
  tensor.normal_(mean, std);
  return tensor;
}

Tensor constant_(Tensor tensor, double value) {
  xgrad::detail::check_defined(tensor, "constant_");
  NoGradGuard no_grad;
  tensor.fill_(value);
  return tensor;
}

Tensor zeros_(Tensor tensor) {
  xgrad::detail::check_defined(tensor, "zeros_");
  return constant_(std::move(tensor), 0.0);
}

Tensor ones_(Tensor tensor) {
  xgrad::detail::check_defined(tensor, "ones_");
  return constant_(std::move(tensor), 1.0);
}

double calculate_gain(const std::string& nonlinearity, std::optional<double> param) {
  if (nonlinearity == "linear" || nonlinearity == "conv1d" || nonlinearity == "conv2d" ||
      nonlinearity == "conv3d" || nonlinearity == "conv_transpose1d" ||
      nonlinearity == "conv_transpose2d" || nonlinearity == "conv_transpose3d" ||
      nonlinearity == "sigmoid") {
    return 1.0;
  }
  if (nonlinearity == "tanh") return 5.0 / 3.0;
  if (nonlinearity == "relu") return std::sqrt(2.0);
  if (nonlinearity == "leaky_relu") {
    const double slope = param.value_or(0.01);
    return std::sqrt(2.0 / (1.0 + slope * slope));
  }
  if (nonlinearity == "selu") return 3.0 / 4.0;
  XGRAD_FAIL(std::invalid_argument, "Unsupported nonlinearity ", nonlinearity);
}

std::pair<int64_t, int64_t> calculate_fan_in_and_fan_out(const Tensor& tensor) {
  xgrad::detail::check_defined(tensor, "calculate_fan_in_and_fan_out");
  XGRAD_CHECK(
      tensor.dim() >= 2, std::invalid_argument,
      "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got ",
      tensor.sizes(), ")");
  int64_t receptive_field = 1;
  for (int64_t d = 2; d < tensor.dim(); ++d) receptive_field *= tensor.size(d);
  return {tensor.size(1) * receptive_field, tensor.size(0) * receptive_field};
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  const auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(tensor);
  if (tensor.numel() == 0) return tensor;
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  const double a = std::sqrt(3.0) * std;
  return uniform_(std::move(tensor), -a, a);
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  const auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(tensor);
  if (tensor.numel() == 0) return tensor;
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  return normal_(std::move(tensor), 0.0, std);
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanMode mode, const std::string& nonlinearity) {
  xgrad::detail::check_defined(tensor, "kaiming_uniform_");
  if (tensor.numel() == 0)
    return tensor;  // PyTorch: "Initializing zero-element tensors is a no-op"
  const double fan = correct_fan(tensor, mode);
  const double gain = calculate_gain(nonlinearity, a);
  const double bound = std::sqrt(3.0) * gain / std::sqrt(fan);
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor kaiming_normal_(Tensor tensor, double a, FanMode mode, const std::string& nonlinearity) {
  xgrad::detail::check_defined(tensor, "kaiming_normal_");
  if (tensor.numel() == 0) return tensor;
  const double fan = correct_fan(tensor, mode);
  const double gain = calculate_gain(nonlinearity, a);
  return normal_(std::move(tensor), 0.0, gain / std::sqrt(fan));
}

Tensor orthogonal_(Tensor tensor, double gain) {
  xgrad::detail::check_defined(tensor, "orthogonal_");
  XGRAD_CHECK(tensor.dim() >= 2, std::invalid_argument,
              "Only tensors with 2 or more dimensions are supported (got ", tensor.sizes(), ")");
  if (tensor.numel() == 0) return tensor;
  const int64_t rows = tensor.size(0);
  const int64_t cols = tensor.numel() / rows;

  // QR of a tall standard normal matrix (the transpose when there are fewer rows than
  // columns): Q has orthonormal columns; R's diagonal signs make the result uniformly
  // distributed over the orthogonal matrices.
  const bool wide = rows < cols;
  const Tensor draws = empty({wide ? cols : rows, wide ? rows : cols}, kFloat64).normal_(0.0, 1.0);
  const auto [q, r] = xt::linalg::qr(draws.data<double>());
  xt::xarray<double> result = q * xt::sign(xt::diagonal(r));
  if (wide) result = xt::transpose(result);
  result *= gain;

  NoGradGuard no_grad;
  tensor.copy_(xgrad::tensor(std::move(result)).reshape(tensor.sizes().vec()));
  return tensor;
}

}  // namespace xgrad::nn::init
