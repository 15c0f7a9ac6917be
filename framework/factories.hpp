#pragma once

#include <cstdint>
#include <vector>

#include <xtensor/xarray.hpp>

#include "xgrad/framework/tensor.hpp"

// Tensor factories. `options` is a TensorOptions or a bare Dtype; it defaults to the default
// dtype (float32 unless set_default_dtype changed it).
namespace xgrad {

using Shape = std::vector<int64_t>;

Tensor zeros(const Shape& shape, TensorOptions options = {});
Tensor ones(const Shape& shape, TensorOptions options = {});
Tensor full(const Shape& shape, double value, TensorOptions options = {});
Tensor empty(const Shape& shape, TensorOptions options = {});  // values unspecified
Tensor rand(const Shape& shape, TensorOptions options = {});   // U[0, 1)
Tensor randn(const Shape& shape, TensorOptions options = {});  // N(0, 1)
// [start, end) in steps of `step`, as PyTorch's arange.
Tensor arange(double end, TensorOptions options = {});
Tensor arange(double start, double end, double step = 1.0, TensorOptions options = {});

// Same shape and dtype as `like` (no requires_grad, whatever `like` has).
Tensor zeros_like(const Tensor& like);
Tensor ones_like(const Tensor& like);
Tensor randn_like(const Tensor& like);

// Takes the xarray's values without copying them when given an rvalue.
Tensor tensor(xt::xarray<float> values, bool requires_grad = false);
Tensor tensor(xt::xarray<double> values, bool requires_grad = false);
// From numbers: tensor(1.5), tensor({1, 2}), tensor({{1, 2}, {3, 4}}), ... up to 4 dims.
Tensor tensor(double value, TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<double, 1> values, TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<double, 2> values, TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<double, 3> values, TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<double, 4> values, TensorOptions options = {});

}  // namespace xgrad
