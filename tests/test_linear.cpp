#include <doctest/doctest.h>

#include <sstream>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;

TEST_CASE("linear_module_registers_weight_and_bias_like_pytorch") {
  nn::Linear layer(4, 3);
  const auto named = layer.named_parameters();
  REQUIRE(named.size() == 2);
  CHECK(named[0].first == "weight");
  CHECK(named[0].second.sizes() == Sizes{3, 4});
  CHECK(named[1].first == "bias");
  CHECK(named[1].second.sizes() == Sizes{3});
  CHECK(named[0].second.is_same(layer.weight));
  nn::Linear no_bias(nn::LinearOptions(4, 3).bias(false));
  CHECK(no_bias.parameters().size() == 1);
  CHECK_FALSE(no_bias.bias.defined());
}

TEST_CASE("linear_module_init_is_uniform_within_one_over_sqrt_in_features") {
  manual_seed(9);
  nn::Linear layer(16, 200);
  for (const Tensor& p : layer.parameters()) {
    const double largest = xt::amax(xt::abs(p.to_xarray<double>()))();
    CHECK(largest <= 0.25);
    CHECK(largest > 0.24);  // 200 draws reach close to the bound
  }
}

TEST_CASE("linear_module_forward_is_x_w_transposed_plus_b") {
  nn::Linear layer(nn::LinearOptions(2, 2).dtype(kFloat64));
  {
    NoGradGuard no_grad;
    layer.weight.copy_(tensor({{1.0, 2.0}, {3.0, 4.0}}));
    layer.bias.copy_(tensor({0.5, -0.5}));
  }
  const Tensor y = layer(tensor({{1.0, 1.0}, {2.0, 0.0}}, kFloat64));
  CHECK(testing::allclose(y, xt::xarray<double>{{3.5, 6.5}, {2.5, 5.5}}));
  CHECK(testing::allclose(layer(tensor({1.0, 1.0}, kFloat64)), xt::xarray<double>{3.5, 6.5}));
  y.sum().backward();
  CHECK(testing::allclose(layer.weight.grad(), xt::xarray<double>{{3, 1}, {3, 1}}));
  CHECK(testing::allclose(layer.bias.grad(), xt::xarray<double>{2, 2}));
}

TEST_CASE("linear_module_prints_like_the_pytorch_cpp_frontend") {
  std::ostringstream os;
  os << nn::Linear(20, 1) << ' ' << nn::Linear(3, 4, false);
  CHECK(os.str() ==
        "Linear(in_features=20, out_features=1, bias=true) Linear(in_features=3, out_features=4, "
        "bias=false)");
}

TEST_CASE("linear_module_errors_name_the_shapes") {
  nn::Linear layer(4, 3);
  CHECK_THROWS_WITH_AS(layer(zeros({2, 5})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)"),
                       std::invalid_argument);
  CHECK_THROWS_AS(nn::Linear(-1, 3), std::invalid_argument);
}

namespace {
struct TwoLayers : nn::Module {
  TwoLayers() : Module("TwoLayers") {}
  Tensor scale = register_parameter("scale", ones({1}));
  std::shared_ptr<nn::Linear> first = register_module("first", std::make_shared<nn::Linear>(2, 3));
  std::shared_ptr<nn::Linear> second =
      register_module("second", std::make_shared<nn::Linear>(3, 1));
};
}  // namespace

TEST_CASE("module_collects_parameters_in_registration_order_with_dotted_names") {
  TwoLayers model;
  const auto named = model.named_parameters();
  REQUIRE(named.size() == 5);
  CHECK(named[0].first == "scale");
  CHECK(named[1].first == "first.weight");
  CHECK(named[4].first == "second.bias");
  CHECK(model.parameters(/*recurse=*/false).size() == 1);
  CHECK(model.parameters()[1].is_same(model.first->weight));
}

TEST_CASE("a_module_shared_by_two_parents_lists_its_parameters_once_and_trains_once") {
  struct Tied : nn::Module {
    Tied() : Module("Tied") {}
    std::shared_ptr<nn::Linear> shared = std::make_shared<nn::Linear>(2, 2, /*bias=*/false);
    std::shared_ptr<nn::Linear> encoder = register_module("encoder", shared);
    std::shared_ptr<nn::Linear> decoder = register_module("decoder", shared);
  } model;
  const auto named = model.named_parameters();
  REQUIRE(named.size() == 1);
  CHECK(named[0].first == "encoder.weight");
  CHECK(model.state_dict().keys() == std::vector<std::string>{"encoder.weight", "decoder.weight"});

  const Tensor before = model.shared->weight.clone();
  model.shared->weight.set_grad(ones({2, 2}));
  optim::SGD optimizer(model.parameters(), optim::SGDOptions(0.5));
  optimizer.step();
  CHECK(testing::allclose(model.shared->weight, before - 0.5));
}

TEST_CASE("module_refuses_duplicate_or_dotted_names") {
  struct Bad : nn::Module {
    void add(const std::string& name) { register_parameter(name, zeros({1})); }
  } bad;
  bad.add("w");
  CHECK_THROWS_WITH_AS(bad.add("w"), doctest::Contains("attribute 'w' already exists"),
                       std::invalid_argument);
  CHECK_THROWS_AS(bad.add("a.b"), std::invalid_argument);
  CHECK_THROWS_AS(bad.add(""), std::invalid_argument);
}

TEST_CASE("module_zero_grad_train_eval_and_to_reach_every_submodule") {
  TwoLayers model;
  (*model.second)((*model.first)(ones({4, 2}))).sum().backward();
  CHECK(model.first->weight.grad().defined());
  model.zero_grad(/*set_to_none=*/false);
  CHECK(model.first->weight.grad().abs().sum().item<double>() == 0.0);
  model.zero_grad();
  CHECK_FALSE(model.first->weight.grad().defined());
  model.eval();
  CHECK_FALSE(model.is_training());
  CHECK_FALSE(model.second->is_training());
  model.train();
  CHECK(model.first->is_training());
  model.to(kFloat64);
  for (const Tensor& p : model.parameters()) CHECK(p.dtype() == kFloat64);
  CHECK(model.first->weight.dtype() == kFloat64);
  CHECK(model.first->weight.requires_grad());
}
