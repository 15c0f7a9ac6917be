#pragma once

// A second thread that runs work(first, last) on each range of rows handed to it, in the order
// given, while the caller goes on: the fused recurrent forward has it compute the input
// projection of the steps ahead of the one it is at, the backward hands it the steps it has
// walked, whose weight gradients it computes meanwhile; or it walks half of the batch
// (run_on_both). Each calling thread has one such thread, started on first use and kept for its
// life (starting one per pass cost ~50 us and the first range's wait). What the caller wrote
// before submit() is visible to work; the caller must not touch what work writes until finish()
// returns.
//
// Either side polls for a while before it sleeps on a condition variable, as OpenMP runtimes do
// (OMP_WAIT_POLICY): waking a sleeping thread took ~40 us on the virtual machines of
// benchmarks/RESULTS.md, as long as a tenth of a small layer's pass.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace xgrad::nn::detail {

class RowRangeWorker {
 public:
  // The worker of the calling thread.
  static RowRangeWorker& of_this_thread();
  RowRangeWorker(const RowRangeWorker&) = delete;
  RowRangeWorker& operator=(const RowRangeWorker&) = delete;
  ~RowRangeWorker();  // stops the thread once its ranges are done

  // Begins a job: work runs on each range submitted until finish(). One job at a time.
  void start(std::function<void(int64_t, int64_t)> work);
  void submit(int64_t first, int64_t last);
  // Waits until the job's first `count` ranges have been worked on; rethrows work's exception.
  void wait_for(size_t count);
  // Waits until every range of the job has been worked on and ends the job; rethrows work's
  // first exception (the job's remaining ranges are then skipped).
  void finish();

 private:
  RowRangeWorker();
  void run();
  // Waits, polling first, until done(); lock holds mutex_ before and after.
  template <typename Done>
  void wait_until(Done done, std::unique_lock<std::mutex>& lock);

  std::function<void(int64_t, int64_t)> work_;
  std::mutex mutex_;
  std::condition_variable ready_, done_;
  std::deque<std::pair<int64_t, int64_t>> ranges_;
  size_t submitted_ = 0, job_start_ = 0;
  bool in_job_ = false, stopping_ = false;
  bool worker_asleep_ = false, caller_asleep_ = false;  // on ready_, on done_
  // What either side polls before it sleeps; written under mutex_ like the rest.
  std::atomic<size_t> queued_{0}, finished_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
  std::thread thread_;
};

// A job on the calling thread's worker that is finished however the scope is left.
class RowRangeJob {
 public:
  explicit RowRangeJob(std::function<void(int64_t, int64_t)> work);
  RowRangeJob(const RowRangeJob&) = delete;
  RowRangeJob& operator=(const RowRangeJob&) = delete;
  ~RowRangeJob();  // finish(), an exception dropped (the caller is unwinding or did not ask)

  void submit(int64_t first, int64_t last) { worker_.submit(first, last); }
  void wait_for(size_t count) { worker_.wait_for(count); }
  void finish();

 private:
  RowRangeWorker& worker_;
  bool finished_ = false;
};

// Runs work(0) on the calling thread and work(1) on its worker at the same time; returns when
// both are done, rethrowing the calling thread's exception, else the worker's.
void run_on_both(const std::function<void(int)>& work);

}  // namespace xgrad::nn::detail
