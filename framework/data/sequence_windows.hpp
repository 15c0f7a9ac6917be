#pragma once

#include <cstdint>

#include "xgrad/framework/data/dataset.hpp"

namespace xgrad::data {

// Next-token training windows over a 1-D int64 token sequence: example i is {input =
// tokens[s : s + length], target = tokens[s + 1 : s + length + 1]} for s = i * stride, as many
// windows as fit whole.
class SequenceWindows : public Dataset {
 public:
  // Throws std::invalid_argument unless tokens is a 1-D int64 tensor, length and stride are
  // positive, and tokens hold at least one window (length + 1 tokens).
  SequenceWindows(Tensor tokens, int64_t length, int64_t stride);

  int64_t size() const override;
  Example get(int64_t index) const override;
  const Tensor& tokens() const { return tokens_; }
  int64_t length() const { return length_; }
  int64_t stride() const { return stride_; }

 private:
  Tensor tokens_;
  int64_t length_, stride_;
};

}  // namespace xgrad::data
