// One GRU training step end to end: sequence length 50, batch 32, hidden 128, MSE loss, SGD.
#include <benchmark/benchmark.h>

#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {

void BM_GRUTrainingStep(benchmark::State& state) {
  manual_seed(0);
  nn::GRU gru(16, 128);
  const Tensor inputs = randn({50, 32, 16});
  const Tensor targets = randn({50, 32, 128});
  optim::SGD optimizer(gru.parameters(), optim::SGDOptions(0.01).momentum(0.9));
  for (auto _ : state) {
    auto [output, h_n] = gru(inputs);
    const Tensor loss = nn::functional::mse_loss(output, targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  }
  state.SetLabel("seq 50, batch 32, input 16, hidden 128");
}

}  // namespace

BENCHMARK(BM_GRUTrainingStep)->Unit(benchmark::kMillisecond);
