#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "xgrad/nn/module_container.hpp"

namespace xgrad::nn {

namespace detail {
template <typename M, typename = void>
struct has_tensor_forward : std::false_type {};
template <typename M>
struct has_tensor_forward<
    M, std::enable_if_t<std::is_convertible_v<
           decltype(std::declval<M&>().forward(std::declval<const Tensor&>())), Tensor>>>
    : std::true_type {};
}  // namespace detail

// Modules called in a chain, each one's output the next one's input, as torch.nn.Sequential
// (https://pytorch.org/docs/1.13/generated/torch.nn.Sequential.html). Its children are named
// "0", "1", ... unless pushed with a name:
//   Sequential seq(std::make_shared<Linear>(3, 4), std::make_shared<ReLU>());
// Every module must have `Tensor forward(const Tensor&)`, found when it is pushed from its
// concrete type.
class Sequential : public detail::ModuleContainer {
 public:
  Sequential() : ModuleContainer("Sequential") {}
  template <typename... Modules>
  explicit Sequential(std::shared_ptr<Modules>... modules) : Sequential() {
    (push_back(std::move(modules)), ...);
  }

  template <typename M>
  void push_back(std::shared_ptr<M> module) {
    push_back(std::to_string(size()), std::move(module));
  }
  template <typename M>
  void push_back(const std::string& name, std::shared_ptr<M> module) {
    static_assert(detail::has_tensor_forward<M>::value,
                  "Sequential::push_back(): the module needs a `Tensor forward(const Tensor&)`; "
                  "push it by its concrete type, not as a std::shared_ptr<Module>");
    if constexpr (detail::has_tensor_forward<M>::value) {
      append(name, std::move(module), [](Module& m, const Tensor& input) -> Tensor {
        return static_cast<M&>(m).forward(input);
      });
    }
  }

  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }

  std::shared_ptr<Module> clone() const override;

 private:
  // M::forward of the module, which has M as its dynamic type or a base of it.
  using Forward = Tensor (*)(Module& module, const Tensor& input);
  void append(const std::string& name, std::shared_ptr<Module> module, Forward forward);

  std::vector<Forward> forwards_;  // one per module, in order
};

}  // namespace xgrad::nn
