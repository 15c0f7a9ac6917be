#include "xgrad/autograd/engine.hpp"

#include <algorithm>
#include <iostream>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "xgrad/autograd/accumulate_grad.hpp"
#include "xgrad/autograd/anomaly_detection.hpp"
#include "xgrad/autograd/anomaly_mode.hpp"
#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/autograd/node.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad::autograd {

namespace {

class GradModeScope {
 public:
  explicit GradModeScope(bool enabled) : previous_(is_grad_enabled()) { set_grad_enabled(enabled); }
  ~GradModeScope() { set_grad_enabled(previous_); }
  GradModeScope(const GradModeScope&) = delete;
  GradModeScope& operator=(const GradModeScope&) = delete;

 private:
  bool previous_;
};

struct NodeState {
  int pending = 0;            // edges from not yet executed nodes
  std::vector<Tensor> grads;  // per output: the sum of the gradients arrived so far
  bool leads_to_capture = false;
  std::vector<std::pair<uint32_t, size_t>> captures;  // (output, index into the captured gradients)
};

// Adds `grad` into the gradient buffer of output `nr` of a node.
void accumulate(NodeState& state, const Node& node, uint32_t nr, Tensor grad) {
  if (state.grads.empty()) state.grads.resize(node.num_outputs());
  Tensor& slot = state.grads[nr];
  slot = slot.defined() ? slot + grad : std::move(grad);
}

struct LaterFirst {
  bool operator()(const Node* a, const Node* b) const {
    return a->sequence_nr() < b->sequence_nr();
  }
};

Tensor seed_gradient(const Tensor& output, const Tensor& given, size_t index) {
  if (!given.defined()) {
    XGRAD_CHECK(output.numel() == 1, std::invalid_argument,
                "grad can be implicitly created only for scalar outputs (output ", index,
                " has shape ", output.sizes(), ")");
    return ones_like(output);
  }
  XGRAD_CHECK(given.sizes() == output.sizes(), std::invalid_argument,
              "Mismatch in shape: grad_output[", index, "] has a shape of ", given.sizes(),
              " and output[", index, "] has a shape of ", output.sizes(), ".");
  return given.dtype() == output.dtype() ? given : given.to(output.dtype());
}

// One backward pass. With `capture_targets` it collects the gradients arriving at those nodes
// (autograd::grad) and runs only what leads to them; otherwise it runs the whole graph.
class GraphTask {
 public:
  GraphTask(bool keep_graph, bool create_graph, bool capturing)
      : keep_graph_(keep_graph), create_graph_(create_graph), capturing_(capturing) {}

  void seed(const Edge& edge, const Tensor& grad) {
    auto [it, inserted] = states_.try_emplace(edge.node.get());
    if (inserted) roots_.push_back(edge.node);
    accumulate(it->second, *edge.node, edge.input_nr, grad);
  }

  void capture_at(const Edge& edge, size_t index) {
    capture_requests_.push_back({edge.node.get(), edge.input_nr, index});
  }

  std::vector<Tensor> run(size_t num_captures) {
    discover();
    for (const CaptureRequest& request : capture_requests_) {
      auto it = states_.find(request.node);
      if (it != states_.end()) it->second.captures.emplace_back(request.output_nr, request.index);
    }
    if (capturing_) mark_paths_to_captures();
    captured_.assign(num_captures, Tensor());

    GradModeScope mode(create_graph_);
    std::priority_queue<Node*, std::vector<Node*>, LaterFirst> ready;
    for (auto& [node, state] : states_) {
      if (state.pending == 0) ready.push(node);
    }
    while (!ready.empty()) {
      Node* node = ready.top();
      ready.pop();
      execute(node, ready);
    }
    return std::move(captured_);
  }

 private:
  void discover() {
    std::vector<Node*> stack;
    for (const auto& root : roots_) stack.push_back(root.get());
    while (!stack.empty()) {
      Node* node = stack.back();
      stack.pop_back();
      for (const Edge& edge : node->next_edges()) {
        if (!edge.node) continue;
        auto [it, inserted] = states_.try_emplace(edge.node.get());
        ++it->second.pending;
        if (inserted) stack.push_back(edge.node.get());
      }
    }
  }

  // Inputs are created before the nodes that use them, so ascending sequence numbers visit
  // every node after all of its next edges.
  void mark_paths_to_captures() {
    std::vector<Node*> order;
    order.reserve(states_.size());
    for (auto& entry : states_) order.push_back(entry.first);
    std::sort(order.begin(), order.end(),
              [](const Node* a, const Node* b) { return a->sequence_nr() < b->sequence_nr(); });
    for (Node* node : order) {
      NodeState& state = states_.at(node);
      for (const Edge& edge : node->next_edges()) {
        if (!edge.node) continue;
        const NodeState& next = states_.at(edge.node.get());
        if (!next.captures.empty() || next.leads_to_capture) state.leads_to_capture = true;
      }
    }
  }

  template <typename Ready>
  void execute(Node* node, Ready& ready) {
    NodeState& state = states_.at(node);
    std::vector<Tensor> grads = std::move(state.grads);
    std::vector<Tensor> input_grads;
    const bool reached =
        std::any_of(grads.begin(), grads.end(), [](const Tensor& g) { return g.defined(); });
    if (reached) {
      if (capturing_) {
        for (const auto& [nr, index] : state.captures) captured_[index] = grads[nr];
      } else {
        for (const auto& [nr, retained] : node->retained_outputs) {
          if (auto impl = retained.lock(); impl && grads[nr].defined())
            accumulate_into_grad(impl, grads[nr]);
        }
      }
      if (!capturing_ || state.leads_to_capture) {
        input_grads = detect_anomalies_ ? apply_detecting_anomalies(*node, std::move(grads))
                                        : node->apply(std::move(grads));
        if (!keep_graph_) node->release_saved();
      }
    }
    const auto& edges = node->next_edges();
    for (size_t i = 0; i < edges.size(); ++i) {
      Node* next = edges[i].node.get();
      if (!next) continue;
      NodeState& next_state = states_.at(next);
      if (i < input_grads.size() && input_grads[i].defined()) {
        accumulate(next_state, *next, edges[i].input_nr, std::move(input_grads[i]));
      }
      if (--next_state.pending == 0) ready.push(next);
    }
  }

  bool keep_graph_;
  bool create_graph_;
  bool capturing_;
  bool detect_anomalies_ = is_anomaly_enabled();
  std::vector<std::shared_ptr<Node>> roots_;  // keeps a leaf root's new accumulator alive
  struct CaptureRequest {
    Node* node;
    uint32_t output_nr;
    size_t index;
  };
  std::vector<CaptureRequest> capture_requests_;
  std::unordered_map<Node*, NodeState> states_;
  std::vector<Tensor> captured_;
};

void check_grad_outputs_count(const std::vector<Tensor>& outputs,
                              const std::vector<Tensor>& grad_outputs) {
  XGRAD_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), std::invalid_argument,
              "grad_outputs has ", grad_outputs.size(), " tensors, but outputs has ",
              outputs.size());
}

void seed_outputs(GraphTask& task, const std::vector<Tensor>& outputs,
                  const std::vector<Tensor>& grad_outputs, const char* op) {
  check_grad_outputs_count(outputs, grad_outputs);
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& output = outputs[i];
    xgrad::detail::check_defined(output, op);
    XGRAD_CHECK(output.requires_grad(), std::runtime_error, "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    const Tensor grad = seed_gradient(output, grad_outputs.empty() ? Tensor() : grad_outputs[i], i);
    task.seed(gradient_edge(output), grad);
  }
}

// PyTorch's warning, once per process.
void warn_about_create_graph_cycles() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::cerr
        << "xgrad warning: backward() with create_graph=true makes a reference cycle between a "
           "parameter and its gradient, which keeps both alive until the gradient is cleared "
           "(zero_grad()). autograd::grad() avoids this.\n";
  });
}

}  // namespace

void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
              bool retain_graph, bool create_graph) {
  if (create_graph) warn_about_create_graph_cycles();
  GraphTask task(retain_graph || create_graph, create_graph, /*capturing=*/false);
  seed_outputs(task, outputs, grad_outputs, "backward");
  task.run(0);
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, std::optional<bool> retain_graph,
                         bool create_graph, bool allow_unused) {
  GraphTask task(retain_graph.value_or(create_graph), create_graph, /*capturing=*/true);
  seed_outputs(task, outputs, grad_outputs, "grad");
  std::vector<Edge> targets;  // keeps new leaf accumulators alive
  for (size_t i = 0; i < inputs.size(); ++i) {
    XGRAD_CHECK(inputs[i].defined() && inputs[i].requires_grad(), std::invalid_argument,
                "One of the differentiated Tensors (input ", i, ") does not require grad");
    targets.push_back(gradient_edge(inputs[i]));
    task.capture_at(targets.back(), i);
  }
  std::vector<Tensor> result = task.run(inputs.size());
  for (size_t i = 0; i < result.size(); ++i) {
    XGRAD_CHECK(
        result[i].defined() || allow_unused, std::runtime_error,
        "One of the differentiated Tensors (input ", i,
        ") appears to not have been used in the graph. Set allow_unused=true if this is the "
        "desired behavior.");
  }
  return result;
}

}  // namespace xgrad::autograd
