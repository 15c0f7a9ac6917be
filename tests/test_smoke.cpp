#include <doctest/doctest.h>

#include <xgrad/xgrad.hpp>

using namespace xgrad;

TEST_CASE("smoke") {
  auto x = tensor({1.0, 2.0, 3.0}, requires_grad());
  auto y = (x * x).sum();
  y.backward();
  CHECK(x.grad().to_xarray<double>() == xt::xarray<double>{2, 4, 6});
}
