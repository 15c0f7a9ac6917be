#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;

namespace {

using autograd::gradcheck;
using autograd::gradgradcheck;
using autograd::TensorFunction;
using In = std::vector<Tensor>;
using Dims = std::vector<size_t>;

// PyTorch's matmul written as plain loops, independent of the library: 1-D operands are
// promoted to a row (left) or a column (right) and that dim is dropped again at the end; batch
// dims broadcast.
xt::xarray<double> naive_matmul(const xt::xarray<double>& a_in, const xt::xarray<double>& b_in) {
  const bool a_vec = a_in.dimension() == 1, b_vec = b_in.dimension() == 1;
  Dims sa(a_in.shape().begin(), a_in.shape().end()), sb(b_in.shape().begin(), b_in.shape().end());
  if (a_vec) sa.insert(sa.begin(), 1);
  if (b_vec) sb.push_back(1);
  const size_t n = sa[sa.size() - 2], k = sa.back(), m = sb.back();
  REQUIRE(sb[sb.size() - 2] == k);
  const Dims ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2);
  const size_t rank = std::max(ba.size(), bb.size());
  Dims batch(rank);
  for (size_t i = 0; i < rank; ++i) {
    const size_t da = i < rank - ba.size() ? 1 : ba[i - (rank - ba.size())];
    const size_t db = i < rank - bb.size() ? 1 : bb[i - (rank - bb.size())];
    REQUIRE((da == db || da == 1 || db == 1));
    batch[i] = da == 1 ? db : da;
  }
  size_t count = 1;
  for (size_t d : batch) count *= d;
  // Flat offsets of one batch entry's matrix in a and in b, broadcasting size-1 dims.
  auto offset = [&](const Dims& own, size_t flat, size_t matrix) {
    size_t off = 0, stride = matrix;
    for (size_t i = rank; i-- > 0;) {
      const size_t idx = flat % batch[i];
      flat /= batch[i];
      if (i >= rank - own.size()) {
        const size_t size = own[i - (rank - own.size())];
        off += (size == 1 ? 0 : idx) * stride;
        stride *= size;
      }
    }
    return off;
  };
  Dims out_shape = batch;
  out_shape.push_back(n);
  out_shape.push_back(m);
  xt::xarray<double> out = xt::zeros<double>(out_shape);
  const double* a = a_in.data();
  const double* b = b_in.data();
  for (size_t e = 0; e < count; ++e) {
    const size_t oa = offset(ba, e, n * k), ob = offset(bb, e, k * m);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < m; ++j) {
        double acc = 0;
        for (size_t p = 0; p < k; ++p) acc += a[oa + i * k + p] * b[ob + p * m + j];
        out.data()[e * n * m + i * m + j] = acc;
      }
  }
  Dims final_shape = batch;
  if (!a_vec) final_shape.push_back(n);
  if (!b_vec) final_shape.push_back(m);
  out.reshape(final_shape);
  return out;
}

// y = x W^T + b as loops, for x of shape (*, in).
xt::xarray<double> naive_linear(const xt::xarray<double>& x, const xt::xarray<double>& w,
                                const xt::xarray<double>* b) {
  const size_t in = w.shape()[1], out = w.shape()[0], rows = x.size() / in;
  Dims shape(x.shape().begin(), x.shape().end());
  shape.back() = out;
  xt::xarray<double> y = xt::zeros<double>(shape);
  for (size_t r = 0; r < rows; ++r)
    for (size_t o = 0; o < out; ++o) {
      double acc = b ? b->data()[o] : 0.0;
      for (size_t i = 0; i < in; ++i) acc += x.data()[r * in + i] * w(o, i);
      y.data()[r * out + o] = acc;
    }
  return y;
}

xt::xarray<double> values(const Tensor& t) {
  return t.to_xarray<double>();
}

Tensor leaf(const std::vector<int64_t>& shape) {
  Tensor t = randn(shape, kFloat64);
  t.requires_grad_(true);
  return t;
}

// matmul of random float64 operands: forward against the loops, gradcheck w.r.t. both, and
// the float32 result close to the float64 one.
void check_matmul(const std::vector<int64_t>& sa, const std::vector<int64_t>& sb,
                  const std::vector<int64_t>& expected_shape) {
  CAPTURE(Sizes(sa));
  CAPTURE(Sizes(sb));
  const Tensor a = leaf(sa), b = leaf(sb);
  const Tensor c = matmul(a, b);
  CHECK(c.sizes() == Sizes(expected_shape));
  CHECK(c.dtype() == kFloat64);
  CHECK(testing::allclose(c, naive_matmul(values(a), values(b)), 1e-12, 1e-12));
  CHECK(testing::allclose(a.matmul(b), values(c), 0, 0));
  CHECK(gradcheck(TensorFunction([](const In& in) { return matmul(in[0], in[1]); }), {a, b}));
  const Tensor c32 = matmul(a.detach().to(kFloat32), b.detach().to(kFloat32));
  CHECK(c32.dtype() == kFloat32);
  CHECK(testing::allclose(c32, values(c), 1e-5, 1e-5));
}

void check_linear(const std::vector<int64_t>& sx, int64_t out_features, bool with_bias) {
  CAPTURE(Sizes(sx));
  CAPTURE(with_bias);
  const Tensor x = leaf(sx), w = leaf({out_features, sx.back()});
  const Tensor b = with_bias ? leaf({out_features}) : Tensor();
  const Tensor y = linear(x, w, b);
  std::vector<int64_t> expected_shape = sx;
  expected_shape.back() = out_features;
  CHECK(y.sizes() == Sizes(expected_shape));
  const xt::xarray<double> bv = with_bias ? values(b) : xt::xarray<double>();
  CHECK(testing::allclose(y, naive_linear(values(x), values(w), with_bias ? &bv : nullptr), 1e-12,
                          1e-12));
  // The same as the composition x @ W^T (+ b).
  const Tensor composed = with_bias ? matmul(x, w.t()) + b : matmul(x, w.t());
  CHECK(testing::allclose(y, values(composed), 1e-12, 1e-12));
  if (with_bias) {
    CHECK(gradcheck(TensorFunction([](const In& in) { return linear(in[0], in[1], in[2]); }),
                    {x, w, b}));
  } else {
    CHECK(gradcheck(TensorFunction([](const In& in) { return linear(in[0], in[1]); }), {x, w}));
  }
  const Tensor y32 = linear(x.detach().to(kFloat32), w.detach().to(kFloat32),
                            with_bias ? b.detach().to(kFloat32) : Tensor());
  CHECK(y32.dtype() == kFloat32);
  CHECK(testing::allclose(y32, values(y), 1e-5, 1e-5));
}

}  // namespace

// ---------------------------------------------------------------- matmul forms

TEST_CASE("naive_matmul_reference_agrees_with_hand_numbers") {
  // Guards the reference the other tests trust.
  CHECK(testing::allclose(
      tensor(naive_matmul(xt::xarray<double>{{1, 2}, {3, 4}}, xt::xarray<double>{{5, 6}, {7, 8}})),
      xt::xarray<double>{{19, 22}, {43, 50}}));
  CHECK(testing::allclose(
      tensor(naive_matmul(xt::xarray<double>{1, 2, 3}, xt::xarray<double>{4, 5, 6})),
      xt::xarray<double>(32.0)));
}

TEST_CASE("matmul_of_two_vectors_is_their_dot_product") {
  const Tensor a = tensor({1.0, 2.0, 3.0}, kFloat64), b = tensor({4.0, 5.0, -6.0}, kFloat64);
  const Tensor d = matmul(a, b);
  CHECK(d.dim() == 0);
  CHECK(d.item<double>() == 1 * 4 + 2 * 5 - 3 * 6);
  CHECK(matmul(a.to(kFloat32), b.to(kFloat32)).item<double>() == doctest::Approx(-4.0));
  manual_seed(21);
  check_matmul({5}, {5}, {});
}

TEST_CASE("matmul_of_a_matrix_and_a_vector_is_a_vector") {
  const Tensor m = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, kFloat64);
  CHECK(
      testing::allclose(matmul(m, tensor({1.0, 0.0, -1.0}, kFloat64)), xt::xarray<double>{-2, -2}));
  CHECK(
      testing::allclose(matmul(tensor({1.0, -1.0}, kFloat64), m), xt::xarray<double>{-3, -3, -3}));
  manual_seed(22);
  check_matmul({3, 4}, {4}, {3});
  check_matmul({4}, {4, 3}, {3});
}

TEST_CASE("matmul_and_mm_of_two_matrices_match_the_loops") {
  const Tensor a = tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}, kFloat64);
  const Tensor b = tensor({{1.0, 0.0, 2.0}, {-1.0, 3.0, 1.0}}, kFloat64);
  const xt::xarray<double> expected{{-1, 6, 4}, {-1, 12, 10}, {-1, 18, 16}};
  CHECK(testing::allclose(matmul(a, b), expected));
  CHECK(testing::allclose(mm(a, b), expected));
  CHECK(testing::allclose(a.mm(b), expected));
  manual_seed(23);
  check_matmul({3, 4}, {4, 5}, {3, 5});
  check_matmul({1, 1}, {1, 1}, {1, 1});

  const Tensor x = leaf({3, 4}), y = leaf({4, 2});
  CHECK(testing::allclose(mm(x, y), naive_matmul(values(x), values(y)), 1e-12, 1e-12));
  CHECK(gradcheck(TensorFunction([](const In& in) { return mm(in[0], in[1]); }), {x, y}));
  CHECK_THROWS_WITH_AS(mm(zeros({3}), zeros({3, 2})), doctest::Contains("self must be a matrix"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(mm(zeros({3, 2}), zeros({2, 2, 2})),
                       doctest::Contains("mat2 must be a matrix"), std::invalid_argument);
}

TEST_CASE("matmul_multiplies_3d_batches_pairwise") {
  manual_seed(24);
  check_matmul({2, 3, 4}, {2, 4, 5}, {2, 3, 5});
  // Each batch entry is its own product.
  const Tensor a = leaf({2, 3, 4}), b = leaf({2, 4, 5});
  const Tensor c = matmul(a, b);
  CHECK(testing::allclose(c[1], values(matmul(a[1], b[1])), 1e-12, 1e-12));
}

TEST_CASE("matmul_broadcasts_a_matrix_against_a_batch") {
  manual_seed(25);
  check_matmul({2, 3, 4}, {4, 5}, {2, 3, 5});
  check_matmul({4, 5}, {2, 5, 3}, {2, 4, 3});
  check_matmul({2, 2, 3, 4}, {4, 5}, {2, 2, 3, 5});
}

TEST_CASE("matmul_broadcasts_batch_dims_like_pytorch") {
  manual_seed(26);
  check_matmul({2, 1, 3, 4}, {5, 4, 2}, {2, 5, 3, 2});
  check_matmul({1, 3, 4}, {3, 4, 2}, {3, 3, 2});
  check_matmul({3, 1, 2, 4}, {1, 2, 4, 3}, {3, 2, 2, 3});
  // A vector on either side of a batch: its dim is added, then dropped.
  check_matmul({4}, {2, 4, 3}, {2, 3});
  check_matmul({2, 3, 4}, {4}, {2, 3});
  check_matmul({2, 2, 3, 4}, {4}, {2, 2, 3});
}

TEST_CASE("matmul_double_backward_passes_gradgradcheck") {
  manual_seed(27);
  const auto fn = TensorFunction([](const In& in) { return matmul(in[0], in[1]); });
  CHECK(gradgradcheck(fn, {leaf({3, 4}), leaf({4, 2})}));
  CHECK(gradgradcheck(fn, {leaf({2, 1, 3, 4}), leaf({2, 4, 2})}));
  CHECK(gradgradcheck(fn, {leaf({4}), leaf({4, 3})}));
}

TEST_CASE("matmul_gradient_flows_to_only_the_operands_that_require_it") {
  const Tensor a = tensor({{1.0, 2.0}, {3.0, 4.0}}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor b = tensor({{5.0, 6.0}, {7.0, 8.0}}, kFloat64);
  matmul(a, b).sum().backward();
  REQUIRE(a.grad().defined());
  // d(sum(A B))/dA = ones @ B^T: row sums of B in every row.
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{11, 15}, {11, 15}}));
  CHECK_FALSE(b.grad().defined());

  manual_seed(28);
  const Tensor constant = randn({4, 3}, kFloat64);
  CHECK(gradcheck(TensorFunction([&constant](const In& in) { return matmul(in[0], constant); }),
                  {leaf({2, 4})}));
  CHECK(gradcheck(TensorFunction([&constant](const In& in) { return matmul(constant, in[0]); }),
                  {leaf({2, 3, 2})}));
}

// ---------------------------------------------------------------- matmul errors

TEST_CASE("matmul_refuses_shapes_that_cannot_be_multiplied") {
  CHECK_THROWS_WITH_AS(matmul(zeros({3, 4}), zeros({5, 6})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (3x4 and 5x6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(mm(zeros({3, 4}), zeros({5, 6})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (3x4 and 5x6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(zeros({3, 4}).matmul(zeros({5, 6})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (3x4 and 5x6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      matmul(zeros({3}), zeros({4})),
      doctest::Contains(
          "inconsistent tensor size, expected tensor [3] and src [4] to have the same "
          "number of elements, but got 3 and 4 elements respectively"),
      std::invalid_argument);
  CHECK_THROWS_AS(matmul(zeros({3, 4}), zeros({5})), std::invalid_argument);
  CHECK_THROWS_AS(matmul(zeros({4}), zeros({5, 6})), std::invalid_argument);
  CHECK_THROWS_AS(matmul(zeros({2, 3, 4}), zeros({2, 5, 6})), std::invalid_argument);
  // Batch dims that cannot broadcast.
  CHECK_THROWS_WITH_AS(
      matmul(zeros({2, 3, 4}), zeros({3, 4, 6})),
      doctest::Contains("The size of tensor a (2) must match the size of tensor b (3) at "
                        "non-singleton dimension 0"),
      std::invalid_argument);
}

TEST_CASE("matmul_refuses_mixed_dtypes_naming_both") {
  const Tensor f = zeros({3, 4}, kFloat32), d = zeros({4, 2}, kFloat64);
  CHECK_THROWS_WITH_AS(matmul(f, d), doctest::Contains("float"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(matmul(f, d), doctest::Contains("double"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(matmul(d.t(), f.t()), doctest::Contains("double != float"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(mm(f, d), doctest::Contains("float != double"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(matmul(zeros({4}, kFloat32), zeros({4}, kFloat64)),
                       doctest::Contains("float != double"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(matmul(zeros({2, 3, 4}, kFloat64), zeros({4, 2}, kFloat32)),
                       doctest::Contains("double != float"), std::invalid_argument);
}

TEST_CASE("matmul_refuses_0d_operands") {
  CHECK_THROWS_WITH_AS(
      matmul(tensor(1.0), zeros({4})),
      doctest::Contains("both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      matmul(zeros({2, 3}), tensor(1.0)),
      doctest::Contains("both arguments to matmul need to be at least 1D, but they are 2D and 0D"),
      std::invalid_argument);
  CHECK_THROWS_AS(mm(tensor(1.0), zeros({1, 1})), std::invalid_argument);
}

// ---------------------------------------------------------------- empty operands

TEST_CASE("matmul_with_an_empty_inner_dim_gives_zeros") {
  CHECK(testing::allclose(matmul(zeros({3, 0}), zeros({0, 4})), xt::zeros<double>({3, 4})));
  CHECK(testing::allclose(mm(zeros({3, 0}, kFloat64), zeros({0, 4}, kFloat64)),
                          xt::zeros<double>({3, 4})));
  CHECK(testing::allclose(matmul(zeros({0}), zeros({0})), xt::xarray<double>(0.0)));
  CHECK(testing::allclose(matmul(zeros({3, 0}), zeros({0})), xt::zeros<double>({3})));
  CHECK(testing::allclose(matmul(zeros({0}), zeros({0, 2})), xt::zeros<double>({2})));
  CHECK(
      testing::allclose(matmul(zeros({2, 3, 0}), zeros({2, 0, 4})), xt::zeros<double>({2, 3, 4})));
  CHECK(testing::allclose(matmul(zeros({2, 3, 0}), zeros({0, 4})), xt::zeros<double>({2, 3, 4})));
  CHECK(testing::allclose(matmul(zeros({3, 0}), zeros({2, 0, 4})), xt::zeros<double>({2, 3, 4})));

  // The gradients of the other operand are empty too, and those of the result's shape are zeros.
  const Tensor a = zeros({3, 0}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor b = zeros({0, 4}, TensorOptions(kFloat64).requires_grad(true));
  (matmul(a, b) * 2.0).sum().backward();
  REQUIRE(a.grad().defined());
  REQUIRE(b.grad().defined());
  CHECK(a.grad().sizes() == Sizes{3, 0});
  CHECK(b.grad().sizes() == Sizes{0, 4});
}

TEST_CASE("matmul_with_an_empty_outer_dim_gives_an_empty_result") {
  CHECK(matmul(zeros({0, 4}), zeros({4, 3})).sizes() == Sizes{0, 3});
  CHECK(matmul(zeros({3, 4}), zeros({4, 0})).sizes() == Sizes{3, 0});
  CHECK(mm(zeros({0, 4}), zeros({4, 3})).sizes() == Sizes{0, 3});
  CHECK(matmul(zeros({0, 3, 4}), zeros({0, 4, 5})).sizes() == Sizes{0, 3, 5});
  CHECK(matmul(zeros({2, 0, 4}), zeros({4, 5})).sizes() == Sizes{2, 0, 5});
  CHECK(matmul(zeros({4}), zeros({4, 0})).sizes() == Sizes{0});

  const Tensor a = zeros({0, 4}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor b = ones({4, 3}, TensorOptions(kFloat64).requires_grad(true));
  matmul(a, b).sum().backward();
  REQUIRE(a.grad().defined());
  REQUIRE(b.grad().defined());
  CHECK(a.grad().sizes() == Sizes{0, 4});
  CHECK(testing::allclose(b.grad(), xt::zeros<double>({4, 3})));
}

// ---------------------------------------------------------------- linear

TEST_CASE("linear_computes_x_times_w_transposed_plus_b") {
  const Tensor x = tensor({{1.0, 2.0}, {3.0, 4.0}}, kFloat64);
  const Tensor w = tensor({{1.0, 0.0}, {0.0, 1.0}, {1.0, -1.0}}, kFloat64);
  const Tensor b = tensor({10.0, 20.0, 30.0}, kFloat64);
  CHECK(testing::allclose(linear(x, w, b), xt::xarray<double>{{11, 22, 29}, {13, 24, 29}}));
  CHECK(testing::allclose(linear(x, w), xt::xarray<double>{{1, 2, -1}, {3, 4, -1}}));
  CHECK(testing::allclose(linear(tensor({1.0, 2.0}, kFloat64), w, b),
                          xt::xarray<double>{11, 22, 29}));
}

TEST_CASE("linear_matches_the_loops_and_passes_gradcheck_for_1d_2d_and_3d_input") {
  manual_seed(31);
  for (bool with_bias : {true, false}) {
    check_linear({4}, 3, with_bias);
    check_linear({5, 4}, 3, with_bias);
    check_linear({2, 3, 4}, 2, with_bias);
    check_linear({1, 1}, 1, with_bias);
  }
}

TEST_CASE("linear_gradcheck_with_only_some_inputs_requiring_grad") {
  manual_seed(32);
  const Tensor x = randn({3, 4}, kFloat64), w = randn({2, 4}, kFloat64), b = randn({2}, kFloat64);
  CHECK(
      gradcheck(TensorFunction([&](const In& in) { return linear(x, in[0], b); }), {leaf({2, 4})}));
  CHECK(
      gradcheck(TensorFunction([&](const In& in) { return linear(in[0], w, b); }), {leaf({3, 4})}));
  CHECK(gradcheck(TensorFunction([&](const In& in) { return linear(x, w, in[0]); }), {leaf({2})}));
  CHECK(
      gradcheck(TensorFunction([&](const In& in) { return linear(in[0], w); }), {leaf({2, 3, 4})}));
}

TEST_CASE("linear_accepts_a_bias_that_broadcasts_like_addmm") {
  manual_seed(33);
  const Tensor x = leaf({2, 3}), w = leaf({4, 3}), full_bias = leaf({2, 4}), one = leaf({1});
  const xt::xarray<double> plain = naive_linear(values(x), values(w), nullptr);
  CHECK(testing::allclose(linear(x, w, full_bias), plain + values(full_bias), 1e-12, 1e-12));
  CHECK(testing::allclose(linear(x, w, one), plain + values(one)(0), 1e-12, 1e-12));
  CHECK(gradcheck(TensorFunction([](const In& in) { return linear(in[0], in[1], in[2]); }),
                  {x, w, full_bias}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return linear(in[0], in[1], in[2]); }),
                  {x, w, one}));
}

TEST_CASE("linear_double_backward_passes_gradgradcheck") {
  manual_seed(34);
  const auto fn = TensorFunction([](const In& in) { return linear(in[0], in[1], in[2]); });
  CHECK(gradgradcheck(fn, {leaf({3, 4}), leaf({2, 4}), leaf({2})}));
  CHECK(gradgradcheck(fn, {leaf({2, 3, 4}), leaf({2, 4}), leaf({2})}));
}

TEST_CASE("nn_functional_linear_is_the_same_function") {
  using Fn = Tensor (*)(const Tensor&, const Tensor&, const Tensor&);
  const bool same_function =
      static_cast<Fn>(&nn::functional::linear) == static_cast<Fn>(&xgrad::linear);
  CHECK(same_function);
  manual_seed(35);
  const Tensor x = randn({2, 3}, kFloat64), w = randn({4, 3}, kFloat64), b = randn({4}, kFloat64);
  CHECK(testing::allclose(nn::functional::linear(x, w, b), values(linear(x, w, b)), 0, 0));
  CHECK(testing::allclose(nn::functional::linear(x, w), values(linear(x, w)), 0, 0));
}

TEST_CASE("linear_refuses_bad_shapes_dtypes_and_0d_input") {
  CHECK_THROWS_WITH_AS(linear(zeros({3, 4}), zeros({6, 5})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (3x4 and 5x6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear(zeros({2, 3, 4}), zeros({6, 5})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear(zeros({4}), zeros({6, 5})),
                       doctest::Contains("mat1 and mat2 shapes cannot be multiplied (1x4 and 5x6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear(zeros({3, 4}, kFloat32), zeros({6, 4}, kFloat64)),
                       doctest::Contains("float != double"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      linear(zeros({3, 4}, kFloat64), zeros({6, 4}, kFloat64), zeros({6}, kFloat32)),
      doctest::Contains("double != float"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear(tensor(1.0), zeros({6, 5})), doctest::Contains("at least 1"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear(zeros({3, 4}), zeros({4})),
                       doctest::Contains("expected weight to be 2-D"), std::invalid_argument);
  CHECK_THROWS_AS(linear(zeros({3, 4}), zeros({6, 4}), zeros({5})), std::invalid_argument);
}

TEST_CASE("linear_with_empty_dims_gives_bias_or_empty_results") {
  // in_features = 0: every output is the bias (zeros without one).
  const Tensor b = tensor({0.0, 1.0, 2.0, 3.0}, kFloat64);
  CHECK(testing::allclose(linear(zeros({3, 0}, kFloat64), zeros({4, 0}, kFloat64), b),
                          xt::xarray<double>{{0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}}));
  CHECK(testing::allclose(linear(zeros({3, 0}, kFloat64), zeros({4, 0}, kFloat64)),
                          xt::zeros<double>({3, 4})));
  // No rows, or no output features: empty results.
  CHECK(linear(zeros({0, 3}), zeros({4, 3})).sizes() == Sizes{0, 4});
  CHECK(linear(zeros({2, 0, 3}), zeros({4, 3}), zeros({4})).sizes() == Sizes{2, 0, 4});
  CHECK(linear(zeros({5, 3}), zeros({0, 3})).sizes() == Sizes{5, 0});
}

TEST_CASE("linear_backward_with_no_rows_gives_zero_weight_and_bias_gradients") {
  const Tensor x = zeros({0, 3}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor w = ones({4, 3}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor bias = ones({4}, TensorOptions(kFloat64).requires_grad(true));
  linear(x, w, bias).sum().backward();
  REQUIRE(w.grad().defined());
  REQUIRE(bias.grad().defined());
  CHECK(testing::allclose(w.grad(), xt::zeros<double>({4, 3})));
  CHECK(testing::allclose(bias.grad(), xt::zeros<double>({4})));
}
