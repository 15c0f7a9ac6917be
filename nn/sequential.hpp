#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "xgrad/nn/container_access.hpp"
#include "xgrad/nn/module.hpp"

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
class Sequential : public Module {
 public:
  Sequential() : Module("Sequential") {}
  template <typename... Modules>
  explicit Sequential(std::shared_ptr<Modules>... modules) : Sequential() {
    (push_back(std::move(modules)), ...);
  }

  template <typename M>
  void push_back(std::shared_ptr<M> module) {
    push_back(std::to_string(modules_.size()), std::move(module));
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
  // M::forward of the module, which has M as its dynamic type or a base of it.
  using Forward = Tensor (*)(Module& module, const Tensor& input);
  void append(const std::string& name, std::shared_ptr<Module> module, Forward forward);

  std::vector<std::shared_ptr<Module>> modules_;
  std::vector<Forward> forwards_;
};

}  // namespace xgrad::nn
