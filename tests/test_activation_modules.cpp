#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::printed;
using V = std::vector<Tensor>;

TEST_CASE("gelu_module_matches_pytorch_for_both_approximations") {
  const xgrad::testing::Fixture f("layers.json");
  for (const std::string approximate : {"none", "tanh"}) {
    for (const std::string dtype_name : {"float64", "float32"}) {
      CAPTURE(approximate);
      CAPTURE(dtype_name);
      const Dtype dtype = dtype_name == "float64" ? kFloat64 : kFloat32;
      const double tol = dtype == kFloat64 ? 1e-9 : 1e-5;
      const std::string prefix = "gelu_" + approximate + "/" + dtype_name + "/";
      const Tensor x = f.tensor(prefix + "x", dtype).requires_grad_();
      nn::GELU gelu(approximate);
      const Tensor y = gelu(x);
      CHECK(y.dtype() == dtype);
      CHECK(testing::allclose(y, f.tensor(prefix + "out"), tol, tol));
      (y * f.tensor(prefix + "w", dtype)).sum().backward();
      CHECK(testing::allclose(x.grad(), f.tensor(prefix + "grad_x"), tol, tol));
    }
  }
}

TEST_CASE("activation_modules_apply_their_function_and_pass_gradcheck") {
  manual_seed(6);
  const Tensor x = xgrad::testing::uniform_leaf64({3, 4}, -2.0, 2.0);
  CHECK(testing::allclose(nn::ReLU()(x), relu(x), 0, 0));
  CHECK(testing::allclose(nn::Tanh()(x), tanh(x), 0, 0));
  CHECK(testing::allclose(nn::Sigmoid()(x), sigmoid(x), 0, 0));
  CHECK(autograd::gradcheck([](const V& v) { return nn::Tanh()(v[0]); }, {x}));
  CHECK(autograd::gradcheck([](const V& v) { return nn::Sigmoid()(v[0]); }, {x}));
  CHECK(autograd::gradcheck([](const V& v) { return nn::GELU("tanh")(v[0]); }, {x}));
  CHECK(autograd::gradcheck([](const V& v) { return nn::GELU()(v[0]); }, {x}));
}

TEST_CASE("activation_modules_print_as_pytorch") {
  CHECK(printed(nn::ReLU()) == "ReLU()");
  CHECK(printed(nn::Tanh()) == "Tanh()");
  CHECK(printed(nn::Sigmoid()) == "Sigmoid()");
  CHECK(printed(nn::GELU()) == "GELU(approximate='none')");
  CHECK(printed(nn::GELU("tanh")) == "GELU(approximate='tanh')");
  CHECK(printed(*nn::GELU("tanh").clone()) == "GELU(approximate='tanh')");
}
