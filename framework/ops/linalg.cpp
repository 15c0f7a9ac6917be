#include "xgrad/framework/ops/linalg.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <xtensor/xbroadcast.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/blas.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

namespace {

void check_same_dtype(const Tensor& a, const Tensor& b, const char* what) {
  XGRAD_CHECK(a.dtype() == b.dtype(), std::invalid_argument, "expected ", what,
              " to have the same dtype, but got: ", dtype_name(a.dtype()),
              " != ", dtype_name(b.dtype()));
}

[[noreturn]] void throw_cannot_multiply(int64_t r1, int64_t c1, int64_t r2, int64_t c2) {
  XGRAD_FAIL(std::invalid_argument, "mat1 and mat2 shapes cannot be multiplied (", r1, "x", c1,
             " and ", r2, "x", c2, ")");
}

int ld(int64_t cols) {
  return static_cast<int>(std::max<int64_t>(cols, 1));
}

// C (rows x cols, already holding beta's addend when beta = 1) += op(A) op(B), per batch.
template <typename T>
void gemm_into(T* c, const T* a, const T* b, int64_t batch, int64_t rows, int64_t cols,
               int64_t inner, bool ta, bool tb, T beta) {
  if (rows == 0 || cols == 0) return;
  if (inner == 0) {
    if (beta == T(0)) std::fill(c, c + batch * rows * cols, T(0));
    return;
  }
  const int64_t a_cols = ta ? rows : inner, b_cols = tb ? inner : cols;
  for (int64_t i = 0; i < batch; ++i) {
    detail::blas_gemm(ta, tb, static_cast<int>(rows), static_cast<int>(cols),
                      static_cast<int>(inner), a + i * rows * inner, ld(a_cols),
                      b + i * inner * cols, ld(b_cols), beta, c + i * rows * cols, ld(cols));
  }
}

// True for a view that is not contiguous but would be with its last two dims swapped.
bool is_transposed_view(const Tensor& t) {
  if (t.is_contiguous()) return false;
  ViewGeometry g = detail::geometry_of(*t.impl());
  const size_t last = g.sizes.size() - 1;
  std::swap(g.sizes[last], g.sizes[last - 1]);
  std::swap(g.strides[last], g.strides[last - 1]);
  return detail::is_contiguous_geometry(g);
}

}  // namespace

namespace detail {

Tensor gemm(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  check_same_dtype(a, b, "mat1 and mat2");
  const int64_t rank = a.dim();
  XGRAD_CHECK(rank == b.dim() && (rank == 2 || rank == 3), std::invalid_argument,
              "gemm(): expected two 2-D or two 3-D tensors, got ", a.dim(), "-D and ", b.dim(),
              "-D");
  // A transposed view goes to BLAS as a transpose flag on the contiguous tensor it came from.
  if (is_transposed_view(a)) return gemm(a.transpose(-2, -1), b, !ta, tb);
  if (is_transposed_view(b)) return gemm(a, b.transpose(-2, -1), ta, !tb);
  const int64_t batch = rank == 3 ? a.size(0) : 1;
  XGRAD_CHECK(rank != 3 || b.size(0) == batch, std::invalid_argument,
              "batch1 and batch2 must have the same batch size, got ", batch, " and ", b.size(0));
  const int64_t a_rows = a.size(-2), a_cols = a.size(-1), b_rows = b.size(-2), b_cols = b.size(-1);
  const int64_t rows = ta ? a_cols : a_rows, inner = ta ? a_rows : a_cols;
  const int64_t inner_b = tb ? b_cols : b_rows, cols = tb ? b_rows : b_cols;
  if (inner != inner_b) throw_cannot_multiply(rows, inner, inner_b, cols);
  std::vector<size_t> shape{static_cast<size_t>(rows), static_cast<size_t>(cols)};
  if (rank == 3) shape.insert(shape.begin(), static_cast<size_t>(batch));
  Tensor out = detail::with_dtype(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    xt::xarray<T> c(shape);
    gemm_into(c.data(), detail::ContiguousValues<T>(a).data(),
              detail::ContiguousValues<T>(b).data(), batch, rows, cols, inner, ta, tb, T(0));
    return make_tensor(std::move(c));
  });
  if (needs_grad({a, b})) {
    record("MmBackward", out, {a, b},
           [sa = SavedTensor::input(a), sb = SavedTensor::input(b), ta, tb](
               const Tensor& g, const autograd::Node& self) {
             const Tensor x = sa.unpack(), y = sb.unpack();
             // C = op(A) op(B): dA and dB are again single gemms with the flags rearranged.
             Tensor da, db;
             if (self.needs_input_grad(0)) da = ta ? gemm(y, g, tb, true) : gemm(g, y, false, !tb);
             if (self.needs_input_grad(1)) db = tb ? gemm(g, x, true, ta) : gemm(x, g, !ta, false);
             return Grads{da, db};
           });
  }
  return out;
}

}  // namespace detail

Tensor mm(const Tensor& a, const Tensor& b) {
  XGRAD_CHECK(a.dim() == 2, std::invalid_argument, "self must be a matrix, got ", a.dim(), "-D");
  XGRAD_CHECK(b.dim() == 2, std::invalid_argument, "mat2 must be a matrix, got ", b.dim(), "-D");
  return detail::gemm(a, b, false, false);
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  const int64_t ra = a.dim(), rb = b.dim();
  XGRAD_CHECK(ra != 0 && rb != 0, std::invalid_argument,
              "both arguments to matmul need to be at least 1D, but they are ", ra, "D and ", rb,
              "D");
  check_same_dtype(a, b, "m1 and m2");
  if (ra == 1 && rb == 1) {
    XGRAD_CHECK(a.size(0) == b.size(0), std::invalid_argument,
                "inconsistent tensor size, expected tensor [", a.size(0), "] and src [", b.size(0),
                "] to have the same number of elements, but got ", a.size(0), " and ", b.size(0),
                " elements respectively");
    return detail::gemm(a.unsqueeze(0), b.unsqueeze(1), false, false).reshape({});
  }
  if (ra == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
  if (rb == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
  if (a.size(-1) != b.size(-2))
    throw_cannot_multiply(a.size(-2), a.size(-1), b.size(-2), b.size(-1));
  if (ra == 2 && rb == 2) return detail::gemm(a, b, false, false);
  const std::vector<int64_t> sa = a.sizes().vec(), sb = b.sizes().vec();
  const int64_t n = a.size(-2), k = a.size(-1), m = b.size(-1);
  if (rb == 2) {  // fold the batch into the rows: one gemm
    std::vector<int64_t> shape(sa.begin(), sa.end() - 1);
    const int64_t rows = numel_of(shape);  // not -1: that is ambiguous when k = 0
    shape.push_back(m);
    return detail::gemm(a.reshape({rows, k}), b, false, false).reshape(shape);
  }
  std::vector<int64_t> batch = broadcast_shapes(std::vector<int64_t>(sa.begin(), sa.end() - 2),
                                                std::vector<int64_t>(sb.begin(), sb.end() - 2));
  const int64_t count = numel_of(batch);
  std::vector<int64_t> a_full = batch, b_full = batch, shape = batch;
  a_full.insert(a_full.end(), {n, k});
  b_full.insert(b_full.end(), {k, m});
  shape.insert(shape.end(), {n, m});
  const Tensor a3 = a.expand(a_full).reshape({count, n, k});
  const Tensor b3 = b.expand(b_full).reshape({count, k, m});
  return detail::gemm(a3, b3, false, false).reshape(shape);
}

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  XGRAD_CHECK(weight.dim() == 2, std::invalid_argument,
              "linear(): expected weight to be 2-D (out_features, in_features), got ", weight.dim(),
              "-D");
  XGRAD_CHECK(input.dim() != 0, std::invalid_argument,
              "linear(): expected input to be at least 1-D, got 0-D");
  check_same_dtype(input, weight, "mat1 and mat2");
  const int64_t in = weight.size(1), out_features = weight.size(0);
  const std::vector<int64_t> in_shape = input.sizes().vec();
  const int64_t rows = numel_of(std::vector<int64_t>(in_shape.begin(), in_shape.end() - 1));
  if (input.size(-1) != in)
    throw_cannot_multiply(input.dim() == 1 ? 1 : rows, input.size(-1), in, out_features);
  const bool folded_bias = bias.defined() && bias.dim() == 1 && bias.size(0) == out_features;
  if (bias.defined()) {
    check_same_dtype(input, bias, "input and bias");
    if (!folded_bias) broadcast_shapes({rows, out_features}, bias.sizes());
  }
  std::vector<int64_t> out_shape(in_shape.begin(), in_shape.end() - 1);
  out_shape.push_back(out_features);
  Tensor out = detail::with_dtype(input.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const detail::ContiguousValues<T> x(input);
    xt::xarray<T> y(detail::to_xshape({rows, out_features}));
    if (folded_bias) {  // every row starts as the bias; the gemm adds x W^T onto it (beta = 1)
      const detail::ContiguousValues<T> bias_values(bias);
      const T* b = bias_values.data();
      for (int64_t r = 0; r < rows; ++r)
        std::copy(b, b + out_features, y.data() + r * out_features);
    }
    gemm_into(y.data(), x.data(), detail::ContiguousValues<T>(weight).data(), 1, rows, out_features,
              in, false, true, folded_bias ? T(1) : T(0));
    y.reshape(detail::to_xshape(out_shape));
    return detail::make_tensor(std::move(y));
  });
  const Tensor folded = folded_bias ? bias : Tensor();
  if (needs_grad({input, weight, folded})) {
    record("AddmmBackward", out, {input, weight, folded},
           [sx = SavedTensor::input(input), sw = SavedTensor::input(weight), in_shape, rows,
            out_features](const Tensor& g, const autograd::Node& self) {
             const Tensor g2 = g.dim() == 2 ? g : g.reshape({rows, out_features});
             Tensor dx, dw, db;
             if (self.needs_input_grad(0))
               dx = detail::gemm(g2, sw.unpack(), false, false).reshape(in_shape);
             if (self.needs_input_grad(1)) {
               const Tensor x = sx.unpack();
               dw = detail::gemm(g2, x.dim() == 2 ? x : x.reshape({rows, x.size(-1)}), true, false);
             }
             if (self.needs_input_grad(2)) db = g2.sum({0});
             return Grads{dx, dw, db};
           });
  }
  if (bias.defined() && !folded_bias) return out + bias;
  return out;
}

}  // namespace xgrad
