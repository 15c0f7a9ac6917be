#pragma once

#include <functional>
#include <stdexcept>
#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::autograd {

struct GradcheckOptions {
  double eps = 1e-6;   // finite-difference step
  double atol = 1e-5;  // |analytical - numerical| <= atol + rtol * |numerical|
  double rtol = 1e-3;
};

// Thrown by gradcheck with both Jacobians when they disagree.
class GradcheckError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using TensorFunction = std::function<Tensor(const std::vector<Tensor>&)>;
using MultiTensorFunction = std::function<std::vector<Tensor>(const std::vector<Tensor>&)>;

// Compares the Jacobians that backward gives for fn at `inputs` with central finite
// differences. Inputs that require grad must be float64. Returns true or throws GradcheckError.
bool gradcheck(const TensorFunction& fn, const std::vector<Tensor>& inputs,
               GradcheckOptions options = {});
bool gradcheck(const MultiTensorFunction& fn, const std::vector<Tensor>& inputs,
               GradcheckOptions options = {});

// gradcheck of the first derivatives themselves (built with create_graph), against random
// output gradients: proves that double backward is right.
bool gradgradcheck(const TensorFunction& fn, const std::vector<Tensor>& inputs,
                   GradcheckOptions options = {});

}  // namespace xgrad::autograd
