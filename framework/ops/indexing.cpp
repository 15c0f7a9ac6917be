#include "xgrad/framework/ops/indexing.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using Grads = std::vector<Tensor>;

namespace {

// A 0-dim tensor indexes as one of size [1], as in PyTorch.
std::vector<int64_t> padded_sizes(const Tensor& t) {
  return t.dim() == 0 ? std::vector<int64_t>{1} : t.sizes().vec();
}

std::vector<int64_t> strides_of(const std::vector<int64_t>& sizes) {
  std::vector<int64_t> strides(sizes.size(), 1);
  for (size_t d = sizes.size(); d-- > 1;) strides[d - 1] = strides[d] * sizes[d];
  return strides;
}

void check_index_dtype(const Tensor& index, const char* message) {
  detail::check_defined(index, nullptr);
  XGRAD_CHECK(index.dtype() == kInt64, std::invalid_argument, message);
}

void check_in_bounds(int64_t value, int64_t size, int64_t dim) {
  XGRAD_CHECK(value >= 0 && value < size, std::out_of_range, "index ", value,
              " is out of bounds for dimension ", dim, " with size ", size);
}

// Calls f(target_offset, other_offset) for each position of `index` (row-major): the flat
// offset in an array of target_sizes at that position with its `dim` coordinate replaced by the
// index value there, and the flat offset of the position itself in an array of other_sizes. All
// index values are checked first, so nothing is touched when one is out of bounds.
template <typename F>
void for_each_index(const Tensor& index, int64_t dim, const std::vector<int64_t>& target_sizes,
                    const std::vector<int64_t>& other_sizes, F&& f) {
  const detail::ContiguousValues<int64_t> values(index);
  const int64_t* idx = values.data();
  const auto n = static_cast<size_t>(index.numel());
  const auto d = static_cast<size_t>(dim);
  for (size_t i = 0; i < n; ++i) check_in_bounds(idx[i], target_sizes[d], dim);
  const std::vector<int64_t> sizes = padded_sizes(index);
  const std::vector<int64_t> target_strides = strides_of(target_sizes);
  const std::vector<int64_t> other_strides = strides_of(other_sizes);
  std::vector<int64_t> coord(sizes.size(), 0);
  for (size_t i = 0; i < n; ++i) {
    int64_t target = 0, other = 0;
    for (size_t k = 0; k < sizes.size(); ++k) {
      target += (k == d ? idx[i] : coord[k]) * target_strides[k];
      other += coord[k] * other_strides[k];
    }
    f(target, other);
    for (size_t k = sizes.size(); k-- > 0;) {
      if (++coord[k] < sizes[k]) break;
      coord[k] = 0;
    }
  }
}

template <typename T>
void add_to(T& into, T value) {
  if constexpr (std::is_same_v<T, bool>) {
    into = into || value;
  } else {
    into += value;
  }
}

// grad_src of scatter_add when src is larger than index: grad at the scattered positions,
// zeros elsewhere.
Tensor gather_into_zeros(const Tensor& grad, int64_t dim, const Tensor& index,
                         const std::vector<int64_t>& src_sizes) {
  return detail::visit_values(grad, [&](const auto& g) {
    using T = detail::value_t<decltype(g)>;
    xt::xarray<T> out = xt::zeros<T>(detail::to_xshape(src_sizes));
    for_each_index(index, dim, padded_sizes(grad),
                   src_sizes.empty() ? std::vector<int64_t>{1} : src_sizes,
                   [&](int64_t from, int64_t to) { out.data()[to] = g.data()[from]; });
    return detail::make_tensor(std::move(out));
  });
}

}  // namespace

Tensor gather(const Tensor& input, int64_t dim, const Tensor& index) {
  detail::check_defined(input, "gather");
  check_index_dtype(index, "gather(): Expected dtype int64 for index");
  const int64_t d = wrap_dim(dim, input.dim());
  const std::vector<int64_t> in_sizes = padded_sizes(input), idx_sizes = padded_sizes(index);
  XGRAD_CHECK(idx_sizes.size() == in_sizes.size(), std::invalid_argument,
              "Index tensor must have the same number of dimensions as input tensor (got index of ",
              index.dim(), " dims and input of ", input.dim(), ")");
  for (size_t k = 0; k < in_sizes.size(); ++k) {
    XGRAD_CHECK(static_cast<int64_t>(k) == d || idx_sizes[k] <= in_sizes[k], std::invalid_argument,
                "Size does not match at dimension ", k, " expected index ", index.sizes().vec(),
                " to be smaller than self ", input.sizes().vec(), " apart from dimension ", d);
  }
  Tensor out = detail::visit_values(input, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    xt::xarray<T> values(detail::to_xshape(index.sizes().vec()));
    for_each_index(index, d, in_sizes, idx_sizes,
                   [&](int64_t from, int64_t to) { values.data()[to] = x.data()[from]; });
    return detail::make_tensor(std::move(values));
  });
  if (needs_grad({input})) {
    record("GatherBackward", out, {input},
           [sizes = input.sizes().vec(), d, index](const Tensor& g) {
             return Grads{scatter_add(zeros(sizes, g.dtype()), d, index, g)};
           });
  }
  return out;
}

Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  detail::check_defined(self, "scatter_add");
  detail::check_defined(src, "scatter_add");
  check_index_dtype(index, "scatter(): Expected dtype int64 for index");
  XGRAD_CHECK(self.dtype() == src.dtype(), std::invalid_argument,
              "scatter(): Expected self.dtype to be equal to src.dtype (got self ", self.dtype(),
              " and src ", src.dtype(), ")");
  const int64_t d = wrap_dim(dim, self.dim());
  const std::vector<int64_t> self_sizes = padded_sizes(self), idx_sizes = padded_sizes(index),
                             src_sizes = padded_sizes(src);
  XGRAD_CHECK(idx_sizes.size() == self_sizes.size(), std::invalid_argument,
              "Index tensor must have the same number of dimensions as self tensor (got index of ",
              index.dim(), " dims and self of ", self.dim(), ")");
  XGRAD_CHECK(src_sizes.size() == self_sizes.size(), std::invalid_argument,
              "Index tensor must have the same number of dimensions as src tensor (got index of ",
              index.dim(), " dims and src of ", src.dim(), ")");
  for (size_t k = 0; k < self_sizes.size(); ++k) {
    XGRAD_CHECK((static_cast<int64_t>(k) == d || idx_sizes[k] <= self_sizes[k]) &&
                    idx_sizes[k] <= src_sizes[k],
                std::invalid_argument, "Expected index ", index.sizes().vec(),
                " to be smaller than self ", self.sizes().vec(), " apart from dimension ", d,
                " and to be smaller size than src ", src.sizes().vec());
  }
  Tensor out = detail::visit_values(self, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    xt::xarray<T> values = x;
    const detail::ContiguousValues<T> s(src);
    for_each_index(index, d, self_sizes, src_sizes,
                   [&](int64_t to, int64_t from) { add_to(values.data()[to], s.data()[from]); });
    return detail::make_tensor(std::move(values));
  });
  if (needs_grad({self, src})) {
    record("ScatterAddBackward", out, {self, src},
           [d, index, src_sizes = src.sizes().vec()](const Tensor& g, const autograd::Node& node) {
             Tensor grad_src;
             if (node.needs_input_grad(1)) {
               grad_src = src_sizes == index.sizes().vec()
                              ? gather(g, d, index)
                              : gather_into_zeros(g, d, index, src_sizes);
             }
             return Grads{node.needs_input_grad(0) ? g : Tensor(), grad_src};
           });
  }
  return out;
}

namespace {

// The index_select kernel: out's slices along dim are x's slices at index (all in bounds).
template <typename T>
xt::xarray<T> select_slices(const xt::xarray<T>& x, const std::vector<int64_t>& sizes, int64_t dim,
                            const xt::xarray<int64_t>& index,
                            const std::vector<int64_t>& out_sizes) {
  xt::xarray<T> out(detail::to_xshape(out_sizes));
  const std::vector<int64_t> padded = sizes.empty() ? std::vector<int64_t>{1} : sizes;
  const auto d = static_cast<size_t>(dim);
  const int64_t outer = numel_of({padded.begin(), padded.begin() + dim});
  const int64_t inner = numel_of({padded.begin() + dim + 1, padded.end()});
  const int64_t n = static_cast<int64_t>(index.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < n; ++i) {
      const T* from = x.data() + (o * padded[d] + index.data()[i]) * inner;
      std::copy(from, from + inner, out.data() + (o * n + i) * inner);
    }
  }
  return out;
}

void check_index_vector(const Tensor& index, int64_t size) {
  XGRAD_CHECK(index.dim() <= 1, std::out_of_range,
              "index_select(): Index is supposed to be a vector (got ", index.dim(), " dims)");
  for (int64_t v : index.to_xarray<int64_t>()) {
    XGRAD_CHECK(v >= 0 && v < size, std::out_of_range, "index out of range in self (index ", v,
                " for a dimension of size ", size, ")");
  }
}

}  // namespace

Tensor index_select(const Tensor& input, int64_t dim, const Tensor& index) {
  detail::check_defined(input, "index_select");
  check_index_dtype(index, "index_select(): Expected dtype int32 or int64 for index");
  const int64_t d = wrap_dim(dim, input.dim());
  const std::vector<int64_t> sizes = input.sizes().vec();
  check_index_vector(index, sizes.empty() ? 1 : sizes[static_cast<size_t>(d)]);
  XGRAD_CHECK(!sizes.empty() || index.numel() == 1, std::invalid_argument,
              "index_select(): Index to scalar can have only 1 value, got ", index.numel(),
              " value(s)");
  std::vector<int64_t> out_sizes = sizes;
  if (!out_sizes.empty()) out_sizes[static_cast<size_t>(d)] = index.numel();
  detail::ContiguousValues<int64_t> index_values(index);
  const xt::xarray<int64_t>& values = index_values.array();
  Tensor out = detail::visit_values(input, [&](const auto& x) {
    return detail::make_tensor(select_slices(x, sizes, d, values, out_sizes));
  });
  if (needs_grad({input})) {
    record("IndexSelectBackward", out, {input}, [sizes, d, index](const Tensor& g) {
      return Grads{detail::index_add_into_zeros(g, sizes, d, index)};
    });
  }
  return out;
}

namespace detail {

Tensor index_add_into_zeros(const Tensor& source, const std::vector<int64_t>& sizes, int64_t dim,
                            const Tensor& index) {
  const std::vector<int64_t> padded = sizes.empty() ? std::vector<int64_t>{1} : sizes;
  const auto d = static_cast<size_t>(dim);
  const int64_t outer = numel_of({padded.begin(), padded.begin() + dim});
  const int64_t inner = numel_of({padded.begin() + dim + 1, padded.end()});
  detail::ContiguousValues<int64_t> index_values(index);
  const xt::xarray<int64_t>& idx = index_values.array();
  const int64_t n = static_cast<int64_t>(idx.size());
  Tensor out = visit_values(source, [&](const auto& s) {
    using T = value_t<decltype(s)>;
    xt::xarray<T> values = xt::zeros<T>(to_xshape(sizes));
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < n; ++i) {
        const T* from = s.data() + (o * n + i) * inner;
        T* to = values.data() + (o * padded[d] + idx.data()[i]) * inner;
        for (int64_t k = 0; k < inner; ++k) add_to(to[k], from[k]);
      }
    }
    return make_tensor(std::move(values));
  });
  if (needs_grad({source})) {
    record("IndexAddBackward", out, {source},
           [dim, index](const Tensor& g) { return Grads{index_select(g, dim, index)}; });
  }
  return out;
}

}  // namespace detail

}  // namespace xgrad
