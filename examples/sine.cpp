// Learns to predict noisy sine waves a few steps ahead with a GRUCell and a Linear head,
// trained by SGD with momentum. Shows a progress bar, evaluates held-out waves as it trains,
// and writes an SVG plot of a prediction against the truth and of both loss curves.
#include <cmath>
#include <iostream>
#include <memory>
#include <xgrad/xgrad.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "common/cli.hpp"
#include "common/final_line.hpp"
#include "common/main_guard.hpp"
#include "common/svg_plot.hpp"
#include "common/training.hpp"

using namespace xgrad;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Batch {
  Tensor inputs;   // (steps, batch, 1): the noisy wave
  Tensor targets;  // (steps, batch, 1): the clean wave `horizon` steps ahead
};

// Waves of random phase, frequency and amplitude, built in xtensor and handed to xgrad
// without a copy.
Batch make_batch(int64_t batch, int64_t steps, int64_t horizon, double noise) {
  const xt::xarray<float> phase = rand({1, batch, 1}).to_xarray<float>() * float(2 * kPi);
  const xt::xarray<float> frequency = rand({1, batch, 1}).to_xarray<float>() * 0.25f + 0.1f;
  const xt::xarray<float> amplitude = rand({1, batch, 1}).to_xarray<float>() * 0.5f + 0.5f;
  const xt::xarray<float> time = xt::reshape_view(xt::arange<float>(0.0f, float(steps + horizon)),
                                                  {steps + horizon, int64_t{1}, int64_t{1}});
  xt::xarray<float> wave = amplitude * xt::sin(time * frequency + phase);
  xt::xarray<float> noisy = xt::view(wave, xt::range(0, steps)) +
                            randn({steps, batch, 1}).to_xarray<float>() * float(noise);
  xt::xarray<float> ahead = xt::view(wave, xt::range(horizon, steps + horizon));
  return {tensor(std::move(noisy)), tensor(std::move(ahead))};
}

class SineModel : public nn::Module {
 public:
  explicit SineModel(int64_t hidden)
      : Module("SineModel"),
        cell(register_module("cell", std::make_shared<nn::GRUCell>(1, hidden))),
        head(register_module("head", std::make_shared<nn::Linear>(hidden, 1))) {}

  // (steps, batch, 1) -> a prediction at every step, (steps, batch, 1).
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

int run(int argc, char** argv) {
  examples::Cli cli("sine",
                    "Trains a GRUCell + Linear to predict noisy sine waves a few steps ahead.");
  cli.standard("500")
      .option("batch", "32", "sequences per step")
      .option("length", "40", "time steps per sequence")
      .option("horizon", "4", "how many time steps ahead to predict")
      .option("hidden", "32", "GRU hidden size")
      .option("lr", "0.3", "SGD learning rate")
      .option("momentum", "0.9", "SGD momentum")
      .option("eval-every", "10", "steps between evaluations of the held-out waves")
      .option("svg", "sine.svg", "where to write the plot ('' for none)");
  cli.parse(argc, argv);
  const int64_t steps = cli.positive("steps"), batch = cli.positive("batch"),
                length = cli.positive("length"), horizon = cli.positive("horizon"),
                eval_every = cli.positive("eval-every");
  const bool quiet = cli.enabled("quiet");
  const double noise = 0.1;

  manual_seed(12345);  // the same held-out waves on every run
  const Batch test = make_batch(256, length, horizon, noise);
  manual_seed(static_cast<uint64_t>(cli.non_negative("seed")));

  SineModel model(cli.positive("hidden"));
  optim::SGD optimizer(
      model.parameters(),
      optim::SGDOptions(cli.positive_number("lr")).momentum(cli.number("momentum")));
  if (!quiet) std::cout << model << "\n\ntraining for " << steps << " steps\n";

  std::vector<double> test_steps, test_losses;
  auto evaluate = [&](int64_t step) {
    NoGradGuard no_grad;
    const double loss =
        nn::functional::mse_loss(model.forward(test.inputs), test.targets).item<double>();
    test_steps.push_back(static_cast<double>(step));
    test_losses.push_back(loss);
    return loss;
  };
  evaluate(0);
  examples::TrainingLog log(steps, quiet);
  for (int64_t step = 1; step <= steps; ++step) {
    const Batch data = make_batch(batch, length, horizon, noise);
    const Tensor loss = nn::functional::mse_loss(model.forward(data.inputs), data.targets);
    log.record(step, examples::optimize(optimizer, loss, /*max_grad_norm=*/1.0));
    if (step % eval_every == 0 || step == steps) evaluate(step);
  }

  NoGradGuard no_grad;
  const Tensor prediction = model.forward(test.inputs);
  const double test_loss = test_losses.back();
  // Predicting that the wave stays where the noisy input is now.
  const double baseline = nn::functional::mse_loss(test.inputs, test.targets).item<double>();
  if (!quiet)
    std::cout << "held-out loss " << test_loss << " (predicting 'later = now' scores " << baseline
              << ")\n";

  const std::string svg = cli.str("svg");
  if (!svg.empty()) {
    const std::string ahead = std::to_string(horizon) + " steps ahead";
    const bool written =
        examples::write_svg(svg, {{"a held-out wave: the value " + ahead,
                                   "time step",
                                   "value",
                                   {{"truth", "#1f77b4", column(test.targets.select(1, 0))},
                                    {"prediction", "#d62728", column(prediction.select(1, 0))},
                                    {"noisy input", "#aaaaaa", column(test.inputs.select(1, 0))}}},
                                  {"loss",
                                   "training step",
                                   "mean squared error",
                                   {{"training batch", "#2ca02c", log.losses()},
                                    {"held-out waves", "#9467bd", test_losses, test_steps}},
                                   true}});
    if (!written) throw std::runtime_error("--svg " + svg + ": cannot write the plot there");
    if (!quiet) std::cout << "wrote " << svg << '\n';
  }
  // Under ctest the run is short: the running loss must at least halve, and the model must beat
  // the naive baseline.
  const bool learned = log.fell_below(0.5) && test_loss < baseline;
  if (!learned) std::cerr << "sine: the loss did not fall enough\n";
  examples::FinalLine()
      .add("steps", steps)
      .add("train_loss", log.running())
      .add("test_loss", test_loss)
      .add("baseline", baseline)
      .add("seconds", log.seconds())
      .print();
  return learned ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  return examples::guarded_main("sine", [&] { return run(argc, argv); });
}
