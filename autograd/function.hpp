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
// A closure that saved its op's output takes (grad, self) and unpacks it with unpack(self).

namespace xgrad::autograd {

[[noreturn]] void throw_backward_through_freed_graph(const char* node_name);

template <typename Backward>
class FunctionNode final : public Node {
 public:
  FunctionNode(const char* name, std::vector<Edge> edges, Backward backward)
      : Node(std::move(edges)), name_(name), backward_(std::move(backward)) {}

  const char* name() const override { return name_; }
  std::vector<Tensor> apply(Tensor grad_output) override {
    if (!backward_) throw_backward_through_freed_graph(name_);
    if constexpr (std::is_invocable_v<Backward&, const Tensor&, const Node&>) {
      return (*backward_)(grad_output, *this);  // for closures that unpack saved outputs
    } else {
      return (*backward_)(grad_output);
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
