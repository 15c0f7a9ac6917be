#include <doctest/doctest.h>

#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {

const Dtype kBothDtypes[] = {kFloat32, kFloat64};

Tensor zero_and_one(Dtype type) {
  return tensor({0.0, 1.0}, dtype(type).requires_grad(true));
}

// At x = 0, sqrt's backward divides the zero gradient that "* 0" sends it by zero: NaN, which
// the backward of "x * 2" then passes on.
[[gnu::noinline]] Tensor forward_pass_taking_sqrt_at_zero(const Tensor& x) {
  return ((x * 2.0).sqrt() * 0.0).sum();
}

// An op whose backward sends its first input a NaN gradient and its second an infinite one.
[[gnu::noinline]] Tensor op_with_broken_gradients(const Tensor& a, const Tensor& b) {
  Tensor out;
  {
    NoGradGuard no_grad;
    out = a + b;
  }
  autograd::record("BrokenGradientsBackward", out, {a, b}, [](const Tensor& g) {
    return std::vector<Tensor>{g * std::nan(""), g * INFINITY};
  });
  return out;
}

std::string anomaly_message(const Tensor& loss) {
  try {
    loss.backward();
  } catch (const autograd::AnomalyError& error) {
    return error.what();
  }
  FAIL("backward did not throw autograd::AnomalyError");
  return "";
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CapturedStderr {
 public:
  CapturedStderr() : previous_(std::cerr.rdbuf(captured_.rdbuf())) {}
  ~CapturedStderr() { std::cerr.rdbuf(previous_); }
  std::string text() const { return captured_.str(); }

 private:
  std::ostringstream captured_;
  std::streambuf* previous_;
};

struct LiveCounts {
  int64_t impls = TensorImpl::live_count();
  int64_t nodes = autograd::Node::live_count();
};

}  // namespace

TEST_CASE("anomaly_mode_is_off_by_default_and_nan_gradients_pass_silently") {
  CHECK_FALSE(autograd::is_anomaly_enabled());
  const Tensor x = zero_and_one(kFloat64);
  forward_pass_taking_sqrt_at_zero(x).backward();
  CHECK(std::isnan(x.grad().to_xarray<double>()(0)));
}

TEST_CASE("anomaly_mode_names_the_first_op_whose_gradient_is_nan") {
  for (const Dtype type : kBothDtypes) {
    CAPTURE(type);
    const autograd::DetectAnomalyGuard detect_anomaly;
    const Tensor x = zero_and_one(type);
    const std::string message = anomaly_message(forward_pass_taking_sqrt_at_zero(x));
    CHECK(starts_with(message, "Function 'SqrtBackward' returned nan values in its 0th output.\n"));
    CHECK_FALSE(x.grad().defined());
  }
}

TEST_CASE("anomaly_mode_names_the_first_op_whose_gradient_is_inf_too") {
  for (const Dtype type : kBothDtypes) {
    CAPTURE(type);
    const autograd::DetectAnomalyGuard detect_anomaly;
    const std::string message = anomaly_message(zero_and_one(type).sqrt().sum());
    CHECK(starts_with(message, "Function 'SqrtBackward' returned inf values in its 0th output.\n"));
  }
}

TEST_CASE("anomaly_mode_names_the_output_of_a_custom_backward_that_is_not_finite") {
  const autograd::DetectAnomalyGuard detect_anomaly;
  const Tensor a = tensor({1.0}, requires_grad());
  const Tensor b = tensor({2.0}, requires_grad());
  CHECK(starts_with(anomaly_message(op_with_broken_gradients(a, b).sum()),
                    "Function 'BrokenGradientsBackward' returned nan values in its 0th output.\n"));
  const Tensor constant = tensor({1.0});
  CHECK(starts_with(anomaly_message(op_with_broken_gradients(constant, b).sum()),
                    "Function 'BrokenGradientsBackward' returned inf values in its 1th output.\n"));
}

TEST_CASE("anomaly_mode_names_where_its_forward_ran") {
  const autograd::DetectAnomalyGuard detect_anomaly;
  const std::string message =
      anomaly_message(forward_pass_taking_sqrt_at_zero(zero_and_one(kFloat32)));
  INFO(message);
  const std::string traceback = "\nTraceback of forward call that caused the error:\n";
  REQUIRE(contains(message, traceback));
  const std::string frames = message.substr(message.find(traceback) + traceback.size());
  CHECK(starts_with(frames, "  #0 xgrad::sqrt(xgrad::Tensor const&) + 0x"));
  CHECK(contains(frames,
                 " (anonymous namespace)::forward_pass_taking_sqrt_at_zero(xgrad::Tensor "
                 "const&) + 0x"));
  CHECK(contains(frames, " main + 0x"));
}

TEST_CASE("anomaly_mode_shows_which_calculation_induced_a_node_that_double_backward_runs") {
  const autograd::DetectAnomalyGuard detect_anomaly;
  const Tensor x = tensor({0.0}, dtype(kFloat64).requires_grad(true));
  // d/dx x^1.5 = 1.5 x^0.5 is 0 at x = 0, but its own derivative 0.75 x^-0.5 is infinite.
  const Tensor dx =
      autograd::grad({x.pow(1.5).sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  const std::string message = anomaly_message(dx.sum());
  CHECK(starts_with(message, "Function 'PowBackward' returned inf values in its 0th output.\n"));
  const std::string induced =
      "\nPrevious calculation was induced by PowBackward. Traceback of forward call that induced "
      "the previous calculation:\n  #0 xgrad::pow(xgrad::Tensor const&, double) + 0x";
  CHECK(contains(message, induced));
}

TEST_CASE("anomaly_mode_says_when_the_forward_ran_without_it") {
  const Tensor loss = forward_pass_taking_sqrt_at_zero(zero_and_one(kFloat64));
  const autograd::DetectAnomalyGuard detect_anomaly;
  CHECK(anomaly_message(loss) ==
        "Function 'SqrtBackward' returned nan values in its 0th output.\n"
        "No forward pass information available. Enable anomaly mode "
        "(autograd::DetectAnomalyGuard) during the forward pass for more information.\n");
}

TEST_CASE(
    "anomaly_mode_leaves_other_backward_errors_unchanged_and_prints_where_their_forward_ran") {
  auto second_backward_error = [] {
    const Tensor x = tensor({1.0}, requires_grad());
    const Tensor loss = (x * x).sum();
    loss.backward();
    try {
      loss.backward();
    } catch (const std::runtime_error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  const std::string without_anomaly_mode = second_backward_error();
  CHECK(contains(without_anomaly_mode, "Trying to backward through the graph a second time"));

  const autograd::DetectAnomalyGuard detect_anomaly;
  const CapturedStderr stderr_output;
  CHECK(second_backward_error() == without_anomaly_mode);
  const std::string warning = stderr_output.text();
  INFO(warning);
  CHECK(starts_with(warning,
                    "xgrad warning: Error detected in SumBackward. Traceback of forward call that "
                    "caused the error:\n  #0 "));
  CHECK(contains(warning, " xgrad::sum(xgrad::Tensor const&) + 0x"));
}

TEST_CASE("guard_restores_previous_state") {
  CHECK_FALSE(autograd::is_anomaly_enabled());
  {
    const autograd::DetectAnomalyGuard outer;
    CHECK(autograd::is_anomaly_enabled());
    {
      const autograd::DetectAnomalyGuard inner;
      CHECK(autograd::is_anomaly_enabled());
    }
    CHECK(autograd::is_anomaly_enabled());
  }
  CHECK_FALSE(autograd::is_anomaly_enabled());

  autograd::set_anomaly_enabled(true);
  { const autograd::DetectAnomalyGuard guard; }
  CHECK(autograd::is_anomaly_enabled());
  autograd::set_anomaly_enabled(false);
  CHECK_FALSE(autograd::is_anomaly_enabled());
}

TEST_CASE("a_guard_turns_anomaly_mode_on_for_every_thread") {
  const autograd::DetectAnomalyGuard detect_anomaly;
  std::string message;
  std::thread worker([&] { message = anomaly_message(zero_and_one(kFloat64).sqrt().sum()); });
  worker.join();
  CHECK(starts_with(message, "Function 'SqrtBackward' returned inf values in its 0th output.\n"));
}

TEST_CASE("anomaly_error_frees_the_graph") {
  const LiveCounts before;
  {
    const autograd::DetectAnomalyGuard detect_anomaly;
    const Tensor x = zero_and_one(kFloat32);
    const Tensor loss = forward_pass_taking_sqrt_at_zero(x.tanh() * x);
    CHECK(autograd::Node::live_count() > before.nodes);
    CHECK_THROWS_AS(loss.backward(), autograd::AnomalyError);
  }
  const LiveCounts after;
  CHECK(after.nodes == before.nodes);
  CHECK(after.impls == before.impls);
}

TEST_CASE("finite_gradients_pass_anomaly_mode_unchanged") {
  const Tensor x = tensor({0.5, 2.0}, dtype(kFloat64).requires_grad(true));
  (x.sqrt() * x.log()).sum().backward();
  const xt::xarray<double> expected = x.grad().to_xarray<double>();
  x.zero_grad();
  {
    const autograd::DetectAnomalyGuard detect_anomaly;
    (x.sqrt() * x.log()).sum().backward();
  }
  CHECK(x.grad().to_xarray<double>() == expected);
}
