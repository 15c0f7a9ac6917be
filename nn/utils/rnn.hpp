#pragma once

#include <cstdint>
#include <optional>
#include <tuple>
#include <vector>

#include "xgrad/framework/tensor.hpp"

// Variable-length batches for the recurrent modules, as torch.nn.utils.rnn
// (https://pytorch.org/docs/1.13/nn.html#utilities) and libtorch's torch::nn::utils::rnn.
namespace xgrad::nn::utils::rnn {

// A batch of sequences of different lengths, packed step after step: the rows of data are the
// sequences' elements at step 0 (batch_sizes[0] rows, one per sequence), then at step 1 (the
// batch_sizes[1] sequences at least 2 long), and so on, the sequences ordered longest first.
// sorted_indices maps that order to the caller's batch (undefined when the batch came sorted)
// and unsorted_indices is its inverse. Made by pack_padded_sequence and pack_sequence, taken
// and returned by nn::RNN, nn::GRU and nn::LSTM.
class PackedSequence {
 public:
  // data (sum of batch_sizes, *), batch_sizes a 1-D int64 tensor. unsorted_indices, when
  // undefined, is computed from sorted_indices. Throws std::invalid_argument when batch_sizes is
  // not 1-D int64, not positive and non-increasing, does not sum to data.size(0), or an index
  // tensor is not a permutation of batch_sizes[0] entries.
  explicit PackedSequence(Tensor data, Tensor batch_sizes, Tensor sorted_indices = Tensor(),
                          Tensor unsorted_indices = Tensor());

  const Tensor& data() const { return data_; }
  const Tensor& batch_sizes() const { return batch_sizes_; }
  const Tensor& sorted_indices() const { return sorted_indices_; }
  const Tensor& unsorted_indices() const { return unsorted_indices_; }
  // The batch sizes as numbers.
  std::vector<int64_t> batch_size_list() const;

 private:
  Tensor data_, batch_sizes_, sorted_indices_, unsorted_indices_;
};

// Packs input (T, B, *) ((B, T, *) with batch_first) holding B sequences padded to T steps,
// whose lengths are the 1-D int64 `lengths` (B entries). With enforce_sorted, lengths must be
// in decreasing order; otherwise the batch is sorted here and the PackedSequence remembers the
// permutation. Differentiable in input.
PackedSequence pack_padded_sequence(const Tensor& input, const Tensor& lengths,
                                    bool batch_first = false, bool enforce_sorted = true);

// The inverse of pack_padded_sequence: returns (padded, lengths), padded (T, B, *) ((B, T, *)
// with batch_first) in the caller's batch order, T the longest length or total_length, padding
// filled with padding_value; lengths a 1-D int64 tensor. Differentiable in the data.
std::tuple<Tensor, Tensor> pad_packed_sequence(const PackedSequence& sequence,
                                               bool batch_first = false, double padding_value = 0.0,
                                               std::optional<int64_t> total_length = std::nullopt);

// Stacks sequences (L_i, *) into (max L_i, B, *) ((B, max L_i, *) with batch_first), padding
// the shorter ones with padding_value. Differentiable.
Tensor pad_sequence(const std::vector<Tensor>& sequences, bool batch_first = false,
                    double padding_value = 0.0);

// pack_padded_sequence(pad_sequence(sequences), their lengths, false, enforce_sorted).
PackedSequence pack_sequence(const std::vector<Tensor>& sequences, bool enforce_sorted = true);

}  // namespace xgrad::nn::utils::rnn
