#include "xgrad/nn/row_range_worker.hpp"

#include <stdexcept>

namespace xgrad::nn::detail {

RowRangeWorker& RowRangeWorker::of_this_thread() {
  thread_local RowRangeWorker worker;
  return worker;
}

RowRangeWorker::RowRangeWorker() : thread_([this] { run(); }) {}

RowRangeWorker::~RowRangeWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_one();
  thread_.join();
}

void RowRangeWorker::start(std::function<void(int64_t, int64_t)> work) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (in_job_) throw std::logic_error("RowRangeWorker::start: the previous job is not finished");
  work_ = std::move(work);
  job_start_ = submitted_;
  error_ = nullptr;
  in_job_ = true;
}

void RowRangeWorker::submit(int64_t first, int64_t last) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ranges_.emplace_back(first, last);
    ++submitted_;
  }
  ready_.notify_one();
}

void RowRangeWorker::wait_for(size_t count) {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return finished_ >= job_start_ + count || error_; });
  if (error_) std::rethrow_exception(error_);
}

void RowRangeWorker::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return finished_ == submitted_; });
  in_job_ = false;
  work_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void RowRangeWorker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return stopping_ || !ranges_.empty(); });
    if (ranges_.empty()) return;  // stopping, with nothing left to do
    const std::pair<int64_t, int64_t> range = ranges_.front();
    ranges_.pop_front();
    if (!error_) {
      lock.unlock();
      std::exception_ptr error;
      try {
        work_(range.first, range.second);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error) error_ = error;
    }
    ++finished_;  // a range after a failure counts as done without being worked on
    done_.notify_all();
  }
}

RowRangeJob::RowRangeJob(std::function<void(int64_t, int64_t)> work)
    : worker_(RowRangeWorker::of_this_thread()) {
  worker_.start(std::move(work));
}

RowRangeJob::~RowRangeJob() {
  try {
    finish();
  } catch (...) {
  }
}

void RowRangeJob::finish() {
  if (finished_) return;
  finished_ = true;
  worker_.finish();
}

}  // namespace xgrad::nn::detail
