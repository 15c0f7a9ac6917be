#pragma once

// A second thread that runs work(first, last) on each range of rows handed to it, in the order
// given, while the caller goes on: the fused recurrent forward has it compute the input
// projection of the steps ahead of the one it is at, the backward hands it the steps it has
// walked, whose weight gradients it computes meanwhile. The caller must not touch what work
// writes until finish() returns; what the caller wrote before submit() is visible to work.
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
  explicit RowRangeWorker(std::function<void(int64_t, int64_t)> work);
  RowRangeWorker(const RowRangeWorker&) = delete;
  RowRangeWorker& operator=(const RowRangeWorker&) = delete;
  // Waits for the thread (finish() unless called); an exception of work is then dropped.
  ~RowRangeWorker();

  void submit(int64_t first, int64_t last);
  // Waits until the first `count` ranges submitted have been worked on; rethrows work's first
  // exception.
  void wait_for(size_t count);
  // Waits until every range submitted has been worked on; rethrows work's first exception.
  void finish();

 private:
  void run();

  std::function<void(int64_t, int64_t)> work_;
  std::mutex mutex_;
  std::condition_variable ready_, done_;
  std::deque<std::pair<int64_t, int64_t>> ranges_;
  size_t finished_ = 0;
  bool closed_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace xgrad::nn::detail
