// xgrad::data datasets: TensorDataset, Subset, random_split, as torch.utils.data.
#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>

#include "test_helpers.hpp"

using namespace xgrad;
using data::Example;

namespace {

std::shared_ptr<data::TensorDataset> numbered(int64_t n) {
  return std::make_shared<data::TensorDataset>(arange(n));
}

std::vector<int64_t> values_of(const data::Dataset& dataset) {
  std::vector<int64_t> values;
  for (int64_t i = 0; i < dataset.size(); ++i) values.push_back(dataset.get(i)[0].item<int64_t>());
  return values;
}

}  // namespace

TEST_CASE("tensor_dataset_get_returns_the_rows_of_each_tensor") {
  const Tensor x = tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  const Tensor y = tensor({7, 8, 9});
  const data::TensorDataset dataset({x, y});
  CHECK(dataset.size() == 3);
  const Example example = dataset.get(1);
  REQUIRE(example.size() == 2);
  CHECK(testing::allclose(example[0], xt::xarray<double>{3.0, 4.0}));
  CHECK(example[1].dim() == 0);
  CHECK(example[1].dtype() == kInt64);
  CHECK(example[1].item<int64_t>() == 8);
}

TEST_CASE("tensor_dataset_variadic_constructor_equals_the_list_one") {
  const Tensor x = randn({4, 2}), y = arange(4);
  const data::TensorDataset listed({x, y}), variadic(x, y);
  REQUIRE(variadic.tensors().size() == 2);
  CHECK(variadic.tensors()[0].is_same(listed.tensors()[0]));
  CHECK(variadic.tensors()[1].is_same(listed.tensors()[1]));
  CHECK(data::TensorDataset(x).size() == 4);
}

TEST_CASE("tensor_dataset_refuses_mismatched_empty_scalar_and_undefined_tensors") {
  CHECK_THROWS_WITH_AS(data::TensorDataset(zeros({3, 2}), zeros({4})),
                       "Size mismatch between tensors: tensor 0 has size 3 in dim 0, but tensor 1 "
                       "has size 4",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::TensorDataset(std::vector<Tensor>{}),
                       "TensorDataset: expected at least one tensor, but got an empty list",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::TensorDataset(zeros({3}), tensor(1.0)),
                       doctest::Contains("tensor 1 is 0-dimensional"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::TensorDataset(zeros({3}), Tensor()),
                       doctest::Contains("tensor 1 is undefined"), std::invalid_argument);
}

TEST_CASE("dataset_get_refuses_an_index_out_of_range") {
  const auto dataset = numbered(5);
  CHECK_THROWS_WITH_AS(dataset->get(7), "index 7 is out of range for dataset of size 5",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(dataset->get(-1), "index -1 is out of range for dataset of size 5",
                       std::out_of_range);
  CHECK_THROWS_AS(dataset->get(5), std::out_of_range);
}

TEST_CASE("subset_maps_its_indices_to_the_dataset") {
  const data::Subset subset(numbered(6), {4, 0, 4, 2});
  CHECK(subset.size() == 4);
  CHECK(values_of(subset) == std::vector<int64_t>{4, 0, 4, 2});
  CHECK_THROWS_WITH_AS(subset.get(4), "index 4 is out of range for dataset of size 4",
                       std::out_of_range);
}

TEST_CASE("subset_refuses_indices_outside_the_dataset_and_a_null_dataset") {
  CHECK_THROWS_WITH_AS(data::Subset(numbered(5), {1, 2, 7}),
                       "Subset: index 7 (at position 2) is out of range for dataset of size 5",
                       std::out_of_range);
  CHECK_THROWS_AS(data::Subset(numbered(5), {-1}), std::out_of_range);
  CHECK_THROWS_WITH_AS(data::Subset(nullptr, {}),
                       "Subset: expected a dataset, but got a null pointer", std::invalid_argument);
}

TEST_CASE("random_split_partitions_the_dataset_into_the_given_lengths") {
  const auto parts = data::random_split(numbered(10), {3, 0, 7}, 42);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0]->size() == 3);
  CHECK(parts[1]->size() == 0);
  CHECK(parts[2]->size() == 7);
  std::vector<int64_t> all = values_of(*parts[0]);
  for (int64_t v : values_of(*parts[2])) all.push_back(v);
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(values_of(*parts[2]) != std::vector<int64_t>{3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("random_split_is_reproducible_from_its_seed_alone") {
  const auto dataset = numbered(50);
  manual_seed(1);
  const auto first = data::random_split(dataset, {25, 25}, 7);
  manual_seed(2);
  (void)randn({100});
  const auto again = data::random_split(dataset, {25, 25}, 7);
  const auto other = data::random_split(dataset, {25, 25}, 8);
  CHECK(first[0]->indices() == again[0]->indices());
  CHECK(first[1]->indices() == again[1]->indices());
  CHECK(first[0]->indices() != other[0]->indices());
  const Tensor after_split = randn({3});
  manual_seed(2);
  (void)randn({100});
  CHECK(testing::allclose(randn({3}), after_split));
}

TEST_CASE("random_split_fractions_give_pytorchs_lengths") {
  struct Row {
    int64_t size;
    std::vector<double> fractions;
    std::vector<int64_t> lengths;
  };
  const std::vector<Row> rows = {
      {10, {0.3, 0.3, 0.4}, {3, 3, 4}},
      {7, {0.5, 0.5}, {4, 3}},
      {5, {0.1, 0.1, 0.8}, {1, 0, 4}},
      {11, {0.25, 0.25, 0.5}, {3, 3, 5}},
      {3, {0.2, 0.2, 0.2, 0.2, 0.2}, {1, 1, 1, 0, 0}},
      {100, {0.333, 0.333, 0.334}, {34, 33, 33}},
      {1, {0.5, 0.5}, {1, 0}},
      {9, {1.0}, {9}},
      {4, {0.0, 1.0}, {0, 4}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.size);
    const auto parts = data::random_split(numbered(row.size), row.fractions, 0);
    std::vector<int64_t> lengths;
    for (const auto& part : parts) lengths.push_back(part->size());
    CHECK(lengths == row.lengths);
  }
  CHECK(data::random_split(numbered(10), {0.8, 0.2}, 0)[0]->size() == 8);
}

TEST_CASE("random_split_refuses_lengths_that_do_not_sum_to_the_dataset_size") {
  const auto dataset = numbered(5);
  CHECK_THROWS_WITH_AS(
      data::random_split(dataset, {2, 2}, 0),
      doctest::Contains("Sum of input lengths does not equal the length of the input dataset!"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      data::random_split(dataset, {0.5, 0.6}, 0),
      doctest::Contains("Sum of input lengths does not equal the length of the input dataset!"),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::random_split(dataset, {-0.5, 1.5}, 0),
                       "Fraction at index 0 is not between 0 and 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::random_split(dataset, {-1, 6}, 0),
                       "random_split: lengths must be non-negative, but got -1 at index 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(data::random_split(nullptr, {0}, 0), std::invalid_argument);
}
