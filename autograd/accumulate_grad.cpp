#include "xgrad/autograd/accumulate_grad.hpp"

#include <mutex>
#include <stdexcept>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad::autograd {

AccumulateGrad::AccumulateGrad(std::shared_ptr<TensorImpl> leaf)
    : Node({}), leaf_(std::move(leaf)) {}

std::vector<Tensor> AccumulateGrad::apply(std::vector<Tensor> grad_outputs) {
  const std::lock_guard<std::mutex> lock(mutex_);  // backward passes in several threads
  accumulate_into_grad(leaf_, std::move(grad_outputs[0]));
  return {};
}

std::shared_ptr<Node> grad_accumulator(const std::shared_ptr<TensorImpl>& leaf) {
  // Threads that record on one shared leaf must all get the same accumulator.
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  if (auto existing = leaf->grad_accumulator.lock()) return existing;
  auto made = std::make_shared<AccumulateGrad>(leaf);
  leaf->grad_accumulator = made;
  return made;
}

namespace {
bool nobody_else_holds(const Tensor& t) {
  return t.impl().use_count() == 1 && t.impl()->storage.use_count() == 1 && !t.requires_grad();
}
}  // namespace

void accumulate_into_grad(const std::shared_ptr<TensorImpl>& target, Tensor grad) {
  const Tensor owner(target);
  XGRAD_CHECK(grad.sizes() == owner.sizes(), std::logic_error,
              "Function AccumulateGrad returned an invalid gradient: got ", grad.sizes(),
              " but expected shape compatible with ", owner.sizes());
  if (grad.dtype() != owner.dtype()) grad = grad.to(owner.dtype());
  if (!target->grad) {
    if (is_grad_enabled()) {
      target->grad = grad.impl();  // create_graph: the gradient keeps its own graph
    } else {
      target->grad = nobody_else_holds(grad) ? grad.impl() : grad.clone().impl();
    }
    return;
  }
  Tensor current(target->grad);
  if (is_grad_enabled()) {
    target->grad = (current + grad).impl();
  } else {
    current.add_(grad);
  }
}

}  // namespace xgrad::autograd
