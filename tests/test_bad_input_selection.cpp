// Bad input: framework/ops/comparison.hpp, logical.hpp, selection.hpp, cumulative.hpp.
// The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("selection_ops_refuse_dims_out_of_range_and_k_out_of_range") {
  const Tensor m = zeros({2, 3});
  const Tensor empty_rows = zeros({0, 3});
  const std::string dim2 = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
  const std::string dim_minus3 =
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)";
  // clang-format off
  check_errors({
      {"argmax over dim 2", [&] { argmax(m, 2); }, Error::OutOfRange, dim2},
      {"argmin over dim -3", [&] { m.argmin(-3); }, Error::OutOfRange, dim_minus3},
      {"max over dim 2", [&] { max(m, 2); }, Error::OutOfRange, dim2},
      {"min over dim -3", [&] { m.min(-3, true); }, Error::OutOfRange, dim_minus3},
      {"topk over dim 2", [&] { topk(m, 1, 2); }, Error::OutOfRange, dim2},
      {"sort over dim -3", [&] { m.sort(-3); }, Error::OutOfRange, dim_minus3},
      {"cumsum over dim 2", [&] { cumsum(m, 2); }, Error::OutOfRange, dim2},
      {"any over dim 2", [&] { m.any(2); }, Error::OutOfRange, dim2},
      {"all over dim -3", [&] { all(m, -3); }, Error::OutOfRange, dim_minus3},
      {"argmax of a 0-dim tensor over dim 1", [] { argmax(tensor(1.0), 1); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-1, 0], but got 1)"},
      {"topk with k above the size", [&] { topk(m, 4); }, Error::InvalidArgument, "selected index k out of range"},
      {"topk with a negative k", [&] { m.topk(-1); }, Error::InvalidArgument, "selected index k out of range"},
      {"argmax of an empty tensor", [&] { empty_rows.argmax(); }, Error::OutOfRange,
       "argmax(): Expected reduction dim to be specified for input.numel() == 0."},
      {"argmax over an empty dim", [&] { argmax(empty_rows, 0); }, Error::OutOfRange,
       "argmax(): Expected reduction dim 0 to have non-zero size."},
      {"max over an empty dim", [&] { max(empty_rows, 0); }, Error::OutOfRange,
       "max(): Expected reduction dim 0 to have non-zero size."},
      {"min over an empty dim", [&] { empty_rows.min(-2); }, Error::OutOfRange,
       "min(): Expected reduction dim 0 to have non-zero size."},
      {"min of an empty tensor", [&] { empty_rows.min(); }, Error::InvalidArgument,
       "min(): Expected reduction dim to be specified for input.numel() == 0"},
  });
  // clang-format on
}

TEST_CASE("comparisons_and_masked_fill_refuse_bad_shapes_masks_and_undefined_tensors") {
  const Tensor a = zeros({2, 3});
  // clang-format off
  check_errors({
      {"eq of [2, 3] and [2]", [&] { eq(a, zeros({2})); }, Error::InvalidArgument,
       "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"},
      {"logical_or of [2, 3] and [4]", [&] { logical_or(a, zeros({4})); }, Error::InvalidArgument,
       "The size of tensor a (3) must match the size of tensor b (4)"},
      {"masked_fill with a mask of the wrong shape", [&] { a.masked_fill(ones({2}, kBool), 1.0); },
       Error::InvalidArgument, "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"},
      {"masked_fill with a float mask", [&] { a.masked_fill(ones({2, 3}), 1.0); }, Error::InvalidArgument,
       "masked_fill_ only supports boolean masks, but got mask with dtype Float"},
      {"masked_fill with an undefined mask", [&] { masked_fill(a, Tensor(), 1.0); }, Error::LogicError, kUndefined},
      {"masked_fill of an undefined tensor", [&] { masked_fill(Tensor(), ones({2}, kBool), 1.0); }, Error::LogicError, kUndefined},
      {"eq of an undefined tensor", [&] { eq(Tensor(), a); }, Error::LogicError, kUndefined},
      {"lt of a tensor and an undefined one", [&] { lt(a, Tensor()); }, Error::LogicError, kUndefined},
      {"gt of an undefined tensor and a number", [&] { gt(Tensor(), 1.0); }, Error::LogicError, kUndefined},
      {"logical_not of an undefined tensor", [&] { logical_not(Tensor()); }, Error::LogicError, kUndefined},
      {"any of an undefined tensor", [&] { any(Tensor()); }, Error::LogicError, kUndefined},
      {"argmax of an undefined tensor", [&] { argmax(Tensor()); }, Error::LogicError, kUndefined},
      {"max over a dim of an undefined tensor", [&] { max(Tensor(), 0); }, Error::LogicError, kUndefined},
      {"min of an undefined tensor", [&] { min(Tensor()); }, Error::LogicError, kUndefined},
      {"topk of an undefined tensor", [&] { topk(Tensor(), 1); }, Error::LogicError, kUndefined},
      {"sort of an undefined tensor", [&] { sort(Tensor()); }, Error::LogicError, kUndefined},
      {"cumsum of an undefined tensor", [&] { cumsum(Tensor(), 0); }, Error::LogicError, kUndefined},
  });
  // clang-format on
}
