#pragma once

#include <functional>
#include <vector>

#include "xgrad/framework/data/dataset.hpp"

namespace xgrad::data {

// Turns the examples of one batch into the batch, as DataLoader's collate_fn.
using Collate = std::function<Example(const std::vector<Example>&)>;

// Stacks each field across the examples along a new dim 0, as
// torch.utils.data.default_collate: B examples {x [3], y []} give {x [B, 3], y [B]}. Throws
// std::invalid_argument for an empty batch, examples with different numbers of fields, or a
// field whose shape or dtype differs between examples (naming the field and both shapes).
Example default_collate(const std::vector<Example>& examples);

// For examples {sequence [L_i, *], other fields...} whose sequences differ in length: returns
// {padded [B, max L_i, *] (batch first, padded with padding_value), lengths (int64 [B]), the
// other fields stacked as default_collate does}, ready for
// nn::utils::rnn::pack_padded_sequence(padded, lengths, /*batch_first=*/true,
// /*enforce_sorted=*/false).
Collate pad_collate(double padding_value = 0.0);

}  // namespace xgrad::data
