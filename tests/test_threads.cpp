// Threads: one model shared for inference, independent trainings side by side, grad mode per
// thread, and the one global random generator. scripts/tsan.sh runs these under ThreadSanitizer.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>
#include <xgrad/framework/detail/blas.hpp>
#include <xgrad/nn/row_range_worker.hpp>
#include <xgrad/xgrad.hpp>

using namespace xgrad;
namespace F = xgrad::nn::functional;

namespace {

constexpr int kThreads = 4;

// Starts `count` threads that wait for one another, then run body(index) all at once; joins
// them and rethrows the first exception any of them threw.
void run_together(int count, const std::function<void(int)>& body) {
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::vector<std::exception_ptr> failures(static_cast<size_t>(count));
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (++started == count) all_started.notify_all();
        all_started.wait(lock, [&] { return started == count; });
      }
      try {
        body(i);
      } catch (...) {
        failures[static_cast<size_t>(i)] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

bool same_bits(const Tensor& a, const Tensor& b) {
  if (a.sizes() != b.sizes() || a.dtype() != b.dtype()) return false;
  const size_t bytes =
      static_cast<size_t>(a.numel()) * (a.dtype() == kFloat32 ? sizeof(float) : sizeof(double));
  const Tensor x = a.contiguous(), y = b.contiguous();
  return a.dtype() == kFloat32
             ? std::memcmp(x.data_ptr<float>(), y.data_ptr<float>(), bytes) == 0
             : std::memcmp(x.data_ptr<double>(), y.data_ptr<double>(), bytes) == 0;
}

bool same_bits(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](const Tensor& x, const Tensor& y) { return same_bits(x, y); });
}

Tensor leaf_copy(const Tensor& values) {
  Tensor leaf = values.clone();
  leaf.requires_grad_();
  return leaf;
}

// A GRUCell over a (steps, batch, features) sequence and a Linear head on its last state.
struct SequenceModel : nn::Module {
  SequenceModel(int64_t input_size, int64_t hidden_size)
      : nn::Module("SequenceModel"),
        cell(register_module("cell", std::make_shared<nn::GRUCell>(input_size, hidden_size))),
        head(register_module("head", std::make_shared<nn::Linear>(hidden_size, 1))) {}

  Tensor forward(const Tensor& sequence) const {
    Tensor h;
    for (int64_t t = 0; t < sequence.size(0); ++t) h = (*cell)(sequence[t], h);
    return (*head)(h);
  }

  std::shared_ptr<nn::GRUCell> cell;
  std::shared_ptr<nn::Linear> head;
};

// One training run: its model, its data and the losses it went through.
struct TrainingRun {
  std::shared_ptr<SequenceModel> model;
  Tensor inputs, targets;
  std::vector<double> losses;
};

// The generator is global, as PyTorch's default generator: seeding and drawing from several
// threads at once is safe but interleaves the draws. So every run's parameters and data are
// drawn here, one run after another, and only the training runs in threads.
TrainingRun prepare_training(uint64_t seed) {
  manual_seed(seed);
  TrainingRun run;
  run.model = std::make_shared<SequenceModel>(4, 32);
  run.inputs = randn({5, 16, 4});
  run.targets = run.inputs.sum({0}).mean({1}, /*keepdim=*/true);
  return run;
}

void train(TrainingRun& run, int steps) {
  optim::SGD optimizer(run.model->parameters(),
                       optim::SGDOptions(0.05).momentum(0.9).weight_decay(1e-4));
  for (int step = 0; step < steps; ++step) {
    const Tensor loss = F::mse_loss(run.model->forward(run.inputs), run.targets);
    optimizer.zero_grad();
    loss.backward();
    nn::utils::clip_grad_norm_(run.model->parameters(), 1.0);
    optimizer.step();
    run.losses.push_back(loss.item<double>());
  }
}

// The second derivative of a GRU step with respect to its hidden state, through
// backward(create_graph=true) and autograd::grad.
Tensor gru_step_second_derivative(const std::vector<Tensor>& values) {
  const Tensor gi = leaf_copy(values[0]), gh = leaf_copy(values[1]), h = leaf_copy(values[2]);
  autograd::backward({F::gru_gates(gi, gh, h).pow(2).sum()}, {}, /*retain_graph=*/false,
                     /*create_graph=*/true);
  const Tensor second = autograd::grad({h.grad().pow(2).sum()}, {h})[0];
  for (const Tensor& leaf : {gi, gh, h}) leaf.zero_grad();  // breaks the leaf <-> gradient cycles
  return second;
}

std::vector<float> values_of(const Tensor& t) {
  const xt::xarray<float> values = t.to_xarray<float>();
  return std::vector<float>(values.begin(), values.end());
}

}  // namespace

// First, so that in xgrad_thread_tests these are the process's first GRU steps: the threads
// race to pick the gate kernels for this CPU.
TEST_CASE("first_gru_steps_taken_by_several_threads_at_once_match_single_threaded") {
  manual_seed(10);
  const std::vector<Tensor> gates = {randn({8, 3 * 40}), randn({8, 3 * 40}), randn({8, 40})};
  std::vector<Tensor> outputs(kThreads);
  run_together(kThreads, [&](int i) {
    outputs[static_cast<size_t>(i)] = F::gru_gates(gates[0], gates[1], gates[2]);
  });
  const Tensor expected = F::gru_gates(gates[0], gates[1], gates[2]);
  for (const Tensor& output : outputs) CHECK(same_bits(output, expected));
}

TEST_CASE("inference_from_several_threads_on_one_shared_model_matches_single_threaded") {
  manual_seed(11);
  const SequenceModel model(8, 64);  // large enough that the hidden-state products go to BLAS
  const nn::GRU gru(8, 32, /*num_layers=*/2);
  std::vector<Tensor> sequences;
  for (int i = 0; i < kThreads; ++i) sequences.push_back(randn({6, 8, 8}));
  std::vector<Tensor> expected_model, expected_gru;
  {
    NoGradGuard no_grad;
    for (const Tensor& sequence : sequences) {
      expected_model.push_back(model.forward(sequence));
      expected_gru.push_back(std::get<0>(gru(sequence)));
    }
  }
  constexpr int kRepeats = 20;
  std::vector<int> mismatches(kThreads, 0), recorded(kThreads, 0);
  run_together(kThreads, [&](int i) {
    const auto k = static_cast<size_t>(i);
    NoGradGuard no_grad;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
      const Tensor prediction = model.forward(sequences[k]);
      const Tensor output = std::get<0>(gru(sequences[k]));
      mismatches[k] +=
          !same_bits(prediction, expected_model[k]) + !same_bits(output, expected_gru[k]);
      recorded[k] += prediction.requires_grad() + output.requires_grad();
    }
  });
  CHECK(mismatches == std::vector<int>(kThreads, 0));
  CHECK(recorded == std::vector<int>(kThreads, 0));
  for (const Tensor& p : model.parameters()) CHECK_FALSE(p.grad().defined());
  for (const Tensor& p : gru.parameters()) CHECK_FALSE(p.grad().defined());
}

TEST_CASE("independent_training_in_several_threads_matches_single_threaded") {
  constexpr int kSteps = 25;
  std::vector<TrainingRun> sequential, threaded;
  for (int i = 0; i < kThreads; ++i) {
    sequential.push_back(prepare_training(100 + static_cast<uint64_t>(i)));
    train(sequential.back(), kSteps);
  }
  for (int i = 0; i < kThreads; ++i)
    threaded.push_back(prepare_training(100 + static_cast<uint64_t>(i)));
  run_together(kThreads, [&](int i) { train(threaded[static_cast<size_t>(i)], kSteps); });
  for (size_t k = 0; k < threaded.size(); ++k) {
    CAPTURE(k);
    CHECK(threaded[k].losses == sequential[k].losses);
    CHECK(same_bits(threaded[k].model->parameters(), sequential[k].model->parameters()));
    CHECK(threaded[k].losses.back() < threaded[k].losses.front());
  }
}

TEST_CASE("gradients_of_gradients_in_several_threads_match_single_threaded") {
  manual_seed(12);
  std::vector<std::vector<Tensor>> inputs;
  for (int i = 0; i < kThreads; ++i) {
    inputs.push_back(
        {randn({3, 3 * 5}, kFloat64), randn({3, 3 * 5}, kFloat64), randn({3, 5}, kFloat64)});
  }
  std::vector<Tensor> seconds(kThreads);
  run_together(kThreads, [&](int i) {
    seconds[static_cast<size_t>(i)] = gru_step_second_derivative(inputs[static_cast<size_t>(i)]);
  });
  for (size_t k = 0; k < inputs.size(); ++k)
    CHECK(same_bits(seconds[k], gru_step_second_derivative(inputs[k])));
}

TEST_CASE("grad_mode_is_thread_local") {
  const Tensor x = ones({3}, requires_grad());
  std::promise<void> guard_alive, main_recorded;
  std::future<void> main_recorded_future = main_recorded.get_future();
  bool guarded_mode = true, guarded_recorded = true;
  std::thread guarded([&] {
    NoGradGuard no_grad;
    guard_alive.set_value();
    main_recorded_future.wait();  // the guard stays alive until the main thread has recorded
    guarded_mode = is_grad_enabled();
    guarded_recorded = (x * 2).requires_grad();
  });
  guard_alive.get_future().wait();
  const bool main_mode = is_grad_enabled();
  const Tensor y = x * 2;
  main_recorded.set_value();
  guarded.join();
  CHECK(main_mode);
  CHECK(y.grad_fn() != nullptr);
  CHECK_FALSE(guarded_mode);
  CHECK_FALSE(guarded_recorded);
}

TEST_CASE("a_new_thread_records_even_when_its_creator_is_under_no_grad") {
  const Tensor x = ones({3}, requires_grad());
  NoGradGuard no_grad;
  bool child_mode = false, child_recorded = false;
  std::thread child([&] {
    child_mode = is_grad_enabled();
    child_recorded = (x * 2).grad_fn() != nullptr;
  });
  child.join();
  CHECK(child_mode);
  CHECK(child_recorded);
  CHECK_FALSE(is_grad_enabled());
}

TEST_CASE(
    "concurrent_draws_from_the_global_generator_each_take_one_contiguous_block_of_its_stream") {
  constexpr int kDraws = 50;
  manual_seed(13);
  std::vector<std::vector<std::vector<float>>> drawn(kThreads);
  run_together(kThreads, [&](int i) {
    for (int d = 0; d < kDraws; ++d)
      drawn[static_cast<size_t>(i)].push_back(values_of(randn({33})));
  });
  std::vector<std::vector<float>> concurrent;
  for (const auto& blocks : drawn)
    concurrent.insert(concurrent.end(), blocks.begin(), blocks.end());
  manual_seed(13);
  std::vector<std::vector<float>> sequential;
  for (int d = 0; d < kThreads * kDraws; ++d) sequential.push_back(values_of(randn({33})));
  std::sort(concurrent.begin(), concurrent.end());
  std::sort(sequential.begin(), sequential.end());
  CHECK(concurrent == sequential);
}

TEST_CASE(
    "seeding_drawing_and_initialising_from_several_threads_at_once_leave_seeding_repeatable") {
  run_together(kThreads, [](int i) {
    for (int repeat = 0; repeat < 20; ++repeat) {
      manual_seed(static_cast<uint64_t>(i));
      randn({16});
      nn::GRUCell(4, 8);
      rand({8}, kFloat64).normal_();
    }
  });
  manual_seed(3);
  const Tensor first = randn({16});
  manual_seed(3);
  CHECK(same_bits(randn({16}), first));
}

TEST_CASE("backward_from_several_threads_through_one_shared_leaf_adds_every_gradient") {
  const Tensor w = zeros({8}, TensorOptions().requires_grad(true));
  constexpr int kSteps = 200;
  run_together(kThreads, [&](int) {
    for (int step = 0; step < kSteps; ++step) (w * 2.0).sum().backward();
  });
  CHECK(same_bits(w.grad(), full({8}, 2.0 * kThreads * kSteps)));
}

// The fused LSTM layer shares its passes with a second thread at these sizes (T = 16, I = 64,
// H = 128): with a batch of 32 each thread walks half of it, with 8 the second thread projects
// ahead of the walk and computes the weight gradients behind it. Training with it matches
// training without.
TEST_CASE("fused_lstm_training_with_a_second_thread_matches_one_thread") {
  const int threads = get_num_threads();
  auto train = [](int allowed, int64_t batch) {
    set_num_threads(allowed);
    manual_seed(21);
    nn::LSTM lstm(64, 128);
    optim::SGD sgd(lstm.parameters(), optim::SGDOptions(0.01));
    const Tensor inputs = randn({16, batch, 64}).requires_grad_();
    for (int step = 0; step < 3; ++step) {
      sgd.zero_grad();
      std::get<0>(lstm(inputs)).pow(2).sum().backward();
      sgd.step();
    }
    return std::make_pair(lstm.parameters()[0].detach().clone(), inputs.grad().clone());
  };
  for (const int64_t batch : {32, 8}) {
    CAPTURE(batch);
    const auto two = train(2, batch);
    const auto one = train(1, batch);
    CHECK((two.first - one.first).abs().max().item<double>() <= 1e-6);
    CHECK((two.second - one.second).abs().max().item<double>() <= 1e-6);
  }
  set_num_threads(threads);
}

// set_num_threads(1) keeps OpenBLAS on the calling thread too; restoring the count restores
// OpenBLAS's (never above what it started with: scripts/tsan.sh starts it at 1).
TEST_CASE("set_num_threads_caps_openblas_threads") {
  const int threads = get_num_threads(), blas = xgrad::detail::blas_threads();
  set_num_threads(1);
  CHECK(xgrad::detail::blas_threads() == 1);
  set_num_threads(threads);
  CHECK(xgrad::detail::blas_threads() == std::min(threads, blas));
}

TEST_CASE("set_num_threads_refuses_zero_as_pytorch") {
  CHECK_THROWS_WITH_AS(set_num_threads(0), "set_num_threads expects a positive integer",
                       std::invalid_argument);
  CHECK(get_num_threads() > 0);
}

// The recurrent layers' second thread: ranges run in order, a job's exception reaches the caller
// and skips its remaining ranges, and the thread serves the next job afterwards.
TEST_CASE("row_range_worker_runs_ranges_in_order_and_reports_a_failure_once") {
  std::vector<int64_t> seen;
  {
    nn::detail::RowRangeJob job([&](int64_t first, int64_t last) {
      seen.push_back(first);
      seen.push_back(last);
    });
    job.submit(0, 3);
    job.submit(3, 5);
    job.wait_for(1);
    job.submit(5, 9);
    job.finish();
  }
  CHECK(seen == std::vector<int64_t>{0, 3, 3, 5, 5, 9});
  int worked = 0;
  nn::detail::RowRangeJob failing([&](int64_t first, int64_t) {
    ++worked;
    if (first == 1) throw std::runtime_error("range 1 failed");
  });
  failing.submit(0, 1);
  failing.submit(1, 2);
  failing.submit(2, 3);
  CHECK_THROWS_WITH_AS(failing.finish(), "range 1 failed", std::runtime_error);
  CHECK(worked == 2);
  // Past the while either side polls (200 us): both are asleep on their condition variables.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  int64_t total = 0;
  nn::detail::RowRangeJob next([&](int64_t first, int64_t last) {
    std::this_thread::sleep_for(std::chrono::milliseconds(first == 0 ? 5 : 0));
    total += last - first;
  });
  next.submit(0, 10);
  next.submit(10, 12);
  next.finish();
  CHECK(total == 12);
}

// Each thread walks half of a batch this way: both parts run, the calling thread's exception wins
// over the worker's, and either reaches the caller.
TEST_CASE("run_on_both_runs_both_parts_and_rethrows_a_failure") {
  std::vector<int> runs(2, 0);
  std::vector<std::thread::id> ids(2);
  nn::detail::run_on_both([&](int part) {
    ++runs[static_cast<size_t>(part)];
    ids[static_cast<size_t>(part)] = std::this_thread::get_id();
  });
  CHECK(runs == std::vector<int>{1, 1});
  CHECK(ids[0] == std::this_thread::get_id());
  CHECK(ids[1] != ids[0]);
  auto failing = [](bool caller, bool worker) {
    return [=](int part) {
      if (part == 0 && caller) throw std::runtime_error("caller failed");
      if (part == 1 && worker) throw std::invalid_argument("worker failed");
    };
  };
  CHECK_THROWS_WITH_AS(nn::detail::run_on_both(failing(true, false)), "caller failed",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(nn::detail::run_on_both(failing(false, true)), "worker failed",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(nn::detail::run_on_both(failing(true, true)), "caller failed",
                       std::runtime_error);
  int after = 0;
  nn::detail::run_on_both([&](int part) {
    if (part == 1) after = 1;
  });
  CHECK(after == 1);
}
