#include "xgrad/framework/shape.hpp"

#include <limits>
#include <sstream>
#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad {

std::ostream& operator<<(std::ostream& os, const Sizes& sizes) {
  os << '[';
  for (size_t i = 0; i < sizes.size(); ++i) os << (i ? ", " : "") << sizes[i];
  return os << ']';
}

std::string to_string(const Sizes& sizes) {
  std::ostringstream os;
  os << sizes;
  return os.str();
}

std::optional<int64_t> checked_product(const std::vector<int64_t>& sizes) {
  int64_t nonzero_product = 1;
  bool has_zero = false;
  for (int64_t d : sizes) {
    if (d == 0) {
      has_zero = true;
    } else if (d > std::numeric_limits<int64_t>::max() / nonzero_product) {
      return std::nullopt;
    } else {
      nonzero_product *= d;
    }
  }
  return has_zero ? 0 : nonzero_product;
}

int64_t numel_of(const std::vector<int64_t>& shape) {
  const std::optional<int64_t> numel = checked_product(shape);
  XGRAD_CHECK(numel, std::invalid_argument,
              "Storage size calculation overflowed with sizes=", shape);
  return *numel;
}

int64_t wrap_dim(int64_t dim, int64_t rank) {
  const int64_t r = rank == 0 ? 1 : rank;  // a scalar accepts dim 0 and -1, as in PyTorch
  XGRAD_CHECK(dim >= -r && dim < r, std::out_of_range,
              "Dimension out of range (expected to be in range of [", -r, ", ", r - 1,
              "], but got ", dim, ")");
  return dim < 0 ? dim + r : dim;
}

std::vector<int64_t> broadcast_shapes(const std::vector<int64_t>& a,
                                      const std::vector<int64_t>& b) {
  const size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank);
  // From the last dim backwards, so that the first mismatch reported is PyTorch's.
  for (size_t i = rank; i-- > 0;) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    XGRAD_CHECK(da == db || da == 1 || db == 1, std::invalid_argument, "The size of tensor a (", da,
                ") must match the size of tensor b (", db, ") at non-singleton dimension ", i,
                " (shapes ", a, " and ", b, ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

void check_new_tensor_sizes(const std::vector<int64_t>& shape) {
  for (int64_t d : shape) {
    XGRAD_CHECK(d >= 0, std::invalid_argument, "Trying to create tensor with negative dimension ",
                d, ": ", shape);
  }
  numel_of(shape);
}

}  // namespace xgrad
