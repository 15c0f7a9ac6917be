// A GRU reads sequences of (value, marker) pairs and says whether the two marked values add up
// to more than 1: the "adding problem" as a classification task. The answer depends on two
// values seen anywhere in the sequence, so the GRU must remember them. Chance is 50%.
#include <iostream>
#include <memory>
#include <random>
#include <xgrad/xgrad.hpp>

#include "common/cli.hpp"
#include "common/training.hpp"

using namespace xgrad;

namespace {

struct Batch {
  Tensor inputs;  // (length, batch, 2): value, marker
  Tensor labels;  // (batch): class 0 or 1, int64
};

Batch make_batch(int64_t batch, int64_t length, std::mt19937_64& rng) {
  xt::xarray<float> inputs =
      xt::zeros<float>({static_cast<size_t>(length), static_cast<size_t>(batch), size_t{2}});
  xt::xarray<int64_t> labels = xt::zeros<int64_t>({static_cast<size_t>(batch)});
  std::uniform_real_distribution<float> value(0.0f, 1.0f);
  std::uniform_int_distribution<int64_t> position(0, length - 1);
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t t = 0; t < length; ++t) inputs(t, b, 0) = value(rng);
    const int64_t first = position(rng);
    int64_t second = position(rng);
    while (second == first) second = position(rng);
    inputs(first, b, 1) = inputs(second, b, 1) = 1.0f;
    labels(b) = inputs(first, b, 0) + inputs(second, b, 0) > 1.0f ? 1 : 0;
  }
  return {tensor(std::move(inputs)), tensor(std::move(labels))};
}

class Classifier : public nn::Module {
 public:
  explicit Classifier(int64_t hidden)
      : Module("Classifier"),
        gru(register_module("gru", std::make_shared<nn::GRU>(2, hidden))),
        head(register_module("head", std::make_shared<nn::Linear>(hidden, 2))) {}

  Tensor forward(const Tensor& inputs) const {  // logits (batch, 2)
    auto [output, h_n] = (*gru)(inputs);
    return (*head)(h_n[0]);
  }

  std::shared_ptr<nn::GRU> gru;
  std::shared_ptr<nn::Linear> head;
};

double accuracy(const Tensor& logits, const Tensor& labels) {
  const xt::xarray<double> l = logits.to_xarray<double>(), y = labels.to_xarray<double>();
  double correct = 0;
  for (size_t i = 0; i < y.size(); ++i) correct += ((l(i, 1) > l(i, 0)) == (y(i) > 0.5)) ? 1 : 0;
  return correct / static_cast<double>(y.size());
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  examples::Cli cli(
      "sequence_classification",
      "Trains a GRU to tell whether the two marked values of a sequence add up to more than 1.");
  cli.option("steps", "1500", "training steps")
      .option("batch", "32", "sequences per step")
      .option("length", "10", "sequence length")
      .option("hidden", "32", "GRU hidden size")
      .option("lr", "0.1", "SGD learning rate")
      .option("seed", "0", "random seed");
  cli.parse(argc, argv);
  const int steps = cli.integer("steps");
  const int64_t batch = cli.integer("batch"), length = cli.integer("length");
  manual_seed(static_cast<uint64_t>(cli.integer("seed")));
  std::mt19937_64 rng(static_cast<uint64_t>(cli.integer("seed")));

  Classifier model(cli.integer("hidden"));
  optim::SGD optimizer(model.parameters(), optim::SGDOptions(cli.number("lr")).momentum(0.9));
  std::cout << model << "\n\ntraining for " << steps << " steps (chance accuracy: 50%)\n";

  examples::TrainingLog log(steps);
  for (int step = 1; step <= steps; ++step) {
    const Batch data = make_batch(batch, length, rng);
    const Tensor loss = nn::functional::cross_entropy(model.forward(data.inputs), data.labels);
    log.record(step, examples::optimize(optimizer, loss, /*max_grad_norm=*/1.0));
  }

  NoGradGuard no_grad;
  std::mt19937_64 test_rng(12345);
  const Batch test = make_batch(2000, length, test_rng);
  const double test_accuracy = accuracy(model.forward(test.inputs), test.labels);
  std::cout << "test accuracy " << 100 * test_accuracy << "% on 2000 held-out sequences\n";
  // Under ctest the run is short: the loss must fall by a tenth and accuracy must clearly beat
  // chance.
  const bool learned = log.fell_below(0.9) && test_accuracy > 0.75;
  if (!learned)
    std::cerr
        << "sequence_classification: the loss did not fall enough or accuracy is near chance\n";
  return learned ? 0 : 1;
}
