// The recurrent modules against PyTorch: LSTMCell, RNNCell, LSTM, GRU and RNN on padded and
// packed batches, dropout between layers, and the packing utilities. The fixtures
// (golden/recurrent_*.json) are written by golden/make_recurrent_golden.py; each stores the
// parameters, inputs, outputs and the gradients of a weighted sum of the outputs.
#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::allclose;
using xgrad::testing::Fixture;
namespace F = xgrad::nn::functional;
namespace rnn = xgrad::nn::utils::rnn;

namespace {

struct Tolerance {
  double rtol, atol;
};

Tolerance tolerance_of(Dtype dtype) {
  return dtype == kFloat64 ? Tolerance{1e-9, 1e-12} : Tolerance{1e-5, 1e-5};
}

Dtype dtype_of(const Fixture& f) {
  return f["settings"]["dtype"] == "float64" ? kFloat64 : kFloat32;
}

// What a sequence module is built from, read from a fixture's settings.
struct Config {
  std::string module;  // "LSTM", "GRU" or "RNN"
  int64_t input_size, hidden_size, num_layers;
  bool bias, batch_first, bidirectional, relu;
  double dropout;
  Dtype dtype;
  int64_t directions() const { return bidirectional ? 2 : 1; }
  std::vector<std::string> states() const {
    return module == "LSTM" ? std::vector<std::string>{"h", "c"} : std::vector<std::string>{"h"};
  }
};

Config config_of(const Fixture& f) {
  const auto& s = f["settings"];
  return Config{s["module"].get<std::string>(),  s["input_size"].get<int64_t>(),
                s["hidden_size"].get<int64_t>(), s["num_layers"].get<int64_t>(),
                s["bias"].get<bool>(),           s["batch_first"].get<bool>(),
                s["bidirectional"].get<bool>(),  s["nonlinearity"] == "relu",
                s["dropout"].get<double>(),      dtype_of(f)};
}

// nn::LSTM, nn::GRU or nn::RNN behind one interface whose state is a vector: {h} or {h, c}.
using State = std::vector<Tensor>;
struct Recurrent {
  std::shared_ptr<nn::Module> module;
  std::function<std::tuple<Tensor, State>(const Tensor&, const State&)> run;
  std::function<std::tuple<rnn::PackedSequence, State>(const rnn::PackedSequence&, const State&)>
      run_packed;
};

template <typename M, typename Input>
auto run_single_state(const M& m, const Input& input, const State& state) {
  auto [output, h_n] = m(input, state.empty() ? Tensor() : state[0]);
  return std::make_tuple(output, State{h_n});
}

template <typename Input>
auto run_lstm(const nn::LSTM& m, const Input& input, const State& state) {
  std::optional<nn::LSTM::State> hx;
  if (!state.empty()) hx = std::make_tuple(state[0], state[1]);
  auto [output, h_c] = m(input, hx);
  return std::make_tuple(output, State{std::get<0>(h_c), std::get<1>(h_c)});
}

template <typename M>
Recurrent wrap(std::shared_ptr<M> m) {
  return {m, [m](const Tensor& x, const State& s) { return run_single_state(*m, x, s); },
          [m](const rnn::PackedSequence& x, const State& s) { return run_single_state(*m, x, s); }};
}

Recurrent make_recurrent(const Config& c) {
  if (c.module == "LSTM") {
    auto m = std::make_shared<nn::LSTM>(nn::LSTMOptions(c.input_size, c.hidden_size)
                                            .num_layers(c.num_layers)
                                            .bias(c.bias)
                                            .batch_first(c.batch_first)
                                            .dropout(c.dropout)
                                            .bidirectional(c.bidirectional)
                                            .dtype(c.dtype));
    return {m, [m](const Tensor& x, const State& s) { return run_lstm(*m, x, s); },
            [m](const rnn::PackedSequence& x, const State& s) { return run_lstm(*m, x, s); }};
  }
  if (c.module == "GRU")
    return wrap(std::make_shared<nn::GRU>(nn::GRUOptions(c.input_size, c.hidden_size)
                                              .num_layers(c.num_layers)
                                              .bias(c.bias)
                                              .batch_first(c.batch_first)
                                              .dropout(c.dropout)
                                              .bidirectional(c.bidirectional)
                                              .dtype(c.dtype)));
  return wrap(std::make_shared<nn::RNN>(nn::RNNOptions(c.input_size, c.hidden_size)
                                            .num_layers(c.num_layers)
                                            .nonlinearity(c.relu ? nn::kReLU : nn::kTanh)
                                            .bias(c.bias)
                                            .batch_first(c.batch_first)
                                            .dropout(c.dropout)
                                            .bidirectional(c.bidirectional)
                                            .dtype(c.dtype)));
}

// The fixture's name of a parameter of a single-layer module standing for layer `layer`.
std::string layer_name(const std::string& name, int64_t layer) {
  std::string renamed = name;
  renamed.replace(renamed.find("_l0"), 3, "_l" + std::to_string(layer));
  return renamed;
}

void copy_parameters(nn::Module& module, const Fixture& f, Dtype dtype,
                     const std::function<std::string(const std::string&)>& rename) {
  NoGradGuard no_grad;
  for (auto& [name, p] : module.named_parameters()) p.copy_(f.tensor(rename(name), dtype));
}

std::string same_name(const std::string& name) {
  return name;
}

// Everything a case compares: the output, the final states, the gradients of the input, of
// the initial states and of the parameters (by the whole module's names).
struct Result {
  Tensor output;
  State finals;
  Tensor grad_x;
  State grad_states;
  std::vector<std::pair<std::string, Tensor>> grad_parameters;
};

// Backpropagates sum(output * w_out) + sum(h_n * w_h) (+ sum(c_n * w_c)), the fixture's weights.
void backward_weighted_sum(const Fixture& f, const Config& c, const Tensor& output,
                           const State& finals) {
  Tensor loss = (output * f.tensor("output_weights", c.dtype)).sum();
  for (size_t k = 0; k < finals.size(); ++k)
    loss = loss + (finals[k] * f.tensor(c.states()[k] + "_n_weights", c.dtype)).sum();
  loss.backward();
}

State initial_state(const Fixture& f, const Config& c) {
  State state;
  if (!f["settings"]["has_hx"].get<bool>()) return state;
  for (const std::string& s : c.states())
    state.push_back(f.tensor(s + "0", c.dtype).requires_grad_());
  return state;
}

State grads_of(const State& tensors) {
  State grads;
  for (const Tensor& t : tensors) grads.push_back(t.grad());
  return grads;
}

void check_result(const Result& got, const Fixture& f, const Config& c) {
  const Tolerance tol = tolerance_of(c.dtype);
  CHECK(allclose(got.output, f.tensor("output"), tol.rtol, tol.atol));
  for (size_t k = 0; k < got.finals.size(); ++k) {
    INFO("final state " << c.states()[k]);
    CHECK(allclose(got.finals[k], f.tensor(c.states()[k] + "_n"), tol.rtol, tol.atol));
  }
  CHECK(allclose(got.grad_x, f.tensor("grad_x"), tol.rtol, tol.atol));
  for (size_t k = 0; k < got.grad_states.size(); ++k) {
    INFO("initial state " << c.states()[k]);
    REQUIRE(got.grad_states[k].defined());
    CHECK(
        allclose(got.grad_states[k], f.tensor("grad_" + c.states()[k] + "0"), tol.rtol, tol.atol));
  }
  for (const auto& named : got.grad_parameters) {
    const std::string& name = named.first;  // not a structured binding: INFO captures it
    INFO("parameter " << name);
    REQUIRE(named.second.defined());
    CHECK(allclose(named.second, f.tensor("grad_" + name), tol.rtol, tol.atol));
  }
}

void check_results_match(const Result& got, const Result& expected, Tolerance tol) {
  CHECK(allclose(got.output, expected.output, tol.rtol, tol.atol));
  REQUIRE(got.finals.size() == expected.finals.size());
  for (size_t k = 0; k < got.finals.size(); ++k)
    CHECK(allclose(got.finals[k], expected.finals[k], tol.rtol, tol.atol));
  CHECK(allclose(got.grad_x, expected.grad_x, tol.rtol, tol.atol));
  REQUIRE(got.grad_states.size() == expected.grad_states.size());
  for (size_t k = 0; k < got.grad_states.size(); ++k)
    CHECK(allclose(got.grad_states[k], expected.grad_states[k], tol.rtol, tol.atol));
  REQUIRE(got.grad_parameters.size() == expected.grad_parameters.size());
  for (const auto& named : got.grad_parameters) {
    const std::string& name = named.first;
    INFO("parameter " << name);
    bool found = false;
    for (const auto& e : expected.grad_parameters) {
      if (e.first != name) continue;
      found = true;
      CHECK(allclose(named.second, e.second, tol.rtol, tol.atol));
    }
    CHECK(found);
  }
}

// The whole module of the fixture, on its padded x, or packed when the fixture says so (then
// the packed output is checked too and the output is padded back).
// With a seed, the generator is seeded just before the forward (after the module's init).
Result run_module(const Fixture& f, const Config& c, bool train,
                  std::optional<uint64_t> seed = std::nullopt) {
  Recurrent r = make_recurrent(c);
  copy_parameters(*r.module, f, c.dtype, same_name);
  r.module->train(train);
  const Tensor x = f.tensor("x", c.dtype).requires_grad_();
  const State state = initial_state(f, c);
  if (seed) manual_seed(*seed);
  Result result;
  if (f["settings"]["packed"].get<bool>()) {
    const Tolerance tol = tolerance_of(c.dtype);
    const rnn::PackedSequence packed = rnn::pack_padded_sequence(
        x, f.tensor("lengths", kInt64), c.batch_first, f["settings"]["enforce_sorted"].get<bool>());
    auto [packed_output, finals] = r.run_packed(packed, state);
    CHECK(allclose(packed_output.data(), f.tensor("packed_data"), tol.rtol, tol.atol));
    CHECK(allclose(packed_output.batch_sizes().to(kFloat64), f.tensor("batch_sizes")));
    CHECK(packed_output.sorted_indices().defined() == f.has("sorted_indices"));
    if (f.has("sorted_indices")) {
      CHECK(allclose(packed_output.sorted_indices().to(kFloat64), f.tensor("sorted_indices")));
      CHECK(allclose(packed_output.unsorted_indices().to(kFloat64), f.tensor("unsorted_indices")));
    }
    auto [padded, lengths] = rnn::pad_packed_sequence(packed_output, c.batch_first);
    CHECK(allclose(lengths.to(kFloat64), f.tensor("lengths")));
    result.output = padded;
    result.finals = finals;
  } else {
    std::tie(result.output, result.finals) = r.run(x, state);
  }
  backward_weighted_sum(f, c, result.output, result.finals);
  result.grad_x = x.grad();
  result.grad_states = grads_of(state);
  for (const auto& [name, p] : r.module->named_parameters())
    result.grad_parameters.emplace_back(name, p.grad());
  return result;
}

void check_module_against_pytorch(const std::string& file) {
  const Fixture f(file);
  const Config c = config_of(f);
  check_result(run_module(f, c, /*train=*/false), f, c);
}

// The fixture's module as single-layer modules of its weights, each layer's output times
// scaled_masks[layer] (zeros and 1 / (1 - p), shaped (L, N, directions * hidden_size)) before
// the next layer.
Result run_composed(const Fixture& f, const Config& c, const State& scaled_masks) {
  const Tensor x = f.tensor("x", c.dtype).requires_grad_();
  const State state = initial_state(f, c);
  Result result;
  Tensor input = x;
  std::vector<State> finals(c.states().size());
  for (int64_t layer = 0; layer < c.num_layers; ++layer) {
    Config single = c;
    single.num_layers = 1;
    single.dropout = 0.0;
    single.input_size = layer == 0 ? c.input_size : c.directions() * c.hidden_size;
    Recurrent r = make_recurrent(single);
    copy_parameters(*r.module, f, c.dtype,
                    [layer](const std::string& name) { return layer_name(name, layer); });
    State layer_state;
    for (const Tensor& s : state)
      layer_state.push_back(narrow(s, 0, layer * c.directions(), c.directions()));
    auto [output, layer_finals] = r.run(input, layer_state);
    for (size_t k = 0; k < layer_finals.size(); ++k) finals[k].push_back(layer_finals[k]);
    input = layer + 1 < c.num_layers ? output * scaled_masks[layer] : output;
    for (const auto& [name, p] : r.module->named_parameters())
      result.grad_parameters.emplace_back(layer_name(name, layer), p);
  }
  result.output = input;
  for (const State& per_layer : finals) result.finals.push_back(cat(per_layer, 0));
  backward_weighted_sum(f, c, result.output, result.finals);
  result.grad_x = x.grad();
  result.grad_states = grads_of(state);
  for (auto& named : result.grad_parameters) named.second = named.second.grad();
  return result;
}

// Composing single-layer xgrad modules with the masks PyTorch drew gives PyTorch's output and
// gradients: the driver puts dropout where ATen does.
void check_dropout_with_pytorch_masks(const std::string& file) {
  const Fixture f(file);
  const Config c = config_of(f);
  State scaled_masks;
  for (int64_t layer = 0; layer + 1 < c.num_layers; ++layer)
    scaled_masks.push_back(f.tensor("dropout_mask_l" + std::to_string(layer), c.dtype) /
                           (1.0 - c.dropout));
  check_result(run_composed(f, c, scaled_masks), f, c);
}

void check_cell_against_pytorch(const std::string& file) {
  const Fixture f(file);
  const auto& s = f["settings"];
  const Dtype dtype = dtype_of(f);
  const Tolerance tol = tolerance_of(dtype);
  const bool lstm = s["cell"] == "LSTMCell", has_hx = s["has_hx"];
  std::shared_ptr<nn::Module> module;
  std::function<State(const Tensor&, const State&)> step;
  if (lstm) {
    auto cell = std::make_shared<nn::LSTMCell>(
        nn::LSTMCellOptions(s["input_size"], s["hidden_size"]).bias(s["bias"]).dtype(dtype));
    step = [cell](const Tensor& x, const State& state) {
      std::optional<nn::LSTMCell::State> hx;
      if (!state.empty()) hx = std::make_tuple(state[0], state[1]);
      auto [h, c] = (*cell)(x, hx);
      return State{h, c};
    };
    module = cell;
  } else {
    auto cell = std::make_shared<nn::RNNCell>(
        nn::RNNCellOptions(s["input_size"], s["hidden_size"])
            .bias(s["bias"])
            .nonlinearity(s["nonlinearity"] == "relu" ? nn::kReLU : nn::kTanh)
            .dtype(dtype));
    step = [cell](const Tensor& x, const State& state) {
      return State{(*cell)(x, state.empty() ? Tensor() : state[0])};
    };
    module = cell;
  }
  copy_parameters(*module, f, dtype, same_name);
  const Tensor x = f.tensor("x", dtype).requires_grad_();
  State initial;
  if (has_hx) {
    initial.push_back(f.tensor("h0", dtype).requires_grad_());
    if (lstm) initial.push_back(f.tensor("c0", dtype).requires_grad_());
  }
  State state = initial;
  std::vector<Tensor> hs, cs;
  for (int64_t t = 0; t < x.size(0); ++t) {
    state = step(x[t], state);
    hs.push_back(state[0]);
    if (lstm) cs.push_back(state[1]);
  }
  const Tensor outputs = stack(hs, 0);
  CHECK(allclose(outputs, f.tensor("outputs"), tol.rtol, tol.atol));
  Tensor loss = (outputs * f.tensor("output_weights", dtype)).sum();
  if (lstm) {
    const Tensor cell_states = stack(cs, 0);
    CHECK(allclose(cell_states, f.tensor("cell_states"), tol.rtol, tol.atol));
    loss = loss + (cell_states * f.tensor("cell_state_weights", dtype)).sum();
  }
  loss.backward();
  CHECK(allclose(x.grad(), f.tensor("grad_x"), tol.rtol, tol.atol));
  if (has_hx) {
    CHECK(allclose(initial[0].grad(), f.tensor("grad_h0"), tol.rtol, tol.atol));
    if (lstm) CHECK(allclose(initial[1].grad(), f.tensor("grad_c0"), tol.rtol, tol.atol));
  }
  for (auto& named : module->named_parameters()) {
    const std::string& name = named.first;
    INFO("parameter " << name);
    REQUIRE(named.second.grad().defined());
    CHECK(allclose(named.second.grad(), f.tensor("grad_" + name), tol.rtol, tol.atol));
  }
}

}  // namespace

// ------------------------------------------------------------------------------ cells

TEST_CASE("lstm_cell_batched_with_hx_matches_pytorch_float64") {
  check_cell_against_pytorch("recurrent_lstm_cell_batched_float64.json");
}
TEST_CASE("lstm_cell_unbatched_without_hx_matches_pytorch_float32") {
  check_cell_against_pytorch("recurrent_lstm_cell_unbatched_no_hx.json");
}
TEST_CASE("rnn_cell_tanh_batched_matches_pytorch_float64") {
  check_cell_against_pytorch("recurrent_rnn_cell_tanh_batched_float64.json");
}
TEST_CASE("rnn_cell_relu_unbatched_without_bias_matches_pytorch_float32") {
  check_cell_against_pytorch("recurrent_rnn_cell_relu_unbatched_no_bias.json");
}

// ------------------------------------------------------------------------------ padded batches

TEST_CASE("lstm_one_layer_with_h0_and_c0_matches_pytorch") {
  check_module_against_pytorch("recurrent_lstm_one_layer.json");
}
TEST_CASE("lstm_three_layers_bidirectional_without_hx_matches_pytorch") {
  check_module_against_pytorch("recurrent_lstm_three_layers_bidirectional_no_hx.json");
}
TEST_CASE("lstm_two_layers_batch_first_matches_pytorch_float32") {
  check_module_against_pytorch("recurrent_lstm_two_layers_batch_first_float32.json");
}
TEST_CASE("lstm_unbatched_matches_pytorch") {
  check_module_against_pytorch("recurrent_lstm_unbatched.json");
}
TEST_CASE("lstm_two_layers_without_bias_matches_pytorch") {
  check_module_against_pytorch("recurrent_lstm_two_layers_no_bias.json");
}
TEST_CASE("gru_two_layers_bidirectional_matches_pytorch") {
  check_module_against_pytorch("recurrent_gru_two_layers_bidirectional.json");
}
TEST_CASE("gru_bidirectional_batch_first_without_hx_matches_pytorch_float32") {
  check_module_against_pytorch("recurrent_gru_bidirectional_batch_first_float32_no_hx.json");
}
TEST_CASE("rnn_tanh_three_layers_bidirectional_matches_pytorch") {
  check_module_against_pytorch("recurrent_rnn_tanh_three_layers_bidirectional.json");
}
TEST_CASE("rnn_relu_two_layers_batch_first_matches_pytorch") {
  check_module_against_pytorch("recurrent_rnn_relu_two_layers_batch_first.json");
}

// ------------------------------------------------------------------------------ dropout

TEST_CASE("lstm_dropout_in_eval_mode_matches_pytorch_without_dropout") {
  check_module_against_pytorch("recurrent_lstm_dropout_eval.json");
}

TEST_CASE("lstm_training_dropout_equals_single_layers_with_the_masks_xgrad_draws") {
  const Fixture f("recurrent_lstm_dropout_train.json");
  const Config c = config_of(f);
  const auto seed = f["settings"]["seed"].get<uint64_t>();
  const Result whole = run_module(f, c, /*train=*/true, seed);
  manual_seed(seed);
  const int64_t steps = f.tensor("x").size(0), batch = f.tensor("x").size(1);
  const int64_t features = c.directions() * c.hidden_size;
  State scaled_masks;
  for (int64_t layer = 0; layer + 1 < c.num_layers; ++layer)
    scaled_masks.push_back(F::dropout(ones({steps * batch, features}, c.dtype), c.dropout, true)
                               .reshape({steps, batch, features}));
  const Result composed = run_composed(f, c, scaled_masks);
  check_results_match(whole, composed, tolerance_of(c.dtype));
  // The masks drop something, so the comparison above is not one of two undropped runs.
  CHECK(scaled_masks[0].eq(0.0).any().item<bool>());
}

TEST_CASE("lstm_training_dropout_with_pytorchs_masks_matches_pytorch") {
  check_dropout_with_pytorch_masks("recurrent_lstm_dropout_train.json");
}
TEST_CASE("gru_bidirectional_training_dropout_with_pytorchs_masks_matches_pytorch") {
  check_dropout_with_pytorch_masks("recurrent_gru_dropout_train_bidirectional.json");
}

// ------------------------------------------------------------------------------ packed batches

TEST_CASE("lstm_packed_bidirectional_unsorted_lengths_matches_pytorch") {
  check_module_against_pytorch("recurrent_lstm_packed_bidirectional_unsorted.json");
}
TEST_CASE("gru_packed_sorted_batch_first_matches_pytorch_float32") {
  check_module_against_pytorch("recurrent_gru_packed_sorted_batch_first_float32.json");
}
TEST_CASE("rnn_packed_unsorted_without_hx_matches_pytorch") {
  check_module_against_pytorch("recurrent_rnn_packed_unsorted_no_hx.json");
}

// ------------------------------------------------------------------------------ packing utilities

TEST_CASE("pad_sequence_matches_pytorch_with_padding_value_and_gradients") {
  const Fixture f("recurrent_packing_utilities.json");
  for (const bool batch_first : {false, true}) {
    const std::string key = batch_first ? "batch_first" : "sequence_first";
    INFO(key);
    std::vector<Tensor> sequences;
    for (int k = 0; k < 3; ++k)
      sequences.push_back(f.tensor("sequence_" + std::to_string(k)).requires_grad_());
    const Tensor padded = rnn::pad_sequence(sequences, batch_first, 7.0);
    CHECK(allclose(padded, f.tensor("pad_sequence_" + key), 0, 0));
    (padded * f.tensor("pad_sequence_" + key + "_weights")).sum().backward();
    for (int k = 0; k < 3; ++k)
      CHECK(allclose(sequences[k].grad(),
                     f.tensor("pad_sequence_" + key + "_grad_" + std::to_string(k)), 0, 0));
  }
}

TEST_CASE("pad_packed_sequence_pads_to_total_length_like_pytorch") {
  const Fixture f("recurrent_packing_utilities.json");
  const Tensor lengths = f.tensor("total_length_lengths", kInt64);
  const rnn::PackedSequence packed =
      rnn::pack_padded_sequence(f.tensor("total_length_x"), lengths, false, false);
  for (const bool batch_first : {false, true}) {
    const std::string key = batch_first ? "batch_first" : "sequence_first";
    INFO(key);
    auto [padded, out_lengths] = rnn::pad_packed_sequence(packed, batch_first, -1.0, 5);
    CHECK(allclose(padded, f.tensor("pad_packed_total_length_" + key), 0, 0));
    CHECK(allclose(out_lengths.to(kFloat64), f.tensor("total_length_lengths"), 0, 0));
  }
}
