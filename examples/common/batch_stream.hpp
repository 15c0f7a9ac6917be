#pragma once

// Batches of a DataLoader one after another, epoch after epoch: a training loop counted in
// steps rather than epochs. skip(n) replays n batches without using them, so that a resumed
// run continues with the batch the interrupted one would have taken next.
#include <xgrad/xgrad.hpp>

namespace examples {

class BatchStream {
 public:
  explicit BatchStream(xgrad::data::DataLoader& loader) : loader_(loader) {}

  xgrad::data::Example next() {
    if (!started_ || it_ == loader_.end()) {
      it_ = loader_.begin();
      started_ = true;
    }
    xgrad::data::Example batch = *it_;
    ++it_;
    return batch;
  }

  void skip(int64_t count) {
    for (int64_t i = 0; i < count; ++i) next();
  }

 private:
  xgrad::data::DataLoader& loader_;
  xgrad::data::DataLoader::Iterator it_;
  bool started_ = false;
};

}  // namespace examples
