#include "xgrad/framework/data/data_loader.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include "xgrad/framework/data/batch_plan.hpp"
#include "xgrad/framework/data/batch_source.hpp"
#include "xgrad/framework/data/prefetcher.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

namespace detail {

// One epoch's source and the batch an iterator points at.
class Epoch {
 public:
  explicit Epoch(std::unique_ptr<BatchSource> source) : source_(std::move(source)) { advance(); }
  void advance() {
    current_.reset();
    current_ = source_->next();
  }
  const std::optional<Example>& current() const { return current_; }

 private:
  std::unique_ptr<BatchSource> source_;
  std::optional<Example> current_;
};

}  // namespace detail

DataLoader::DataLoader(std::shared_ptr<const Dataset> dataset, DataLoaderOptions options,
                       Collate collate)
    : dataset_(std::move(dataset)), options_(options), collate_(std::move(collate)) {
  XGRAD_CHECK(dataset_ != nullptr, std::invalid_argument,
              "DataLoader: expected a dataset, but got a null pointer");
  XGRAD_CHECK(
      options_.batch_size() > 0, std::invalid_argument,
      "batch_size should be a positive integer value, but got batch_size=", options_.batch_size());
  XGRAD_CHECK(options_.num_workers() == 0 || options_.num_workers() == 1, std::invalid_argument,
              "DataLoader: num_workers must be 0 (load on the calling thread) or 1 (one "
              "prefetching thread), but got num_workers=",
              options_.num_workers());
  XGRAD_CHECK(!(options_.sampler() && options_.shuffle()), std::invalid_argument,
              "sampler option is mutually exclusive with shuffle");
  XGRAD_CHECK(static_cast<bool>(collate_), std::invalid_argument,
              "DataLoader: expected a collate function, but got an empty std::function");
}

int64_t DataLoader::size() const {
  const int64_t n = options_.sampler() ? options_.sampler()->size() : dataset_->size();
  const int64_t b = options_.batch_size();
  return options_.drop_last() ? n / b : (n + b - 1) / b;
}

DataLoader::Iterator DataLoader::begin() {
  detail::EpochPlan plan{dataset_, collate_,
                         detail::plan_batches(dataset_->size(), options_, epochs_started_++)};
  std::unique_ptr<detail::BatchSource> source;
  if (options_.num_workers() == 1) {
    source = std::make_unique<detail::Prefetcher>(std::move(plan));
  } else {
    source = std::make_unique<detail::InlineBatchSource>(std::move(plan));
  }
  return Iterator(std::make_shared<detail::Epoch>(std::move(source)));
}

bool DataLoader::Iterator::at_end() const {
  return !epoch_ || !epoch_->current().has_value();
}

DataLoader::Iterator::reference DataLoader::Iterator::operator*() const {
  XGRAD_CHECK(!at_end(), std::out_of_range,
              "DataLoader::Iterator: dereferenced past the last batch of the epoch");
  return *epoch_->current();
}

DataLoader::Iterator::pointer DataLoader::Iterator::operator->() const {
  return &**this;
}

DataLoader::Iterator& DataLoader::Iterator::operator++() {
  XGRAD_CHECK(!at_end(), std::out_of_range,
              "DataLoader::Iterator: incremented past the last batch of the epoch");
  epoch_->advance();
  return *this;
}

bool DataLoader::Iterator::operator==(const Iterator& other) const {
  const bool end = at_end(), other_end = other.at_end();
  return end || other_end ? end == other_end : epoch_ == other.epoch_;
}

}  // namespace xgrad::data
