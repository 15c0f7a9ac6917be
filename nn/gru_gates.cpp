// The gate arithmetic of one GRU step, two ways:
//  - gru_gates_composed: framework ops (chunk, sigmoid, tanh, arithmetic); autograd
//    differentiates it, so it is the reference;
//  - gru_gates: one node with a hand-written backward, both passes in single SIMD loops
//    (gru_gates_kernels.hpp, AVX2 where the CPU has it, the baseline build otherwise). It
//    saves its inputs (no workspace, no output), recomputes r, z, n in backward, and under
//    create_graph differentiates the composed form instead (with respect to the inputs that
//    require grad), so higher derivatives stay right.
#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/simd_level.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/functional.hpp"
#include "xgrad/nn/gru_gates_dispatch.hpp"

namespace xgrad::nn::functional {

bool kernels::use_avx2_kernels() {
  return xgrad::detail::simd_level() >= xgrad::detail::SimdLevel::kAvx2;
}

Tensor gru_gates_composed(const Tensor& input_gates, const Tensor& hidden_gates, const Tensor& hx) {
  const std::vector<Tensor> i = input_gates.chunk(3, 1);
  const std::vector<Tensor> h = hidden_gates.chunk(3, 1);
  const Tensor reset = sigmoid(i[0] + h[0]);
  const Tensor update = sigmoid(i[1] + h[1]);
  const Tensor candidate = tanh(i[2] + reset * h[2]);
  return (hx - candidate) * update + candidate;  // = (1 - z) * n + z * h, as PyTorch computes it
}

namespace {

template <typename T>
void gates_forward(const T* gi, const T* gh, const T* h, T* out, int64_t batch, int64_t hidden) {
  if (kernels::use_avx2_kernels())
    return kernels::gates_forward_avx2(gi, gh, h, out, batch, hidden);
  kernels::gates_forward_baseline(gi, gh, h, out, batch, hidden);
}

template <typename T>
void gates_backward(const T* gi, const T* gh, const T* h, const T* grad, T* d_gi, T* d_gh, T* d_h,
                    int64_t batch, int64_t hidden) {
  if (kernels::use_avx2_kernels())
    return kernels::gates_backward_avx2(gi, gh, h, grad, d_gi, d_gh, d_h, batch, hidden);
  kernels::gates_backward_baseline(gi, gh, h, grad, d_gi, d_gh, d_h, batch, hidden);
}

void check_gate_shapes(const Tensor& gi, const Tensor& gh, const Tensor& hx) {
  const bool ok = gi.dim() == 2 && hx.dim() == 2 && gi.sizes() == gh.sizes() &&
                  gi.size(0) == hx.size(0) && gi.size(1) == 3 * hx.size(1) &&
                  gi.dtype() == gh.dtype() && gi.dtype() == hx.dtype();
  XGRAD_CHECK(ok, std::invalid_argument,
              "gru_gates(): expected input_gates and hidden_gates of shape (N, 3*H) and hx of "
              "shape (N, H), all "
              "of one dtype; got ",
              gi.sizes(), ", ", gh.sizes(), " and ", hx.sizes());
}

// The gradients of the composed form with respect to those of {input_gates, hidden_gates, hx}
// that require grad, with the graph recorded; undefined for the others. It differentiates
// copies: hidden_gates is computed from hx, and the gradient with respect to hx itself would
// also run through hidden_gates, which the engine already does after this node.
std::vector<Tensor> composed_gradients(const std::vector<Tensor>& inputs, const Tensor& grad) {
  std::vector<Tensor> copies, wanted;
  for (const Tensor& input : inputs) {
    copies.push_back(input.clone());
    if (input.requires_grad()) wanted.push_back(copies.back());
  }
  const std::vector<Tensor> grads = autograd::grad(
      {gru_gates_composed(copies[0], copies[1], copies[2])}, wanted, {grad}, true, true, true);
  std::vector<Tensor> result(inputs.size());
  for (size_t k = 0, next = 0; k < inputs.size(); ++k) {
    if (inputs[k].requires_grad()) result[k] = grads[next++];
  }
  return result;
}

}  // namespace

Tensor gru_gates(const Tensor& input_gates, const Tensor& hidden_gates, const Tensor& hx) {
  check_gate_shapes(input_gates, hidden_gates, hx);
  const int64_t batch = hx.size(0), hidden = hx.size(1);
  Tensor out = xgrad::detail::visit_floating_values(hx, "gru_gates", [&](const auto& h) {
    using T = xgrad::detail::value_t<decltype(h)>;
    xt::xarray<T> values(h.shape());
    gates_forward(xgrad::detail::ContiguousValues<T>(input_gates).data(),
                  xgrad::detail::ContiguousValues<T>(hidden_gates).data(), h.data(), values.data(),
                  batch, hidden);
    return xgrad::detail::make_tensor(std::move(values));
  });
  if (autograd::needs_grad({input_gates, hidden_gates, hx})) {
    autograd::record("GRUGatesBackward", out, {input_gates, hidden_gates, hx},
                     [si = autograd::SavedTensor::input(input_gates),
                      sh = autograd::SavedTensor::input(hidden_gates),
                      sx = autograd::SavedTensor::input(hx), batch, hidden](const Tensor& grad) {
                       const Tensor gi = si.unpack(), gh = sh.unpack(), h = sx.unpack();
                       if (is_grad_enabled())
                         return composed_gradients({gi, gh, h}, grad);  // create_graph
                       return xgrad::detail::visit_floating_values(
                           h, "gru_gates", [&](const auto& hv) {
                             using T = xgrad::detail::value_t<decltype(hv)>;
                             xt::xarray<T> d_gi(xgrad::detail::to_xshape(gi.sizes().vec())),
                                 d_gh(d_gi.shape()), d_h(hv.shape());
                             const Tensor g = grad.dtype() == h.dtype() ? grad : grad.to(h.dtype());
                             gates_backward(xgrad::detail::ContiguousValues<T>(gi).data(),
                                            xgrad::detail::ContiguousValues<T>(gh).data(),
                                            hv.data(), xgrad::detail::ContiguousValues<T>(g).data(),
                                            d_gi.data(), d_gh.data(), d_h.data(), batch, hidden);
                             return std::vector<Tensor>{xgrad::detail::make_tensor(std::move(d_gi)),
                                                        xgrad::detail::make_tensor(std::move(d_gh)),
                                                        xgrad::detail::make_tensor(std::move(d_h))};
                           });
                     });
  }
  return out;
}

}  // namespace xgrad::nn::functional
