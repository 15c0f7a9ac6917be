// The int64 and bool dtypes beside float32 and float64: names, tensor() from lists, factories,
// type promotion, conversions and printing, against PyTorch (golden/dtype_golden.json, written
// by golden/make_dtype_golden.py).
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include <limits>
#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

#include <xtensor/xadapt.hpp>
#include "test_helpers.hpp"

#include "fixture.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;
using xgrad::testing::printed;

namespace {

Dtype dtype_named(const std::string& name) {
  if (name == "float32") return kFloat32;
  if (name == "float64") return kFloat64;
  if (name == "int64") return kInt64;
  if (name == "bool") return kBool;
  throw std::runtime_error("unknown dtype " + name);
}

Tensor ones_of(Dtype dtype, bool has_dims) {
  return ones(has_dims ? Shape{2} : Shape{}, dtype);
}

}  // namespace

TEST_CASE("int64_and_bool_have_pytorch_names") {
  CHECK(std::string(dtype_name(kInt64)) == "long");
  CHECK(std::string(dtype_name(kBool)) == "bool");
  std::ostringstream os;
  os << kInt64 << " " << kBool << " " << kFloat32 << " " << kFloat64;
  CHECK(os.str() == "int64 bool float32 float64");
  CHECK(is_floating_point(kFloat64));
  CHECK_FALSE(is_floating_point(kInt64));
  CHECK_FALSE(is_floating_point(kBool));
}

TEST_CASE("tensor_infers_int64_float_or_bool_from_the_list_as_torch_tensor") {
  CHECK(tensor({1, 2}).dtype() == kInt64);
  CHECK(tensor({1.0, 2}).dtype() == kFloat32);
  CHECK(tensor({true, false}).dtype() == kBool);
  CHECK(tensor(3).dtype() == kInt64);
  CHECK(tensor(3).dim() == 0);
  CHECK(tensor(2.5).dtype() == kFloat32);
  CHECK(tensor(true).dtype() == kBool);
  CHECK(tensor({{1, 2}, {3, 4}}).dtype() == kInt64);
  CHECK(tensor({{1, 2}, {3, 4}}).sizes() == Sizes{2, 2});
  CHECK(tensor({{{1, 2}, {3, 4}}}).sizes() == Sizes{1, 2, 2});
  CHECK(tensor({{{{true, false}}}}).dtype() == kBool);
  CHECK(tensor({{1.5, 2}, {3, 4}}).dtype() == kFloat32);
  // Mixed C++ types infer as mixed Python numbers do.
  CHECK(tensor({true, 2}).dtype() == kInt64);
  CHECK(tensor({true, 2}).data<int64_t>() == xt::xarray<int64_t>{1, 2});
  CHECK(tensor({1, int64_t{2}, 3u}).dtype() == kInt64);
  CHECK(tensor({{true, false}, {false, 2.5f}}).dtype() == kFloat32);
  CHECK(tensor({{true, false}, {false, true}}).dtype() == kBool);
  CHECK(tensor({{1, 2}, {3, 4}}, kFloat64).data<double>() == xt::xarray<double>{{1, 2}, {3, 4}});
  const int64_t big = 9007199254740993;  // 2^53 + 1: exact in int64, not in double
  CHECK(tensor({big}).item<int64_t>() == big);
  CHECK(tensor({1, 2}).data<int64_t>() == xt::xarray<int64_t>{1, 2});
  CHECK(tensor({true, false}).data<bool>() == xt::xarray<bool>{true, false});
}

TEST_CASE("tensor_converts_a_list_to_an_explicit_dtype") {
  CHECK(tensor({1, 2}, kFloat64).dtype() == kFloat64);
  CHECK(tensor({1.7, -1.7}, kInt64).data<int64_t>() == xt::xarray<int64_t>{1, -1});
  CHECK(tensor({0, 3}, kBool).data<bool>() == xt::xarray<bool>{false, true});
  CHECK(tensor({true, false}, kInt64).data<int64_t>() == xt::xarray<int64_t>{1, 0});
  CHECK(tensor({1, 2}, dtype(kFloat32).requires_grad(true)).requires_grad());
  set_default_dtype(kFloat64);
  CHECK(tensor({1.0, 2}).dtype() == kFloat64);
  CHECK(tensor({1, 2}).dtype() == kInt64);
  set_default_dtype(kFloat32);
}

TEST_CASE("tensor_takes_int64_and_bool_xarrays_without_copying") {
  xt::xarray<int64_t> ints{1, 2, 3};
  const int64_t* ints_data = ints.data();
  const Tensor a = tensor(std::move(ints));
  CHECK(a.dtype() == kInt64);
  CHECK(a.data<int64_t>().data() == ints_data);
  xt::xarray<bool> bools{true, false};
  const bool* bools_data = bools.data();
  const Tensor b = tensor(std::move(bools));
  CHECK(b.dtype() == kBool);
  CHECK(b.data<bool>().data() == bools_data);
}

TEST_CASE("factories_make_int64_and_bool_tensors") {
  CHECK(zeros({2}, kInt64).data<int64_t>() == xt::xarray<int64_t>{0, 0});
  CHECK(ones({2}, kBool).data<bool>() == xt::xarray<bool>{true, true});
  CHECK(full({2}, 3.0, kBool).data<bool>() == xt::xarray<bool>{true, true});
  CHECK(full({2}, 7.9, kInt64).data<int64_t>() == xt::xarray<int64_t>{7, 7});
  CHECK(empty({3}, kInt64).dtype() == kInt64);
  const Tensor ints = tensor({1, 2});
  CHECK(zeros_like(ints).dtype() == kInt64);
  CHECK(ones_like(ints).dtype() == kInt64);
  CHECK(full_like(ints, 4).data<int64_t>() == xt::xarray<int64_t>{4, 4});
  CHECK(empty_like(ints).sizes() == Sizes{2});
  CHECK(zeros_like(ints, kFloat64).dtype() == kFloat64);
  CHECK(rand_like(ones({2})).dtype() == kFloat32);
}

TEST_CASE("arange_of_integers_is_int64_and_of_floats_the_default_dtype") {
  CHECK(arange(5).dtype() == kInt64);
  CHECK(arange(5).data<int64_t>() == xt::xarray<int64_t>{0, 1, 2, 3, 4});
  CHECK(arange(1, 5, 2).data<int64_t>() == xt::xarray<int64_t>{1, 3});
  CHECK(arange(int64_t{2}, 4).data<int64_t>() == xt::xarray<int64_t>{2, 3});
  CHECK(arange(0.0, 1.0, 0.25).dtype() == kFloat32);
  CHECK(arange(5.0).dtype() == kFloat32);
  CHECK(arange(5, kFloat64).dtype() == kFloat64);
  CHECK(arange(0, 1, 0.25).dtype() == kFloat32);
}

TEST_CASE("randint_draws_int64_in_range_from_the_global_generator") {
  manual_seed(3);
  const Tensor a = randint(-2, 3, {1000});
  CHECK(a.dtype() == kInt64);
  CHECK(a.sizes() == Sizes{1000});
  const auto& values = a.data<int64_t>();
  CHECK(xt::amin(values)() == -2);
  CHECK(xt::amax(values)() == 2);
  manual_seed(3);
  CHECK(randint(-2, 3, {1000}).data<int64_t>() == values);
  CHECK(xt::amax(randint(4, {100}).data<int64_t>())() == 3);
  CHECK(randint(0, 2, {3}, kFloat64).dtype() == kFloat64);
}

TEST_CASE("randperm_is_a_permutation_from_the_global_generator") {
  manual_seed(7);
  const Tensor p = randperm(50);
  CHECK(p.dtype() == kInt64);
  std::vector<int64_t> sorted(p.data<int64_t>().begin(), p.data<int64_t>().end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> expected(50);
  std::iota(expected.begin(), expected.end(), 0);
  CHECK(sorted == expected);
  manual_seed(7);
  CHECK(randperm(50).data<int64_t>() == p.data<int64_t>());
  CHECK(randperm(0).numel() == 0);
}

TEST_CASE("result_type_matches_pytorch_for_every_pair_of_dtypes_and_dims") {
  const Fixture fx("dtype_golden.json");
  for (const auto& row : fx["promotion"]) {
    const Dtype a = dtype_named(row["a"]), b = dtype_named(row["b"]);
    const bool a_dims = row["a_dims"], b_dims = row["b_dims"];
    const Tensor x = ones_of(a, a_dims), y = ones_of(b, b_dims);
    INFO(row.dump());
    CHECK(result_type(x, y) == dtype_named(row["result"]));
    CHECK((x + y).dtype() == dtype_named(row["add"]));
    CHECK((x * y).dtype() == dtype_named(row["mul"]));
    CHECK((x / y).dtype() == dtype_named(row["div"]));
  }
}

TEST_CASE("a_cpp_number_promotes_a_tensor_as_a_python_number_does") {
  const Fixture fx("dtype_golden.json");
  for (const auto& row : fx["scalar_promotion"]) {
    const Tensor t = ones_of(dtype_named(row["tensor"]), true);
    INFO(row.dump());
    CHECK(result_type(t, ScalarKind::kBool) == dtype_named(row["bool"]));
    CHECK(result_type(t, ScalarKind::kInteger) == dtype_named(row["int"]));
    CHECK(result_type(t, ScalarKind::kFloating) == dtype_named(row["float"]));
    CHECK((t * true).dtype() == dtype_named(row["bool"]));
    CHECK((t + 2).dtype() == dtype_named(row["int"]));
    CHECK((t * 2).dtype() == dtype_named(row["int"]));
    CHECK((2 * t).dtype() == dtype_named(row["int"]));
    CHECK((t + 2.5).dtype() == dtype_named(row["float"]));
    CHECK((2.5 * t).dtype() == dtype_named(row["float"]));
  }
}

TEST_CASE("to_converts_as_pytorch_truncating_floats_and_testing_nonzero_for_bool") {
  const Fixture fx("dtype_golden.json");
  const auto& c = fx["conversions"];
  const Tensor floats =
      tensor(xt::xarray<double>(xt::adapt(c["floats"].get<std::vector<double>>())));
  CHECK(floats.to(kInt64).data<int64_t>() ==
        xt::adapt(c["floats_to_int64"].get<std::vector<int64_t>>()));
  const auto to_bool = c["floats_to_bool"].get<std::vector<bool>>();
  const xt::xarray<bool> as_bool = floats.to(kBool).data<bool>();
  for (size_t i = 0; i < to_bool.size(); ++i) CHECK(as_bool(i) == to_bool[i]);
  const Tensor ints = tensor(xt::xarray<int64_t>(xt::adapt(c["ints"].get<std::vector<int64_t>>())));
  const auto ints_to_bool = c["ints_to_bool"].get<std::vector<bool>>();
  for (size_t i = 0; i < ints_to_bool.size(); ++i)
    CHECK(ints.to(kBool).data<bool>()(i) == ints_to_bool[i]);
  CHECK(tensor({true, false}).to(kFloat32).data<float>() ==
        xt::adapt(c["bools_to_float"].get<std::vector<float>>()));
  const Tensor same = tensor({1, 2});
  CHECK(same.to(kInt64).is_same(same));
}

TEST_CASE("to_an_integer_dtype_never_has_undefined_behaviour_on_nan_or_huge_values") {
  const Tensor odd = tensor({NAN, INFINITY, -1e300});
  const int64_t lowest = std::numeric_limits<int64_t>::min();
  CHECK(odd.to(kInt64).data<int64_t>() == xt::xarray<int64_t>{lowest, lowest, lowest});
  CHECK(odd.to(kBool).data<bool>() == xt::xarray<bool>{true, true, true});
  CHECK(tensor(NAN).item<int64_t>() == lowest);
}

TEST_CASE("to_an_integer_dtype_records_no_node") {
  const Tensor x = tensor({1.5, 2.5}, requires_grad());
  const Tensor i = x.to(kInt64);
  CHECK_FALSE(i.requires_grad());
  CHECK(i.grad_fn() == nullptr);
  CHECK(i.data<int64_t>() == xt::xarray<int64_t>{1, 2});
}

TEST_CASE("integer_and_bool_tensors_print_as_pytorch") {
  const Fixture fx("dtype_golden.json");
  const auto& p = fx["printing"];
  const auto expect = [&](const char* name, const Tensor& t) {
    INFO(name);
    CHECK(printed(t) == p[name].get<std::string>());
  };
  expect("int_vector", tensor({1, 2}));
  expect("int_negative_wide", tensor({100000, -3}));
  expect("int_matrix", tensor({{1, -22}, {333, 4}}));
  expect("int_scalar", tensor(5));
  expect("int_negative_scalar", tensor(-7));
  expect("int_empty", zeros({0}, kInt64));
  expect("int_wrapped", arange(40) * 1000);
  expect("int_summarized", arange(2000));
  expect("int_3d", arange(12).reshape({2, 3, 2}));
  expect("int_extremes",
         tensor({std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}));
  expect("bool_vector", tensor({true, false}));
  expect("bool_scalar", tensor(true));
  expect("bool_matrix", tensor({{true, false}, {false, true}}));
  expect("bool_empty_2d", zeros({0, 2}, kBool));
  expect("bool_summarized", ones({2000}, kBool));
}
