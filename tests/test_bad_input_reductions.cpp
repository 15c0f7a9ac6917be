// Bad input: framework/ops/reduction.hpp, framework/ops/softmax.hpp.
// The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("reductions_and_softmax_refuse_dims_out_of_range_repeated_dims_and_empty_maxima") {
  const Tensor m = zeros({2, 3});
  const Tensor empty_rows = zeros({0, 3});
  const std::string dim5 = "Dimension out of range (expected to be in range of [-2, 1], but got 5)";
  const std::string dim_minus3 =
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)";
  // clang-format off
  check_errors({
      {"sum over dim 5", [&] { m.sum({5}); }, Error::OutOfRange, dim5},
      {"sum over dim -3", [&] { m.sum({-3}); }, Error::OutOfRange, dim_minus3},
      {"sum over a repeated dim", [&] { m.sum({0, -2}); }, Error::InvalidArgument,
       "dim 0 appears multiple times in the list of dims"},
      {"sum of a 0-dim tensor over dim 1", [] { tensor(1.0).sum({1}); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-1, 0], but got 1)"},
      {"mean over dim 5", [&] { m.mean({5}); }, Error::OutOfRange, dim5},
      {"mean over dim -3", [&] { m.mean({-3}, true); }, Error::OutOfRange, dim_minus3},
      {"mean over a repeated dim", [&] { m.mean({1, 1}); }, Error::InvalidArgument,
       "dim 1 appears multiple times in the list of dims"},
      {"amax over dim 5", [&] { m.amax({5}); }, Error::OutOfRange, dim5},
      {"amax over a repeated dim", [&] { m.amax({-1, 1}); }, Error::InvalidArgument,
       "dim 1 appears multiple times"},
      {"logsumexp over dim -3", [&] { m.logsumexp({-3}); }, Error::OutOfRange, dim_minus3},
      {"logsumexp over a repeated dim", [&] { m.logsumexp({0, 0}); }, Error::InvalidArgument,
       "dim 0 appears multiple times"},
      {"softmax over dim 5", [&] { m.softmax(5); }, Error::OutOfRange, dim5},
      {"log_softmax over dim -3", [&] { m.log_softmax(-3); }, Error::OutOfRange, dim_minus3},
      {"max of an empty tensor", [&] { empty_rows.max(); }, Error::InvalidArgument,
       "max(): Expected reduction dim to be specified for input.numel() == 0"},
      {"amax of an empty tensor over all dims", [&] { empty_rows.amax(); }, Error::InvalidArgument,
       "amax(): Expected reduction dim 0 to have non-zero size"},
      {"amax over an empty dim", [&] { empty_rows.amax({0}); }, Error::InvalidArgument,
       "amax(): Expected reduction dim 0 to have non-zero size"},
      {"sum of an undefined tensor", [] { sum(Tensor()); }, Error::LogicError, kUndefined},
      {"mean of an undefined tensor", [] { mean(Tensor(), {0}); }, Error::LogicError,
       kUndefined},
      {"max of an undefined tensor", [] { max(Tensor()); }, Error::LogicError, kUndefined},
      {"amax of an undefined tensor", [] { amax(Tensor()); }, Error::LogicError,
       kUndefined},
      {"logsumexp of an undefined tensor", [] { logsumexp(Tensor(), {0}); }, Error::LogicError,
       kUndefined},
      {"softmax of an undefined tensor", [] { softmax(Tensor(), 0); }, Error::LogicError,
       kUndefined},
      {"log_softmax of an undefined tensor", [] { log_softmax(Tensor(), 0); }, Error::LogicError,
       kUndefined},
      {"sum_to a shape that does not broadcast to the gradient's", [&] { sum_to(m, {4}); },
       Error::InvalidArgument, "a gradient of shape [2, 3] cannot be summed to [4]"},
      {"sum_to more dims than the gradient has", [&] { sum_to(m, {1, 2, 3}); },
       Error::InvalidArgument, "a gradient of shape [2, 3] cannot be summed to [1, 2, 3]"},
  });
  // clang-format on
}
