// Ops read a view's elements in place (a contiguous view) or through a gathered copy (any other
// view): either way the result is the op's result on the view's values copied out first.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;

namespace {

struct ViewCase {
  std::string name;
  std::function<Tensor(const Tensor&)> take;  // of a (4, 3, 5) base
};

std::vector<ViewCase> view_cases() {
  return {
      {"select of the first dim, at an offset", [](const Tensor& b) { return b[2]; }},
      {"narrow of the first dim", [](const Tensor& b) { return b.narrow(0, 1, 2); }},
      {"narrow of the last dim", [](const Tensor& b) { return b[1].narrow(1, 1, 3); }},
      {"transpose", [](const Tensor& b) { return b[3].t(); }},
      {"permute",
       [](const Tensor& b) {
         return b.permute({2, 0, 1}).narrow(1, 1, 3)[0];
       }},
      {"expand",
       [](const Tensor& b) {
         return b[0].narrow(0, 1, 1).expand({3, 5});
       }},
      {"unsqueeze of a select", [](const Tensor& b) { return b[1].unsqueeze(0); }},
      {"select to 0-dim", [](const Tensor& b) { return b[1][2][3]; }},
  };
}

struct OpCase {
  std::string name;
  std::function<Tensor(const Tensor&)> op;
};

std::vector<OpCase> op_cases() {
  return {
      {"neg", [](const Tensor& v) { return -v; }},
      {"sigmoid", [](const Tensor& v) { return sigmoid(v); }},
      {"add a contiguous tensor", [](const Tensor& v) { return v + ones_like(v); }},
      {"add itself", [](const Tensor& v) { return v + v; }},
      {"mul by int64 values", [](const Tensor& v) { return v * v.to(kInt64); }},
      {"sum", [](const Tensor& v) { return v.sum(); }},
      {"sum of the last dim", [](const Tensor& v) { return v.dim() ? v.sum({-1}) : v.sum(); }},
      {"amax", [](const Tensor& v) { return amax(v, {}); }},
      {"greater than", [](const Tensor& v) { return gt(v, 0.5); }},
      {"logical_not", [](const Tensor& v) { return logical_not(gt(v, 0.5)); }},
  };
}

}  // namespace

TEST_CASE("ops_on_views_equal_ops_on_their_copied_values") {
  manual_seed(7);
  for (Dtype dtype : {kFloat32, kFloat64, kInt64}) {
    const Tensor base = dtype == kInt64 ? randint(-5, 5, {4, 3, 5}) : randn({4, 3, 5}, dtype);
    for (const ViewCase& view : view_cases()) {
      const Tensor v = view.take(base);
      const Tensor copied = v.clone();
      REQUIRE(!copied.is_view());
      for (const OpCase& op : op_cases()) {
        if (dtype == kInt64 && op.name == "sigmoid") continue;
        CAPTURE(dtype);
        CAPTURE(view.name);
        CAPTURE(op.name);
        const Tensor expected = op.op(copied);
        CHECK(xgrad::testing::allclose_same_dtype(op.op(v), expected, 1e-6, 1e-6));
      }
    }
  }
}

TEST_CASE("ops_on_bool_views_equal_ops_on_their_copied_values") {
  manual_seed(3);
  const Tensor base = gt(randn({2, 3, 4}), 0.0);
  for (const Tensor& v : {base[1], base.transpose(0, 2)[2], base[0].narrow(1, 1, 2)}) {
    const Tensor copied = v.clone();
    CHECK(xgrad::testing::allclose_same_dtype(logical_not(v), logical_not(copied)));
    CHECK(xgrad::testing::allclose_same_dtype(v.sum(), copied.sum()));
    CHECK(xgrad::testing::allclose_same_dtype(v + v, copied + copied));
  }
}
