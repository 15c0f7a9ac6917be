#include "xgrad/nn/serialize.hpp"

namespace xgrad {

void save(const nn::Module& module, const std::filesystem::path& path) {
  save(module.state_dict(), path);
}

nn::IncompatibleKeys load(nn::Module& module, const std::filesystem::path& path, bool strict) {
  return module.load_state_dict(load(path), strict);
}

void save(const optim::Optimizer& optimizer, const std::filesystem::path& path) {
  save(optimizer.state_dict(), path);
}

void load(optim::Optimizer& optimizer, const std::filesystem::path& path) {
  optimizer.load_state_dict(load(path));
}

}  // namespace xgrad
