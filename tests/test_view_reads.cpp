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

namespace {

// Two operands taken from (4, 3, 5) bases, of shapes that broadcast, at least one of them a view
// that is not one contiguous block.
struct OperandPair {
  std::string name;
  std::function<Tensor(const Tensor&)> x, y;
};

std::vector<OperandPair> operand_pairs() {
  return {
      {"permute with a select of the last dim",
       [](const Tensor& b) {
         return b.permute({2, 0, 1});
       },
       [](const Tensor& b) { return b.select(2, 1); }},
      {"transpose with a column", [](const Tensor& b) { return b[3].t(); },
       [](const Tensor& b) { return b[0][1].unsqueeze(1); }},
      {"narrow of the last dim with a transpose", [](const Tensor& b) { return b.narrow(2, 1, 3); },
       [](const Tensor& b) { return b[1].narrow(1, 0, 3).t(); }},
      {"expand with a tensor that owns its values",
       [](const Tensor& b) {
         return b[2][0].expand({4, 3, 5});
       },
       [](const Tensor& b) { return b.clone(); }},
      {"0-dim select with a transpose", [](const Tensor& b) { return b[1][2][3]; },
       [](const Tensor& b) { return b.transpose(0, 2); }},
      {"expanded column with a select of the middle dim",
       [](const Tensor& b) {
         return b[0][0].narrow(0, 0, 4).unsqueeze(1).expand({4, 5});
       },
       [](const Tensor& b) { return b.select(1, 1); }},
      {"permute with itself permuted otherwise",
       [](const Tensor& b) {
         return b.permute({2, 1, 0});
       },
       [](const Tensor& b) { return b.transpose(0, 2).narrow(1, 2, 1); }},
  };
}

struct BinaryOpCase {
  std::string name;
  std::function<Tensor(const Tensor&, const Tensor&)> op;
  bool floating_only;
};

std::vector<BinaryOpCase> binary_op_cases() {
  return {
      {"add", [](const Tensor& x, const Tensor& y) { return x + y; }, false},
      {"sub", [](const Tensor& x, const Tensor& y) { return x - y; }, false},
      {"mul", [](const Tensor& x, const Tensor& y) { return x * y; }, false},
      {"div", [](const Tensor& x, const Tensor& y) { return x / y; }, false},
      {"pow", [](const Tensor& x, const Tensor& y) { return pow(x, y); }, true},
      {"maximum", [](const Tensor& x, const Tensor& y) { return maximum(x, y); }, false},
      {"minimum", [](const Tensor& x, const Tensor& y) { return minimum(x, y); }, false},
      {"eq", [](const Tensor& x, const Tensor& y) { return eq(x, y); }, false},
      {"lt", [](const Tensor& x, const Tensor& y) { return lt(x, y); }, false},
      {"ge", [](const Tensor& x, const Tensor& y) { return ge(x, y); }, false},
      {"logical_and", [](const Tensor& x, const Tensor& y) { return logical_and(x, y); }, false},
      {"logical_or", [](const Tensor& x, const Tensor& y) { return logical_or(x, y); }, false},
  };
}

Tensor base_of(Dtype dtype) {
  if (dtype == kBool) return gt(randn({4, 3, 5}), 0.0);
  if (dtype == kInt64) return randint(-5, 5, {4, 3, 5});
  return randn({4, 3, 5}, dtype);
}

}  // namespace

TEST_CASE("binary_ops_on_broadcast_strided_views_equal_ops_on_their_copied_values") {
  manual_seed(11);
  for (Dtype dtype : {kFloat32, kFloat64, kInt64, kBool}) {
    const Tensor base = base_of(dtype);
    for (const OperandPair& pair : operand_pairs()) {
      const Tensor x = pair.x(base), y = pair.y(base);
      const Tensor x_copy = x.clone(), y_copy = y.clone();
      REQUIRE(!x_copy.is_view());
      for (const BinaryOpCase& op : binary_op_cases()) {
        if (op.floating_only && !is_floating_point(dtype)) continue;
        if (dtype == kBool && op.name == "sub") continue;  // PyTorch refuses bool subtraction
        CAPTURE(dtype);
        CAPTURE(pair.name);
        CAPTURE(op.name);
        const Tensor expected = op.op(x_copy, y_copy);
        CHECK(xgrad::testing::allclose_same_dtype(op.op(x, y), expected, 0.0, 0.0));
        CHECK(xgrad::testing::allclose_same_dtype(op.op(y, x), op.op(y_copy, x_copy), 0.0, 0.0));
      }
    }
  }
}

TEST_CASE("binary_ops_on_strided_views_of_different_dtypes_promote_as_on_copies") {
  manual_seed(12);
  const Tensor floats = randn({4, 3, 5});
  for (Dtype other : {kFloat64, kInt64, kBool}) {
    const Tensor others = base_of(other);
    for (const OperandPair& pair : operand_pairs()) {
      const Tensor x = pair.x(floats), y = pair.y(others);
      for (const BinaryOpCase& op : binary_op_cases()) {
        if (other == kBool && op.name == "sub") continue;
        CAPTURE(other);
        CAPTURE(pair.name);
        CAPTURE(op.name);
        CHECK(xgrad::testing::allclose_same_dtype(op.op(x, y), op.op(x.clone(), y.clone()), 0.0,
                                                  0.0));
      }
    }
  }
}

TEST_CASE("gradients_flow_through_binary_ops_on_strided_views") {
  using V = std::vector<Tensor>;
  manual_seed(13);
  // Positive values, for pow.
  const Tensor base = xgrad::testing::uniform_leaf64({4, 3, 5}, 0.5, 2.0);
  const Tensor other = xgrad::testing::uniform_leaf64({4, 3, 5}, 0.5, 2.0);
  for (const OperandPair& pair : operand_pairs()) {
    for (const BinaryOpCase& op : binary_op_cases()) {
      if (!op.floating_only && op.name != "add" && op.name != "sub" && op.name != "mul" &&
          op.name != "div" && op.name != "maximum" && op.name != "minimum")
        continue;
      CAPTURE(pair.name);
      CAPTURE(op.name);
      CHECK(autograd::gradcheck([&](const V& v) { return op.op(pair.x(v[0]), pair.y(v[1])); },
                                {base, other}));
    }
  }
}
