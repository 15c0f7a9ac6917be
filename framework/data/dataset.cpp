#include "xgrad/framework/data/dataset.hpp"

#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

void Dataset::check_index(int64_t index) const {
  const int64_t n = size();
  XGRAD_CHECK(index >= 0 && index < n, std::out_of_range, "index ", index,
              " is out of range for dataset of size ", n);
}

}  // namespace xgrad::data
