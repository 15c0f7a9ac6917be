// Bad input: the view ops (view, permute) and in-place writes into views. The tables read as
// bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("view_ops_refuse_strides_they_cannot_view_and_dims_that_are_not_a_permutation") {
  const Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  const std::string not_viewable =
      "view size is not compatible with input tensor's size and stride (at least one dimension "
      "spans across two contiguous subspaces). Use .reshape(...) instead.";
  const std::string dims_count =
      "number of dimensions in the tensor input does not match the length of the desired "
      "ordering of dimensions i.e. input.dim() = 3 is not equal to len(dims) = ";
  // clang-format off
  check_errors({
      {"view of a transpose as one dim", [&] { x.transpose(0, 1).view({-1}); }, Error::RuntimeError, not_viewable},
      {"view of a transpose as [6, 4]", [&] { x.transpose(0, 1).view({6, 4}); }, Error::RuntimeError, not_viewable},
      {"view of a narrow as one dim", [&] { x.narrow(2, 1, 2).view({12}); }, Error::RuntimeError, not_viewable},
      {"permute with a repeated dim", [&] { x.permute({0, 0, 1}); }, Error::InvalidArgument,
       "permute(): duplicate dims are not allowed."},
      {"permute with a repeated negative dim", [&] { permute(x, {0, 1, -3}); }, Error::InvalidArgument,
       "permute(): duplicate dims are not allowed."},
      {"permute with too few dims", [&] { x.permute({0, 1}); }, Error::InvalidArgument, dims_count + "2"},
      {"permute with too many dims", [&] { permute(x, {0, 1, 2, 3}); }, Error::InvalidArgument, dims_count + "4"},
      {"permute with a dim out of range", [&] { x.permute({0, 1, 3}); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-3, 2], but got 3)"},
      {"permute of an undefined tensor", [] { permute(Tensor(), {0}); }, Error::LogicError, kUndefined},
  });
  // clang-format on
}

TEST_CASE("in_place_ops_refuse_to_write_into_an_expanded_tensor") {
  const std::string overlap =
      "unsupported operation: more than one element of the written-to tensor refers to a single "
      "memory location. Please clone() the tensor before performing the operation.";
  const auto expanded = [] { return arange(3.0, kFloat64).reshape({3, 1}).expand({2, 3, 4}); };
  // clang-format off
  check_errors({
      {"add_ into an expanded tensor", [&] { expanded().add_(1.0); }, Error::RuntimeError, overlap},
      {"add_ of a tensor into an expanded tensor", [&] { expanded().add_(ones({4}, kFloat64)); }, Error::RuntimeError, overlap},
      {"sub_ into an expanded tensor", [&] { expanded().sub_(1.0); }, Error::RuntimeError, overlap},
      {"mul_ into an expanded tensor", [&] { expanded().mul_(2.0); }, Error::RuntimeError, overlap},
      {"copy_ into an expanded tensor", [&] { expanded().copy_(ones({2, 3, 4}, kFloat64)); }, Error::RuntimeError, overlap},
      {"add_ into a view of an expanded tensor", [&] { expanded()[0].narrow(1, 0, 2).add_(1.0); }, Error::RuntimeError, overlap},
  });
  // clang-format on
}

TEST_CASE("data_refuses_a_view") {
  const Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  // clang-format off
  check_errors({
      {"data of a select", [&] { x[0].data<double>(); }, Error::LogicError, "is a view"},
      {"data of a transpose", [&] { x.transpose(0, 1).data<double>(); }, Error::LogicError, "is a view"},
      {"data of an expand", [] { ones({3, 1}, kFloat64).expand({3, 4}).data<double>(); }, Error::LogicError, "is a view"},
  });
  // clang-format on
}
