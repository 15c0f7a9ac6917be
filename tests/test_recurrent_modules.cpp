#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::allclose;
using xgrad::testing::printed;

namespace {

std::vector<std::string> names(const nn::Module& m) {
  std::vector<std::string> out;
  for (const auto& named : m.named_parameters()) out.push_back(named.first);
  return out;
}

// A sequence reversed along its steps.
Tensor reversed(const Tensor& x) {
  std::vector<Tensor> steps = x.unbind(0);
  return stack(std::vector<Tensor>(steps.rbegin(), steps.rend()), 0);
}

}  // namespace

TEST_CASE("bidirectional_stacks_name_and_shape_parameters_like_pytorch") {
  const nn::LSTM lstm(nn::LSTMOptions(3, 5).num_layers(2).bidirectional(true));
  const std::vector<std::string> expected{
      "weight_ih_l0",         "weight_hh_l0",         "bias_ih_l0",         "bias_hh_l0",
      "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
      "weight_ih_l1",         "weight_hh_l1",         "bias_ih_l1",         "bias_hh_l1",
      "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"};
  CHECK(names(lstm) == expected);
  CHECK(lstm.weight_ih(0).sizes() == Sizes{20, 3});
  CHECK(lstm.weight_ih(1, 1).sizes() == Sizes{20, 10});
  CHECK(lstm.weight_hh(1, 1).sizes() == Sizes{20, 5});
  CHECK(lstm.bias_hh(0, 1).is_same(lstm.named_parameters()[7].second));
  CHECK(nn::RNN(3, 5).weight_ih(0).sizes() == Sizes{5, 3});
  CHECK(nn::GRU(nn::GRUOptions(3, 5).bidirectional(true).bias(false)).parameters().size() == 4);
  CHECK(names(nn::LSTMCell(3, 5)) ==
        std::vector<std::string>{"weight_ih", "weight_hh", "bias_ih", "bias_hh"});
  CHECK(nn::LSTMCell(3, 5).weight_ih.sizes() == Sizes{20, 3});
  CHECK(nn::RNNCell(3, 5).weight_hh.sizes() == Sizes{5, 5});
}

TEST_CASE("recurrent_modules_start_from_pytorch_uniform_bounds") {
  manual_seed(1);
  const double bound = 1.0 / std::sqrt(16.0);
  const nn::LSTM lstm(nn::LSTMOptions(8, 16).bidirectional(true));
  const nn::RNNCell cell(8, 16);
  for (const nn::Module* m :
       {static_cast<const nn::Module*>(&lstm), static_cast<const nn::Module*>(&cell)}) {
    for (const Tensor& p : m->parameters()) {
      CHECK(p.abs().max().item<double>() <= bound);
      CHECK(p.abs().max().item<double>() > 0.5 * bound);
    }
  }
}

TEST_CASE("recurrent_modules_print_like_pytorch") {
  CHECK(printed(nn::LSTM(
            nn::LSTMOptions(10, 20).num_layers(2).batch_first(true).dropout(0.5).bidirectional(
                true))) ==
        "LSTM(10, 20, num_layers=2, batch_first=true, dropout=0.5, bidirectional=true)");
  CHECK(printed(nn::RNN(nn::RNNOptions(10, 20).nonlinearity(nn::kReLU))) == "RNN(10, 20)");
  CHECK(printed(nn::GRU(nn::GRUOptions(10, 20).bias(false))) == "GRU(10, 20, bias=false)");
  CHECK(printed(nn::LSTMCell(10, 20)) == "LSTMCell(10, 20)");
  CHECK(printed(nn::RNNCell(10, 20, false, nn::kReLU)) ==
        "RNNCell(10, 20, bias=false, nonlinearity=relu)");
}

TEST_CASE("recurrent_modules_clone_into_independent_modules") {
  manual_seed(2);
  const nn::LSTM lstm(nn::LSTMOptions(2, 3).num_layers(2).bidirectional(true));
  const auto copy = std::dynamic_pointer_cast<nn::LSTM>(lstm.clone());
  REQUIRE(copy);
  CHECK(copy->options().bidirectional());
  const Tensor x = randn({4, 2, 2});
  CHECK(allclose(std::get<0>(lstm(x)), std::get<0>((*copy)(x)), 0, 0));
  CHECK_FALSE(copy->weight_ih(1, 1).is_same(lstm.weight_ih(1, 1)));
  for (const auto& cell : std::vector<std::shared_ptr<nn::Module>>{
           nn::RNN(3, 4).clone(), nn::LSTMCell(3, 4).clone(), nn::RNNCell(3, 4).clone()}) {
    CHECK(cell->parameters().size() == 4);
  }
  CHECK(std::dynamic_pointer_cast<nn::RNNCell>(nn::RNNCell(3, 4, true, nn::kReLU).clone())
            ->options()
            .nonlinearity() == nn::kReLU);
}

TEST_CASE("lstm_single_layer_equals_lstm_cell_steps") {
  manual_seed(6);
  const nn::LSTM lstm(nn::LSTMOptions(3, 4).dtype(kFloat64));
  const Tensor x = randn({5, 2, 3}, kFloat64);
  const Tensor h0 = randn({1, 2, 4}, kFloat64), c0 = randn({1, 2, 4}, kFloat64);
  const auto [out, state] = lstm(x, std::make_tuple(h0, c0));
  Tensor h = h0[0], c = c0[0];
  for (int64_t t = 0; t < 5; ++t) {
    std::tie(h, c) = nn::functional::lstm_cell(x[t], std::make_tuple(h, c), lstm.weight_ih(0),
                                               lstm.weight_hh(0), lstm.bias_ih(0), lstm.bias_hh(0));
    CHECK(allclose(out[t], h, 1e-12, 1e-12));
  }
  CHECK(allclose(std::get<0>(state)[0], h, 1e-12, 1e-12));
  CHECK(allclose(std::get<1>(state)[0], c, 1e-12, 1e-12));
}

TEST_CASE("rnn_steps_are_tanh_or_relu_of_the_affine_maps") {
  manual_seed(7);
  for (const auto nonlinearity : {nn::kTanh, nn::kReLU}) {
    const nn::RNNCell cell(nn::RNNCellOptions(3, 4).nonlinearity(nonlinearity).dtype(kFloat64));
    const Tensor x = randn({2, 3}, kFloat64), h = randn({2, 4}, kFloat64);
    const Tensor affine = nn::functional::linear(x, cell.weight_ih, cell.bias_ih) +
                          nn::functional::linear(h, cell.weight_hh, cell.bias_hh);
    CHECK(allclose(cell(x, h), nonlinearity == nn::kTanh ? affine.tanh() : affine.relu(), 1e-14,
                   1e-14));
    CHECK(allclose(cell(x[0], h[0]), cell(x, h)[0], 1e-14, 1e-14));
  }
}

TEST_CASE("reverse_direction_runs_the_reversed_sequence_with_the_reverse_weights") {
  manual_seed(8);
  const nn::GRU both(nn::GRUOptions(3, 4).bidirectional(true).dtype(kFloat64));
  const nn::GRU forward_only(nn::GRUOptions(3, 4).dtype(kFloat64));
  {
    NoGradGuard no_grad;
    const std::vector<Tensor> reverse{both.weight_ih(0, 1), both.weight_hh(0, 1),
                                      both.bias_ih(0, 1), both.bias_hh(0, 1)};
    for (size_t i = 0; i < reverse.size(); ++i) forward_only.parameters()[i].copy_(reverse[i]);
  }
  const Tensor x = randn({5, 2, 3}, kFloat64), h0 = randn({2, 2, 4}, kFloat64);
  const auto [out, h_n] = both(x, h0);
  const auto [reverse_out, reverse_h] = forward_only(reversed(x), h0.narrow(0, 1, 1));
  CHECK(out.sizes() == Sizes{5, 2, 8});
  CHECK(allclose(out.narrow(2, 4, 4), reversed(reverse_out), 1e-12, 1e-12));
  CHECK(allclose(h_n[1], reverse_h[0], 1e-12, 1e-12));
}

TEST_CASE("unbatched_input_equals_a_batch_of_one") {
  manual_seed(9);
  const nn::LSTM lstm(nn::LSTMOptions(3, 4).num_layers(2).bidirectional(true).dtype(kFloat64));
  const Tensor x = randn({5, 3}, kFloat64), h0 = randn({4, 4}, kFloat64),
               c0 = randn({4, 4}, kFloat64);
  const auto [out, state] = lstm(x, std::make_tuple(h0, c0));
  const auto [batched_out, batched_state] =
      lstm(x.unsqueeze(1), std::make_tuple(h0.unsqueeze(1), c0.unsqueeze(1)));
  CHECK(out.sizes() == Sizes{5, 8});
  CHECK(std::get<1>(state).sizes() == Sizes{4, 4});
  CHECK(allclose(out, batched_out.squeeze(1), 0, 0));
  CHECK(allclose(std::get<1>(state), std::get<1>(batched_state).squeeze(1), 0, 0));
}

TEST_CASE("dropout_between_layers_acts_only_when_training") {
  manual_seed(10);
  nn::LSTM lstm(nn::LSTMOptions(3, 4).num_layers(3).dropout(0.5).dtype(kFloat64));
  const Tensor x = randn({4, 2, 3}, kFloat64);
  lstm.eval();
  const Tensor evaluated = std::get<0>(lstm(x));
  nn::LSTM plain(nn::LSTMOptions(3, 4).num_layers(3).dtype(kFloat64));
  {
    NoGradGuard no_grad;
    for (size_t i = 0; i < plain.parameters().size(); ++i)
      plain.parameters()[i].copy_(lstm.parameters()[i]);
  }
  CHECK(allclose(evaluated, std::get<0>(plain(x)), 0, 0));
  lstm.train();
  CHECK_FALSE(allclose(std::get<0>(lstm(x)), evaluated, 1e-6, 1e-6));
  // A single layer has no layer above to drop into: dropout changes nothing, as in PyTorch.
  nn::GRU single(nn::GRUOptions(3, 4).dropout(0.5).dtype(kFloat64));
  const Tensor once = std::get<0>(single(x));
  CHECK(allclose(std::get<0>(single(x)), once, 0, 0));
}
