#include "xgrad/framework/data/prefetcher.hpp"

#include <utility>

namespace xgrad::data::detail {

Prefetcher::Prefetcher(EpochPlan plan, size_t capacity)
    : plan_(std::move(plan)), capacity_(capacity), thread_([this] { run(); }) {}

Prefetcher::~Prefetcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Prefetcher::run() {
  for (const std::vector<int64_t>& indices : plan_.batches) {
    Loaded loaded;
    try {
      loaded.batch = load_batch(*plan_.dataset, plan_.collate, indices);
    } catch (...) {
      loaded.failure = std::current_exception();
    }
    const bool failed = loaded.failure != nullptr;
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return stopping_ || ready_.size() < capacity_; });
    if (stopping_) return;
    ready_.push_back(std::move(loaded));
    finished_ = failed;
    lock.unlock();
    changed_.notify_all();
    if (failed) return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
  }
  changed_.notify_all();
}

std::optional<Example> Prefetcher::next() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !ready_.empty() || finished_; });
  if (ready_.empty()) return std::nullopt;
  Loaded loaded = std::move(ready_.front());
  ready_.pop_front();
  lock.unlock();
  changed_.notify_all();
  if (loaded.failure) std::rethrow_exception(loaded.failure);
  return std::move(loaded.batch);
}

}  // namespace xgrad::data::detail
