#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/sampling.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::functional {

Tensor dropout(const Tensor& input, double p, bool training) {
  xgrad::detail::check_defined(input, "dropout");
  XGRAD_CHECK(p >= 0 && p <= 1, std::invalid_argument,
              "dropout probability has to be between 0 and 1, but got ", p);
  if (!training || p == 0) return input;
  XGRAD_CHECK(input.is_floating_point(), std::invalid_argument, "result type ",
              xgrad::detail::scalar_type_title(get_default_dtype()),
              " can't be cast to the desired output type ",
              xgrad::detail::scalar_type_title(input.dtype()));
  if (p == 1) return input * zeros_like(input);
  // The mask is a constant: the gradient is grad * mask / (1 - p).
  const Tensor scaled_mask = bernoulli(full_like(input, 1 - p)) / (1 - p);
  return input * scaled_mask;
}

}  // namespace xgrad::nn::functional
