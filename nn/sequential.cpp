#include "xgrad/nn/sequential.hpp"

namespace xgrad::nn {

void Sequential::append(const std::string& name, std::shared_ptr<Module> module, Forward forward) {
  append_module(name, std::move(module));
  forwards_.push_back(forward);
}

Tensor Sequential::forward(const Tensor& input) const {
  Tensor out = input;
  size_t i = 0;
  for (const auto& module : *this) out = forwards_[i++](*module, out);
  return out;
}

// A clone of each module has the module's dynamic type, so each forward applies to it as well.
std::shared_ptr<Module> Sequential::clone() const {
  auto copy = std::make_shared<Sequential>();
  const auto& named = named_children();
  for (size_t i = 0; i < size(); ++i)
    copy->append(named[i].first, named[i].second->clone(), forwards_[i]);
  return fill_clone(std::move(copy));
}

}  // namespace xgrad::nn
