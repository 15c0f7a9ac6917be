#include <doctest/doctest.h>

#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
namespace F = xgrad::nn::functional;

namespace {
std::vector<Tensor> gate_inputs(int64_t batch, int64_t hidden, Dtype dtype, double scale = 1.0) {
  return {(randn({batch, 3 * hidden}, dtype) * scale).requires_grad_(),
          (randn({batch, 3 * hidden}, dtype) * scale).requires_grad_(),
          randn({batch, hidden}, dtype).requires_grad_()};
}
}  // namespace

TEST_CASE("fused_gru_gates_agree_with_the_composed_form_in_value_and_gradient") {
  manual_seed(21);
  for (int64_t hidden : {1, 3, 8, 37}) {  // below, at and beyond the SIMD width, with tails
    for (double scale : {1.0, 30.0}) {    // saturated gates too
      CAPTURE(hidden);
      CAPTURE(scale);
      const auto in = gate_inputs(5, hidden, kFloat32, scale);
      const Tensor fused = F::gru_gates(in[0], in[1], in[2]);
      const Tensor composed = F::gru_gates_composed(in[0], in[1], in[2]);
      CHECK(testing::allclose(fused, composed, 1e-6, 1e-6));
      const Tensor weights = randn(fused.sizes());
      const auto fused_grads = autograd::grad({(fused * weights).sum()}, in);
      const auto composed_grads = autograd::grad({(composed * weights).sum()}, in);
      for (size_t k = 0; k < in.size(); ++k)
        CHECK(testing::allclose(fused_grads[k], composed_grads[k], 1e-5, 1e-6));
    }
  }
}

TEST_CASE("fused_gru_gates_pass_gradcheck_and_gradgradcheck") {
  manual_seed(22);
  const auto in = gate_inputs(2, 3, kFloat64);
  auto fused = [](const std::vector<Tensor>& v) { return F::gru_gates(v[0], v[1], v[2]); };
  CHECK(autograd::gradcheck(fused, in));
  CHECK(autograd::gradgradcheck(fused, in));
}

TEST_CASE("fused_gru_gates_gradgradcheck_when_some_inputs_need_no_grad") {
  manual_seed(23);
  auto fused = [](const std::vector<Tensor>& v) { return F::gru_gates(v[0], v[1], v[2]); };
  for (size_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    auto one_frozen = gate_inputs(2, 3, kFloat64);
    one_frozen[k] = one_frozen[k].detach();
    CHECK(autograd::gradgradcheck(fused, one_frozen));
    auto only_one = gate_inputs(2, 3, kFloat64);
    for (size_t j = 0; j < 3; ++j) {
      if (j != k) only_one[j] = only_one[j].detach();
    }
    CHECK(autograd::gradgradcheck(fused, only_one));
  }
}

TEST_CASE("fused_gru_gates_refuse_inconsistent_shapes") {
  CHECK_THROWS_WITH_AS(F::gru_gates(zeros({2, 9}), zeros({2, 9}), zeros({2, 4})),
                       doctest::Contains("(N, 3*H)"), std::invalid_argument);
  CHECK_THROWS_AS(F::gru_gates(zeros({2, 9}), zeros({2, 9}, kFloat64), zeros({2, 3})),
                  std::invalid_argument);
}

TEST_CASE("unbind_returns_slices_recorded_as_one_node") {
  const Tensor x = arange(6, kFloat64).reshape({3, 2}).requires_grad_();
  const std::vector<Tensor> rows = x.unbind(0);
  REQUIRE(rows.size() == 3);
  CHECK(testing::allclose(rows[1], xt::xarray<double>{2, 3}));
  CHECK(rows[0].grad_fn() == rows[2].grad_fn());
  CHECK(std::string(rows[0].grad_fn()->name()) == "UnbindBackward");
  (rows[2] * 3.0).sum().backward();  // the other slices get no gradient: zeros
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{{0, 0}, {0, 0}, {3, 3}}));
  const std::vector<Tensor> columns = x.unbind(-1);
  CHECK(testing::allclose(columns[1], xt::xarray<double>{1, 3, 5}));
}

TEST_CASE("unbind_and_split_pass_gradcheck") {
  manual_seed(23);
  const Tensor x = randn({3, 4}, TensorOptions(kFloat64).requires_grad(true));
  auto weighted_parts = [](const std::vector<Tensor>& parts) {
    Tensor total = zeros({}, kFloat64);
    for (size_t k = 0; k < parts.size(); ++k)
      total = total + (parts[k] * static_cast<double>(k + 1)).sum();
    return total;
  };
  CHECK(autograd::gradcheck(
      [&](const std::vector<Tensor>& v) { return weighted_parts(v[0].unbind(1)); }, {x}));
  CHECK(autograd::gradcheck(
      [&](const std::vector<Tensor>& v) { return weighted_parts(v[0].split(3, 1)); }, {x}));
  CHECK(autograd::gradgradcheck(
      [&](const std::vector<Tensor>& v) { return weighted_parts(v[0].unbind(0)).pow(2.0); }, {x}));
}

TEST_CASE("retain_grad_works_on_one_output_of_a_multi_output_node") {
  const Tensor x = ones({2, 2}, TensorOptions(kFloat64).requires_grad(true));
  std::vector<Tensor> rows = x.unbind(0);
  rows[1].retain_grad();
  (rows[0] * 2.0 + rows[1] * 5.0).sum().backward();
  REQUIRE(rows[1].grad().defined());
  CHECK(testing::allclose(rows[1].grad(), xt::xarray<double>{5, 5}));
  CHECK_FALSE(rows[0].grad().defined());
}

TEST_CASE("matmul_agrees_with_a_naive_product_below_and_above_the_small_gemm_size") {
  manual_seed(24);
  for (int64_t n : {3, 17, 29, 48}) {  // 48^3 is past the small-GEMM threshold
    CAPTURE(n);
    const Tensor a = randn({n, n + 1}, kFloat64), b = randn({n + 1, n - 1}, kFloat64);
    const xt::xarray<double> av = a.to_xarray<double>(), bv = b.to_xarray<double>();
    xt::xarray<double> expected =
        xt::zeros<double>({static_cast<size_t>(n), static_cast<size_t>(n - 1)});
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n - 1; ++j)
        for (int64_t p = 0; p < n + 1; ++p) expected(i, j) += av(i, p) * bv(p, j);
    CHECK(testing::allclose(matmul(a, b), expected, 1e-12, 1e-12));
    CHECK(testing::allclose(matmul(a.t(), a), matmul(a.t().clone(), a.clone()), 1e-12, 1e-12));
  }
  // Every transpose combination of the gemm backward, above the threshold.
  const Tensor a = randn({40, 30}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor b = randn({30, 35}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor w = randn({40, 35}, kFloat64);
  (matmul(a, b) * w).sum().backward();
  CHECK(testing::allclose(a.grad(), matmul(w, b.t().clone()), 1e-12, 1e-12));
  CHECK(testing::allclose(b.grad(), matmul(a.t().clone(), w), 1e-12, 1e-12));
}
