// The gate arithmetic of one GRU step, two ways:
//  - gru_gates_composed: framework ops (chunk, sigmoid, tanh, arithmetic); autograd
//    differentiates it, so it is the reference;
//  - gru_gates: one node with a hand-written backward, both passes in single SIMD loops. It
//    saves its inputs (no workspace, no output), recomputes r, z, n in backward, and under
//    create_graph differentiates the composed form instead, so higher derivatives stay right.
#include <cmath>
#include <stdexcept>
#include <string>
#include <xsimd/xsimd.hpp>

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::functional {

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
using Batch = xsimd::batch<T>;

template <typename V>
V sigmoid_of(const V& x) {
  return V(1) / (V(1) + exp(-x));
}
float sigmoid_of(float x) { return 1.0f / (1.0f + std::exp(-x)); }
double sigmoid_of(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Loads H-wide rows in SIMD batches and a scalar tail; body(j, loader) is written once for both.
template <typename T, typename Body>
void for_each_column(int64_t hidden, Body body) {
  constexpr auto width = static_cast<int64_t>(Batch<T>::size);
  int64_t j = 0;
  for (; j + width <= hidden; j += width) {
    body(j, [](const T* p) { return Batch<T>::load_unaligned(p); },
         [](T* p, const Batch<T>& v) { v.store_unaligned(p); });
  }
  for (; j < hidden; ++j) {
    body(j, [](const T* p) { return *p; }, [](T* p, T v) { *p = v; });
  }
}

template <typename T>
void gates_forward(const T* gi, const T* gh, const T* h, T* out, int64_t batch, int64_t hidden) {
  using std::tanh;
  for (int64_t b = 0; b < batch; ++b) {
    const T* i = gi + b * 3 * hidden;
    const T* g = gh + b * 3 * hidden;
    const T* hb = h + b * hidden;
    T* o = out + b * hidden;
    for_each_column<T>(hidden, [&](int64_t j, auto load, auto store) {
      const auto r = sigmoid_of(load(i + j) + load(g + j));
      const auto z = sigmoid_of(load(i + hidden + j) + load(g + hidden + j));
      const auto n = tanh(load(i + 2 * hidden + j) + r * load(g + 2 * hidden + j));
      store(o + j, (load(hb + j) - n) * z + n);
    });
  }
}

// From the output gradient `grad`, the gradients of the gate pre-activations (the r and z
// blocks are the same for input and hidden gates; the n block differs by the factor r) and
// of hx.
template <typename T>
void gates_backward(const T* gi, const T* gh, const T* h, const T* grad, T* d_gi, T* d_gh, T* d_h,
                    int64_t batch, int64_t hidden) {
  using std::tanh;
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row3 = b * 3 * hidden, row = b * hidden;
    for_each_column<T>(hidden, [&](int64_t j, auto load, auto store) {
      using V = decltype(load(gi));
      const V r = sigmoid_of(load(gi + row3 + j) + load(gh + row3 + j));
      const V z = sigmoid_of(load(gi + row3 + hidden + j) + load(gh + row3 + hidden + j));
      const V hn = load(gh + row3 + 2 * hidden + j);
      const V n = tanh(load(gi + row3 + 2 * hidden + j) + r * hn);
      const V g = load(grad + row + j);
      const V d_n_pre = g * (V(1) - z) * (V(1) - n * n);
      const V d_r_pre = d_n_pre * hn * r * (V(1) - r);
      const V d_z_pre = g * (load(h + row + j) - n) * z * (V(1) - z);
      store(d_gi + row3 + j, d_r_pre);
      store(d_gi + row3 + hidden + j, d_z_pre);
      store(d_gi + row3 + 2 * hidden + j, d_n_pre);
      store(d_gh + row3 + j, d_r_pre);
      store(d_gh + row3 + hidden + j, d_z_pre);
      store(d_gh + row3 + 2 * hidden + j, d_n_pre * r);
      store(d_h + row + j, g * z);
    });
  }
}

void check_gate_shapes(const Tensor& gi, const Tensor& gh, const Tensor& hx) {
  const bool ok = gi.dim() == 2 && hx.dim() == 2 && gi.sizes() == gh.sizes() && gi.size(0) == hx.size(0) &&
                  gi.size(1) == 3 * hx.size(1) && gi.dtype() == gh.dtype() && gi.dtype() == hx.dtype();
  if (!ok) {
    throw std::invalid_argument("gru_gates: expected input_gates and hidden_gates of shape (N, 3*H) and hx of "
                                "shape (N, H), all of one dtype; got " + to_string(gi.sizes()) + ", " +
                                to_string(gh.sizes()) + " and " + to_string(hx.sizes()));
  }
}

}  // namespace

Tensor gru_gates(const Tensor& input_gates, const Tensor& hidden_gates, const Tensor& hx) {
  check_gate_shapes(input_gates, hidden_gates, hx);
  const int64_t batch = hx.size(0), hidden = hx.size(1);
  Tensor out = detail::visit_values(hx, [&](const auto& h) {
    using T = typename std::decay_t<decltype(h)>::value_type;
    xt::xarray<T> values(h.shape());
    gates_forward(input_gates.data<T>().data(), hidden_gates.data<T>().data(), h.data(), values.data(), batch, hidden);
    return detail::make_tensor(std::move(values));
  });
  if (autograd::needs_grad({input_gates, hidden_gates, hx})) {
    autograd::record(
        "GRUGatesBackward", out, {input_gates, hidden_gates, hx},
        [si = autograd::SavedTensor::input(input_gates), sh = autograd::SavedTensor::input(hidden_gates),
         sx = autograd::SavedTensor::input(hx), batch, hidden](const Tensor& grad) {
          const Tensor gi = si.unpack(), gh = sh.unpack(), h = sx.unpack();
          if (is_grad_enabled()) {  // create_graph: differentiate the composed form
            return autograd::grad({gru_gates_composed(gi, gh, h)}, {gi, gh, h}, {grad}, true, true, true);
          }
          return detail::visit_values(h, [&](const auto& hv) {
            using T = typename std::decay_t<decltype(hv)>::value_type;
            xt::xarray<T> d_gi(gi.data<T>().shape()), d_gh(d_gi.shape()), d_h(hv.shape());
            const Tensor g = grad.dtype() == h.dtype() ? grad : grad.to(h.dtype());
            gates_backward(gi.data<T>().data(), gh.data<T>().data(), hv.data(), g.data<T>().data(), d_gi.data(),
                           d_gh.data(), d_h.data(), batch, hidden);
            return std::vector<Tensor>{detail::make_tensor(std::move(d_gi)), detail::make_tensor(std::move(d_gh)),
                                       detail::make_tensor(std::move(d_h))};
          });
        });
  }
  return out;
}

}  // namespace xgrad::nn::functional
