#pragma once

#include <initializer_list>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/autograd/node.hpp"
#include "xgrad/autograd/saved_tensor.hpp"

// How an op records itself, flashlight-style: compute the result, then
//   if (autograd::needs_grad({a, b}))
//     autograd::record("MulBackward", out, {a, b}, [...saved values...](const Tensor& g) {
//       return std::vector<Tensor>{g * b_saved.unpack(), g * a_saved.unpack()};
//     });
// The closure returns one gradient per input (undefined where an input needs none). Its
// captures are the saved values; they are freed after backward unless retain_graph is set.
// A closure that needs its node takes (grad, self): it unpacks a saved output with unpack(self),
// and asks self.needs_input_grad(i) whether input i wants a gradient, instead of capturing its
// own requires_grad flags. An op with several outputs uses record_outputs, and its closure
// takes the vector of their gradients (undefined where none arrived), or (grads, self).

namespace xgrad::autograd {

[[noreturn]] void throw_backward_through_freed_graph(const char* node_name);

template <typename Backward>
class FunctionNode final : public Node {
 public:
  FunctionNode(const char* name, std::vector<Edge> edges, Backward backward,
               uint32_t num_outputs = 1)
      : Node(std::move(edges), num_outputs), name_(name), backward_(std::move(backward)) {}

  const char* name() const override { return name_; }
  std::vector<Tensor> apply(std::vector<Tensor> grad_outputs) override {
    if (!backward_) throw_backward_through_freed_graph(name_);
    if constexpr (std::is_invocable_v<Backward&, const std::vector<Tensor>&>) {
      return (*backward_)(grad_outputs);  // ops with several outputs
    } else if constexpr (std::is_invocable_v<Backward&, const std::vector<Tensor>&, const Node&>) {
      return (*backward_)(grad_outputs, *this);
    } else if constexpr (std::is_invocable_v<Backward&, const Tensor&, const Node&>) {
      return (*backward_)(grad_outputs[0], *this);  // closures that take (grad, self)
    } else {
      return (*backward_)(grad_outputs[0]);
    }
  }
  void release_saved() override { backward_.reset(); }

 private:
  const char* name_;
  std::optional<Backward> backward_;
};

// Whether an op on these inputs records a node: grad mode is on and some input requires grad.
bool needs_grad(const Tensor* begin, const Tensor* end);
inline bool needs_grad(std::initializer_list<Tensor> inputs) {
  return needs_grad(inputs.begin(), inputs.end());
}
inline bool needs_grad(const std::vector<Tensor>& inputs) {
  return needs_grad(inputs.data(), inputs.data() + inputs.size());
}

std::vector<Edge> collect_edges(const Tensor* begin, const Tensor* end);

// Attaches a new node to `output`, which becomes a non-leaf that requires grad.
void attach(Tensor& output, std::shared_ptr<Node> node);

template <typename Backward>
void record_edges(const char* name, Tensor& output, std::vector<Edge> edges, Backward&& backward) {
  attach(output, std::make_shared<FunctionNode<std::decay_t<Backward>>>(
                     name, std::move(edges), std::forward<Backward>(backward)));
}

// Attaches one node to all of `outputs` (output k gets output_nr k).
void attach_outputs(std::vector<Tensor>& outputs, std::shared_ptr<Node> node);

template <typename Backward>
void record_outputs(const char* name, std::vector<Tensor>& outputs,
                    std::initializer_list<Tensor> inputs, Backward&& backward) {
  attach_outputs(outputs,
                 std::make_shared<FunctionNode<std::decay_t<Backward>>>(
                     name, collect_edges(inputs.begin(), inputs.end()),
                     std::forward<Backward>(backward), static_cast<uint32_t>(outputs.size())));
}

template <typename Backward>
void record_outputs(const char* name, std::vector<Tensor>& outputs,
                    const std::vector<Tensor>& inputs, Backward&& backward) {
  attach_outputs(outputs,
                 std::make_shared<FunctionNode<std::decay_t<Backward>>>(
                     name, collect_edges(inputs.data(), inputs.data() + inputs.size()),
                     std::forward<Backward>(backward), static_cast<uint32_t>(outputs.size())));
}

template <typename Backward>
void record(const char* name, Tensor& output, std::initializer_list<Tensor> inputs,
            Backward&& backward) {
  record_edges(name, output, collect_edges(inputs.begin(), inputs.end()),
               std::forward<Backward>(backward));
}

template <typename Backward>
void record(const char* name, Tensor& output, const std::vector<Tensor>& inputs,
            Backward&& backward) {
  record_edges(name, output, collect_edges(inputs.data(), inputs.data() + inputs.size()),
               std::forward<Backward>(backward));
}

}  // namespace xgrad::autograd
