#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>
#include <xgrad/distributed.hpp>

using namespace xgrad;
namespace dist = xgrad::distributed;

namespace {

std::shared_ptr<nn::Sequential> make_model() {
  return std::make_shared<nn::Sequential>(std::make_shared<nn::Linear>(4, 8),
                                          std::make_shared<nn::Tanh>(),
                                          std::make_shared<nn::Linear>(8, 3));
}

// The largest |a - b| over the two models' parameters.
double max_difference(const nn::Module& a, const nn::Module& b) {
  const std::vector<Tensor> pa = a.parameters(), pb = b.parameters();
  double worst = 0;
  for (size_t i = 0; i < pa.size(); ++i) {
    worst = std::max(worst, (pa[i] - pb[i]).abs().max().item());
  }
  return worst;
}

// True when every rank's parameters are bitwise the same as rank 0's.
bool identical_on_every_rank(const nn::Module& model) {
  bool same = true;
  for (const Tensor& p : model.parameters()) {
    const Tensor mine = p.detach().clone();
    const Tensor root = mine.clone();
    dist::broadcast(root, 0);
    same = same && (mine - root).abs().max().item() == 0;
  }
  const Tensor all_same = tensor({same});
  dist::all_reduce(all_same, dist::ReduceOp::kMin);
  return all_same.item<bool>();
}

using MakeOptimizer = std::function<std::unique_ptr<optim::Optimizer>(std::vector<Tensor>)>;

// 20 steps of one process on the whole batch against 20 steps of every rank on its equal share
// with averaged gradients, from the same weights (rank 0's, broadcast).
void check_data_parallel_matches_one_process(const MakeOptimizer& make_optimizer) {
  const int ranks = dist::world_size(), rank = dist::rank();
  const int64_t batch = 4 * ranks;
  manual_seed(7);
  const Tensor x = randn({batch, 4}), y = randn({batch, 3});
  manual_seed(100 + static_cast<uint64_t>(rank));  // a different start on every rank
  auto parallel = make_model();
  dist::broadcast_parameters(*parallel);
  auto whole = make_model();
  whole->load_state_dict(parallel->state_dict());

  auto whole_optimizer = make_optimizer(whole->parameters());
  auto parallel_optimizer = make_optimizer(parallel->parameters());
  dist::GradientAverager averager(*parallel);
  const Tensor my_x = x.narrow(0, 4 * rank, 4), my_y = y.narrow(0, 4 * rank, 4);
  for (int step = 0; step < 20; ++step) {
    whole_optimizer->zero_grad();
    nn::functional::mse_loss(whole->forward(x), y).backward();
    whole_optimizer->step();

    parallel_optimizer->zero_grad();
    nn::functional::mse_loss(parallel->forward(my_x), my_y).backward();
    averager.synchronize();
    parallel_optimizer->step();
  }
  CHECK(max_difference(*whole, *parallel) <= 1e-6);
  CHECK(max_difference(*whole, *make_model()) > 1e-3);  // it did train
  CHECK(identical_on_every_rank(*parallel));
}

}  // namespace

TEST_CASE("data_parallel_sgd_matches_one_process_on_the_whole_batch") {
  check_data_parallel_matches_one_process([](std::vector<Tensor> params) {
    return std::make_unique<optim::SGD>(std::move(params), optim::SGDOptions(0.1).momentum(0.9));
  });
}

TEST_CASE("data_parallel_adam_matches_one_process_on_the_whole_batch") {
  check_data_parallel_matches_one_process([](std::vector<Tensor> params) {
    return std::make_unique<optim::Adam>(std::move(params), optim::AdamOptions(0.01));
  });
}

TEST_CASE("gradient_averager_gives_the_mean_gradient_with_any_bucket_size") {
  const int ranks = dist::world_size(), rank = dist::rank();
  for (size_t bucket_bytes : {size_t{1}, size_t{40}, size_t{25} * 1024 * 1024}) {
    nn::Linear linear(3, 2);
    linear.weight.set_grad(full({2, 3}, rank + 1.0));
    // The bias has no grad: it counts as zero.
    dist::GradientAverager averager(linear, bucket_bytes);
    averager.synchronize();
    const double mean = (ranks + 1) / 2.0;
    CHECK((linear.weight.grad() - mean).abs().max().item() < 1e-7);
    CHECK(linear.bias.grad().abs().max().item() == 0);
  }
  nn::Linear linear(3, 2);
  CHECK(dist::GradientAverager(linear, 1).num_buckets() == 2);
  CHECK(dist::GradientAverager(linear).num_buckets() == 1);
}

TEST_CASE("gradient_averager_keeps_float32_and_float64_in_buckets_of_their_own") {
  auto mixed = std::make_shared<nn::Sequential>(std::make_shared<nn::Linear>(2, 2));
  auto doubles = std::make_shared<nn::Linear>(2, 2);
  doubles->to(kFloat64);
  mixed->push_back(doubles);
  dist::GradientAverager averager(*mixed);
  CHECK(averager.num_buckets() == 2);
  for (const Tensor& p : mixed->parameters()) p.set_grad(ones_like(p) * (dist::rank() + 1));
  averager.synchronize();
  for (const Tensor& p : mixed->parameters()) {
    CHECK(p.grad().dtype() == p.dtype());
    CHECK((p.grad() - (dist::world_size() + 1) / 2.0).abs().max().item() < 1e-7);
  }
}

TEST_CASE("broadcast_parameters_copies_rank_0s_weights") {
  manual_seed(static_cast<uint64_t>(dist::rank()));
  nn::Linear linear(3, 2);
  dist::broadcast_parameters(linear);
  manual_seed(0);
  nn::Linear rank_0s(3, 2);
  CHECK(max_difference(linear, rank_0s) == 0);
}

TEST_CASE("gradient_averager_and_broadcast_parameters_refuse_models_that_differ_across_ranks") {
  nn::Linear linear(3, dist::rank() == 0 ? 2 : 4);
  CHECK_THROWS_WITH_AS(dist::GradientAverager{linear},
                       doctest::Contains("GradientAverager: expected the same parameters (dtypes "
                                         "and sizes, in the same order) on every rank"),
                       std::runtime_error);
  CHECK_THROWS_AS(dist::broadcast_parameters(linear), std::runtime_error);
  nn::Linear no_bias(3, 2, dist::rank() == 0);
  CHECK_THROWS_AS(dist::GradientAverager{no_bias}, std::runtime_error);
}
