// Bad input: nn/init.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("init_refuses_bad_ranks_ranges_nonlinearities_and_undefined_tensors") {
  const Tensor vector = zeros({3});
  const std::string fewer_than_2 =
      "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions";
  // clang-format off
  check_errors({
      {"uniform_ with a > b", [] { nn::init::uniform_(zeros({2}), 1.0, 0.0); },
       Error::InvalidArgument, "uniform_ expects to return a [from, to) range"},
      {"normal_ with a negative std", [] { nn::init::normal_(zeros({2}), 0.0, -2.0); },
       Error::InvalidArgument, "normal expects std >= 0.0"},
      {"calculate_gain of an unknown nonlinearity", [] { nn::init::calculate_gain("softmax"); },
       Error::InvalidArgument, "Unsupported nonlinearity softmax"},
      {"fans of a 1-D tensor", [&] { nn::init::calculate_fan_in_and_fan_out(vector); },
       Error::InvalidArgument, fewer_than_2 + " (got [3])"},
      {"xavier_uniform_ of a 1-D tensor", [&] { nn::init::xavier_uniform_(vector); },
       Error::InvalidArgument, fewer_than_2},
      {"xavier_normal_ of a 0-dim tensor", [] { nn::init::xavier_normal_(tensor(1.0)); },
       Error::InvalidArgument, fewer_than_2 + " (got [])"},
      {"kaiming_uniform_ of a 1-D tensor", [&] { nn::init::kaiming_uniform_(vector); },
       Error::InvalidArgument, fewer_than_2},
      {"kaiming_normal_ of a 1-D tensor", [&] { nn::init::kaiming_normal_(vector); },
       Error::InvalidArgument, fewer_than_2},
      {"kaiming_uniform_ with an unknown nonlinearity",
       [] { nn::init::kaiming_uniform_(zeros({2, 2}), 0.0, nn::init::FanMode::FanIn, "gelu"); },
       Error::InvalidArgument, "Unsupported nonlinearity gelu"},
      {"orthogonal_ of a 1-D tensor", [&] { nn::init::orthogonal_(vector); },
       Error::InvalidArgument, "Only tensors with 2 or more dimensions are supported (got [3])"},
      {"uniform_ of an undefined tensor", [] { nn::init::uniform_(Tensor()); }, Error::LogicError,
       "uniform_(): " + kUndefined},
      {"normal_ of an undefined tensor", [] { nn::init::normal_(Tensor()); }, Error::LogicError,
       "normal_(): " + kUndefined},
      {"constant_ of an undefined tensor", [] { nn::init::constant_(Tensor(), 1.0); },
       Error::LogicError, "constant_(): " + kUndefined},
      {"zeros_ of an undefined tensor", [] { nn::init::zeros_(Tensor()); }, Error::LogicError,
       "zeros_(): " + kUndefined},
      {"ones_ of an undefined tensor", [] { nn::init::ones_(Tensor()); }, Error::LogicError,
       "ones_(): " + kUndefined},
      {"xavier_uniform_ of an undefined tensor", [] { nn::init::xavier_uniform_(Tensor()); },
       Error::LogicError, "calculate_fan_in_and_fan_out(): " + kUndefined},
      {"xavier_normal_ of an undefined tensor", [] { nn::init::xavier_normal_(Tensor()); },
       Error::LogicError, "calculate_fan_in_and_fan_out(): " + kUndefined},
      {"kaiming_uniform_ of an undefined tensor", [] { nn::init::kaiming_uniform_(Tensor()); },
       Error::LogicError, "kaiming_uniform_(): " + kUndefined},
      {"kaiming_normal_ of an undefined tensor", [] { nn::init::kaiming_normal_(Tensor()); },
       Error::LogicError, "kaiming_normal_(): " + kUndefined},
      {"orthogonal_ of an undefined tensor", [] { nn::init::orthogonal_(Tensor()); },
       Error::LogicError, "orthogonal_(): " + kUndefined},
  });
  // clang-format on
}
