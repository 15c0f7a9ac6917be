#include "xgrad/nn/optim/optimizer.hpp"

#include <stdexcept>
#include <string>

namespace xgrad::optim {

Optimizer::Optimizer(std::vector<Tensor> params) : params_(std::move(params)) {
  if (params_.empty()) throw std::invalid_argument("optimizer got an empty parameter list");
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].defined()) {
      throw std::invalid_argument("optimizer can only optimize Tensors, but parameter " +
                                  std::to_string(i) + " is undefined");
    }
    if (!params_[i].is_leaf()) throw std::invalid_argument("can't optimize a non-leaf Tensor");
  }
}

void Optimizer::zero_grad(bool set_to_none) {
  for (const Tensor& p : params_) p.zero_grad(set_to_none);
}

}  // namespace xgrad::optim
