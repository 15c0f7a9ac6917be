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
  Sizes(std::vector<int64_t> dims)
      : dims_(std::move(dims)) {}  // NOLINT(google-explicit-constructor)
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

// The dims a reduction takes, as libtorch's IntArrayRef: one dim (`x.sum(1)`), a braced list
// (`x.sum({0, 1})`, `x.sum({})`) or a vector. It refers to the caller's values rather than
// copying them, so it is for parameters only: never store one.
class Dims {
 public:
  Dims() = default;
  Dims(int64_t dim) : one_(dim), size_(1) {}  // NOLINT
  Dims(const std::initializer_list<int64_t>& dims)
      : data_(std::begin(dims)), size_(dims.size()) {}                                // NOLINT
  Dims(const std::vector<int64_t>& dims) : data_(dims.data()), size_(dims.size()) {}  // NOLINT

  const int64_t* begin() const { return data_ != nullptr ? data_ : &one_; }
  const int64_t* end() const { return begin() + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::vector<int64_t> vec() const { return {begin(), end()}; }

 private:
  const int64_t* data_ = nullptr;  // null: the one dim held in one_, or none
  int64_t one_ = 0;
  size_t size_ = 0;
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
