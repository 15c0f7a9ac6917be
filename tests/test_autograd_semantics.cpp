#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <thread>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {
xt::xarray<double> grad_of(const Tensor& t) {
  return t.grad().to_xarray<double>();
}
}  // namespace

TEST_CASE("gradients_accumulate_on_leaves_across_backward_calls") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  (x * 3.0).sum().backward();
  (x * x).sum().backward();
  CHECK(grad_of(x) == xt::xarray<double>{3 + 2, 3 + 4});
}

TEST_CASE("zero_grad_drops_or_zeroes_the_gradient") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  (x * 2.0).sum().backward();
  x.zero_grad(/*set_to_none=*/false);
  CHECK(grad_of(x) == xt::xarray<double>{0, 0});
  x.zero_grad();
  CHECK_FALSE(x.grad().defined());
}

TEST_CASE("non_leaf_tensors_keep_no_grad_unless_retain_grad") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto y = x * 2.0;
  auto z = x * 3.0;
  z.retain_grad();
  (y * z).sum().backward();
  CHECK_FALSE(y.grad().defined());
  REQUIRE(z.grad().defined());
  CHECK(grad_of(z) == xt::xarray<double>{2, 4});    // d(y*z)/dz = y
  CHECK(grad_of(x) == xt::xarray<double>{12, 24});  // 2*z + 3*y = 12x
}

TEST_CASE("retain_grad_twice_keeps_one_gradient") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto y = x * 3.0;
  y.retain_grad();
  y.retain_grad();
  y.sum().backward();
  CHECK(grad_of(y) == xt::xarray<double>{1, 1});
}

TEST_CASE("requires_grad_propagates_only_from_inputs_that_require_it") {
  auto a = tensor({1.0});
  auto b = tensor({2.0}, requires_grad());
  CHECK_FALSE((a * 2.0).requires_grad());
  CHECK((a * b).requires_grad());
  CHECK_FALSE((a * b).is_leaf());
  CHECK(b.is_leaf());
  CHECK((a * b).grad_fn() != nullptr);
  CHECK(std::string((a * b).grad_fn()->name()) == "MulBackward");
  CHECK((a + a).grad_fn() == nullptr);
}

TEST_CASE("no_grad_guard_records_nothing_and_restores_the_mode") {
  auto x = tensor({1.0}, requires_grad());
  const int64_t nodes_before = autograd::Node::live_count();
  {
    NoGradGuard no_grad;
    CHECK_FALSE(is_grad_enabled());
    auto y = x * x + 1.0;
    CHECK_FALSE(y.requires_grad());
    CHECK(y.grad_fn() == nullptr);
    CHECK(autograd::Node::live_count() == nodes_before);
    {
      EnableGradGuard enable;
      CHECK(is_grad_enabled());
      CHECK((x * x).requires_grad());
    }
    CHECK_FALSE(is_grad_enabled());
  }
  CHECK(is_grad_enabled());
}

TEST_CASE("detach_cuts_the_graph_and_shares_values") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto y = x * 2.0;
  auto d = y.detach();
  CHECK_FALSE(d.requires_grad());
  CHECK(d.grad_fn() == nullptr);
  (d * x).sum().backward();
  CHECK(grad_of(x) == xt::xarray<double>{2, 4});  // only the direct path
  d.data<float>()(0) = 7.0f;                      // shares storage with y
  CHECK(y.to_xarray<double>()(0) == 7.0);
}

TEST_CASE("second_backward_through_a_freed_graph_throws_pytorchs_message") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto y = (x * x).sum();
  y.backward();
  CHECK_THROWS_WITH_AS(y.backward(), doctest::Contains("backward through the graph a second time"),
                       std::runtime_error);
}

TEST_CASE("retain_graph_allows_a_second_backward") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto y = (x * x).sum();
  y.backward(Tensor(), /*retain_graph=*/true);
  y.backward();
  CHECK(grad_of(x) == xt::xarray<double>{4, 8});
}

TEST_CASE("backward_on_a_non_scalar_needs_an_explicit_gradient") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto y = x * 3.0;
  CHECK_THROWS_WITH_AS(y.backward(),
                       doctest::Contains("grad can be implicitly created only for scalar outputs"),
                       std::invalid_argument);
  y.backward(tensor({1.0, 10.0}));
  CHECK(grad_of(x) == xt::xarray<double>{3, 30});
}

TEST_CASE("backward_gradient_must_match_the_output_shape") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  CHECK_THROWS_WITH_AS((x * 3.0).backward(tensor({1.0, 2.0, 3.0})),
                       doctest::Contains("Mismatch in shape"), std::invalid_argument);
}

TEST_CASE("backward_on_a_tensor_that_does_not_require_grad_throws") {
  auto x = tensor({1.0, 2.0});
  CHECK_THROWS_WITH_AS(x.sum().backward(), doctest::Contains("does not require grad"),
                       std::runtime_error);
}

TEST_CASE("a_tensor_used_twice_gets_the_summed_gradient") {
  auto x = tensor({3.0}, requires_grad());
  (x * x).backward(tensor({1.0}));
  CHECK(grad_of(x) == xt::xarray<double>{6});
}

TEST_CASE("diamond_graph_sums_both_paths") {
  auto x = tensor({2.0}, requires_grad());
  auto a = x * 3.0;
  auto b = x.exp();
  auto c = a * b;  // 3x e^x, derivative 3 e^x (1 + x)
  c.sum().backward();
  CHECK(x.grad().item<double>() == doctest::Approx(3.0 * std::exp(2.0) * 3.0).epsilon(1e-6));
}

TEST_CASE("leaf_root_backward_accumulates_ones") {
  auto x = tensor({5.0}, requires_grad());
  x.backward();
  CHECK(grad_of(x) == xt::xarray<double>{1});
}

TEST_CASE("autograd_grad_returns_gradients_without_touching_dot_grad") {
  auto x = tensor({1.0, 2.0}, TensorOptions().dtype(kFloat64).requires_grad(true));
  auto w = tensor({3.0, 4.0}, TensorOptions().dtype(kFloat64).requires_grad(true));
  auto y = (x * w).sum();
  auto grads = autograd::grad({y}, {x, w});
  REQUIRE(grads.size() == 2);
  CHECK(grads[0].to_xarray<double>() == xt::xarray<double>{3, 4});
  CHECK(grads[1].to_xarray<double>() == xt::xarray<double>{1, 2});
  CHECK_FALSE(x.grad().defined());
  CHECK_FALSE(w.grad().defined());
}

TEST_CASE("autograd_grad_of_an_intermediate_tensor") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto h = x * 2.0;
  auto y = (h * h).sum();
  auto grads = autograd::grad({y}, {h});
  CHECK(grads[0].to_xarray<double>() == xt::xarray<double>{4, 8});
  CHECK_FALSE(x.grad().defined());
}

TEST_CASE("autograd_grad_refuses_unused_inputs_unless_allowed") {
  auto x = tensor({1.0}, requires_grad());
  auto unused = tensor({1.0}, requires_grad());
  auto y = (x * 2.0).sum();
  CHECK_THROWS_WITH_AS(autograd::grad({y}, {unused}, {}, true),
                       doctest::Contains("not have been used in the graph"), std::runtime_error);
  auto grads = autograd::grad({y}, {x, unused}, {}, false, false, /*allow_unused=*/true);
  CHECK(grads[0].item<double>() == 2.0);
  CHECK_FALSE(grads[1].defined());
}

TEST_CASE("create_graph_gives_differentiable_gradients") {
  auto x = tensor({3.0}, TensorOptions().dtype(kFloat64).requires_grad(true));
  auto y = (x * x * x).sum();  // dy/dx = 3x^2 = 27, d2y/dx2 = 6x = 18
  auto dydx = autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  CHECK(dydx.item<double>() == doctest::Approx(27.0));
  REQUIRE(dydx.requires_grad());
  auto d2 = autograd::grad({dydx.sum()}, {x})[0];
  CHECK(d2.item<double>() == doctest::Approx(18.0));
}

TEST_CASE("create_graph_through_ops_that_save_their_output") {
  auto x = tensor({0.5}, TensorOptions().dtype(kFloat64).requires_grad(true));
  auto y = x.sigmoid().sum();
  auto g = autograd::grad({y}, {x}, {}, std::nullopt, true)[0];
  auto gg = autograd::grad({g.sum()}, {x})[0];
  const double s = 1.0 / (1.0 + std::exp(-0.5));
  CHECK(gg.item<double>() == doctest::Approx(s * (1 - s) * (1 - 2 * s)).epsilon(1e-12));
}

TEST_CASE("modifying_a_saved_tensor_in_place_makes_backward_throw") {
  auto x = tensor({1.0, 2.0}, requires_grad());
  auto c = tensor({3.0, 4.0});
  auto y = (x * c).sum();
  c.mul_(2.0);
  CHECK_THROWS_WITH_AS(y.backward(), doctest::Contains("modified by an inplace operation"),
                       std::runtime_error);
}

TEST_CASE("in_place_on_a_leaf_that_requires_grad_is_refused_unless_no_grad") {
  auto w = tensor({1.0, 2.0}, requires_grad());
  CHECK_THROWS_WITH_AS(w.add_(1.0), doctest::Contains("a leaf Variable that requires grad"),
                       std::runtime_error);
  {
    NoGradGuard no_grad;
    w.add_(1.0);
  }
  CHECK(w.to_xarray<double>() == xt::xarray<double>{2, 3});
}

TEST_CASE("gradients_keep_the_dtype_of_their_leaf") {
  auto a = tensor({1.0, 2.0}, requires_grad());  // float32
  auto b = tensor({3.0, 4.0}, TensorOptions().dtype(kFloat64).requires_grad(true));
  auto y = (a * b).sum();
  CHECK(y.dtype() == kFloat64);
  y.backward();
  CHECK(a.grad().dtype() == kFloat32);
  CHECK(b.grad().dtype() == kFloat64);
  CHECK(a.grad().to_xarray<double>() == xt::xarray<double>{3, 4});
}

TEST_CASE("gradcheck_detects_a_wrong_backward") {
  auto x = randn({3}, TensorOptions().dtype(kFloat64).requires_grad(true));
  auto wrong_square = [](const std::vector<Tensor>& in) {
    Tensor out = in[0].detach() * in[0].detach();
    autograd::record("WrongSquareBackward", out, {in[0]}, [](const Tensor& g) {
      return std::vector<Tensor>{g * 3.0};  // should be 2x
    });
    return out;
  };
  CHECK_THROWS_AS(autograd::gradcheck(wrong_square, {x}), autograd::GradcheckError);
  auto right_square = [](const std::vector<Tensor>& in) { return in[0] * in[0]; };
  CHECK(autograd::gradcheck(right_square, {x}));
}

TEST_CASE("gradcheck_refuses_float32_inputs") {
  auto x = randn({3}, TensorOptions().requires_grad(true));
  CHECK_THROWS_WITH_AS(
      autograd::gradcheck([](const std::vector<Tensor>& in) { return in[0] * 2.0; }, {x}),
      doctest::Contains("float64"), std::invalid_argument);
}

TEST_CASE("grad_mode_is_thread_local") {
  NoGradGuard no_grad;
  bool other_thread_enabled = false;
  std::thread([&] { other_thread_enabled = is_grad_enabled(); }).join();
  CHECK(other_thread_enabled);
  CHECK_FALSE(is_grad_enabled());
}
