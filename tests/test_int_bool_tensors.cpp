// Ops on int64 and bool tensors do what PyTorch 1.13 does: arithmetic stays int64, division and
// floating functions give the default dtype, sums of bools count, and nothing is recorded.
#include <doctest/doctest.h>

#include <cmath>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::allclose;

namespace {
xt::xarray<int64_t> ints(const Tensor& t) {
  REQUIRE(t.dtype() == kInt64);
  return t.to_xarray<int64_t>();
}
xt::xarray<bool> bools(const Tensor& t) {
  REQUIRE(t.dtype() == kBool);
  return t.to_xarray<bool>();
}
}  // namespace

TEST_CASE("int64_arithmetic_stays_int64") {
  const Tensor a = tensor({-1, 2, 3}), b = tensor({4, 5, -6});
  CHECK(ints(a + b) == xt::xarray<int64_t>{3, 7, -3});
  CHECK(ints(a - b) == xt::xarray<int64_t>{-5, -3, 9});
  CHECK(ints(a * b) == xt::xarray<int64_t>{-4, 10, -18});
  CHECK(ints(-a) == xt::xarray<int64_t>{1, -2, -3});
  CHECK(ints(abs(a)) == xt::xarray<int64_t>{1, 2, 3});
  CHECK(ints(sign(a)) == xt::xarray<int64_t>{-1, 1, 1});
  CHECK(ints(relu(a)) == xt::xarray<int64_t>{0, 2, 3});
  CHECK(ints(a + 1) == xt::xarray<int64_t>{0, 3, 4});
  CHECK(ints(a - 1) == xt::xarray<int64_t>{-2, 1, 2});
  CHECK(ints(10 - a) == xt::xarray<int64_t>{11, 8, 7});
  CHECK(ints(a * 2) == xt::xarray<int64_t>{-2, 4, 6});
  CHECK(ints(2 * a) == xt::xarray<int64_t>{-2, 4, 6});
  const int64_t big = 9007199254740993;  // 2^53 + 1: not a double
  CHECK(ints(tensor({big}) + 1)(0) == big + 1);
}

TEST_CASE("int64_with_a_double_or_a_float_tensor_gives_a_float_result") {
  const Tensor a = tensor({1, 2});
  CHECK((a + 1.5).dtype() == kFloat32);
  CHECK(xgrad::testing::allclose(a + 1.5, xt::xarray<double>{2.5, 3.5}));
  CHECK((a * tensor({0.5, 0.5})).dtype() == kFloat32);
  CHECK((a + tensor(1.5, kFloat64)).dtype() == kFloat64);
  CHECK((tensor(1) + tensor({1.0, 2.0})).dtype() == kFloat32);
}

TEST_CASE("division_of_integers_is_true_division") {
  const Tensor q = tensor({3, -3}) / tensor({2, 2});
  CHECK(q.dtype() == kFloat32);
  CHECK(xgrad::testing::allclose(q, xt::xarray<double>{1.5, -1.5}));
  CHECK(xgrad::testing::allclose(tensor({1, 2}) / 2, xt::xarray<double>{0.5, 1.0}));
  CHECK(xgrad::testing::allclose(1 / tensor({2, 4}), xt::xarray<double>{0.5, 0.25}));
  const Tensor by_zero = tensor({1, 0}) / 0;
  CHECK(std::isinf(by_zero[0].item<double>()));
  CHECK(std::isnan(by_zero[1].item<double>()));
  set_default_dtype(kFloat64);
  CHECK((tensor({1, 2}) / 2).dtype() == kFloat64);
  set_default_dtype(kFloat32);
}

TEST_CASE("integer_powers_stay_int64_and_fractional_ones_give_floats") {
  CHECK(ints(pow(tensor({1, 2, 3}), 2)) == xt::xarray<int64_t>{1, 4, 9});
  CHECK(ints(pow(tensor({2, 3}), tensor({3, 2}))) == xt::xarray<int64_t>{8, 9});
  CHECK(ints(pow(tensor({2, 1, -1, -1}), tensor({-1, -2, -1, -2}))) ==
        xt::xarray<int64_t>{0, 1, -1, 1});
  CHECK(ints(pow(tensor({true, false}), 2)) == xt::xarray<int64_t>{1, 0});
  const Tensor f = pow(tensor({1, 2}), 2.5);
  CHECK(f.dtype() == kFloat32);
  CHECK(xgrad::testing::allclose(f, xt::xarray<double>{1.0, 5.656854249}));
  CHECK(pow(tensor({1, 2}), tensor(2.0)).dtype() == kFloat32);
}

TEST_CASE("floating_functions_of_integers_give_the_default_dtype") {
  const Tensor a = tensor({1, 2});
  for (const Tensor& r : {exp(a), log(a), sqrt(a), sigmoid(a), tanh(a), a.logsumexp({0})}) {
    CHECK(r.dtype() == kFloat32);
  }
  CHECK(xgrad::testing::allclose(exp(a), xt::xarray<double>{2.718281828, 7.389056099}));
  CHECK(xgrad::testing::allclose(sigmoid(a), xt::xarray<double>{0.7310585786, 0.880797078}));
  CHECK(xgrad::testing::allclose(a.logsumexp({0}), xt::xarray<double>(2.3132616875)));
  CHECK(xgrad::testing::allclose(exp(tensor({true})), xt::xarray<double>{2.718281828}));
}

TEST_CASE("bool_arithmetic_is_logical_and_sums_count") {
  const Tensor t = tensor({true, true, false, false}), u = tensor({true, false, true, false});
  CHECK(bools(t + u) == xt::xarray<bool>{true, true, true, false});
  CHECK(bools(t * u) == xt::xarray<bool>{true, false, false, false});
  CHECK(ints(t + tensor(1)) == xt::xarray<int64_t>{2, 2, 1, 1});
  CHECK(ints(t + 1) == xt::xarray<int64_t>{2, 2, 1, 1});
  CHECK(bools(sign(t)) == xt::xarray<bool>{true, true, false, false});
  const Tensor q = t / u;
  CHECK(q.dtype() == kFloat32);
  CHECK(q[0].item<double>() == 1.0);
  CHECK(std::isinf(q[1].item<double>()));
  CHECK(q[2].item<double>() == 0.0);
  CHECK(std::isnan(q[3].item<double>()));
  CHECK(ints(t.sum()) == xt::xarray<int64_t>(2));
  CHECK(ints(tensor({{true, false}, {true, true}}).sum({0})) == xt::xarray<int64_t>{2, 1});
  CHECK(ints(clamp(t, 0.0, 1.0)) == xt::xarray<int64_t>{1, 1, 0, 0});
}

TEST_CASE("int64_reductions_and_clamp_stay_int64") {
  const Tensor a = tensor({{1, 5}, {-3, 2}});
  CHECK(ints(a.sum()) == xt::xarray<int64_t>(5));
  CHECK(a.sum({1}, true).sizes() == Sizes{2, 1});
  CHECK(ints(a.sum({1}, true).reshape({2})) == xt::xarray<int64_t>{6, -1});
  CHECK(ints(a.max()) == xt::xarray<int64_t>(5));
  CHECK(ints(a.amax({0})) == xt::xarray<int64_t>{1, 5});
  CHECK(ints(clamp(a, 0.0, 2.0)) == xt::xarray<int64_t>{{1, 2}, {0, 2}});
  CHECK(ints(clamp(a, std::nullopt, 1.0)) == xt::xarray<int64_t>{{1, 1}, {-3, 1}});
  CHECK(ints(a.clamp(-INFINITY, INFINITY)) == a.data<int64_t>());
  const Tensor f = clamp(a, 0.5, 2.0);
  CHECK(f.dtype() == kFloat32);
  CHECK(xgrad::testing::allclose(f, xt::xarray<double>{{1.0, 2.0}, {0.5, 2.0}}));
  CHECK(bools(tensor({true, false}).max()) == xt::xarray<bool>(true));
}

TEST_CASE("int64_matmul_and_linear_compute_exactly") {
  const Tensor a = tensor({{1, 2}}), b = tensor({1, 2}).unsqueeze(1);
  CHECK(ints(matmul(a, b).reshape({})) == xt::xarray<int64_t>(5));
  const int64_t big = 3037000499;  // big * big fits in int64, not exactly in double
  CHECK(ints(matmul(tensor({big}), tensor({big}))) == xt::xarray<int64_t>(big * big));
  const Tensor batched = arange(12).reshape({2, 2, 3});
  const Tensor w = arange(6).reshape({3, 2});
  CHECK(ints(matmul(batched, w)) ==
        xt::xarray<int64_t>{{{10, 13}, {28, 40}}, {{46, 67}, {64, 94}}});
  CHECK(ints(mm(w.t(), w)) == xt::xarray<int64_t>{{20, 26}, {26, 35}});
  CHECK(ints(nn::functional::linear(a, tensor({{1, 2}}), tensor({10})).reshape({})) ==
        xt::xarray<int64_t>(15));
}

TEST_CASE("shape_ops_where_and_cat_work_on_int64_and_bool") {
  const Tensor a = arange(6).reshape({2, 3});
  CHECK(ints(a.t()) == xt::xarray<int64_t>{{0, 3}, {1, 4}, {2, 5}});
  CHECK(ints(a[1]) == xt::xarray<int64_t>{3, 4, 5});
  CHECK(ints(a.narrow(1, 1, 2)) == xt::xarray<int64_t>{{1, 2}, {4, 5}});
  CHECK(ints(a.unsqueeze(0).expand({2, 2, 3}).sum({0})) ==
        xt::xarray<int64_t>{{0, 2, 4}, {6, 8, 10}});
  CHECK(ints(a.chunk(3, 1)[2].reshape({2})) == xt::xarray<int64_t>{2, 5});
  CHECK(bools(stack({tensor({true}), tensor({false})}).reshape({2})) ==
        xt::xarray<bool>{true, false});
  CHECK(ints(cat({tensor({1}), tensor({true})})) == xt::xarray<int64_t>{1, 1});
  CHECK(xgrad::testing::allclose(cat({tensor({1}), tensor({1.5})}), xt::xarray<double>{1.0, 1.5}));
  const Tensor w = where(tensor({true, false}), tensor({1, 2}), tensor({3.0, 4.0}));
  CHECK(w.dtype() == kFloat32);
  CHECK(xgrad::testing::allclose(w, xt::xarray<double>{1.0, 4.0}));
  CHECK(ints(where(tensor({true, false}), tensor({1, 2}), tensor({3, 4}))) ==
        xt::xarray<int64_t>{1, 4});
}

TEST_CASE("integer_operands_record_nothing_and_gradients_reach_only_floats") {
  const Tensor x = tensor({1.0, 2.0}, requires_grad());
  const Tensor k = tensor({2, 3});
  const Tensor y = x * k;
  CHECK(y.dtype() == kFloat32);
  CHECK(y.grad_fn() != nullptr);
  y.sum().backward();
  CHECK(xgrad::testing::allclose(x.grad(), xt::xarray<double>{2.0, 3.0}));
  CHECK(x.grad().dtype() == kFloat32);
  const Tensor z = k * k + k;
  CHECK_FALSE(z.requires_grad());
  CHECK(z.grad_fn() == nullptr);
  CHECK(x.to(kBool).grad_fn() == nullptr);
}

TEST_CASE("in_place_ops_on_int64_keep_the_dtype") {
  Tensor a = tensor({1, 2});
  a.mul_(2).add_(1);
  CHECK(ints(a) == xt::xarray<int64_t>{3, 5});
  a.add_(tensor({true, false}));
  CHECK(ints(a) == xt::xarray<int64_t>{4, 5});
  a.copy_(tensor({1.7, -1.7}));
  CHECK(ints(a) == xt::xarray<int64_t>{1, -1});
  a.fill_(7.9);
  CHECK(ints(a) == xt::xarray<int64_t>{7, 7});
  Tensor f = tensor({1.0, 2.0});
  f.add_(tensor({1, 1}));
  CHECK(xgrad::testing::allclose(f, xt::xarray<double>{2.0, 3.0}));
  Tensor b = tensor({false, true});
  b.fill_(2);
  CHECK(bools(b) == xt::xarray<bool>{true, true});
  b.add_(tensor({true, false}));
  CHECK(bools(b) == xt::xarray<bool>{true, true});
}

TEST_CASE("cross_entropy_takes_int64_class_indices_as_pytorch_does") {
  const Tensor logits = tensor({{1.0, 2.0, 0.5}, {0.1, -1.0, 3.0}}, requires_grad());
  const Tensor loss = nn::functional::cross_entropy(logits, tensor({1, 2}));
  CHECK(xgrad::testing::allclose(
      loss, nn::functional::cross_entropy(logits, tensor({{0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}}))));
  loss.backward();
  CHECK(logits.grad().defined());
}
