#include "xgrad/nn/module_list.hpp"

namespace xgrad::nn {

void ModuleList::push_back(std::shared_ptr<Module> module) {
  register_module(std::to_string(modules_.size()), module);
  modules_.push_back(std::move(module));
}

std::shared_ptr<Module> ModuleList::operator[](size_t index) const {
  detail::check_module_index(index, modules_.size());
  return modules_[index];
}

void ModuleList::pretty_print(std::ostream& os) const {
  os << "ModuleList";
  if (modules_.empty()) os << "()";
}

std::shared_ptr<Module> ModuleList::clone() const {
  auto copy = std::make_shared<ModuleList>();
  for (const auto& module : modules_) copy->push_back(module->clone());
  return fill_clone(std::move(copy));
}

}  // namespace xgrad::nn
