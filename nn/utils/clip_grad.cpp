#include "xgrad/nn/utils/clip_grad.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor/xarray.hpp>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad::nn::utils {

namespace {

std::vector<Tensor> defined_grads(const std::vector<Tensor>& parameters, const char* op) {
  std::vector<Tensor> grads;
  for (const Tensor& p : parameters) {
    xgrad::detail::check_defined(p, op);
    if (p.grad().defined()) grads.push_back(p.grad());
  }
  return grads;
}

// The norm_type-norm of the values, accumulated in double.
double norm_of(const xt::xarray<double>& g, double norm_type) {
  double acc = 0.0;
  if (std::isinf(norm_type)) {
    for (double v : g) {
      if (std::isnan(v)) return v;  // std::max would skip it, hiding a NaN gradient
      acc = std::max(acc, std::abs(v));
    }
    return acc;
  }
  if (norm_type == 2.0) {
    for (double v : g) acc += v * v;
    return std::sqrt(acc);
  }
  if (norm_type == 1.0) {
    for (double v : g) acc += std::abs(v);
    return acc;
  }
  for (double v : g) acc += std::pow(std::abs(v), norm_type);
  return std::pow(acc, 1.0 / norm_type);
}

}  // namespace

double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  XGRAD_CHECK(norm_type > 0.0, std::invalid_argument,
              "clip_grad_norm_(): norm_type must be positive or INFINITY, got ", norm_type);
  // Also NaN, which would silently turn every gradient into NaN.
  XGRAD_CHECK(max_norm >= 0.0, std::invalid_argument,
              "clip_grad_norm_(): max_norm must not be negative, got ", max_norm);
  const std::vector<Tensor> grads = defined_grads(parameters, "clip_grad_norm_");
  if (grads.empty()) return 0.0;

  // As PyTorch: the norm of the per-gradient norms.
  auto norms = xt::xarray<double>::from_shape({grads.size()});
  for (size_t i = 0; i < grads.size(); ++i) {
    norms(i) = norm_of(grads[i].to_xarray<double>(), norm_type);
  }
  const double total = norm_of(norms, norm_type);

  XGRAD_CHECK(
      !error_if_nonfinite || std::isfinite(total), std::runtime_error, "The total norm of order ",
      norm_type,
      " for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this "
      "error and scale the gradients by the non-finite norm anyway, set "
      "`error_if_nonfinite=False`");
  const double coef = max_norm / (total + 1e-6);
  if (!(coef >= 1.0)) {  // a NaN total makes every gradient NaN, as in PyTorch
    NoGradGuard no_grad;
    for (Tensor g : grads) g.mul_(coef);
  }
  return total;
}

void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value) {
  XGRAD_CHECK(clip_value >= 0.0, std::invalid_argument,
              "clip_grad_value_(): clip_value must not be negative, got ", clip_value);
  NoGradGuard no_grad;
  for (Tensor g : defined_grads(parameters, "clip_grad_value_"))
    g.copy_(clamp(g, -clip_value, clip_value));
}

}  // namespace xgrad::nn::utils
