#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::allclose;
using xgrad::testing::check_second_derivatives_match;
using xgrad::testing::Fixture;
using xgrad::testing::printed;

namespace {

void check_gru_against_pytorch(const std::string& file) {
  const Fixture f(file);
  const auto& s = f["settings"];
  const Dtype dtype = s["dtype"] == "float64" ? kFloat64 : kFloat32;
  const double rtol = dtype == kFloat64 ? 1e-9 : 1e-4, atol = dtype == kFloat64 ? 1e-12 : 1e-6;
  nn::GRU gru(nn::GRUOptions(s["input_size"], s["hidden_size"])
                  .num_layers(s["num_layers"])
                  .batch_first(s["batch_first"].get<bool>())
                  .dtype(dtype));
  {
    NoGradGuard no_grad;
    for (auto& [name, p] : gru.named_parameters()) p.copy_(f.tensor(name, dtype));
  }
  const Tensor x = f.tensor("x", dtype).requires_grad_();
  const bool has_hx = s["has_hx"];
  const Tensor h0 = has_hx ? f.tensor("h0", dtype).requires_grad_() : Tensor();
  auto [output, h_n] = gru(x, h0);
  CHECK(allclose(output, f.tensor("output"), rtol, atol));
  CHECK(allclose(h_n, f.tensor("h_n"), rtol, atol));
  ((output * f.tensor("output_weights", dtype)).sum() +
   (h_n * f.tensor("h_n_weights", dtype)).sum())
      .backward();
  CHECK(allclose(x.grad(), f.tensor("grad_x"), rtol, atol));
  if (has_hx) CHECK(allclose(h0.grad(), f.tensor("grad_h0"), rtol, atol));
  for (auto& named : gru.named_parameters()) {
    const std::string& name = named.first;  // not a structured binding: INFO captures it
    const Tensor& p = named.second;
    INFO("parameter " << name);
    REQUIRE(p.grad().defined());
    CHECK(allclose(p.grad(), f.tensor("grad_" + name), rtol, atol));
  }
}

}  // namespace

TEST_CASE("gru_matches_pytorch_two_layers_batch_first") {
  check_gru_against_pytorch("gru_two_layers_batch_first.json");
}
TEST_CASE("gru_matches_pytorch_two_layers_float32") {
  check_gru_against_pytorch("gru_two_layers_float32.json");
}
TEST_CASE("gru_matches_pytorch_unbatched_without_hx") {
  check_gru_against_pytorch("gru_unbatched_no_hx.json");
}

TEST_CASE("gru_names_parameters_like_pytorch") {
  nn::GRU gru(4, 6, 2);
  const auto named = gru.named_parameters();
  const std::vector<std::string> expected{"weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
                                          "bias_hh_l0",   "weight_ih_l1", "weight_hh_l1",
                                          "bias_ih_l1",   "bias_hh_l1"};
  REQUIRE(named.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) CHECK(named[i].first == expected[i]);
  CHECK(gru.weight_ih(0).sizes() == Sizes{18, 4});
  CHECK(gru.weight_ih(1).sizes() == Sizes{18, 6});
  CHECK(gru.weight_hh(1).is_same(named[5].second));
  CHECK(nn::GRU(4, 6, 1, false).parameters().size() == 2);
}

TEST_CASE("gru_output_shapes_follow_pytorch") {
  nn::GRU seq_first(3, 5, 2);
  auto [out, h_n] = seq_first(randn({7, 2, 3}));
  CHECK(out.sizes() == Sizes{7, 2, 5});
  CHECK(h_n.sizes() == Sizes{2, 2, 5});
  nn::GRU batch_first(3, 5, 1, true, true);
  auto [out_b, h_b] = batch_first(randn({2, 7, 3}));
  CHECK(out_b.sizes() == Sizes{2, 7, 5});
  CHECK(h_b.sizes() == Sizes{1, 2, 5});
  auto [out_u, h_u] = seq_first(randn({7, 3}));
  CHECK(out_u.sizes() == Sizes{7, 5});
  CHECK(h_u.sizes() == Sizes{2, 5});
}

TEST_CASE("gru_single_layer_equals_gru_cell_steps") {
  manual_seed(6);
  nn::GRU gru(nn::GRUOptions(3, 4).dtype(kFloat64));
  const Tensor x = randn({5, 2, 3}, kFloat64), h0 = randn({1, 2, 4}, kFloat64);
  auto [out, h_n] = gru(x, h0);
  Tensor h = h0[0];
  for (int64_t t = 0; t < 5; ++t) {
    h = nn::functional::gru_cell(x[t], h, gru.weight_ih(0), gru.weight_hh(0), gru.bias_ih(0),
                                 gru.bias_hh(0));
    CHECK(allclose(out[t], h, 1e-12, 1e-12));
  }
  CHECK(allclose(h_n[0], h, 1e-12, 1e-12));
}

TEST_CASE("gru_gradcheck_in_float64_for_input_hx_and_parameters") {
  manual_seed(7);
  nn::GRU gru(nn::GRUOptions(2, 3).num_layers(2).dtype(kFloat64));
  std::vector<Tensor> inputs{randn({3, 2, 2}, kFloat64).requires_grad_(),
                             randn({2, 2, 3}, kFloat64).requires_grad_()};
  for (const Tensor& p : gru.parameters()) inputs.push_back(p);
  auto run = [&](const std::vector<Tensor>& in) {
    auto [out, h_n] = gru(in[0], in[1]);  // the parameters in `in` are gru's own tensors
    return std::vector<Tensor>{out, h_n};
  };
  CHECK(autograd::gradcheck(autograd::MultiTensorFunction(run), inputs));
}

TEST_CASE("gru_second_derivatives_match_the_composed_form_for_every_kind_of_hx") {
  manual_seed(43);
  nn::GRU gru(nn::GRUOptions(2, 3).dtype(kFloat64));
  const Tensor x = randn({4, 2, 2}, kFloat64).requires_grad_();
  const Tensor given_hx = randn({1, 2, 3}, kFloat64);
  auto composed = [&](const Tensor& hx) {
    Tensor h = hx.defined() ? hx[0] : zeros({2, 3}, kFloat64);
    std::vector<Tensor> outputs;
    for (int64_t t = 0; t < x.size(0); ++t) {
      h = nn::functional::gru_gates_composed(
          nn::functional::linear(x[t], gru.weight_ih(0), gru.bias_ih(0)),
          nn::functional::linear(h, gru.weight_hh(0), gru.bias_hh(0)), h);
      outputs.push_back(h);
    }
    return stack(outputs, 0);
  };
  check_second_derivatives_match([&](const Tensor& hx) { return std::get<0>(gru(x, hx)); },
                                 composed, x, given_hx, gru.parameters());
}

TEST_CASE("gru_gradgradcheck_when_some_inputs_need_no_grad") {
  manual_seed(44);
  nn::GRU gru(nn::GRUOptions(2, 2).num_layers(2).dtype(kFloat64));
  const Tensor x = randn({2, 1, 2}, kFloat64), hx = randn({2, 1, 2}, kFloat64);
  std::vector<Tensor> params = gru.parameters();
  auto run = [&](const std::vector<Tensor>& in) {  // the parameters in `in` are gru's own tensors
    const auto [out, h_n] = gru(in[0], in.size() > params.size() + 1 ? in[1] : Tensor());
    return out.sum() + h_n.pow(2).sum();
  };
  const std::vector<std::vector<Tensor>> cases{
      {x.detach().requires_grad_()},               // hx omitted: zeros
      {x.detach().requires_grad_(), hx.detach()},  // hx given without grad
      {x.detach(), hx.detach().requires_grad_()},  // x without grad
  };
  for (const auto& head : cases) {
    std::vector<Tensor> inputs = head;
    inputs.insert(inputs.end(), params.begin(), params.end());
    CHECK(autograd::gradgradcheck(run, inputs));
  }
}

TEST_CASE("gru_errors_name_what_was_expected") {
  nn::GRU gru(3, 5, 2);
  CHECK_THROWS_WITH_AS(gru(zeros({2, 2, 2, 3})),
                       doctest::Contains("GRU: Expected input to be 2D or 3D, got 4D instead"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gru(zeros({4, 2, 7})), doctest::Contains("Expected 3, got 7"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gru(zeros({4, 2, 3}), zeros({2, 3, 5})),
                       doctest::Contains("Expected hidden size (2, 2, 5), got [2, 3, 5]"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gru(zeros({4, 2, 3}), zeros({2, 5})),
                       doctest::Contains("hx should also be 3-D"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(gru(zeros({0, 2, 3})),
                       doctest::Contains("sequence length to be larger than 0"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gru(zeros({4, 2, 3}, kFloat64)), doctest::Contains("got input double"),
                       std::invalid_argument);
  CHECK_THROWS_AS(nn::GRU(3, 5, 0), std::invalid_argument);
}

TEST_CASE("gru_prints_like_pytorch") {
  CHECK(printed(nn::GRU(10, 20)) == "GRU(10, 20)");
  CHECK(printed(nn::GRU(10, 20, 2, true, true)) == "GRU(10, 20, num_layers=2, batch_first=true)");
}

TEST_CASE("module_tree_prints_like_pytorch") {
  struct Model : nn::Module {
    Model() : Module("Model") {}
    std::shared_ptr<nn::GRUCell> cell =
        register_module("cell", std::make_shared<nn::GRUCell>(10, 20));
    std::shared_ptr<nn::Linear> head = register_module("head", std::make_shared<nn::Linear>(20, 1));
  };
  Model model;
  CHECK(printed(model) ==
        "Model(\n  (cell): GRUCell(10, 20)\n  (head): Linear(in_features=20, out_features=1, "
        "bias=true)\n)");
  const auto named = model.named_parameters();
  REQUIRE(named.size() == 6);
  CHECK(named[0].first == "cell.weight_ih");
  CHECK(named[5].first == "head.bias");
  CHECK(named[0].second.is_same(model.cell->weight_ih));
  CHECK(model.children().size() == 2);
  CHECK(model.parameters(/*recurse=*/false).empty());
  model.eval();
  CHECK_FALSE(model.cell->is_training());
  model.train();
  CHECK(model.head->is_training());
}
