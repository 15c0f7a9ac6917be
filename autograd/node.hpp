#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::autograd {

class Node;
struct ForwardTrace;

// Where the gradient of one input of a node goes: output `input_nr` of the node that produced
// that input (its grad_fn, or the accumulate-grad node of a leaf), or nowhere when it needs no
// gradient.
struct Edge {
  std::shared_ptr<Node> node;
  uint32_t input_nr = 0;
};

// A backward function recorded by a differentiable op: one edge per input of the op, and one
// incoming gradient per output (most ops have one output; unbind has many). It never owns the
// tensors it produced.
class Node : public std::enable_shared_from_this<Node> {
 public:
  explicit Node(std::vector<Edge> next_edges, uint32_t num_outputs = 1);
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // PyTorch's name, e.g. "MulBackward".
  virtual const char* name() const = 0;
  // The gradients for each input (one per next edge; undefined where an edge needs none),
  // given the gradients of this node's outputs (num_outputs() of them; undefined for an output
  // that no gradient reached, but never all of them).
  virtual std::vector<Tensor> apply(std::vector<Tensor> grad_outputs) = 0;
  // Frees the values saved for backward; a later apply() throws.
  virtual void release_saved() {}

  const std::vector<Edge>& next_edges() const { return next_edges_; }
  // Whether input i of the op needs a gradient, i.e. its edge leads somewhere (PyTorch's
  // should_compute_output; needs_input_grad in Python).
  bool needs_input_grad(size_t i) const { return next_edges_[i].node != nullptr; }
  uint32_t num_outputs() const { return num_outputs_; }
  // Increases with creation order, so a later node never feeds an earlier one.
  uint64_t sequence_nr() const { return sequence_nr_; }

  // The non-leaf outputs that asked for retain_grad(), by output number; held weakly so that no
  // cycle forms.
  std::vector<std::pair<uint32_t, std::weak_ptr<TensorImpl>>> retained_outputs;

  // Where this node's forward ran: kept while anomaly mode is on (anomaly_mode.hpp), else null.
  const std::shared_ptr<const ForwardTrace>& forward_trace() const { return forward_trace_; }
  void set_forward_trace(std::shared_ptr<const ForwardTrace> trace) {
    forward_trace_ = std::move(trace);
  }

  // How many Node objects exist right now (tests use it to prove that graphs are freed).
  static int64_t live_count();

 private:
  std::vector<Edge> next_edges_;
  uint32_t num_outputs_;
  uint64_t sequence_nr_;
  std::shared_ptr<const ForwardTrace> forward_trace_;
};

// The edge through which a gradient reaches `tensor`: its grad_fn, its leaf accumulator, or
// an empty edge when it does not require grad.
Edge gradient_edge(const Tensor& tensor);

}  // namespace xgrad::autograd
