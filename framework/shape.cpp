#include "xgrad/framework/shape.hpp"

#include <limits>
#include <sstream>
#include <stdexcept>

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
  if (!numel) {
    throw std::invalid_argument("Storage size calculation overflowed with sizes=" +
                                to_string(shape));
  }
  return *numel;
}

int64_t wrap_dim(int64_t dim, int64_t rank) {
  const int64_t r = rank == 0 ? 1 : rank;  // a scalar accepts dim 0 and -1, as in PyTorch
  if (dim < -r || dim >= r) {
    throw std::out_of_range("Dimension out of range (expected to be in range of [" +
                            std::to_string(-r) + ", " + std::to_string(r - 1) + "], but got " +
                            std::to_string(dim) + ")");
  }
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
    if (da != db && da != 1 && db != 1) {
      throw std::invalid_argument("The size of tensor a (" + std::to_string(da) +
                                  ") must match the size of tensor b (" + std::to_string(db) +
                                  ") at non-singleton dimension " + std::to_string(i) +
                                  " (shapes " + to_string(a) + " and " + to_string(b) + ")");
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

void check_new_tensor_sizes(const std::vector<int64_t>& shape) {
  for (int64_t d : shape) {
    if (d < 0) {
      throw std::invalid_argument("Trying to create tensor with negative dimension " +
                                  std::to_string(d) + ": " + to_string(shape));
    }
  }
  numel_of(shape);
}

}  // namespace xgrad
