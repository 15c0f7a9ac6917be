#include <algorithm>
#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"
#include "xgrad/framework/ops/unary_math.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::functional {

namespace {

void check_affine_shape(const Tensor& tensor, const char* name,
                        const std::vector<int64_t>& normalized_shape) {
  if (!tensor.defined()) return;
  XGRAD_CHECK(tensor.sizes().vec() == normalized_shape, std::invalid_argument, "Expected ", name,
              " to be of same shape as normalized_shape, but got ", name, " of shape ",
              tensor.sizes(), " and normalized_shape = ", normalized_shape);
}

}  // namespace

Tensor layer_norm(const Tensor& input, const std::vector<int64_t>& normalized_shape,
                  const Tensor& weight, const Tensor& bias, double eps) {
  xgrad::detail::check_defined(input, "layer_norm");
  const auto count = static_cast<int64_t>(normalized_shape.size());
  XGRAD_CHECK(count > 0, std::invalid_argument,
              "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
              "one element, but got normalized_shape = ",
              normalized_shape);
  check_affine_shape(weight, "weight", normalized_shape);
  check_affine_shape(bias, "bias", normalized_shape);
  const std::vector<int64_t> sizes = input.sizes().vec();
  const bool matches =
      input.dim() >= count &&
      std::equal(normalized_shape.begin(), normalized_shape.end(), sizes.end() - count);
  if (!matches) {
    std::string expected = "[*";
    for (int64_t size : normalized_shape) expected += ", " + std::to_string(size);
    XGRAD_FAIL(std::invalid_argument, "Given normalized_shape=", normalized_shape,
               ", expected input with shape ", expected, "], but got input of size", input.sizes());
  }
  std::vector<int64_t> dims;
  for (int64_t d = -count; d < 0; ++d) dims.push_back(d);
  const Tensor centered = input - mean(input, dims, /*keepdim=*/true);
  const Tensor variance = mean(centered * centered, dims, /*keepdim=*/true);
  Tensor out = centered * rsqrt(variance + eps);
  if (weight.defined()) out = out * weight;
  if (bias.defined()) out = out + bias;
  return out;
}

}  // namespace xgrad::nn::functional
