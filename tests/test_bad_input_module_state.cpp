// Bad input: nn/module.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include "bad_input_table.hpp"

TEST_CASE("modules_refuse_bad_parameter_names_and_state_dicts") {
  OpenModule module;
  module.register_parameter("w", zeros({2}));
  nn::Linear linear_layer(3, 4);
  StateDict wrong_shape;
  wrong_shape.insert("weight", zeros({4, 5}));
  wrong_shape.insert("bias", zeros({4}));
  // clang-format off
  check_errors({
      {"register_parameter with an empty name", [&] { module.register_parameter("", zeros({1})); },
       Error::InvalidArgument,
       "a parameter or submodule name must be non-empty and contain no '.'"},
      {"register_parameter with a dotted name",
       [&] { module.register_parameter("a.b", zeros({1})); }, Error::InvalidArgument,
       "got \"a.b\""},
      {"register_parameter twice under one name",
       [&] { module.register_parameter("w", zeros({1})); }, Error::InvalidArgument,
       "attribute 'w' already exists"},
      {"register_parameter of an undefined tensor",
       [&] { module.register_parameter("u", Tensor()); }, Error::LogicError,
       "register_parameter(): " + kUndefined},
      {"register_module of a null module",
       [&] { module.register_module("cell", std::shared_ptr<nn::GRUCell>()); },
       Error::InvalidArgument,
       "register_module(): expected a module for \"cell\", but got a null module"},
      {"register_module under a parameter's name",
       [&] { module.register_module("w", std::make_shared<nn::Linear>(1, 1)); },
       Error::InvalidArgument, "attribute 'w' already exists"},
      {"load_state_dict with a parameter of another shape",
       [&] { linear_layer.load_state_dict(wrong_shape); }, Error::RuntimeError,
       "size mismatch for weight: copying a param with shape [4, 5] from checkpoint, the shape "
       "in current model is [4, 3]."},
      {"load_state_dict without the parameters", [&] { linear_layer.load_state_dict(StateDict()); },
       Error::RuntimeError, "Missing key(s) in state_dict: \"weight\", \"bias\"."},
  });
  // clang-format on
}
