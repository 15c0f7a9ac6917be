#pragma once

#include <memory>
#include <string>

#include "xgrad/autograd/stack_trace.hpp"

namespace xgrad::autograd {

class Node;

// Where a node's forward ran, kept while anomaly mode is on. A node recorded by another node's
// backward (create_graph) also keeps that node's name and forward trace: the calculation that
// induced it.
struct ForwardTrace {
  StackTrace stack;
  std::string induced_by;
  std::shared_ptr<const ForwardTrace> induced_by_trace;
};

// Keeps in `node` the stack of the op that records it (called by attach()).
void record_forward_trace(Node& node);

// "Traceback of forward call that caused the error:" and its frames from the op down to main,
// then those of each calculation that induced it; or a note that anomaly mode was off when the
// node was recorded.
std::string describe_forward(const Node& node);

// While alive, the nodes that this thread records are induced by `node`'s backward.
class InducedBy {
 public:
  explicit InducedBy(const Node& node);
  ~InducedBy();
  InducedBy(const InducedBy&) = delete;
  InducedBy& operator=(const InducedBy&) = delete;

 private:
  const Node* previous_;
};

}  // namespace xgrad::autograd
