#include "xgrad/nn/optim/lambda_lr.hpp"

#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::optim {

LambdaLR::LambdaLR(Optimizer& optimizer, Lambda lr_lambda)
    : LambdaLR(optimizer, std::vector<Lambda>(optimizer.param_groups().size(), lr_lambda)) {}

LambdaLR::LambdaLR(Optimizer& optimizer, std::vector<Lambda> lr_lambdas)
    : LRScheduler(optimizer), lr_lambdas_(std::move(lr_lambdas)) {
  XGRAD_CHECK(lr_lambdas_.size() == optimizer.param_groups().size(), std::invalid_argument,
              "Expected ", optimizer.param_groups().size(), " lr_lambdas, but got ",
              lr_lambdas_.size());
  for (size_t i = 0; i < lr_lambdas_.size(); ++i) {
    XGRAD_CHECK(lr_lambdas_[i], std::invalid_argument, "LambdaLR(): expected lr_lambda ", i,
                " to be a function, but got an empty std::function");
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
