#include "xgrad/autograd/gradcheck.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::autograd {

namespace {

using Matrix = std::vector<std::vector<double>>;  // [input element][output element]

std::vector<double> values_of(const Tensor& t) {
  const xt::xarray<double> v = t.to_xarray<double>();
  return std::vector<double>(v.begin(), v.end());
}

std::vector<size_t> differentiable(const std::vector<Tensor>& inputs) {
  std::vector<size_t> indices;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined() || !inputs[i].requires_grad()) continue;
    XGRAD_CHECK(inputs[i].dtype() == kFloat64, std::invalid_argument,
                "gradcheck(): expected float64 inputs (input ", i,
                " is float): float32 finite differences are too coarse");
    indices.push_back(i);
  }
  XGRAD_CHECK(!indices.empty(), std::invalid_argument,
              "gradcheck(): expected at least one input that requires grad");
  return indices;
}

Matrix analytical_jacobian(const Tensor& output, const Tensor& input,
                           const std::vector<Tensor>& inputs, size_t input_position) {
  const auto in_n = static_cast<size_t>(input.numel()), out_n = static_cast<size_t>(output.numel());
  Matrix jacobian(in_n, std::vector<double>(out_n, 0.0));
  if (!output.requires_grad()) return jacobian;
  for (size_t j = 0; j < out_n; ++j) {
    Tensor one_hot = zeros(output.sizes(), output.dtype());
    std::visit([j](auto& a) { a.data()[j] = 1; }, one_hot.impl()->storage->array);
    const std::vector<Tensor> grads = grad({output}, inputs, {one_hot}, /*retain_graph=*/true,
                                           /*create_graph=*/false, /*allow_unused=*/true);
    if (!grads[input_position].defined()) continue;
    const std::vector<double> column = values_of(grads[input_position]);
    for (size_t i = 0; i < in_n; ++i) jacobian[i][j] = column[i];
  }
  return jacobian;
}

Matrix numerical_jacobian(const MultiTensorFunction& fn, const std::vector<Tensor>& inputs,
                          size_t input_index, size_t output_index, double eps) {
  NoGradGuard no_grad;
  // The input's elements in its buffer (a view's lie among its base's).
  const Tensor& input = inputs[input_index];
  double* buffer = input.data_ptr<double>() - input.storage_offset();
  std::vector<int64_t> positions;
  xgrad::detail::for_each_position(
      xgrad::detail::geometry_of(*input.impl()),
      [&](int64_t, int64_t position) { positions.push_back(position); });
  const size_t in_n = positions.size();
  Matrix jacobian(in_n);
  for (size_t i = 0; i < in_n; ++i) {
    double& value = buffer[positions[i]];
    const double original = value;
    value = original + eps;
    const std::vector<double> plus = values_of(fn(inputs)[output_index]);
    value = original - eps;
    const std::vector<double> minus = values_of(fn(inputs)[output_index]);
    value = original;
    jacobian[i].resize(plus.size());
    for (size_t j = 0; j < plus.size(); ++j) jacobian[i][j] = (plus[j] - minus[j]) / (2 * eps);
  }
  return jacobian;
}

std::string format(const Matrix& m) {
  std::ostringstream os;
  os.precision(6);
  for (const auto& row : m) {
    os << "  [";
    for (size_t j = 0; j < row.size(); ++j) os << (j ? ", " : "") << row[j];
    os << "]\n";
  }
  return os.str();
}

}  // namespace

bool gradcheck(const MultiTensorFunction& fn, const std::vector<Tensor>& inputs,
               GradcheckOptions options) {
  const std::vector<size_t> checked = differentiable(inputs);
  std::vector<Tensor> outputs;
  {
    EnableGradGuard enable;
    outputs = fn(inputs);
  }
  for (size_t o = 0; o < outputs.size(); ++o) {
    for (size_t position = 0; position < checked.size(); ++position) {
      const size_t i = checked[position];
      std::vector<Tensor> differentiated;
      for (size_t k : checked) differentiated.push_back(inputs[k]);
      const Matrix analytical =
          analytical_jacobian(outputs[o], inputs[i], differentiated, position);
      const Matrix numerical = numerical_jacobian(fn, inputs, i, o, options.eps);
      for (size_t r = 0; r < analytical.size(); ++r) {
        for (size_t c = 0; c < analytical[r].size(); ++c) {
          const double a = analytical[r][c], n = numerical[r][c];
          XGRAD_CHECK(std::fabs(a - n) <= options.atol + options.rtol * std::fabs(n),
                      GradcheckError, "Jacobian mismatch for output ", o, " with respect to input ",
                      i, " at [", r, ", ", c, "],\nnumerical:\n", format(numerical),
                      "analytical:\n", format(analytical));
        }
      }
    }
  }
  return true;
}

bool gradcheck(const TensorFunction& fn, const std::vector<Tensor>& inputs,
               GradcheckOptions options) {
  return gradcheck(MultiTensorFunction([&fn](const std::vector<Tensor>& in) {
                     return std::vector<Tensor>{fn(in)};
                   }),
                   inputs, options);
}

bool gradgradcheck(const TensorFunction& fn, const std::vector<Tensor>& inputs,
                   GradcheckOptions options) {
  Tensor probe;
  {
    EnableGradGuard enable;
    probe = fn(inputs);
  }
  const Tensor grad_output = randn(probe.sizes(), kFloat64);
  const std::vector<size_t> checked = differentiable(inputs);
  MultiTensorFunction first_derivatives = [&](const std::vector<Tensor>& in) {
    EnableGradGuard enable;
    std::vector<Tensor> differentiated;
    for (size_t k : checked) differentiated.push_back(in[k]);
    std::vector<Tensor> grads =
        grad({fn(in)}, differentiated, {grad_output}, true, /*create_graph=*/true, true);
    for (size_t k = 0; k < grads.size(); ++k) {
      if (!grads[k].defined()) grads[k] = zeros(differentiated[k].sizes(), kFloat64);
    }
    return grads;
  };
  return gradcheck(first_derivatives, inputs, options);
}

}  // namespace xgrad::autograd
