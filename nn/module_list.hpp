#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "xgrad/nn/container_access.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

// Modules held in a list and registered as children "0", "1", ..., as torch.nn.ModuleList
// (https://pytorch.org/docs/1.13/generated/torch.nn.ModuleList.html); it has no forward.
class ModuleList : public Module {
 public:
  ModuleList() : Module("ModuleList") {}
  template <typename... Modules>
  explicit ModuleList(std::shared_ptr<Modules>... modules) : ModuleList() {
    (push_back(std::move(modules)), ...);
  }

  void push_back(std::shared_ptr<Module> module);
  // Pushes every module of a range of std::shared_ptr to modules (another ModuleList too).
  template <typename Container>
  void extend(const Container& modules) {
    const std::vector<std::shared_ptr<Module>> items(std::begin(modules), std::end(modules));
    for (const auto& module : items) push_back(module);
  }

  size_t size() const { return modules_.size(); }
  bool is_empty() const { return modules_.empty(); }
  // Throw std::out_of_range past the end; ptr<T> throws std::invalid_argument when the module
  // is not a T.
  std::shared_ptr<Module> operator[](size_t index) const;
  template <typename T>
  std::shared_ptr<T> ptr(size_t index) const {
    return detail::module_at<T>(modules_, index);
  }
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }

  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

}  // namespace xgrad::nn
