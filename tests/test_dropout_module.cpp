#include <doctest/doctest.h>

#include <sstream>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;

TEST_CASE("dropout_module_zeroes_about_p_and_scales_the_rest_when_training") {
  manual_seed(11);
  nn::Dropout dropout(0.3);
  const Tensor x = ones({100, 100}, kFloat64);
  const xt::xarray<double> y = dropout(x).to_xarray<double>();
  size_t zeros_seen = 0;
  for (double v : y) {
    if (v == 0.0) {
      ++zeros_seen;
    } else {
      CHECK(v == doctest::Approx(1.0 / 0.7).epsilon(1e-12));
    }
  }
  CHECK(zeros_seen > 2800);
  CHECK(zeros_seen < 3200);
}

TEST_CASE("dropout_module_is_the_identity_in_eval") {
  const xgrad::testing::Fixture f("layers.json");
  nn::Dropout dropout;
  dropout.eval();
  const Tensor x = f.tensor("dropout_eval/x");
  const Tensor y = dropout(x);
  CHECK(testing::allclose(y, f.tensor("dropout_eval/out"), 0, 0));
  dropout.train();
  CHECK_FALSE(testing::allclose(dropout(x), f.tensor("dropout_eval/out"), 0, 0));
}

TEST_CASE("dropout_module_gives_the_same_mask_for_the_same_seed") {
  nn::Dropout dropout(nn::DropoutOptions(0.5));
  const Tensor x = ones({8, 16});
  manual_seed(5);
  const Tensor first = dropout(x);
  manual_seed(5);
  const Tensor second = dropout(x);
  CHECK(testing::allclose(first, second, 0, 0));
}

TEST_CASE("dropout_module_prints_and_clones_as_pytorch") {
  std::ostringstream os;
  os << nn::Dropout(0.2);
  CHECK(os.str() == "Dropout(p=0.2, inplace=false)");
  nn::Dropout dropout;
  dropout.eval();
  const auto copy = std::dynamic_pointer_cast<nn::Dropout>(dropout.clone());
  REQUIRE(copy);
  CHECK(copy->options().p() == 0.5);
  CHECK_FALSE(copy->is_training());
}
