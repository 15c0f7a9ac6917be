// Integer and bool tensors refuse what PyTorch refuses, in its words: gradients, floating-only
// reductions and kernels, bool subtraction, and in-place results their dtype cannot hold.
#include <doctest/doctest.h>

#include <stdexcept>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {
constexpr const char* kOnlyFloats = "Only Tensors of floating point dtype can require gradients";
}  // namespace

TEST_CASE("only_floating_tensors_can_require_grad") {
  Tensor ints = tensor({1, 2});
  CHECK_THROWS_WITH_AS(ints.requires_grad_(), doctest::Contains(kOnlyFloats),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ints.requires_grad_(), doctest::Contains("(got long)"),
                       std::invalid_argument);
  Tensor bools = tensor({true});
  CHECK_THROWS_WITH_AS(bools.requires_grad_(), doctest::Contains("(got bool)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(zeros({2}, dtype(kInt64).requires_grad(true)),
                       doctest::Contains(kOnlyFloats), std::invalid_argument);
  CHECK_THROWS_WITH_AS(tensor({1, 2}, requires_grad()), doctest::Contains(kOnlyFloats),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(tensor(xt::xarray<int64_t>{1}, true), doctest::Contains(kOnlyFloats),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(arange(3, requires_grad()), doctest::Contains(kOnlyFloats),
                       std::invalid_argument);
  CHECK_FALSE(ints.requires_grad());
  CHECK_NOTHROW(ints.requires_grad_(false));
}

TEST_CASE("mean_of_integers_or_bools_cannot_infer_its_dtype") {
  CHECK_THROWS_WITH_AS(
      tensor({1, 2}).mean(),
      "mean(): could not infer output dtype. Input dtype must be either a floating point or "
      "complex dtype. Got: Long",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(tensor({{true, false}}).mean({0}), doctest::Contains("Got: Bool"),
                       std::invalid_argument);
}

TEST_CASE("bool_tensors_refuse_subtraction_and_negation") {
  const Tensor b = tensor({true, false}), i = tensor({1, 2});
  const char* two =
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
      "`logical_xor()` operator instead.";
  const char* one =
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
      "invert a mask, use the `~` or `logical_not()` operator instead.";
  CHECK_THROWS_WITH_AS(b - b, two, std::invalid_argument);
  CHECK_THROWS_WITH_AS(i - b, one, std::invalid_argument);
  CHECK_THROWS_WITH_AS(b - i, one, std::invalid_argument);
  CHECK_THROWS_WITH_AS(b - 1, one, std::invalid_argument);
  CHECK_THROWS_WITH_AS(b - 1.5, one, std::invalid_argument);
  CHECK_THROWS_WITH_AS(1 - b, one, std::invalid_argument);
  CHECK_THROWS_WITH_AS(1.0 - b, one, std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      -b, doctest::Contains("Negation, the `-` operator, on a bool tensor is not supported"),
      std::invalid_argument);
  Tensor target = tensor({true});
  CHECK_THROWS_WITH_AS(target.sub_(tensor({true})), two, std::invalid_argument);
  CHECK_THROWS_WITH_AS(target.sub_(1.0), one, std::invalid_argument);
}

TEST_CASE("float_only_kernels_name_the_dtype_they_do_not_implement") {
  const Tensor i = tensor({1, 2});
  CHECK_THROWS_WITH_AS(softmax(i, 0), "\"softmax\" not implemented for 'Long'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(log_softmax(i, 0), "\"log_softmax\" not implemented for 'Long'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(abs(tensor({true})), "\"abs\" not implemented for 'Bool'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(relu(tensor({true})), "Boolean inputs not supported for relu",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(matmul(tensor({{true, false}}), tensor({true, false}).unsqueeze(1)),
                       "\"matmul\" not implemented for 'Bool'", std::invalid_argument);
  CHECK_THROWS_WITH_AS(rand({2}, kInt64), doctest::Contains("not implemented for 'Long'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(randn_like(i), doctest::Contains("not implemented for 'Long'"),
                       std::invalid_argument);
  Tensor target = tensor({1, 2});
  CHECK_THROWS_WITH_AS(target.uniform_(), "\"uniform_\" not implemented for 'Long'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(target.normal_(), "\"normal_\" not implemented for 'Long'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(nn::functional::binary_cross_entropy_with_logits(i, i),
                       doctest::Contains("not implemented for 'Long'"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(nn::functional::cross_entropy(tensor({{1, 2}}), tensor({1})),
                       doctest::Contains("not implemented for 'Long'"), std::invalid_argument);
}

TEST_CASE("matmul_refuses_an_integer_and_a_float_operand") {
  CHECK_THROWS_WITH_AS(matmul(tensor({{1, 2}}), tensor({1.0, 2.0}).unsqueeze(1)),
                       doctest::Contains("long != float"), std::invalid_argument);
}

TEST_CASE("integers_to_negative_integer_powers_are_refused") {
  CHECK_THROWS_WITH_AS(pow(tensor({1, 2}), -1),
                       "Integers to negative integer powers are not allowed.",
                       std::invalid_argument);
}

TEST_CASE("in_place_ops_refuse_results_their_dtype_cannot_hold") {
  Tensor i = tensor({1, 2});
  CHECK_THROWS_WITH_AS(i.add_(1.5),
                       "result type Float can't be cast to the desired output type Long",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(i.add_(tensor({1.5, 1.5})),
                       "result type Float can't be cast to the desired output type Long",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(i.mul_(0.5),
                       "result type Float can't be cast to the desired output type Long",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      i.add_(tensor({1, 1}), 0.5),
      "For integral input tensors, argument alpha must not be a floating point number.",
      std::invalid_argument);
  Tensor b = tensor({true});
  CHECK_THROWS_WITH_AS(b.add_(1), "result type Long can't be cast to the desired output type Bool",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(b.mul_(tensor({2})),
                       "result type Long can't be cast to the desired output type Bool",
                       std::invalid_argument);
  CHECK(i.data<int64_t>() == xt::xarray<int64_t>{1, 2});
}

TEST_CASE("data_of_the_wrong_integer_or_bool_type_names_both_types") {
  CHECK_THROWS_WITH_AS(tensor({1, 2}).data<float>(),
                       "data<T>(): expected scalar type Float but found Long",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(tensor({1.0}).data<bool>(),
                       "data<T>(): expected scalar type Bool but found Float",
                       std::invalid_argument);
}

TEST_CASE("random_integer_factories_refuse_empty_ranges_and_negative_counts") {
  CHECK_THROWS_WITH_AS(randint(5, 5, {3}),
                       "random_ expects 'from' to be less than 'to', but got from=5 >= to=5",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(randint(0, {3}), doctest::Contains("from=0 >= to=0"), std::invalid_argument);
  CHECK_THROWS_AS(randperm(-1), std::invalid_argument);
}

TEST_CASE("modules_refuse_to_move_to_a_non_floating_dtype") {
  nn::Linear linear(2, 3);
  CHECK_THROWS_WITH_AS(
      linear.to(kInt64),
      "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=int64",
      std::invalid_argument);
  CHECK(linear.weight.dtype() == kFloat32);
}
