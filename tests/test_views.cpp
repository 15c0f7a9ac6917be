// Views (tensors sharing one storage through sizes, strides and an offset): layouts against
// PyTorch's (tests/golden/make_views_golden.py), aliasing both ways, gradients through chains of
// views, the version counter and the in-place checks, contiguous(), data(), values(), data_ptr().
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include "fixture.hpp"
#include "serialization_helpers.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::f64_grad;
using xgrad::testing::Fixture;
using xgrad::testing::uniform_leaf64;
using V = std::vector<Tensor>;

namespace {

// The bases of the fixture: arange(24.).reshape(2, 3, 4), arange(12.).reshape(3, 4) for t(),
// arange(3.).reshape(3, 1) for expand.
enum class Base { Cube, Matrix, Column };

Tensor make_base(Base base) {
  switch (base) {
    case Base::Cube:
      return arange(24.0, kFloat64).reshape({2, 3, 4});
    case Base::Matrix:
      return arange(12.0, kFloat64).reshape({3, 4});
    case Base::Column:
      return arange(3.0, kFloat64).reshape({3, 1});
  }
  return Tensor();
}

struct ViewCase {
  Base base;
  std::function<Tensor(const Tensor&)> op;
};

// Every case of views.json and the chain it applies (one row per case, laid out by hand).
const std::map<std::string, ViewCase>& view_cases() {
  using T = const Tensor&;
  // clang-format off
  static const std::map<std::string, ViewCase> cases = {
      {"select_0_1", {Base::Cube, [](T x) { return x.select(0, 1); }}},
      {"select_2_-1", {Base::Cube, [](T x) { return x.select(2, -1); }}},
      {"index_1", {Base::Cube, [](T x) { return x[1]; }}},
      {"narrow_1_1_2", {Base::Cube, [](T x) { return x.narrow(1, 1, 2); }}},
      {"narrow_2_1_2", {Base::Cube, [](T x) { return x.narrow(2, 1, 2); }}},
      {"transpose_0_2", {Base::Cube, [](T x) { return x.transpose(0, 2); }}},
      {"t_2d", {Base::Matrix, [](T x) { return x.t(); }}},
      {"permute_2_0_1", {Base::Cube, [](T x) { return x.permute({2, 0, 1}); }}},
      {"expand_column", {Base::Column, [](T x) { return x.expand({2, 3, 4}); }}},
      {"unsqueeze_1", {Base::Cube, [](T x) { return x.unsqueeze(1); }}},
      {"squeeze_1_of_narrow", {Base::Cube, [](T x) { return x.narrow(1, 1, 1).squeeze(1); }}},
      {"squeeze_of_narrow", {Base::Cube, [](T x) { return x.narrow(1, 1, 1).squeeze(); }}},
      {"flatten", {Base::Cube, [](T x) { return x.flatten(); }}},
      {"view_6_4", {Base::Cube, [](T x) { return x.view({6, 4}); }}},
      {"view_-1", {Base::Cube, [](T x) { return x.view({-1}); }}},
      {"narrow_2_1_2_view_6_2", {Base::Cube, [](T x) { return x.narrow(2, 1, 2).view({6, 2}); }}},
      {"reshape_4_6", {Base::Cube, [](T x) { return x.reshape({4, 6}); }}},
      {"reshape_of_transpose", {Base::Cube, [](T x) { return x.transpose(0, 2).reshape({4, 6}); }}},
      {"detach", {Base::Cube, [](T x) { return x.detach(); }}},
      {"transpose_0_1_narrow_0_1_2_select_2_3",
       {Base::Cube, [](T x) { return x.transpose(0, 1).narrow(0, 1, 2).select(2, 3); }}},
      {"permute_2_0_1_index_1_t", {Base::Cube, [](T x) { return x.permute({2, 0, 1})[1].t(); }}},
      {"narrow_2_1_3_unsqueeze_0_select_3_0",
       {Base::Cube, [](T x) { return x.narrow(2, 1, 3).unsqueeze(0).select(3, 0); }}},
      {"unbind_1_0", {Base::Cube, [](T x) { return x.unbind(1)[0]; }}},
      {"unbind_1_1", {Base::Cube, [](T x) { return x.unbind(1)[1]; }}},
      {"unbind_1_2", {Base::Cube, [](T x) { return x.unbind(1)[2]; }}},
      {"split_2_dim_2_0", {Base::Cube, [](T x) { return x.split(2, 2)[0]; }}},
      {"split_2_dim_2_1", {Base::Cube, [](T x) { return x.split(2, 2)[1]; }}},
      {"chunk_2_dim_0_0", {Base::Cube, [](T x) { return x.chunk(2, 0)[0]; }}},
      {"chunk_2_dim_0_1", {Base::Cube, [](T x) { return x.chunk(2, 0)[1]; }}},
  };
  // clang-format on
  return cases;
}

xt::xarray<double> array_of(const nlohmann::json& entry) {
  auto values = xt::xarray<double>::from_shape(entry.at("shape").get<std::vector<size_t>>());
  const auto data = entry.at("data").get<std::vector<double>>();
  REQUIRE(data.size() == values.size());
  std::copy(data.begin(), data.end(), values.begin());
  return values;
}

// 0, 1, ..., n - 1 in `shape`.
xt::xarray<double> arange_array(double n, const std::vector<size_t>& shape) {
  xt::xarray<double> values = xt::arange<double>(n);
  values.reshape(shape);
  return values;
}

// Whether `view` lies in the storage of `base` (a contiguous tensor that spans its storage).
bool shares_storage(const Tensor& view, const Tensor& base) {
  const double* start = base.data_ptr<double>() - base.storage_offset();
  const double* first = view.data_ptr<double>();
  return first >= start && first < start + base.numel();
}

// The first tensor of a chain of views, as PyTorch's `_base`.
Tensor root_of(const Tensor& t) {
  return t.is_view() ? t.base() : t;
}

// The element of a base made by arange that held `value` before any write.
size_t position_of(double value) {
  return static_cast<size_t>(value);
}

// The what() of the std::runtime_error that `call` throws, or "" when it throws none.
std::string runtime_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

void check_contains(const std::string& text, const std::string& phrase) {
  INFO("text: \"", text, "\"");
  INFO("phrase: \"", phrase, "\"");
  CHECK(text.find(phrase) != std::string::npos);
}

}  // namespace

TEST_CASE("every_fixture_case_has_its_chain_of_views") {
  const Fixture fixture("views.json");
  const auto names = fixture["cases"].get<std::vector<std::string>>();
  CHECK(names.size() == view_cases().size());
  for (const std::string& name : names) {
    INFO("case: ", name);
    CHECK(view_cases().count(name) == 1u);
  }
}

TEST_CASE("views_have_pytorchs_sizes_strides_offsets_and_values") {
  const Fixture fixture("views.json");
  for (const auto& [case_name, c] : view_cases()) {
    const std::string& name = case_name;  // clang 14: no structured binding in INFO's lambda
    INFO("case: ", name);
    const nlohmann::json& expected = fixture[name];
    const Tensor base = make_base(c.base);
    const Tensor v = c.op(base);
    CHECK(v.sizes() == Sizes(expected.at("sizes").get<std::vector<int64_t>>()));
    CHECK(v.strides() == expected.at("strides").get<std::vector<int64_t>>());
    for (int64_t d = 0; d < v.dim(); ++d) CHECK(v.stride(d) == v.strides()[size_t(d)]);
    CHECK(v.storage_offset() == expected.at("storage_offset").get<int64_t>());
    CHECK(v.is_contiguous() == expected.at("is_contiguous").get<bool>());
    CHECK(v.is_view() == expected.at("is_view").get<bool>());
    CHECK(shares_storage(v, base) == expected.at("shares_storage").get<bool>());
    if (v.is_view()) CHECK(v.base().is_same(root_of(base)));
    CHECK(xgrad::testing::allclose(v, array_of(expected.at("values")), 0.0, 0.0));
  }
}

TEST_CASE("a_view_and_its_base_see_each_others_in_place_writes") {
  const Fixture fixture("views.json");
  for (const auto& [case_name, c] : view_cases()) {
    const std::string& name = case_name;  // clang 14: no structured binding in INFO's lambda
    INFO("case: ", name);
    const nlohmann::json& expected = fixture[name];
    const bool shares = expected.at("shares_storage").get<bool>();
    Tensor base = make_base(c.base);
    Tensor v = c.op(base);
    const xt::xarray<double> before = array_of(expected.at("values"));

    base.add_(100.0);  // through the base, read through the view
    CHECK(xgrad::testing::allclose(v, shares ? xt::xarray<double>(before + 100.0) : before, 0.0,
                                   0.0));

    try {
      v.fill_(-1.0);  // through the view, read through the base
    } catch (const std::exception& e) {
      INFO("what(): ", std::string(e.what()));
      FAIL_CHECK("fill_ threw");
      continue;
    }
    xt::xarray<double> want = xt::arange<double>(100.0, 100.0 + double(base.numel()));
    if (shares) {
      for (double value : before) want(position_of(value)) = -1.0;
    }
    CHECK(xgrad::testing::allclose(base.flatten(), want, 0.0, 0.0));
  }
}

TEST_CASE("writing_into_a_select_or_a_narrow_changes_the_base") {
  Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  x[0].fill_(5.0);
  xt::xarray<double> want = arange_array(24.0, {2, 3, 4});
  xt::view(want, 0) = 5.0;
  CHECK(xgrad::testing::allclose(x, want, 0.0, 0.0));

  // copy_ broadcasts a [4] row over the [2, 2, 4] view
  const Tensor row = tensor({100.0, 101.0, 102.0, 103.0}, kFloat64);
  x.narrow(1, 0, 2).copy_(row);
  xt::view(want, xt::all(), xt::range(0, 2), xt::all()) = xt::xarray<double>{100, 101, 102, 103};
  CHECK(xgrad::testing::allclose(x, want, 0.0, 0.0));
}

TEST_CASE("add_through_a_transpose_adds_to_the_transposed_elements_of_the_base") {
  Tensor m = arange(12.0, kFloat64).reshape({3, 4});
  m.t().add_(arange(12.0, kFloat64).reshape({4, 3}));
  // m[i][j] = 4i + j + (3j + i)
  xt::xarray<double> want = xt::zeros<double>({3, 4});
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = 0; j < 4; ++j) want(i, j) = double(4 * i + j + 3 * j + i);
  }
  CHECK(xgrad::testing::allclose(m, want, 0.0, 0.0));

  // a broadcast add_ through a chain of views
  m.permute({1, 0}).narrow(0, 1, 2).add_(tensor({1000.0, 2000.0}, kFloat64).unsqueeze(1));
  xt::view(want, xt::all(), 1) += 1000.0;
  xt::view(want, xt::all(), 2) += 2000.0;
  CHECK(xgrad::testing::allclose(m, want, 0.0, 0.0));
}

TEST_CASE("writes_through_the_base_show_in_every_piece_of_unbind_split_and_chunk") {
  Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  V rows = x.unbind(1), halves = x.split(2, 2), chunks = x.chunk(2, 0);
  x.mul_(-1.0);
  CHECK(rows[2].sum().item() == doctest::Approx(-(8 + 9 + 10 + 11 + 20 + 21 + 22 + 23)));
  CHECK(halves[1].sum().item() == doctest::Approx(-(2 + 3 + 6 + 7 + 10 + 11) * 2 - 12 * 6));
  CHECK(chunks[1].sum().item() == doctest::Approx(-(12 + 23) * 6));
  rows[0].zero_();
  CHECK(x.sum().item() == doctest::Approx(-(276.0 - (0 + 1 + 2 + 3 + 12 + 13 + 14 + 15))));
}

TEST_CASE("gradients_flow_through_chains_of_views") {
  using autograd::gradcheck;
  manual_seed(0);
  const Tensor x = uniform_leaf64({2, 3, 4});
  CHECK(gradcheck(
      [](const V& v) { return v[0].transpose(0, 1).narrow(0, 1, 2).select(2, 3).sum(); }, {x}));
  CHECK(
      gradcheck([](const V& v) { return v[0].transpose(0, 1).narrow(0, 1, 2).select(2, 3); }, {x}));
  CHECK(gradcheck(
      [](const V& v) {
        return v[0].permute({2, 0, 1}).unsqueeze(1).expand({4, 5, 2, 3});
      },
      {x}));
  CHECK(gradcheck(
      [](const V& v) {
        return permute(v[0], {1, 2, 0})[1].t().unsqueeze(0).expand({3, 2, 4});
      },
      {x}));
  CHECK(gradcheck(
      [](const V& v) {
        return v[0].view({6, 4}).t().narrow(1, 2, 3).reshape({12});
      },
      {x}));
  CHECK(gradcheck(
      [](const V& v) {
        return v[0].narrow(2, 1, 2).view({6, 2}) * v[0].select(2, 0).reshape({6, 1});
      },
      {x}));
  CHECK(gradcheck([](const V& v) { return v[0].transpose(0, 2).contiguous().view({-1}); }, {x}));
  CHECK(gradcheck(autograd::MultiTensorFunction([](const V& v) {
                    V out = v[0].unbind(1);
                    for (const Tensor& piece : v[0].split(3, 2)) out.push_back(piece);
                    for (const Tensor& piece : v[0].chunk(2, 0)) out.push_back(piece.squeeze(0));
                    return out;
                  }),
                  {x}));
}

TEST_CASE("fill_and_zero_write_into_an_expanded_tensor") {
  // PyTorch lets fill_ and zero_ write one value into elements that share a memory location
  Tensor column = arange(3.0, kFloat64).reshape({3, 1});
  Tensor expanded = column.expand({2, 3, 4});
  CHECK_NOTHROW(expanded.fill_(7.0));
  CHECK(column.sum().item() == 21.0);
  CHECK_NOTHROW(expanded[1].zero_());
  CHECK(column.sum().item() == 0.0);
}

TEST_CASE("backward_refuses_a_saved_value_modified_through_a_view") {
  const std::string modified =
      "one of the variables needed for gradient computation has been modified by an inplace "
      "operation";
  {
    // b is saved for a's gradient; a write through b[0] under no_grad bumps its storage
    const Tensor a = ones({3, 4}, f64_grad());
    Tensor b = arange(12.0, kFloat64).reshape({3, 4});
    const Tensor w = a * b;
    {
      NoGradGuard no_grad;
      b[0].add_(1.0);
    }
    const std::string message = runtime_error_of([&] { w.sum().backward(); });
    check_contains(message, modified);
    check_contains(message, "is at version 1; expected version 0 instead");
  }
  {
    // the version counter belongs to the storage: b was at version 1 when saved, then two
    // writes through two views of it, with no grad needed
    const Tensor a = ones({3, 4}, f64_grad());
    Tensor b = arange(12.0, kFloat64).reshape({3, 4});
    b.add_(1.0);
    const Tensor w = a * b;
    b[0].mul_(2.0);
    b.narrow(0, 1, 1).mul_(2.0);
    const std::string message = runtime_error_of([&] { w.sum().backward(); });
    check_contains(message, modified);
    check_contains(message, "is at version 3; expected version 1 instead");
  }
  {
    // a saved view, modified through its base
    const Tensor a = ones({4, 3}, f64_grad());
    Tensor b = arange(12.0, kFloat64).reshape({3, 4});
    const Tensor w = a * b.t();
    b.add_(1.0);
    const std::string message = runtime_error_of([&] { w.sum().backward(); });
    check_contains(message, modified);
    check_contains(message, "is at version 1; expected version 0 instead");
  }
  {
    // sigmoid saves its output
    const Tensor a = ones({3, 4}, f64_grad());
    Tensor s = a.sigmoid();
    {
      NoGradGuard no_grad;
      s[0].zero_();
    }
    const std::string message = runtime_error_of([&] { s.sum().backward(); });
    check_contains(message, modified);
    check_contains(message, "is at version 1; expected version 0 instead");
  }
}

TEST_CASE("in_place_ops_refuse_a_view_of_a_leaf_that_requires_grad") {
  const std::string leaf_view =
      "a view of a leaf Variable that requires grad is being used in an in-place operation.";
  Tensor a = tensor(arange_array(12.0, {3, 4}), true);
  check_contains(runtime_error_of([&] { a[0].fill_(1.0); }), leaf_view);
  check_contains(runtime_error_of([&] { a.narrow(1, 0, 1).add_(1.0); }), leaf_view);
  check_contains(runtime_error_of([&] { a.t().copy_(zeros({4, 3}, kFloat64)); }), leaf_view);
  check_contains(runtime_error_of([&] { a.view({12}).mul_(2.0); }), leaf_view);
  check_contains(runtime_error_of([&] { a.select(1, 2).zero_(); }), leaf_view);
  CHECK(xgrad::testing::allclose(a, arange_array(12.0, {3, 4}), 0.0, 0.0));

  // under no_grad (how optimizers write) the write goes through to the leaf
  {
    NoGradGuard no_grad;
    a[0].fill_(-1.0);
  }
  CHECK(a.sum().item() == doctest::Approx(66.0 - 6.0 - 4.0));
}

TEST_CASE("contiguous_returns_the_same_tensor_when_contiguous_and_a_copy_otherwise") {
  const Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  CHECK(x.contiguous().is_same(x));
  const Tensor row = x[1];
  CHECK(row.contiguous().is_same(row));

  const Tensor t = x.transpose(0, 2);
  const Tensor c = t.contiguous();
  CHECK_FALSE(c.is_same(t));
  CHECK(c.is_contiguous());
  CHECK_FALSE(c.is_view());
  CHECK_FALSE(shares_storage(c, x));
  CHECK(c.sizes() == Sizes{4, 3, 2});
  CHECK(c.strides() == std::vector<int64_t>{6, 2, 1});
  CHECK(c.storage_offset() == 0);
  CHECK(xgrad::testing::allclose(c, t, 0.0, 0.0));
}

TEST_CASE("reshape_of_a_non_contiguous_tensor_copies") {
  Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  Tensor r = x.transpose(0, 2).reshape({4, 6});
  CHECK_FALSE(r.is_view());
  CHECK_FALSE(shares_storage(r, x));
  r.fill_(0.0);
  CHECK(x.sum().item() == doctest::Approx(276.0));
  // while reshape of a contiguous one is a view
  x.reshape({4, 6})[0].fill_(0.0);
  CHECK(x.sum().item() == doctest::Approx(276.0 - 15.0));
}

TEST_CASE("data_returns_the_array_of_a_tensor_that_owns_its_storage") {
  const Tensor owner = zeros({2, 3}, kFloat64);
  owner.data<double>()(1, 2) = 3.0;
  CHECK(owner.sum().item() == 3.0);
  CHECK(owner.data<double>().data() == owner.data_ptr<double>());
}

TEST_CASE("values_reads_and_writes_the_elements_of_a_contiguous_view") {
  Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  auto row = x[1].values<double>();
  REQUIRE(row.dimension() == 2);
  CHECK(row(2, 3) == 23.0);
  row(0, 0) = -7.0;
  CHECK(x[1][0][0].item() == -7.0);
}

TEST_CASE("values_reads_and_writes_the_elements_of_a_strided_view") {
  Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  auto values = x.narrow(2, 1, 2).values<double>();
  REQUIRE(values.dimension() == 3);
  CHECK(values.shape()[0] == 2u);
  CHECK(values.shape()[1] == 3u);
  CHECK(values.shape()[2] == 2u);
  CHECK(values(0, 0, 0) == 1.0);
  CHECK(values(1, 2, 1) == 22.0);
  values(0, 0, 0) = -5.0;
  values(1, 2, 1) = -6.0;
  CHECK(x[0][0][1].item() == -5.0);
  CHECK(x[1][2][2].item() == -6.0);

  auto transposed = x.transpose(0, 2).values<double>();
  CHECK(transposed(3, 2, 1) == 23.0);
  CHECK(transposed(1, 0, 0) == -5.0);
  const xt::xarray<double> copied = transposed;
  CHECK(copied.size() == 24u);
  CHECK(copied(2, 1, 1) == 18.0);
}

TEST_CASE("data_ptr_points_at_the_first_element_of_a_view") {
  const Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  CHECK(x.narrow(2, 1, 2).data_ptr<double>() == x.data_ptr<double>() + 1);
  CHECK(x[1].data_ptr<double>() == x.data_ptr<double>() + 12);
  CHECK(x.select(2, -1).data_ptr<double>() == x.data_ptr<double>() + 3);
  CHECK(x.transpose(0, 2).data_ptr<double>() == x.data_ptr<double>());
  CHECK(*x.narrow(1, 2, 1).data_ptr<double>() == 8.0);
}

TEST_CASE("save_of_a_state_dict_holding_views_writes_their_values") {
  const xgrad::testing::TempDir dir;
  const Tensor x = arange(24.0, kFloat64).reshape({2, 3, 4});
  const StateDict state{{"narrow", x.narrow(2, 1, 2)},
                        {"transpose", x.transpose(0, 2)},
                        {"expand", arange(3.0, kFloat64).reshape({3, 1}).expand({2, 3, 4})}};
  save(state, dir / "views.safetensors");
  const StateDict loaded = load(dir / "views.safetensors");
  for (const auto& [entry_name, saved] : state) {
    const std::string& name = entry_name;  // clang 14: no structured binding in INFO's lambda
    INFO("entry: ", name);
    REQUIRE(loaded.contains(name));
    CHECK(loaded[name].sizes() == saved.sizes());
    CHECK(xgrad::testing::allclose(loaded[name], saved, 0.0, 0.0));
  }
}
