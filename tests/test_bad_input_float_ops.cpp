// Bad input to the floating-point ops and activations (var, std, maximum, minimum, sin, cos,
// log1p, rsqrt, gelu, leaky_relu, elu, softplus, log_sigmoid): dims out of range, repeated
// dims, shapes that do not broadcast, undefined tensors, a bad gelu approximation; and the
// results PyTorch gives for empty input. The tables read as bad_input_table.hpp says.
#include "bad_input_table.hpp"

TEST_CASE("var_and_std_refuse_dims_out_of_range_repeated_dims_and_undefined_tensors") {
  const Tensor m = zeros({2, 3});
  const std::string dim5 = "Dimension out of range (expected to be in range of [-2, 1], but got 5)";
  const std::string dim_minus3 =
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)";
  // clang-format off
  check_errors({
      {"var over dim 5", [&] { m.var({5}); }, Error::OutOfRange, dim5},
      {"var over dim -3", [&] { var(m, {-3}, false, true); }, Error::OutOfRange, dim_minus3},
      {"var over dims 0 and 5", [&] { m.var({0, 5}); }, Error::OutOfRange, dim5},
      {"var over a repeated dim", [&] { m.var({0, -2}); }, Error::InvalidArgument,
       "dim 0 appears multiple times in the list of dims"},
      {"var of a 0-dim tensor over dim 1", [] { tensor(1.0).var({1}); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-1, 0], but got 1)"},
      {"std over dim 5", [&] { m.std({5}, false); }, Error::OutOfRange, dim5},
      {"std over dim -3", [&] { xgrad::std(m, {-3}); }, Error::OutOfRange, dim_minus3},
      {"std over a repeated dim", [&] { m.std({1, -1}, true, true); }, Error::InvalidArgument,
       "dim 1 appears multiple times in the list of dims"},
      {"std of a 0-dim tensor over dim -2", [] { tensor(1.0).std({-2}); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-1, 0], but got -2)"},
      {"var of an undefined tensor", [] { var(Tensor()); }, Error::LogicError, "undefined Tensor"},
      {"var over dims of an undefined tensor", [] { var(Tensor(), {0}); }, Error::LogicError,
       "undefined Tensor"},
      {"std of an undefined tensor", [] { xgrad::std(Tensor()); }, Error::LogicError,
       "undefined Tensor"},
      {"std over dims of an undefined tensor", [] { xgrad::std(Tensor(), {0}, false); },
       Error::LogicError, "undefined Tensor"},
  });
  // clang-format on
}

TEST_CASE("minimum_maximum_and_unary_float_ops_refuse_bad_shapes_and_undefined_tensors") {
  const Tensor a = zeros({2, 3});
  // clang-format off
  const std::vector<std::pair<std::string, BinaryOp>> binary_ops = {
      {"maximum", [](const Tensor& x, const Tensor& y) { return maximum(x, y); }},
      {"minimum", [](const Tensor& x, const Tensor& y) { return minimum(x, y); }},
  };
  const std::vector<std::pair<std::string, UnaryOp>> unary_ops = {
      {"sin", [](const Tensor& x) { return sin(x); }},
      {"cos", [](const Tensor& x) { return cos(x); }},
      {"log1p", [](const Tensor& x) { return log1p(x); }},
      {"rsqrt", [](const Tensor& x) { return rsqrt(x); }},
      {"gelu", [](const Tensor& x) { return F::gelu(x); }},
      {"gelu tanh", [](const Tensor& x) { return F::gelu(x, "tanh"); }},
      {"leaky_relu", [](const Tensor& x) { return F::leaky_relu(x); }},
      {"elu", [](const Tensor& x) { return F::elu(x); }},
      {"softplus", [](const Tensor& x) { return F::softplus(x); }},
      {"log_sigmoid", [](const Tensor& x) { return F::log_sigmoid(x); }},
  };
  std::vector<ErrorCase> cases = {
      {"gelu with approximate \"foo\"", [&] { F::gelu(a, "foo"); }, Error::InvalidArgument,
       "approximate argument must be either none or tanh."},
      {"gelu with approximate \"Tanh\"", [&] { F::gelu(a, "Tanh"); }, Error::InvalidArgument,
       "approximate argument must be either none or tanh."},
      {"gelu with an empty approximate", [&] { F::gelu(a, ""); }, Error::InvalidArgument,
       "approximate argument must be either none or tanh."},
  };
  // clang-format on
  add_elementwise_cases(cases, binary_ops, unary_ops);
  check_errors(cases);
}

TEST_CASE("float_ops_on_a_0_by_3_tensor_give_pytorchs_empty_results") {
  const Tensor e = zeros({0, 3}, requires_grad());
  // clang-format off
  check_empty_results({
      {"sin", [&] { return e.sin(); }, {0, 3}},
      {"cos", [&] { return e.cos(); }, {0, 3}},
      {"log1p", [&] { return e.log1p(); }, {0, 3}},
      {"rsqrt", [&] { return e.rsqrt(); }, {0, 3}},
      {"maximum with [1, 3]", [&] { return e.maximum(ones({1, 3})); }, {0, 3}},
      {"minimum with a 0-dim tensor", [&] { return minimum(e, tensor(1.0)); }, {0, 3}},
      {"var", [&] { return e.var(); }, {}, kNan},
      {"var biased", [&] { return e.var({}, false); }, {}, kNan},
      {"var over dim 0", [&] { return e.var({0}); }, {3}, kNan},
      {"var over dim 1", [&] { return e.var({1}); }, {0}},
      {"var over dim 0 keepdim", [&] { return e.var({0}, true, true); }, {1, 3}, kNan},
      {"std", [&] { return e.std(); }, {}, kNan},
      {"std over dim 0", [&] { return e.std({0}, false); }, {3}, kNan},
      {"std over dim -1 keepdim", [&] { return e.std({-1}, true, true); }, {0, 1}},
      {"gelu", [&] { return F::gelu(e); }, {0, 3}},
      {"gelu tanh", [&] { return F::gelu(e, "tanh"); }, {0, 3}},
      {"leaky_relu", [&] { return F::leaky_relu(e); }, {0, 3}},
      {"elu", [&] { return F::elu(e); }, {0, 3}},
      {"softplus", [&] { return F::softplus(e); }, {0, 3}},
      {"log_sigmoid", [&] { return F::log_sigmoid(e); }, {0, 3}},
  }, e);
  // clang-format on
}
