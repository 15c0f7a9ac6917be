#pragma once

#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/tensor.hpp"

// Elementwise comparisons, as torch.eq, ne, lt, le, gt, ge: the operands broadcast, are compared
// in their result_type (an int64 tensor against 0.5 compares as float, a float32 tensor against
// a double compares in float32) and give a bool tensor, which records no gradient. NaN compares
// unequal to everything, itself included.
namespace xgrad {

Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);

Tensor eq(const Tensor& a, double b);
Tensor ne(const Tensor& a, double b);
Tensor lt(const Tensor& a, double b);
Tensor le(const Tensor& a, double b);
Tensor gt(const Tensor& a, double b);
Tensor ge(const Tensor& a, double b);

// A C++ integer compares as a double with a floating tensor, at int64 with an integer one.
#define XGRAD_INTEGER_COMPARISON(name)                                    \
  template <typename I, detail::if_integer_scalar<I> = 0>                 \
  Tensor name(const Tensor& a, I b) {                                     \
    return detail::floating_path(a) ? name(a, static_cast<double>(b))     \
                                    : name(a, detail::wrapped_number(b)); \
  }
XGRAD_INTEGER_COMPARISON(eq)
XGRAD_INTEGER_COMPARISON(ne)
XGRAD_INTEGER_COMPARISON(lt)
XGRAD_INTEGER_COMPARISON(le)
XGRAD_INTEGER_COMPARISON(gt)
XGRAD_INTEGER_COMPARISON(ge)
#undef XGRAD_INTEGER_COMPARISON

// The operators: a == b, a < 0.5, 0.5 < a (a number on the left compares the other way round).
#define XGRAD_COMPARISON_OPERATOR(op, name, flipped)                        \
  inline Tensor operator op(const Tensor& a, const Tensor& b) {             \
    return name(a, b);                                                      \
  }                                                                         \
  template <typename N, std::enable_if_t<std::is_arithmetic_v<N>, int> = 0> \
  Tensor operator op(const Tensor& a, N b) {                                \
    return name(a, b);                                                      \
  }                                                                         \
  template <typename N, std::enable_if_t<std::is_arithmetic_v<N>, int> = 0> \
  Tensor operator op(N a, const Tensor& b) {                                \
    return flipped(b, a);                                                   \
  }
XGRAD_COMPARISON_OPERATOR(==, eq, eq)
XGRAD_COMPARISON_OPERATOR(!=, ne, ne)
XGRAD_COMPARISON_OPERATOR(<, lt, gt)
XGRAD_COMPARISON_OPERATOR(<=, le, ge)
XGRAD_COMPARISON_OPERATOR(>, gt, lt)
XGRAD_COMPARISON_OPERATOR(>=, ge, le)
#undef XGRAD_COMPARISON_OPERATOR

}  // namespace xgrad
