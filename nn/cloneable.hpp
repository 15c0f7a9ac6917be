#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

// What gives a user-defined module clone(), as libtorch's torch::nn::Cloneable
// (https://pytorch.org/cppdocs/api/classtorch_1_1nn_1_1_cloneable.html). clone() copies the
// module's configuration (sizes, options: every member) with Derived's copy constructor, calls
// reset() on the copy to register new parameters and submodules, then gives them the original's
// values, requires_grad and training flags (Module::clone() says what a clone is).
//
// The contract of Derived:
// - It implements reset(), which registers every parameter and submodule, creating each anew
//   from the configuration members alone, and assigns every member handle (a `Tensor weight`,
//   a `std::shared_ptr<Linear> fc`) to what it registers. The constructor calls reset() rather
//   than registering anything itself.
// - Its copy constructor is private (usually `= default`) and Cloneable<Derived> is its friend,
//   so that clone() alone copies it. A public copy constructor would let `Derived b = a;` share
//   a's parameters through the copied handles, so clone() does not compile with one.
// For example:
//   class Net : public nn::Cloneable<Net> {
//    public:
//     Net(int64_t in, int64_t out) : Cloneable("Net"), in_(in), out_(out) { reset(); }
//     void reset() override {
//       fc = register_module("fc", std::make_shared<nn::Linear>(in_, out_));
//       scale = register_parameter("scale", ones({out_}));
//     }
//     std::shared_ptr<nn::Linear> fc;
//     Tensor scale;
//
//    private:
//     friend class nn::Cloneable<Net>;
//     Net(const Net&) = default;
//     int64_t in_, out_;
//   };
// clone() throws std::logic_error, in libtorch's words, when reset() registers other names
// than the original has, or registers one of the original's tensors.
template <typename Derived>
class Cloneable : public Module {
 public:
  explicit Cloneable(std::string name = "Module") : Module(std::move(name)) {}

  // Registers every parameter and submodule anew (see above).
  virtual void reset() = 0;

  std::shared_ptr<Module> clone() const override {
    static_assert(!std::is_copy_constructible_v<Derived>,
                  "xgrad::nn::Cloneable<Derived>: make Derived's copy constructor private and "
                  "Cloneable<Derived> its friend; a public one would let copies share parameters");
    std::shared_ptr<Derived> copy(new Derived(static_cast<const Derived&>(*this)));
    static_cast<Cloneable&>(*copy).reset();
    return fill_clone(std::move(copy));
  }

 protected:
  Cloneable(const Cloneable&) = default;
};

}  // namespace xgrad::nn
