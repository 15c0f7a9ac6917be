#pragma once

// Declares an option of an options class with a chained setter and a getter, as libtorch's
// TORCH_ARG: `XGRAD_ARG(bool, bias) = true;` gives `options.bias(false)` and `options.bias()`.
// It leaves the class in `private:`.
#define XGRAD_ARG(T, name)                          \
 public:                                            \
  auto name(const T& new_##name)->decltype(*this) { \
    this->name##_ = new_##name;                     \
    return *this;                                   \
  }                                                 \
  const T& name() const noexcept {                  \
    return this->name##_;                           \
  }                                                 \
                                                    \
 private:                                           \
  T name##_
