// A bidirectional GRU or LSTM classifies variable-length sequences (5 to 60 tokens) by which
// of three marker tokens appears first among noise tokens: the answer may sit anywhere in the
// sequence, so the network must carry it to the end. Chance is about 33%. The sequences are
// padded per batch, packed (pack_padded_sequence) and read by the recurrent stack; Adam's lr
// falls when the validation loss stops improving (ReduceLROnPlateau). --init-weights and
// --batch-order replay the initial weights and the data order that
// examples/reference/sequence_classification.py wrote, so that both runs can be compared step
// for step.
#include <iostream>
#include <memory>
#include <tuple>
#include <utility>
#include <xgrad/xgrad.hpp>

#include "common/batch_stream.hpp"
#include "common/cli.hpp"
#include "common/final_line.hpp"
#include "common/main_guard.hpp"
#include "common/recurrent.hpp"
#include "common/splitmix64.hpp"
#include "common/svg_plot.hpp"
#include "common/training.hpp"

using namespace xgrad;

namespace {

constexpr int64_t kNoiseTokens = 10;  // tokens 1..10; 0 pads
constexpr int64_t kMarkers = 3;       // tokens 11, 12, 13
constexpr int64_t kVocabulary = 1 + kNoiseTokens + kMarkers;
constexpr int64_t kMinLength = 5, kMaxLength = 60;

// {tokens (length) int64, label () int64}: noise tokens with one to three markers written over
// them; the label is the marker met first (0, 1 or 2). The same generator in
// examples/reference/sequence_classification.py makes the same sequences.
class FirstMarkerDataset : public data::Dataset {
 public:
  FirstMarkerDataset(int64_t count, uint64_t seed) {
    examples::SplitMix64 rng(seed);
    for (int64_t i = 0; i < count; ++i) {
      const int64_t length = kMinLength + rng.below(kMaxLength - kMinLength + 1);
      xt::xarray<int64_t> tokens = xt::xarray<int64_t>::from_shape({static_cast<size_t>(length)});
      for (auto& t : tokens) t = 1 + rng.below(kNoiseTokens);
      const int64_t markers = 1 + rng.below(3);
      for (int64_t m = 0; m < markers; ++m) {
        const int64_t position = rng.below(length);
        tokens(position) = 1 + kNoiseTokens + rng.below(kMarkers);
      }
      int64_t label = 0;
      for (int64_t t : tokens)
        if (t > kNoiseTokens) {
          label = t - kNoiseTokens - 1;
          break;
        }
      xt::xarray<int64_t> label_array = xt::xarray<int64_t>::from_shape({});
      label_array() = label;
      examples_.push_back({tensor(std::move(tokens)), tensor(std::move(label_array))});
    }
  }
  int64_t size() const override { return static_cast<int64_t>(examples_.size()); }
  data::Example get(int64_t index) const override {
    check_index(index);
    return examples_[static_cast<size_t>(index)];
  }

 private:
  std::vector<data::Example> examples_;
};

class Classifier : public nn::Module {
 public:
  Classifier(int64_t embed, const examples::RecurrentOptions& rnn_options)
      : Module("Classifier"),
        embedding(register_module("embedding",
                                  std::make_shared<nn::Embedding>(
                                      nn::EmbeddingOptions(kVocabulary, embed).padding_idx(0)))),
        rnn(rnn_options),
        head(register_module("head",
                             std::make_shared<nn::Linear>(2 * rnn_options.hidden_size, kMarkers))) {
    register_module("rnn", rnn.module());
  }

  // padded tokens (batch, length) and their lengths (batch) -> logits (batch, classes).
  Tensor forward(const Tensor& padded, const Tensor& lengths) const {
    const auto packed = nn::utils::rnn::pack_padded_sequence((*embedding)(padded), lengths,
                                                             /*batch_first=*/true,
                                                             /*enforce_sorted=*/false);
    const Tensor h = rnn(packed).second[0];  // (layers * 2, batch, hidden)
    const int64_t last = h.size(0) - 2;      // the top layer's forward and reverse state
    return (*head)(cat({h[last], h[last + 1]}, 1));
  }

  std::shared_ptr<nn::Embedding> embedding;
  examples::Recurrent rnn;
  std::shared_ptr<nn::Linear> head;
};

// --init-weights PATH: a state_dict with PyTorch's names, loaded strictly.
void load_initial_weights(Classifier& model, const std::string& path) {
  try {
    model.load_state_dict(load(path));
  } catch (const std::exception& e) {
    throw std::runtime_error("--init-weights " + path + ": " + e.what());
  }
}

// --batch-order PATH: int64 tensors "validation" (the validation examples' indices) and
// "training" (each step's batch indices, one batch after another). Returns {train, validation}
// as subsets of `all`, the training one in step order.
std::pair<std::shared_ptr<data::Dataset>, std::shared_ptr<data::Dataset>> replayed_split(
    const std::shared_ptr<data::Dataset>& all, const std::string& path, int64_t steps,
    int64_t batch) {
  const auto indices = [](const StateDict& file, const char* name) {
    const xt::xarray<int64_t> a = file.at(name).to_xarray<int64_t>();
    return std::vector<int64_t>(a.begin(), a.end());
  };
  std::vector<int64_t> training, validation;
  try {
    const StateDict file = load(path);
    training = indices(file, "training");
    validation = indices(file, "validation");
  } catch (const std::exception& e) {
    throw std::runtime_error("--batch-order " + path + ": " + e.what());
  }
  const auto needed = static_cast<size_t>(steps * batch);
  if (training.size() < needed)
    throw std::runtime_error("--batch-order " + path + ": expected at least " +
                             std::to_string(needed) + " training indices (--steps " +
                             std::to_string(steps) + " x --batch " + std::to_string(batch) +
                             "), got " + std::to_string(training.size()));
  try {
    return {std::make_shared<data::Subset>(all, std::move(training)),
            std::make_shared<data::Subset>(all, std::move(validation))};
  } catch (const std::exception& e) {
    throw std::runtime_error("--batch-order " + path + " does not fit --sequences " +
                             std::to_string(all->size()) + ": " + e.what());
  }
}

struct Evaluation {
  double loss, accuracy;
};

Evaluation evaluate(Classifier& model, const std::shared_ptr<data::Dataset>& dataset) {
  NoGradGuard no_grad;
  model.eval();
  data::DataLoader loader(dataset, data::DataLoaderOptions(256), data::pad_collate());
  double loss = 0, correct = 0;
  for (const data::Example& batch : loader) {
    const Tensor logits = model.forward(batch[0], batch[1]);
    const auto n = static_cast<double>(batch[2].numel());
    loss += nn::functional::cross_entropy(logits, batch[2]).item<double>() * n;
    correct += eq(logits.argmax(1), batch[2]).sum().item<double>();
  }
  model.train();
  const auto n = static_cast<double>(dataset->size());
  return {loss / n, correct / n};
}

int run(int argc, char** argv) {
  examples::Cli cli("sequence_classification",
                    "Trains a bidirectional GRU or LSTM to tell which of three marker tokens comes "
                    "first in\nsequences of 5 to 60 tokens (chance: about 33%).");
  cli.standard("400")
      .option("cell", "gru", "recurrent cell: gru or lstm")
      .option("layers", "1", "recurrent layers")
      .option("embed", "16", "embedding size")
      .option("hidden", "32", "hidden size of each direction")
      .option("batch", "32", "sequences per step")
      .option("lr", "0.01", "Adam's learning rate")
      .option("sequences", "4000", "sequences in all; 10% of them validate")
      .option("eval-every", "40", "steps between validations (each one steps ReduceLROnPlateau)")
      .option("min-accuracy", "0.95", "the validation accuracy the run must reach to succeed")
      .option("svg", "sequence_classification.svg", "where to write the plot ('' for none)")
      .option("init-weights", "", "a safetensors state_dict to start from instead of --seed's")
      .option("batch-order", "",
              "a safetensors file of the validation and per-step batch indices to use instead "
              "of --seed's");
  cli.parse(argc, argv);
  const int64_t steps = cli.positive("steps"), batch = cli.positive("batch"),
                eval_every = cli.positive("eval-every"), count = cli.positive("sequences");
  const uint64_t seed = static_cast<uint64_t>(cli.non_negative("seed"));
  const examples::RecurrentOptions rnn_options{cli.choice("cell", {"gru", "lstm"}),
                                               cli.positive("embed"), cli.positive("hidden"),
                                               cli.positive("layers"), true};
  const bool quiet = cli.enabled("quiet");
  if (count < 20)
    throw examples::UsageError("--sequences expects at least 20, got " + std::to_string(count));

  auto all = std::make_shared<FirstMarkerDataset>(count, seed);
  std::shared_ptr<data::Dataset> train, val;
  const std::string batch_order = cli.str("batch-order");
  if (batch_order.empty()) {
    const auto split = data::random_split(all, {0.9, 0.1}, seed);
    train = split[0];
    val = split[1];
  } else {
    std::tie(train, val) = replayed_split(all, batch_order, steps, batch);
  }

  manual_seed(seed);
  Classifier model(cli.positive("embed"), rnn_options);
  if (!cli.str("init-weights").empty()) load_initial_weights(model, cli.str("init-weights"));
  optim::Adam optimizer(model.parameters(), optim::AdamOptions(cli.positive_number("lr")));
  optim::ReduceLROnPlateau plateau(optimizer,
                                   optim::ReduceLROnPlateauOptions().factor(0.5).patience(1));
  data::DataLoader loader(
      train, data::DataLoaderOptions(batch).shuffle(batch_order.empty()).drop_last(true).seed(seed),
      data::pad_collate());
  examples::BatchStream batches(loader);
  if (!quiet)
    std::cout << model << "\n\n"
              << train->size() << " training and " << val->size()
              << " validation sequences; training for " << steps << " steps\n";

  std::vector<double> val_steps, val_losses, val_accuracies;
  auto validate = [&](int64_t step) {
    const Evaluation e = evaluate(model, val);
    val_steps.push_back(static_cast<double>(step));
    val_losses.push_back(e.loss);
    val_accuracies.push_back(e.accuracy);
    return e;
  };
  validate(0);
  examples::TrainingLog log(steps, quiet);
  for (int64_t step = 1; step <= steps; ++step) {
    const data::Example b = batches.next();
    const Tensor loss = nn::functional::cross_entropy(model.forward(b[0], b[1]), b[2]);
    log.record(step, examples::optimize(optimizer, loss, /*max_grad_norm=*/1.0));
    if (step % eval_every == 0 || step == steps) plateau.step(validate(step).loss);
  }

  const double accuracy = val_accuracies.back();
  if (!quiet)
    std::cout << "validation accuracy " << 100 * accuracy << "% on " << val->size()
              << " sequences (validation loss " << val_losses.back() << ", lr now "
              << plateau.get_last_lr()[0] << ")\n";
  const std::string svg = cli.str("svg");
  if (!svg.empty()) {
    if (!examples::write_svg(svg, {{"loss",
                                    "training step",
                                    "cross-entropy",
                                    {{"training batch", "#2ca02c", log.losses()},
                                     {"validation", "#9467bd", val_losses, val_steps}},
                                    true},
                                   {"validation accuracy",
                                    "training step",
                                    "accuracy",
                                    {{"validation", "#d62728", val_accuracies, val_steps}}}}))
      throw std::runtime_error("--svg " + svg + ": cannot write the plot there");
    if (!quiet) std::cout << "wrote " << svg << '\n';
  }
  const bool learned = accuracy >= cli.number("min-accuracy");
  if (!learned)
    std::cerr << "sequence_classification: validation accuracy " << accuracy
              << " is below --min-accuracy " << cli.str("min-accuracy") << '\n';
  examples::FinalLine()
      .add("step", steps)
      .add("train_loss", log.running())
      .add("val_loss", val_losses.back())
      .add("val_accuracy", accuracy)
      .add("seconds", log.seconds())
      .print();
  return learned ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  return examples::guarded_main("sequence_classification", [&] { return run(argc, argv); });
}
