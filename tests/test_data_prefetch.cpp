// DataLoader's prefetching thread (num_workers(1)): the same batches as without it, exceptions
// carried to the consumer, and a clean stop when the consumer leaves early. Also built into
// xgrad_thread_tests, which scripts/tsan.sh runs under ThreadSanitizer.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "data_loader_helpers.hpp"

using namespace xgrad;
using data::Example;
using xgrad::testing::epoch_of;

namespace {

// Example i is {i, 10 * i}; counts get() calls and the threads that made them, and throws at
// `failing_index`.
class RecordingDataset : public data::Dataset {
 public:
  explicit RecordingDataset(int64_t size, int64_t failing_index = -1)
      : size_(size), failing_index_(failing_index), values_(arange(size)) {}
  int64_t size() const override { return size_; }
  Example get(int64_t index) const override {
    check_index(index);
    ++gets;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      threads_.insert(std::this_thread::get_id());
    }
    if (index == failing_index_)
      throw std::runtime_error("example " + std::to_string(index) + " is corrupt");
    return {values_[index], values_[index] * 10};
  }
  std::set<std::thread::id> threads() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return threads_;
  }
  mutable std::atomic<int64_t> gets{0};

 private:
  int64_t size_, failing_index_;
  Tensor values_;
  mutable std::mutex mutex_;
  mutable std::set<std::thread::id> threads_;
};

}  // namespace

TEST_CASE("prefetching_loader_yields_the_same_batches_as_the_inline_one") {
  const auto dataset = std::make_shared<RecordingDataset>(23);
  const auto options = data::DataLoaderOptions(4).shuffle(true).seed(11);
  data::DataLoader inline_loader(dataset, options);
  data::DataLoader prefetching(dataset, data::DataLoaderOptions(options).num_workers(1));
  for (int epoch = 0; epoch < 3; ++epoch) {
    const auto expected = epoch_of(inline_loader);
    CHECK(epoch_of(prefetching) == expected);
  }
  for (const Example& batch : prefetching) {
    CHECK(batch[1].to_xarray<int64_t>() == batch[0].to_xarray<int64_t>() * 10);
  }
}

TEST_CASE("prefetching_loader_loads_on_another_thread") {
  const auto dataset = std::make_shared<RecordingDataset>(6);
  data::DataLoader loader(dataset, data::DataLoaderOptions(2).num_workers(1));
  CHECK(epoch_of(loader).size() == 3);
  const auto threads = dataset->threads();
  CHECK(threads.size() == 1);
  CHECK(threads.count(std::this_thread::get_id()) == 0);
}

TEST_CASE("prefetching_loader_rethrows_the_datasets_exception_at_its_batch") {
  const auto dataset = std::make_shared<RecordingDataset>(10, /*failing_index=*/5);
  data::DataLoader loader(dataset, data::DataLoaderOptions(2).num_workers(1));
  std::vector<std::vector<int64_t>> delivered;
  auto loop = [&] {
    for (const Example& batch : loader) {
      const xt::xarray<int64_t> values = batch[0].to_xarray<int64_t>();
      delivered.emplace_back(values.begin(), values.end());
    }
  };
  CHECK_THROWS_WITH_AS(loop(), "example 5 is corrupt", std::runtime_error);
  CHECK(delivered == std::vector<std::vector<int64_t>>{{0, 1}, {2, 3}});
  CHECK(dataset.use_count() == 2);  // the worker let go of it: joined
}

TEST_CASE("prefetching_loader_rethrows_a_collate_exception_from_begin") {
  const auto dataset = std::make_shared<RecordingDataset>(4);
  const data::Collate failing = [](const std::vector<Example>&) -> Example {
    throw std::invalid_argument("cannot collate");
  };
  data::DataLoader loader(dataset, data::DataLoaderOptions(2).num_workers(1), failing);
  CHECK_THROWS_WITH_AS(loader.begin(), "cannot collate", std::invalid_argument);
  data::DataLoader inline_loader(dataset, data::DataLoaderOptions(2), failing);
  CHECK_THROWS_WITH_AS(inline_loader.begin(), "cannot collate", std::invalid_argument);
}

TEST_CASE("breaking_out_of_a_prefetching_loop_stops_and_joins_the_worker") {
  const auto dataset = std::make_shared<RecordingDataset>(1000);
  data::DataLoader loader(dataset, data::DataLoaderOptions(1).num_workers(1));
  for (const Example& batch : loader) {
    CHECK(batch[0].to_xarray<int64_t>()(0) == 0);
    break;
  }
  CHECK(dataset.use_count() == 2);  // ours and the loader's
  const int64_t gets = dataset->gets;
  CHECK(gets < 10);  // a bounded queue: the worker never ran far ahead
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(dataset->gets == gets);
}

TEST_CASE("destroying_a_prefetching_loader_mid_epoch_joins_the_worker") {
  const auto dataset = std::make_shared<RecordingDataset>(1000);
  {
    auto loader =
        std::make_unique<data::DataLoader>(dataset, data::DataLoaderOptions(3).num_workers(1));
    auto it = loader->begin();
    ++it;
    loader.reset();  // the epoch's iterator keeps what it needs
    CHECK((*it)[0].to_xarray<int64_t>() == xt::xarray<int64_t>{3, 4, 5});
  }
  CHECK(dataset.use_count() == 1);
}
