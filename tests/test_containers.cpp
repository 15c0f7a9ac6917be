#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::printed;
using V = std::vector<Tensor>;

namespace {

// Linear(3, 4), ReLU(), Linear(4, 2), Tanh() in `dtype`.
nn::Sequential make_mlp(Dtype dtype) {
  return nn::Sequential(std::make_shared<nn::Linear>(nn::LinearOptions(3, 4).dtype(dtype)),
                        std::make_shared<nn::ReLU>(),
                        std::make_shared<nn::Linear>(nn::LinearOptions(4, 2).dtype(dtype)),
                        std::make_shared<nn::Tanh>());
}
}  // namespace

TEST_CASE("sequential_linear_relu_linear_tanh_matches_pytorch") {
  const xgrad::testing::Fixture f("layers.json");
  for (const std::string dtype_name : {"float64", "float32"}) {
    CAPTURE(dtype_name);
    const Dtype dtype = dtype_name == "float64" ? kFloat64 : kFloat32;
    const double tol = dtype == kFloat64 ? 1e-9 : 1e-5;
    const std::string prefix = "sequential/" + dtype_name + "/";
    const nn::Sequential mlp = make_mlp(dtype);
    {
      NoGradGuard no_grad;
      for (auto& [name, p] : mlp.named_parameters()) p.copy_(f.tensor(prefix + name));
    }
    const Tensor x = f.tensor(prefix + "x", dtype).requires_grad_();
    const Tensor y = mlp(x);
    CHECK(y.dtype() == dtype);
    CHECK(testing::allclose(y, f.tensor(prefix + "out"), tol, tol));
    (y * f.tensor(prefix + "w", dtype)).sum().backward();
    CHECK(testing::allclose(x.grad(), f.tensor(prefix + "grad_x"), tol, tol));
    for (const auto& named : mlp.named_parameters()) {
      const std::string& name = named.first;  // not a structured binding: CAPTURE captures it
      CAPTURE(name);
      CHECK(testing::allclose(named.second.grad(), f.tensor(prefix + "grad_" + name), tol, tol));
    }
  }
}

TEST_CASE("sequential_passes_gradcheck") {
  manual_seed(8);
  const nn::Sequential mlp = make_mlp(kFloat64);
  const Tensor x = xgrad::testing::uniform_leaf64({5, 3});
  V inputs{x};
  for (const Tensor& p : mlp.parameters()) inputs.push_back(p);
  CHECK(autograd::gradcheck([&](const V&) { return mlp(x); }, inputs));
}

TEST_CASE("sequential_names_children_by_position_and_gives_typed_access") {
  nn::Sequential seq;
  CHECK(seq.is_empty());
  seq.push_back(std::make_shared<nn::Linear>(2, 3));
  seq.push_back("act", std::make_shared<nn::GELU>());
  seq.push_back(std::make_shared<nn::Linear>(3, 1));
  CHECK(seq.size() == 3);
  const auto named = seq.named_children();
  CHECK(named[0].first == "0");
  CHECK(named[1].first == "act");
  CHECK(named[2].first == "2");
  CHECK(seq[1]->name() == "GELU");
  CHECK(seq.ptr<nn::Linear>(2)->options().in_features() == 3);
  CHECK(seq.named_parameters()[2].first == "2.weight");
  size_t count = 0;
  for (const std::shared_ptr<nn::Module>& module : seq) count += module != nullptr;
  CHECK(count == 3);
  CHECK(seq(ones({4, 2})).sizes() == Sizes{4, 1});
}

TEST_CASE("sequential_nested_prints_as_pytorch") {
  const nn::Sequential inner(std::make_shared<nn::Tanh>());
  nn::Sequential seq(std::make_shared<nn::Linear>(3, 4), std::make_shared<nn::ReLU>(),
                     std::make_shared<nn::Sequential>(std::make_shared<nn::Tanh>()),
                     std::make_shared<nn::Dropout>(0.1));
  CHECK(printed(seq) ==
        "Sequential(\n"
        "  (0): Linear(in_features=3, out_features=4, bias=true)\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Tanh()\n"
        "  )\n"
        "  (3): Dropout(p=0.1, inplace=false)\n"
        ")");
  CHECK(printed(nn::Sequential()) == "Sequential()");
  CHECK(printed(nn::ModuleList()) == "ModuleList()");
}

TEST_CASE("sequential_clone_has_independent_parameters_and_the_same_forward") {
  manual_seed(9);
  nn::Sequential mlp = make_mlp(kFloat64);
  mlp.push_back(std::make_shared<nn::Sequential>(std::make_shared<nn::Sigmoid>()));
  mlp.eval();
  const auto copy = std::dynamic_pointer_cast<nn::Sequential>(mlp.clone());
  REQUIRE(copy);
  CHECK(printed(*copy) == printed(mlp));
  CHECK_FALSE(copy->is_training());
  const Tensor x = xgrad::testing::uniform_leaf64({2, 3});
  CHECK(testing::allclose(copy->forward(x), mlp(x), 0, 0));
  const auto originals = mlp.parameters();
  const auto clones = copy->parameters();
  REQUIRE(clones.size() == originals.size());
  for (size_t i = 0; i < clones.size(); ++i) CHECK_FALSE(clones[i].is_same(originals[i]));
  {
    NoGradGuard no_grad;
    copy->ptr<nn::Linear>(0)->weight.fill_(0.5);
  }
  CHECK_FALSE(testing::allclose(copy->forward(x), mlp(x), 0, 0));
  CHECK_FALSE(
      testing::allclose(mlp.ptr<nn::Linear>(0)->weight, copy->ptr<nn::Linear>(0)->weight, 0, 0));
  // The clone's forward runs its own modules.
  copy->forward(x).sum().backward();
  CHECK(copy->ptr<nn::Linear>(0)->weight.grad().defined());
  CHECK_FALSE(mlp.ptr<nn::Linear>(0)->weight.grad().defined());
}

TEST_CASE("module_list_holds_extends_iterates_and_clones") {
  nn::ModuleList list(std::make_shared<nn::Linear>(2, 2), std::make_shared<nn::ReLU>());
  list.push_back(std::make_shared<nn::LayerNorm>(nn::LayerNormOptions({2})));
  nn::ModuleList more;
  more.push_back(std::make_shared<nn::Tanh>());
  list.extend(more);
  list.extend(std::vector<std::shared_ptr<nn::Linear>>{std::make_shared<nn::Linear>(2, 1)});
  CHECK(list.size() == 5);
  std::vector<std::string> names;
  for (const auto& module : list) names.push_back(module->name());
  CHECK(names == std::vector<std::string>{"Linear", "ReLU", "LayerNorm", "Tanh", "Linear"});
  CHECK(list[3]->name() == "Tanh");
  CHECK(list.ptr<nn::Linear>(4)->options().out_features() == 1);
  CHECK(list.named_parameters().back().first == "4.bias");
  CHECK(printed(more) == "ModuleList(\n  (0): Tanh()\n)");

  const auto copy = std::dynamic_pointer_cast<nn::ModuleList>(list.clone());
  REQUIRE(copy);
  CHECK(copy->size() == 5);
  CHECK(printed(*copy) == printed(list));
  {
    NoGradGuard no_grad;
    copy->ptr<nn::Linear>(0)->weight.fill_(7.0);
  }
  CHECK_FALSE(testing::allclose(list.ptr<nn::Linear>(0)->weight, ones({2, 2}) * 7.0, 0, 0));
  CHECK_FALSE(copy->parameters()[0].is_same(list.parameters()[0]));
}
