#include "xgrad/framework/detail/strided.hpp"

#include <variant>

namespace xgrad::detail {

std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t stride = 1;
  for (size_t d = sizes.size(); d-- > 0;) {
    strides[d] = stride;
    stride *= sizes[d] > 1 ? sizes[d] : 1;
  }
  return strides;
}

bool is_contiguous_geometry(const ViewGeometry& g) {
  int64_t expected = 1;
  for (size_t d = g.sizes.size(); d-- > 0;) {
    if (g.sizes[d] == 0) return true;
    if (g.sizes[d] == 1) continue;
    if (g.strides[d] != expected) return false;
    expected *= g.sizes[d];
  }
  return true;
}

ViewGeometry geometry_of(const TensorImpl& impl) {
  if (impl.view) return *impl.view;
  ViewGeometry g;
  std::visit([&](const auto& a) { g.sizes.assign(a.shape().begin(), a.shape().end()); },
             impl.storage->array);
  g.strides = contiguous_strides(g.sizes);
  return g;
}

}  // namespace xgrad::detail
