#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace xgrad {

// A tensor's sizes. Prints as PyTorch does: [3, 20].
class Sizes {
 public:
  Sizes() = default;
  Sizes(std::vector<int64_t> dims) : dims_(std::move(dims)) {}  // NOLINT(google-explicit-constructor)
  Sizes(std::initializer_list<int64_t> dims) : dims_(dims) {}

  int64_t operator[](size_t i) const { return dims_[i]; }
  size_t size() const { return dims_.size(); }
  bool empty() const { return dims_.empty(); }
  auto begin() const { return dims_.begin(); }
  auto end() const { return dims_.end(); }
  const std::vector<int64_t>& vec() const { return dims_; }
  operator const std::vector<int64_t>&() const { return dims_; }  // NOLINT

  friend bool operator==(const Sizes& a, const Sizes& b) { return a.dims_ == b.dims_; }
  friend bool operator!=(const Sizes& a, const Sizes& b) { return a.dims_ != b.dims_; }

 private:
  std::vector<int64_t> dims_;
};

std::ostream& operator<<(std::ostream& os, const Sizes& sizes);
std::string to_string(const Sizes& sizes);

// The product of non-negative sizes, or nullopt when the product of the nonzero ones overflows
// int64_t (strides are such products, so they must fit even when a zero size empties a tensor).
std::optional<int64_t> checked_product(const std::vector<int64_t>& sizes);

// The number of elements of a tensor of `shape` (of non-negative sizes). Throws PyTorch's
// "Storage size calculation overflowed" when it does not fit in int64_t.
int64_t numel_of(const std::vector<int64_t>& shape);

// Wraps a possibly negative dim into [0, rank); throws PyTorch's "Dimension out of range".
int64_t wrap_dim(int64_t dim, int64_t rank);

// NumPy/PyTorch broadcasting of two shapes; throws naming the mismatching sizes.
std::vector<int64_t> broadcast_shapes(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// Refuses the sizes of a new tensor: a negative size (PyTorch's "Trying to create tensor with
// negative dimension") or an element count that overflows int64_t.
void check_new_tensor_sizes(const std::vector<int64_t>& shape);

}  // namespace xgrad
