#include "xgrad/framework/ops/shape_ops.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <xtensor/xbroadcast.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xstrided_view.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using Grads = std::vector<Tensor>;

namespace {

std::vector<int64_t> infer_shape(const std::vector<int64_t>& shape, int64_t numel) {
  std::vector<int64_t> known_sizes;
  int64_t infer_at = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      XGRAD_CHECK(infer_at < 0, std::invalid_argument, "only one dimension can be inferred");
      infer_at = static_cast<int64_t>(i);
    } else {
      XGRAD_CHECK(shape[i] >= 0, std::invalid_argument, "invalid shape dimension ", shape[i]);
      known_sizes.push_back(shape[i]);
    }
  }
  const std::optional<int64_t> known = checked_product(known_sizes);
  XGRAD_CHECK(!(infer_at >= 0 && numel == 0 && known == 0), std::invalid_argument,
              "cannot reshape tensor of 0 elements into shape ", shape,
              " because the unspecified dimension size -1 can be any value and is ambiguous");
  const bool fits =
      known && (infer_at >= 0 ? (*known != 0 && numel % *known == 0) : *known == numel);
  XGRAD_CHECK(fits, std::invalid_argument, "shape '", shape, "' is invalid for input of size ",
              numel);
  std::vector<int64_t> out = shape;
  if (infer_at >= 0) out[static_cast<size_t>(infer_at)] = numel / *known;
  return out;
}

// a's sizes, strides and offset.
ViewGeometry geometry(const Tensor& a) {
  detail::check_defined(a, nullptr);
  return detail::geometry_of(*a.impl());
}

// A view of a's storage with geometry g (a view of a view has the first base).
Tensor make_view(const Tensor& a, ViewGeometry g) {
  auto impl = std::make_shared<TensorImpl>(a.impl()->storage);
  impl->view = std::move(g);
  impl->base = a.impl()->base ? a.impl()->base : a.impl();
  return Tensor(std::move(impl));
}

// The strides under which a's elements, in the same order, take the shape `shape`; none when
// they cannot (PyTorch's computeStride, at::detail::computeStride).
std::optional<std::vector<int64_t>> view_strides(const ViewGeometry& old,
                                                 const std::vector<int64_t>& shape) {
  const std::vector<int64_t>& old_sizes = old.sizes;
  const std::vector<int64_t>& old_strides = old.strides;
  if (old_sizes.empty()) return std::vector<int64_t>(shape.size(), 1);
  const int64_t numel = numel_of(old_sizes);
  if (numel == 0 && old_sizes == shape) return old_strides;
  std::vector<int64_t> strides(shape.size());
  if (numel == 0) return detail::contiguous_strides(shape);
  int64_t view_d = static_cast<int64_t>(shape.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t tensor_d = static_cast<int64_t>(old_sizes.size()) - 1; tensor_d >= 0; --tensor_d) {
    const auto td = static_cast<size_t>(tensor_d);
    tensor_numel *= old_sizes[td];
    if (tensor_d == 0 ||
        (old_sizes[td - 1] != 1 && old_strides[td - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 &&
             (view_numel < tensor_numel || shape[static_cast<size_t>(view_d)] == 1)) {
        strides[static_cast<size_t>(view_d)] = view_numel * chunk_base_stride;
        view_numel *= shape[static_cast<size_t>(view_d)];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (tensor_d > 0) {
        chunk_base_stride = old_strides[td - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return strides;
}

// a's elements under a new shape with the same number of elements, recorded as `name`: a view
// when a's strides allow one, else (`copy_if_needed`, reshape) a copy; view() throws.
Tensor reshaped(const Tensor& a, const std::vector<int64_t>& shape, const char* name,
                bool copy_if_needed = true) {
  const ViewGeometry old = geometry(a);
  const std::optional<std::vector<int64_t>> strides = view_strides(old, shape);
  Tensor out;
  if (strides) {
    out = make_view(a, ViewGeometry{shape, *strides, old.offset});
  } else {
    XGRAD_CHECK(copy_if_needed, std::runtime_error,
                "view size is not compatible with input tensor's size and stride (at least one "
                "dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
    out = detail::map_values(a, [&shape](const auto& x) {
      auto copy = x;
      copy.reshape(detail::to_xshape(shape));
      return copy;
    });
  }
  if (needs_grad({a})) {
    record(name, out, {a},
           [sizes = a.sizes().vec()](const Tensor& g) { return Grads{g.reshape(sizes)}; });
  }
  return out;
}

xt::xstrided_slice_vector all_of(int64_t rank) {
  return xt::xstrided_slice_vector(static_cast<size_t>(rank), xt::all());
}

// Writes `part` into `target` at `slices` (nothing for an empty part: a strided view of an empty
// array would do arithmetic on its null data pointer).
template <typename T, typename Part>
void assign_slice(xt::xarray<T>& target, const xt::xstrided_slice_vector& slices,
                  const Part& part) {
  if (part.size() != 0) xt::strided_view(target, slices) = part;
}

int64_t wrap_index(int64_t index, int64_t size, int64_t dim, const Tensor& a, const char* op) {
  XGRAD_CHECK(index >= -size && index < size, std::out_of_range, op, "(): index ", index,
              " out of range for tensor of size ", a.sizes(), " at dimension ", dim);
  return index < 0 ? index + size : index;
}

}  // namespace

Tensor reshape(const Tensor& a, const std::vector<int64_t>& shape) {
  return reshaped(a, infer_shape(shape, a.numel()), "ViewBackward");
}

Tensor view(const Tensor& a, const std::vector<int64_t>& shape) {
  return reshaped(a, infer_shape(shape, a.numel()), "ViewBackward", /*copy_if_needed=*/false);
}

Tensor flatten(const Tensor& a, int64_t start_dim, int64_t end_dim) {
  const int64_t rank = a.dim();
  const int64_t start = wrap_dim(start_dim, rank), end = wrap_dim(end_dim, rank);
  XGRAD_CHECK(start <= end, std::invalid_argument,
              "flatten() has invalid args: start_dim cannot come after end_dim");
  if (rank == 0) return reshaped(a, {1}, "FlattenBackward");
  const std::vector<int64_t> sizes = a.sizes().vec();
  std::vector<int64_t> shape(sizes.begin(), sizes.begin() + start);
  int64_t flat = 1;
  for (int64_t d = start; d <= end; ++d) flat *= sizes[static_cast<size_t>(d)];
  shape.push_back(flat);
  shape.insert(shape.end(), sizes.begin() + end + 1, sizes.end());
  return reshaped(a, shape, "FlattenBackward");
}

namespace {

// a without its dims of size 1 (only `dim` when given), as a view.
Tensor squeezed(const Tensor& a, std::optional<int64_t> dim) {
  const ViewGeometry old = geometry(a);
  ViewGeometry g{{}, {}, old.offset};
  for (size_t d = 0; d < old.sizes.size(); ++d) {
    const bool drop = old.sizes[d] == 1 && (!dim || static_cast<int64_t>(d) == *dim);
    if (drop) continue;
    g.sizes.push_back(old.sizes[d]);
    g.strides.push_back(old.strides[d]);
  }
  Tensor out = make_view(a, std::move(g));
  if (needs_grad({a})) {
    record("SqueezeBackward", out, {a},
           [sizes = old.sizes](const Tensor& grad) { return Grads{grad.reshape(sizes)}; });
  }
  return out;
}

}  // namespace

Tensor squeeze(const Tensor& a) {
  return squeezed(a, std::nullopt);
}

Tensor squeeze(const Tensor& a, int64_t dim) {
  return squeezed(a, wrap_dim(dim, a.dim()));
}

Tensor unsqueeze(const Tensor& a, int64_t dim) {
  const int64_t d = wrap_dim(dim, a.dim() + 1);
  ViewGeometry g = geometry(a);
  const auto at = static_cast<size_t>(d);
  const int64_t stride = at >= g.sizes.size() ? 1 : g.sizes[at] * g.strides[at];
  g.sizes.insert(g.sizes.begin() + d, 1);
  g.strides.insert(g.strides.begin() + d, stride);
  Tensor out = make_view(a, std::move(g));
  if (needs_grad({a})) {
    record("UnsqueezeBackward", out, {a},
           [d](const Tensor& grad) { return Grads{grad.squeeze(d)}; });
  }
  return out;
}

Tensor permute(const Tensor& a, const std::vector<int64_t>& dims) {
  const int64_t rank = a.dim();
  XGRAD_CHECK(static_cast<int64_t>(dims.size()) == rank, std::invalid_argument,
              "permute(): number of dimensions in the tensor input does not match the length of "
              "the desired ordering of dimensions i.e. input.dim() = ",
              rank, " is not equal to len(dims) = ", dims.size());
  const ViewGeometry old = geometry(a);
  ViewGeometry g{{}, {}, old.offset};
  std::vector<int64_t> inverse(dims.size(), -1);
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = wrap_dim(dims[i], rank);
    XGRAD_CHECK(inverse[static_cast<size_t>(d)] < 0, std::invalid_argument,
                "permute(): duplicate dims are not allowed.");
    inverse[static_cast<size_t>(d)] = static_cast<int64_t>(i);
    g.sizes.push_back(old.sizes[static_cast<size_t>(d)]);
    g.strides.push_back(old.strides[static_cast<size_t>(d)]);
  }
  Tensor out = make_view(a, std::move(g));
  if (needs_grad({a})) {
    record("PermuteBackward", out, {a},
           [inverse](const Tensor& grad) { return Grads{permute(grad, inverse)}; });
  }
  return out;
}

Tensor transpose(const Tensor& a, int64_t dim0, int64_t dim1) {
  const int64_t rank = a.dim();
  const int64_t d0 = wrap_dim(dim0, rank), d1 = wrap_dim(dim1, rank);
  if (rank < 2 || d0 == d1) return reshaped(a, a.sizes().vec(), "TransposeBackward");
  ViewGeometry g = geometry(a);
  std::swap(g.sizes[static_cast<size_t>(d0)], g.sizes[static_cast<size_t>(d1)]);
  std::swap(g.strides[static_cast<size_t>(d0)], g.strides[static_cast<size_t>(d1)]);
  Tensor out = make_view(a, std::move(g));
  if (needs_grad({a})) {
    record("TransposeBackward", out, {a},
           [d0, d1](const Tensor& g) { return Grads{transpose(g, d0, d1)}; });
  }
  return out;
}

Tensor t(const Tensor& a) {
  XGRAD_CHECK(a.dim() <= 2, std::invalid_argument,
              "t() expects a tensor with <= 2 dimensions, but self is ", a.dim(), "D");
  return transpose(a, 0, a.dim() < 2 ? 0 : 1);
}

Tensor expand(const Tensor& a, const std::vector<int64_t>& sizes) {
  const std::vector<int64_t> current = a.sizes().vec();
  XGRAD_CHECK(sizes.size() >= current.size(), std::invalid_argument,
              "expand(): the number of sizes provided (", sizes.size(),
              ") must be greater or equal to the number of dimensions in the tensor (",
              current.size(), ")");
  const size_t lead = sizes.size() - current.size();
  std::vector<int64_t> target = sizes;
  for (size_t i = 0; i < target.size(); ++i) {
    const bool existing = i >= lead;
    if (target[i] == -1) {
      XGRAD_CHECK(existing, std::invalid_argument,
                  "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                  "dimension ",
                  i);
      target[i] = current[i - lead];
    } else if (target[i] < 0) {
      check_new_tensor_sizes(target);
    } else if (existing && current[i - lead] != 1 && current[i - lead] != target[i]) {
      XGRAD_FAIL(std::invalid_argument, "The expanded size of the tensor (", target[i],
                 ") must match the existing size (", current[i - lead],
                 ") at non-singleton dimension ", i, ".  Target sizes: ", sizes,
                 ".  Tensor sizes: ", current);
    }
  }
  check_new_tensor_sizes(target);
  if (target == current) return reshaped(a, current, "ExpandBackward");
  const ViewGeometry old = geometry(a);
  std::vector<int64_t> strides(target.size(), 0);
  for (size_t i = lead; i < target.size(); ++i) {
    if (current[i - lead] == target[i]) strides[i] = old.strides[i - lead];
  }
  Tensor out = make_view(a, ViewGeometry{target, strides, old.offset});
  if (needs_grad({a})) {
    record("ExpandBackward", out, {a},
           [current](const Tensor& g) { return Grads{sum_to(g, current)}; });
  }
  return out;
}

Tensor select(const Tensor& a, int64_t dim, int64_t index) {
  XGRAD_CHECK(a.dim() != 0, std::out_of_range, "select() cannot be applied to a 0-dim tensor.");
  const int64_t d = wrap_dim(dim, a.dim());
  const int64_t i = wrap_index(index, a.size(d), d, a, "select");
  ViewGeometry g = geometry(a);
  g.offset += i * g.strides[static_cast<size_t>(d)];
  g.sizes.erase(g.sizes.begin() + d);
  g.strides.erase(g.strides.begin() + d);
  Tensor out = make_view(a, std::move(g));
  if (needs_grad({a})) {
    record("SelectBackward", out, {a}, [sizes = a.sizes().vec(), d, i](const Tensor& g) {
      return Grads{detail::narrow_scatter(g.unsqueeze(d), sizes, d, i)};
    });
  }
  return out;
}

Tensor narrow(const Tensor& a, int64_t dim, int64_t start, int64_t length) {
  XGRAD_CHECK(a.dim() != 0, std::invalid_argument, "narrow() cannot be applied to a 0-dim tensor.");
  const int64_t d = wrap_dim(dim, a.dim());
  const int64_t size = a.size(d);
  XGRAD_CHECK(start >= -size && start <= size, std::out_of_range,
              "start out of range (expected to be in range of [", -size, ", ", size, "], but got ",
              start, ")");
  if (start < 0) start += size;
  XGRAD_CHECK(length >= 0, std::invalid_argument, "narrow(): length must be non-negative.");
  // Not start + length <= size, which can overflow.
  XGRAD_CHECK(length <= size - start, std::out_of_range, "start (", start, ") + length (", length,
              ") exceeds dimension size (", size, ").");
  ViewGeometry g = geometry(a);
  if (length > 0) g.offset += start * g.strides[static_cast<size_t>(d)];
  g.sizes[static_cast<size_t>(d)] = length;
  Tensor out = make_view(a, std::move(g));
  if (needs_grad({a})) {
    record("NarrowBackward", out, {a}, [sizes = a.sizes().vec(), d, start](const Tensor& g) {
      return Grads{detail::narrow_scatter(g, sizes, d, start)};
    });
  }
  return out;
}

std::vector<Tensor> split(const Tensor& a, int64_t split_size, int64_t dim) {
  XGRAD_CHECK(a.dim() != 0, std::invalid_argument, "split expects at least a 1-dimensional tensor");
  XGRAD_CHECK(split_size >= 0, std::invalid_argument,
              "split expects split_size be non-negative, but got split_size=", split_size);
  const int64_t d = wrap_dim(dim, a.dim());
  const int64_t size = a.size(d);
  XGRAD_CHECK(split_size != 0 || size == 0, std::invalid_argument,
              "split_size can only be 0 if dimension size is 0, but got dimension size of ", size);
  std::vector<int64_t> lengths;
  for (int64_t start = 0; start < size; start += split_size)
    lengths.push_back(std::min(split_size, size - start));
  if (size == 0) lengths.push_back(0);  // one empty part, as in PyTorch
  return detail::split_with_lengths(a, lengths, d);
}

std::vector<Tensor> split_with_sizes(const Tensor& a, const std::vector<int64_t>& split_sizes,
                                     int64_t dim) {
  XGRAD_CHECK(a.dim() != 0, std::invalid_argument,
              "split_with_sizes expects at least a 1-dimensional tensor");
  const int64_t d = wrap_dim(dim, a.dim());
  int64_t total = 0;
  for (int64_t size : split_sizes) {
    XGRAD_CHECK(size >= 0, std::invalid_argument,
                "split_with_sizes expects split_sizes have only non-negative entries, but got "
                "split_sizes=",
                split_sizes);
    total += size;
  }
  XGRAD_CHECK(total == a.size(d), std::invalid_argument,
              "split_with_sizes expects split_sizes to sum exactly to ", a.size(d),
              " (input tensor's size at dimension ", d, "), but got split_sizes=", split_sizes);
  return detail::split_with_lengths(a, split_sizes, d);
}

std::vector<Tensor> unbind(const Tensor& a, int64_t dim) {
  XGRAD_CHECK(a.dim() != 0, std::out_of_range, "Dimension specified as ", dim,
              " but tensor has no dimensions");
  const int64_t d = wrap_dim(dim, a.dim());
  std::vector<Tensor> parts;
  {
    NoGradGuard values_only;
    for (int64_t i = 0; i < a.size(d); ++i) parts.push_back(select(a, d, i));
  }
  if (needs_grad({a}) && !parts.empty()) {
    autograd::record_outputs("UnbindBackward", parts, {a},
                             [meta = TensorMeta(a), d](const std::vector<Tensor>& grads) {
                               std::vector<int64_t> part_shape = meta.sizes;
                               part_shape.erase(part_shape.begin() + d);
                               std::vector<Tensor> filled;
                               for (const Tensor& g : grads)
                                 filled.push_back(g.defined() ? g : zeros(part_shape, meta.dtype));
                               return Grads{stack(filled, d)};
                             });
  }
  return parts;
}

std::vector<Tensor> chunk(const Tensor& a, int64_t chunks, int64_t dim) {
  XGRAD_CHECK(a.dim() != 0, std::invalid_argument, "chunk expects at least a 1-dimensional tensor");
  XGRAD_CHECK(chunks > 0, std::invalid_argument,
              "chunk expects `chunks` to be greater than 0, got: ", chunks);
  const int64_t d = wrap_dim(dim, a.dim());
  const int64_t size = a.size(d);
  if (size == 0) {  // as in PyTorch: `chunks` empty parts
    return detail::split_with_lengths(a, std::vector<int64_t>(static_cast<size_t>(chunks), 0), d);
  }
  const int64_t chunk_size = size / chunks + (size % chunks != 0);  // ceil, without overflow
  return split(a, chunk_size, dim);
}

Tensor cat(const std::vector<Tensor>& tensors, int64_t dim) {
  XGRAD_CHECK(!tensors.empty(), std::invalid_argument,
              "cat(): expected a non-empty list of Tensors");
  const std::vector<int64_t> first = tensors[0].sizes().vec();
  XGRAD_CHECK(!first.empty(), std::invalid_argument,
              "zero-dimensional tensor (at position 0) cannot be concatenated");
  const int64_t d = wrap_dim(dim, static_cast<int64_t>(first.size()));
  std::vector<int64_t> shape = first;
  shape[static_cast<size_t>(d)] = 0;
  Dtype dtype = tensors[0].dtype();
  for (size_t n = 0; n < tensors.size(); ++n) {
    const std::vector<int64_t> sizes = tensors[n].sizes().vec();
    XGRAD_CHECK(sizes.size() == first.size(), std::invalid_argument,
                "Tensors must have same number of dimensions: got ", first.size(), " and ",
                sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i) {
      XGRAD_CHECK(static_cast<int64_t>(i) == d || sizes[i] == first[i], std::invalid_argument,
                  "Sizes of tensors must match except in dimension ", d, ". Expected size ",
                  first[i], " but got size ", sizes[i], " for tensor number ", n, " in the list.");
    }
    shape[static_cast<size_t>(d)] += sizes[static_cast<size_t>(d)];
    dtype = promote_types(dtype, tensors[n].dtype());
  }
  Tensor out = detail::with_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    xt::xarray<T> values(detail::to_xshape(shape));
    int64_t offset = 0;
    auto slices = all_of(static_cast<int64_t>(shape.size()));
    for (const Tensor& part : tensors) {
      const int64_t length = part.size(d);
      slices[static_cast<size_t>(d)] = xt::range(offset, offset + length);
      detail::with_values_as<T>(part,
                                [&](const xt::xarray<T>& x) { assign_slice(values, slices, x); });
      offset += length;
    }
    return detail::make_tensor(std::move(values));
  });
  if (needs_grad(tensors)) {
    std::vector<TensorMeta> metas;
    for (const Tensor& part : tensors) metas.emplace_back(part);
    record("CatBackward", out, tensors, [metas = std::move(metas), d](const Tensor& g) {
      Grads grads;
      int64_t offset = 0;
      for (const TensorMeta& meta : metas) {
        const int64_t length = meta.sizes[static_cast<size_t>(d)];
        grads.push_back(reduce_to(narrow(g, d, offset, length), meta));
        offset += length;
      }
      return grads;
    });
  }
  return out;
}

Tensor stack(const std::vector<Tensor>& tensors, int64_t dim) {
  XGRAD_CHECK(!tensors.empty(), std::invalid_argument, "stack expects a non-empty TensorList");
  const Sizes first = tensors[0].sizes();
  const int64_t d = wrap_dim(dim, static_cast<int64_t>(first.size()) + 1);
  std::vector<Tensor> expanded;
  expanded.reserve(tensors.size());
  for (size_t n = 0; n < tensors.size(); ++n) {
    XGRAD_CHECK(tensors[n].sizes() == first, std::invalid_argument,
                "stack expects each tensor to be equal size, but got ", first, " at entry 0 and ",
                tensors[n].sizes(), " at entry ", n);
    expanded.push_back(unsqueeze(tensors[n], d));
  }
  return cat(expanded, d);
}

namespace detail {

std::vector<Tensor> split_with_lengths(const Tensor& a, const std::vector<int64_t>& lengths,
                                       int64_t dim) {
  std::vector<Tensor> parts;
  {
    NoGradGuard values_only;
    int64_t start = 0;
    for (int64_t length : lengths) {
      parts.push_back(narrow(a, dim, start, length));
      start += length;
    }
  }
  if (needs_grad({a})) {
    autograd::record_outputs(
        "SplitBackward", parts, {a},
        [meta = TensorMeta(a), lengths, dim](const std::vector<Tensor>& grads) {
          std::vector<Tensor> filled;
          for (size_t k = 0; k < grads.size(); ++k) {
            std::vector<int64_t> part_shape = meta.sizes;
            part_shape[static_cast<size_t>(dim)] = lengths[k];
            filled.push_back(grads[k].defined() ? grads[k] : zeros(part_shape, meta.dtype));
          }
          return Grads{cat(filled, dim)};
        });
  }
  return parts;
}

Tensor narrow_scatter(const Tensor& grad, const std::vector<int64_t>& sizes, int64_t dim,
                      int64_t start) {
  const int64_t length = grad.size(dim);
  Tensor out = map_values(grad, [&](const auto& g) {
    using T = detail::value_t<decltype(g)>;
    xt::xarray<T> values = xt::zeros<T>(to_xshape(sizes));
    auto slices = all_of(static_cast<int64_t>(sizes.size()));
    slices[static_cast<size_t>(dim)] = xt::range(start, start + length);
    assign_slice(values, slices, g);
    return values;
  });
  if (needs_grad({grad})) {
    record("NarrowScatterBackward", out, {grad}, [dim, start, length](const Tensor& gg) {
      return Grads{narrow(gg, dim, start, length)};
    });
  }
  return out;
}

}  // namespace detail

}  // namespace xgrad
