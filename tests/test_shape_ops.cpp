#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;

namespace {

// 0, 1, 2, ... in float64 under `shape`, requiring grad when asked.
Tensor iota(const std::vector<int64_t>& shape, bool requires = false) {
  Tensor t = arange(static_cast<double>(numel_of(shape)), kFloat64).reshape(shape);
  t.requires_grad_(requires);
  return t;
}

// Random float64 leaf requiring grad (values away from ties so finite differences are clean).
Tensor leaf(const std::vector<int64_t>& shape) {
  Tensor t = randn(shape, kFloat64);
  t.requires_grad_(true);
  return t;
}

// A column [n, 1] of the given values (a braced {{a}, {b}} is ambiguous for xarray).
xt::xarray<double> column(std::initializer_list<double> values) {
  xt::xarray<double> out = xt::zeros<double>({values.size(), size_t{1}});
  std::copy(values.begin(), values.end(), out.begin());
  return out;
}

// The parts' sizes as text, "[2] [2] [1]", so that a failing CHECK shows them.
std::string sizes_of(const std::vector<Tensor>& parts) {
  std::string out;
  for (const Tensor& p : parts) out += (out.empty() ? "" : " ") + to_string(p.sizes());
  return out;
}

using autograd::gradcheck;
using autograd::gradgradcheck;
using autograd::MultiTensorFunction;
using autograd::TensorFunction;
using In = std::vector<Tensor>;

}  // namespace

// ---------------------------------------------------------------- reshape / view

TEST_CASE("reshape_keeps_row_major_order_and_infers_one_minus_one") {
  const Tensor a = iota({2, 3});
  CHECK(testing::allclose(a, xt::xarray<double>{{0, 1, 2}, {3, 4, 5}}));

  const Tensor b = a.reshape({3, -1});
  CHECK(b.sizes() == Sizes{3, 2});
  CHECK(testing::allclose(b, xt::xarray<double>{{0, 1}, {2, 3}, {4, 5}}));

  CHECK(a.reshape({-1}).sizes() == Sizes{6});
  CHECK(testing::allclose(a.reshape({-1}), xt::xarray<double>{0, 1, 2, 3, 4, 5}));
  CHECK(a.reshape({-1, 2, 1}).sizes() == Sizes{3, 2, 1});
  CHECK(a.reshape({1, -1, 3}).sizes() == Sizes{1, 2, 3});
  CHECK(reshape(a, {6, 1}).sizes() == Sizes{6, 1});

  // A one-element tensor reshapes to 0-D and back.
  const Tensor s = tensor({7.0}, kFloat64).reshape({});
  CHECK(s.dim() == 0);
  CHECK(s.item<double>() == 7.0);
  CHECK(s.reshape({1, 1}).sizes() == Sizes{1, 1});

  // An empty tensor infers a size of 0.
  CHECK(zeros({0, 3}).reshape({-1, 3}).sizes() == Sizes{0, 3});

  // The dtype is kept.
  CHECK(ones({2, 2}, kFloat32).reshape({4}).dtype() == kFloat32);
}

TEST_CASE("view_is_reshape_with_the_same_values") {
  const Tensor a = iota({2, 3, 2});
  const Tensor v = a.view({4, -1});
  CHECK(v.sizes() == Sizes{4, 3});
  CHECK(testing::allclose(v, xt::xarray<double>{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, 10, 11}}));
  CHECK(testing::allclose(view(a, {-1}), a.reshape({12})));
}

TEST_CASE("reshape_rejects_impossible_shapes_with_pytorch_messages") {
  const Tensor a = iota({6});
  CHECK_THROWS_WITH_AS(a.reshape({2, 5}),
                       doctest::Contains("shape '[2, 5]' is invalid for input of size 6"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.view({2, 5}),
                       doctest::Contains("shape '[2, 5]' is invalid for input of size 6"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.reshape({4, -1}),
                       doctest::Contains("shape '[4, -1]' is invalid for input of size 6"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.reshape({-1, -1}), doctest::Contains("only one dimension can be inferred"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.view({-1, 2, -1}), doctest::Contains("only one dimension can be inferred"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.reshape({-2, 3}), doctest::Contains("invalid shape dimension -2"),
                       std::invalid_argument);
}

TEST_CASE("reshape_and_view_pass_gradcheck") {
  manual_seed(1);
  const Tensor x = leaf({2, 3, 2});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].reshape({3, -1}); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].view({-1}); }), {x}));
  // Values flow through a reshape to where they are used: a non-uniform weight after it.
  const Tensor w = iota({4, 3});
  CHECK(gradcheck(TensorFunction([&w](const In& in) { return in[0].reshape({4, 3}) * w; }), {x}));

  // The gradient lands in the input's shape, in its own order.
  const Tensor y = iota({2, 3}, true);
  (y.reshape({3, 2}) * iota({3, 2})).sum().backward();
  REQUIRE(y.grad().defined());
  CHECK(y.grad().sizes() == Sizes{2, 3});
  CHECK(testing::allclose(y.grad(), xt::xarray<double>{{0, 1, 2}, {3, 4, 5}}));
}

// ---------------------------------------------------------------- flatten

TEST_CASE("flatten_merges_the_dims_from_start_to_end") {
  const Tensor a = iota({2, 3, 4});
  CHECK(a.flatten().sizes() == Sizes{24});
  CHECK(testing::allclose(a.flatten(), xt::arange<double>(24.0)));
  CHECK(a.flatten(1).sizes() == Sizes{2, 12});
  CHECK(a.flatten(0, 1).sizes() == Sizes{6, 4});
  CHECK(a.flatten(-2, -1).sizes() == Sizes{2, 12});
  CHECK(flatten(a, 1, 1).sizes() == Sizes{2, 3, 4});
  CHECK(testing::allclose(a.flatten(0, 1), a.reshape({6, 4})));
  CHECK(tensor(3.0, kFloat64).flatten().sizes() == Sizes{1});
  CHECK_THROWS_WITH_AS(a.flatten(2, 1), doctest::Contains("start_dim cannot come after end_dim"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.flatten(3), doctest::Contains("Dimension out of range"),
                       std::out_of_range);

  manual_seed(2);
  const Tensor x = leaf({2, 3, 2});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].flatten(); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].flatten(-2, -1); }), {x}));
}

// ---------------------------------------------------------------- squeeze / unsqueeze

TEST_CASE("squeeze_removes_every_size_one_dim_or_only_the_one_given") {
  const Tensor a = iota({1, 3, 1, 2});
  CHECK(a.squeeze().sizes() == Sizes{3, 2});
  CHECK(testing::allclose(a.squeeze(), xt::xarray<double>{{0, 1}, {2, 3}, {4, 5}}));
  CHECK(a.squeeze(2).sizes() == Sizes{1, 3, 2});
  CHECK(a.squeeze(0).sizes() == Sizes{3, 1, 2});
  CHECK(a.squeeze(-2).sizes() == Sizes{1, 3, 2});
  CHECK(a.squeeze(-4).sizes() == Sizes{3, 1, 2});
  // A dim whose size is not 1 is left alone, as in PyTorch.
  CHECK(a.squeeze(1).sizes() == Sizes{1, 3, 1, 2});
  CHECK(squeeze(a, -1).sizes() == Sizes{1, 3, 1, 2});
  CHECK(iota({1, 1}).squeeze().sizes() == Sizes{});
  CHECK(zeros({2, 0, 1}).squeeze().sizes() == Sizes{2, 0});
  CHECK(tensor(1.0).squeeze(0).sizes() == Sizes{});
  CHECK_THROWS_WITH_AS(
      iota({2, 3}).squeeze(2),
      doctest::Contains("Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
      std::out_of_range);

  manual_seed(3);
  const Tensor x = leaf({1, 3, 1, 2});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].squeeze(); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].squeeze(-2); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].squeeze(1); }), {x}));
}

TEST_CASE("unsqueeze_inserts_a_size_one_dim_counting_negative_dims_from_the_end") {
  const Tensor a = iota({2, 3});
  CHECK(a.unsqueeze(0).sizes() == Sizes{1, 2, 3});
  CHECK(a.unsqueeze(1).sizes() == Sizes{2, 1, 3});
  CHECK(a.unsqueeze(2).sizes() == Sizes{2, 3, 1});
  CHECK(a.unsqueeze(-1).sizes() == Sizes{2, 3, 1});
  CHECK(a.unsqueeze(-2).sizes() == Sizes{2, 1, 3});
  CHECK(a.unsqueeze(-3).sizes() == Sizes{1, 2, 3});
  CHECK(testing::allclose(a.unsqueeze(1), xt::xarray<double>{{{0, 1, 2}}, {{3, 4, 5}}}));
  CHECK(tensor(1.0).unsqueeze(-1).sizes() == Sizes{1});
  CHECK_THROWS_WITH_AS(
      a.unsqueeze(3),
      doctest::Contains("Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
      std::out_of_range);
  CHECK_THROWS_WITH_AS(
      unsqueeze(a, -4),
      doctest::Contains("Dimension out of range (expected to be in range of [-3, 2], but got -4)"),
      std::out_of_range);

  manual_seed(4);
  const Tensor x = leaf({2, 3});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].unsqueeze(1); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].unsqueeze(-1); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].unsqueeze(-3); }), {x}));
}

// ---------------------------------------------------------------- transpose / t

TEST_CASE("transpose_swaps_two_dims") {
  const Tensor a = iota({2, 3, 4});
  const Tensor b = a.transpose(0, 2);
  CHECK(b.sizes() == Sizes{4, 3, 2});
  const xt::xarray<double> av = a.to_xarray<double>(), bv = b.to_xarray<double>();
  bool all_equal = true;
  for (size_t i = 0; i < 2; ++i)
    for (size_t j = 0; j < 3; ++j)
      for (size_t k = 0; k < 4; ++k) all_equal = all_equal && bv(k, j, i) == av(i, j, k);
  CHECK(all_equal);
  CHECK(
      testing::allclose(iota({2, 3}).transpose(0, 1), xt::xarray<double>{{0, 3}, {1, 4}, {2, 5}}));
  CHECK(testing::allclose(a.transpose(-1, -2), a.transpose(2, 1)));
  CHECK(a.transpose(-1, -2).sizes() == Sizes{2, 4, 3});
  CHECK(testing::allclose(transpose(a, 1, 1), a));
  CHECK_THROWS_WITH_AS(iota({2, 3}).transpose(0, 2), doctest::Contains("Dimension out of range"),
                       std::out_of_range);

  manual_seed(5);
  const Tensor x = leaf({2, 3, 4});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].transpose(0, 2); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].transpose(-1, -3); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].transpose(-1, 1); }), {x}));
}

TEST_CASE("t_transposes_a_matrix_keeps_a_vector_and_refuses_3d") {
  CHECK(testing::allclose(iota({2, 3}).t(), xt::xarray<double>{{0, 3}, {1, 4}, {2, 5}}));
  CHECK(testing::allclose(t(iota({3})), xt::xarray<double>{0, 1, 2}));
  CHECK(tensor(2.0, kFloat64).t().dim() == 0);
  CHECK_THROWS_WITH_AS(
      iota({2, 3, 4}).t(),
      doctest::Contains("t() expects a tensor with <= 2 dimensions, but self is 3D"),
      std::invalid_argument);

  manual_seed(6);
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].t(); }), {leaf({2, 3})}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].t(); }), {leaf({3})}));
}

// ---------------------------------------------------------------- expand

TEST_CASE("expand_repeats_size_one_dims_keeps_minus_one_and_adds_leading_dims") {
  const Tensor a = tensor(column({1, 2, 3}));  // [3, 1], float64
  const Tensor b = a.expand({3, 4});
  CHECK(b.sizes() == Sizes{3, 4});
  CHECK(testing::allclose(b, xt::xarray<double>{{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}}));
  CHECK(testing::allclose(a.expand({-1, 2}), xt::xarray<double>{{1, 1}, {2, 2}, {3, 3}}));

  const Tensor c = a.expand({2, -1, 2});
  CHECK(c.sizes() == Sizes{2, 3, 2});
  CHECK(
      testing::allclose(c, xt::xarray<double>{{{1, 1}, {2, 2}, {3, 3}}, {{1, 1}, {2, 2}, {3, 3}}}));
  CHECK(
      testing::allclose(expand(tensor(5.0, kFloat64), {2, 2}), xt::xarray<double>{{5, 5}, {5, 5}}));
  CHECK(testing::allclose(a.expand({3, 1}), a));
  CHECK(a.expand({3, 0}).sizes() == Sizes{3, 0});
}

TEST_CASE("expand_refuses_sizes_that_do_not_fit_with_pytorch_messages") {
  const Tensor a = zeros({3, 1});
  CHECK_THROWS_WITH_AS(
      a.expand({3, 4, 5}),
      doctest::Contains(
          "The expanded size of the tensor (4) must match the existing size (3) at "
          "non-singleton dimension 1.  Target sizes: [3, 4, 5].  Tensor sizes: [3, 1]"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      zeros({3, 2}).expand({3, 4}),
      doctest::Contains("The expanded size of the tensor (4) must match the existing size (2) at "
                        "non-singleton dimension 1"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      zeros({3, 2}).expand({-1, 3, 2}),
      doctest::Contains("The expanded size of the tensor (-1) isn't allowed in a leading, "
                        "non-existing dimension 0"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(zeros({3, 2}).expand({2}),
                       doctest::Contains("must be greater or equal to the number of "
                                         "dimensions in the tensor"),
                       std::invalid_argument);
}

TEST_CASE("expand_backward_sums_over_the_repeated_dims") {
  const Tensor a = tensor(column({1, 2, 3}), /*requires_grad=*/true);
  (a.expand({2, 3, 4}) * iota({2, 3, 4})).sum().backward();
  REQUIRE(a.grad().defined());
  CHECK(a.grad().sizes() == Sizes{3, 1});
  // sum over the leading dim and the last dim of 0..23 laid out as [2, 3, 4].
  CHECK(testing::allclose(
      a.grad(), column({0 + 1 + 2 + 3 + 12 + 13 + 14 + 15, 4 + 5 + 6 + 7 + 16 + 17 + 18 + 19,
                        8 + 9 + 10 + 11 + 20 + 21 + 22 + 23})));

  manual_seed(7);
  CHECK(gradcheck(TensorFunction([](const In& in) {
                    return in[0].expand({2, -1, 4});
                  }),
                  {leaf({3, 1})}));
  CHECK(gradcheck(TensorFunction([](const In& in) {
                    return in[0].expand({3, 2, 2});
                  }),
                  {leaf({1, 2, 1})}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].expand({2, 3}); }), {leaf({})}));
}

// ---------------------------------------------------------------- select / operator[]

TEST_CASE("select_and_index_take_one_slice_counting_negative_indices_from_the_end") {
  const Tensor a = iota({3, 2});
  CHECK(a[0].sizes() == Sizes{2});
  CHECK(testing::allclose(a[0], xt::xarray<double>{0, 1}));
  CHECK(testing::allclose(a[2], xt::xarray<double>{4, 5}));
  CHECK(testing::allclose(a[-1], xt::xarray<double>{4, 5}));
  CHECK(testing::allclose(a[-3], xt::xarray<double>{0, 1}));
  CHECK(testing::allclose(a.select(1, 1), xt::xarray<double>{1, 3, 5}));
  CHECK(testing::allclose(a.select(-1, -2), xt::xarray<double>{0, 2, 4}));
  CHECK(testing::allclose(select(iota({2, 3, 4}), 1, 2),
                          xt::xarray<double>{{8, 9, 10, 11}, {20, 21, 22, 23}}));
  const Tensor scalar = a[1][0];
  CHECK(scalar.dim() == 0);
  CHECK(scalar.item<double>() == 2.0);
}

TEST_CASE("select_refuses_an_index_out_of_range") {
  const Tensor a = zeros({3, 2});
  CHECK_THROWS_WITH_AS(
      a[3], doctest::Contains("index 3 out of range for tensor of size [3, 2] at dimension 0"),
      std::out_of_range);
  CHECK_THROWS_WITH_AS(
      a[-4], doctest::Contains("index -4 out of range for tensor of size [3, 2] at dimension 0"),
      std::out_of_range);
  CHECK_THROWS_WITH_AS(
      a.select(1, 2),
      doctest::Contains("select(): index 2 out of range for tensor of size [3, 2] at dimension 1"),
      std::out_of_range);
  CHECK_THROWS_WITH_AS(a.select(2, 0), doctest::Contains("Dimension out of range"),
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(tensor(1.0)[0],
                       doctest::Contains("select() cannot be applied to a 0-dim tensor"),
                       std::out_of_range);
}

TEST_CASE("select_backward_puts_the_gradient_in_the_selected_slice") {
  const Tensor a = iota({3, 2}, true);
  (a.select(-1, 1) * tensor({10.0, 20.0, 30.0}, kFloat64)).sum().backward();
  REQUIRE(a.grad().defined());
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{0, 10}, {0, 20}, {0, 30}}));

  manual_seed(8);
  const Tensor x = leaf({3, 2, 4});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0][1]; }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0][-1]; }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].select(1, -2); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].select(-1, 3); }), {x}));
}

// ---------------------------------------------------------------- narrow

TEST_CASE("narrow_takes_length_elements_from_start_along_a_dim") {
  const Tensor a = iota({3, 4});
  CHECK(testing::allclose(a.narrow(1, 1, 2), xt::xarray<double>{{1, 2}, {5, 6}, {9, 10}}));
  CHECK(testing::allclose(a.narrow(0, 2, 1), xt::xarray<double>{{8, 9, 10, 11}}));
  CHECK(testing::allclose(a.narrow(-1, -2, 2), xt::xarray<double>{{2, 3}, {6, 7}, {10, 11}}));
  CHECK(testing::allclose(narrow(a, 0, 0, 3), a));
  CHECK(a.narrow(1, 4, 0).sizes() == Sizes{3, 0});
  CHECK(a.narrow(0, 1, 0).sizes() == Sizes{0, 4});
}

TEST_CASE("narrow_refuses_slices_outside_the_dim") {
  const Tensor a = zeros({3, 2});
  CHECK_THROWS_WITH_AS(a.narrow(0, 2, 2),
                       doctest::Contains("start (2) + length (2) exceeds dimension size (3)."),
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(
      a.narrow(0, 4, 0),
      doctest::Contains("start out of range (expected to be in range of [-3, 3], but got 4)"),
      std::out_of_range);
  CHECK_THROWS_WITH_AS(
      a.narrow(0, -4, 1),
      doctest::Contains("start out of range (expected to be in range of [-3, 3], but got -4)"),
      std::out_of_range);
  CHECK_THROWS_WITH_AS(a.narrow(0, 0, -1),
                       doctest::Contains("narrow(): length must be non-negative."),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(a.narrow(2, 0, 1), doctest::Contains("Dimension out of range"),
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(tensor(1.0).narrow(0, 0, 1),
                       doctest::Contains("narrow() cannot be applied to a 0-dim tensor"),
                       std::invalid_argument);
}

TEST_CASE("narrow_backward_scatters_the_gradient_into_zeros") {
  const Tensor a = iota({2, 4}, true);
  (a.narrow(1, 1, 2) * tensor({{1.0, 2.0}, {3.0, 4.0}}, kFloat64)).sum().backward();
  REQUIRE(a.grad().defined());
  CHECK(testing::allclose(a.grad(), xt::xarray<double>{{0, 1, 2, 0}, {0, 3, 4, 0}}));

  manual_seed(9);
  const Tensor x = leaf({3, 4});
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].narrow(1, 1, 2); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].narrow(-2, -2, 2); }), {x}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return in[0].narrow(0, 0, 3); }), {x}));
}

// ---------------------------------------------------------------- chunk / split

TEST_CASE("chunk_splits_into_ceil_sized_parts_like_pytorch") {
  // 5 in 3 chunks: 2, 2, 1.
  const std::vector<Tensor> five = iota({5}).chunk(3);
  REQUIRE(five.size() == 3);
  CHECK(sizes_of(five) == "[2] [2] [1]");
  CHECK(testing::allclose(five[0], xt::xarray<double>{0, 1}));
  CHECK(testing::allclose(five[1], xt::xarray<double>{2, 3}));
  CHECK(testing::allclose(five[2], xt::xarray<double>{4}));

  // 6 in 4 chunks: three chunks of 2 (PyTorch may return fewer chunks than asked).
  const std::vector<Tensor> six = iota({6}).chunk(4);
  CHECK(sizes_of(six) == "[2] [2] [2]");
  CHECK(testing::allclose(six[2], xt::xarray<double>{4, 5}));

  CHECK(sizes_of(iota({6}).chunk(3)) == "[2] [2] [2]");
  CHECK(sizes_of(iota({6}).chunk(5)) == "[2] [2] [2]");
  CHECK(sizes_of(iota({2}).chunk(5)) == "[1] [1]");
  CHECK(sizes_of(iota({4}).chunk(1)) == "[4]");

  // Along another dim, negative dims included.
  const std::vector<Tensor> cols = iota({2, 5}).chunk(2, -1);
  CHECK(sizes_of(cols) == "[2, 3] [2, 2]");
  CHECK(testing::allclose(cols[1], xt::xarray<double>{{3, 4}, {8, 9}}));
  CHECK(sizes_of(chunk(iota({2, 5}), 6, 1)) == "[2, 1] [2, 1] [2, 1] [2, 1] [2, 1]");
}

TEST_CASE("chunk_of_an_empty_dim_gives_chunks_empty_tensors_like_pytorch") {
  // torch.zeros(0).chunk(3) gives three empty tensors.
  CHECK(sizes_of(zeros({0}).chunk(3)) == "[0] [0] [0]");
  CHECK(sizes_of(zeros({2, 0}).chunk(2, 1)) == "[2, 0] [2, 0]");
}

TEST_CASE("chunk_refuses_bad_arguments") {
  CHECK_THROWS_WITH_AS(iota({4}).chunk(0),
                       doctest::Contains("chunk expects `chunks` to be greater than 0, got: 0"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(tensor(1.0).chunk(2),
                       doctest::Contains("chunk expects at least a 1-dimensional tensor"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(iota({4}).chunk(2, 1), doctest::Contains("Dimension out of range"),
                       std::out_of_range);
}

TEST_CASE("chunk_passes_gradcheck_for_every_output") {
  manual_seed(10);
  const Tensor x = leaf({5, 3});
  CHECK(gradcheck(MultiTensorFunction([](const In& in) { return in[0].chunk(3); }), {x}));
  CHECK(gradcheck(MultiTensorFunction([](const In& in) { return in[0].chunk(2, -1); }), {x}));
  CHECK(gradcheck(MultiTensorFunction([](const In& in) { return in[0].chunk(4, -2); }), {x}));

  // Each part's gradient lands in its own rows; parts that are not used give zeros.
  const Tensor y = iota({5}, true);
  const std::vector<Tensor> parts = y.chunk(3);
  ((parts[0] * 2.0).sum() + (parts[2] * 5.0).sum()).backward();
  REQUIRE(y.grad().defined());
  CHECK(testing::allclose(y.grad(), xt::xarray<double>{2, 2, 0, 0, 5}));
}

TEST_CASE("split_gives_split_size_parts_and_a_smaller_last_one") {
  const std::vector<Tensor> parts = iota({7}).split(3);
  CHECK(sizes_of(parts) == "[3] [3] [1]");
  CHECK(testing::allclose(parts[1], xt::xarray<double>{3, 4, 5}));
  CHECK(testing::allclose(parts[2], xt::xarray<double>{6}));
  CHECK(sizes_of(iota({6}).split(2)) == "[2] [2] [2]");
  CHECK(sizes_of(iota({3}).split(5)) == "[3]");
  const std::vector<Tensor> rows = split(iota({2, 5}), 2, -1);
  CHECK(sizes_of(rows) == "[2, 2] [2, 2] [2, 1]");
  CHECK(testing::allclose(rows[2], column({4, 9})));
  CHECK(sizes_of(zeros({0, 2}).split(2)) == "[0, 2]");

  CHECK_THROWS_WITH_AS(iota({4}).split(-1),
                       doctest::Contains("split expects split_size be non-negative"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(iota({4}).split(0),
                       doctest::Contains("split_size can only be 0 if dimension size is 0"),
                       std::invalid_argument);

  manual_seed(11);
  const Tensor x = leaf({3, 7});
  CHECK(gradcheck(MultiTensorFunction([](const In& in) { return in[0].split(3, 1); }), {x}));
  CHECK(gradcheck(MultiTensorFunction([](const In& in) { return in[0].split(2, -2); }), {x}));
}

// ---------------------------------------------------------------- cat / stack

TEST_CASE("cat_joins_tensors_along_a_dim") {
  const Tensor a = iota({2, 2});
  const Tensor b = iota({1, 2}) + 10.0;
  const Tensor c = cat({a, b});
  CHECK(c.sizes() == Sizes{3, 2});
  CHECK(testing::allclose(c, xt::xarray<double>{{0, 1}, {2, 3}, {10, 11}}));

  const Tensor d = iota({2, 3}) + 100.0;
  const Tensor e = cat({a, d, a}, 1);
  CHECK(e.sizes() == Sizes{2, 7});
  CHECK(testing::allclose(
      e, xt::xarray<double>{{0, 1, 100, 101, 102, 0, 1}, {2, 3, 103, 104, 105, 2, 3}}));
  CHECK(testing::allclose(cat({a, d}, -1), cat({a, d}, 1)));
  CHECK(testing::allclose(cat({a}), a));
  CHECK(cat({iota({2, 0}), iota({2, 3})}, 1).sizes() == Sizes{2, 3});
}

TEST_CASE("cat_promotes_float32_with_float64_and_gives_each_input_its_own_dtype_gradient") {
  const Tensor f = tensor({1.0, 2.0}, TensorOptions(kFloat32).requires_grad(true));
  const Tensor d = tensor({3.0}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor c = cat({f, d});
  CHECK(c.dtype() == kFloat64);
  CHECK(testing::allclose(c, xt::xarray<double>{1, 2, 3}));
  CHECK(cat({d, f}).dtype() == kFloat64);
  CHECK(cat({f, f}).dtype() == kFloat32);

  (c * tensor({1.0, 2.0, 3.0}, kFloat64)).sum().backward();
  REQUIRE(f.grad().defined());
  REQUIRE(d.grad().defined());
  CHECK(f.grad().dtype() == kFloat32);
  CHECK(d.grad().dtype() == kFloat64);
  CHECK(testing::allclose(f.grad(), xt::xarray<double>{1, 2}));
  CHECK(testing::allclose(d.grad(), xt::xarray<double>{3}));
}

TEST_CASE("cat_refuses_mismatched_sizes_with_pytorch_messages") {
  CHECK_THROWS_WITH_AS(
      cat({zeros({3, 2}), zeros({2, 3})}, 0),
      doctest::Contains(
          "Sizes of tensors must match except in dimension 0. Expected size 2 but got "
          "size 3 for tensor number 1 in the list."),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      cat({zeros({3, 2}), zeros({3, 2}), zeros({2, 2})}, -1),
      doctest::Contains(
          "Sizes of tensors must match except in dimension 1. Expected size 3 but got "
          "size 2 for tensor number 2 in the list."),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      cat({zeros({3, 2}), zeros({3})}),
      doctest::Contains("Tensors must have same number of dimensions: got 2 and 1"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(cat({}), doctest::Contains("expected a non-empty list of Tensors"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      cat({tensor(1.0), tensor(2.0)}),
      doctest::Contains("zero-dimensional tensor (at position 0) cannot be concatenated"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(cat({zeros({3, 2})}, 2), doctest::Contains("Dimension out of range"),
                       std::out_of_range);
}

TEST_CASE("cat_passes_gradcheck_along_every_dim") {
  manual_seed(12);
  const Tensor a = leaf({2, 3}), b = leaf({2, 1}), c = leaf({1, 3});
  CHECK(gradcheck(TensorFunction([](const In& in) { return cat({in[0], in[1]}, 1); }), {a, b}));
  CHECK(gradcheck(TensorFunction([](const In& in) {
                    return cat({in[1], in[0], in[1]}, -1);
                  }),
                  {a, b}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return cat({in[0], in[1]}, -2); }), {a, c}));
  // Only some inputs require grad.
  const Tensor constant = iota({2, 2});
  CHECK(gradcheck(TensorFunction([&constant](const In& in) {
                    return cat({constant, in[0]}, 1);
                  }),
                  {a}));
}

TEST_CASE("stack_joins_equal_tensors_along_a_new_dim") {
  const Tensor a = iota({2, 3});
  const Tensor b = iota({2, 3}) + 10.0;
  const Tensor s0 = stack({a, b});
  CHECK(s0.sizes() == Sizes{2, 2, 3});
  CHECK(testing::allclose(
      s0, xt::xarray<double>{{{0, 1, 2}, {3, 4, 5}}, {{10, 11, 12}, {13, 14, 15}}}));
  const Tensor s1 = stack({a, b}, 1);
  CHECK(s1.sizes() == Sizes{2, 2, 3});
  CHECK(testing::allclose(
      s1, xt::xarray<double>{{{0, 1, 2}, {10, 11, 12}}, {{3, 4, 5}, {13, 14, 15}}}));
  const Tensor s2 = stack({a, b, a}, -1);
  CHECK(s2.sizes() == Sizes{2, 3, 3});
  CHECK(testing::allclose(s2[1], xt::xarray<double>{{3, 13, 3}, {4, 14, 4}, {5, 15, 5}}));
  CHECK(testing::allclose(stack({a, b}, -3), s0));
  CHECK(stack({tensor(1.0, kFloat64), tensor(2.0, kFloat64)}).sizes() == Sizes{2});
  CHECK(stack({zeros({2}, kFloat32), zeros({2}, kFloat64)}).dtype() == kFloat64);

  CHECK_THROWS_WITH_AS(
      stack({zeros({3, 2}), zeros({2, 3})}),
      doctest::Contains("stack expects each tensor to be equal size, but got [3, 2] at entry 0 and "
                        "[2, 3] at entry 1"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(stack({}), doctest::Contains("stack expects a non-empty TensorList"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(stack({a, b}, 3), doctest::Contains("Dimension out of range"),
                       std::out_of_range);

  manual_seed(13);
  const Tensor x = leaf({2, 3}), y = leaf({2, 3});
  CHECK(gradcheck(TensorFunction([](const In& in) { return stack({in[0], in[1]}); }), {x, y}));
  CHECK(gradcheck(TensorFunction([](const In& in) {
                    return stack({in[0], in[1], in[0]}, -1);
                  }),
                  {x, y}));
  CHECK(gradcheck(TensorFunction([](const In& in) { return stack({in[1], in[0]}, 1); }), {x, y}));
}

TEST_CASE("shape_op_backwards_are_themselves_differentiable") {
  manual_seed(14);
  const Tensor x = leaf({2, 3}), y = leaf({2, 3});
  // Each shape op composed with a product so its first derivative depends on the inputs.
  CHECK(gradgradcheck(TensorFunction([](const In& in) { return in[0].t() * in[1].t(); }), {x, y}));
  CHECK(gradgradcheck(
      TensorFunction([](const In& in) { return in[0].select(1, -1) * in[1].select(-1, 0); }),
      {x, y}));
  CHECK(gradgradcheck(
      TensorFunction([](const In& in) { return in[0].narrow(1, 1, 2) * in[1].narrow(-1, 0, 2); }),
      {x, y}));
  CHECK(gradgradcheck(TensorFunction([](const In& in) {
                        return cat({in[0], in[1]}, 1) * cat({in[1], in[0]}, -1);
                      }),
                      {x, y}));
  CHECK(gradgradcheck(TensorFunction([](const In& in) {
                        return in[0].unsqueeze(0).expand({4, 2, 3}) * in[1].reshape({-1, 3});
                      }),
                      {x, y}));
}

// Found by tests/fuzz/fuzz_op_shapes: strided views into an empty array did arithmetic on its
// null data pointer (AddressSanitizer / UBSan reports).
TEST_CASE("select_narrow_cat_and_split_of_empty_tensors_give_empty_results_and_gradients") {
  const Tensor empty = zeros({0, 3}, TensorOptions().requires_grad(true));
  CHECK(empty.select(1, 2).sizes() == Sizes{0});
  CHECK(empty.narrow(1, 1, 2).sizes() == Sizes{0, 2});
  CHECK(zeros({2, 3}).narrow(1, 3, 0).sizes() == Sizes{2, 0});
  CHECK(cat({zeros({0, 2}), empty}, 1).sizes() == Sizes{0, 5});
  const std::vector<Tensor> parts = empty.split(2, 1);
  REQUIRE(parts.size() == 2);
  CHECK(parts[1].sizes() == Sizes{0, 1});
  (empty.narrow(1, 1, 2).sum() + empty.select(1, 0).sum() + parts[1].sum()).backward();
  CHECK(empty.grad().sizes() == Sizes{0, 3});
}
