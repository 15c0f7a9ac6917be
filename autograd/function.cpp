#include "xgrad/autograd/function.hpp"

#include <stdexcept>
#include <string>

#include "xgrad/autograd/anomaly_mode.hpp"
#include "xgrad/autograd/forward_trace.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::autograd {

void throw_backward_through_freed_graph(const char* node_name) {
  XGRAD_FAIL(
      std::runtime_error,
      "Trying to backward through the graph a second time (or directly access saved tensors after "
      "they have already been freed). Saved intermediate values of the graph are freed when you "
      "call .backward() or autograd::grad(). Specify retain_graph=true if you need to backward "
      "through the graph a second time or if you need to access saved tensors after calling "
      "backward. (in ",
      node_name, ")");
}

bool needs_grad(const Tensor* begin, const Tensor* end) {
  if (!is_grad_enabled()) return false;
  for (const Tensor* t = begin; t != end; ++t) {
    if (t->defined() && t->requires_grad()) return true;
  }
  return false;
}

std::vector<Edge> collect_edges(const Tensor* begin, const Tensor* end) {
  std::vector<Edge> edges;
  edges.reserve(static_cast<size_t>(end - begin));
  for (const Tensor* t = begin; t != end; ++t) edges.push_back(gradient_edge(*t));
  return edges;
}

void attach(Tensor& output, std::shared_ptr<Node> node) {
  if (is_anomaly_enabled()) record_forward_trace(*node);
  output.impl()->requires_grad = true;
  output.impl()->grad_fn = std::move(node);
  output.impl()->output_nr = 0;
}

void attach_outputs(std::vector<Tensor>& outputs, std::shared_ptr<Node> node) {
  if (is_anomaly_enabled()) record_forward_trace(*node);
  for (size_t k = 0; k < outputs.size(); ++k) {
    outputs[k].impl()->requires_grad = true;
    outputs[k].impl()->grad_fn = node;
    outputs[k].impl()->output_nr = static_cast<uint32_t>(k);
  }
}

}  // namespace xgrad::autograd
