#include "xgrad/nn/sequential.hpp"

namespace xgrad::nn {

void Sequential::append(const std::string& name, std::shared_ptr<Module> module, Forward forward) {
  register_module(name, module);
  modules_.push_back(std::move(module));
  forwards_.push_back(forward);
}

Tensor Sequential::forward(const Tensor& input) const {
  Tensor out = input;
  for (size_t i = 0; i < modules_.size(); ++i) out = forwards_[i](*modules_[i], out);
  return out;
}

std::shared_ptr<Module> Sequential::operator[](size_t index) const {
  detail::check_module_index(index, modules_.size());
  return modules_[index];
}

void Sequential::pretty_print(std::ostream& os) const {
  os << "Sequential";
  if (modules_.empty()) os << "()";
}

// A clone of each module has the module's dynamic type, so each forward applies to it as well.
std::shared_ptr<Module> Sequential::clone() const {
  auto copy = std::make_shared<Sequential>();
  const auto& named = named_children();
  for (size_t i = 0; i < modules_.size(); ++i)
    copy->append(named[i].first, modules_[i]->clone(), forwards_[i]);
  return fill_clone(std::move(copy));
}

}  // namespace xgrad::nn
