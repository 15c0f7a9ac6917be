#include "xgrad/nn/module_list.hpp"

namespace xgrad::nn {

void ModuleList::push_back(std::shared_ptr<Module> module) {
  append_module(std::to_string(size()), std::move(module));
}

std::shared_ptr<Module> ModuleList::clone() const {
  auto copy = std::make_shared<ModuleList>();
  for (const auto& module : *this) copy->push_back(module->clone());
  return fill_clone(std::move(copy));
}

}  // namespace xgrad::nn
