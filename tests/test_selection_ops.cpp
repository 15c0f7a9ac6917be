// argmax/argmin, max/min with a dim, min(), topk, sort and cumsum
// (framework/ops/selection.hpp, cumulative.hpp): values, indices and gradients against
// PyTorch's (tests/golden/make_selection_golden.py), dtypes, gradcheck.
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
using Pair = std::tuple<Tensor, Tensor>;

namespace {

SelectionOp values_only(std::function<Tensor(const std::vector<Tensor>&)> op) {
  return [op](const std::vector<Tensor>& v) { return Pair{op(v), Tensor()}; };
}

SelectionOp indices_only(std::function<Tensor(const std::vector<Tensor>&)> op) {
  return [op](const std::vector<Tensor>& v) { return Pair{Tensor(), op(v)}; };
}

}  // namespace

TEST_CASE("selection_ops_match_pytorch_values_indices_and_gradients") {
  // clang-format off
  const std::map<std::string, SelectionOp> ops = {
      {"max_dim1", [](const auto& v) { return max(v[0], 1); }},
      {"max_dim_neg1_keepdim", [](const auto& v) { return v[0].max(-1, /*keepdim=*/true); }},
      {"min_dim0", [](const auto& v) { return min(v[0], 0); }},
      {"max_ties", [](const auto& v) { return v[0].max(1); }},
      {"min_ties", [](const auto& v) { return v[0].min(1); }},
      {"min_all", values_only([](const auto& v) { return v[0].min(); })},
      {"argmax_dim2", indices_only([](const auto& v) { return argmax(v[0], 2); })},
      {"argmin_dim0_keepdim", indices_only([](const auto& v) { return v[0].argmin(0, true); })},
      {"argmax_all", indices_only([](const auto& v) { return v[0].argmax(); })},
      {"argmin_all", indices_only([](const auto& v) { return argmin(v[0]); })},
      {"argmax_ties", indices_only([](const auto& v) { return argmax(v[0], 1); })},
      {"argmin_ties", indices_only([](const auto& v) { return v[0].argmin(1); })},
      {"topk_3", [](const auto& v) { return topk(v[0], 3); }},
      {"topk_2_dim0_smallest", [](const auto& v) { return v[0].topk(2, 0, /*largest=*/false); }},
      {"sort", [](const auto& v) { return sort(v[0]); }},
      {"sort_dim0_descending", [](const auto& v) { return v[0].sort(0, /*descending=*/true); }},
      {"sort_ties", [](const auto& v) { return v[0].sort(); }},
      {"sort_ties_descending", [](const auto& v) { return sort(v[0], -1, true); }},
      {"cumsum_dim1", values_only([](const auto& v) { return cumsum(v[0], 1); })},
      {"cumsum_dim_neg1", values_only([](const auto& v) { return v[0].cumsum(-1); })},
  };
  // clang-format on
  testing::check_selection_cases("selection_cases", ops);
}

TEST_CASE("selection_ops_pass_gradcheck") {
  manual_seed(7);
  const Tensor x = testing::uniform_leaf64({3, 4, 2});
  using Fn = std::function<Tensor(const std::vector<Tensor>&)>;
  const std::vector<std::pair<std::string, Fn>> cases = {
      {"max dim", [](const auto& v) { return std::get<0>(max(v[0], 1)); }},
      {"min dim keepdim", [](const auto& v) { return std::get<0>(min(v[0], -1, true)); }},
      {"min all", [](const auto& v) { return min(v[0]); }},
      {"topk", [](const auto& v) { return std::get<0>(topk(v[0], 2, 1)); }},
      {"sort", [](const auto& v) { return std::get<0>(sort(v[0], 0, true)); }},
      {"cumsum", [](const auto& v) { return cumsum(v[0], 1); }},
  };
  for (const auto& named_case : cases) {
    INFO("op: ", named_case.first);
    CHECK(autograd::gradcheck(named_case.second, {x}));
  }
}

TEST_CASE("selection_ops_keep_integer_dtypes_and_give_int64_indices") {
  const auto [values, indices] = max(tensor({{3, 7}, {9, 1}}), 0);
  CHECK(values.dtype() == kInt64);
  CHECK(values.data<int64_t>() == xt::xarray<int64_t>{9, 7});
  CHECK(indices.data<int64_t>() == xt::xarray<int64_t>{1, 0});
  const auto [sorted, order] = sort(tensor({true, false, true}));
  CHECK(sorted.data<bool>() == xt::xarray<bool>{false, true, true});
  CHECK(order.data<int64_t>() == xt::xarray<int64_t>{1, 0, 2});
  CHECK(cumsum(tensor({1, 2, 3}), 0).data<int64_t>() == xt::xarray<int64_t>{1, 3, 6});
  CHECK(cumsum(tensor({true, false, true}), 0).data<int64_t>() == xt::xarray<int64_t>{1, 1, 2});
  CHECK(cumsum(tensor({1.0, 2.0}), 0).dtype() == kFloat32);
  CHECK(min(tensor({4, -2, 5})).item<int64_t>() == -2);
  CHECK(min(tensor({true, false})).item<bool>() == false);
}

TEST_CASE("selection_ops_take_dim_0_of_a_0_dim_tensor") {
  const Tensor s = tensor(3.0);
  CHECK(argmax(s, 0).dim() == 0);
  CHECK(argmax(s).item<int64_t>() == 0);
  const auto [value, index] = s.max(0);
  CHECK(value.dim() == 0);
  CHECK(index.item<int64_t>() == 0);
  CHECK(std::get<0>(topk(s, 1)).item() == 3.0);
  CHECK(cumsum(s, -1).item() == 3.0);
}
