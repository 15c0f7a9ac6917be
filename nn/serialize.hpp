#pragma once

#include <filesystem>

#include "xgrad/framework/serialization.hpp"
#include "xgrad/nn/module.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

// Saving and loading models and optimizers as safetensors files, which PyTorch reads with
// `safetensors.torch.load_file` and writes with `save_file`:
//   xgrad::save(model, "model.safetensors");        xgrad::load(model, "model.safetensors");
//   xgrad::save(optimizer, "optim.safetensors");    xgrad::load(optimizer, "optim.safetensors");
// The files hold the state_dict() of each, so these are xgrad::save(x.state_dict(), path) and
// x.load_state_dict(xgrad::load(path)).
namespace xgrad {

void save(const nn::Module& module, const std::filesystem::path& path);
// Loads the file's tensors into the module's parameters in place (Module::load_state_dict).
nn::IncompatibleKeys load(nn::Module& module, const std::filesystem::path& path,
                          bool strict = true);

void save(const optim::Optimizer& optimizer, const std::filesystem::path& path);
// Restores the optimizer's settings and state (Optimizer::load_state_dict).
void load(optim::Optimizer& optimizer, const std::filesystem::path& path);

}  // namespace xgrad
