#include "xgrad/framework/ops/comparison.hpp"

#include <functional>

#include "xgrad/framework/detail/bool_map.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad {

namespace {

// pred(x, y) of the operands at their result type. The values are broadcast into plain arrays
// and compared one by one: xtensor 0.24 with xsimd gets some broadcast comparisons into bool
// wrong (see minmax.cpp).
template <typename Pred>
Tensor compare(const Tensor& a, const Tensor& b, const char* op, Pred pred) {
  detail::check_defined(a, op);
  detail::check_defined(b, op);
  const Dtype dtype = result_type(a, b);
  return detail::with_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    return detail::broadcast_pair<T>(a, b, [&](const T& x, const T& y) { return pred(x, y); });
  });
}

// The number as a 0-dim tensor of the dtype the comparison runs in.
Tensor number_operand(const Tensor& a, double b, const char* op) {
  detail::check_defined(a, op);
  return full({}, b, result_type(a, ScalarKind::kFloating));
}

}  // namespace

Tensor eq(const Tensor& a, const Tensor& b) {
  return compare(a, b, "eq", std::equal_to<>());
}
Tensor ne(const Tensor& a, const Tensor& b) {
  return compare(a, b, "ne", std::not_equal_to<>());
}
Tensor lt(const Tensor& a, const Tensor& b) {
  return compare(a, b, "lt", std::less<>());
}
Tensor le(const Tensor& a, const Tensor& b) {
  return compare(a, b, "le", std::less_equal<>());
}
Tensor gt(const Tensor& a, const Tensor& b) {
  return compare(a, b, "gt", std::greater<>());
}
Tensor ge(const Tensor& a, const Tensor& b) {
  return compare(a, b, "ge", std::greater_equal<>());
}

Tensor eq(const Tensor& a, double b) {
  return eq(a, number_operand(a, b, "eq"));
}
Tensor ne(const Tensor& a, double b) {
  return ne(a, number_operand(a, b, "ne"));
}
Tensor lt(const Tensor& a, double b) {
  return lt(a, number_operand(a, b, "lt"));
}
Tensor le(const Tensor& a, double b) {
  return le(a, number_operand(a, b, "le"));
}
Tensor gt(const Tensor& a, double b) {
  return gt(a, number_operand(a, b, "gt"));
}
Tensor ge(const Tensor& a, double b) {
  return ge(a, number_operand(a, b, "ge"));
}

}  // namespace xgrad
