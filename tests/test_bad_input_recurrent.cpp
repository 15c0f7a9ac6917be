// Bad input: nn/lstm.hpp, nn/lstm_cell.hpp, nn/rnn.hpp, nn/rnn_cell.hpp, the recurrent options
// of nn/gru.hpp, and nn/utils/rnn.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>
#include <tuple>

#include "bad_input_table.hpp"

namespace rnn_utils = xgrad::nn::utils::rnn;

TEST_CASE("lstm_rnn_and_their_cells_refuse_bad_sizes_ranks_and_dtypes") {
  const nn::LSTM lstm(nn::LSTMOptions(3, 4).num_layers(2));
  const nn::LSTM bidirectional(nn::LSTMOptions(3, 4).bidirectional(true));
  const nn::RNN rnn(3, 4);
  const nn::LSTMCell lstm_cell(3, 4);
  const nn::RNNCell rnn_cell(3, 4);
  const auto hc = [](const Tensor& h, const Tensor& c) { return std::make_tuple(h, c); };
  // clang-format off
  check_errors({
      {"LSTM with dropout above 1", [] { nn::LSTM(nn::LSTMOptions(3, 4).dropout(1.5)); },
       Error::InvalidArgument,
       "dropout should be a number in range [0, 1] representing the probability of an element being zeroed"},
      {"GRU with negative dropout", [] { nn::GRU(nn::GRUOptions(3, 4).dropout(-0.1)); },
       Error::InvalidArgument, "dropout should be a number in range [0, 1]"},
      {"RNN with zero layers", [] { nn::RNN(nn::RNNOptions(3, 4).num_layers(0)); },
       Error::InvalidArgument, "num_layers must be greater than or equal to 1, got 0"},
      {"LSTM with negative hidden_size", [] { nn::LSTM(3, -1); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -4: [-4, 3]"},
      {"LSTM of a 4-D input", [&] { lstm(zeros({1, 1, 1, 3})); }, Error::InvalidArgument,
       "LSTM: Expected input to be 2D or 3D, got 4D instead"},
      {"LSTM of input with the wrong input_size", [&] { lstm(zeros({5, 2, 7})); },
       Error::InvalidArgument, "input.size(-1) must be equal to input_size. Expected 3, got 7"},
      {"LSTM of batched input with a 2-D h", [&] { lstm(zeros({5, 2, 3}), hc(zeros({2, 4}), zeros({2, 2, 4}))); },
       Error::InvalidArgument, "For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors"},
      {"LSTM of unbatched input with a 3-D c", [&] { lstm(zeros({5, 3}), hc(zeros({2, 4}), zeros({2, 1, 4}))); },
       Error::InvalidArgument, "For unbatched 2-D input, hx and cx should also be 2-D but got (2-D, 3-D) tensors"},
      {"LSTM with h of the wrong shape", [&] { lstm(zeros({5, 2, 3}), hc(zeros({1, 2, 4}), zeros({2, 2, 4}))); },
       Error::InvalidArgument, "Expected hidden[0] size (2, 2, 4), got [1, 2, 4]"},
      {"LSTM with c of another batch", [&] { lstm(zeros({5, 2, 3}), hc(zeros({2, 2, 4}), zeros({2, 3, 4}))); },
       Error::InvalidArgument, "Expected hidden[1] size (2, 2, 4), got [2, 3, 4]"},
      {"bidirectional LSTM with one direction's h", [&] { bidirectional(zeros({5, 2, 3}), hc(zeros({1, 2, 4}), zeros({1, 2, 4}))); },
       Error::InvalidArgument, "Expected hidden[0] size (2, 2, 4), got [1, 2, 4]"},
      {"LSTM with c of another dtype", [&] { lstm(zeros({5, 2, 3}), hc(zeros({2, 2, 4}), zeros({2, 2, 4}, kFloat64))); },
       Error::InvalidArgument, "LSTM: expected input and hx to have the parameters' dtype (float)"},
      {"LSTM of an undefined c", [&] { lstm(zeros({5, 2, 3}), hc(zeros({2, 2, 4}), Tensor())); },
       Error::LogicError, kUndefined},
      {"LSTM weight of a direction it does not have", [&] { lstm.weight_ih(0, 1); }, Error::OutOfRange,
       "LSTM: direction 1 is out of range for a LSTM of 1 direction"},
      {"RNN of a 1-D input", [&] { rnn(zeros({3})); }, Error::InvalidArgument,
       "RNN: Expected input to be 2D or 3D, got 1D instead"},
      {"RNN with a hidden state of another batch", [&] { rnn(zeros({5, 2, 3}), zeros({1, 3, 4})); },
       Error::InvalidArgument, "Expected hidden size (1, 2, 4), got [1, 3, 4]"},
      {"RNN of unbatched input with the wrong hidden_size", [&] { rnn(zeros({5, 3}), zeros({1, 5})); },
       Error::InvalidArgument, "Expected hidden size (1, 1, 4), got [1, 1, 5]"},
      {"LSTMCell of a 3-D input", [&] { lstm_cell(zeros({1, 2, 3})); }, Error::InvalidArgument,
       "LSTMCell: Expected input to be 1-D or 2-D but received 3-D tensor"},
      {"LSTMCell with c of another batch", [&] { lstm_cell(zeros({2, 3}), hc(zeros({2, 4}), zeros({3, 4}))); },
       Error::InvalidArgument, "Input batch size 2 doesn't match hidden1 batch size 3"},
      {"LSTMCell with h of the wrong hidden_size", [&] { lstm_cell(zeros({2, 3}), hc(zeros({2, 5}), zeros({2, 4}))); },
       Error::InvalidArgument, "hidden0 has inconsistent hidden_size: got 5, expected 4"},
      {"LSTMCell of unbatched input with batched c", [&] { lstm_cell(zeros({3}), hc(zeros({4}), zeros({1, 4}))); },
       Error::InvalidArgument, "LSTMCell: Expected input and hidden to be both batched (2-D) or both unbatched (1-D), got input 1-D and hidden 2-D"},
      {"LSTMCell of input with the wrong input_size", [&] { lstm_cell(zeros({2, 5})); },
       Error::InvalidArgument, "input has inconsistent input_size: got 5 expected 3"},
      {"RNNCell of input of another dtype", [&] { rnn_cell(zeros({2, 3}, kFloat64)); },
       Error::InvalidArgument, "RNNCell: expected input and hidden to have the parameters' dtype (float), got input double"},
      {"rnn_relu_cell with weights of GRU's shape", [] { F::rnn_relu_cell(zeros({2, 3}), Tensor(), zeros({12, 3}), zeros({12, 4})); },
       Error::InvalidArgument, "rnn_relu_cell(): expected weight_ih of shape (hidden_size, input_size) and weight_hh of shape (hidden_size, hidden_size); got [12, 3] and [12, 4]"},
      {"lstm_cell of an undefined weight", [] { F::lstm_cell(zeros({2, 3}), std::nullopt, Tensor(), zeros({16, 4})); },
       Error::LogicError, kUndefined},
  });
  // clang-format on
}

TEST_CASE("packing_functions_refuse_bad_lengths_shapes_and_packed_sequences") {
  const Tensor x = zeros({4, 3, 2});
  const Tensor lengths = tensor({4, 2, 1});
  const nn::LSTM lstm(2, 5);
  const auto packed = rnn_utils::pack_padded_sequence(x, lengths);
  // clang-format off
  check_errors({
      {"lengths not sorted with enforce_sorted", [&] { rnn_utils::pack_padded_sequence(x, tensor({2, 3, 1})); },
       Error::InvalidArgument,
       "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability."},
      {"a zero length", [&] { rnn_utils::pack_padded_sequence(x, tensor({3, 2, 0})); }, Error::InvalidArgument,
       "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"},
      {"a zero length, unsorted", [&] { rnn_utils::pack_padded_sequence(x, tensor({0, 2, 3}), false, false); },
       Error::InvalidArgument, "Length of all samples has to be greater than 0"},
      {"a length longer than the input", [&] { rnn_utils::pack_padded_sequence(x, tensor({5, 2, 1})); },
       Error::InvalidArgument, "pack_padded_sequence(): expected every length to be at most the input's 4 steps, but got a length of 5"},
      {"fewer lengths than sequences", [&] { rnn_utils::pack_padded_sequence(x, tensor({3, 2})); },
       Error::InvalidArgument, "Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)"},
      {"floating lengths", [&] { rnn_utils::pack_padded_sequence(x, tensor({3.0, 2.0, 1.0})); },
       Error::InvalidArgument, "'lengths' argument should be a 1D CPU int64 tensor, but got 1D cpu Float tensor"},
      {"2-D lengths", [&] { rnn_utils::pack_padded_sequence(x, tensor({{3, 2, 1}})); },
       Error::InvalidArgument, "'lengths' argument should be a 1D CPU int64 tensor, but got 2D cpu Long tensor"},
      {"a 1-D input", [&] { rnn_utils::pack_padded_sequence(zeros({4}), tensor({4})); },
       Error::InvalidArgument, "pack_padded_sequence(): expected input of at least 2 dimensions (T, B, *), got 1-D"},
      {"an undefined input", [&] { rnn_utils::pack_padded_sequence(Tensor(), lengths); }, Error::LogicError, kUndefined},
      {"total_length shorter than the longest sequence", [&] { rnn_utils::pad_packed_sequence(packed, false, 0.0, 3); },
       Error::InvalidArgument,
       "Expected total_length to be at least the length of the longest sequence in input, but got total_length=3 and max sequence length being 4"},
      {"pad_sequence of no sequences", [] { rnn_utils::pad_sequence({}); }, Error::InvalidArgument,
       "received an empty list of sequences"},
      {"pad_sequence of sequences of other trailing sizes", [] { rnn_utils::pad_sequence({zeros({2, 3}), zeros({2, 4})}); },
       Error::InvalidArgument, "pad_sequence(): expected every sequence to have the trailing dimensions of sequence 0, [2, 3], but sequence 1 has shape [2, 4]"},
      {"pad_sequence of a 0-dim sequence", [] { rnn_utils::pad_sequence({zeros({2}), tensor(1.0)}); },
       Error::InvalidArgument, "pad_sequence(): expected every sequence to have at least 1 dimension, but sequence 1 is 0-D"},
      {"pack_sequence of unsorted sequences", [] { rnn_utils::pack_sequence({zeros({2, 3}), zeros({3, 3})}); },
       Error::InvalidArgument, "`lengths` array must be sorted in decreasing order"},
      {"PackedSequence with increasing batch sizes", [] { rnn_utils::PackedSequence(zeros({3, 2}), tensor({1, 2})); },
       Error::InvalidArgument, "PackedSequence: expected batch_sizes to be positive and non-increasing, got"},
      {"PackedSequence with batch sizes that miss rows", [] { rnn_utils::PackedSequence(zeros({4, 2}), tensor({2, 1})); },
       Error::InvalidArgument, "PackedSequence: expected data of 3 rows (the sum of batch_sizes), got shape [4, 2]"},
      {"PackedSequence with floating batch sizes", [] { rnn_utils::PackedSequence(zeros({3, 2}), tensor({2.0, 1.0})); },
       Error::InvalidArgument, "PackedSequence: expected batch_sizes to be a non-empty 1-D int64 tensor, got a 1-D float tensor of shape [2]"},
      {"PackedSequence with sorted_indices that are no permutation", [] { rnn_utils::PackedSequence(zeros({3, 2}), tensor({2, 1}), tensor({0, 0})); },
       Error::InvalidArgument, "PackedSequence: expected sorted_indices to be a permutation of 0, ..., 1"},
      {"PackedSequence with unsorted_indices that do not invert sorted_indices",
       [] { rnn_utils::PackedSequence(zeros({3, 2}), tensor({2, 1}), tensor({1, 0}), tensor({0, 1})); },
       Error::InvalidArgument, "PackedSequence: expected unsorted_indices to be the inverse of sorted_indices"},
      {"LSTM of packed data of the wrong input_size",
       [&] { lstm(rnn_utils::pack_padded_sequence(zeros({4, 3, 7}), lengths)); },
       Error::InvalidArgument, "input.size(-1) must be equal to input_size. Expected 2, got 7"},
      {"LSTM of a packed batch with h of the padded batch's size",
       [&] { lstm(packed, std::make_tuple(zeros({1, 2, 5}), zeros({1, 3, 5}))); }, Error::InvalidArgument,
       "Expected hidden[0] size (1, 3, 5), got [1, 2, 5]"},
      {"LSTM of packed 3-D data",
       [&] { lstm(rnn_utils::PackedSequence(zeros({7, 1, 2}), packed.batch_sizes())); }, Error::InvalidArgument,
       "input must have 2 dimensions, got 3"},
      {"split_with_sizes of sizes that do not add up", [] { split_with_sizes(zeros({5, 2}), {2, 2}); },
       Error::InvalidArgument, "split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0), but got split_sizes=[2, 2]"},
      {"split_with_sizes of a negative size", [] { split_with_sizes(zeros({5, 2}), {6, -1}); },
       Error::InvalidArgument, "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[6, -1]"},
  });
  // clang-format on
}
