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

struct Tolerance {
  double rtol, atol;
};
Tolerance tolerance_for(Dtype dtype) {
  return dtype == kFloat64 ? Tolerance{1e-9, 1e-12} : Tolerance{1e-4, 1e-6};
}

// Loads the fixture's parameters into `module` (same names), keeping the module's tensors.
void load_parameters(nn::Module& module, const Fixture& f) {
  NoGradGuard no_grad;
  for (auto& [name, p] : module.named_parameters()) p.copy_(f.tensor(name, p.dtype()));
}

// Runs the fixture's steps through the cell and checks outputs and every gradient.
void check_gru_cell_against_pytorch(const std::string& file) {
  const Fixture f(file);
  const auto& settings = f["settings"];
  const Dtype dtype = settings["dtype"] == "float64" ? kFloat64 : kFloat32;
  const Tolerance tol = tolerance_for(dtype);
  nn::GRUCell cell(nn::GRUCellOptions(settings["input_size"], settings["hidden_size"])
                       .bias(settings["bias"].get<bool>())
                       .dtype(dtype));
  load_parameters(cell, f);

  const Tensor x = f.tensor("x", dtype).requires_grad_();
  const bool has_hx = settings["has_hx"];
  const Tensor h0 = has_hx ? f.tensor("h0", dtype).requires_grad_() : Tensor();
  Tensor h = h0;
  std::vector<Tensor> outputs;
  for (int64_t t = 0; t < x.size(0); ++t) {
    h = cell(x[t], h);
    outputs.push_back(h);
  }
  const Tensor stacked = stack(outputs, 0);
  CHECK(allclose(stacked, f.tensor("outputs"), tol.rtol, tol.atol));
  (stacked * f.tensor("loss_weights", dtype)).sum().backward();

  CHECK(allclose(x.grad(), f.tensor("grad_x"), tol.rtol, tol.atol));
  if (has_hx) CHECK(allclose(h0.grad(), f.tensor("grad_h0"), tol.rtol, tol.atol));
  for (auto& named : cell.named_parameters()) {
    const std::string& name = named.first;  // not a structured binding: INFO captures it
    const Tensor& p = named.second;
    INFO("parameter " << name);
    REQUIRE(p.grad().defined());
    CHECK(p.grad().dtype() == dtype);
    CHECK(allclose(p.grad(), f.tensor("grad_" + name), tol.rtol, tol.atol));
  }
}

}  // namespace

TEST_CASE("gru_cell_matches_pytorch_batched") {
  check_gru_cell_against_pytorch("gru_cell_batched.json");
}
TEST_CASE("gru_cell_matches_pytorch_unbatched") {
  check_gru_cell_against_pytorch("gru_cell_unbatched.json");
}
TEST_CASE("gru_cell_matches_pytorch_without_bias") {
  check_gru_cell_against_pytorch("gru_cell_no_bias.json");
}
TEST_CASE("gru_cell_matches_pytorch_without_hx") {
  check_gru_cell_against_pytorch("gru_cell_no_hx.json");
}
TEST_CASE("gru_cell_matches_pytorch_in_float64") {
  check_gru_cell_against_pytorch("gru_cell_float64.json");
}

TEST_CASE("gru_cell_seed_example_runs_as_written") {
  auto rnn = nn::GRUCell(10, 20);
  auto input = randn({6, 3, 10});
  auto hx = randn({3, 20});
  hx = rnn(input[0], hx);
  CHECK(hx.sizes() == Sizes{3, 20});
  std::ostringstream os;
  os << hx.sizes();
  CHECK(os.str() == "[3, 20]");
}

TEST_CASE("gru_cell_registers_parameters_in_pytorch_order_and_shapes") {
  nn::GRUCell cell(10, 20);
  const auto named = cell.named_parameters();
  REQUIRE(named.size() == 4);
  CHECK(named[0].first == "weight_ih");
  CHECK(named[0].second.sizes() == Sizes{60, 10});
  CHECK(named[1].first == "weight_hh");
  CHECK(named[1].second.sizes() == Sizes{60, 20});
  CHECK(named[2].first == "bias_ih");
  CHECK(named[2].second.sizes() == Sizes{60});
  CHECK(named[3].first == "bias_hh");
  CHECK(named[3].second.sizes() == Sizes{60});
  CHECK(named[0].second.is_same(cell.weight_ih));
  CHECK(named[3].second.is_same(cell.bias_hh));
  for (const auto& [name, p] : named) {
    CHECK(p.requires_grad());
    CHECK(p.is_leaf());
  }
  nn::GRUCell no_bias(nn::GRUCellOptions(10, 20).bias(false));
  CHECK(no_bias.parameters().size() == 2);
  CHECK_FALSE(no_bias.bias_ih.defined());
}

TEST_CASE("gru_cell_init_is_uniform_within_one_over_sqrt_hidden_and_repeatable") {
  manual_seed(1);
  nn::GRUCell a(10, 16);
  manual_seed(1);
  nn::GRUCell b(10, 16);
  for (size_t i = 0; i < a.parameters().size(); ++i) {
    const auto values = a.parameters()[i].to_xarray<double>();
    CHECK(xt::amax(xt::abs(values))() <= 0.25);
    CHECK(xt::amax(xt::abs(values))() > 0.2);  // spread over the whole range
    CHECK(values == b.parameters()[i].to_xarray<double>());
  }
}

TEST_CASE("gru_cell_uses_the_requested_dtype") {
  nn::GRUCell cell(nn::GRUCellOptions(3, 4).dtype(kFloat64));
  CHECK(cell.weight_ih.dtype() == kFloat64);
  CHECK(cell(randn({2, 3}, kFloat64)).dtype() == kFloat64);
  nn::GRUCell converted(3, 4);
  const Tensor handle = converted.weight_hh;
  converted.to(kFloat64);
  CHECK(handle.dtype() == kFloat64);  // converted in place: the member is still the parameter
  CHECK(converted.weight_hh.is_same(handle));
}

TEST_CASE("gru_cell_omitted_hx_means_zeros") {
  manual_seed(2);
  nn::GRUCell cell(3, 4);
  const Tensor x = randn({2, 3});
  CHECK(allclose(cell(x), cell(x, zeros({2, 4}))));
  CHECK(allclose(cell(x[0]), cell(x[0], zeros({4}))));
  CHECK(cell(x[0]).sizes() == Sizes{4});
}

TEST_CASE("gru_cell_follows_the_formula_gate_by_gate") {
  manual_seed(3);
  const int64_t hidden = 4;
  nn::GRUCell cell(nn::GRUCellOptions(3, hidden).dtype(kFloat64));
  const Tensor x = randn({2, 3}, kFloat64), h = randn({2, hidden}, kFloat64);
  auto rows = [&](const Tensor& t, int64_t gate) { return t.narrow(0, gate * hidden, hidden); };
  auto gate_input = [&](int64_t g) {
    return matmul(x, rows(cell.weight_ih, g).t()) + rows(cell.bias_ih, g) +
           matmul(h, rows(cell.weight_hh, g).t()) + rows(cell.bias_hh, g);
  };
  const Tensor r = sigmoid(gate_input(0));
  const Tensor z = sigmoid(gate_input(1));
  const Tensor n = tanh(matmul(x, rows(cell.weight_ih, 2).t()) + rows(cell.bias_ih, 2) +
                        r * (matmul(h, rows(cell.weight_hh, 2).t()) + rows(cell.bias_hh, 2)));
  const Tensor expected = (1.0 - z) * n + z * h;
  CHECK(allclose(cell(x, h), expected, 1e-12, 1e-12));
}

TEST_CASE("gru_cell_gradcheck_in_float64_for_every_input_and_parameter") {
  manual_seed(4);
  for (bool bias : {true, false}) {
    nn::GRUCell cell(nn::GRUCellOptions(3, 4).bias(bias).dtype(kFloat64));
    std::vector<Tensor> inputs{randn({2, 3}, kFloat64).requires_grad_(),
                               randn({2, 4}, kFloat64).requires_grad_()};
    for (const Tensor& p : cell.parameters()) inputs.push_back(p);
    // Two chained steps: backpropagation through time.
    auto two_steps = [&](const std::vector<Tensor>& in) {
      const Tensor b_ih = bias ? in[4] : Tensor(), b_hh = bias ? in[5] : Tensor();
      const Tensor h1 = nn::functional::gru_cell(in[0], in[1], in[2], in[3], b_ih, b_hh);
      return nn::functional::gru_cell(in[0] * 0.5, h1, in[2], in[3], b_ih, b_hh);
    };
    CHECK(autograd::gradcheck(two_steps, inputs));
  }
}

TEST_CASE("gru_cell_second_derivatives_match_the_composed_form_for_every_kind_of_hx") {
  manual_seed(41);
  nn::GRUCell cell(nn::GRUCellOptions(3, 4).dtype(kFloat64));
  const Tensor x = randn({2, 3}, kFloat64).requires_grad_();
  const Tensor given_hx = randn({2, 4}, kFloat64);
  auto composed = [&](const Tensor& hx) {
    const Tensor h = hx.defined() ? hx : zeros({2, 4}, kFloat64);
    return nn::functional::gru_gates_composed(
        nn::functional::linear(x, cell.weight_ih, cell.bias_ih),
        nn::functional::linear(h, cell.weight_hh, cell.bias_hh), h);
  };
  check_second_derivatives_match([&](const Tensor& hx) { return cell(x, hx); }, composed, x,
                                 given_hx, cell.parameters());
}

TEST_CASE("gru_cell_gradgradcheck_when_some_inputs_need_no_grad") {
  manual_seed(42);
  const Tensor x = randn({2, 2}, kFloat64), hx = randn({2, 3}, kFloat64);
  const Tensor w_ih = randn({9, 2}, kFloat64), w_hh = randn({9, 3}, kFloat64);
  const Tensor b_ih = randn({9}, kFloat64), b_hh = randn({9}, kFloat64);
  auto cell = [](const std::vector<Tensor>& in) {
    return nn::functional::gru_cell(in[0], in[1], in[2], in[3], in[4], in[5]);
  };
  auto with_grad = [](const Tensor& t, bool requires) {
    return requires ? t.detach().requires_grad_() : t.detach();
  };
  // Which of x, hx, w_ih, w_hh, b_ih, b_hh require grad: hx without grad, x without grad,
  // and input gates (x and the input weights) without grad.
  const std::vector<std::vector<bool>> cases{{true, false, true, true, true, true},
                                             {false, true, true, true, true, true},
                                             {false, true, false, true, false, true}};
  for (const auto& requires : cases) {
    const std::vector<Tensor> inputs{with_grad(x, requires[0]),    with_grad(hx, requires[1]),
                                     with_grad(w_ih, requires[2]), with_grad(w_hh, requires[3]),
                                     with_grad(b_ih, requires[4]), with_grad(b_hh, requires[5])};
    CHECK(autograd::gradgradcheck(cell, inputs));
  }
  // hx omitted: zeros that need no grad.
  auto cell_without_hx = [](const std::vector<Tensor>& in) {
    return nn::functional::gru_cell(in[0], Tensor(), in[1], in[2], in[3], in[4]);
  };
  CHECK(autograd::gradgradcheck(cell_without_hx,
                                {with_grad(x, true), with_grad(w_ih, true), with_grad(w_hh, true),
                                 with_grad(b_ih, true), with_grad(b_hh, true)}));
}

TEST_CASE("gru_cell_handles_empty_batch_and_zero_sizes") {
  nn::GRUCell cell(3, 4);
  CHECK(cell(zeros({0, 3})).sizes() == Sizes{0, 4});
  nn::GRUCell no_hidden(3, 0);
  CHECK(no_hidden.weight_ih.sizes() == Sizes{0, 3});
  CHECK(no_hidden(zeros({2, 3})).sizes() == Sizes{2, 0});
  CHECK_THROWS_WITH_AS(nn::GRUCell(10, -1),
                       doctest::Contains("Trying to create tensor with negative dimension"),
                       std::invalid_argument);
  CHECK_THROWS_AS(nn::GRUCell(-1, 10), std::invalid_argument);
}

TEST_CASE("gru_cell_refuses_non_cpu_devices") {
  CHECK_THROWS_AS(nn::GRUCell(10, 20, true, Device("cuda")), std::invalid_argument);
}

TEST_CASE("gru_cell_errors_use_pytorchs_words") {
  nn::GRUCell cell(10, 20);
  CHECK_THROWS_WITH_AS(
      cell(zeros({6, 3, 10})),
      doctest::Contains("GRUCell: Expected input to be 1-D or 2-D but received 3-D tensor"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      cell(zeros({3, 10}), zeros({1, 3, 20})),
      doctest::Contains("GRUCell: Expected hidden to be 1-D or 2-D but received 3-D tensor"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(cell(zeros({3, 10}), zeros({20})), doctest::Contains("both batched"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(cell(zeros({10}), zeros({3, 20})), doctest::Contains("both batched"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(cell(zeros({3, 7})),
                       doctest::Contains("input has inconsistent input_size: got 7 expected 10"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(cell(zeros({3, 10}), zeros({4, 20})),
                       doctest::Contains("Input batch size 3 doesn't match hidden0 batch size 4"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      cell(zeros({3, 10}), zeros({3, 21})),
      doctest::Contains("hidden0 has inconsistent hidden_size: got 21, expected 20"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(cell(zeros({3, 10}, kFloat64)), doctest::Contains("got input double"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(cell(zeros({3, 10}), zeros({3, 20}, kFloat64)),
                       doctest::Contains("(float), got input float and hidden double"),
                       std::invalid_argument);
}

TEST_CASE("gru_cell_prints_like_pytorch") {
  CHECK(printed(nn::GRUCell(10, 20)) == "GRUCell(10, 20)");
  CHECK(printed(nn::GRUCell(10, 20, false)) == "GRUCell(10, 20, bias=false)");
}

TEST_CASE("gru_cell_trains_its_parameters_through_the_engine") {
  manual_seed(5);
  nn::GRUCell cell(2, 3);
  const Tensor x = randn({4, 2});
  cell(x, randn({4, 3})).pow(2.0).sum().backward();  // a nonzero hx reaches weight_hh
  for (const Tensor& p : cell.parameters()) {
    REQUIRE(p.grad().defined());
    CHECK(p.grad().abs().sum().item<double>() > 0);
  }
  cell.zero_grad();
  for (const Tensor& p : cell.parameters()) CHECK_FALSE(p.grad().defined());
}
