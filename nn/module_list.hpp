#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "xgrad/nn/module_container.hpp"

namespace xgrad::nn {

// Modules held in a list and registered as children "0", "1", ..., as torch.nn.ModuleList
// (https://pytorch.org/docs/1.13/generated/torch.nn.ModuleList.html); it has no forward.
class ModuleList : public detail::ModuleContainer {
 public:
  ModuleList() : ModuleContainer("ModuleList") {}
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

  std::shared_ptr<Module> clone() const override;
};

}  // namespace xgrad::nn
