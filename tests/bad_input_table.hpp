#pragma once

// Bad input everywhere: every public op and module fed wrong ranks, sizes, dtypes, dims out of
// range, negative sizes, undefined and empty tensors. Each row of a table names its case; an
// error row says which std::exception subclass must be thrown and a phrase its what() must hold
// (PyTorch's words where PyTorch has them), an empty-input row the result PyTorch gives.
//
// The tables are laid out by hand, one row per case: clang-format 14 would spread every lambda
// that holds a braced list over four lines.
//
// The shared table machinery of the tests/test_bad_input_<section>.cpp files.

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

using namespace xgrad;
namespace F = xgrad::nn::functional;
using nn::Reduction;

// PyTorch's exceptions mapped as the code base maps them: IndexError -> out_of_range,
// ValueError and argument errors -> invalid_argument, state errors -> runtime_error; misuse of
// an undefined Tensor handle -> logic_error (the base of the first two).
enum class Error { InvalidArgument, OutOfRange, RuntimeError, LogicError };

struct ErrorCase {
  std::string name;
  std::function<void()> call;
  Error error;
  std::string message;  // a phrase what() must contain
};

inline bool is_kind(const std::exception& e, Error error) {
  switch (error) {
    case Error::InvalidArgument:
      return dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
    case Error::OutOfRange:
      return dynamic_cast<const std::out_of_range*>(&e) != nullptr;
    case Error::RuntimeError:
      return dynamic_cast<const std::runtime_error*>(&e) != nullptr;
    case Error::LogicError:
      return dynamic_cast<const std::logic_error*>(&e) != nullptr;
  }
  return false;
}

inline const char* kind_name(Error error) {
  switch (error) {
    case Error::InvalidArgument:
      return "std::invalid_argument";
    case Error::OutOfRange:
      return "std::out_of_range";
    case Error::RuntimeError:
      return "std::runtime_error";
    case Error::LogicError:
      return "std::logic_error";
  }
  return "?";
}

inline void check_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    INFO("case: ", c.name, " (expects ", kind_name(c.error), " saying \"", c.message, "\")");
    try {
      c.call();
      FAIL_CHECK("no exception was thrown");
    } catch (const std::exception& e) {
      INFO("what(): ", e.what());
      CHECK(is_kind(e, c.error));
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
    } catch (...) {
      FAIL_CHECK("an exception that is not a std::exception was thrown");
    }
  }
}

// An op given empty input and the result it must give: its shape and, when it has elements,
// the value they all hold (NaN matches NaN here).
struct EmptyCase {
  std::string name;
  std::function<Tensor()> op;
  Sizes shape;
  std::optional<double> fill = std::nullopt;
};

inline bool all_equal(const Tensor& t, double value) {
  for (double v : t.to_xarray<double>()) {
    if (!(v == value || (std::isnan(v) && std::isnan(value)))) return false;
  }
  return true;
}

// Each op's result must have the expected shape and values; where it is differentiable, the
// backward of its sum must reach the empty input with a gradient of the input's (empty) shape.
inline void check_empty_results(const std::vector<EmptyCase>& cases, const Tensor& input) {
  for (const EmptyCase& c : cases) {
    INFO("case: ", c.name);
    input.zero_grad();
    Tensor out;
    try {
      out = c.op();
    } catch (const std::exception& e) {
      FAIL_CHECK("threw: ", e.what());
      continue;
    }
    CHECK(out.sizes() == c.shape);
    CHECK(out.numel() == numel_of(c.shape.vec()));
    if (c.fill) CHECK(all_equal(out, *c.fill));
    if (out.requires_grad()) {
      out.sum().backward();
      REQUIRE(input.grad().defined());
      CHECK(input.grad().sizes() == input.sizes());
    }
  }
}

// An op that returns several tensors and the shapes they must have.
struct PartsCase {
  std::string name;
  std::function<std::vector<Tensor>()> op;
  std::vector<Sizes> shapes;
};

inline void check_parts(const std::vector<PartsCase>& cases) {
  for (const PartsCase& c : cases) {
    INFO("case: ", c.name);
    std::vector<Sizes> shapes;
    for (const Tensor& part : c.op()) shapes.push_back(part.sizes());
    CHECK(shapes == c.shapes);
  }
}

inline const double kNan = std::nan("");
// What every op says of an undefined Tensor (after "<op>(): " where the op knows its name).
inline const std::string kUndefined = "expected a defined Tensor, but got an undefined Tensor";

using BinaryOp = std::function<Tensor(const Tensor&, const Tensor&)>;
using UnaryOp = std::function<Tensor(const Tensor&)>;

// The cases every elementwise op shares: a binary op given shapes that do not broadcast ([2, 3]
// with [4], [0, 3] with [2, 3]) or an undefined operand, a unary op given an undefined tensor.
inline void add_elementwise_cases(std::vector<ErrorCase>& cases,
                                  const std::vector<std::pair<std::string, BinaryOp>>& binary_ops,
                                  const std::vector<std::pair<std::string, UnaryOp>>& unary_ops) {
  const Tensor a = zeros({2, 3}), b = ones({4});
  const Tensor empty_rows = zeros({0, 3}), rows = ones({2, 3});
  for (const auto& [name, op] : binary_ops) {
    cases.push_back({name + " of [2, 3] and [4]", [a, b, op = op] { op(a, b); },
                     Error::InvalidArgument,
                     "The size of tensor a (3) must match the size of tensor b (4) at "
                     "non-singleton dimension 1"});
    cases.push_back({name + " of [0, 3] and [2, 3]",
                     [empty_rows, rows, op = op] { op(empty_rows, rows); }, Error::InvalidArgument,
                     "The size of tensor a (0) must match the size of tensor b (2) at "
                     "non-singleton dimension 0"});
    cases.push_back({name + " of an undefined and a defined tensor",
                     [a, op = op] { op(Tensor(), a); }, Error::LogicError, kUndefined});
    cases.push_back({name + " of a defined and an undefined tensor",
                     [a, op = op] { op(a, Tensor()); }, Error::LogicError, kUndefined});
  }
  for (const auto& [name, op] : unary_ops) {
    cases.push_back({name + " of an undefined tensor", [op = op] { op(Tensor()); },
                     Error::LogicError, kUndefined});
  }
}
inline constexpr int64_t kHuge = int64_t{1} << 32;  // kHuge * kHuge overflows int64_t
inline constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// A module whose register_parameter and register_module are reachable, to feed them bad input.
struct OpenModule : nn::Module {
  using nn::Module::register_module;
  using nn::Module::register_parameter;
};
