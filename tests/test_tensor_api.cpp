#include <doctest/doctest.h>

#include <sstream>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

TEST_CASE("factories_make_the_requested_shape_dtype_and_values") {
  auto z = zeros({2, 3});
  CHECK(z.sizes() == Sizes{2, 3});
  CHECK(z.dtype() == kFloat32);
  CHECK(z.to_xarray<double>() == xt::zeros<double>({2, 3}));
  CHECK(ones({2}, kFloat64).to_xarray<double>() == xt::xarray<double>{1, 1});
  CHECK(ones({2}, kFloat64).dtype() == kFloat64);
  CHECK(full({2, 2}, 7.5).to_xarray<double>() == xt::xarray<double>{{7.5, 7.5}, {7.5, 7.5}});
  CHECK(empty({4, 0}).numel() == 0);
  CHECK(arange(4).to_xarray<double>() == xt::xarray<double>{0, 1, 2, 3});
  CHECK(arange(1, 2, 0.25).to_xarray<double>() == xt::xarray<double>{1, 1.25, 1.5, 1.75});
  auto like = ones({3}, kFloat64);
  CHECK(zeros_like(like).dtype() == kFloat64);
  CHECK(ones_like(like).sizes() == Sizes{3});
  CHECK(randn_like(like).sizes() == Sizes{3});
  CHECK(zeros({}).dim() == 0);
  CHECK(zeros({}).numel() == 1);
}

TEST_CASE("factories_refuse_negative_sizes") {
  CHECK_THROWS_WITH_AS(zeros({2, -1}),
                       doctest::Contains("Trying to create tensor with negative dimension -1"),
                       std::invalid_argument);
}

TEST_CASE("default_dtype_can_be_changed") {
  set_default_dtype(kFloat64);
  CHECK(zeros({1}).dtype() == kFloat64);
  CHECK(tensor({1.0}).dtype() == kFloat64);
  set_default_dtype(kFloat32);
  CHECK(get_default_dtype() == kFloat32);
  CHECK(zeros({1}).dtype() == kFloat32);
}

TEST_CASE("manual_seed_makes_random_factories_repeatable") {
  manual_seed(42);
  auto a = randn({5});
  auto r = rand({5});
  manual_seed(42);
  auto b = randn({5});
  CHECK(a.to_xarray<double>() == b.to_xarray<double>());
  const auto values = r.to_xarray<double>();
  CHECK(xt::all(values >= 0.0 && values < 1.0));
  manual_seed(7);
  auto big = randn({20000}, kFloat64);
  CHECK(big.mean().item<double>() == doctest::Approx(0.0).epsilon(0.03));
  CHECK((big * big).mean().item<double>() == doctest::Approx(1.0).epsilon(0.03));
}

TEST_CASE("device_accepts_only_the_cpu") {
  CHECK(Device("cpu").str() == "cpu");
  CHECK_THROWS_WITH_AS(Device("cuda"), doctest::Contains("cuda"), std::invalid_argument);
  CHECK_THROWS_AS(Device("tpu"), std::invalid_argument);
  CHECK(zeros({1}, TensorOptions().device(Device("cpu"))).device() == Device("cpu"));
}

TEST_CASE("tensor_from_nested_lists_and_xarrays") {
  auto m = tensor({{1.0, 2.0}, {3.0, 4.0}});
  CHECK(m.sizes() == Sizes{2, 2});
  CHECK(m.to_xarray<double>() == xt::xarray<double>{{1, 2}, {3, 4}});
  CHECK(tensor(2.5).dim() == 0);
  CHECK(tensor(2.5).item<double>() == 2.5);
  CHECK(tensor({{{1.0, 0.0}, {2.0, 0.0}}}).sizes() == Sizes{1, 2, 2});
  auto d = tensor({1.0, 2.0}, TensorOptions().dtype(kFloat64).requires_grad(true));
  CHECK(d.dtype() == kFloat64);
  CHECK(d.requires_grad());
  xt::xarray<double> values{1.0, 2.0, 3.0};
  auto from_xarray = tensor(std::move(values), true);
  CHECK(from_xarray.dtype() == kFloat64);
  CHECK(from_xarray.requires_grad());
}

TEST_CASE("zero_copy_interop_with_xarray") {
  xt::xarray<float> values{1.0f, 2.0f, 3.0f};
  const float* buffer = values.data();
  auto t = tensor(std::move(values));
  CHECK(t.data<float>().data() == buffer);  // moved in, not copied
  t.data<float>()(1) = 20.0f;
  CHECK(t.to_xarray<double>()(1) == 20.0);
  auto handle = t;  // copying a Tensor shares its values
  CHECK(handle.data<float>().data() == buffer);
}

TEST_CASE("queries_report_shape_and_count_negative_dims_from_the_end") {
  auto t = zeros({2, 3, 4});
  CHECK(t.dim() == 3);
  CHECK(t.numel() == 24);
  CHECK(t.size(0) == 2);
  CHECK(t.size(-1) == 4);
  CHECK(t.size(-3) == 2);
  CHECK_THROWS_WITH_AS(
      t.size(3),
      doctest::Contains("Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
      std::out_of_range);
  CHECK(t.defined());
  CHECK_FALSE(Tensor().defined());
}

TEST_CASE("data_refuses_the_wrong_element_type") {
  auto f = zeros({2});
  CHECK_THROWS_WITH_AS(f.data<double>(),
                       doctest::Contains("expected scalar type Double but found Float"),
                       std::invalid_argument);
  CHECK(f.to_xarray<double>() == xt::xarray<double>{0, 0});
}

TEST_CASE("item_needs_exactly_one_element") {
  CHECK(full({1, 1}, 3.0).item<float>() == 3.0f);
  CHECK_THROWS_WITH_AS(zeros({2}).item<double>(),
                       doctest::Contains("a Tensor with 2 elements cannot be converted to Scalar"),
                       std::invalid_argument);
}

TEST_CASE("to_converts_dtype_and_is_differentiable") {
  auto x = tensor({1.5, 2.5}, requires_grad());
  auto d = x.to(kFloat64);
  CHECK(d.dtype() == kFloat64);
  CHECK(x.to(kFloat32).is_same(x));
  (d * d).sum().backward();
  CHECK(x.grad().dtype() == kFloat32);
  CHECK(x.grad().to_xarray<double>() == xt::xarray<double>{3, 5});
}

TEST_CASE("clone_copies_values_and_passes_gradients") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto c = x.clone();
  CHECK(c.data<float>().data() != x.data<float>().data());
  CHECK(std::string(c.grad_fn()->name()) == "CloneBackward");
  (c * 2.0).sum().backward();
  CHECK(x.grad().to_xarray<double>() == xt::xarray<double>{2, 2});
}

TEST_CASE("copy_broadcasts_converts_and_respects_grad_mode") {
  auto dst = zeros({2, 3});
  dst.copy_(tensor({1.0, 2.0, 3.0}, kFloat64));
  CHECK(dst.dtype() == kFloat32);
  CHECK(dst.to_xarray<double>() == xt::xarray<double>{{1, 2, 3}, {1, 2, 3}});
  CHECK_THROWS_WITH_AS(dst.copy_(zeros({4})),
                       doctest::Contains("must match the size of tensor b (4)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(zeros({3}).copy_(zeros({2, 3})),
                       doctest::Contains("doesn't match the broadcast shape"),
                       std::invalid_argument);
  auto leaf = zeros({2}, TensorOptions().requires_grad(true));
  CHECK_THROWS_AS(leaf.copy_(ones({2})), std::runtime_error);
  {
    NoGradGuard no_grad;
    leaf.copy_(ones({2}));
  }
  CHECK(leaf.to_xarray<double>() == xt::xarray<double>{1, 1});
}

TEST_CASE("in_place_ops_update_values") {
  auto t = ones({3});
  t.add_(2.0).mul_(3.0);
  CHECK(t.to_xarray<double>() == xt::xarray<double>{9, 9, 9});
  t.sub_(tensor({1.0, 2.0, 3.0}), 2.0);
  CHECK(t.to_xarray<double>() == xt::xarray<double>{7, 5, 3});
  t.add_(tensor({1.0, 1.0, 1.0}), 0.5).mul_(tensor({2.0, 0.0, 1.0}));
  CHECK(t.to_xarray<double>() == xt::xarray<double>{15, 0, 3.5});
  t.fill_(4.0);
  CHECK(t.to_xarray<double>() == xt::xarray<double>{4, 4, 4});
  t.zero_();
  CHECK(t.to_xarray<double>() == xt::xarray<double>{0, 0, 0});
  manual_seed(3);
  auto u = zeros({1000}).uniform_(-2.0, -1.0);
  const auto uv = u.to_xarray<double>();
  CHECK(xt::all(uv >= -2.0 && uv < -1.0));
  auto n = zeros({10000}, kFloat64).normal_(5.0, 2.0);
  CHECK(n.mean().item<double>() == doctest::Approx(5.0).epsilon(0.02));
  CHECK_THROWS_AS(zeros({1}).uniform_(1.0, 0.0), std::invalid_argument);
}

TEST_CASE("requires_grad_can_only_be_switched_off_on_leaves") {
  auto x = zeros({1});
  x.requires_grad_();
  CHECK(x.requires_grad());
  auto y = x * 2.0;
  CHECK_THROWS_WITH_AS(y.requires_grad_(false),
                       doctest::Contains("only change requires_grad flags of leaf variables"),
                       std::runtime_error);
  CHECK_THROWS_AS(zeros({1}).retain_grad(), std::runtime_error);
}

TEST_CASE("sizes_print_like_pytorch") {
  std::ostringstream os;
  os << zeros({3, 20}).sizes();
  CHECK(os.str() == "[3, 20]");
}

TEST_CASE("set_grad_checks_shape_and_dtype") {
  auto x = zeros({2}, requires_grad());
  x.set_grad(ones({2}));
  CHECK(x.grad().to_xarray<double>() == xt::xarray<double>{1, 1});
  CHECK_THROWS_AS(x.set_grad(ones({3})), std::invalid_argument);
  CHECK_THROWS_AS(x.set_grad(ones({2}, kFloat64)), std::invalid_argument);
}

TEST_CASE("in_place_ops_write_into_the_existing_buffer") {
  auto p = ones({64});
  const float* buffer = p.data<float>().data();
  p.add_(ones({64}), -0.5).mul_(2.0).add_(1.0).mul_(ones({64})).copy_(zeros({1}));
  CHECK(p.data<float>().data() == buffer);
}
