// Reductions (sum, mean, max, amax, logsumexp): values over all dims and given dims, keepdim,
// negative dims, gradcheck, ties, errors and numerical range.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::column;
using xgrad::testing::f64_grad;
using xgrad::testing::uniform_leaf64;

namespace {

// 0, 1, ..., 23 as [2, 3, 4]: x[i][k][j] = 12 i + 4 k + j.
Tensor iota234() {
  return arange(24, kFloat64).reshape({2, 3, 4});
}

// Dim lists to reduce a rank-3 tensor over: all, single, negative, several, unordered.
const std::vector<std::vector<int64_t>> kDimLists = {
    {}, {0}, {1}, {2}, {-1}, {-3}, {0, 2}, {-1, 0}, {1, -1}, {0, 1, 2}, {2, -2, 0}};

// gradcheck of reduce(x, dims, keepdim) for every list of dims and both keepdims.
template <typename Reduce>
void gradcheck_every_dim_list(const Tensor& x, Reduce reduce, bool skip_all_dims = false) {
  for (const auto& dims : kDimLists) {
    if (skip_all_dims && dims.empty()) continue;
    for (bool keepdim : {false, true}) {
      CAPTURE(dims.size());
      CAPTURE(keepdim);
      CHECK(autograd::gradcheck(
          [&, dims, keepdim](const std::vector<Tensor>& v) { return reduce(v[0], dims, keepdim); },
          {x}));
    }
  }
}

double inf() {
  return std::numeric_limits<double>::infinity();
}

}  // namespace

// ---------------------------------------------------------------- sum

TEST_CASE("sum_over_all_dims_and_given_dims_with_and_without_keepdim") {
  const Tensor x = iota234();
  const Tensor all = x.sum();
  CHECK(all.dim() == 0);
  CHECK(all.item<double>() == 276.0);
  CHECK(sum(x).item<double>() == 276.0);
  CHECK(sum(x, {}).item<double>() == 276.0);

  const Tensor s1 = x.sum({1});
  CHECK(s1.sizes() == Sizes{2, 4});
  CHECK(testing::allclose(s1, xt::xarray<double>{{12, 15, 18, 21}, {48, 51, 54, 57}}));
  const Tensor s1k = x.sum({1}, /*keepdim=*/true);
  CHECK(s1k.sizes() == Sizes{2, 1, 4});
  CHECK(testing::allclose(s1k, xt::xarray<double>{{{12, 15, 18, 21}}, {{48, 51, 54, 57}}}));

  CHECK(testing::allclose(
      x.sum({0}), xt::xarray<double>{{12, 14, 16, 18}, {20, 22, 24, 26}, {28, 30, 32, 34}}));
  CHECK(testing::allclose(x.sum({-1}), xt::xarray<double>{{6, 22, 38}, {54, 70, 86}}));
  CHECK(testing::allclose(x.sum({2}), xt::xarray<double>{{6, 22, 38}, {54, 70, 86}}));
  CHECK(testing::allclose(x.sum({0, -1}), xt::xarray<double>{60, 92, 124}));
  CHECK(testing::allclose(x.sum({-1, 0}), xt::xarray<double>{60, 92, 124}));
  const Tensor s02k = x.sum({0, -1}, true);
  CHECK(s02k.sizes() == Sizes{1, 3, 1});
  CHECK(testing::allclose(s02k.reshape({3}), xt::xarray<double>{60, 92, 124}));
  const Tensor allk = x.sum({0, 1, 2}, true);
  CHECK(allk.sizes() == Sizes{1, 1, 1});
  CHECK(allk.item<double>() == 276.0);
}

TEST_CASE("sum_of_0d_and_empty_tensors") {
  const Tensor s = tensor(2.5, kFloat64);
  CHECK(s.sum().item<double>() == 2.5);
  CHECK(s.sum({0}).dim() == 0);
  CHECK(s.sum({-1}, true).dim() == 0);
  CHECK(s.sum({0}).item<double>() == 2.5);
  CHECK(zeros({0}).sum().item<double>() == 0.0);
  const Tensor e = zeros({0, 3}).sum({0});
  CHECK(e.sizes() == Sizes{3});
  CHECK(testing::allclose(e, xt::xarray<double>{0, 0, 0}));
}

TEST_CASE("reductions_keep_the_input_dtype") {
  for (Dtype dt : {kFloat32, kFloat64}) {
    const Tensor x = tensor({{1.0, 2.0}, {3.0, 4.0}}, dt);
    CHECK(x.sum().dtype() == dt);
    CHECK(x.sum({1}).dtype() == dt);
    CHECK(x.mean().dtype() == dt);
    CHECK(x.mean({0}).dtype() == dt);
    CHECK(x.max().dtype() == dt);
    CHECK(x.amax({1}).dtype() == dt);
    CHECK(x.logsumexp({1}).dtype() == dt);
  }
}

TEST_CASE("sum_gradient_broadcasts_ones_back_to_the_input") {
  Tensor x = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  (x.sum({1}) * tensor({2.0, 3.0}, kFloat64)).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{{2, 2, 2}, {3, 3, 3}}));
  x.zero_grad();
  (x.sum({0}, true) * tensor({{1.0, 2.0, 3.0}}, kFloat64)).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{{1, 2, 3}, {1, 2, 3}}));
}

TEST_CASE("sum_gradcheck_over_dims_and_keepdim") {
  manual_seed(11);
  const Tensor x = uniform_leaf64({2, 3, 4});
  gradcheck_every_dim_list(x, [](const Tensor& t, const std::vector<int64_t>& dims, bool keepdim) {
    return t.sum(dims, keepdim);
  });
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].sum(); }, {x}));
  const Tensor s = uniform_leaf64({});
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].sum({0}, true); }, {s}));
}

// ---------------------------------------------------------------- mean

TEST_CASE("mean_over_all_dims_and_given_dims_with_and_without_keepdim") {
  const Tensor x = iota234();
  CHECK(x.mean().dim() == 0);
  CHECK(x.mean().item<double>() == doctest::Approx(11.5));
  CHECK(mean(x).item<double>() == doctest::Approx(11.5));
  CHECK(testing::allclose(x.mean({1}), xt::xarray<double>{{4, 5, 6, 7}, {16, 17, 18, 19}}));
  const Tensor m1k = mean(x, {1}, true);
  CHECK(m1k.sizes() == Sizes{2, 1, 4});
  CHECK(testing::allclose(m1k, xt::xarray<double>{{{4, 5, 6, 7}}, {{16, 17, 18, 19}}}));
  CHECK(testing::allclose(x.mean({-1}), xt::xarray<double>{{1.5, 5.5, 9.5}, {13.5, 17.5, 21.5}}));
  CHECK(testing::allclose(x.mean({0, -1}), xt::xarray<double>{7.5, 11.5, 15.5}));
  CHECK(x.mean({0, -1}, true).sizes() == Sizes{1, 3, 1});
  // The mean of nothing is NaN, as in PyTorch.
  CHECK(std::isnan(zeros({0}).mean().item<double>()));
}

TEST_CASE("mean_gradient_is_one_over_the_reduced_count") {
  Tensor x = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, f64_grad());
  x.mean().backward();
  CHECK(testing::allclose(
      x.grad(), xt::xarray<double>{{1.0 / 6, 1.0 / 6, 1.0 / 6}, {1.0 / 6, 1.0 / 6, 1.0 / 6}}));
  x.zero_grad();
  x.mean({-1}).sum().backward();
  CHECK(testing::allclose(
      x.grad(), xt::xarray<double>{{1.0 / 3, 1.0 / 3, 1.0 / 3}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}));
  x.zero_grad();
  x.mean({0}, true).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{{0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}}));
}

TEST_CASE("mean_gradcheck_over_dims_and_keepdim") {
  manual_seed(12);
  const Tensor x = uniform_leaf64({2, 3, 4});
  gradcheck_every_dim_list(x, [](const Tensor& t, const std::vector<int64_t>& dims, bool keepdim) {
    return t.mean(dims, keepdim);
  });
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].mean(); }, {x}));
}

// ---------------------------------------------------------------- max, amax

TEST_CASE("max_and_amax_values_over_all_and_given_dims") {
  const Tensor m = tensor({{3.0, -1.0, 7.0}, {5.0, 9.0, -2.0}}, kFloat64);
  CHECK(m.max().dim() == 0);
  CHECK(m.max().item<double>() == 9.0);
  CHECK(max(m).item<double>() == 9.0);
  CHECK(m.amax().item<double>() == 9.0);
  CHECK(amax(m).dim() == 0);
  CHECK(testing::allclose(m.amax({0}), xt::xarray<double>{5, 9, 7}));
  CHECK(testing::allclose(m.amax({1}), xt::xarray<double>{7, 9}));
  CHECK(testing::allclose(m.amax({-1}), xt::xarray<double>{7, 9}));
  const Tensor k = m.amax({-1}, true);
  CHECK(k.sizes() == Sizes{2, 1});
  CHECK(testing::allclose(k, column({7, 9})));
  CHECK(m.amax({0, -1}).item<double>() == 9.0);
  CHECK(m.amax({0, 1}, true).sizes() == Sizes{1, 1});
  CHECK(tensor({-3.0, -1.0, -2.0}).max().item<double>() == -1.0);

  const Tensor x = iota234();
  CHECK(testing::allclose(x.amax({1}), xt::xarray<double>{{8, 9, 10, 11}, {20, 21, 22, 23}}));
  CHECK(testing::allclose(x.amax({0, -1}), xt::xarray<double>{15, 19, 23}));
}

TEST_CASE("max_and_amax_gradient_goes_to_the_largest_element") {
  Tensor m = tensor({{3.0, -1.0, 7.0}, {5.0, 9.0, -2.0}}, f64_grad());
  m.max().backward();
  CHECK(testing::allclose(m.grad(), xt::xarray<double>{{0, 0, 0}, {0, 1, 0}}));
  m.zero_grad();
  (m.amax({0}) * tensor({1.0, 2.0, 3.0}, kFloat64)).sum().backward();
  CHECK(testing::allclose(m.grad(), xt::xarray<double>{{0, 0, 3}, {1, 2, 0}}));
  m.zero_grad();
  (m.amax({-1}, true) * tensor(column({2.0, 3.0}))).sum().backward();
  CHECK(testing::allclose(m.grad(), xt::xarray<double>{{0, 0, 2}, {0, 3, 0}}));
}

TEST_CASE("max_and_amax_share_the_gradient_evenly_among_ties") {
  Tensor x = tensor({1.0, 3.0, 3.0}, f64_grad());
  x.amax().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0, 0.5, 0.5}));
  x.zero_grad();
  x.max().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0, 0.5, 0.5}));
  x.zero_grad();
  amax(x, {0}).backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{0, 0.5, 0.5}));

  Tensor t = tensor({{1.0, 1.0}, {2.0, 0.0}}, f64_grad());
  (t.amax({1}) * tensor({2.0, 3.0}, kFloat64)).sum().backward();
  CHECK(testing::allclose(t.grad(), xt::xarray<double>{{1, 1}, {3, 0}}));

  Tensor three = tensor({4.0, 4.0, 4.0}, TensorOptions(kFloat32).requires_grad(true));
  three.max().backward();
  CHECK(testing::allclose(three.grad(), xt::xarray<double>{1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-6));
}

TEST_CASE("max_and_amax_gradcheck_over_dims_without_ties") {
  manual_seed(13);
  const Tensor x = uniform_leaf64({2, 3, 4});  // distinct values with probability 1
  {
    const xt::xarray<double> v = x.to_xarray<double>();
    for (size_t i = 0; i < v.size(); ++i)
      for (size_t j = i + 1; j < v.size(); ++j)
        REQUIRE(std::fabs(v.data()[i] - v.data()[j]) > 1e-4);
  }
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].max(); }, {x}));
  gradcheck_every_dim_list(x, [](const Tensor& t, const std::vector<int64_t>& dims, bool keepdim) {
    return t.amax(dims, keepdim);
  });
}

// ---------------------------------------------------------------- logsumexp

TEST_CASE("logsumexp_values_over_given_dims_with_and_without_keepdim") {
  const Tensor x = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  // Reference numbers: torch.logsumexp in float64.
  CHECK(testing::allclose(x.logsumexp({0}), xt::xarray<double>{4.048587351573742, 5.048587351573742,
                                                               6.048587351573742}));
  CHECK(testing::allclose(logsumexp(x, {1}),
                          xt::xarray<double>{3.4076059644443806, 6.4076059644443806}));
  CHECK(testing::allclose(x.logsumexp({-1}),
                          xt::xarray<double>{3.4076059644443806, 6.4076059644443806}));
  const Tensor k = x.logsumexp({-1}, true);
  CHECK(k.sizes() == Sizes{2, 1});
  CHECK(testing::allclose(k, column({3.4076059644443806, 6.4076059644443806})));
  const Tensor both = x.logsumexp({0, 1});
  CHECK(both.dim() == 0);
  CHECK(both.item<double>() == doctest::Approx(6.456193316018123));
  CHECK(x.logsumexp({1, 0}, true).sizes() == Sizes{1, 1});

  const Tensor m = tensor({{3.0, -1.0, 7.0}, {5.0, 9.0, -2.0}}, kFloat64);
  CHECK(testing::allclose(m.logsumexp({0}), xt::xarray<double>{5.126928011042972, 9.000045398899218,
                                                               7.000123402189724}));
  CHECK(testing::allclose(m.logsumexp({1}),
                          xt::xarray<double>{7.018479302594969, 9.018166329083834}));
  // log(e^1 + e^2) by hand.
  CHECK(tensor({1.0, 2.0}, kFloat64).logsumexp({0}).item<double>() ==
        doctest::Approx(std::log(std::exp(1.0) + std::exp(2.0))));
}

TEST_CASE("logsumexp_gradient_is_the_softmax_of_the_reduced_slice") {
  Tensor x = tensor({1.0, 2.0}, f64_grad());
  x.logsumexp({0}).backward();
  const double e1 = std::exp(1.0), e2 = std::exp(2.0);
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{e1 / (e1 + e2), e2 / (e1 + e2)}));
}

TEST_CASE("logsumexp_gradcheck_over_dims_and_keepdim") {
  manual_seed(14);
  const Tensor x = uniform_leaf64({2, 3, 4}, -3.0, 3.0);
  gradcheck_every_dim_list(
      x,
      [](const Tensor& t, const std::vector<int64_t>& dims, bool keepdim) {
        return t.logsumexp(dims, keepdim);
      },
      /*skip_all_dims=*/true);  // PyTorch's logsumexp needs dims
  const Tensor s = uniform_leaf64({});
  CHECK(autograd::gradcheck([](const std::vector<Tensor>& v) { return v[0].logsumexp({0}); }, {s}));
  CHECK(autograd::gradgradcheck([](const std::vector<Tensor>& v) { return v[0].logsumexp({1}); },
                                {x}));
}

TEST_CASE("logsumexp_stays_finite_for_large_float32_inputs") {
  Tensor f = tensor({1e4, 1e4, -1e4}, TensorOptions(kFloat32).requires_grad(true));
  const Tensor r = f.logsumexp({0});
  CHECK(r.dtype() == kFloat32);
  CHECK(std::isfinite(r.item<double>()));
  CHECK(r.item<double>() == doctest::Approx(1e4 + std::log(2.0)).epsilon(1e-6));
  r.backward();
  CHECK(testing::allclose(f.grad(), xt::xarray<double>{0.5, 0.5, 0.0}, 1e-3, 1e-6));

  const Tensor rows = tensor({{1e4, -1e4}, {-1e4, -1e4}}, kFloat32).logsumexp({1});
  CHECK(testing::allclose(rows, xt::xarray<double>{1e4, -1e4 + std::log(2.0)}, 1e-6));
  // All -inf gives -inf, an inf gives inf (no NaN from inf - inf), as in PyTorch.
  CHECK(tensor({-inf(), -inf()}, kFloat32).logsumexp({0}).item<double>() == -inf());
  CHECK(tensor({inf(), 1.0}, kFloat32).logsumexp({0}).item<double>() == inf());
}

// ---------------------------------------------------------------- errors

TEST_CASE("reductions_take_one_integer_dim_as_libtorch_does") {
  const Tensor x = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  const xt::xarray<double> row_lse{3.4076059644443806, 6.4076059644443806};  // torch, dim 1
  CHECK(testing::allclose(x.sum(1), xt::xarray<double>{6, 15}));
  CHECK(testing::allclose(x.mean(0), xt::xarray<double>{2.5, 3.5, 4.5}));
  CHECK(testing::allclose(logsumexp(x, 1), row_lse));
  CHECK(testing::allclose(x.amax(-1), xt::xarray<double>{3, 6}));
  CHECK(testing::allclose(sum(x, 1), xt::xarray<double>{6, 15}));
  CHECK(testing::allclose(mean(x, 0), xt::xarray<double>{2.5, 3.5, 4.5}));
  CHECK(testing::allclose(x.logsumexp(1), row_lse));
  CHECK(testing::allclose(amax(x, -1), xt::xarray<double>{3, 6}));
  CHECK(x.sum(-1, /*keepdim=*/true).sizes() == Sizes{2, 1});
  CHECK(mean(x, -2, true).sizes() == Sizes{1, 3});
  const int64_t dim = 1;
  CHECK(testing::allclose(x.sum(dim), xt::xarray<double>{6, 15}));

  // The list forms: braced, a vector, empty (all dims) and none at all.
  CHECK(x.sum({0, 1}).item<double>() == 21.0);
  CHECK(testing::allclose(x.sum({-1}), xt::xarray<double>{6, 15}));
  const std::vector<int64_t> dims{-2, -1};
  CHECK(x.mean(dims).item<double>() == 3.5);
  CHECK(testing::allclose(logsumexp(x, std::vector<int64_t>{-1}), row_lse));
  CHECK(x.sum({}).item<double>() == 21.0);
  CHECK(x.amax().item<double>() == 6.0);
  CHECK(amax(x).item<double>() == 6.0);
}

TEST_CASE("dims_copies_keep_their_single_dim") {
  const Dims one = -1;
  const Dims copy = one;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(copy.vec() == std::vector<int64_t>{-1});
  CHECK(Dims().empty());
  CHECK(Dims({0, 2}).vec() == std::vector<int64_t>{0, 2});
}

TEST_CASE("reductions_refuse_a_dim_out_of_range") {
  const Tensor x = zeros({2, 3});
  CHECK_THROWS_WITH_AS(x.sum({2}), doctest::Contains("Dimension out of range"), std::exception);
  CHECK_THROWS_WITH_AS(x.sum({-3}), doctest::Contains("Dimension out of range"), std::exception);
  CHECK_THROWS_WITH_AS(x.sum({2}),
                       doctest::Contains("expected to be in range of [-2, 1], but got 2"),
                       std::exception);
  CHECK_THROWS_WITH_AS(x.mean({5}), doctest::Contains("Dimension out of range"), std::exception);
  CHECK_THROWS_WITH_AS(x.amax({2}), doctest::Contains("Dimension out of range"), std::exception);
  CHECK_THROWS_WITH_AS(x.logsumexp({-3}), doctest::Contains("Dimension out of range"),
                       std::exception);
  CHECK_THROWS_WITH_AS(tensor(1.0).sum({1}), doctest::Contains("Dimension out of range"),
                       std::exception);
}

TEST_CASE("reductions_refuse_a_duplicated_dim") {
  const Tensor x = zeros({2, 3});
  CHECK_THROWS_WITH_AS(x.sum({0, 0}),
                       doctest::Contains("dim 0 appears multiple times in the list of dims"),
                       std::exception);
  CHECK_THROWS_WITH_AS(x.sum({1, -1}), doctest::Contains("dim 1 appears multiple times"),
                       std::exception);
  CHECK_THROWS_WITH_AS(x.mean({-2, 0}), doctest::Contains("appears multiple times"),
                       std::exception);
  CHECK_THROWS_WITH_AS(x.amax({1, 1}), doctest::Contains("appears multiple times"), std::exception);
  CHECK_THROWS_WITH_AS(x.logsumexp({0, -2}), doctest::Contains("appears multiple times"),
                       std::exception);
}

TEST_CASE("max_of_an_empty_tensor_throws") {
  CHECK_THROWS_WITH_AS(
      zeros({0}).max(),
      doctest::Contains("Expected reduction dim to be specified for input.numel() == 0"),
      std::exception);
  CHECK_THROWS_WITH_AS(zeros({2, 0}).max(), doctest::Contains("input.numel() == 0"),
                       std::exception);
  CHECK_THROWS_WITH_AS(zeros({0, 3}).amax({0}),
                       doctest::Contains("amax(): Expected reduction dim 0 to have non-zero size"),
                       std::exception);
  // Reducing over a non-empty dim of an empty tensor is fine: the result is empty too.
  CHECK(zeros({0, 3}).amax({1}).sizes() == Sizes{0});
}
