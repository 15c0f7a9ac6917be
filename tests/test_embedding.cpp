#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>
#include <xtensor/xview.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;
using xgrad::testing::printed;
namespace F = xgrad::nn::functional;
using V = std::vector<Tensor>;

TEST_CASE("embedding_matches_pytorch_with_and_without_padding_idx") {
  const Fixture f("layers.json");
  const Tensor indices = f.tensor("embedding/indices", kInt64);
  for (const std::string dtype_name : {"float64", "float32"}) {
    const Dtype dtype = dtype_name == "float64" ? kFloat64 : kFloat32;
    const double tol = dtype == kFloat64 ? 1e-9 : 1e-5;
    for (const std::string case_name : {"embedding", "embedding_padding"}) {
      CAPTURE(case_name);
      CAPTURE(dtype_name);
      const std::string prefix = case_name + "/" + dtype_name + "/";
      auto options = nn::EmbeddingOptions(5, 3).dtype(dtype);
      if (case_name == "embedding_padding") options.padding_idx(2);
      nn::Embedding embedding(options);
      {
        NoGradGuard no_grad;
        embedding.weight.copy_(f.tensor(prefix + "weight", dtype));
      }
      const Tensor out = embedding(indices);
      CHECK(out.dtype() == dtype);
      CHECK(out.sizes() == Sizes{2, 3, 3});
      CHECK(testing::allclose(out, f.tensor(prefix + "out"), tol, tol));
      (out * f.tensor(prefix + "w", dtype)).sum().backward();
      CHECK(testing::allclose(embedding.weight.grad(), f.tensor(prefix + "grad_weight"), tol, tol));
    }
  }
}

TEST_CASE("embedding_init_is_standard_normal_with_the_padding_row_zeroed") {
  manual_seed(3);
  nn::Embedding embedding(nn::EmbeddingOptions(400, 50).padding_idx(-1));
  CHECK(*embedding.options().padding_idx() == 399);
  CHECK(embedding.weight.sizes() == Sizes{400, 50});
  CHECK(embedding.weight.requires_grad());
  const xt::xarray<double> values = embedding.weight.to_xarray<double>();
  CHECK(xt::amax(xt::abs(xt::view(values, 399, xt::all())))() == 0.0);
  const xt::xarray<double> rest = xt::view(values, xt::range(0, 399), xt::all());
  CHECK(std::abs(xt::mean(rest)()) < 0.02);
  CHECK(std::abs(xt::stddev(rest)() - 1.0) < 0.02);
}

TEST_CASE("embedding_takes_indices_of_any_shape") {
  nn::Embedding embedding(10, 4);
  CHECK(embedding(tensor(3)).sizes() == Sizes{4});
  CHECK(embedding(tensor({1, 2, 3})).sizes() == Sizes{3, 4});
  CHECK(embedding(zeros({2, 0, 3}, kInt64)).sizes() == Sizes{2, 0, 3, 4});
}

TEST_CASE("embedding_weight_passes_gradcheck_and_the_padding_row_gets_no_gradient") {
  manual_seed(4);
  const Tensor indices = tensor({{0, 2, 2}, {3, 1, 0}});
  nn::Embedding embedding(nn::EmbeddingOptions(4, 3).dtype(kFloat64));
  CHECK(autograd::gradcheck([&](const V& v) { return F::embedding(indices, v[0]); },
                            {embedding.weight}));
  nn::Embedding padded(nn::EmbeddingOptions(4, 3).padding_idx(0).dtype(kFloat64));
  (padded(indices) * padded(indices)).sum().backward();
  const xt::xarray<double> grad = padded.weight.grad().to_xarray<double>();
  CHECK(xt::amax(xt::abs(xt::view(grad, 0, xt::all())))() == 0.0);
  CHECK(xt::amin(xt::abs(xt::view(grad, 2, xt::all())))() > 0.0);
}

TEST_CASE("embedding_from_pretrained_shares_the_values_and_freezes_by_default") {
  const Tensor values = tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  const auto frozen = nn::Embedding::from_pretrained(values);
  CHECK_FALSE(frozen->weight.requires_grad());
  CHECK(frozen->options().num_embeddings() == 3);
  CHECK(frozen->options().embedding_dim() == 2);
  CHECK(testing::allclose(frozen->forward(tensor({2, 0})),
                          xt::xarray<double>{{5.0, 6.0}, {1.0, 2.0}}));
  const auto trained = nn::Embedding::from_pretrained(values, false, -2);
  CHECK(trained->weight.requires_grad());
  CHECK(*trained->options().padding_idx() == 1);
  // The padding row keeps its values, as in PyTorch.
  CHECK(testing::allclose(trained->forward(tensor(1)), xt::xarray<double>{3.0, 4.0}));
  CHECK(printed(*trained) == "Embedding(3, 2, padding_idx=1)");
}

TEST_CASE("embedding_prints_as_pytorch") {
  CHECK(printed(nn::Embedding(10, 3)) == "Embedding(10, 3)");
  CHECK(printed(nn::Embedding(nn::EmbeddingOptions(10, 3).padding_idx(0))) ==
        "Embedding(10, 3, padding_idx=0)");
}

TEST_CASE("embedding_clone_has_independent_equal_weights") {
  nn::Embedding embedding(nn::EmbeddingOptions(5, 2).padding_idx(1));
  const auto copy = std::dynamic_pointer_cast<nn::Embedding>(embedding.clone());
  REQUIRE(copy);
  CHECK(testing::allclose(copy->weight, embedding.weight, 0, 0));
  CHECK_FALSE(copy->weight.is_same(embedding.weight));
  CHECK(*copy->options().padding_idx() == 1);
}
