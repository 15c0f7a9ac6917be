// In-place ops (Tensor::add_, mul_, copy_, fill_, uniform_, ...). They record nothing, so they
// are refused on tensors that require grad while grad mode is on; each bumps the storage's
// version so that a backward needing the old values refuses to run.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <xtensor/xbroadcast.hpp>
#include <xtensor/xnoalias.hpp>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/integer_ops.hpp"
#include "xgrad/framework/random.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad {

namespace {

void check_inplace(const Tensor& self, const char* op) {
  detail::check_defined(self, op);
  // Expanded dims (stride 0) would make one write land on several elements.
  const std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides();
  for (size_t d = 0; d < sizes.size(); ++d) {
    XGRAD_CHECK(sizes[d] <= 1 || strides[d] != 0, std::runtime_error,
                "unsupported operation: more than one element of the written-to tensor refers to a "
                "single memory location. Please clone() the tensor before performing the "
                "operation.");
  }
  if (!is_grad_enabled() || !self.requires_grad()) return;
  const Tensor base = self.is_view() ? self.base() : Tensor();
  XGRAD_CHECK(!(base.defined() && base.is_leaf() && base.requires_grad()), std::runtime_error,
              "a view of a leaf Variable that requires grad is being used in an in-place "
              "operation.");
  XGRAD_CHECK(!self.is_leaf(), std::runtime_error,
              "a leaf Variable that requires grad is being used in an in-place operation.");
  XGRAD_FAIL(std::runtime_error, op,
             "(): xgrad does not record in-place operations on tensors that require grad; use the "
             "out-of-place form or run it under NoGradGuard.");
}

void check_broadcasts_to(const Tensor& self, const Tensor& other) {
  const std::vector<int64_t> shape = broadcast_shapes(self.sizes(), other.sizes());
  XGRAD_CHECK(shape == self.sizes().vec(), std::invalid_argument, "output with shape ",
              self.sizes(), " doesn't match the broadcast shape ", shape);
}

// Refuses a result that self's dtype cannot hold (a float into int64, an int64 into bool).
void check_result_fits(const Tensor& self, Dtype result) {
  if (can_cast(result, self.dtype())) return;
  XGRAD_FAIL(std::invalid_argument, std::string("result type ") +
                                        detail::scalar_type_title(result) +
                                        " can't be cast to the desired output type " +
                                        detail::scalar_type_title(self.dtype()));
}

// A C++ number given to an in-place op counts as an integer when it is a whole number.
void check_scalar_fits(const Tensor& self, double value) {
  const bool whole = std::isfinite(value) && value == std::floor(value);
  check_result_fits(self, result_type(self, whole ? ScalarKind::kInteger : ScalarKind::kFloating));
}

// Runs update(values) on self's values, then marks them changed. Bool values are updated as
// int64 (xsimd has no bool arithmetic), then written back as `!= 0`.
template <typename Update>
Tensor& update_values(Tensor& self, Update update) {
  detail::update_stored_values(self, [&](auto& x) {
    using T = detail::value_t<decltype(x)>;
    if constexpr (std::is_same_v<T, bool>) {
      xt::xarray<int64_t> wide = detail::cast_array<int64_t>(x);
      update(wide);
      const xt::xarray<bool> narrowed = detail::cast_array<bool>(wide);
      std::copy(narrowed.begin(), narrowed.end(), x.begin());
    } else {
      update(x);
    }
  });
  return self;
}

// Runs update(self values, other values converted to self's dtype) after the shape checks.
template <typename Update>
Tensor& update_with(Tensor& self, const Tensor& other, const char* op, Update update) {
  check_inplace(self, op);
  detail::check_defined(other, op);
  check_broadcasts_to(self, other);
  // Nothing to write; xtensor would still walk every outer index of an empty broadcast.
  if (self.numel() == 0) return self;
  return update_values(self, [&](auto& x) {
    using T = detail::value_t<decltype(x)>;
    detail::with_values_as<T>(other, [&](const xt::xarray<T>& y) { update(x, y); });
  });
}

}  // namespace

Tensor& Tensor::add_(const Tensor& other, double alpha) {
  if (defined() && other.defined()) {
    check_result_fits(*this, result_type(*this, other));
    if (!is_floating_point() && alpha != std::floor(alpha)) {
      XGRAD_FAIL(std::invalid_argument,
                 "For integral input tensors, argument alpha must not be a floating point number.");
    }
  }
  return update_with(*this, other, "add_", [alpha](auto& x, const auto& y) {
    using T = detail::value_t<decltype(x)>;
    if (alpha == 1.0) {
      xt::noalias(x) += y;
    } else {
      xt::noalias(x) += static_cast<T>(alpha) * y;
    }
  });
}

Tensor& Tensor::add_(double value) {
  check_inplace(*this, "add_");
  check_scalar_fits(*this, value);
  return update_values(*this, [value](auto& x) {
    using T = detail::value_t<decltype(x)>;
    xt::noalias(x) += static_cast<T>(value);
  });
}

Tensor& Tensor::sub_(const Tensor& other, double alpha) {
  detail::check_bool_subtraction(*this, other);
  return add_(other, -alpha);
}

Tensor& Tensor::sub_(double value) {
  detail::check_bool_subtraction(*this);
  return add_(-value);
}

Tensor& Tensor::mul_(const Tensor& other) {
  if (defined() && other.defined()) check_result_fits(*this, result_type(*this, other));
  return update_with(*this, other, "mul_", [](auto& x, const auto& y) { xt::noalias(x) *= y; });
}

Tensor& Tensor::mul_(double value) {
  check_inplace(*this, "mul_");
  check_scalar_fits(*this, value);
  return update_values(*this, [value](auto& x) {
    using T = detail::value_t<decltype(x)>;
    xt::noalias(x) *= static_cast<T>(value);
  });
}

Tensor& Tensor::fill_(double value) {
  check_inplace(*this, "fill_");
  if (dtype() == kBool) value = value != 0;
  return update_values(*this, [value](auto& x) {
    using T = detail::value_t<decltype(x)>;
    x.fill(detail::cast_value<T>(value));
  });
}

Tensor& Tensor::zero_() {
  return fill_(0.0);
}

Tensor& Tensor::copy_(const Tensor& src) {
  if (is_same(src)) return *this;
  if (defined() && src.defined() && dtype() == kBool && src.dtype() != kBool)
    return copy_(src.to(kBool));
  return update_with(*this, src, "copy_", [](auto& x, const auto& y) {
    if (x.shape() == y.shape()) {
      std::copy(y.begin(), y.end(), x.begin());
    } else {
      xt::noalias(x) = xt::broadcast(y, x.shape());
    }
  });
}

Tensor& Tensor::uniform_(double from, double to) {
  check_inplace(*this, "uniform_");
  detail::check_floating(*this, "uniform_");
  XGRAD_CHECK(from <= to, std::invalid_argument,  // also NaN
              "uniform_ expects to return a [from, to) range, but found from=", from, " > to=", to);
  XGRAD_CHECK(to - from <= std::numeric_limits<double>::max(), std::invalid_argument,
              "uniform_ expects to-from <= std::numeric_limits<double>::max(), but found to=", to,
              " and from=", from, " which result in to-from to exceed the limit");
  return update_values(*this, [from, to](auto& x) {
    using T = detail::value_t<decltype(x)>;
    std::uniform_real_distribution<double> distribution(from, to);
    detail::with_generator([&](std::mt19937_64& engine) {
      for (T& v : x) v = static_cast<T>(distribution(engine));
    });
  });
}

Tensor& Tensor::normal_(double mean, double std) {
  check_inplace(*this, "normal_");
  detail::check_floating(*this, "normal_");
  XGRAD_CHECK(std >= 0.0, std::invalid_argument,  // also NaN
              "normal expects std >= 0.0, but found std ", std);
  return update_values(*this, [mean, std](auto& x) {
    using T = detail::value_t<decltype(x)>;
    std::normal_distribution<double> distribution(mean, std);
    detail::with_generator([&](std::mt19937_64& engine) {
      for (T& v : x) v = static_cast<T>(std == 0 ? mean : distribution(engine));
    });
  });
}

}  // namespace xgrad
