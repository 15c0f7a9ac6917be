// The GRU training step of bench_gru_training.cpp on libtorch, for the ratio in RESULTS.md.
// Built only when CMake finds Torch.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

namespace {

void BM_TorchGRUTrainingStep(benchmark::State& state) {
  torch::manual_seed(0);
  torch::nn::GRU gru(torch::nn::GRUOptions(16, 128));
  const torch::Tensor inputs = torch::randn({50, 32, 16});
  const torch::Tensor targets = torch::randn({50, 32, 128});
  torch::optim::SGD optimizer(gru->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  for (auto _ : state) {
    auto output = std::get<0>(gru->forward(inputs));
    const torch::Tensor loss = torch::mse_loss(output, targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  }
  state.SetLabel("seq 50, batch 32, input 16, hidden 128");
}

}  // namespace

BENCHMARK(BM_TorchGRUTrainingStep)->Unit(benchmark::kMillisecond);
