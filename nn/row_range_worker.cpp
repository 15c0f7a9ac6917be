#include "xgrad/nn/row_range_worker.hpp"

namespace xgrad::nn::detail {

RowRangeWorker::RowRangeWorker(std::function<void(int64_t, int64_t)> work)
    : work_(std::move(work)), thread_([this] { run(); }) {}

RowRangeWorker::~RowRangeWorker() {
  try {
    finish();
  } catch (...) {  // the caller is already unwinding or chose not to finish()
  }
}

void RowRangeWorker::submit(int64_t first, int64_t last) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ranges_.emplace_back(first, last);
  }
  ready_.notify_one();
}

void RowRangeWorker::wait_for(size_t count) {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return finished_ >= count || error_; });
  if (error_) std::rethrow_exception(error_);
}

void RowRangeWorker::finish() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_one();
    thread_.join();
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void RowRangeWorker::run() {
  for (;;) {
    std::pair<int64_t, int64_t> range;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return closed_ || !ranges_.empty(); });
      if (ranges_.empty()) return;
      range = ranges_.front();
      ranges_.pop_front();
    }
    std::exception_ptr error;
    try {
      work_(range.first, range.second);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++finished_;
      if (error && !error_) error_ = error;
      if (error_) ranges_.clear();  // after a failure, the remaining ranges are skipped
    }
    done_.notify_all();
  }
}

}  // namespace xgrad::nn::detail
