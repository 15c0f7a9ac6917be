// Indexing ops (gather, scatter_add, index_select, embedding, one_hot): values and gradients
// against PyTorch's (tests/golden/make_indexing_golden.py), dtypes, gradcheck.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
namespace F = xgrad::nn::functional;
using xgrad::testing::allclose;
using xgrad::testing::Fixture;
using xgrad::testing::uniform_leaf64;

namespace {

// The floating inputs, then the int64 index.
using Op = std::function<Tensor(const std::vector<Tensor>&, const Tensor&)>;

// Every case of indexing_ops.json and the op it applies (one row per case, laid out by hand).
const std::map<std::string, Op>& fixture_ops() {
  // clang-format off
  static const std::map<std::string, Op> ops = {
      {"gather_dim0", [](const auto& v, const Tensor& i) { return gather(v[0], 0, i); }},
      {"gather_dim_neg1", [](const auto& v, const Tensor& i) { return v[0].gather(-1, i); }},
      {"gather_3d_dim1_longer_index",
       [](const auto& v, const Tensor& i) { return gather(v[0], 1, i); }},
      {"scatter_add_dim0",
       [](const auto& v, const Tensor& i) { return scatter_add(v[0], 0, i, v[1]); }},
      {"scatter_add_dim_neg1",
       [](const auto& v, const Tensor& i) { return v[0].scatter_add(-1, i, v[1]); }},
      {"index_select_dim0",
       [](const auto& v, const Tensor& i) { return index_select(v[0], 0, i); }},
      {"index_select_dim_neg1",
       [](const auto& v, const Tensor& i) { return v[0].index_select(-1, i); }},
      {"embedding", [](const auto& v, const Tensor& i) { return F::embedding(i, v[0]); }},
      {"embedding_padding_idx_1",
       [](const auto& v, const Tensor& i) { return F::embedding(i, v[0], 1); }},
      {"embedding_padding_idx_neg1",
       [](const auto& v, const Tensor& i) { return F::embedding(i, v[0], -1); }},
  };
  // clang-format on
  return ops;
}

}  // namespace

TEST_CASE("indexing_ops_match_pytorch_values_and_gradients_in_both_dtypes") {
  const Fixture f("indexing_ops.json");
  CHECK(f["cases"].size() == fixture_ops().size());
  for (const auto& [name, op] : fixture_ops()) {
    for (const auto& [dtype, dtype_name] :
         {std::pair{kFloat32, "float32"}, std::pair{kFloat64, "float64"}}) {
      const std::string prefix = name + "/" + dtype_name + "/";
      INFO("case: ", prefix);
      REQUIRE(f.has(prefix + "out"));
      std::vector<Tensor> inputs{f.tensor(prefix + "x", dtype).requires_grad_()};
      if (f.has(prefix + "y")) inputs.push_back(f.tensor(prefix + "y", dtype).requires_grad_());
      const Tensor index = f.tensor(prefix + "index", kInt64);
      const Tensor out = op(inputs, index);
      CHECK(out.dtype() == dtype);
      CHECK(allclose(out, f.tensor(prefix + "out"), 1e-6, 1e-7));
      (out * f.tensor(prefix + "w", dtype)).sum().backward();
      CHECK(allclose(inputs[0].grad(), f.tensor(prefix + "grad_x"), 1e-6, 1e-7));
      if (inputs.size() == 2)
        CHECK(allclose(inputs[1].grad(), f.tensor(prefix + "grad_y"), 1e-6, 1e-7));
    }
  }
}

TEST_CASE("indexing_ops_pass_gradcheck_and_gradgradcheck_with_repeated_indices") {
  manual_seed(5);
  const Tensor x = uniform_leaf64({3, 4});
  const Tensor src = uniform_leaf64({2, 4});
  const Tensor index = tensor({{2, 0, 2, 1}, {2, 2, 0, 1}});
  const Tensor rows = tensor({1, 1, 0, 2, 1});
  using V = std::vector<Tensor>;
  CHECK(autograd::gradcheck([&](const V& v) { return gather(v[0], 0, index); }, {x}));
  CHECK(autograd::gradgradcheck(
      [&](const V& v) { return gather(v[0], -2, index) * v[0].narrow(0, 0, 2); }, {x}));
  CHECK(
      autograd::gradcheck([&](const V& v) { return scatter_add(v[0], 0, index, v[1]); }, {x, src}));
  CHECK(autograd::gradgradcheck(
      [&](const V& v) { return scatter_add(v[0], 0, index, v[1] * v[1]); }, {x, src}));
  CHECK(autograd::gradcheck([&](const V& v) { return index_select(v[0], 0, rows); }, {x}));
  CHECK(autograd::gradcheck([&](const V& v) { return index_select(v[0], -1, rows); }, {x}));
  CHECK(
      autograd::gradgradcheck([&](const V& v) { return index_select(v[0] * v[0], 1, rows); }, {x}));
  CHECK(autograd::gradcheck([&](const V& v) { return F::embedding(index, v[0]); }, {x}));
  CHECK(autograd::gradgradcheck([&](const V& v) { return F::embedding(index, v[0] * v[0]); }, {x}));
}

TEST_CASE("scatter_add_gives_a_larger_src_the_gradient_of_its_scattered_elements_only") {
  const Tensor self = zeros({2, 5}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor src = ones({3, 4}, TensorOptions(kFloat64).requires_grad(true));
  const Tensor index = tensor({{4, 4, 0}, {1, 2, 1}});
  const Tensor out = scatter_add(self, 1, index, src);
  CHECK(allclose(out, tensor({{1.0, 0, 0, 0, 2}, {0, 2, 1, 0, 0}})));
  (out * tensor({{1.0, 2, 3, 4, 5}, {6, 7, 8, 9, 10}}).to(kFloat64)).sum().backward();
  CHECK(allclose(src.grad(), tensor({{5.0, 5, 1, 0}, {7, 8, 7, 0}, {0, 0, 0, 0}})));
  CHECK(allclose(self.grad(), tensor({{1.0, 2, 3, 4, 5}, {6, 7, 8, 9, 10}})));
}

TEST_CASE("indexing_ops_keep_integer_and_bool_values_and_index_scalars") {
  const Tensor longs = tensor({{10, 11, 12}, {20, 21, 22}});
  const Tensor picked = gather(longs, 1, tensor({{2, 2}, {0, 1}}));
  CHECK(picked.dtype() == kInt64);
  CHECK(allclose(picked, tensor({{12.0, 12}, {20, 21}})));
  const Tensor selected = index_select(tensor({true, false, true}), 0, tensor({1, 0}));
  CHECK(selected.dtype() == kBool);
  CHECK(allclose(selected, tensor({0.0, 1})));
  CHECK(allclose(scatter_add(longs, 0, tensor({{1, 1, 0}}), tensor({{5, 6, 7}})),
                 tensor({{10.0, 11, 19}, {25, 27, 22}})));
  // A 0-dim index and input index as one-element ones, as in PyTorch.
  CHECK(gather(tensor(3.0), 0, tensor(0)).dim() == 0);
  CHECK(index_select(tensor({{1.0, 2}, {3, 4}}), 0, tensor(int64_t{1})).sizes() == Sizes{1, 2});
  CHECK(index_select(zeros({0, 3}), 1, tensor({2, 2})).sizes() == Sizes{0, 2});
  CHECK(gather(zeros({2, 3}), 0, zeros({0, 3}, kInt64)).sizes() == Sizes{0, 3});
}

TEST_CASE("embedding_of_any_index_shape_appends_the_embedding_dim") {
  const Tensor weight = arange(0.0, 12.0).reshape({4, 3});
  CHECK(F::embedding(tensor({{{1, 2}}, {{3, 0}}}), weight).sizes() == Sizes{2, 1, 2, 3});
  CHECK(F::embedding(tensor(int64_t{2}), weight).sizes() == Sizes{3});
  CHECK(allclose(F::embedding(tensor(int64_t{2}), weight), tensor({6.0, 7, 8})));
}

TEST_CASE("one_hot_matches_pytorch_with_given_and_inferred_class_counts") {
  const Tensor out = F::one_hot(tensor({{0, 2}, {1, 1}}));
  CHECK(out.dtype() == kInt64);
  CHECK(out.sizes() == Sizes{2, 2, 3});
  CHECK(allclose(out, tensor({{{1.0, 0, 0}, {0, 0, 1}}, {{0, 1, 0}, {0, 1, 0}}})));
  CHECK(F::one_hot(tensor({1}), 4).sizes() == Sizes{1, 4});
  CHECK(F::one_hot(zeros({0}, kInt64), 3).sizes() == Sizes{0, 3});
}
