// Bad input: framework/factories.hpp, framework/dtype.hpp.
// The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <cmath>

#include "bad_input_table.hpp"

TEST_CASE("factories_refuse_negative_or_overflowing_sizes_ragged_lists_and_bad_ranges") {
  // clang-format off
  check_errors({
      {"zeros of a negative size", [] { zeros({2, -1}); }, Error::InvalidArgument,
       "Trying to create tensor with negative dimension -1: [2, -1]"},
      {"ones of a negative size", [] { ones({-3}); }, Error::InvalidArgument,
       "negative dimension -3"},
      {"full of a negative size", [] { full({-1}, 2.0); }, Error::InvalidArgument,
       "negative dimension -1"},
      {"empty of a negative size", [] { empty({0, -2}); }, Error::InvalidArgument,
       "negative dimension -2"},
      {"rand of a negative size", [] { rand({-1}); }, Error::InvalidArgument,
       "negative dimension -1"},
      {"randn of a negative size", [] { randn({-1}); }, Error::InvalidArgument,
       "negative dimension -1"},
      {"zeros of sizes whose product overflows", [] { zeros({kHuge, kHuge}); },
       Error::InvalidArgument,
       "Storage size calculation overflowed with sizes=[4294967296, 4294967296]"},
      {"empty of sizes whose nonzero product overflows", [] { empty({kHuge, 0, kHuge}); },
       Error::InvalidArgument,
       "Storage size calculation overflowed with sizes=[4294967296, 0, 4294967296]"},
      {"randn of sizes whose product overflows", [] { randn({2, kHuge, kHuge}); },
       Error::InvalidArgument, "overflowed"},
      {"arange with a NaN step", [] { arange(0.0, 5.0, kNan); }, Error::InvalidArgument,
       "step must be nonzero, got nan"},
      {"arange with step 0", [] { arange(0.0, 5.0, 0.0); }, Error::InvalidArgument,
       "step must be nonzero"},
      {"arange with bounds against the step", [] { arange(5.0, 0.0, 1.0); }, Error::InvalidArgument,
       "upper bound and larger bound inconsistent with step sign"},
      {"arange to infinity", [] { arange(INFINITY); }, Error::InvalidArgument,
       "unsupported range: 0 -> inf"},
      {"arange from NaN", [] { arange(kNan, 1.0); }, Error::InvalidArgument,
       "unsupported range: nan -> 1"},
      {"arange of too many elements", [] { arange(0.0, 1e30); }, Error::InvalidArgument,
       "invalid size, possible overflow?"},
      {"tensor of rows of different lengths", [] { tensor({{1.0, 2.0}, {3.0}}); },
       Error::InvalidArgument, "expected sequence of length 2 at dim 1 (got 1)"},
      {"tensor of a longer second row", [] { tensor({{1.0}, {2.0, 3.0}}, kFloat64); },
       Error::InvalidArgument, "expected sequence of length 1 at dim 1 (got 2)"},
      {"tensor of ragged 3-D lists", [] { tensor({{{1.0, 2.0}}, {{3.0}, {4.0}}}); },
       Error::InvalidArgument, "expected sequence of length 1 at dim 1 (got 2)"},
      {"tensor of ragged 4-D lists", [] { tensor({{{{1.0, 2.0}}}, {{{3.0}}}}); },
       Error::InvalidArgument, "expected sequence of length 2 at dim 3 (got 1)"},
      {"zeros_like of an undefined tensor", [] { zeros_like(Tensor()); }, Error::LogicError,
       kUndefined},
      {"ones_like of an undefined tensor", [] { ones_like(Tensor()); }, Error::LogicError,
       kUndefined},
      {"randn_like of an undefined tensor", [] { randn_like(Tensor()); }, Error::LogicError,
       kUndefined},
      {"a device other than the CPU", [] { zeros({2}, TensorOptions().device("cuda")); },
       Error::InvalidArgument,
       "xgrad supports only the CPU device: expected \"cpu\", got \"cuda\""},
      {"an unknown device", [] { Device("tpu"); }, Error::InvalidArgument,
       "Expected one of cpu, cuda, mps, xpu, meta device type at start of device string: tpu"},
  });
  // clang-format on
}
