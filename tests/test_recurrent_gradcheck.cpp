// Finite differences against the engine (autograd::gradcheck, float64, tiny sizes) for the
// recurrent cells and modules, the packed path and the packing utilities.
#include <doctest/doctest.h>

#include <optional>
#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

using namespace xgrad;
namespace F = xgrad::nn::functional;
namespace rnn = xgrad::nn::utils::rnn;

namespace {

// `head` followed by the module's own parameters: gradcheck perturbs them in place.
std::vector<Tensor> with_parameters(std::vector<Tensor> head, const nn::Module& module) {
  for (const Tensor& p : module.parameters()) head.push_back(p);
  return head;
}

Tensor randn_leaf(const Shape& shape) {
  return randn(shape, kFloat64).requires_grad_();
}

}  // namespace

TEST_CASE("lstm_cell_gradcheck_for_input_state_and_parameters") {
  manual_seed(21);
  nn::LSTMCell cell(nn::LSTMCellOptions(2, 3).dtype(kFloat64));
  const auto inputs =
      with_parameters({randn_leaf({2, 2}), randn_leaf({2, 3}), randn_leaf({2, 3})}, cell);
  auto run = [&](const std::vector<Tensor>& in) {
    auto [h, c] = cell(in[0], std::make_tuple(in[1], in[2]));
    return std::vector<Tensor>{h, c};
  };
  CHECK(autograd::gradcheck(autograd::MultiTensorFunction(run), inputs));
}

TEST_CASE("rnn_cell_gradcheck_with_tanh_and_with_relu_away_from_zero") {
  for (const nn::RNNNonlinearity nonlinearity : {nn::kTanh, nn::kReLU}) {
    manual_seed(22);
    nn::RNNCell cell(nn::RNNCellOptions(2, 3).nonlinearity(nonlinearity).dtype(kFloat64));
    const auto inputs = with_parameters({randn_leaf({2, 2}), randn_leaf({2, 3})}, cell);
    // relu has a kink at 0: finite differences are only meaningful away from it.
    const Tensor pre = F::linear(inputs[0], cell.weight_ih, cell.bias_ih) +
                       F::linear(inputs[1], cell.weight_hh, cell.bias_hh);
    REQUIRE(pre.abs().min().item<double>() > 1e-3);
    auto run = [&](const std::vector<Tensor>& in) { return cell(in[0], in[1]); };
    CHECK(autograd::gradcheck(autograd::TensorFunction(run), inputs));
  }
}

TEST_CASE("lstm_two_layers_bidirectional_gradcheck") {
  manual_seed(23);
  nn::LSTM lstm(nn::LSTMOptions(2, 2).num_layers(2).bidirectional(true).dtype(kFloat64));
  const auto inputs =
      with_parameters({randn_leaf({3, 2, 2}), randn_leaf({4, 2, 2}), randn_leaf({4, 2, 2})}, lstm);
  auto run = [&](const std::vector<Tensor>& in) {
    auto [out, h_c] = lstm(in[0], std::make_tuple(in[1], in[2]));
    return std::vector<Tensor>{out, std::get<0>(h_c), std::get<1>(h_c)};
  };
  CHECK(autograd::gradcheck(autograd::MultiTensorFunction(run), inputs));
}

TEST_CASE("rnn_two_layers_gradcheck") {
  manual_seed(24);
  nn::RNN module(nn::RNNOptions(2, 3).num_layers(2).dtype(kFloat64));
  const auto inputs = with_parameters({randn_leaf({3, 2, 2}), randn_leaf({2, 2, 3})}, module);
  auto run = [&](const std::vector<Tensor>& in) {
    auto [out, h_n] = module(in[0], in[1]);
    return std::vector<Tensor>{out, h_n};
  };
  CHECK(autograd::gradcheck(autograd::MultiTensorFunction(run), inputs));
}

TEST_CASE("gru_bidirectional_gradcheck") {
  manual_seed(25);
  nn::GRU gru(nn::GRUOptions(2, 2).bidirectional(true).dtype(kFloat64));
  const auto inputs = with_parameters({randn_leaf({3, 2, 2}), randn_leaf({2, 2, 2})}, gru);
  auto run = [&](const std::vector<Tensor>& in) {
    auto [out, h_n] = gru(in[0], in[1]);
    return std::vector<Tensor>{out, h_n};
  };
  CHECK(autograd::gradcheck(autograd::MultiTensorFunction(run), inputs));
}

TEST_CASE("lstm_on_packed_sequence_gradcheck_to_padded_input_and_states") {
  manual_seed(26);
  nn::LSTM lstm(nn::LSTMOptions(2, 2).bidirectional(true).dtype(kFloat64));
  const Tensor lengths = tensor({1, 3, 2});  // unsorted
  const auto inputs =
      with_parameters({randn_leaf({3, 3, 2}), randn_leaf({2, 3, 2}), randn_leaf({2, 3, 2})}, lstm);
  auto run = [&](const std::vector<Tensor>& in) {
    const rnn::PackedSequence packed = rnn::pack_padded_sequence(in[0], lengths, false, false);
    auto [out, h_c] = lstm(packed, std::make_tuple(in[1], in[2]));
    return std::vector<Tensor>{std::get<0>(rnn::pad_packed_sequence(out)), std::get<0>(h_c),
                               std::get<1>(h_c)};
  };
  CHECK(autograd::gradcheck(autograd::MultiTensorFunction(run), inputs));
}

TEST_CASE("pad_packed_sequence_gradcheck_in_the_packed_data") {
  manual_seed(27);
  // lengths [3, 1, 2]: sorted order 0, 2, 1; batch sizes 3, 2, 1.
  auto run = [](const std::vector<Tensor>& in) {
    const rnn::PackedSequence packed(in[0], tensor({3, 2, 1}), tensor({0, 2, 1}));
    return std::get<0>(rnn::pad_packed_sequence(packed, true, 0.5, 4));
  };
  CHECK(autograd::gradcheck(autograd::TensorFunction(run), {randn_leaf({6, 2})}));
}

TEST_CASE("pad_sequence_gradcheck") {
  manual_seed(28);
  auto run = [](const std::vector<Tensor>& in) { return rnn::pad_sequence(in, true, 7.0); };
  CHECK(autograd::gradcheck(autograd::TensorFunction(run),
                            {randn_leaf({2, 2}), randn_leaf({3, 2}), randn_leaf({1, 2})}));
}
