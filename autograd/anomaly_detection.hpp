#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::autograd {

class Node;

// The engine's side of anomaly mode: applies `node` so that the nodes its backward records
// (create_graph) know what induced them, prints where its forward ran to stderr when it throws,
// and throws AnomalyError when a gradient it returns for an input that needs one holds a NaN or
// an infinity.
std::vector<Tensor> apply_detecting_anomalies(Node& node, std::vector<Tensor> grad_outputs);

}  // namespace xgrad::autograd
