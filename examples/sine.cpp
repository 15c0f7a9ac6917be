// Learns to predict the next value of noisy sine waves with a GRUCell and a Linear head,
// trained by SGD with momentum. Shows a progress bar with the running loss, reports the test
// loss, and writes an SVG plot of a prediction against the truth plus the loss curve.
#include <cmath>
#include <iostream>
#include <memory>
#include <xgrad/xgrad.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "common/cli.hpp"
#include "common/svg_plot.hpp"
#include "common/training.hpp"

using namespace xgrad;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Batch {
  Tensor inputs;   // (steps, batch, 1): the noisy wave
  Tensor targets;  // (steps, batch, 1): the clean wave one step ahead
};

// Waves of random phase and frequency, built in xtensor and handed to xgrad without a copy.
Batch make_batch(int64_t batch, int64_t steps, double noise) {
  const xt::xarray<float> phase = rand({1, batch, 1}).to_xarray<float>() * float(2 * kPi);
  const xt::xarray<float> frequency = rand({1, batch, 1}).to_xarray<float>() * 0.2f + 0.15f;
  const xt::xarray<float> time = xt::reshape_view(xt::arange<float>(0.0f, float(steps + 1)),
                                                  {steps + 1, int64_t{1}, int64_t{1}});
  xt::xarray<float> wave = xt::sin(time * frequency + phase);
  xt::xarray<float> noisy = xt::view(wave, xt::range(0, steps)) +
                            randn({steps, batch, 1}).to_xarray<float>() * float(noise);
  xt::xarray<float> next = xt::view(wave, xt::range(1, steps + 1));
  return {tensor(std::move(noisy)), tensor(std::move(next))};
}

class SineModel : public nn::Module {
 public:
  explicit SineModel(int64_t hidden)
      : Module("SineModel"),
        cell(register_module("cell", std::make_shared<nn::GRUCell>(1, hidden))),
        head(register_module("head", std::make_shared<nn::Linear>(hidden, 1))) {}

  // (steps, batch, 1) -> a prediction of the next value at every step, (steps, batch, 1).
  Tensor forward(const Tensor& inputs) const {
    Tensor h;
    std::vector<Tensor> predictions;
    for (int64_t t = 0; t < inputs.size(0); ++t) {
      h = (*cell)(inputs[t], h);
      predictions.push_back((*head)(h));
    }
    return stack(predictions, 0);
  }

  std::shared_ptr<nn::GRUCell> cell;
  std::shared_ptr<nn::Linear> head;
};

std::vector<double> column(const Tensor& t) {
  const xt::xarray<double> values = t.to_xarray<double>();
  return std::vector<double>(values.begin(), values.end());
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  examples::Cli cli("sine",
                    "Trains a GRUCell + Linear to predict the next value of noisy sine waves.");
  cli.option("steps", "1000", "training steps")
      .option("batch", "32", "sequences per step")
      .option("length", "40", "time steps per sequence")
      .option("hidden", "32", "GRU hidden size")
      .option("lr", "0.05", "SGD learning rate")
      .option("momentum", "0.9", "SGD momentum")
      .option("seed", "0", "random seed")
      .option("svg", "sine.svg", "where to write the plot ('' for none)");
  cli.parse(argc, argv);
  const int steps = cli.integer("steps");
  const int64_t batch = cli.integer("batch"), length = cli.integer("length");
  manual_seed(static_cast<uint64_t>(cli.integer("seed")));

  SineModel model(cli.integer("hidden"));
  optim::SGD optimizer(model.parameters(),
                       optim::SGDOptions(cli.number("lr")).momentum(cli.number("momentum")));
  std::cout << model << "\n\ntraining for " << steps << " steps\n";

  examples::TrainingLog log(steps);
  for (int step = 1; step <= steps; ++step) {
    const Batch data = make_batch(batch, length, 0.1);
    const Tensor loss = nn::functional::mse_loss(model.forward(data.inputs), data.targets);
    log.record(step, examples::optimize(optimizer, loss, /*max_grad_norm=*/1.0));
  }

  NoGradGuard no_grad;
  manual_seed(12345);  // the same held-out waves on every run
  const Batch test = make_batch(256, length, 0.1);
  const Tensor prediction = model.forward(test.inputs);
  const double test_loss = nn::functional::mse_loss(prediction, test.targets).item<double>();
  const double baseline = nn::functional::mse_loss(test.inputs, test.targets).item<double>();
  std::cout << "test loss " << test_loss << " (predicting 'next = current' scores " << baseline
            << ")\n";

  const std::string svg = cli.str("svg");
  if (!svg.empty()) {
    const bool written = examples::write_svg(
        svg, {{"held-out wave, next value",
               {{"truth", "#1f77b4", column(test.targets.select(1, 0))},
                {"prediction", "#d62728", column(prediction.select(1, 0))},
                {"noisy input", "#aaaaaa", column(test.inputs.select(1, 0))}}},
              {"training loss (log scale)", {{"loss", "#2ca02c", log.losses()}}, true}});
    if (!written) {
      std::cerr << "sine: could not write " << svg << '\n';
      return 1;
    }
    std::cout << "wrote " << svg << '\n';
  }
  // Under ctest the run is short: the running loss must at least halve, and the model must beat
  // the naive baseline.
  const bool learned = log.fell_below(0.5) && test_loss < baseline;
  if (!learned) std::cerr << "sine: the loss did not fall enough\n";
  return learned ? 0 : 1;
}
