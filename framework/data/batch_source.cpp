#include "xgrad/framework/data/batch_source.hpp"

#include "xgrad/autograd/grad_mode.hpp"

namespace xgrad::data::detail {

Example load_batch(const Dataset& dataset, const Collate& collate,
                   const std::vector<int64_t>& indices) {
  NoGradGuard no_grad;
  std::vector<Example> examples;
  examples.reserve(indices.size());
  for (int64_t index : indices) examples.push_back(dataset.get(index));
  return collate(examples);
}

std::optional<Example> InlineBatchSource::next() {
  if (next_ == plan_.batches.size()) return std::nullopt;
  return load_batch(*plan_.dataset, plan_.collate, plan_.batches[next_++]);
}

}  // namespace xgrad::data::detail
