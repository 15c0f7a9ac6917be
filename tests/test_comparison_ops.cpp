// Comparisons, logical ops and masked_fill (framework/ops/comparison.hpp, logical.hpp): values
// against PyTorch's (tests/golden/make_selection_golden.py), dtypes, operators, gradients.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "selection_fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using testing::SelectionOp;

namespace {

SelectionOp one(std::function<Tensor(const std::vector<Tensor>&)> op) {
  return [op](const std::vector<Tensor>& v) { return std::tuple<Tensor, Tensor>{op(v), Tensor()}; };
}

xt::xarray<bool> bools(const Tensor& t) {
  REQUIRE(t.dtype() == kBool);
  return t.data<bool>();
}

}  // namespace

TEST_CASE("comparison_and_logical_ops_match_pytorch") {
  // clang-format off
  const std::map<std::string, SelectionOp> ops = {
      {"eq", one([](const auto& v) { return eq(v[0], v[1]); })},
      {"ne", one([](const auto& v) { return v[0] != v[1]; })},
      {"lt", one([](const auto& v) { return v[0] < v[1]; })},
      {"le", one([](const auto& v) { return v[0].le(v[1]); })},
      {"gt", one([](const auto& v) { return gt(v[0], v[1]); })},
      {"ge", one([](const auto& v) { return v[0] >= v[1]; })},
      {"lt_number", one([](const auto& v) { return v[0] < 0.25; })},
      {"number_lt", one([](const auto& v) { return 0.25 < v[0]; })},
      {"eq_nan", one([](const auto& v) { return v[0] == v[1]; })},
      {"ne_nan", one([](const auto& v) { return ne(v[0], v[1]); })},
      {"logical_and", one([](const auto& v) { return logical_and(v[0], v[1]); })},
      {"logical_or", one([](const auto& v) { return v[0].logical_or(v[1]); })},
      {"logical_not", one([](const auto& v) { return logical_not(v[0]); })},
      {"any_dim1", one([](const auto& v) { return v[0].any(1); })},
      {"all_dim0_keepdim", one([](const auto& v) { return all(v[0], 0, /*keepdim=*/true); })},
      {"masked_fill", one([](const auto& v) { return v[0].masked_fill(v[0] > 0.2, -5.0); })},
      {"masked_fill_broadcast_mask",
       one([](const auto& v) { return masked_fill(v[0], tensor({true, false, false, true}), 7.5); })},
  };
  // clang-format on
  testing::check_selection_cases("comparison_cases", ops, kBool);
}

TEST_CASE("comparisons_run_in_the_result_type_and_give_bool") {
  // int64 against float compares as float: 2 == 2.5 is false, 1 < 1.5 is true.
  CHECK(bools(tensor({1, 2}) == tensor({1.0, 2.5})) == xt::xarray<bool>{true, false});
  CHECK(bools(tensor({1, 2}) < 1.5) == xt::xarray<bool>{true, false});
  CHECK(bools(tensor({1, 2}) == 2) == xt::xarray<bool>{false, true});
  CHECK(bools(1 < tensor({1, 2})) == xt::xarray<bool>{false, true});
  // A float32 tensor compares with a double in float32, as PyTorch: 0.1f == 0.1.
  CHECK(bools(tensor({0.1}) == 0.1) == xt::xarray<bool>{true});
  CHECK(bools(tensor({0.1}, kFloat64) == 0.1) == xt::xarray<bool>{true});
  CHECK(bools(tensor({true, false}) == true) == xt::xarray<bool>{true, false});
  // A 0-dim float64 tensor does not promote a float32 tensor with dims.
  CHECK(bools(eq(tensor({0.1}), tensor(0.1, kFloat64))) == xt::xarray<bool>{true});
  const Tensor a = tensor({1.0, 2.0}, requires_grad());
  const Tensor c = a > 1.0;
  CHECK(c.dtype() == kBool);
  CHECK_FALSE(c.requires_grad());
  CHECK(eq(zeros({0, 3}), zeros({3})).sizes() == Sizes({0, 3}));
}

TEST_CASE("logical_ops_take_any_dtype_and_any_all_reduce_empty_tensors_as_pytorch") {
  CHECK(bools(logical_and(tensor({0, 3, 2}), tensor({true, true, false}))) ==
        xt::xarray<bool>{false, true, false});
  CHECK(bools(tensor({0, 5}).logical_not()) == xt::xarray<bool>{true, false});
  CHECK(bools(any(zeros({0}))) == xt::xarray<bool>(false));
  CHECK(bools(all(zeros({0}))) == xt::xarray<bool>(true));
  CHECK(bools(tensor({1, 2}).all()) == xt::xarray<bool>(true));
  CHECK(bools(tensor({0.0, 0.5}).any()) == xt::xarray<bool>(true));
  CHECK(any(ones({2, 3}), -1, true).sizes() == Sizes({2, 1}));
}

TEST_CASE("masked_fill_converts_the_value_and_passes_gradient_where_the_mask_is_false") {
  const Tensor ints = tensor({1, 2, 3}).masked_fill(tensor({true, false, true}), 2.5);
  CHECK(ints.dtype() == kInt64);
  CHECK(ints.data<int64_t>() == xt::xarray<int64_t>{2, 2, 2});
  const Tensor mask = tensor(testing::column({1.0, 0.0})) > 0.5;  // [2, 1] broadcasts to [2, 3]
  CHECK(autograd::gradcheck(
      [mask](const std::vector<Tensor>& v) { return masked_fill(v[0], mask, 3.0); },
      {testing::uniform_leaf64({2, 3})}));
  Tensor x = ones({2, 3}, testing::f64_grad());
  masked_fill(x, mask, 0.0).sum().backward();
  CHECK(testing::allclose(x.grad(), xt::xarray<double>{{0, 0, 0}, {1, 1, 1}}));
}
