#include "xgrad/nn/row_range_worker.hpp"

#include <chrono>
#include <stdexcept>

namespace xgrad::nn::detail {

namespace {

// Polls done() for up to this long; whether it became true.
template <typename Done>
bool poll(Done done) {
  constexpr auto kPollFor = std::chrono::microseconds(200);
  const auto until = std::chrono::steady_clock::now() + kPollFor;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    if (std::chrono::steady_clock::now() >= until) return false;
  }
}

}  // namespace

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
  failed_.store(false);
  in_job_ = true;
}

void RowRangeWorker::submit(int64_t first, int64_t last) {
  bool wake;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ranges_.emplace_back(first, last);
    ++submitted_;
    queued_.store(ranges_.size(), std::memory_order_release);
    wake = worker_asleep_;
  }
  if (wake) ready_.notify_one();
}

template <typename Done>
void RowRangeWorker::wait_until(Done done, std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  poll(done);
  lock.lock();
  caller_asleep_ = true;
  done_.wait(lock, done);
  caller_asleep_ = false;
}

void RowRangeWorker::wait_for(size_t count) {
  std::unique_lock<std::mutex> lock(mutex_);
  const size_t until = job_start_ + count;
  wait_until([&] { return finished_.load(std::memory_order_acquire) >= until || failed_.load(); },
             lock);
  if (error_) std::rethrow_exception(error_);
}

void RowRangeWorker::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  const size_t submitted = submitted_;
  // After a failure the remaining ranges are skipped, but each still counts as finished.
  wait_until([&] { return finished_.load(std::memory_order_acquire) == submitted; }, lock);
  in_job_ = false;
  work_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void RowRangeWorker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (ranges_.empty() && !stopping_) {
      lock.unlock();
      poll([this] { return queued_.load(std::memory_order_acquire) > 0; });
      lock.lock();
      worker_asleep_ = true;
      ready_.wait(lock, [this] { return stopping_ || !ranges_.empty(); });
      worker_asleep_ = false;
    }
    if (ranges_.empty()) return;  // stopping, with nothing left to do
    const std::pair<int64_t, int64_t> range = ranges_.front();
    ranges_.pop_front();
    queued_.store(ranges_.size(), std::memory_order_release);
    if (!error_) {
      lock.unlock();
      std::exception_ptr error;
      try {
        work_(range.first, range.second);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error) {
        error_ = error;
        failed_.store(true);
      }
    }
    finished_.fetch_add(1, std::memory_order_release);  // a range after a failure counts as done
    if (caller_asleep_) done_.notify_all();
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

void run_on_both(const std::function<void(int)>& work) {
  RowRangeJob job([&work](int64_t, int64_t) { work(1); });
  job.submit(0, 0);
  work(0);
  job.finish();
}

}  // namespace xgrad::nn::detail
