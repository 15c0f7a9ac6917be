#pragma once

#include <cstdint>
#include <vector>

// A dim of a row-major array seen as lanes: element (outer, i, inner) of `outer` blocks of `n`
// values `inner` apart sits at (outer * n + i) * inner + inner_index. A 0-dim array is one lane
// of one value.
namespace xgrad::detail {

struct Lanes {
  int64_t outer = 1, n = 1, inner = 1;
};

inline Lanes lanes_of(const std::vector<int64_t>& sizes, int64_t dim) {
  Lanes lanes;
  if (sizes.empty()) return lanes;
  for (int64_t d = 0; d < dim; ++d) lanes.outer *= sizes[d];
  lanes.n = sizes[dim];
  for (size_t d = dim + 1; d < sizes.size(); ++d) lanes.inner *= sizes[d];
  return lanes;
}

}  // namespace xgrad::detail
