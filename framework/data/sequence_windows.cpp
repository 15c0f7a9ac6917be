#include "xgrad/framework/data/sequence_windows.hpp"

#include <stdexcept>
#include <utility>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

SequenceWindows::SequenceWindows(Tensor tokens, int64_t length, int64_t stride)
    : tokens_(std::move(tokens)), length_(length), stride_(stride) {
  XGRAD_CHECK(tokens_.defined(), std::invalid_argument,
              "SequenceWindows: expected defined tokens, but got an undefined Tensor");
  XGRAD_CHECK(tokens_.dim() == 1 && tokens_.dtype() == kInt64, std::invalid_argument,
              "SequenceWindows: expected 1-D int64 tokens, but got a ", tokens_.dim(), "-D ",
              tokens_.dtype(), " tensor");
  XGRAD_CHECK(length_ > 0, std::invalid_argument,
              "SequenceWindows: length must be positive, but got ", length_);
  XGRAD_CHECK(stride_ > 0, std::invalid_argument,
              "SequenceWindows: stride must be positive, but got ", stride_);
  XGRAD_CHECK(tokens_.size(0) >= length_ + 1, std::invalid_argument, "SequenceWindows: text of ",
              tokens_.size(0), " tokens is shorter than one window of length ", length_, " + 1");
}

int64_t SequenceWindows::size() const {
  return (tokens_.size(0) - length_ - 1) / stride_ + 1;
}

Example SequenceWindows::get(int64_t index) const {
  check_index(index);
  const int64_t start = index * stride_;
  return {tokens_.narrow(0, start, length_), tokens_.narrow(0, start + 1, length_)};
}

}  // namespace xgrad::data
