// Bad input: framework/ops/linalg.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("matmul_mm_and_linear_refuse_bad_ranks_inner_sizes_and_mixed_dtypes") {
  const Tensor a = zeros({2, 3});
  const Tensor w = zeros({4, 3});
  const std::string float_and_double =
      "expected mat1 and mat2 to have the same dtype, but got: float != double";
  // clang-format off
  check_errors({
      {"matmul of a 0-dim tensor", [&] { matmul(tensor(1.0), a); }, Error::InvalidArgument,
       "both arguments to matmul need to be at least 1D, but they are 0D and 2D"},
      {"matmul of mixed dtypes", [&] { matmul(a, zeros({3, 2}, kFloat64)); },
       Error::InvalidArgument,
       "expected m1 and m2 to have the same dtype, but got: float != double"},
      {"matmul with mismatched inner sizes", [&] { matmul(a, zeros({4, 5})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"},
      {"matmul of vectors of different lengths", [] { matmul(zeros({3}), zeros({4})); },
       Error::InvalidArgument,
       "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of "
       "elements, but got 3 and 4 elements respectively"},
      {"matmul of a vector and a mismatched matrix", [] { matmul(zeros({3}), zeros({4, 5})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)"},
      {"matmul of a matrix and a mismatched vector", [&] { matmul(a, zeros({4})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x1)"},
      {"matmul with batch dims that do not broadcast",
       [] { matmul(zeros({2, 3, 4}), zeros({5, 4, 2})); }, Error::InvalidArgument,
       "The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 0"},
      {"matmul with an undefined tensor", [&] { matmul(a, Tensor()); }, Error::LogicError,
       kUndefined},
      {"mm of a vector", [&] { mm(zeros({3}), a); }, Error::InvalidArgument,
       "self must be a matrix, got 1-D"},
      {"mm with a 3-D second operand", [&] { mm(a, zeros({3, 2, 1})); }, Error::InvalidArgument,
       "mat2 must be a matrix, got 3-D"},
      {"mm with mismatched inner sizes", [&] { mm(a, a); }, Error::InvalidArgument,
       "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"},
      {"mm of mixed dtypes", [&] { mm(a, zeros({3, 2}, kFloat64)); }, Error::InvalidArgument,
       float_and_double},
      {"mm with an undefined tensor", [&] { mm(Tensor(), a); }, Error::LogicError,
       kUndefined},
      {"linear with a 1-D weight", [&] { linear(a, zeros({3})); }, Error::InvalidArgument,
       "linear(): expected weight to be 2-D (out_features, in_features), got 1-D"},
      {"linear of a 0-dim input", [&] { linear(tensor(1.0), w); }, Error::InvalidArgument,
       "linear(): expected input to be at least 1-D, got 0-D"},
      {"linear with mismatched in_features", [] { linear(zeros({2, 5}), zeros({4, 3})); },
       Error::InvalidArgument, "mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)"},
      {"linear of a 3-D input with mismatched in_features",
       [] { linear(zeros({2, 6, 5}), zeros({4, 3})); }, Error::InvalidArgument,
       "mat1 and mat2 shapes cannot be multiplied (12x5 and 3x4)"},
      {"linear of mixed input and weight dtypes", [&] { linear(a, zeros({4, 3}, kFloat64)); },
       Error::InvalidArgument, float_and_double},
      {"linear with a bias of the wrong size", [&] { linear(a, w, zeros({5})); },
       Error::InvalidArgument,
       "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"},
      {"linear with a bias of another dtype", [&] { linear(a, w, zeros({4}, kFloat64)); },
       Error::InvalidArgument,
       "expected input and bias to have the same dtype, but got: float != double"},
      {"linear of an undefined input", [&] { linear(Tensor(), w); }, Error::LogicError,
       kUndefined},
      {"linear with an undefined weight", [&] { linear(a, Tensor()); }, Error::LogicError,
       kUndefined},
  });
  // clang-format on
}
