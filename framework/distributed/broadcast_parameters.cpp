#include "xgrad/framework/distributed/broadcast_parameters.hpp"

#include "xgrad/framework/distributed/collectives.hpp"

namespace xgrad::distributed {

void broadcast_parameters(const nn::Module& module, int root) {
  for (const Tensor& parameter : module.parameters()) broadcast(parameter, root);
}

}  // namespace xgrad::distributed
