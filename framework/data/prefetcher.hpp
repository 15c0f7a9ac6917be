#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "xgrad/framework/data/batch_source.hpp"

namespace xgrad::data::detail {

// Loads the epoch's batches in order on a thread of its own, at most `capacity` ahead of the
// consumer. A batch that fails to load ends the epoch: next() rethrows its exception. Destroying
// the prefetcher stops the thread after the batch it is loading and joins it.
class Prefetcher : public BatchSource {
 public:
  explicit Prefetcher(EpochPlan plan, size_t capacity = 2);
  ~Prefetcher() override;
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  std::optional<Example> next() override;

 private:
  struct Loaded {
    Example batch;
    std::exception_ptr failure;
  };
  void run();

  EpochPlan plan_;
  size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Loaded> ready_;
  bool finished_ = false;  // the thread pushes nothing more
  bool stopping_ = false;  // the consumer is gone
  std::thread thread_;     // last: starts once the members above exist
};

}  // namespace xgrad::data::detail
