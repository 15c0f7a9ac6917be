#include "xgrad/framework/detail/strided_binary.hpp"

namespace xgrad::detail {

namespace {

// The operand's strides over the dims of `shape`, to which its sizes broadcast: 0 along the
// dims it is repeated in (missing on its left, or of size 1).
Dims broadcast_strides_of(const OperandLayout& g, const std::vector<int64_t>& shape) {
  Dims strides(shape.size(), 0);
  const size_t lead = shape.size() - g.sizes.size();
  for (size_t i = 0; i < g.sizes.size(); ++i)
    if (g.sizes[i] != 1) strides[lead + i] = g.strides[i];
  return strides;
}

}  // namespace

BinaryWalk plan_binary_walk(const std::vector<int64_t>& shape, const OperandLayout& a,
                            const OperandLayout& b) {
  const std::array<Dims, 2> full{broadcast_strides_of(a, shape), broadcast_strides_of(b, shape)};
  BinaryWalk walk;
  walk.offsets = {a.offset, b.offset};
  // From the inner dim outwards: a dim joins the last one kept when each operand's stride along
  // it is the kept dim's stride times its size (or the dim is dropped when of size 1).
  Dims sizes;
  std::array<Dims, 2> strides;
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] == 1) continue;
    const bool joins = !sizes.empty() && full[0][d] == strides[0].back() * sizes.back() &&
                       full[1][d] == strides[1].back() * sizes.back();
    if (joins) {
      sizes.back() *= shape[d];
      continue;
    }
    sizes.push_back(shape[d]);
    strides[0].push_back(full[0][d]);
    strides[1].push_back(full[1][d]);
  }
  if (sizes.empty()) {
    sizes.push_back(1);
    strides = {Dims(1, 0), Dims(1, 0)};
  }
  walk.sizes.assign(sizes.rbegin(), sizes.rend());
  for (size_t k = 0; k < 2; ++k) walk.strides[k].assign(strides[k].rbegin(), strides[k].rend());
  return walk;
}

}  // namespace xgrad::detail
