#include "xgrad/autograd/node.hpp"

#include <atomic>

#include "xgrad/autograd/accumulate_grad.hpp"

namespace xgrad::autograd {

namespace {
std::atomic<int64_t> live_nodes{0};
std::atomic<uint64_t> next_sequence_nr{0};
}  // namespace

Node::Node(std::vector<Edge> next_edges, uint32_t num_outputs)
    : next_edges_(std::move(next_edges)),
      num_outputs_(num_outputs),
      sequence_nr_(next_sequence_nr.fetch_add(1, std::memory_order_relaxed)) {
  live_nodes.fetch_add(1, std::memory_order_relaxed);
}

Node::~Node() {
  live_nodes.fetch_sub(1, std::memory_order_relaxed);
}

int64_t Node::live_count() {
  return live_nodes.load(std::memory_order_relaxed);
}

Edge gradient_edge(const Tensor& tensor) {
  if (!tensor.defined() || !tensor.requires_grad()) return Edge{};
  const auto& impl = tensor.impl();
  if (impl->grad_fn) return Edge{impl->grad_fn, impl->output_nr};
  return Edge{grad_accumulator(impl), 0};
}

}  // namespace xgrad::autograd
