// A character-level language model trained on a real text file: an Embedding, a GRU or LSTM
// stack and a Linear head predict each next character. The first 90% of the text trains, the
// last 10% validates (loss and bits per character). Adam with a linear warmup and a cosine
// decay, gradient clipping, checkpoints that resume exactly, and a sample of generated text at
// the end.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

#include "common/batch_stream.hpp"
#include "common/char_model.hpp"
#include "common/checkpoint.hpp"
#include "common/cli.hpp"
#include "common/final_line.hpp"
#include "common/main_guard.hpp"
#include "common/recurrent.hpp"
#include "common/svg_plot.hpp"
#include "common/training.hpp"

using namespace xgrad;
using examples::CharModel;
using examples::load_text;
using examples::next_char_loss;
using examples::TextData;
using examples::validation_loss;

namespace {

std::string sample(const CharModel& model, const data::CharVocabulary& vocab, char first,
                   int64_t count, double temperature, std::mt19937_64& rng) {
  NoGradGuard no_grad;
  std::string out(1, first);
  examples::Recurrent::State state;
  int64_t current = vocab.index(first);
  for (int64_t i = 0; i < count; ++i) {
    xt::xarray<int64_t> token = xt::xarray<int64_t>::from_shape({1, 1});
    token(0, 0) = current;
    auto [logits, next_state] = model.forward(tensor(std::move(token)), state);
    state = next_state;
    const xt::xarray<double> p =
        (logits.reshape({vocab.size()}) / temperature).softmax(0).to_xarray<double>();
    std::discrete_distribution<int64_t> pick(p.begin(), p.end());
    current = pick(rng);
    out += vocab.decode(std::vector<int64_t>{current});
  }
  return out;
}

// The settings a checkpoint must share with the run that resumes it.
using Settings = std::map<std::string, std::string>;

Settings run_settings(const examples::Cli& cli, int64_t vocab, size_t text_size) {
  Settings settings;
  for (const char* flag : {"cell", "layers", "embed", "hidden", "dropout", "seq", "batch", "lr",
                           "warmup", "steps", "seed", "clip"})
    settings[flag] = cli.str(flag);
  settings["vocabulary"] = std::to_string(vocab);
  settings["text-characters"] = std::to_string(text_size);
  return settings;
}

// A linear warmup from 1% of the lr over `warmup` steps, then a cosine decay to 0.
std::unique_ptr<optim::LRScheduler> warmup_then_cosine(optim::Optimizer& optimizer, int64_t steps,
                                                       int64_t warmup) {
  if (warmup == 0) return std::make_unique<optim::CosineAnnealingLR>(optimizer, steps);
  auto linear = std::make_shared<optim::LinearLR>(optimizer, 0.01, 1.0, warmup);
  auto cosine = std::make_shared<optim::CosineAnnealingLR>(optimizer, steps - warmup);
  return std::make_unique<optim::SequentialLR>(
      optimizer, std::vector<std::shared_ptr<optim::LRScheduler>>{linear, cosine},
      std::vector<int64_t>{warmup});
}

// What a run has done: its last step and its curves.
struct History {
  int64_t step = 0;
  std::vector<double> losses, val_steps, val_losses;
};

// What resuming needs: the states of the model, optimizer, scheduler and global generator, the
// history, and the settings to check the resuming run against.
struct Trainee {
  CharModel& model;
  optim::Optimizer& optimizer;
  optim::LRScheduler& schedule;
};

void save(const std::string& path, const Settings& settings, const Trainee& t,
          const History& history) {
  StateDict checkpoint;
  examples::put_prefixed(checkpoint, "model.", t.model.state_dict());
  examples::put_prefixed(checkpoint, "optimizer.", t.optimizer.state_dict());
  examples::put_prefixed(checkpoint, "scheduler.", t.schedule.state_dict());
  checkpoint.insert("history.train_loss", examples::history_tensor(history.losses));
  checkpoint.insert("history.val_step", examples::history_tensor(history.val_steps));
  checkpoint.insert("history.val_loss", examples::history_tensor(history.val_losses));
  checkpoint.metadata()["example"] = "char_lm";
  checkpoint.metadata()["step"] = std::to_string(history.step);
  checkpoint.metadata()["generator"] = examples::generator_state();
  for (const auto& [key, value] : settings) checkpoint.metadata()["settings." + key] = value;
  examples::save_checkpoint(checkpoint, path);
}

History resume(const std::string& path, const Settings& settings, const Trainee& t) {
  const StateDict checkpoint = examples::load_checkpoint(path);
  const std::string& example = examples::checkpoint_entry(checkpoint, "example", path);
  if (example != "char_lm")
    throw std::runtime_error("--resume " + path + ": a checkpoint of " + example +
                             ", not of char_lm");
  for (const auto& [key, value] : settings) {
    const std::string& saved = examples::checkpoint_entry(checkpoint, "settings." + key, path);
    if (saved != value)
      throw std::runtime_error("--resume " + path + ": the checkpoint was made with " + key + "=" +
                               saved + ", this run has " + key + "=" + value);
  }
  History history;
  try {
    t.model.load_state_dict(examples::take_prefixed(checkpoint, "model."));
    t.optimizer.load_state_dict(examples::take_prefixed(checkpoint, "optimizer."));
    t.schedule.load_state_dict(examples::take_prefixed(checkpoint, "scheduler."));
    examples::set_generator_state(examples::checkpoint_entry(checkpoint, "generator", path));
    history.step = std::stoll(examples::checkpoint_entry(checkpoint, "step", path));
    history.losses = examples::history_values(checkpoint.at("history.train_loss"));
    history.val_steps = examples::history_values(checkpoint.at("history.val_step"));
    history.val_losses = examples::history_values(checkpoint.at("history.val_loss"));
  } catch (const std::exception& e) {
    throw std::runtime_error("--resume " + path + ": does not fit this model (" + e.what() + ")");
  }
  if (history.step < 0 || static_cast<int64_t>(history.losses.size()) != history.step ||
      history.val_steps.empty() || history.val_steps.size() != history.val_losses.size())
    throw std::runtime_error("--resume " + path + ": its step and loss history disagree");
  return history;
}

int run(int argc, char** argv) {
  examples::Cli cli("char_lm",
                    "Trains a character-level language model (Embedding, GRU or LSTM, Linear) on a "
                    "text file:\nthe first 90% trains, the last 10% validates. Reports the "
                    "validation loss and bits per character,\nthen writes a sample.");
  model_options(cli.standard("1000"))
      .option("batch", "32", "windows per step")
      .option("dropout", "0.3", "dropout on the recurrent stack's input and output")
      .option("lr", "0.003", "Adam's peak learning rate")
      .option("warmup", "100", "steps of linear warmup (at most a tenth of --steps)")
      .option("clip", "1.0", "gradient norm clipping")
      .option("eval-every", "100", "steps between validations")
      .option("checkpoint", "", "where to write checkpoints ('' for none)")
      .option("checkpoint-every", "500", "steps between checkpoints (and one at the end)")
      .option("resume", "", "a checkpoint to resume from")
      .option("stop-after", "0", "stop after this step, as if interrupted (0: never)")
      .option("sample", "300", "characters to write at the end")
      .option("temperature", "0.8", "sampling temperature")
      .option("svg", "char_lm.svg", "where to write the loss plot ('' for none)")
      .option("require-fall", "0.8",
              "exit 1 unless the running loss ends below this fraction of its start (0: never)");
  cli.parse(argc, argv);
  const int64_t steps = cli.positive("steps"), eval_every = cli.positive("eval-every"),
                checkpoint_every = cli.positive("checkpoint-every"),
                stop_after = cli.non_negative("stop-after");
  const uint64_t seed = static_cast<uint64_t>(cli.non_negative("seed"));
  const double clip = cli.positive_number("clip"), temperature = cli.positive_number("temperature"),
               dropout = cli.number("dropout");
  if (!(dropout >= 0 && dropout < 1))
    throw examples::UsageError("--dropout expects a probability in [0, 1), got " +
                               cli.str("dropout"));
  const examples::RecurrentOptions rnn_options{cli.choice("cell", {"gru", "lstm"}),
                                               cli.positive("embed"), cli.positive("hidden"),
                                               cli.positive("layers"), false};
  const bool quiet = cli.enabled("quiet");
  const std::string text_path = cli.str("text"), checkpoint_path = cli.str("checkpoint");
  const TextData data = load_text(text_path, cli.positive("seq"), cli.positive("batch"));
  const int64_t vocab = data.vocab.size();

  manual_seed(seed);
  CharModel model(vocab, cli.positive("embed"), rnn_options, dropout);
  optim::Adam optimizer(model.parameters(), optim::AdamOptions(cli.positive_number("lr")));
  const auto schedule =
      warmup_then_cosine(optimizer, steps, std::min(cli.non_negative("warmup"), steps / 10));
  const Trainee trainee{model, optimizer, *schedule};
  data::DataLoader loader(
      data.train,
      data::DataLoaderOptions(cli.positive("batch")).shuffle(true).drop_last(true).seed(seed));
  examples::BatchStream batches(loader);
  const Settings settings = run_settings(cli, vocab, data.text.size());
  History history;
  if (!cli.str("resume").empty()) {
    history = resume(cli.str("resume"), settings, trainee);
    if (history.step > steps)
      throw std::runtime_error("--resume " + cli.str("resume") + ": its step " +
                               std::to_string(history.step) + " is past --steps " +
                               std::to_string(steps));
    batches.skip(history.step);
  }
  if (!quiet)
    std::cout << model << "\n\n"
              << text_path << ": " << data.text.size() << " characters (" << data.train->size()
              << " training windows, " << data.val->size() << " validation windows), " << vocab - 1
              << " distinct\n"
              << (history.step > 0 ? "resuming at step " + std::to_string(history.step) + " of "
                                   : "training for ")
              << steps << " steps\n";

  examples::TrainingLog log(steps, quiet, history.step, history.losses);
  auto validate = [&] {
    history.val_steps.push_back(static_cast<double>(history.step));
    history.val_losses.push_back(validation_loss(model, data.val, vocab));
    std::ostringstream line;
    line << "step " << history.step << ": validation loss " << history.val_losses.back() << " ("
         << history.val_losses.back() / std::log(2.0) << " bits per character)";
    log.note(line.str());
  };
  if (history.step == 0) validate();
  while (history.step < steps && (stop_after == 0 || history.step < stop_after)) {
    const int64_t step = ++history.step;
    const Tensor loss = next_char_loss(model, batches.next(), vocab);
    log.record(step, examples::optimize(optimizer, loss, clip));
    schedule->step();
    if (step % eval_every == 0 || step == steps) validate();
    if (!checkpoint_path.empty() && (step % checkpoint_every == 0 || step == steps)) {
      history.losses = log.losses();
      save(checkpoint_path, settings, trainee, history);
    }
  }

  const double val_loss = history.val_losses.back(), bpc = val_loss / std::log(2.0);
  if (!quiet) {
    std::cout << "validation loss " << val_loss << " nats/char, " << bpc
              << " bits per character (at step " << history.val_steps.back() << ")\n";
    std::mt19937_64 rng(seed);
    std::cout << "sample (temperature " << temperature << "):\n"
              << sample(model, data.vocab, data.text[0], cli.non_negative("sample"), temperature,
                        rng)
              << '\n';
  }
  const std::string svg = cli.str("svg");
  if (!svg.empty()) {
    if (!examples::write_svg(
            svg, {{"char_lm: " + rnn_options.cell + " on " + text_path,
                   "training step",
                   "cross-entropy (nats per character)",
                   {{"training batch", "#2ca02c", log.losses()},
                    {"validation", "#9467bd", history.val_losses, history.val_steps}}}}))
      throw std::runtime_error("--svg " + svg + ": cannot write the plot there");
    if (!quiet) std::cout << "wrote " << svg << '\n';
  }
  const double require_fall = cli.number("require-fall");
  const bool learned = require_fall <= 0 || log.fell_below(require_fall);
  if (!learned) std::cerr << "char_lm: the loss did not fall enough\n";
  examples::FinalLine()
      .add("step", history.step)
      .add("train_loss", log.running())
      .add("last_loss", log.losses().back())
      .add("val_loss", val_loss)
      .add("val_bpc", bpc)
      .add("seconds", log.seconds())
      .print();
  return learned ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  return examples::guarded_main("char_lm", [&] { return run(argc, argv); });
}
