#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/indexing.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::functional {

namespace {

// 1 for each looked-up row that gets a gradient, 0 where the index is padding_idx: a [n, 1]
// column of the weight's dtype.
Tensor rows_to_keep(const xt::xarray<int64_t>& indices, int64_t padding_idx, Dtype dtype) {
  xt::xarray<double> keep = xt::ones<double>({indices.size(), size_t{1}});
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices.data()[i] == padding_idx) keep.data()[i] = 0;
  }
  return xgrad::detail::make_tensor(std::move(keep)).to(dtype);
}

// How PyTorch's checkScalarTypes names a CPU tensor's type: torch.FloatTensor, but CPUBoolType.
std::string legacy_type_name(Dtype dtype) {
  const std::string title = xgrad::detail::scalar_type_title(dtype);
  return dtype == kBool ? "CPU" + title + "Type" : "torch." + title + "Tensor";
}

}  // namespace

Tensor embedding(const Tensor& indices, const Tensor& weight, std::optional<int64_t> padding_idx) {
  xgrad::detail::check_defined(indices, "embedding");
  xgrad::detail::check_defined(weight, "embedding");
  XGRAD_CHECK(
      indices.dtype() == kInt64, std::invalid_argument,
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, "
      "Int; but got ",
      legacy_type_name(indices.dtype()), " instead (while checking arguments for embedding)");
  XGRAD_CHECK(weight.dim() == 2, std::invalid_argument, "'weight' must be 2-D (got ", weight.dim(),
              " dims)");
  const int64_t rows = weight.size(0);
  std::optional<int64_t> pad = padding_idx;
  if (pad) {
    XGRAD_CHECK(*pad >= -rows && *pad < rows, std::invalid_argument,
                "Padding_idx must be within num_embeddings (got ", *pad, " for ", rows,
                " embeddings)");
    if (*pad < 0) *pad += rows;
  }
  const Tensor flat = indices.reshape({-1});
  std::vector<int64_t> out_sizes = indices.sizes().vec();
  out_sizes.push_back(weight.size(1));
  Tensor looked_up;
  {
    NoGradGuard no_grad;
    looked_up = index_select(weight, 0, flat).reshape(out_sizes);
  }
  if (autograd::needs_grad({weight})) {
    Tensor keep = pad ? rows_to_keep(flat.to_xarray<int64_t>(), *pad, weight.dtype()) : Tensor();
    autograd::record("EmbeddingBackward", looked_up, {weight},
                     [flat, keep, sizes = weight.sizes().vec()](const Tensor& g) {
                       Tensor rows_grad = g.reshape({flat.numel(), sizes[1]});
                       if (keep.defined()) rows_grad = rows_grad * keep;
                       return std::vector<Tensor>{
                           xgrad::detail::index_add_into_zeros(rows_grad, sizes, 0, flat)};
                     });
  }
  return looked_up;
}

Tensor one_hot(const Tensor& indices, int64_t num_classes) {
  xgrad::detail::check_defined(indices, "one_hot");
  XGRAD_CHECK(indices.dtype() == kInt64, std::invalid_argument,
              "one_hot is only applicable to index tensor. (got ",
              xgrad::detail::scalar_type_title(indices.dtype()), ")");
  const xt::xarray<int64_t> values = indices.to_xarray<int64_t>();
  if (num_classes == -1) {
    XGRAD_CHECK(values.size() > 0, std::invalid_argument,
                "Can not infer total number of classes from empty tensor.");
    const int64_t largest = *std::max_element(values.begin(), values.end());
    XGRAD_CHECK(largest < std::numeric_limits<int64_t>::max(), std::invalid_argument,
                "one_hot(): expected class values below ", std::numeric_limits<int64_t>::max(),
                " to infer num_classes, but got ", largest);
    num_classes = largest + 1;
  }
  for (int64_t v : values) {
    XGRAD_CHECK(v >= 0, std::invalid_argument, "Class values must be non-negative. (got ", v, ")");
    XGRAD_CHECK(v < num_classes, std::invalid_argument,
                "Class values must be smaller than num_classes. (got ", v, " for ", num_classes,
                " classes)");
  }
  XGRAD_CHECK(num_classes >= 0, std::invalid_argument,
              "Class values must be smaller than num_classes. (got ", num_classes, " classes)");
  std::vector<int64_t> sizes = indices.sizes().vec();
  sizes.push_back(num_classes);
  check_new_tensor_sizes(sizes);
  const std::vector<size_t> shape(sizes.begin(), sizes.end());
  xt::xarray<int64_t> out = xt::zeros<int64_t>(shape);
  for (size_t i = 0; i < values.size(); ++i)
    out.data()[static_cast<int64_t>(i) * num_classes + values.data()[i]] = 1;
  return xgrad::detail::make_tensor(std::move(out));
}

}  // namespace xgrad::nn::functional
