#include "xgrad/framework/tensor_impl.hpp"

#include <atomic>

#include "xgrad/autograd/node.hpp"

namespace xgrad {

namespace {
std::atomic<int64_t> live_impls{0};
}  // namespace

TensorImpl::TensorImpl(std::shared_ptr<Storage> s) : storage(std::move(s)) {
  live_impls.fetch_add(1, std::memory_order_relaxed);
}

TensorImpl::~TensorImpl() {
  live_impls.fetch_sub(1, std::memory_order_relaxed);
}

int64_t TensorImpl::live_count() {
  return live_impls.load(std::memory_order_relaxed);
}

}  // namespace xgrad
