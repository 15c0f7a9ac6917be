#include "xgrad/autograd/anomaly_detection.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>

#include "xgrad/autograd/anomaly_mode.hpp"
#include "xgrad/autograd/forward_trace.hpp"
#include "xgrad/autograd/node.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::autograd {

namespace {

// "nan" when some value is a NaN, else "inf" when some is infinite, else null.
template <typename T>
const char* non_finite_kind(const xt::xarray<T>& values) {
  const T* begin = values.data();
  const T* end = begin + values.size();
  const T* first = std::find_if(begin, end, [](T value) { return !std::isfinite(value); });
  if (first == end) return nullptr;
  return std::any_of(first, end, [](T value) { return std::isnan(value); }) ? "nan" : "inf";
}

const char* non_finite_kind(const Tensor& grad) {
  return grad.dtype() == kFloat32 ? non_finite_kind(grad.to_xarray<float>())
                                  : non_finite_kind(grad.to_xarray<double>());
}

}  // namespace

std::vector<Tensor> apply_detecting_anomalies(Node& node, std::vector<Tensor> grad_outputs) {
  std::vector<Tensor> grads;
  try {
    const InducedBy induced_by(node);
    grads = node.apply(std::move(grad_outputs));
  } catch (...) {
    std::cerr << "xgrad warning: Error detected in " << node.name() << ". "
              << describe_forward(node);
    throw;
  }
  const auto& edges = node.next_edges();
  for (size_t i = 0; i < grads.size() && i < edges.size(); ++i) {
    if (!grads[i].defined() || !edges[i].node) continue;  // a gradient that nothing receives
    const char* kind = non_finite_kind(grads[i]);
    XGRAD_CHECK(!kind, AnomalyError, "Function '", node.name(), "' returned ", kind,
                " values in its ", i, "th output.\n", describe_forward(node));
  }
  return grads;
}

}  // namespace xgrad::autograd
