#pragma once

// Reads tests/golden/selection_ops.json (tests/golden/make_selection_golden.py) for
// test_comparison_ops.cpp and test_selection_ops.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

namespace xgrad::testing {

// An op of a case: its result, and the indices for ops that give them (else undefined).
using SelectionOp = std::function<std::tuple<Tensor, Tensor>(const std::vector<Tensor>&)>;

// Runs every case of `list` in the fixture: the result (as `out_dtype`), the indices, and the
// gradient of (out * w).sum() where the fixture has one.
inline void check_selection_cases(const std::string& list,
                                  const std::map<std::string, SelectionOp>& ops,
                                  Dtype out_dtype_of_bool = kBool) {
  const Fixture f("selection_ops.json");
  CHECK(f[list].size() == ops.size());
  for (const auto& name_json : f[list]) {
    const std::string name = name_json.get<std::string>();
    INFO("case: ", name);
    REQUIRE(ops.count(name) == 1);
    const std::string prefix = name + "/";
    const bool differentiable = f.has(prefix + "grad_x");
    std::vector<Tensor> inputs{f.tensor(prefix + "x")};
    if (differentiable) inputs[0].requires_grad_();
    if (f.has(prefix + "y")) inputs.push_back(f.tensor(prefix + "y"));
    const auto [out, indices] = ops.at(name)(inputs);
    if (f.has(prefix + "indices")) {
      CHECK(allclose_same_dtype(indices, f.tensor(prefix + "indices", kInt64), 1e-12, 1e-12));
    }
    if (!f.has(prefix + "out")) continue;
    const Dtype dtype = out.dtype() == kBool ? out_dtype_of_bool : kFloat64;
    CHECK(allclose_same_dtype(out, f.tensor(prefix + "out", dtype), 1e-12, 1e-12));
    if (differentiable) {
      (out * f.tensor(prefix + "w")).sum().backward();
      CHECK(allclose_same_dtype(inputs[0].grad(), f.tensor(prefix + "grad_x"), 1e-12, 1e-12));
    }
  }
}

}  // namespace xgrad::testing
