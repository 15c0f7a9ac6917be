#include "xgrad/nn/loss.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/framework/ops/softmax.hpp"

namespace xgrad::nn {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

namespace {

Tensor reduce(const Tensor& loss, Reduction reduction) {
  switch (reduction) {
    case Reduction::None:
      return loss;
    case Reduction::Sum:
      return loss.sum();
    case Reduction::Mean:
      break;
  }
  return loss.mean();
}

// PyTorch's nll_loss_nd: the input holds the classes in dim 1 (dim 0 when unbatched).
void check_logits_shape(const Tensor& input) {
  XGRAD_CHECK(input.dim() >= 1, std::invalid_argument, "Expected 1 or more dimensions (got ",
              input.dim(), ")");
}

// The shape of a class-index target for `input`: the input's without the class dim.
Sizes index_target_shape(const Tensor& input) {
  std::vector<int64_t> shape = input.sizes();
  shape.erase(shape.begin() + (input.dim() == 1 ? 0 : 1));
  return Sizes(shape);
}

// Refuses a class-index target whose shape does not fit the input's: (N, d1, ...) for
// (N, C, d1, ...), () for (C); then any dtype but int64.
void check_index_target(const char* op, const Tensor& input, const Tensor& target,
                        bool probabilities_allowed) {
  const Sizes expected = index_target_shape(input);
  const std::string shapes =
      "(input: " + to_string(input.sizes()) + ", target: " + to_string(target.sizes()) + ")";
  if (target.sizes() != expected) {
    XGRAD_CHECK(input.dim() == 1 || (target.dim() >= 1 && input.size(0) == target.size(0)),
                std::invalid_argument, "Expected input batch_size (", input.size(0),
                ") to match target batch_size (", target.dim() == 0 ? 0 : target.size(0), "). ",
                shapes);
    const std::string probabilities =
        probabilities_allowed ? " or of class probabilities of shape " + to_string(input.sizes())
                              : "";
    XGRAD_FAIL(std::invalid_argument, op, "(): expected a target of class indices of shape ",
               expected, probabilities, ", got ", shapes);
  }
  XGRAD_CHECK(!target.is_floating_point(), std::invalid_argument, op,
              "(): expected scalar type Long but found ",
              xgrad::detail::scalar_type_title(target.dtype()), ": a target of shape ", expected,
              " holds class indices, which must be int64; got ", target.dtype(), " ", shapes,
              ". Convert it with .to(kInt64)",
              probabilities_allowed ? ", or give class probabilities of the input's shape" : "");
  XGRAD_CHECK(target.dtype() == kInt64, std::invalid_argument, op,
              "(): expected scalar type Long but found ",
              xgrad::detail::scalar_type_title(target.dtype()),
              ": class indices must be int64, got ", target.dtype());
}

void check_label_smoothing(double label_smoothing) {
  XGRAD_CHECK(label_smoothing >= 0.0 && label_smoothing <= 1.0, std::invalid_argument,
              "label_smoothing must be between 0.0 and 1.0. Got: ", label_smoothing);
}

// The class indices of an int64 `target`, each in [0, classes) or equal to ignore_index.
std::vector<int64_t> class_indices(const Tensor& target, int64_t classes, int64_t ignore_index) {
  const xt::xarray<int64_t> values = target.to_xarray<int64_t>();
  std::vector<int64_t> indices(values.begin(), values.end());
  for (int64_t k : indices) {
    XGRAD_CHECK(k == ignore_index || (k >= 0 && k < classes), std::out_of_range, "Target ", k,
                " is out of bounds.");
  }
  return indices;
}

// A constant of `dtype` and `shape`, 1 at the flat positions that `at` passes to its setter.
template <typename Positions>
Tensor mask_of(Dtype dtype, const std::vector<int64_t>& shape, Positions at) {
  return xgrad::detail::with_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    xt::xarray<T> mask = xt::zeros<T>(xgrad::detail::to_xshape(shape));
    at([&](size_t i) { mask.data()[i] = T(1); });
    return xgrad::detail::make_tensor(std::move(mask));
  });
}

// The differentiable "pick the target log-prob" op: -input[n, indices[n, s], s] for each
// target position (0 where the index is ignored), of the target's shape `target_shape`. Its
// backward spreads -g over a constant one-hot of the picked positions.
Tensor pick_negative(const Tensor& input, std::vector<int64_t> indices,
                     std::vector<int64_t> target_shape, int64_t ignore_index) {
  const auto classes = static_cast<size_t>(input.size(input.dim() == 1 ? 0 : 1));
  // Positions per sample after the class dim (d1 * d2 * ...), and the flat input position of
  // target position i holding class k.
  size_t inner = 1;
  for (int64_t d = 2; d < input.dim(); ++d) inner *= static_cast<size_t>(input.size(d));
  const auto position = [classes, inner](size_t i, int64_t k) {
    return (i / inner * classes + static_cast<size_t>(k)) * inner + i % inner;
  };
  Tensor out = xgrad::detail::visit_floating_values(input, "nll_loss", [&](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    auto picked = xt::xarray<T>::from_shape(xgrad::detail::to_xshape(target_shape));
    for (size_t i = 0; i < indices.size(); ++i) {
      const int64_t k = indices[i];
      picked.data()[i] = k == ignore_index ? T(0) : -x.data()[position(i, k)];
    }
    return xgrad::detail::make_tensor(std::move(picked));
  });
  if (needs_grad({input})) {
    record("NllLossBackward", out, {input},
           [indices = std::move(indices), ignore_index, position,
            meta = TensorMeta(input)](const Tensor& g) {
             const Tensor one_hot = mask_of(meta.dtype, meta.sizes, [&](auto set) {
               for (size_t i = 0; i < indices.size(); ++i) {
                 if (indices[i] != ignore_index) set(position(i, indices[i]));
               }
             });
             const Tensor g_rows = meta.sizes.size() >= 2 ? g.unsqueeze(1) : g;
             return Grads{-(g_rows * one_hot)};
           });
  }
  return out;
}

// The per-position losses reduced; the mean divides by the positions not ignored (NaN when
// all are, as in PyTorch).
Tensor reduce_counted(const Tensor& losses, Reduction reduction, int64_t counted) {
  if (reduction == Reduction::Mean) return losses.sum() / static_cast<double>(counted);
  return reduce(losses, reduction);
}

// nll_loss of log-probabilities `log_probs` with label smoothing as PyTorch 1.13's
// cross_entropy: (1 - s) * nll + s / C * (-sum_c log_probs_c), the second term reduced as the
// first (ignored positions left out).
Tensor nll_loss_impl(const Tensor& log_probs, const Tensor& target, Reduction reduction,
                     int64_t ignore_index, double label_smoothing = 0.0) {
  const int64_t class_dim = log_probs.dim() == 1 ? 0 : 1;
  const int64_t classes = log_probs.size(class_dim);
  std::vector<int64_t> indices = class_indices(target, classes, ignore_index);
  int64_t counted = 0;
  for (int64_t k : indices) counted += k != ignore_index;
  const std::vector<int64_t> target_shape = target.sizes();
  Tensor kept;
  if (label_smoothing > 0.0 && counted < static_cast<int64_t>(indices.size())) {
    kept = mask_of(log_probs.dtype(), target_shape, [&](auto set) {
      for (size_t i = 0; i < indices.size(); ++i) {
        if (indices[i] != ignore_index) set(i);
      }
    });
  }
  const Tensor nll = reduce_counted(
      pick_negative(log_probs, std::move(indices), target_shape, ignore_index), reduction, counted);
  if (label_smoothing == 0.0) return nll;
  Tensor smooth = -log_probs.sum({class_dim});
  if (kept.defined()) smooth = smooth * kept;
  return (1.0 - label_smoothing) * nll + reduce_counted(smooth, reduction, counted) *
                                             (label_smoothing / static_cast<double>(classes));
}

}  // namespace

namespace functional {

Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction) {
  xgrad::detail::check_defined(input, "mse_loss");
  xgrad::detail::check_defined(target, "mse_loss");
  XGRAD_CHECK(input.sizes() == target.sizes(), std::invalid_argument,
              "mse_loss(): Using a target size (", target.sizes(),
              ") that is different to the input size (", input.sizes(),
              ") is refused: broadcasting them would likely give incorrect results. Please ensure "
              "they have the same size.");
  const Tensor diff = input - target;
  return reduce(diff * diff, reduction);
}

Tensor nll_loss(const Tensor& input, const Tensor& target, Reduction reduction,
                int64_t ignore_index) {
  xgrad::detail::check_defined(input, "nll_loss");
  xgrad::detail::check_defined(target, "nll_loss");
  check_logits_shape(input);
  check_index_target("nll_loss", input, target, /*probabilities_allowed=*/false);
  return nll_loss_impl(input, target, reduction, ignore_index);
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, Reduction reduction,
                     int64_t ignore_index, double label_smoothing) {
  xgrad::detail::check_defined(input, "cross_entropy");
  xgrad::detail::check_defined(target, "cross_entropy");
  check_logits_shape(input);
  check_label_smoothing(label_smoothing);
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  if (target.sizes() == input.sizes()) {  // class probabilities
    XGRAD_CHECK(target.is_floating_point(), std::invalid_argument,
                "Expected floating point type for target with class probabilities, got ",
                xgrad::detail::scalar_type_title(target.dtype()));
    XGRAD_CHECK(ignore_index < 0, std::invalid_argument,
                "ignore_index is not supported for floating point target");
    const double classes = static_cast<double>(input.size(class_dim));
    const Tensor probabilities = label_smoothing > 0.0
                                     ? target * (1.0 - label_smoothing) + label_smoothing / classes
                                     : target;
    return reduce(-(log_softmax(input, class_dim) * probabilities).sum({class_dim}), reduction);
  }
  check_index_target("cross_entropy", input, target, /*probabilities_allowed=*/true);
  return nll_loss_impl(log_softmax(input, class_dim), target, reduction, ignore_index,
                       label_smoothing);
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        Reduction reduction) {
  xgrad::detail::check_defined(input, "binary_cross_entropy_with_logits");
  xgrad::detail::check_defined(target, "binary_cross_entropy_with_logits");
  XGRAD_CHECK(input.sizes() == target.sizes(), std::invalid_argument, "Target size (",
              target.sizes(), ") must be the same as input size (", input.sizes(), ")");
  xgrad::detail::check_floating(input, "binary_cross_entropy_with_logits");
  Tensor loss = xgrad::detail::map_values(input, target, [](const auto& x, const auto& y) {
    using T = xgrad::detail::value_t<decltype(x)>;
    return xt::maximum(x, T(0)) - x * y + xt::log1p(xt::exp(-xt::abs(x)));
  });
  if (needs_grad({input, target})) {
    record("BinaryCrossEntropyWithLogitsBackward", loss, {input, target},
           [sx = SavedTensor::input(input), sy = SavedTensor::input(target),
            x_meta = TensorMeta(input),
            y_meta = TensorMeta(target)](const Tensor& g, const autograd::Node& self) {
             const Tensor x = sx.unpack(), y = sy.unpack();
             return Grads{
                 self.needs_input_grad(0) ? reduce_to((sigmoid(x) - y) * g, x_meta) : Tensor(),
                 self.needs_input_grad(1) ? reduce_to(-x * g, y_meta) : Tensor()};
           });
  }
  return reduce(loss, reduction);
}

}  // namespace functional

void Loss::pretty_print(std::ostream& os) const {
  os << name() << "()";
}

Tensor MSELoss::forward(const Tensor& input, const Tensor& target) const {
  return functional::mse_loss(input, target, reduction());
}

Tensor CrossEntropyLoss::forward(const Tensor& input, const Tensor& target) const {
  return functional::cross_entropy(input, target, reduction(), ignore_index_, label_smoothing_);
}

Tensor BCEWithLogitsLoss::forward(const Tensor& input, const Tensor& target) const {
  return functional::binary_cross_entropy_with_logits(input, target, reduction());
}

std::shared_ptr<Module> MSELoss::clone() const {
  return fill_clone(std::make_shared<MSELoss>(reduction()));
}

std::shared_ptr<Module> CrossEntropyLoss::clone() const {
  return fill_clone(
      std::make_shared<CrossEntropyLoss>(reduction(), ignore_index_, label_smoothing_));
}

std::shared_ptr<Module> BCEWithLogitsLoss::clone() const {
  return fill_clone(std::make_shared<BCEWithLogitsLoss>(reduction()));
}

}  // namespace xgrad::nn
