#include "xgrad/nn/rnn_sequence.hpp"

#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::detail {

namespace {
using State = std::vector<Tensor>;
}  // namespace

DirectionResult run_direction_composed(RNNMode mode, const RNNLayerWeights& w, const Tensor& input,
                                       const std::vector<int64_t>& batch_sizes,
                                       const State& initial, bool reverse) {
  // One GEMM computes the input gates of every step; input_gates[t] holds step t's rows.
  const std::vector<Tensor> input_gates =
      split_with_sizes(functional::linear(input, w.weight_ih, w.bias_ih), batch_sizes, 0);
  const size_t steps = batch_sizes.size(), parts = initial.size();
  std::vector<Tensor> outputs(steps);
  DirectionResult result;
  State state;
  auto step = [&](size_t t) {
    state = rnn_step(mode, input_gates[t], linear(state[0], w.weight_hh, w.bias_hh), state);
    outputs[t] = state[0];
  };
  if (!reverse) {
    state = initial;
    std::vector<State> ended;  // the rows that left, in the order they left
    for (size_t t = 0; t < steps; ++t) {
      const int64_t rows = state[0].size(0), batch = batch_sizes[t];
      if (batch < rows) {
        State left;
        for (Tensor& s : state) {
          left.push_back(s.narrow(0, batch, rows - batch));
          s = s.narrow(0, 0, batch);
        }
        ended.push_back(std::move(left));
      }
      step(t);
    }
    // Rows that left later lie above those that left earlier.
    for (size_t p = 0; p < parts; ++p) {
      std::vector<Tensor> pieces{state[p]};
      for (auto it = ended.rbegin(); it != ended.rend(); ++it) pieces.push_back((*it)[p]);
      result.state.push_back(pieces.size() == 1 ? pieces[0] : cat(pieces, 0));
    }
  } else {
    for (size_t t = steps; t-- > 0;) {
      const int64_t rows = state.empty() ? 0 : state[0].size(0), batch = batch_sizes[t];
      if (batch > rows) {
        if (rows == 0) state.resize(parts);
        for (size_t p = 0; p < parts; ++p) {
          const Tensor joining = rows == 0 && batch == initial[p].size(0)
                                     ? initial[p]
                                     : initial[p].narrow(0, rows, batch - rows);
          state[p] = rows == 0 ? joining : cat({state[p], joining}, 0);
        }
      }
      step(t);
    }
    result.state = std::move(state);
  }
  result.output = cat(outputs, 0);
  return result;
}

RNNSequenceResult run_rnn_layers(RNNMode mode, const std::vector<RNNLayerWeights>& weights,
                                 int64_t num_layers, bool bidirectional, const Tensor& data,
                                 const std::vector<int64_t>& batch_sizes,
                                 const std::vector<Tensor>& initial, double dropout, bool training,
                                 RNNKernel kernel) {
  const int64_t directions = bidirectional ? 2 : 1;
  const size_t parts = initial.size();
  std::vector<std::vector<Tensor>> initial_per_layer(parts);  // [part][layer * directions + d]
  for (size_t p = 0; p < parts; ++p) initial_per_layer[p] = initial[p].unbind(0);
  std::vector<std::vector<Tensor>> finals(parts);
  Tensor layer_input = data;
  for (int64_t layer = 0; layer < num_layers; ++layer) {
    std::vector<Tensor> direction_outputs;
    for (int64_t d = 0; d < directions; ++d) {
      const size_t index = static_cast<size_t>(layer * directions + d);
      const RNNLayerWeights& w = weights[index];
      State start;
      for (size_t p = 0; p < parts; ++p) start.push_back(initial_per_layer[p][index]);
      DirectionResult r =
          kernel == RNNKernel::kFused
              ? run_direction_fused(mode, w, layer_input, batch_sizes, start, d == 1)
              : run_direction_composed(mode, w, layer_input, batch_sizes, start, d == 1);
      direction_outputs.push_back(r.output);
      for (size_t p = 0; p < parts; ++p) finals[p].push_back(r.state[p]);
    }
    layer_input = directions == 1 ? direction_outputs[0] : cat(direction_outputs, 1);
    if (dropout > 0 && training && layer + 1 < num_layers) {
      layer_input = functional::dropout(layer_input, dropout, true);
    }
  }
  RNNSequenceResult result{layer_input, {}};
  for (size_t p = 0; p < parts; ++p) result.state.push_back(stack(finals[p], 0));
  return result;
}

}  // namespace xgrad::nn::detail
