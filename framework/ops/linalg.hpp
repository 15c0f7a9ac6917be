#pragma once

#include "xgrad/framework/tensor.hpp"

// Matrix products on BLAS (cblas_sgemm / cblas_dgemm with transpose flags: no transposed
// copies). Operands must share a dtype.
namespace xgrad {

// PyTorch's matmul: 1-D·1-D dot, matrix-vector, vector-matrix, matrix-matrix, and batched
// products of any rank with broadcast batch dims.
Tensor matmul(const Tensor& a, const Tensor& b);
// Matrix-matrix only.
Tensor mm(const Tensor& a, const Tensor& b);
// y = x W^T + b for x of shape (*, in_features), W (out_features, in_features), b
// (out_features) or undefined; the bias is folded into the gemm.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = Tensor());

namespace detail {
// op(a) @ op(b) for two 2-D or two 3-D (same batch) tensors, op = transpose when the flag is
// set on the last two dims. Differentiable; its backward is written in gemm itself.
Tensor gemm(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b);
}  // namespace detail

}  // namespace xgrad
