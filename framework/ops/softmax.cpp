#include "xgrad/framework/ops/softmax.hpp"

#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

Tensor log_softmax(const Tensor& a, int64_t dim) {
  return a - logsumexp(a, {wrap_dim(dim, a.dim())}, /*keepdim=*/true);
}

Tensor softmax(const Tensor& a, int64_t dim) { return exp(log_softmax(a, dim)); }

}  // namespace xgrad
