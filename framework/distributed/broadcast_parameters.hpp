#pragma once

#include "xgrad/nn/module.hpp"

namespace xgrad::distributed {

// Copies root's parameters into every rank's module in place (one broadcast per parameter), so
// that all ranks start training from the same weights, as Horovod's broadcast_parameters. Every
// rank's module must have the same parameters (else each rank throws std::runtime_error).
void broadcast_parameters(const nn::Module& module, int root = 0);

}  // namespace xgrad::distributed
