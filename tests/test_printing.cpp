#include <doctest/doctest.h>

#include <sstream>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::printed;

TEST_CASE("prints_floats_with_four_decimals_like_pytorch") {
  CHECK(printed(tensor({{1.5, 2.0}})) == "tensor([[1.5000, 2.0000]])");
  CHECK(printed(tensor({0.1, -2.25, 3.0})) == "tensor([ 0.1000, -2.2500,  3.0000])");
}

TEST_CASE("prints_whole_numbers_with_a_trailing_dot") {
  CHECK(printed(tensor({1.0, 2.0, -3.0})) == "tensor([ 1.,  2., -3.])");
  CHECK(printed(zeros({2})) == "tensor([0., 0.])");
}

TEST_CASE("prints_scientific_notation_for_wide_ranges") {
  CHECK(printed(tensor({1e-5, 1.0})) == "tensor([1.0000e-05, 1.0000e+00])");
  CHECK(printed(tensor({1e9, 1.0})) == "tensor([1.0000e+09, 1.0000e+00])");
}

TEST_CASE("prints_matrices_on_aligned_rows") {
  CHECK(printed(tensor({{1.0, 2.5}, {-3.0, 4.0}})) ==
        "tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]])");
  CHECK(printed(zeros({2, 1, 2})) == "tensor([[[0., 0.]],\n\n        [[0., 0.]]])");
}

TEST_CASE("prints_scalars_and_empty_tensors") {
  CHECK(printed(tensor(3.5)) == "tensor(3.5000)");
  CHECK(printed(zeros({0})) == "tensor([])");
  CHECK(printed(zeros({0, 3})) == "tensor([], size=(0, 3))");
}

TEST_CASE("prints_requires_grad_grad_fn_and_non_default_dtype") {
  auto x = tensor({{1.0, 2.0}}, requires_grad());
  CHECK(printed(x) == "tensor([[1., 2.]], requires_grad=true)");
  CHECK(printed(x + x) == "tensor([[2., 4.]], grad_fn=<AddBackward>)");
  CHECK(printed(tensor({1.0}, kFloat64)) == "tensor([1.], dtype=float64)");
  CHECK(printed(Tensor()) == "[ undefined Tensor ]");
}

TEST_CASE("prints_special_values") {
  CHECK(printed(tensor({1.0, INFINITY, -INFINITY, NAN})) == "tensor([1., inf, -inf, nan])");
}

TEST_CASE("wraps_long_vectors_at_80_columns_and_summarizes_big_tensors") {
  CHECK(printed(arange(30.0)) ==
        "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
        "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
        "        28., 29.])");
  CHECK(printed(arange(2000.0)) ==
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
        "        1.9990e+03])");
}
