#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "xgrad/framework/data/collate.hpp"
#include "xgrad/framework/data/dataset.hpp"

namespace xgrad::data::detail {

// What one epoch loads: the batches' dataset indices, in order.
struct EpochPlan {
  std::shared_ptr<const Dataset> dataset;
  Collate collate;
  std::vector<std::vector<int64_t>> batches;
};

// collate({dataset.get(i) for i in indices}), recording no graph.
Example load_batch(const Dataset& dataset, const Collate& collate,
                   const std::vector<int64_t>& indices);

// The batches of one epoch, one after the other.
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // The next batch, or nullopt after the last; rethrows what loading the batch threw.
  virtual std::optional<Example> next() = 0;
};

// Loads each batch when it is asked for, on the calling thread.
class InlineBatchSource : public BatchSource {
 public:
  explicit InlineBatchSource(EpochPlan plan) : plan_(std::move(plan)) {}
  std::optional<Example> next() override;

 private:
  EpochPlan plan_;
  size_t next_ = 0;
};

}  // namespace xgrad::data::detail
