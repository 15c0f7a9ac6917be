// Bad input: framework/ops/elementwise.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bad_input_table.hpp"

TEST_CASE("elementwise_ops_refuse_shapes_that_do_not_broadcast_and_undefined_tensors") {
  const Tensor a = zeros({2, 3});
  // clang-format off
  const std::vector<std::pair<std::string, BinaryOp>> binary_ops = {
      {"add", [](const Tensor& x, const Tensor& y) { return add(x, y); }},
      {"sub", [](const Tensor& x, const Tensor& y) { return sub(x, y); }},
      {"mul", [](const Tensor& x, const Tensor& y) { return mul(x, y); }},
      {"div", [](const Tensor& x, const Tensor& y) { return div(x, y); }},
      {"operator+", [](const Tensor& x, const Tensor& y) { return x + y; }},
      {"operator-", [](const Tensor& x, const Tensor& y) { return x - y; }},
      {"operator*", [](const Tensor& x, const Tensor& y) { return x * y; }},
      {"operator/", [](const Tensor& x, const Tensor& y) { return x / y; }},
      {"pow", [](const Tensor& x, const Tensor& y) { return pow(x, y); }},
      {"where (as a and b)", [](const Tensor& x, const Tensor& y) { return where(ones({}, kBool), x, y); }},
  };
  const std::vector<std::pair<std::string, UnaryOp>> unary_ops = {
      {"neg", [](const Tensor& x) { return neg(x); }},
      {"exp", [](const Tensor& x) { return exp(x); }},
      {"log", [](const Tensor& x) { return log(x); }},
      {"sqrt", [](const Tensor& x) { return sqrt(x); }},
      {"abs", [](const Tensor& x) { return abs(x); }},
      {"sign", [](const Tensor& x) { return sign(x); }},
      {"sigmoid", [](const Tensor& x) { return sigmoid(x); }},
      {"tanh", [](const Tensor& x) { return tanh(x); }},
      {"relu", [](const Tensor& x) { return relu(x); }},
      {"clamp", [](const Tensor& x) { return clamp(x, 0.0, 1.0); }},
      {"pow with a number", [](const Tensor& x) { return pow(x, 2.0); }},
      {"add a number", [](const Tensor& x) { return x + 1.0; }},
      {"subtract a number", [](const Tensor& x) { return x - 1.0; }},
      {"multiply by a number", [](const Tensor& x) { return x * 2.0; }},
      {"divide by a number", [](const Tensor& x) { return x / 2.0; }},
      {"number minus tensor", [](const Tensor& x) { return 1.0 - x; }},
      {"number over tensor", [](const Tensor& x) { return 1.0 / x; }},
      {"unary minus", [](const Tensor& x) { return -x; }},
  };
  std::vector<ErrorCase> cases = {
      {"where with a condition that does not broadcast", [&] { where(ones({5}, kBool), a, a); },
       Error::InvalidArgument, "The size of tensor a (5) must match the size of tensor b (3)"},
      {"where with an undefined condition", [&] { where(Tensor(), a, a); }, Error::LogicError,
       kUndefined},
      {"where with a float condition", [&] { where(ones({2, 3}), a, a); }, Error::InvalidArgument,
       "where expected condition to be a boolean tensor, but got a tensor with dtype Float"},
      {"where with an int64 condition", [&] { where(tensor({1, 0, 1}), a, a); }, Error::InvalidArgument,
       "where expected condition to be a boolean tensor, but got a tensor with dtype Long"},
      {"clamp without bounds", [&] { clamp(a, std::nullopt, std::nullopt); },
       Error::InvalidArgument, "At least one of 'min' or 'max' must not be None"},
  };
  // clang-format on
  add_elementwise_cases(cases, binary_ops, unary_ops);
  check_errors(cases);
}
