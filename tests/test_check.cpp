// XGRAD_CHECK: the message of a failed check, and the laziness of its parts.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>
#include <xgrad/framework/detail/check.hpp>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {

template <typename Call>
std::string message_of(Call call) {
  try {
    call();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no std::invalid_argument was thrown";
}

}  // namespace

TEST_CASE("xgrad_check_streams_numbers_and_sizes_as_pytorch_prints_them") {
  const std::vector<int64_t> shape{2, 3};
  const std::string message = message_of([&] {
    XGRAD_CHECK(false, std::invalid_argument, "op(): got ", 1.0, ", ", -0.5, ", ", 1e30, ", ",
                INFINITY, ", ", std::nan(""), ", ", int64_t{7}, " and ", shape, " vs ", Sizes{4});
  });
  CHECK(message == "op(): got 1, -0.5, 1e+30, inf, nan, 7 and [2, 3] vs [4]");
}

TEST_CASE("xgrad_check_formats_its_parts_only_when_the_check_fails") {
  int formatted = 0;
  auto part = [&formatted] {
    ++formatted;
    return "part";
  };
  XGRAD_CHECK(true, std::invalid_argument, part());
  CHECK(formatted == 0);
  CHECK(message_of([&] { XGRAD_CHECK(1 + 1 == 3, std::invalid_argument, "a ", part()); }) ==
        "a part");
  CHECK(formatted == 1);
}

TEST_CASE("needs_input_grad_tells_a_backward_which_inputs_want_a_gradient") {
  const Tensor a = ones({2}).requires_grad_(), b = ones({2});
  const Tensor out = a * b;
  REQUIRE(out.grad_fn());
  CHECK(out.grad_fn()->needs_input_grad(0));
  CHECK_FALSE(out.grad_fn()->needs_input_grad(1));
  out.sum().backward();
  CHECK(a.grad().defined());
  CHECK_FALSE(b.grad().defined());
}
