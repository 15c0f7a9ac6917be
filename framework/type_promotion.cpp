#include "xgrad/framework/type_promotion.hpp"

#include "xgrad/framework/tensor.hpp"

namespace xgrad {

namespace {

int rank(Dtype dtype) {
  switch (dtype) {
    case kBool:
      return 0;
    case kInt64:
      return 1;
    case kFloat32:
      return 2;
    case kFloat64:
      return 3;
  }
  return 3;
}

int category(Dtype dtype) {
  return is_floating_point(dtype) ? 2 : dtype == kInt64 ? 1 : 0;
}

int category(ScalarKind kind) {
  return kind == ScalarKind::kFloating ? 2 : kind == ScalarKind::kInteger ? 1 : 0;
}

}  // namespace

Dtype promote_types(Dtype a, Dtype b) {
  return rank(a) >= rank(b) ? a : b;
}

Dtype result_type(Dtype a, bool a_has_dims, Dtype b, bool b_has_dims) {
  if (a_has_dims == b_has_dims) return promote_types(a, b);
  const Dtype dims = a_has_dims ? a : b, zero_dim = a_has_dims ? b : a;
  return category(zero_dim) > category(dims) ? zero_dim : dims;
}

Dtype result_type(const Tensor& a, const Tensor& b) {
  return result_type(a.dtype(), a.dim() > 0, b.dtype(), b.dim() > 0);
}

Dtype floating_result_type(const Tensor& a, const Tensor& b) {
  const Dtype dtype = result_type(a, b);
  return is_floating_point(dtype) ? dtype : get_default_dtype();
}

Dtype result_type(Dtype tensor, ScalarKind scalar) {
  if (category(scalar) <= category(tensor)) return tensor;
  return scalar == ScalarKind::kFloating ? get_default_dtype() : kInt64;
}

Dtype result_type(const Tensor& tensor, ScalarKind scalar) {
  return result_type(tensor.dtype(), scalar);
}

bool can_cast(Dtype from, Dtype to) {
  return category(from) <= category(to);
}

}  // namespace xgrad
