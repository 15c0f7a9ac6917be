#include "xgrad/nn/utils/rnn.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <xtensor/xadapt.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/indexing.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"

namespace xgrad::nn::utils::rnn {

namespace {

Tensor int64_tensor(const std::vector<int64_t>& values) {
  return tensor(xt::xarray<int64_t>(xt::adapt(values, {values.size()})));
}

std::vector<int64_t> int64_values(const Tensor& t) {
  const xt::xarray<int64_t> values = t.to_xarray<int64_t>();
  return std::vector<int64_t>(values.begin(), values.end());
}

// Checks that `indices` is a 1-D int64 permutation of 0, ..., n - 1.
void check_permutation(const Tensor& indices, const char* name, int64_t n) {
  XGRAD_CHECK(indices.dim() == 1 && indices.dtype() == kInt64 && indices.size(0) == n,
              std::invalid_argument, "PackedSequence: expected ", name,
              " to be a 1-D int64 tensor of ", n, " entries (batch_sizes[0]), got a ",
              indices.dim(), "-D ", dtype_name(indices.dtype()), " tensor of shape ",
              indices.sizes());
  std::vector<int64_t> values = int64_values(indices);
  std::sort(values.begin(), values.end());
  bool permutation = true;
  for (int64_t i = 0; i < n; ++i) permutation = permutation && values[static_cast<size_t>(i)] == i;
  XGRAD_CHECK(permutation, std::invalid_argument, "PackedSequence: expected ", name,
              " to be a permutation of 0, ..., ", n - 1, ", got ", indices);
}

Tensor inverse_permutation(const Tensor& permutation) {
  const std::vector<int64_t> forward = int64_values(permutation);
  std::vector<int64_t> inverse(forward.size());
  for (size_t i = 0; i < forward.size(); ++i)
    inverse[static_cast<size_t>(forward[i])] = static_cast<int64_t>(i);
  return int64_tensor(inverse);
}

}  // namespace

PackedSequence::PackedSequence(Tensor data, Tensor batch_sizes, Tensor sorted_indices,
                               Tensor unsorted_indices)
    : data_(std::move(data)),
      batch_sizes_(std::move(batch_sizes)),
      sorted_indices_(std::move(sorted_indices)),
      unsorted_indices_(std::move(unsorted_indices)) {
  xgrad::detail::check_defined(data_, "PackedSequence");
  xgrad::detail::check_defined(batch_sizes_, "PackedSequence");
  XGRAD_CHECK(batch_sizes_.dim() == 1 && batch_sizes_.dtype() == kInt64 && batch_sizes_.numel() > 0,
              std::invalid_argument,
              "PackedSequence: expected batch_sizes to be a non-empty 1-D int64 tensor, got a ",
              batch_sizes_.dim(), "-D ", dtype_name(batch_sizes_.dtype()), " tensor of shape ",
              batch_sizes_.sizes());
  const std::vector<int64_t> sizes = batch_size_list();
  bool non_increasing = sizes.back() > 0;
  for (size_t t = 1; t < sizes.size(); ++t)
    non_increasing = non_increasing && sizes[t] <= sizes[t - 1];
  XGRAD_CHECK(non_increasing, std::invalid_argument,
              "PackedSequence: expected batch_sizes to be positive and non-increasing, got ",
              batch_sizes_);
  const int64_t rows = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
  XGRAD_CHECK(data_.dim() >= 1 && data_.size(0) == rows, std::invalid_argument,
              "PackedSequence: expected data of ", rows,
              " rows (the sum of batch_sizes), got shape ", data_.sizes());
  if (!sorted_indices_.defined() && !unsorted_indices_.defined()) return;
  XGRAD_CHECK(sorted_indices_.defined(), std::invalid_argument,
              "PackedSequence: unsorted_indices given without sorted_indices");
  check_permutation(sorted_indices_, "sorted_indices", sizes[0]);
  if (!unsorted_indices_.defined()) {
    unsorted_indices_ = inverse_permutation(sorted_indices_);
    return;
  }
  check_permutation(unsorted_indices_, "unsorted_indices", sizes[0]);
  XGRAD_CHECK(int64_values(unsorted_indices_) == int64_values(inverse_permutation(sorted_indices_)),
              std::invalid_argument,
              "PackedSequence: expected unsorted_indices to be the inverse of sorted_indices");
}

std::vector<int64_t> PackedSequence::batch_size_list() const {
  return int64_values(batch_sizes_);
}

PackedSequence pack_padded_sequence(const Tensor& input, const Tensor& lengths, bool batch_first,
                                    bool enforce_sorted) {
  xgrad::detail::check_defined(input, "pack_padded_sequence");
  xgrad::detail::check_defined(lengths, "pack_padded_sequence");
  XGRAD_CHECK(input.dim() >= 2, std::invalid_argument,
              "pack_padded_sequence(): expected input of at least 2 dimensions (",
              batch_first ? "B, T" : "T, B", ", *), got ", input.dim(), "-D");
  XGRAD_CHECK(lengths.dim() == 1 && lengths.dtype() == kInt64, std::invalid_argument,
              "'lengths' argument should be a 1D CPU int64 tensor, but got ", lengths.dim(),
              "D cpu ", xgrad::detail::scalar_type_title(lengths.dtype()), " tensor");
  Tensor x = batch_first ? input.transpose(0, 1) : input;
  const int64_t steps = x.size(0), batch = x.size(1);
  std::vector<int64_t> length = int64_values(lengths);
  XGRAD_CHECK(static_cast<int64_t>(length.size()) == batch, std::invalid_argument,
              "Expected `len(lengths)` to be equal to batch_size, but got ", length.size(),
              " (batch_size=", batch, ")");
  XGRAD_CHECK(batch > 0, std::invalid_argument,
              "pack_padded_sequence(): expected a batch of at least one sequence, got 0");
  Tensor sorted_indices;
  if (!enforce_sorted) {
    std::vector<int64_t> order(length.size());
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return length[static_cast<size_t>(a)] > length[static_cast<size_t>(b)];
    });
    std::vector<int64_t> sorted;
    for (int64_t i : order) sorted.push_back(length[static_cast<size_t>(i)]);
    length = std::move(sorted);
    sorted_indices = int64_tensor(order);
    x = index_select(x, 1, sorted_indices);
  }
  XGRAD_CHECK(length.back() > 0, std::invalid_argument,
              "Length of all samples has to be greater than 0, but found an element in 'lengths' "
              "that is <= 0");
  XGRAD_CHECK(std::is_sorted(length.rbegin(), length.rend()), std::invalid_argument,
              "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
              "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
              "to sidestep this requirement if you do not need ONNX exportability.");
  XGRAD_CHECK(length.front() <= steps, std::invalid_argument,
              "pack_padded_sequence(): expected every length to be at most the input's ", steps,
              " steps, but got a length of ", length.front());
  std::vector<int64_t> batch_sizes;
  std::vector<Tensor> rows;
  for (int64_t t = 0; t < length.front(); ++t) {
    const auto active =
        std::count_if(length.begin(), length.end(), [t](int64_t l) { return l > t; });
    batch_sizes.push_back(active);
    const Tensor step = x.select(0, t);
    rows.push_back(active == batch ? step : step.narrow(0, 0, active));
  }
  return PackedSequence(cat(rows, 0), int64_tensor(batch_sizes), sorted_indices);
}

std::tuple<Tensor, Tensor> pad_packed_sequence(const PackedSequence& sequence, bool batch_first,
                                               double padding_value,
                                               std::optional<int64_t> total_length) {
  const std::vector<int64_t> batch_sizes = sequence.batch_size_list();
  const int64_t longest = static_cast<int64_t>(batch_sizes.size());
  XGRAD_CHECK(!total_length || *total_length >= longest, std::invalid_argument,
              "Expected total_length to be at least the length of the longest sequence in input, "
              "but got total_length=",
              total_length.value_or(0), " and max sequence length being ", longest);
  const Tensor& data = sequence.data();
  const int64_t batch = batch_sizes[0];
  std::vector<int64_t> row_shape = data.sizes().vec();
  const TensorOptions options(data.dtype());
  std::vector<Tensor> steps;
  const std::vector<Tensor> pieces = split_with_sizes(data, batch_sizes, 0);
  for (size_t t = 0; t < pieces.size(); ++t) {
    if (batch_sizes[t] == batch) {
      steps.push_back(pieces[t]);
      continue;
    }
    row_shape[0] = batch - batch_sizes[t];
    steps.push_back(cat({pieces[t], full(row_shape, padding_value, options)}, 0));
  }
  row_shape[0] = batch;
  for (int64_t t = longest; t < total_length.value_or(longest); ++t) {
    steps.push_back(full(row_shape, padding_value, options));
  }
  Tensor padded = stack(steps, 0);
  std::vector<int64_t> lengths(static_cast<size_t>(batch));
  for (int64_t b = 0; b < batch; ++b) {
    lengths[static_cast<size_t>(b)] =
        std::count_if(batch_sizes.begin(), batch_sizes.end(), [b](int64_t s) { return s > b; });
  }
  if (sequence.unsorted_indices().defined()) {
    padded = index_select(padded, 1, sequence.unsorted_indices());
    std::vector<int64_t> unsorted_lengths;
    for (int64_t i : int64_values(sequence.unsorted_indices()))
      unsorted_lengths.push_back(lengths[static_cast<size_t>(i)]);
    lengths = std::move(unsorted_lengths);
  }
  return {batch_first ? padded.transpose(0, 1) : padded, int64_tensor(lengths)};
}

Tensor pad_sequence(const std::vector<Tensor>& sequences, bool batch_first, double padding_value) {
  XGRAD_CHECK(!sequences.empty(), std::invalid_argument, "received an empty list of sequences");
  for (const Tensor& s : sequences) xgrad::detail::check_defined(s, "pad_sequence");
  const Tensor& first = sequences[0];
  int64_t longest = 0;
  for (size_t i = 0; i < sequences.size(); ++i) {
    const Tensor& s = sequences[i];
    XGRAD_CHECK(s.dim() >= 1, std::invalid_argument,
                "pad_sequence(): expected every sequence to have at least 1 dimension, but "
                "sequence ",
                i, " is 0-D");
    const std::vector<int64_t> sizes = s.sizes().vec(), first_sizes = first.sizes().vec();
    const bool same_trailing = sizes.size() == first_sizes.size() &&
                               std::equal(sizes.begin() + 1, sizes.end(), first_sizes.begin() + 1);
    XGRAD_CHECK(same_trailing, std::invalid_argument,
                "pad_sequence(): expected every sequence to have the trailing dimensions of "
                "sequence 0, ",
                first.sizes(), ", but sequence ", i, " has shape ", s.sizes());
    longest = std::max(longest, s.size(0));
  }
  std::vector<int64_t> pad_shape = first.sizes().vec();
  std::vector<Tensor> padded;
  for (const Tensor& s : sequences) {
    const Tensor same_dtype = s.to(first.dtype());
    pad_shape[0] = longest - s.size(0);
    padded.push_back(
        pad_shape[0] == 0
            ? same_dtype
            : cat({same_dtype, full(pad_shape, padding_value, TensorOptions(first.dtype()))}, 0));
  }
  return stack(padded, batch_first ? 0 : 1);
}

PackedSequence pack_sequence(const std::vector<Tensor>& sequences, bool enforce_sorted) {
  const Tensor padded = pad_sequence(sequences);
  std::vector<int64_t> lengths;
  for (const Tensor& s : sequences) lengths.push_back(s.size(0));
  return pack_padded_sequence(padded, int64_tensor(lengths), false, enforce_sorted);
}

}  // namespace xgrad::nn::utils::rnn
