#pragma once

// Checks shared by the optimizers' option validation, in PyTorch's words.
#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// The options as the optimizer's own kind; throws when a group was given another optimizer's.
template <typename Options>
const Options& options_as(const OptimizerOptions& options, const char* optimizer) {
  const auto* own = dynamic_cast<const Options*>(&options);
  XGRAD_CHECK(own, std::invalid_argument, optimizer,
              ": a parameter group's options are another optimizer's");
  return *own;
}

// Throws std::invalid_argument("<message><value>") unless low <= value (NaN is refused).
inline void check_at_least(const char* message, double value, double low) {
  XGRAD_CHECK(value >= low, std::invalid_argument, message, value);
}

}  // namespace xgrad::optim
