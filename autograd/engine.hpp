#pragma once

#include <optional>
#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::autograd {

// Accumulates into the .grad of every leaf that `outputs` depend on. An undefined entry of
// `grad_outputs` (or an empty list) stands for ones, allowed for one-element outputs only.
// The graph's saved values are freed afterwards unless retain_graph is set. With create_graph
// a leaf's .grad holds a graph that refers back to the leaf, as in PyTorch: clear it
// (zero_grad) to free both, or use grad() instead.
void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs = {},
              bool retain_graph = false, bool create_graph = false);

// Returns the gradients of `outputs` with respect to `inputs` without touching any .grad.
// retain_graph defaults to create_graph, as in PyTorch. With create_graph the returned
// gradients are themselves differentiable.
std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {},
                         std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                         bool allow_unused = false);

}  // namespace xgrad::autograd
