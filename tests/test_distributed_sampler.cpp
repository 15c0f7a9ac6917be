#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "data_loader_helpers.hpp"
#include "fixture.hpp"

using namespace xgrad;

TEST_CASE("distributed_sampler_gives_pytorchs_index_lists") {
  const testing::Fixture fixture("distributed_sampler.json");
  for (const auto& c : fixture["cases"]) {
    const auto replicas = c.at("num_replicas").get<int64_t>();
    for (int64_t rank = 0; rank < replicas; ++rank) {
      data::DistributedSampler sampler(c.at("size").get<int64_t>(), replicas, rank,
                                       c.at("shuffle").get<bool>(), c.at("seed").get<uint64_t>(),
                                       c.at("drop_last").get<bool>());
      sampler.set_epoch(c.at("epoch").get<uint64_t>());
      const auto expected = c.at("ranks")[static_cast<size_t>(rank)].get<std::vector<int64_t>>();
      INFO("case ", c.dump(), ", rank ", rank);
      CHECK(sampler.indices() == expected);
      CHECK(sampler.size() == static_cast<int64_t>(expected.size()));
      CHECK(sampler.shuffle() == c.at("shuffle").get<bool>());
      CHECK(sampler.seed() == c.at("seed").get<uint64_t>());
      CHECK(sampler.drop_last() == c.at("drop_last").get<bool>());
    }
  }
}

TEST_CASE("distributed_sampler_covers_the_dataset_once_per_epoch_without_overlap") {
  const int64_t size = 30, replicas = 3;
  for (uint64_t epoch = 0; epoch < 3; ++epoch) {
    std::multiset<int64_t> seen;
    for (int64_t rank = 0; rank < replicas; ++rank) {
      data::DistributedSampler sampler(size, replicas, rank, true, 5);
      sampler.set_epoch(epoch);
      const auto mine = sampler.indices();
      CHECK(mine.size() == 10);
      seen.insert(mine.begin(), mine.end());
    }
    CHECK(seen.size() == size);
    for (int64_t i = 0; i < size; ++i) CHECK(seen.count(i) == 1);
  }
}

TEST_CASE("distributed_sampler_shuffles_differently_after_set_epoch") {
  data::DistributedSampler sampler(20, 2, 0, true, 0);
  const auto first = sampler.indices();
  CHECK(sampler.indices() == first);  // the same epoch, the same order
  sampler.set_epoch(1);
  CHECK(sampler.indices() != first);
}

TEST_CASE("data_loader_batches_a_distributed_samplers_share") {
  auto dataset = std::make_shared<data::TensorDataset>(arange(7));
  auto sampler = std::make_shared<data::DistributedSampler>(7, 2, 1, false);
  data::DataLoader loader(dataset, data::DataLoaderOptions(3).sampler(sampler));
  CHECK(loader.size() == 2);
  // Rank 1 of 2 takes 1, 3, 5 and the padding's first index, 0.
  CHECK(testing::epoch_of(loader) == std::vector<std::vector<int64_t>>{{1, 3, 5}, {0}});
}

TEST_CASE("distributed_sampler_bad_arguments_say_what_was_expected") {
  CHECK_THROWS_WITH_AS(data::DistributedSampler(10, 2, 2),
                       "Invalid rank 2, rank should be in the interval [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DistributedSampler(10, 2, -1),
                       "Invalid rank -1, rank should be in the interval [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DistributedSampler(10, 0, 0),
                       "DistributedSampler: expected num_replicas >= 1, but got num_replicas=0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::DistributedSampler(-1, 1, 0),
                       "DistributedSampler: expected a non-negative dataset size, but got -1",
                       std::invalid_argument);
  auto dataset = std::make_shared<data::TensorDataset>(arange(4));
  auto sampler = std::make_shared<data::DistributedSampler>(4, 2, 0);
  CHECK_THROWS_WITH_AS(
      data::DataLoader(dataset, data::DataLoaderOptions(2).sampler(sampler).shuffle(true)),
      "sampler option is mutually exclusive with shuffle", std::invalid_argument);
}
