#include "xgrad/nn/optim/lambda_lr.hpp"

#include <stdexcept>
#include <string>

namespace xgrad::optim {

LambdaLR::LambdaLR(Optimizer& optimizer, Lambda lr_lambda)
    : LambdaLR(optimizer, std::vector<Lambda>(optimizer.param_groups().size(), lr_lambda)) {}

LambdaLR::LambdaLR(Optimizer& optimizer, std::vector<Lambda> lr_lambdas)
    : LRScheduler(optimizer), lr_lambdas_(std::move(lr_lambdas)) {
  if (lr_lambdas_.size() != optimizer.param_groups().size()) {
    throw std::invalid_argument("Expected " + std::to_string(optimizer.param_groups().size()) +
                                " lr_lambdas, but got " + std::to_string(lr_lambdas_.size()));
  }
  for (const Lambda& lambda : lr_lambdas_) {
    if (!lambda) throw std::invalid_argument("LambdaLR got an empty lr_lambda");
  }
  initial_step();
}

std::vector<double> LambdaLR::get_lr() {
  std::vector<double> lrs;
  for (size_t i = 0; i < base_lrs_.size(); ++i)
    lrs.push_back(base_lrs_[i] * lr_lambdas_[i](last_epoch_));
  return lrs;
}

}  // namespace xgrad::optim
