// xgrad::data::DataLoader and the collate functions, as torch.utils.data.DataLoader.
#include <algorithm>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "data_loader_helpers.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using data::Example;
using xgrad::testing::epoch_of;
namespace rnn = nn::utils::rnn;

namespace {

std::shared_ptr<data::TensorDataset> numbered(int64_t n) {
  return std::make_shared<data::TensorDataset>(arange(n), arange(n) * 10);
}

}  // namespace

TEST_CASE("data_loader_yields_batches_in_order_without_shuffle") {
  data::DataLoader loader(numbered(7), data::DataLoaderOptions(3));
  CHECK(loader.size() == 3);
  CHECK(epoch_of(loader) == std::vector<std::vector<int64_t>>{{0, 1, 2}, {3, 4, 5}, {6}});
  CHECK(epoch_of(loader) == std::vector<std::vector<int64_t>>{{0, 1, 2}, {3, 4, 5}, {6}});
  CHECK(loader.epochs_started() == 2);
  for (const Example& batch : loader) {
    REQUIRE(batch.size() == 2);
    CHECK(testing::allclose(batch[1], batch[0] * 10));
    break;
  }
}

TEST_CASE("data_loader_drop_last_drops_the_short_batch") {
  data::DataLoader loader(numbered(7), data::DataLoaderOptions(3).drop_last(true));
  CHECK(loader.size() == 2);
  CHECK(epoch_of(loader) == std::vector<std::vector<int64_t>>{{0, 1, 2}, {3, 4, 5}});
  data::DataLoader exact(numbered(6), data::DataLoaderOptions(3).drop_last(true));
  CHECK(exact.size() == 2);
  CHECK(epoch_of(exact).size() == 2);
  data::DataLoader too_few(numbered(2), data::DataLoaderOptions(3).drop_last(true));
  CHECK(too_few.size() == 0);
  CHECK(epoch_of(too_few).empty());
}

TEST_CASE("data_loader_over_an_empty_dataset_yields_no_batch") {
  data::DataLoader loader(std::make_shared<data::Subset>(numbered(3), std::vector<int64_t>{}),
                          data::DataLoaderOptions(2).shuffle(true));
  CHECK(loader.size() == 0);
  CHECK(loader.begin() == loader.end());
}

TEST_CASE("data_loader_shuffle_is_reproducible_per_seed_and_new_each_epoch") {
  const auto dataset = numbered(20);
  const auto options = data::DataLoaderOptions(4).shuffle(true).seed(3);
  data::DataLoader a(dataset, options), b(dataset, options);
  data::DataLoader other_seed(dataset, data::DataLoaderOptions(4).shuffle(true).seed(4));
  const auto a1 = epoch_of(a);
  manual_seed(123);  // the global generator plays no part
  const auto b1 = epoch_of(b);
  const auto a2 = epoch_of(a), b2 = epoch_of(b);
  CHECK(a1 == b1);
  CHECK(a2 == b2);
  CHECK(a1 != a2);
  CHECK(epoch_of(other_seed) != a1);
  for (const auto& epoch : {a1, a2}) {
    std::vector<int64_t> seen;
    for (const auto& batch : epoch) {
      CHECK(batch.size() == 4);
      seen.insert(seen.end(), batch.begin(), batch.end());
    }
    std::sort(seen.begin(), seen.end());
    std::vector<int64_t> all(20);
    std::iota(all.begin(), all.end(), 0);
    CHECK(seen == all);
  }
}

TEST_CASE("data_loader_refuses_bad_options") {
  const auto dataset = numbered(4);
  CHECK_THROWS_WITH_AS(data::DataLoader(dataset, data::DataLoaderOptions(0)),
                       "batch_size should be a positive integer value, but got batch_size=0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DataLoader(dataset, data::DataLoaderOptions(-2)),
                       "batch_size should be a positive integer value, but got batch_size=-2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DataLoader(dataset, data::DataLoaderOptions(2).num_workers(2)),
                       doctest::Contains("num_workers must be 0 (load on the calling thread) or 1"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DataLoader(nullptr, data::DataLoaderOptions(2)),
                       "DataLoader: expected a dataset, but got a null pointer",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DataLoader(dataset, data::DataLoaderOptions(2), data::Collate()),
                       doctest::Contains("expected a collate function"), std::invalid_argument);
}

TEST_CASE("data_loader_iterator_refuses_to_go_past_the_end") {
  data::DataLoader loader(numbered(1), data::DataLoaderOptions(1));
  auto it = loader.begin();
  ++it;
  CHECK(it == loader.end());
  CHECK_THROWS_AS(*it, std::out_of_range);
  CHECK_THROWS_AS(++it, std::out_of_range);
}

TEST_CASE("data_loader_passes_the_examples_to_a_custom_collate") {
  std::vector<size_t> sizes;
  const data::Collate sum_first_fields = [&sizes](const std::vector<Example>& examples) {
    sizes.push_back(examples.size());
    Tensor total = zeros({}, kInt64);
    for (const Example& e : examples) total = total + e[0];
    return Example{total};
  };
  data::DataLoader loader(numbered(5), data::DataLoaderOptions(2), sum_first_fields);
  CHECK(epoch_of(loader) == std::vector<std::vector<int64_t>>{{1}, {5}, {4}});
  CHECK(sizes == std::vector<size_t>{2, 2, 1});
}

TEST_CASE("data_loader_batches_record_no_graph") {
  const Tensor x = randn({4, 2}, testing::f64_grad());
  data::DataLoader loader(std::make_shared<data::TensorDataset>(x), data::DataLoaderOptions(2));
  for (const Example& batch : loader) {
    CHECK_FALSE(batch[0].requires_grad());
    CHECK(batch[0].grad_fn() == nullptr);
  }
  CHECK(is_grad_enabled());
}

TEST_CASE("default_collate_stacks_each_field_along_a_new_first_dim") {
  const std::vector<Example> examples = {{tensor({1.0, 2.0}), tensor(0)},
                                         {tensor({3.0, 4.0}), tensor(1)}};
  const Example batch = data::default_collate(examples);
  REQUIRE(batch.size() == 2);
  CHECK(batch[0].sizes() == Sizes{2, 2});
  CHECK(testing::allclose(batch[0], tensor({{1.0, 2.0}, {3.0, 4.0}})));
  CHECK(batch[1].dtype() == kInt64);
  CHECK(batch[1].sizes() == Sizes{2});
}

TEST_CASE("default_collate_names_the_field_and_both_shapes_on_a_mismatch") {
  CHECK_THROWS_WITH_AS(
      data::default_collate({{tensor(0), zeros({2, 3})}, {tensor(1), zeros({2, 4})}}),
      doctest::Contains("default_collate: field 1 of example 1 has shape [2, 4], "
                        "but example 0 has shape [2, 3]"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::default_collate({{zeros({2})}, {zeros({2}, kFloat64)}}),
                       "default_collate: field 0 of example 1 has dtype float64, but example 0 has "
                       "dtype float32",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::default_collate({{zeros({2}), zeros({2})}, {zeros({2})}}),
                       "default_collate: example 1 has 1 fields, but example 0 has 2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::default_collate({}),
                       "default_collate: expected at least one example, but got an empty batch",
                       std::invalid_argument);
}

TEST_CASE("pad_collate_pads_sequences_for_pack_padded_sequence") {
  const Tensor a = tensor({{1.0, 1.0}, {2.0, 2.0}});
  const Tensor b = tensor({{3.0, 3.0}, {4.0, 4.0}, {5.0, 5.0}});
  const Tensor c = tensor({{6.0, 6.0}});
  const Example batch = data::pad_collate(-1.0)({{a, tensor(0)}, {b, tensor(1)}, {c, tensor(2)}});
  REQUIRE(batch.size() == 3);
  CHECK(batch[0].sizes() == Sizes{3, 3, 2});
  CHECK(testing::allclose(batch[0][0][2], xt::xarray<double>{-1.0, -1.0}));
  CHECK(batch[1].dtype() == kInt64);
  CHECK(batch[1].to_xarray<int64_t>() == xt::xarray<int64_t>{2, 3, 1});
  CHECK(batch[2].to_xarray<int64_t>() == xt::xarray<int64_t>{0, 1, 2});

  const auto packed = rnn::pack_padded_sequence(batch[0], batch[1], /*batch_first=*/true,
                                                /*enforce_sorted=*/false);
  const auto [padded, lengths] =
      rnn::pad_packed_sequence(packed, /*batch_first=*/true, /*padding_value=*/-1.0);
  CHECK(testing::allclose(padded, batch[0]));
  CHECK(lengths.to_xarray<int64_t>() == batch[1].to_xarray<int64_t>());
}

TEST_CASE("pad_collate_in_a_data_loader_batches_text_windows_of_different_lengths") {
  struct Prefixes : data::Dataset {
    int64_t size() const override { return 4; }
    Example get(int64_t index) const override {
      check_index(index);
      return {arange(index + 1), tensor(index)};
    }
  };
  data::DataLoader loader(std::make_shared<Prefixes>(), data::DataLoaderOptions(2),
                          data::pad_collate());
  std::vector<Sizes> shapes;
  for (const Example& batch : loader) shapes.push_back(batch[0].sizes());
  CHECK(shapes == std::vector<Sizes>{{2, 2}, {2, 4}});
}

TEST_CASE("pad_collate_refuses_scalar_sequences_and_mismatched_features") {
  CHECK_THROWS_WITH_AS(data::pad_collate()({{tensor(1.0)}, {tensor(2.0)}}),
                       "pad_collate: the sequence (field 0) of example 0 is 0-dimensional; "
                       "expected a sequence [L, *]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::pad_collate()({{zeros({2, 3})}, {zeros({4, 5})}}),
                       doctest::Contains("pad_collate: field 0 of example 1 has shape [4, 5], but "
                                         "example 0 has shape [2, 3]"),
                       std::invalid_argument);
  CHECK_THROWS_AS(data::pad_collate()({}), std::invalid_argument);
}
