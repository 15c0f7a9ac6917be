#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <utility>

#include "xgrad/framework/data/collate.hpp"
#include "xgrad/framework/data/data_loader_options.hpp"
#include "xgrad/framework/data/dataset.hpp"

namespace xgrad::data {

namespace detail {
class Epoch;
}  // namespace detail

// Batches of a dataset, epoch after epoch, as torch.utils.data.DataLoader:
//
//   DataLoader loader(dataset, DataLoaderOptions(32).shuffle(true).seed(0));
//   for (int epoch = 0; epoch < 10; ++epoch)
//     for (const Example& batch : loader) train_step(batch[0], batch[1]);
//
// Each begin() starts a new epoch (with shuffle, in a new order drawn from the seed and the
// epoch number). Batches are loaded and collated under NoGradGuard: they record no graph.
// With num_workers(1) a background thread loads ahead; an exception thrown by the dataset or the
// collate function then comes out of begin() or ++ as it would without the thread. Leaving a
// loop early, or dropping its iterator, stops and joins that thread.
class DataLoader {
 public:
  // An input iterator over one epoch's batches; copies share the epoch.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Example;
    using difference_type = std::ptrdiff_t;
    using pointer = const Example*;
    using reference = const Example&;

    Iterator() = default;  // the end
    reference operator*() const;
    pointer operator->() const;
    Iterator& operator++();
    bool operator==(const Iterator& other) const;
    bool operator!=(const Iterator& other) const { return !(*this == other); }

   private:
    friend class DataLoader;
    explicit Iterator(std::shared_ptr<detail::Epoch> epoch) : epoch_(std::move(epoch)) {}
    bool at_end() const;
    std::shared_ptr<detail::Epoch> epoch_;
  };

  // Throws std::invalid_argument for a null dataset, a batch_size below 1 (PyTorch's
  // "batch_size should be a positive integer value, but got batch_size=0"), num_workers other
  // than 0 or 1, a sampler with shuffle, or an empty collate function.
  DataLoader(std::shared_ptr<const Dataset> dataset, DataLoaderOptions options,
             Collate collate = default_collate);

  // Batches per epoch: ceil(n / batch_size), or floor with drop_last, where n is the sampler's
  // size or else the dataset's.
  int64_t size() const;
  // Starts the next epoch and loads its first batch.
  Iterator begin();
  Iterator end() const { return Iterator(); }
  // How many epochs begin() has started.
  uint64_t epochs_started() const { return epochs_started_; }

  const std::shared_ptr<const Dataset>& dataset() const { return dataset_; }
  const DataLoaderOptions& options() const { return options_; }

 private:
  std::shared_ptr<const Dataset> dataset_;
  DataLoaderOptions options_;
  Collate collate_;
  uint64_t epochs_started_ = 0;
};

}  // namespace xgrad::data
