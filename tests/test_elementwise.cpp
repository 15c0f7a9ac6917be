// Elementwise ops: forward values against hand-computed numbers, gradients by gradcheck in
// float64 (including broadcast shapes and 0-d tensors), dtype promotion, broadcasting errors
// and double backward.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>
#include <xgrad/xgrad.hpp>
#include <xtensor/xadapt.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::column;
using xgrad::testing::f64_grad;
using xgrad::testing::uniform_leaf64;

namespace {

using Binary = std::function<Tensor(const Tensor&, const Tensor&)>;

struct NamedBinary {
  const char* name;
  Binary op;
};

// The four arithmetic ops, as operators.
std::vector<NamedBinary> arithmetic() {
  return {{"add", [](const Tensor& a, const Tensor& b) { return a + b; }},
          {"sub", [](const Tensor& a, const Tensor& b) { return a - b; }},
          {"mul", [](const Tensor& a, const Tensor& b) { return a * b; }},
          {"div", [](const Tensor& a, const Tensor& b) { return a / b; }}};
}

// Shape pairs that broadcast: same shape, trailing vector, both sides expanded, 0-d scalars.
const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> kBroadcastPairs = {
    {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{3}, {2, 3}}, {{2, 1}, {1, 3}},
    {{2, 3}, {}},     {{}, {2, 3}},  {{}, {}},      {{2, 1, 3}, {4, 1}}};

double inf() {
  return std::numeric_limits<double>::infinity();
}

}  // namespace

// ---------------------------------------------------------------- arithmetic forward

TEST_CASE("arithmetic_tensor_tensor_values_broadcast_a_row_vector") {
  const Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  const Tensor b = tensor({2.0, 4.0, 8.0}, kFloat64);
  CHECK(testing::allclose(a + b, xt::xarray<double>{{3, 6, 11}, {6, 9, 14}}));
  CHECK(testing::allclose(a - b, xt::xarray<double>{{-1, -2, -5}, {2, 1, -2}}));
  CHECK(testing::allclose(a * b, xt::xarray<double>{{2, 8, 24}, {8, 20, 48}}));
  CHECK(testing::allclose(a / b, xt::xarray<double>{{0.5, 0.5, 0.375}, {2, 1.25, 0.75}}));
  CHECK(testing::allclose(b - a, xt::xarray<double>{{1, 2, 5}, {-2, -1, 2}}));
  CHECK(testing::allclose(add(a, b), xt::xarray<double>{{3, 6, 11}, {6, 9, 14}}));
  CHECK(testing::allclose(sub(a, b), xt::xarray<double>{{-1, -2, -5}, {2, 1, -2}}));
  CHECK(testing::allclose(mul(a, b), xt::xarray<double>{{2, 8, 24}, {8, 20, 48}}));
  CHECK(testing::allclose(div(a, b), xt::xarray<double>{{0.5, 0.5, 0.375}, {2, 1.25, 0.75}}));
}

TEST_CASE("arithmetic_broadcasts_a_column_against_a_row_and_a_0d_scalar") {
  const Tensor c = tensor(column({1.0, 2.0}));
  const Tensor d = tensor({{10.0, 20.0, 30.0}}, kFloat64);
  const Tensor sum = c + d;
  CHECK(sum.sizes() == Sizes{2, 3});
  CHECK(testing::allclose(sum, xt::xarray<double>{{11, 21, 31}, {12, 22, 32}}));
  CHECK(testing::allclose(c * d, xt::xarray<double>{{10, 20, 30}, {20, 40, 60}}));
  CHECK(testing::allclose(d / c, xt::xarray<double>{{10, 20, 30}, {5, 10, 15}}));

  const Tensor s = tensor(3.0, kFloat64);
  CHECK(s.dim() == 0);
  const Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  CHECK((a * s).sizes() == Sizes{2, 3});
  CHECK(testing::allclose(a * s, xt::xarray<double>{{3, 6, 9}, {12, 15, 18}}));
  CHECK(testing::allclose(s - a, xt::xarray<double>{{2, 1, 0}, {-1, -2, -3}}));
  const Tensor ss = s * tensor(2.0, kFloat64);
  CHECK(ss.dim() == 0);
  CHECK(ss.item<double>() == 6.0);
}

TEST_CASE("arithmetic_tensor_scalar_and_scalar_tensor_values") {
  const Tensor x = tensor({1.0, 2.0, 4.0}, kFloat64);
  CHECK(testing::allclose(x + 2.0, xt::xarray<double>{3, 4, 6}));
  CHECK(testing::allclose(x - 2.0, xt::xarray<double>{-1, 0, 2}));
  CHECK(testing::allclose(x * 2.0, xt::xarray<double>{2, 4, 8}));
  CHECK(testing::allclose(x / 2.0, xt::xarray<double>{0.5, 1, 2}));
  CHECK(testing::allclose(2.0 + x, xt::xarray<double>{3, 4, 6}));
  CHECK(testing::allclose(2.0 - x, xt::xarray<double>{1, 0, -2}));
  CHECK(testing::allclose(2.0 * x, xt::xarray<double>{2, 4, 8}));
  CHECK(testing::allclose(2.0 / x, xt::xarray<double>{2, 1, 0.5}));
  CHECK(testing::allclose(-x, xt::xarray<double>{-1, -2, -4}));
  CHECK(testing::allclose(neg(x), xt::xarray<double>{-1, -2, -4}));
  CHECK(testing::allclose(rsub(x, 2.0), xt::xarray<double>{1, 0, -2}));
  CHECK(testing::allclose(rdiv(x, 2.0), xt::xarray<double>{2, 1, 0.5}));
}

// ---------------------------------------------------------------- arithmetic gradients

TEST_CASE("add_and_sub_gradients_sum_over_broadcast_dims") {
  Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  Tensor b = tensor({2.0, 4.0, 8.0}, f64_grad());
  (a + b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{1, 1, 1}, {1, 1, 1}}));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{2, 2, 2}));
  a.zero_grad();
  b.zero_grad();
  (a - b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{1, 1, 1}, {1, 1, 1}}));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{-2, -2, -2}));
}

TEST_CASE("mul_gradient_sums_over_broadcast_dims") {
  Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  Tensor b = tensor({2.0, 4.0, 8.0}, f64_grad());
  (a * b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{2, 4, 8}, {2, 4, 8}}));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{5, 7, 9}));

  Tensor c = tensor(column({1.0, 2.0}), /*requires_grad=*/true);
  Tensor d = tensor({{10.0, 20.0, 30.0}}, f64_grad());
  (c * d).sum().backward();
  CHECK(c.grad().sizes() == Sizes{2, 1});
  CHECK(d.grad().sizes() == Sizes{1, 3});
  CHECK(testing::allclose(c.grad(), column({60, 60})));
  CHECK(testing::allclose(d.grad(), xt::xarray<double>{{3, 3, 3}}));

  Tensor s = tensor(3.0, f64_grad());
  Tensor m = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  (m * s).sum().backward();
  CHECK(s.grad().dim() == 0);
  CHECK(s.grad().item<double>() == doctest::Approx(21.0));
  CHECK(testing::allclose(m.grad(), xt::xarray<double>{{3, 3, 3}, {3, 3, 3}}));
}

TEST_CASE("div_gradient_of_both_operands_sums_over_broadcast_dims") {
  Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  Tensor b = tensor({2.0, 4.0, 8.0}, f64_grad());
  (a / b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{0.5, 0.25, 0.125}, {0.5, 0.25, 0.125}}));
  // d/db sum(a / b) = -sum_rows(a) / b^2 = -[5/4, 7/16, 9/64]
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{-1.25, -0.4375, -0.140625}));
}

TEST_CASE("scalar_operand_gradients_match_hand_derivatives") {
  Tensor x = tensor({1.0, 2.0, 4.0}, f64_grad());
  (2.0 / x).sum().backward();  // -2 / x^2
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{-2, -0.5, -0.125}));
  x.zero_grad();
  (2.0 - x).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{-1, -1, -1}));
  x.zero_grad();
  (x * 3.0 + 1.0).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{3, 3, 3}));
  x.zero_grad();
  (x / 4.0 - 1.0).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0.25, 0.25, 0.25}));
  x.zero_grad();
  (-x).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{-1, -1, -1}));
}

TEST_CASE("arithmetic_gradcheck_over_broadcast_shapes_and_0d_scalars") {
  manual_seed(1);
  for (const auto& op : arithmetic()) {
    for (const auto& shapes : kBroadcastPairs) {
      const auto& sa = shapes.first;  // not structured bindings: CAPTURE captures them
      const auto& sb = shapes.second;
      CAPTURE(op.name);
      CAPTURE(sa.size());
      CAPTURE(sb.size());
      const Tensor a = uniform_leaf64(sa, -2.0, 2.0);
      // Keep divisors away from zero.
      const Tensor b = uniform_leaf64(sb, 0.5, 2.0);
      const Binary f = op.op;
      CHECK(autograd::gradcheck([f](const std::vector<Tensor>& in) { return f(in[0], in[1]); },
                                {a, b}));
      // Only one operand requiring grad still gives that operand the right gradient.
      const Tensor b_const = b.detach();
      CHECK(autograd::gradcheck(
          [f, b_const](const std::vector<Tensor>& in) { return f(in[0], b_const); }, {a}));
      const Tensor a_const = a.detach();
      CHECK(autograd::gradcheck(
          [f, a_const](const std::vector<Tensor>& in) { return f(a_const, in[0]); }, {b}));
    }
  }
}

TEST_CASE("scalar_operand_arithmetic_gradcheck") {
  manual_seed(2);
  for (const std::vector<int64_t>& shape : {std::vector<int64_t>{2, 3}, std::vector<int64_t>{}}) {
    const Tensor x = uniform_leaf64(shape, 0.5, 2.0);
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return in[0] + 1.5; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return in[0] - 1.5; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return in[0] * 1.5; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return in[0] / 1.5; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return 1.5 + in[0]; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return 1.5 - in[0]; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return 1.5 * in[0]; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return 1.5 / in[0]; }, {x}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return -in[0]; }, {x}));
  }
}

// ---------------------------------------------------------------- dtypes and errors

TEST_CASE("float32_with_float64_promotes_to_float64_and_each_grad_keeps_its_input_dtype") {
  for (const auto& op : arithmetic()) {
    CAPTURE(op.name);
    Tensor a32 =
        tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, TensorOptions(kFloat32).requires_grad(true));
    Tensor b64 = tensor({2.0, 4.0, 8.0}, f64_grad());
    const Tensor ab = op.op(a32, b64);
    CHECK(ab.dtype() == kFloat64);
    const Tensor ba = op.op(b64, a32);
    CHECK(ba.dtype() == kFloat64);
    (ab.sum() + ba.sum()).backward();
    REQUIRE(a32.grad().defined());
    REQUIRE(b64.grad().defined());
    CHECK(a32.grad().dtype() == kFloat32);
    CHECK(a32.grad().sizes() == Sizes{2, 3});
    CHECK(b64.grad().dtype() == kFloat64);
    CHECK(b64.grad().sizes() == Sizes{3});
  }
  Tensor x32 = tensor({1.0, 2.0}, TensorOptions(kFloat32).requires_grad(true));
  Tensor y64 = tensor({4.0, 5.0}, f64_grad());
  const Tensor prod = x32 * y64;
  CHECK(testing::allclose(prod, xt::xarray<double>{4, 10}));
  prod.sum().backward();
  CHECK(testing::allclose(x32.grad(), xt::xarray<double>{4, 5}));
  CHECK(testing::allclose(y64.grad(), xt::xarray<double>{1, 2}));

  Tensor base32 = tensor({2.0, 3.0}, TensorOptions(kFloat32).requires_grad(true));
  Tensor exp64 = tensor({2.0, 1.0}, f64_grad());
  const Tensor p = pow(base32, exp64);
  CHECK(p.dtype() == kFloat64);
  p.sum().backward();
  CHECK(base32.grad().dtype() == kFloat32);
  CHECK(exp64.grad().dtype() == kFloat64);
  CHECK(testing::allclose(base32.grad(), xt::xarray<double>{4, 1}));

  Tensor w32 = tensor({1.0, 2.0}, TensorOptions(kFloat32).requires_grad(true));
  Tensor w64 = tensor({3.0, 4.0}, f64_grad());
  const Tensor w = where(tensor({true, false}), w32, w64);
  CHECK(w.dtype() == kFloat64);
  CHECK(testing::allclose(w, xt::xarray<double>{1, 4}));
  w.sum().backward();
  CHECK(w32.grad().dtype() == kFloat32);
  CHECK(w64.grad().dtype() == kFloat64);
  CHECK(testing::allclose(w32.grad(), xt::xarray<double>{1, 0}));
  CHECK(testing::allclose(w64.grad(), xt::xarray<double>{0, 1}));
}

TEST_CASE("scalar_operand_and_unary_ops_keep_the_tensor_dtype") {
  for (Dtype dt : {kFloat32, kFloat64}) {
    const Tensor x = tensor({0.5, 1.0, 2.0}, dt);
    CHECK((x + 2.5).dtype() == dt);
    CHECK((x - 2.5).dtype() == dt);
    CHECK((x * 2.5).dtype() == dt);
    CHECK((x / 2.5).dtype() == dt);
    CHECK((2.5 + x).dtype() == dt);
    CHECK((2.5 - x).dtype() == dt);
    CHECK((2.5 * x).dtype() == dt);
    CHECK((2.5 / x).dtype() == dt);
    CHECK((-x).dtype() == dt);
    CHECK(x.pow(2.0).dtype() == dt);
    CHECK(x.exp().dtype() == dt);
    CHECK(x.log().dtype() == dt);
    CHECK(x.sqrt().dtype() == dt);
    CHECK(x.abs().dtype() == dt);
    CHECK(x.clamp(0.0, 1.0).dtype() == dt);
    CHECK(x.sigmoid().dtype() == dt);
    CHECK(x.tanh().dtype() == dt);
    CHECK(x.relu().dtype() == dt);
  }
  // A float32 tensor times a double that float32 cannot hold exactly stays float32.
  const Tensor third = tensor({1.0}, kFloat32) * (1.0 / 3.0);
  CHECK(third.dtype() == kFloat32);
  CHECK(third.data<float>()(0) == static_cast<float>(1.0 / 3.0));
}

TEST_CASE("broadcast_shape_mismatch_throws_must_match_the_size_of_tensor_b") {
  const Tensor a = zeros({2, 3}, kFloat64);
  const Tensor b = zeros({2}, kFloat64);
  CHECK_THROWS_WITH_AS(a + b, doctest::Contains("must match the size of tensor b"), std::exception);
  CHECK_THROWS_WITH_AS(a - b, doctest::Contains("must match the size of tensor b"), std::exception);
  CHECK_THROWS_WITH_AS(a * b, doctest::Contains("must match the size of tensor b"), std::exception);
  CHECK_THROWS_WITH_AS(a / b, doctest::Contains("must match the size of tensor b"), std::exception);
  CHECK_THROWS_WITH_AS(pow(a, b), doctest::Contains("must match the size of tensor b"),
                       std::exception);
  CHECK_THROWS_WITH_AS(where(zeros({3}, kBool), a, b),
                       doctest::Contains("must match the size of tensor b"), std::exception);
  CHECK_THROWS_WITH_AS(where(zeros({4}, kBool), a, a),
                       doctest::Contains("must match the size of tensor b"), std::exception);
}

// PyTorch compares sizes from the trailing dim and names the last mismatching dim.
TEST_CASE("broadcast_mismatch_message_names_the_trailing_mismatching_dim_as_pytorch") {
  CHECK_THROWS_WITH_AS(
      zeros({2, 3}) * zeros({3, 2}),
      doctest::Contains("The size of tensor a (3) must match the size of tensor b (2) "
                        "at non-singleton dimension 1"),
      std::exception);
}

TEST_CASE("a_zero_dim_tensor_does_not_promote_a_tensor_with_dims") {
  const Tensor scalar64 = tensor(2.0, kFloat64);
  CHECK((ones({3}) + scalar64).dtype() == kFloat32);
  CHECK((scalar64 * ones({3})).dtype() == kFloat32);
  CHECK((tensor(1.0) + scalar64).dtype() == kFloat64);
  CHECK((ones({3}) + ones({3}, kFloat64)).dtype() == kFloat64);
  const Tensor leaf = tensor(3.0, TensorOptions().dtype(kFloat64).requires_grad(true));
  (ones({2}) * leaf).sum().backward();
  CHECK(leaf.grad().dtype() == kFloat64);
  CHECK(leaf.grad().item<double>() == 2.0);
}

// ---------------------------------------------------------------- pow

TEST_CASE("pow_with_scalar_exponent_values_and_gradients") {
  const Tensor x = tensor({0.5, 1.0, 2.0}, kFloat64);
  CHECK(testing::allclose(x.pow(2.0), xt::xarray<double>{0.25, 1, 4}));
  CHECK(testing::allclose(pow(x, 1.5),
                          xt::xarray<double>{0.35355339059327373, 1, 2.8284271247461903}));
  CHECK(testing::allclose(x.pow(-1.0), xt::xarray<double>{2, 1, 0.5}));
  CHECK(testing::allclose(x.pow(0.0), xt::xarray<double>{1, 1, 1}));

  Tensor y = tensor({0.5, 1.0, 2.0}, f64_grad());
  y.pow(3.0).sum().backward();  // 3 y^2
  CHECK(testing::allclose(y.grad(), xt::xarray<double>{0.75, 3, 12}));

  // d/dx x^0 is 0 everywhere, also at x = 0 (PyTorch).
  Tensor z = tensor({0.0, 1.0}, f64_grad());
  z.pow(0.0).sum().backward();
  CHECK(testing::allclose(z.grad(), xt::xarray<double>{0, 0}));
  // sqrt-like exponent at 0 gives an infinite slope, as in PyTorch.
  Tensor w = tensor({0.0, 4.0}, f64_grad());
  w.pow(0.5).sum().backward();
  const xt::xarray<double> wg = w.grad().to_xarray<double>();
  CHECK(wg(0) == inf());
  CHECK(wg(1) == doctest::Approx(0.25));

  manual_seed(3);
  for (double e : {2.0, 3.0, 0.5, -1.5, 0.0, 1.0}) {
    CAPTURE(e);
    const Tensor base = uniform_leaf64({2, 3}, 0.5, 2.0);
    CHECK(autograd::gradcheck([e](const std::vector<Tensor>& in) { return in[0].pow(e); }, {base}));
  }
}

TEST_CASE("pow_with_tensor_exponent_values_and_broadcast_gradcheck") {
  const Tensor b = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  const Tensor e = tensor({0.5, 2.0, -1.0}, kFloat64);
  CHECK(testing::allclose(pow(b, e), xt::xarray<double>{{1, 4, 1.0 / 3.0}, {2, 25, 1.0 / 6.0}}));
  CHECK(testing::allclose(b.pow(e), xt::xarray<double>{{1, 4, 1.0 / 3.0}, {2, 25, 1.0 / 6.0}}));

  Tensor x = tensor({2.0, 3.0}, f64_grad());
  Tensor y = tensor({3.0, 2.0}, f64_grad());
  pow(x, y).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{12, 6}));  // y x^(y-1)
  // x^y log x
  CHECK(testing::allclose(y.grad(), xt::xarray<double>{8 * std::log(2.0), 9 * std::log(3.0)}));

  manual_seed(4);
  for (const auto& shapes : kBroadcastPairs) {
    const auto& sa = shapes.first;  // not structured bindings: CAPTURE captures them
    const auto& sb = shapes.second;
    CAPTURE(sa.size());
    CAPTURE(sb.size());
    const Tensor base = uniform_leaf64(sa, 0.5, 2.0);
    const Tensor exponent = uniform_leaf64(sb, -2.0, 2.0);
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& in) { return pow(in[0], in[1]); },
                              {base, exponent}));
  }
}

TEST_CASE("pow_follows_pytorch_at_special_values_in_both_dtypes") {
  // torch.pow: 0^0 = 1, 0^-1 = inf, 0^0.5 = 0, inf^0 = 1, 1^inf = 1, (-2)^3 = -8,
  // (-8)^(1/3) = nan. Enough elements to fill full SIMD batches.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> bases{0, 0, 0, inf(), 1, -2, -8, 0, 0, 0, inf(), 1, -2, -8, 2, 3};
  const std::vector<double> exps{0,  -1,  0.5, 0,     inf(), 3,       1.0 / 3, 0,
                                 -1, 0.5, 0,   inf(), 3,     1.0 / 3, 2,       0};
  const std::vector<double> expected{1, inf(), 0, 1, 1, -8, nan, 1, inf(), 0, 1, 1, -8, nan, 4, 1};
  const std::vector<size_t> shape{bases.size()};
  for (Dtype dt : {kFloat32, kFloat64}) {
    CAPTURE(dt);
    const Tensor b = tensor(xt::xarray<double>(xt::adapt(bases, shape))).to(dt);
    const Tensor e = tensor(xt::xarray<double>(xt::adapt(exps, shape))).to(dt);
    const xt::xarray<double> got = pow(b, e).to_xarray<double>();
    for (size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(i);
      if (std::isnan(expected[i])) {
        CHECK(std::isnan(got(i)));
      } else if (std::isinf(expected[i])) {
        CHECK(got(i) == expected[i]);
      } else {
        CHECK(got(i) == doctest::Approx(expected[i]));
      }
    }
    // Scalar exponents too.
    const Tensor zeros8 = zeros({8}, dt);
    CHECK(testing::allclose(zeros8.pow(0.0), xt::ones<double>({8})));
    CHECK(xt::all(xt::equal(zeros8.pow(-1.0).to_xarray<double>(), inf())));
    CHECK(testing::allclose(zeros8.pow(0.5), xt::zeros<double>({8})));
    CHECK(testing::allclose(full({8}, -2.0, dt).pow(3.0),
                            xt::xarray<double>(xt::ones<double>({8}) * -8.0)));
    CHECK(testing::allclose(full({8}, inf(), dt).pow(0.0), xt::ones<double>({8})));
  }
}

TEST_CASE("pow_with_tensor_exponent_follows_pytorch_at_zero_base") {
  // Reference: torch 1.13, pow(base, exponent).sum().backward().
  Tensor base = tensor({0.0, 0.0, 2.0}, f64_grad());
  Tensor exponent = tensor({0.0, 2.0, 0.0}, f64_grad());
  const Tensor out = pow(base, exponent);
  CHECK(testing::allclose(out, xt::xarray<double>{1, 0, 1}));
  out.sum().backward();
  CHECK(testing::allclose(base.grad(), xt::xarray<double>{0, 0, 0}));
  CHECK(testing::allclose(exponent.grad(), xt::xarray<double>{0, 0, std::log(2.0)}));

  // A zero base with a negative exponent is not masked: x^y log x = inf * -inf = -inf.
  Tensor base2 = tensor({0.0, 0.0}, f64_grad());
  Tensor exponent2 = tensor({-1.0, 0.5}, f64_grad());
  const Tensor out2 = pow(base2, exponent2);
  const xt::xarray<double> o2 = out2.to_xarray<double>();
  CHECK(o2(0) == inf());
  CHECK(o2(1) == 0.0);
  out2.sum().backward();
  const xt::xarray<double> gb = base2.grad().to_xarray<double>();
  CHECK(gb(0) == -inf());
  CHECK(gb(1) == inf());
  const xt::xarray<double> ge = exponent2.grad().to_xarray<double>();
  CHECK(ge(0) == -inf());
  CHECK(ge(1) == 0.0);
}

// ---------------------------------------------------------------- unary math

TEST_CASE("exp_log_sqrt_values_and_gradients") {
  const Tensor x = tensor({0.5, 1.0, 2.0}, kFloat64);
  CHECK(testing::allclose(
      x.exp(), xt::xarray<double>{1.6487212707001282, 2.718281828459045, 7.38905609893065}));
  CHECK(testing::allclose(
      exp(x), xt::xarray<double>{1.6487212707001282, 2.718281828459045, 7.38905609893065}));
  CHECK(testing::allclose(x.log(), xt::xarray<double>{-0.6931471805599453, 0, 0.6931471805599453}));
  CHECK(testing::allclose(log(x), xt::xarray<double>{-0.6931471805599453, 0, 0.6931471805599453}));
  CHECK(testing::allclose(x.sqrt(), xt::xarray<double>{0.7071067811865476, 1, 1.4142135623730951}));
  CHECK(testing::allclose(sqrt(x), xt::xarray<double>{0.7071067811865476, 1, 1.4142135623730951}));
  CHECK(testing::allclose(tensor({0.0, 4.0, 9.0}).sqrt(), xt::xarray<double>{0, 2, 3}));
  CHECK(tensor({0.0}).log().item<double>() == -inf());

  Tensor a = tensor({0.5, 1.0, 2.0}, f64_grad());
  a.exp().sum().backward();
  CHECK(testing::allclose(
      a.grad(), xt::xarray<double>{1.6487212707001282, 2.718281828459045, 7.38905609893065}));
  a.zero_grad();
  a.log().sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{2, 1, 0.5}));
  a.zero_grad();
  Tensor s = tensor({1.0, 4.0, 16.0}, f64_grad());
  s.sqrt().sum().backward();  // 1 / (2 sqrt(s))
  CHECK(testing::allclose(s.grad(), xt::xarray<double>{0.5, 0.25, 0.125}));

  manual_seed(5);
  const Tensor p = uniform_leaf64({2, 3}, 0.5, 2.0);
  const Tensor p0 = uniform_leaf64({}, 0.5, 2.0);
  for (const Tensor& in : {p, p0}) {
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].exp(); }, {in}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].log(); }, {in}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].sqrt(); }, {in}));
  }
}

TEST_CASE("abs_values_and_gradient_is_sign_with_zero_at_zero") {
  const Tensor x = tensor({-2.5, 0.0, 3.0}, kFloat64);
  CHECK(testing::allclose(x.abs(), xt::xarray<double>{2.5, 0, 3}));
  CHECK(testing::allclose(abs(x), xt::xarray<double>{2.5, 0, 3}));
  Tensor y = tensor({1.0, -2.0, 0.0}, f64_grad());
  y.abs().sum().backward();
  CHECK(testing::allclose(y.grad(), xt::xarray<double>{1, -1, 0}));
  const Tensor z = tensor({{-1.5, 0.7, -0.2}, {2.0, -3.0, 0.4}}, f64_grad());
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].abs(); }, {z}));
}

// ---------------------------------------------------------------- clamp

TEST_CASE("clamp_both_sides_and_one_sided_values") {
  const Tensor x = tensor({-2.0, 0.5, 1.0, 3.0}, kFloat64);
  CHECK(testing::allclose(x.clamp(0.0, 1.0), xt::xarray<double>{0, 0.5, 1, 1}));
  CHECK(testing::allclose(clamp(x, 0.0, 1.0), xt::xarray<double>{0, 0.5, 1, 1}));
  CHECK(testing::allclose(clamp(x, 0.75, std::nullopt), xt::xarray<double>{0.75, 0.75, 1, 3}));
  CHECK(testing::allclose(clamp(x, std::nullopt, 0.75), xt::xarray<double>{-2, 0.5, 0.75, 0.75}));
  CHECK_THROWS_WITH_AS(clamp(x, std::nullopt, std::nullopt),
                       doctest::Contains("At least one of 'min' or 'max' must not be None"),
                       std::exception);
}

TEST_CASE("clamp_with_min_greater_than_max_sets_every_element_to_max") {
  // PyTorch: "If min is greater than max, torch.clamp(..., min, max) sets all elements in
  // input to the value of max." torch.clamp(tensor([-2., 0.5, 3.]), 2., 1.) == [1., 1., 1.]
  const Tensor x = tensor({-2.0, 0.5, 3.0}, kFloat64);
  CHECK(testing::allclose(x.clamp(2.0, 1.0), xt::xarray<double>{1, 1, 1}));
  CHECK(testing::allclose(tensor({-2.0, 0.5, 3.0}, kFloat32).clamp(2.0, 1.0),
                          xt::xarray<double>{1, 1, 1}));
  // And no element is inside [min, max], so no gradient flows.
  Tensor y = tensor({-2.0, 0.5, 1.5, 3.0}, f64_grad());
  y.clamp(2.0, 1.0).sum().backward();
  CHECK(testing::allclose(y.grad(), xt::xarray<double>{0, 0, 0, 0}));
}

TEST_CASE("clamp_gradient_passes_inside_the_closed_range_only") {
  Tensor x = tensor({-1.0, 1.0, 1.5, 2.0, 3.0}, f64_grad());
  x.clamp(1.0, 2.0).sum().backward();
  // The bounds themselves count as inside (PyTorch's subgradient 1).
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0, 1, 1, 1, 0}));
  x.zero_grad();
  clamp(x, 1.5, std::nullopt).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0, 0, 1, 1, 1}));
  x.zero_grad();
  clamp(x, std::nullopt, 1.5).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{1, 1, 1, 0, 0}));

  const Tensor z = tensor({{-1.2, 0.3, 0.9}, {1.7, -0.4, 2.5}}, f64_grad());
  CHECK(
      autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].clamp(-0.5, 1.0); }, {z}));
  CHECK(autograd::gradcheck(
      [](const std::vector<Tensor>& v) { return clamp(v[0], 0.0, std::nullopt); }, {z}));
  CHECK(autograd::gradcheck(
      [](const std::vector<Tensor>& v) { return clamp(v[0], std::nullopt, 1.0); }, {z}));
}

// ---------------------------------------------------------------- activations

TEST_CASE("sigmoid_tanh_relu_values") {
  const Tensor x = tensor({-2.0, -0.5, 0.0, 0.5, 2.0}, kFloat64);
  CHECK(testing::allclose(x.sigmoid(),
                          xt::xarray<double>{0.11920292202211755, 0.3775406687981454, 0.5,
                                             0.6224593312018546, 0.8807970779778823}));
  CHECK(
      testing::allclose(sigmoid(x), xt::xarray<double>{0.11920292202211755, 0.3775406687981454, 0.5,
                                                       0.6224593312018546, 0.8807970779778823}));
  CHECK(testing::allclose(x.tanh(), xt::xarray<double>{-0.9640275800758169, -0.46211715726000974, 0,
                                                       0.46211715726000974, 0.9640275800758169}));
  CHECK(testing::allclose(tanh(x), xt::xarray<double>{-0.9640275800758169, -0.46211715726000974, 0,
                                                      0.46211715726000974, 0.9640275800758169}));
  CHECK(testing::allclose(x.relu(), xt::xarray<double>{0, 0, 0, 0.5, 2}));
  CHECK(testing::allclose(relu(x), xt::xarray<double>{0, 0, 0, 0.5, 2}));
  // Saturation stays finite in float32.
  const Tensor big = tensor({-100.0, 100.0}, kFloat32);
  CHECK(testing::allclose(big.sigmoid(), xt::xarray<double>{0, 1}));
  CHECK(testing::allclose(big.tanh(), xt::xarray<double>{-1, 1}));
}

TEST_CASE("sigmoid_tanh_relu_gradients") {
  Tensor x = tensor({-2.0, 0.0, 0.5}, f64_grad());
  x.sigmoid().sum().backward();  // s (1 - s)
  CHECK(testing::allclose(x.grad(),
                          xt::xarray<double>{0.10499358540350652, 0.25, 0.2350037122015945}));
  x.zero_grad();
  x.tanh().sum().backward();  // 1 - t^2
  CHECK(
      testing::allclose(x.grad(), xt::xarray<double>{0.07065082485316443, 1, 0.7864477329659274}));
  x.zero_grad();
  x.relu().sum().backward();  // 0 at 0, as in PyTorch
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0, 0, 1}));

  manual_seed(6);
  const Tensor z = uniform_leaf64({2, 3}, -3.0, 3.0);
  const Tensor z0 = uniform_leaf64({}, -3.0, 3.0);
  for (const Tensor& in : {z, z0}) {
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].sigmoid(); }, {in}));
    CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].tanh(); }, {in}));
  }
  const Tensor r = tensor({{-1.5, 0.7, -0.2}, {2.0, -3.0, 0.4}}, f64_grad());
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].relu(); }, {r}));
}

// ---------------------------------------------------------------- where

TEST_CASE("where_picks_from_a_where_condition_is_true_and_broadcasts_all_three") {
  const Tensor cond = tensor({{1.0, 0.0, 2.0}, {0.0, 0.0, -1.0}}) != 0.0;
  const Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  const Tensor b = tensor({10.0, 20.0, 30.0}, kFloat64);
  CHECK(testing::allclose(where(cond, a, b), xt::xarray<double>{{1, 20, 3}, {10, 20, 6}}));
  // A column condition against a row and a 0-d scalar.
  const Tensor col = tensor(column({1.0, 0.0})) != 0.0;
  const Tensor out = where(col, b, tensor(-1.0, kFloat64));
  CHECK(out.sizes() == Sizes{2, 3});
  CHECK(testing::allclose(out, xt::xarray<double>{{10, 20, 30}, {-1, -1, -1}}));
}

TEST_CASE("where_gradient_routes_to_the_picked_operand_and_sums_over_broadcast_dims") {
  const Tensor cond = tensor({{1.0, 0.0, 2.0}, {0.0, 0.0, -1.0}}) != 0.0;
  Tensor a = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  Tensor b = tensor({10.0, 20.0, 30.0}, f64_grad());
  where(cond, a, b).sum().backward();
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{1, 0, 1}, {0, 0, 1}}));
  CHECK(testing::allclose(b.grad(), xt::xarray<double>{1, 2, 0}));

  Tensor s = tensor(5.0, f64_grad());
  where(tensor(column({1.0, 0.0})) != 0.0, b, s).sum().backward();
  CHECK(s.grad().dim() == 0);
  CHECK(s.grad().item<double>() == 3.0);

  manual_seed(7);
  const Tensor c = tensor(column({1.0, 0.0})) != 0.0;
  const Tensor x = uniform_leaf64({2, 3});
  const Tensor y = uniform_leaf64({3});
  const Tensor y0 = uniform_leaf64({});
  CHECK(autograd::gradcheck([c](const std::vector<Tensor>& v) { return where(c, v[0], v[1]); },
                            {x, y}));
  CHECK(autograd::gradcheck([c](const std::vector<Tensor>& v) { return where(c, v[0], v[1]); },
                            {y, y0}));
  CHECK(autograd::gradcheck([c](const std::vector<Tensor>& v) { return where(c, v[1], v[0]); },
                            {x, y0}));
}

// ---------------------------------------------------------------- double backward

TEST_CASE("double_backward_of_mul_div_exp_sigmoid_tanh_pow_passes_gradgradcheck") {
  manual_seed(8);
  const Tensor a = uniform_leaf64({2, 3}, 0.5, 2.0);
  const Tensor b = uniform_leaf64({3}, 0.5, 2.0);
  const Tensor s = uniform_leaf64({}, 0.5, 2.0);
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0] * v[1]; }, {a, b}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0] * v[0]; }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0] * v[1]; }, {a, s}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0] / v[1]; }, {a, b}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return 2.0 / v[0]; }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0].exp(); }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0].sigmoid(); }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0].tanh(); }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0].pow(3.0); }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0].pow(-1.5); }, {a}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return pow(v[0], v[1]); },
                                {a, b}));
  CHECK(autograd::gradgradcheck(
      [](const std::vector<Tensor>& v) { return v[0].log() * v[0].sqrt(); }, {a}));
}

TEST_CASE("gradgradcheck_catches_a_wrong_second_derivative") {
  // Guards the double-backward tests above against a vacuous gradgradcheck: a function whose
  // first derivative is right but whose graph for it is cut (detach) must fail.
  const Tensor a = tensor({0.3, -0.7, 1.1}, f64_grad());
  auto cut = [](const std::vector<Tensor>& v) {
    return v[0].exp().detach() * v[0] + (v[0].exp() - v[0].exp().detach() * v[0]).detach();
  };
  CHECK(autograd::gradcheck(cut, {a}));
  CHECK_THROWS_AS(autograd::gradgradcheck(cut, {a}), autograd::GradcheckError);
}

// Found by tests/fuzz/fuzz_op_shapes: xtensor walked all 3 * 2^32 outer indices of this empty
// broadcast, taking minutes to produce nothing.
TEST_CASE("an_empty_broadcast_with_huge_outer_sizes_returns_at_once") {
  const Tensor huge_but_empty = zeros({3, int64_t{1} << 32, 0});
  CHECK((huge_but_empty + zeros({0})).sizes() == Sizes{3, int64_t{1} << 32, 0});
  CHECK((huge_but_empty * 2.0).sizes() == Sizes{3, int64_t{1} << 32, 0});
  Tensor target = zeros({3, int64_t{1} << 32, 0});
  target.add_(zeros({0}));
  CHECK(target.sizes() == Sizes{3, int64_t{1} << 32, 0});
}
