#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "xgrad/nn/optim/lr_scheduler.hpp"

namespace xgrad::optim {

// Sets each group's lr to its base lr times lr_lambda(epoch), as
// torch.optim.lr_scheduler.LambdaLR: one function for every group, or one per group (throws
// std::invalid_argument, in PyTorch's words, for another count, and for an empty function).
// The functions are not part of state_dict(): a resumed run gives the same ones to the new
// scheduler.
class LambdaLR : public LRScheduler {
 public:
  using Lambda = std::function<double(int64_t epoch)>;
  LambdaLR(Optimizer& optimizer, Lambda lr_lambda);
  LambdaLR(Optimizer& optimizer, std::vector<Lambda> lr_lambdas);

 private:
  std::vector<double> get_lr() override;

  std::vector<Lambda> lr_lambdas_;
};

}  // namespace xgrad::optim
