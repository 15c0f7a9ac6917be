#include "xgrad/framework/tensor.hpp"

#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/function.hpp"
#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/comparison.hpp"
#include "xgrad/framework/ops/cumulative.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/indexing.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/logical.hpp"
#include "xgrad/framework/ops/minmax.hpp"
#include "xgrad/framework/ops/reduction.hpp"
#include "xgrad/framework/ops/selection.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/framework/ops/softmax.hpp"
#include "xgrad/framework/ops/statistics.hpp"
#include "xgrad/framework/ops/trigonometric.hpp"
#include "xgrad/framework/ops/unary_math.hpp"

namespace xgrad {

namespace detail {

const char* scalar_type_title(Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return "Float";
    case kFloat64:
      return "Double";
    case kInt64:
      return "Long";
    case kBool:
      return "Bool";
  }
  return "Undefined";
}

void throw_dtype_mismatch(const char* what, Dtype expected, Dtype got) {
  XGRAD_FAIL(std::invalid_argument, std::string(what) + ": expected scalar type " +
                                        scalar_type_title(expected) + " but found " +
                                        scalar_type_title(got));
}

void throw_not_implemented(const char* op, Dtype dtype) {
  XGRAD_FAIL(std::invalid_argument,
             std::string("\"") + op + "\" not implemented for '" + scalar_type_title(dtype) + "'");
}

void throw_undefined(const char* op) {
  XGRAD_FAIL(std::logic_error, op ? op : "", op ? "(): " : "",
             "expected a defined Tensor, but got an undefined Tensor");
}

void throw_data_of_view(const TensorImpl& impl) {
  XGRAD_FAIL(
      std::logic_error, "data<T>(): the tensor is a view of another tensor's storage (sizes ",
      impl.view->sizes, ", strides ", impl.view->strides, ", offset ", impl.view->offset,
      "), so no xarray holds its values; use values<T>(), or contiguous() and data_ptr<T>()");
}

void throw_item_numel(int64_t numel) {
  XGRAD_FAIL(std::invalid_argument, "a Tensor with ", numel,
             " elements cannot be converted to Scalar");
}

void check_defined(const Tensor& t, const char* op) {
  if (!t.defined()) throw_undefined(op);
}

std::string format_number(double value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

}  // namespace detail

const TensorImpl& Tensor::checked_impl() const {
  if (!impl_) detail::throw_undefined(nullptr);
  return *impl_;
}

Sizes Tensor::sizes() const {
  const TensorImpl& impl = checked_impl();
  if (impl.view) return Sizes(impl.view->sizes);
  return std::visit([](const auto& a) { return Sizes(detail::to_sizes(a.shape())); },
                    impl.storage->array);
}

int64_t Tensor::size(int64_t dim) const {
  const int64_t rank = this->dim();
  XGRAD_CHECK(rank != 0, std::out_of_range, "Dimension specified as ", dim,
              " but tensor has no dimensions");
  const auto d = static_cast<size_t>(wrap_dim(dim, rank));
  const TensorImpl& impl = *impl_;
  if (impl.view) return impl.view->sizes[d];
  return std::visit([d](const auto& a) { return static_cast<int64_t>(a.shape()[d]); },
                    impl.storage->array);
}

int64_t Tensor::dim() const {
  const TensorImpl& impl = checked_impl();
  if (impl.view) return static_cast<int64_t>(impl.view->sizes.size());
  return std::visit([](const auto& a) { return static_cast<int64_t>(a.dimension()); },
                    impl.storage->array);
}

int64_t Tensor::numel() const {
  const TensorImpl& impl = checked_impl();
  if (impl.view) return numel_of(impl.view->sizes);
  return std::visit([](const auto& a) { return static_cast<int64_t>(a.size()); },
                    impl.storage->array);
}

std::vector<int64_t> Tensor::strides() const {
  return detail::geometry_of(checked_impl()).strides;
}

int64_t Tensor::stride(int64_t dim) const {
  const int64_t rank = this->dim();
  XGRAD_CHECK(rank != 0, std::out_of_range, "Dimension specified as ", dim,
              " but tensor has no dimensions");
  return strides()[static_cast<size_t>(wrap_dim(dim, rank))];
}

int64_t Tensor::storage_offset() const {
  const TensorImpl& impl = checked_impl();
  return impl.view ? impl.view->offset : 0;
}

bool Tensor::is_contiguous() const {
  const TensorImpl& impl = checked_impl();
  return !impl.view || detail::is_contiguous_geometry(*impl.view);
}

Tensor Tensor::contiguous() const {
  return is_contiguous() ? *this : clone();
}

bool Tensor::is_view() const {
  return checked_impl().base != nullptr;
}

Tensor Tensor::base() const {
  return Tensor(checked_impl().base);
}

Dtype Tensor::dtype() const {
  return static_cast<Dtype>(checked_impl().storage->array.index());
}

bool Tensor::requires_grad() const {
  return checked_impl().requires_grad;
}

bool Tensor::is_leaf() const {
  return checked_impl().grad_fn == nullptr;
}

const std::shared_ptr<autograd::Node>& Tensor::grad_fn() const {
  return checked_impl().grad_fn;
}

Tensor Tensor::to(Dtype target) const {
  if (dtype() == target) return *this;
  Tensor out = detail::with_dtype(target, [&](auto tag) {
    using T = decltype(tag);
    return detail::make_tensor(to_xarray<T>());
  });
  if (xgrad::is_floating_point(target) && autograd::needs_grad({*this})) {
    autograd::record("ToCopyBackward", out, {*this}, [source = dtype()](const Tensor& g) {
      return std::vector<Tensor>{g.to(source)};
    });
  }
  return out;
}

Tensor Tensor::clone() const {
  Tensor out = detail::map_values(*this, [](const auto& a) { return a; });
  if (autograd::needs_grad({*this})) {
    autograd::record("CloneBackward", out, {*this},
                     [](const Tensor& g) { return std::vector<Tensor>{g}; });
  }
  return out;
}

Tensor Tensor::detach() const {
  auto detached = std::make_shared<TensorImpl>(checked_impl().storage);
  detached->view = impl_->view;
  return Tensor(std::move(detached));
}

Tensor& Tensor::requires_grad_(bool requires_grad) {
  XGRAD_CHECK(
      is_leaf() || requires_grad, std::runtime_error,
      "you can only change requires_grad flags of leaf variables. If you want to use a computed "
      "variable in a subgraph that doesn't require differentiation use var_no_grad = "
      "var.detach().");
  XGRAD_CHECK(!requires_grad || is_floating_point(), std::invalid_argument,
              "Only Tensors of floating point dtype can require gradients (got ",
              dtype_name(dtype()), ")");
  impl_->requires_grad = requires_grad;
  return *this;
}

void Tensor::retain_grad() const {
  XGRAD_CHECK(requires_grad(), std::runtime_error,
              "can't retain_grad on Tensor that has requires_grad=False");
  if (is_leaf() || impl_->retains_grad) return;  // leaves keep their grad anyway
  impl_->retains_grad = true;
  impl_->grad_fn->retained_outputs.emplace_back(impl_->output_nr, impl_);
}

bool Tensor::retains_grad() const {
  return checked_impl().retains_grad;
}

Tensor Tensor::grad() const {
  return Tensor(checked_impl().grad);
}

void Tensor::set_grad(const Tensor& grad) const {
  checked_impl();
  XGRAD_CHECK(!grad.defined() || grad.sizes() == sizes(), std::invalid_argument,
              "assigned grad has data of a different size: expected ", sizes(), ", got ",
              grad.sizes());
  XGRAD_CHECK(!grad.defined() || grad.dtype() == dtype(), std::invalid_argument,
              "assigned grad has data of a different type: expected ", dtype_name(dtype()),
              ", got ", dtype_name(grad.dtype()));
  impl_->grad = grad.impl();
}

void Tensor::zero_grad(bool set_to_none) const {
  if (!checked_impl().grad) return;
  if (set_to_none) {
    impl_->grad.reset();
    return;
  }
  NoGradGuard no_grad;
  Tensor(impl_->grad).zero_();
}

void Tensor::backward(const Tensor& gradient, bool retain_graph, bool create_graph) const {
  autograd::backward({*this}, {gradient}, retain_graph, create_graph);
}

Tensor Tensor::operator[](int64_t index) const {
  return xgrad::select(*this, 0, index);
}
Tensor Tensor::select(int64_t dim, int64_t index) const {
  return xgrad::select(*this, dim, index);
}
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return xgrad::narrow(*this, dim, start, length);
}
Tensor Tensor::reshape(const std::vector<int64_t>& shape) const {
  return xgrad::reshape(*this, shape);
}
Tensor Tensor::view(const std::vector<int64_t>& shape) const {
  return xgrad::view(*this, shape);
}
Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  return xgrad::flatten(*this, start_dim, end_dim);
}
Tensor Tensor::squeeze() const {
  return xgrad::squeeze(*this);
}
Tensor Tensor::squeeze(int64_t dim) const {
  return xgrad::squeeze(*this, dim);
}
Tensor Tensor::unsqueeze(int64_t dim) const {
  return xgrad::unsqueeze(*this, dim);
}
Tensor Tensor::t() const {
  return xgrad::t(*this);
}
Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const {
  return xgrad::transpose(*this, dim0, dim1);
}

Tensor Tensor::permute(const std::vector<int64_t>& dims) const {
  return xgrad::permute(*this, dims);
}
Tensor Tensor::expand(const std::vector<int64_t>& sizes) const {
  return xgrad::expand(*this, sizes);
}
std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const {
  return xgrad::chunk(*this, chunks, dim);
}
std::vector<Tensor> Tensor::unbind(int64_t dim) const {
  return xgrad::unbind(*this, dim);
}
std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const {
  return xgrad::split(*this, split_size, dim);
}

Tensor Tensor::sum() const {
  return xgrad::sum(*this);
}
Tensor Tensor::sum(Dims dims, bool keepdim) const {
  return xgrad::sum(*this, dims, keepdim);
}
Tensor Tensor::mean() const {
  return xgrad::mean(*this);
}
Tensor Tensor::mean(Dims dims, bool keepdim) const {
  return xgrad::mean(*this, dims, keepdim);
}
Tensor Tensor::max() const {
  return xgrad::max(*this);
}
Tensor Tensor::amax(Dims dims, bool keepdim) const {
  return xgrad::amax(*this, dims, keepdim);
}
Tensor Tensor::logsumexp(Dims dims, bool keepdim) const {
  return xgrad::logsumexp(*this, dims, keepdim);
}
Tensor Tensor::var() const {
  return xgrad::var(*this);
}
Tensor Tensor::var(Dims dims, bool unbiased, bool keepdim) const {
  return xgrad::var(*this, dims, unbiased, keepdim);
}
Tensor Tensor::std() const {
  return xgrad::std(*this);
}
Tensor Tensor::std(Dims dims, bool unbiased, bool keepdim) const {
  return xgrad::std(*this, dims, unbiased, keepdim);
}

Tensor Tensor::pow(double exponent) const {
  return xgrad::pow(*this, exponent);
}
Tensor Tensor::pow(const Tensor& exponent) const {
  return xgrad::pow(*this, exponent);
}
Tensor Tensor::exp() const {
  return xgrad::exp(*this);
}
Tensor Tensor::log() const {
  return xgrad::log(*this);
}
Tensor Tensor::sqrt() const {
  return xgrad::sqrt(*this);
}
Tensor Tensor::abs() const {
  return xgrad::abs(*this);
}
Tensor Tensor::clamp(double min, double max) const {
  return xgrad::clamp(*this, min, max);
}
Tensor Tensor::sigmoid() const {
  return xgrad::sigmoid(*this);
}
Tensor Tensor::tanh() const {
  return xgrad::tanh(*this);
}
Tensor Tensor::relu() const {
  return xgrad::relu(*this);
}
Tensor Tensor::sin() const {
  return xgrad::sin(*this);
}
Tensor Tensor::cos() const {
  return xgrad::cos(*this);
}
Tensor Tensor::log1p() const {
  return xgrad::log1p(*this);
}
Tensor Tensor::rsqrt() const {
  return xgrad::rsqrt(*this);
}
Tensor Tensor::maximum(const Tensor& other) const {
  return xgrad::maximum(*this, other);
}
Tensor Tensor::minimum(const Tensor& other) const {
  return xgrad::minimum(*this, other);
}
Tensor Tensor::softmax(int64_t dim) const {
  return xgrad::softmax(*this, dim);
}
Tensor Tensor::log_softmax(int64_t dim) const {
  return xgrad::log_softmax(*this, dim);
}
Tensor Tensor::matmul(const Tensor& other) const {
  return xgrad::matmul(*this, other);
}
Tensor Tensor::mm(const Tensor& other) const {
  return xgrad::mm(*this, other);
}
Tensor Tensor::gather(int64_t dim, const Tensor& index) const {
  return xgrad::gather(*this, dim, index);
}
Tensor Tensor::scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const {
  return xgrad::scatter_add(*this, dim, index, src);
}
Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return xgrad::index_select(*this, dim, index);
}

Tensor Tensor::eq(const Tensor& other) const {
  return xgrad::eq(*this, other);
}
Tensor Tensor::eq(double other) const {
  return xgrad::eq(*this, other);
}
Tensor Tensor::ne(const Tensor& other) const {
  return xgrad::ne(*this, other);
}
Tensor Tensor::ne(double other) const {
  return xgrad::ne(*this, other);
}
Tensor Tensor::lt(const Tensor& other) const {
  return xgrad::lt(*this, other);
}
Tensor Tensor::lt(double other) const {
  return xgrad::lt(*this, other);
}
Tensor Tensor::le(const Tensor& other) const {
  return xgrad::le(*this, other);
}
Tensor Tensor::le(double other) const {
  return xgrad::le(*this, other);
}
Tensor Tensor::gt(const Tensor& other) const {
  return xgrad::gt(*this, other);
}
Tensor Tensor::gt(double other) const {
  return xgrad::gt(*this, other);
}
Tensor Tensor::ge(const Tensor& other) const {
  return xgrad::ge(*this, other);
}
Tensor Tensor::ge(double other) const {
  return xgrad::ge(*this, other);
}
Tensor Tensor::logical_and(const Tensor& other) const {
  return xgrad::logical_and(*this, other);
}
Tensor Tensor::logical_or(const Tensor& other) const {
  return xgrad::logical_or(*this, other);
}
Tensor Tensor::logical_not() const {
  return xgrad::logical_not(*this);
}
Tensor Tensor::any() const {
  return xgrad::any(*this);
}
Tensor Tensor::any(int64_t dim, bool keepdim) const {
  return xgrad::any(*this, dim, keepdim);
}
Tensor Tensor::all() const {
  return xgrad::all(*this);
}
Tensor Tensor::all(int64_t dim, bool keepdim) const {
  return xgrad::all(*this, dim, keepdim);
}
Tensor Tensor::masked_fill(const Tensor& mask, double value) const {
  return xgrad::masked_fill(*this, mask, value);
}
Tensor Tensor::argmax() const {
  return xgrad::argmax(*this);
}
Tensor Tensor::argmax(int64_t dim, bool keepdim) const {
  return xgrad::argmax(*this, dim, keepdim);
}
Tensor Tensor::argmin() const {
  return xgrad::argmin(*this);
}
Tensor Tensor::argmin(int64_t dim, bool keepdim) const {
  return xgrad::argmin(*this, dim, keepdim);
}
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const {
  return xgrad::max(*this, dim, keepdim);
}
Tensor Tensor::min() const {
  return xgrad::min(*this);
}
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const {
  return xgrad::min(*this, dim, keepdim);
}
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return xgrad::topk(*this, k, dim, largest, sorted);
}
std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return xgrad::sort(*this, dim, descending);
}
Tensor Tensor::cumsum(int64_t dim) const {
  return xgrad::cumsum(*this, dim);
}

}  // namespace xgrad
