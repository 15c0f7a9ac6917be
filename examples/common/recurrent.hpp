#pragma once

// A GRU or an LSTM chosen at run time (--cell gru|lstm), behind one forward whose state is a
// list: {h} for a GRU, {h, c} for an LSTM, empty for zeros.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <xgrad/xgrad.hpp>

namespace examples {

struct RecurrentOptions {
  std::string cell = "gru";
  int64_t input_size = 0, hidden_size = 0, num_layers = 1;
  bool bidirectional = false;
};

class Recurrent {
 public:
  using State = std::vector<xgrad::Tensor>;

  // The owner registers module() as its submodule.
  explicit Recurrent(const RecurrentOptions& o) {
    if (o.cell == "lstm") {
      lstm_ = std::make_shared<xgrad::nn::LSTM>(xgrad::nn::LSTMOptions(o.input_size, o.hidden_size)
                                                    .num_layers(o.num_layers)
                                                    .bidirectional(o.bidirectional)
                                                    .batch_first(true));
    } else {
      gru_ = std::make_shared<xgrad::nn::GRU>(xgrad::nn::GRUOptions(o.input_size, o.hidden_size)
                                                  .num_layers(o.num_layers)
                                                  .bidirectional(o.bidirectional)
                                                  .batch_first(true));
    }
  }

  std::shared_ptr<xgrad::nn::Module> module() const {
    if (gru_) return gru_;
    return lstm_;
  }

  // input (N, L, input_size), batch first, or a PackedSequence; returns (output, final state).
  template <typename Input>
  std::pair<Input, State> operator()(const Input& input, const State& state = {}) const {
    if (gru_) {
      auto [output, h] = (*gru_)(input, state.empty() ? xgrad::Tensor() : state[0]);
      return {output, {h}};
    }
    std::optional<xgrad::nn::LSTM::State> hx;
    if (!state.empty()) hx = xgrad::nn::LSTM::State(state[0], state[1]);
    auto [output, hc] = (*lstm_)(input, hx);
    return {output, {std::get<0>(hc), std::get<1>(hc)}};
  }

 private:
  std::shared_ptr<xgrad::nn::GRU> gru_;
  std::shared_ptr<xgrad::nn::LSTM> lstm_;
};

}  // namespace examples
