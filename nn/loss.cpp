#include "xgrad/nn/loss.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>
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

void check_logits_shape(const char* op, const Tensor& input) {
  XGRAD_CHECK(input.dim() == 1 || input.dim() == 2, std::invalid_argument, op,
              "(): expected input of shape (C) or (N, C), got input of shape ", input.sizes());
}

// Refuses a class-index target whose shape does not fit the input's: (N) for (N, C), () for (C).
void check_index_target_shape(const char* op, const Tensor& input, const Tensor& target,
                              bool probabilities_allowed) {
  const bool batched = input.dim() == 2;
  const Sizes expected = batched ? Sizes{input.size(0)} : Sizes{};
  if (target.sizes() == expected) return;
  const std::string shapes =
      "(input: " + to_string(input.sizes()) + ", target: " + to_string(target.sizes()) + ")";
  XGRAD_CHECK(!(batched && target.dim() == 1), std::invalid_argument, "Expected input batch_size (",
              input.size(0), ") to match target batch_size (", target.size(0), "). ", shapes);
  const std::string probabilities =
      probabilities_allowed ? " or of class probabilities of shape " + to_string(input.sizes())
                            : "";
  XGRAD_FAIL(std::invalid_argument, op, "(): expected a target of class indices of shape ",
             expected, probabilities, ", got ", shapes);
}

std::string index_string(double v) {
  std::ostringstream os;
  os << std::setprecision(17) << v;
  return os.str();
}

// The class indices held by `target`, each a whole number in [0, classes) or ignore_index.
std::vector<int64_t> class_indices(const char* op, const Tensor& target, int64_t classes,
                                   int64_t ignore_index) {
  std::vector<int64_t> indices;
  indices.reserve(static_cast<size_t>(target.numel()));
  for (double v : target.to_xarray<double>()) {
    XGRAD_CHECK(std::isfinite(v) && std::floor(v) == v, std::invalid_argument, op,
                "(): target must hold class indices (whole numbers), got ", index_string(v));
    if (v == static_cast<double>(ignore_index)) {
      indices.push_back(ignore_index);
      continue;
    }
    XGRAD_CHECK(v >= 0 && v < static_cast<double>(classes), std::out_of_range, "Target ",
                index_string(v), " is out of bounds.");
    indices.push_back(static_cast<int64_t>(v));
  }
  return indices;
}

// The differentiable "pick the target log-prob" op: -input[n, indices[n]] for each sample (0
// where the index is ignored), of shape (N) for input (N, C) and () for input (C). Its
// backward spreads -g over a constant one-hot of the picked positions.
Tensor pick_negative(const Tensor& input, std::vector<int64_t> indices, int64_t ignore_index) {
  const auto classes = static_cast<size_t>(input.size(-1));
  std::vector<size_t> shape;
  if (input.dim() == 2) shape.push_back(static_cast<size_t>(input.size(0)));
  Tensor out = detail::visit_values(input, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    auto picked = xt::xarray<T>::from_shape(shape);
    for (size_t n = 0; n < indices.size(); ++n) {
      const int64_t k = indices[n];
      picked.data()[n] = k == ignore_index ? T(0) : -x.data()[n * classes + static_cast<size_t>(k)];
    }
    return detail::make_tensor(std::move(picked));
  });
  if (needs_grad({input})) {
    record("NllLossBackward", out, {input},
           [indices = std::move(indices), ignore_index, meta = TensorMeta(input)](const Tensor& g) {
             const auto classes = static_cast<size_t>(meta.sizes.back());
             const Tensor one_hot = detail::with_dtype(meta.dtype, [&](auto tag) {
               using T = decltype(tag);
               xt::xarray<T> mask = xt::zeros<T>(detail::to_xshape(meta.sizes));
               for (size_t n = 0; n < indices.size(); ++n) {
                 if (indices[n] != ignore_index) {
                   mask.data()[n * classes + static_cast<size_t>(indices[n])] = T(1);
                 }
               }
               return detail::make_tensor(std::move(mask));
             });
             const Tensor g_rows = meta.sizes.size() == 2 ? g.unsqueeze(1) : g;
             return Grads{-(g_rows * one_hot)};
           });
  }
  return out;
}

Tensor nll_loss_impl(const char* op, const Tensor& log_probs, const Tensor& target,
                     Reduction reduction, int64_t ignore_index) {
  std::vector<int64_t> indices = class_indices(op, target, log_probs.size(-1), ignore_index);
  int64_t counted = 0;
  for (int64_t k : indices) counted += k != ignore_index;
  Tensor losses = pick_negative(log_probs, std::move(indices), ignore_index);
  // The mean divides by the samples not ignored (NaN when all are, as in PyTorch).
  if (reduction == Reduction::Mean) return losses.sum() / static_cast<double>(counted);
  return reduce(losses, reduction);
}

}  // namespace

namespace functional {

Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction) {
  detail::check_defined(input, "mse_loss");
  detail::check_defined(target, "mse_loss");
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
  detail::check_defined(input, "nll_loss");
  detail::check_defined(target, "nll_loss");
  check_logits_shape("nll_loss", input);
  check_index_target_shape("nll_loss", input, target, /*probabilities_allowed=*/false);
  return nll_loss_impl("nll_loss", input, target, reduction, ignore_index);
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, Reduction reduction,
                     int64_t ignore_index) {
  detail::check_defined(input, "cross_entropy");
  detail::check_defined(target, "cross_entropy");
  check_logits_shape("cross_entropy", input);
  const int64_t class_dim = input.dim() - 1;
  if (target.sizes() == input.sizes()) {  // class probabilities
    XGRAD_CHECK(ignore_index < 0, std::invalid_argument,
                "ignore_index is not supported for floating point target");
    return reduce(-(log_softmax(input, class_dim) * target).sum({class_dim}), reduction);
  }
  check_index_target_shape("cross_entropy", input, target, /*probabilities_allowed=*/true);
  return nll_loss_impl("cross_entropy", log_softmax(input, class_dim), target, reduction,
                       ignore_index);
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        Reduction reduction) {
  detail::check_defined(input, "binary_cross_entropy_with_logits");
  detail::check_defined(target, "binary_cross_entropy_with_logits");
  XGRAD_CHECK(input.sizes() == target.sizes(), std::invalid_argument, "Target size (",
              target.sizes(), ") must be the same as input size (", input.sizes(), ")");
  detail::check_floating(input, "binary_cross_entropy_with_logits");
  Tensor loss = detail::map_values(input, target, [](const auto& x, const auto& y) {
    using T = detail::value_t<decltype(x)>;
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

void Loss::pretty_print(std::ostream& os) const { os << name() << "()"; }

Tensor MSELoss::forward(const Tensor& input, const Tensor& target) const {
  return functional::mse_loss(input, target, reduction());
}

Tensor CrossEntropyLoss::forward(const Tensor& input, const Tensor& target) const {
  return functional::cross_entropy(input, target, reduction(), ignore_index_);
}

Tensor BCEWithLogitsLoss::forward(const Tensor& input, const Tensor& target) const {
  return functional::binary_cross_entropy_with_logits(input, target, reduction());
}

std::shared_ptr<Module> MSELoss::clone() const {
  return fill_clone(std::make_shared<MSELoss>(reduction()));
}

std::shared_ptr<Module> CrossEntropyLoss::clone() const {
  return fill_clone(std::make_shared<CrossEntropyLoss>(reduction(), ignore_index_));
}

std::shared_ptr<Module> BCEWithLogitsLoss::clone() const {
  return fill_clone(std::make_shared<BCEWithLogitsLoss>(reduction()));
}

}  // namespace xgrad::nn
