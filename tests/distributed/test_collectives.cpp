#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>
#include <xgrad/distributed.hpp>
#include <xtensor/xmath.hpp>

using namespace xgrad;
namespace dist = xgrad::distributed;

namespace {

// Rank r's values: (r + 1) * {1, -2, 3, 0.5 (0 for int64)} in `dtype`.
Tensor values_of_rank(int r, Dtype dtype) {
  const double k = r + 1;
  return tensor({k, -2 * k, 3 * k, dtype == kInt64 ? 0.0 : 0.5 * k}, dtype);
}

// What reducing every rank's values_of_rank gives, computed here element by element.
Tensor expected_reduction(dist::ReduceOp op, Dtype dtype) {
  const int ranks = dist::world_size();
  xt::xarray<double> result = values_of_rank(0, dtype).to_xarray<double>();
  for (int r = 1; r < ranks; ++r) {
    const xt::xarray<double> v = values_of_rank(r, dtype).to_xarray<double>();
    switch (op) {
      case dist::ReduceOp::kSum:
      case dist::ReduceOp::kAvg:
        result = result + v;
        break;
      case dist::ReduceOp::kMax:
        result = xt::maximum(result, v);
        break;
      case dist::ReduceOp::kMin:
        result = xt::minimum(result, v);
        break;
    }
  }
  if (op == dist::ReduceOp::kAvg) {
    result = result / ranks;
    if (dtype == kInt64) result = xt::trunc(result);
  }
  return tensor(std::move(result)).to(dtype == kInt64 ? kFloat64 : dtype);
}

// Same dtype (int64 compared as float64 values), sizes and values.
bool same_values(const Tensor& actual, const Tensor& expected) {
  return actual.sizes() == expected.sizes() &&
         actual.to_xarray<double>() == expected.to_xarray<double>();
}

}  // namespace

TEST_CASE("world_size_and_rank_describe_the_mpirun_group") {
  CHECK(dist::is_initialized());
  CHECK(dist::world_size() >= 2);
  CHECK(dist::rank() >= 0);
  CHECK(dist::rank() < dist::world_size());
  dist::barrier();
}

TEST_CASE("all_reduce_gives_each_reduce_op_for_each_dtype") {
  for (Dtype dtype : {kFloat32, kFloat64, kInt64}) {
    for (auto op :
         {dist::ReduceOp::kSum, dist::ReduceOp::kAvg, dist::ReduceOp::kMax, dist::ReduceOp::kMin}) {
      const Tensor t = values_of_rank(dist::rank(), dtype);
      dist::all_reduce(t, op);
      INFO("dtype ", dtype, ", op ", static_cast<int>(op));
      CHECK(t.dtype() == dtype);
      CHECK(same_values(t, expected_reduction(op, dtype)));
    }
  }
}

TEST_CASE("all_reduce_of_bool_is_a_logical_or_for_sum_and_max_and_an_and_for_min") {
  // Rank 0 has {true, false, false}, the others {true, true, false}.
  const bool first = dist::rank() == 0;
  for (auto op : {dist::ReduceOp::kSum, dist::ReduceOp::kMax, dist::ReduceOp::kMin}) {
    const Tensor t = tensor({true, !first, false});
    dist::all_reduce(t, op);
    const Tensor expected =
        op == dist::ReduceOp::kMin ? tensor({true, false, false}) : tensor({true, true, false});
    CHECK(same_values(t, expected));
  }
  CHECK_THROWS_WITH_AS(dist::all_reduce(tensor({true}), dist::ReduceOp::kAvg),
                       "all_reduce(): Cannot use ReduceOp.AVG with boolean inputs",
                       std::runtime_error);
}

TEST_CASE("all_reduce_of_a_non_contiguous_view_writes_through_to_its_base") {
  const Tensor base = arange(6, kFloat32).reshape({2, 3});
  const Tensor column = base.select(1, 1);  // {1, 4}, stride 3
  dist::all_reduce(column, dist::ReduceOp::kSum);
  const double ranks = dist::world_size();
  CHECK(same_values(base, tensor({{0.0, ranks, 2.0}, {3.0, 4 * ranks, 5.0}}, kFloat32)));
}

TEST_CASE("broadcast_copies_roots_tensor_for_each_dtype") {
  const int last = dist::world_size() - 1;
  for (Dtype dtype : {kFloat32, kFloat64, kInt64, kBool}) {
    const Tensor t = dtype == kBool ? tensor({dist::rank() == last, false})
                                    : values_of_rank(dist::rank(), dtype);
    dist::broadcast(t, last);
    const Tensor expected = dtype == kBool ? tensor({true, false}) : values_of_rank(last, dtype);
    CHECK(same_values(t, expected));
  }
}

TEST_CASE("all_gather_gives_every_ranks_tensor_in_rank_order") {
  for (Dtype dtype : {kFloat32, kFloat64, kInt64}) {
    const std::vector<Tensor> gathered =
        dist::all_gather(values_of_rank(dist::rank(), dtype).reshape({2, 2}));
    CHECK(gathered.size() == static_cast<size_t>(dist::world_size()));
    for (int r = 0; r < static_cast<int>(gathered.size()); ++r) {
      CHECK(
          same_values(gathered[static_cast<size_t>(r)], values_of_rank(r, dtype).reshape({2, 2})));
    }
  }
}

TEST_CASE("collectives_throw_on_every_rank_when_the_ranks_tensors_differ") {
  const int64_t n = dist::rank() == 0 ? 3 : 4;
  CHECK_THROWS_AS(dist::all_reduce(zeros({n})), std::runtime_error);
  CHECK_THROWS_AS(dist::broadcast(zeros({2, n}), 0), std::runtime_error);
  CHECK_THROWS_AS(dist::all_gather(zeros({n, 1})), std::runtime_error);
  const Dtype dtype = dist::rank() == 0 ? kFloat32 : kFloat64;
  CHECK_THROWS_WITH_AS(dist::all_reduce(zeros({2}, dtype)),
                       doctest::Contains("all_reduce(): expected a tensor of the same dtype and "
                                         "sizes on every rank, but the ranks differ"),
                       std::runtime_error);
  // The group still works afterwards.
  const Tensor one = ones({1});
  dist::all_reduce(one);
  CHECK(one.item() == dist::world_size());
}

TEST_CASE("broadcast_refuses_a_root_outside_the_group") {
  const int ranks = dist::world_size();
  const std::string expected = "broadcast(): expected a root rank in [0, " +
                               std::to_string(ranks - 1) + "], but got " + std::to_string(ranks);
  CHECK_THROWS_WITH_AS(dist::broadcast(zeros({1}), ranks), expected.c_str(), std::invalid_argument);
}
