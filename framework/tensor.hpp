#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>

#include "xgrad/framework/detail/cast.hpp"
#include "xgrad/framework/detail/strided.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/framework/shape.hpp"
#include "xgrad/framework/tensor_impl.hpp"

namespace xgrad {

// A handle to a TensorImpl: copying a Tensor never copies its values. A default-constructed
// Tensor is undefined (defined() is false), as an omitted optional argument.
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // --- queries
  bool defined() const { return impl_ != nullptr; }
  Sizes sizes() const;
  int64_t size(int64_t dim) const;  // a negative dim counts from the end
  int64_t dim() const;
  int64_t numel() const;
  Dtype dtype() const;
  bool is_floating_point() const { return xgrad::is_floating_point(dtype()); }
  Device device() const { return Device("cpu"); }
  bool requires_grad() const;
  bool is_leaf() const;
  const std::shared_ptr<autograd::Node>& grad_fn() const;

  // --- memory layout, as PyTorch's. A view (made by select, narrow, transpose, permute,
  // expand, view, reshape when it can, squeeze, unsqueeze, flatten, unbind, split, chunk)
  // shares its base's storage: writes through either are seen through the other.
  std::vector<int64_t> strides() const;  // in elements
  int64_t stride(int64_t dim) const;
  int64_t storage_offset() const;  // where the first element lies in the storage
  bool is_contiguous() const;
  // This tensor when it is contiguous, else a contiguous (differentiable) copy.
  Tensor contiguous() const;
  // True for a tensor made by a view op; detach() shares the storage but makes no view, as in
  // PyTorch.
  bool is_view() const;
  // The tensor a view was taken from (for a view of a view, the first one, as PyTorch's _base);
  // undefined for a tensor that is no view.
  Tensor base() const;

  // --- values
  // The stored xarray itself (zero-copy) of a tensor that owns its storage; throws
  // std::logic_error for a view (use values<T>() or contiguous()), and std::invalid_argument if
  // T is not the tensor's dtype. Writes through it are not seen by autograd, like PyTorch's
  // `.data`.
  template <typename T>
  xt::xarray<T>& data() const;
  // The first element in the storage's buffer (PyTorch's data_ptr()).
  template <typename T>
  T* data_ptr() const;
  // An xtensor adaptor over this tensor's elements, with its sizes and strides, readable and
  // writable (writes are not seen by autograd).
  template <typename T>
  auto values() const;
  // A copy of the values converted to T (to an integer truncating toward zero, to bool `!= 0`).
  template <typename T>
  xt::xarray<T> to_xarray() const;
  // The value of a one-element tensor.
  template <typename T = double>
  T item() const;

  // Differentiable between floating dtypes; returns *this when the dtype already matches.
  Tensor to(Dtype dtype) const;
  Tensor clone() const;              // differentiable copy
  Tensor detach() const;             // shares the values, records nothing, requires no grad
  Tensor& copy_(const Tensor& src);  // in place, broadcasting src and converting its dtype

  // --- autograd
  // Only floating tensors can require grad, as in PyTorch.
  Tensor& requires_grad_(bool requires_grad = true);
  void retain_grad() const;
  bool retains_grad() const;
  Tensor grad() const;  // undefined until a backward reaches this tensor
  void set_grad(const Tensor& grad) const;
  // Drops the gradient (set_to_none, PyTorch's default) or fills it with zeros.
  void zero_grad(bool set_to_none = true) const;
  // backward() needs a one-element tensor; otherwise pass the gradient of the output.
  void backward(const Tensor& gradient = Tensor(), bool retain_graph = false,
                bool create_graph = false) const;

  // --- ops, forwarding to the free functions in framework/ops
  Tensor operator[](int64_t index) const;  // select(0, index)
  Tensor select(int64_t dim, int64_t index) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor reshape(const std::vector<int64_t>& shape) const;
  Tensor view(const std::vector<int64_t>& shape) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor t() const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor permute(const std::vector<int64_t>& dims) const;
  Tensor expand(const std::vector<int64_t>& sizes) const;
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> unbind(int64_t dim = 0) const;

  Tensor sum() const;
  Tensor sum(Dims dims, bool keepdim = false) const;
  Tensor mean() const;
  Tensor mean(Dims dims, bool keepdim = false) const;
  Tensor max() const;
  Tensor amax(Dims dims = {}, bool keepdim = false) const;
  Tensor logsumexp(Dims dims, bool keepdim = false) const;
  Tensor var() const;
  Tensor var(Dims dims, bool unbiased = true, bool keepdim = false) const;
  Tensor std() const;
  Tensor std(Dims dims, bool unbiased = true, bool keepdim = false) const;

  Tensor pow(double exponent) const;
  Tensor pow(const Tensor& exponent) const;
  Tensor exp() const;
  Tensor log() const;
  Tensor sqrt() const;
  Tensor abs() const;
  Tensor clamp(double min, double max) const;
  Tensor sigmoid() const;
  Tensor tanh() const;
  Tensor relu() const;
  Tensor sin() const;
  Tensor cos() const;
  Tensor log1p() const;
  Tensor rsqrt() const;
  Tensor maximum(const Tensor& other) const;
  Tensor minimum(const Tensor& other) const;
  Tensor softmax(int64_t dim) const;
  Tensor log_softmax(int64_t dim) const;
  Tensor matmul(const Tensor& other) const;
  Tensor mm(const Tensor& other) const;
  Tensor gather(int64_t dim, const Tensor& index) const;
  Tensor scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor index_select(int64_t dim, const Tensor& index) const;

  // Comparisons, logical ops and selection (bool or int64 results, as PyTorch's).
  Tensor eq(const Tensor& other) const;
  Tensor eq(double other) const;
  Tensor ne(const Tensor& other) const;
  Tensor ne(double other) const;
  Tensor lt(const Tensor& other) const;
  Tensor lt(double other) const;
  Tensor le(const Tensor& other) const;
  Tensor le(double other) const;
  Tensor gt(const Tensor& other) const;
  Tensor gt(double other) const;
  Tensor ge(const Tensor& other) const;
  Tensor ge(double other) const;
  Tensor logical_and(const Tensor& other) const;
  Tensor logical_or(const Tensor& other) const;
  Tensor logical_not() const;
  Tensor any() const;
  Tensor any(int64_t dim, bool keepdim = false) const;
  Tensor all() const;
  Tensor all(int64_t dim, bool keepdim = false) const;
  Tensor masked_fill(const Tensor& mask, double value) const;
  Tensor argmax() const;
  Tensor argmax(int64_t dim, bool keepdim = false) const;
  Tensor argmin() const;
  Tensor argmin(int64_t dim, bool keepdim = false) const;
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  std::tuple<Tensor, Tensor> topk(int64_t k, int64_t dim = -1, bool largest = true,
                                  bool sorted = true) const;
  std::tuple<Tensor, Tensor> sort(int64_t dim = -1, bool descending = false) const;
  Tensor cumsum(int64_t dim) const;

  // In place, refused on a leaf that requires grad while grad mode is on (as in PyTorch).
  Tensor& add_(const Tensor& other, double alpha = 1.0);
  Tensor& add_(double value);
  Tensor& sub_(const Tensor& other, double alpha = 1.0);
  Tensor& sub_(double value);
  Tensor& mul_(const Tensor& other);
  Tensor& mul_(double value);
  Tensor& fill_(double value);
  Tensor& zero_();
  Tensor& uniform_(double from = 0.0, double to = 1.0);
  Tensor& normal_(double mean = 0.0, double std = 1.0);

  const std::shared_ptr<TensorImpl>& impl() const { return impl_; }
  // True when both handles refer to the same tensor.
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }

 private:
  const TensorImpl& checked_impl() const;
  std::shared_ptr<TensorImpl> impl_;
};

std::ostream& operator<<(std::ostream& os, const Tensor& tensor);

namespace detail {
[[noreturn]] void throw_dtype_mismatch(const char* what, Dtype expected, Dtype got);
// Throws std::logic_error "<op>(): expected a defined Tensor, but got an undefined Tensor" (without
// the prefix when op is null: a Tensor method cannot tell which op it serves).
[[noreturn]] void throw_undefined(const char* op);
[[noreturn]] void throw_item_numel(int64_t numel);
[[noreturn]] void throw_data_of_view(const TensorImpl& impl);
}  // namespace detail

template <typename T>
xt::xarray<T>& Tensor::data() const {
  if (!impl_) detail::throw_undefined("data");
  auto* array = std::get_if<xt::xarray<T>>(&impl_->storage->array);
  if (!array) detail::throw_dtype_mismatch("data<T>()", dtype_of<T>(), dtype());
  if (impl_->view) detail::throw_data_of_view(*impl_);
  return *array;
}

template <typename T>
T* Tensor::data_ptr() const {
  if (!impl_) detail::throw_undefined("data_ptr");
  auto* array = std::get_if<xt::xarray<T>>(&impl_->storage->array);
  if (!array) detail::throw_dtype_mismatch("data_ptr<T>()", dtype_of<T>(), dtype());
  return detail::element_at(array->data(), storage_offset());
}

template <typename T>
auto Tensor::values() const {
  return detail::adapt_strided(data_ptr<T>(), detail::geometry_of(*impl_));
}

template <typename T>
xt::xarray<T> Tensor::to_xarray() const {
  if (!impl_) detail::throw_undefined("to_xarray");
  return std::visit(
      [this](const auto& a) -> xt::xarray<T> {
        if (impl_->view) return detail::cast_array<T>(detail::gather(a, *impl_->view));
        return detail::cast_array<T>(a);
      },
      impl_->storage->array);
}

template <typename T>
T Tensor::item() const {
  if (numel() != 1) detail::throw_item_numel(numel());
  return std::visit(
      [this](const auto& a) { return detail::cast_value<T>(a.data()[storage_offset()]); },
      impl_->storage->array);
}

}  // namespace xgrad
