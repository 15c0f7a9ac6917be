#pragma once

// The elements of a view within its storage's buffer: geometry, gathering them into a
// contiguous array, and writing such an array back (framework/tensor_impl.hpp's ViewGeometry).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>

#include "xgrad/framework/tensor_impl.hpp"

namespace xgrad::detail {

// Row-major strides of `sizes`.
std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& sizes);

// True when the elements follow each other in row-major order (dims of size 1 aside), as
// PyTorch's is_contiguous.
bool is_contiguous_geometry(const ViewGeometry& geometry);

// The geometry of any tensor: a view's own, or the whole stored array's.
ViewGeometry geometry_of(const TensorImpl& impl);

// Calls row(k, position) for each innermost row of the view (k the row-major index of its first
// element, position that element's place in the buffer; the row then steps by the last stride).
template <typename F>
void for_each_row(const ViewGeometry& g, F&& row) {
  const size_t rank = g.sizes.size();
  int64_t count = 1;
  for (int64_t s : g.sizes) count *= s;
  if (count == 0) return;
  if (rank == 0) {
    row(int64_t{0}, g.offset);
    return;
  }
  std::vector<int64_t> index(rank, 0);
  const int64_t inner = g.sizes[rank - 1];
  int64_t position = g.offset;
  for (int64_t k = 0; k < count; k += inner) {
    row(k, position);
    // Next row: carry through the outer dims.
    for (size_t d = rank - 1; d-- > 0;) {
      if (++index[d] < g.sizes[d]) {
        position += g.strides[d];
        break;
      }
      position -= (g.sizes[d] - 1) * g.strides[d];
      index[d] = 0;
    }
  }
}

// Calls f(k, position) for each element k (row-major over sizes) with its position in the
// buffer.
template <typename F>
void for_each_position(const ViewGeometry& g, F&& f) {
  const int64_t inner = g.sizes.empty() ? 1 : g.sizes.back();
  const int64_t inner_stride = g.sizes.empty() ? 0 : g.strides.back();
  for_each_row(g, [&](int64_t k, int64_t position) {
    for (int64_t j = 0; j < inner; ++j) f(k + j, position + j * inner_stride);
  });
}

// The element at `offset` in a buffer that starts at `data`. An empty storage has no buffer (a
// null `data`) while an empty view of it may still have an offset: that gives null.
template <typename T>
T* element_at(T* data, int64_t offset) {
  return data == nullptr ? data : data + offset;
}

// An xtensor adaptor over the elements at `first` laid out by `g`'s sizes and strides (its
// offset is already in `first`), without copying them; writable when P is. The adaptor holds
// the pointer itself (a prvalue P), so it outlives this call.
template <typename P>
auto adapt_strided(P first, const ViewGeometry& g) {
  int64_t count = 1;
  for (int64_t s : g.sizes) count *= s;
  return xt::adapt(P(first), static_cast<size_t>(count), xt::no_ownership(),
                   xt::dynamic_shape<size_t>(g.sizes.begin(), g.sizes.end()),
                   xt::dynamic_shape<std::ptrdiff_t>(g.strides.begin(), g.strides.end()));
}

// As adapt_strided for `sizes` elements that follow each other in row-major order: xtensor then
// reads them as it reads an xt::xarray (linearly, vectorized).
template <typename P, typename Sizes>
auto adapt_contiguous(P first, const Sizes& sizes) {
  size_t count = 1;
  for (auto s : sizes) count *= static_cast<size_t>(s);
  return xt::adapt(P(first), count, xt::no_ownership(),
                   xt::dynamic_shape<size_t>(sizes.begin(), sizes.end()));
}

// The view's elements as a new contiguous array of its sizes.
template <typename T>
xt::xarray<T> gather(const xt::xarray<T>& stored, const ViewGeometry& g) {
  xt::xarray<T> out(std::vector<size_t>(g.sizes.begin(), g.sizes.end()));
  const T* source = stored.data();
  T* target = out.data();
  if (is_contiguous_geometry(g)) {
    if (out.size() != 0) std::copy(source + g.offset, source + g.offset + out.size(), target);
    return out;
  }
  // Rows that are runs in memory or one element repeated (an expand's) copy or fill at once.
  const int64_t inner = g.sizes.empty() ? 1 : g.sizes.back();
  const int64_t inner_stride = g.sizes.empty() ? 0 : g.strides.back();
  for_each_row(g, [&](int64_t k, int64_t position) {
    if (inner_stride == 1) {
      std::copy(source + position, source + position + inner, target + k);
    } else if (inner_stride == 0) {
      std::fill(target + k, target + k + inner, source[position]);
    } else {
      for (int64_t j = 0; j < inner; ++j) target[k + j] = source[position + j * inner_stride];
    }
  });
  return out;
}

// Writes `values` (of the view's sizes, row-major) into the view's elements.
template <typename T>
void scatter(xt::xarray<T>& stored, const ViewGeometry& g, const xt::xarray<T>& values) {
  T* target = stored.data();
  const T* source = values.data();
  for_each_position(g, [&](int64_t k, int64_t position) { target[position] = source[k]; });
}

}  // namespace xgrad::detail
