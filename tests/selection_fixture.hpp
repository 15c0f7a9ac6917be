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

namespace xgrad::testing {

// An op of a case: its result, and the indices for ops that give them (else undefined).
using SelectionOp = std::function<std::tuple<Tensor, Tensor>(const std::vector<Tensor>&)>;

// A fixture entry whose data may hold "nan", as `dtype`.
inline Tensor selection_tensor(const Fixture& f, const std::string& name, Dtype dtype = kFloat64) {
  const nlohmann::json& e = f[name];
  xt::xarray<double> values(e.at("shape").get<std::vector<size_t>>());
  const nlohmann::json& data = e.at("data");
  REQUIRE(data.size() == values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    values.data()[i] =
        data[i].is_string() ? std::numeric_limits<double>::quiet_NaN() : data[i].get<double>();
  }
  return tensor(std::move(values)).to(dtype);
}

// The same shape and dtype, and equal elements (NaN equal to NaN) or within 1e-12.
inline bool same_values(const Tensor& actual, const Tensor& expected) {
  if (actual.sizes() != expected.sizes() || actual.dtype() != expected.dtype()) {
    std::ostringstream os;
    os << "got shape " << actual.sizes() << " dtype " << actual.dtype() << ", expected shape "
       << expected.sizes() << " dtype " << expected.dtype();
    MESSAGE(os.str());
    return false;
  }
  const xt::xarray<double> a = actual.to_xarray<double>(), e = expected.to_xarray<double>();
  for (size_t i = 0; i < a.size(); ++i) {
    const double x = a.data()[i], y = e.data()[i];
    if (x == y || (std::isnan(x) && std::isnan(y)) ||
        std::fabs(x - y) <= 1e-12 * (1 + std::fabs(y)))
      continue;
    std::ostringstream os;
    os.precision(17);
    os << "element " << i << " is " << x << ", expected " << y;
    MESSAGE(os.str());
    return false;
  }
  return true;
}

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
    std::vector<Tensor> inputs{selection_tensor(f, prefix + "x")};
    if (differentiable) inputs[0].requires_grad_();
    if (f.has(prefix + "y")) inputs.push_back(selection_tensor(f, prefix + "y"));
    const auto [out, indices] = ops.at(name)(inputs);
    if (f.has(prefix + "indices")) {
      CHECK(same_values(indices, selection_tensor(f, prefix + "indices", kInt64)));
    }
    if (!f.has(prefix + "out")) continue;
    const Dtype dtype = out.dtype() == kBool ? out_dtype_of_bool : kFloat64;
    CHECK(same_values(out, selection_tensor(f, prefix + "out", dtype)));
    if (differentiable) {
      (out * selection_tensor(f, prefix + "w")).sum().backward();
      CHECK(same_values(inputs[0].grad(), selection_tensor(f, prefix + "grad_x")));
    }
  }
}

}  // namespace xgrad::testing
