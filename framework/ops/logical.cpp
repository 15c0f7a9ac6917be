#include "xgrad/framework/ops/logical.hpp"

#include <stdexcept>

#include "xgrad/framework/detail/bool_map.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/comparison.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

namespace {

Tensor as_bool(const Tensor& a, const char* op) {
  detail::check_defined(a, op);
  return a.dtype() == kBool ? a : detail::make_tensor(a.to_xarray<bool>());
}

}  // namespace

Tensor logical_and(const Tensor& a, const Tensor& b) {
  return detail::broadcast_pair<bool>(as_bool(a, "logical_and"), as_bool(b, "logical_and"),
                                      [](bool x, bool y) { return x && y; });
}

Tensor logical_or(const Tensor& a, const Tensor& b) {
  return detail::broadcast_pair<bool>(as_bool(a, "logical_or"), as_bool(b, "logical_or"),
                                      [](bool x, bool y) { return x || y; });
}

Tensor logical_not(const Tensor& a) {
  return eq(as_bool(a, "logical_not"), false);
}

// any counts the true values, all the false ones (sum of bool counts at int64).
Tensor any(const Tensor& a) {
  return ne(sum(as_bool(a, "any")), 0);
}
Tensor any(const Tensor& a, int64_t dim, bool keepdim) {
  return ne(sum(as_bool(a, "any"), {dim}, keepdim), 0);
}
Tensor all(const Tensor& a) {
  return eq(sum(logical_not(as_bool(a, "all"))), 0);
}
Tensor all(const Tensor& a, int64_t dim, bool keepdim) {
  return eq(sum(logical_not(as_bool(a, "all")), {dim}, keepdim), 0);
}

Tensor masked_fill(const Tensor& a, const Tensor& mask, double value) {
  detail::check_defined(a, "masked_fill");
  detail::check_defined(mask, "masked_fill");
  XGRAD_CHECK(mask.dtype() == kBool, std::invalid_argument,
              "masked_fill_ only supports boolean masks, but got mask with dtype ",
              detail::scalar_type_title(mask.dtype()));
  return where(mask, full({}, value, a.dtype()), a);
}

}  // namespace xgrad
