#include <doctest/doctest.h>

#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
namespace rnn_utils = xgrad::nn::utils::rnn;

namespace {

std::vector<int64_t> values(const Tensor& t) {
  const auto a = t.to_xarray<int64_t>();
  return {a.begin(), a.end()};
}

// (T, B, 1) with x[t][b] = 10 * b + t: every element says where it came from.
Tensor positions(int64_t steps, int64_t batch) {
  Tensor x = zeros({steps, batch, 1}, kFloat64);
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t b = 0; b < batch; ++b) x.data<double>()(t, b, 0) = 10.0 * b + t;
  }
  return x;
}

}  // namespace

TEST_CASE("pack_padded_sequence_lays_out_sorted_sequences_step_by_step") {
  const auto packed = rnn_utils::pack_padded_sequence(positions(4, 3), tensor({4, 2, 1}));
  CHECK(values(packed.batch_sizes()) == std::vector<int64_t>{3, 2, 1, 1});
  CHECK(xgrad::testing::allclose(packed.data().squeeze(1),
                                 xt::xarray<double>{0, 10, 20, 1, 11, 2, 3}));
  CHECK_FALSE(packed.sorted_indices().defined());
  CHECK_FALSE(packed.unsorted_indices().defined());
}

TEST_CASE("pack_padded_sequence_sorts_unsorted_lengths_and_remembers_the_permutation") {
  const Tensor x = positions(4, 3).transpose(0, 1);  // batch_first
  const auto packed = rnn_utils::pack_padded_sequence(x, tensor({2, 4, 1}), true, false);
  CHECK(values(packed.sorted_indices()) == std::vector<int64_t>{1, 0, 2});
  CHECK(values(packed.unsorted_indices()) == std::vector<int64_t>{1, 0, 2});
  CHECK(values(packed.batch_sizes()) == std::vector<int64_t>{3, 2, 1, 1});
  CHECK(xgrad::testing::allclose(packed.data().squeeze(1),
                                 xt::xarray<double>{10, 0, 20, 11, 1, 12, 13}));
  auto [padded, lengths] = rnn_utils::pad_packed_sequence(packed, true, -1.0);
  CHECK(values(lengths) == std::vector<int64_t>{2, 4, 1});
  const xt::xarray<double> expected{{0, 1, -1, -1}, {10, 11, 12, 13}, {20, -1, -1, -1}};
  CHECK(xgrad::testing::allclose(padded.squeeze(2), expected));
}

TEST_CASE("pack_sequence_equals_packing_the_padded_sequences") {
  const std::vector<Tensor> sequences{randn({3, 2}), randn({1, 2}), randn({2, 2})};
  const auto packed = rnn_utils::pack_sequence(sequences, false);
  const auto by_padding = rnn_utils::pack_padded_sequence(rnn_utils::pad_sequence(sequences),
                                                          tensor({3, 1, 2}), false, false);
  CHECK(xgrad::testing::allclose(packed.data(), by_padding.data(), 0, 0));
  CHECK(values(packed.batch_sizes()) == values(by_padding.batch_sizes()));
  CHECK(values(packed.sorted_indices()) == std::vector<int64_t>{0, 2, 1});
}

TEST_CASE("pad_sequence_pads_to_the_longest_in_either_layout") {
  const Tensor a = tensor({1.0, 2.0, 3.0}), b = tensor({4.0});
  const Tensor steps_first = rnn_utils::pad_sequence({a, b}, false, 9.0);
  CHECK(steps_first.sizes() == Sizes{3, 2});
  CHECK(xgrad::testing::allclose(steps_first, xt::xarray<double>{{1, 4}, {2, 9}, {3, 9}}));
  CHECK(xgrad::testing::allclose(rnn_utils::pad_sequence({a, b}, true),
                                 xt::xarray<double>{{1, 2, 3}, {4, 0, 0}}));
}

TEST_CASE("pad_packed_sequence_pads_to_total_length") {
  const auto packed = rnn_utils::pack_padded_sequence(positions(2, 2), tensor({2, 1}));
  auto [padded, lengths] = rnn_utils::pad_packed_sequence(packed, false, 0.0, 4);
  CHECK(padded.sizes() == Sizes{4, 2, 1});
  CHECK(xgrad::testing::allclose(padded.squeeze(2),
                                 xt::xarray<double>{{0, 10}, {1, 0}, {0, 0}, {0, 0}}));
  CHECK(values(lengths) == std::vector<int64_t>{2, 1});
}

TEST_CASE("packing_passes_gradients_to_the_real_steps_only") {
  const Tensor x = randn({3, 2, 2}, kFloat64).requires_grad_();
  const auto packed = rnn_utils::pack_padded_sequence(x, tensor({1, 3}), false, false);
  auto [padded, lengths] = rnn_utils::pad_packed_sequence(packed);
  padded.sum().backward();
  const xt::xarray<double> expected{{{1, 1}, {1, 1}}, {{0, 0}, {1, 1}}, {{0, 0}, {1, 1}}};
  CHECK(xgrad::testing::allclose(x.grad(), expected, 0, 0));
}

TEST_CASE("recurrent_modules_on_a_packed_batch_equal_each_sequence_run_alone") {
  manual_seed(3);
  const nn::LSTM lstm(nn::LSTMOptions(2, 3).num_layers(2).bidirectional(true).dtype(kFloat64));
  const nn::GRU gru(nn::GRUOptions(2, 3).bidirectional(true).dtype(kFloat64));
  const nn::RNN rnn(nn::RNNOptions(2, 3).num_layers(2).dtype(kFloat64));
  const std::vector<int64_t> length{2, 4, 1};
  const Tensor x = randn({4, 3, 2}, kFloat64);
  const Tensor h0 = randn({4, 3, 3}, kFloat64), c0 = randn({4, 3, 3}, kFloat64);
  const auto packed = rnn_utils::pack_padded_sequence(x, tensor({2, 4, 1}), false, false);

  auto [lstm_packed, lstm_state] = lstm(packed, std::make_tuple(h0, c0));
  auto [lstm_out, lstm_lengths] = rnn_utils::pad_packed_sequence(lstm_packed);
  auto [gru_packed, gru_h] = gru(packed, h0.narrow(0, 0, 2));
  auto [gru_out, gru_lengths] = rnn_utils::pad_packed_sequence(gru_packed);
  auto [rnn_packed, rnn_h] = rnn(packed);
  auto [rnn_out, rnn_lengths] = rnn_utils::pad_packed_sequence(rnn_packed);
  for (int64_t b = 0; b < 3; ++b) {
    CAPTURE(b);
    const Tensor alone = x.select(1, b).narrow(0, 0, length[static_cast<size_t>(b)]);
    const auto [out, state] = lstm(alone, std::make_tuple(h0.select(1, b), c0.select(1, b)));
    CHECK(xgrad::testing::allclose(lstm_out.select(1, b).narrow(0, 0, alone.size(0)), out, 1e-12,
                                   1e-12));
    CHECK(xgrad::testing::allclose(std::get<0>(lstm_state).select(1, b), std::get<0>(state), 1e-12,
                                   1e-12));
    CHECK(xgrad::testing::allclose(std::get<1>(lstm_state).select(1, b), std::get<1>(state), 1e-12,
                                   1e-12));
    const auto [g_out, g_h] = gru(alone, h0.narrow(0, 0, 2).select(1, b));
    CHECK(xgrad::testing::allclose(gru_out.select(1, b).narrow(0, 0, alone.size(0)), g_out, 1e-12,
                                   1e-12));
    CHECK(xgrad::testing::allclose(gru_h.select(1, b), g_h, 1e-12, 1e-12));
    const auto [r_out, r_h] = rnn(alone);
    CHECK(xgrad::testing::allclose(rnn_out.select(1, b).narrow(0, 0, alone.size(0)), r_out, 1e-12,
                                   1e-12));
    CHECK(xgrad::testing::allclose(rnn_h.select(1, b), r_h, 1e-12, 1e-12));
  }
  CHECK(values(lstm_lengths) == length);
}
