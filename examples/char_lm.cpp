// A character-level language model: a GRU reads one-hot characters of a short text that ships
// with this program and learns to predict the next character; it then writes text of its own.
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <xgrad/xgrad.hpp>

#include "common/cli.hpp"
#include "common/training.hpp"

using namespace xgrad;

namespace {

const char* const kText =
    "the cell reads a letter and keeps a little of what it saw. the gate decides what to keep "
    "and what to forget. the cell reads the next letter and the gate decides again. a small "
    "model learns to spell by reading the same words many times. it learns that the gate is "
    "followed by decides, that the cell reads, and that a letter follows a letter. the model "
    "keeps what it needs and forgets the rest. then it writes, one letter at a time, and what "
    "it writes looks a little like what it read. ";

class Vocabulary {
 public:
  explicit Vocabulary(const std::string& text) {
    for (char c : text) {
      if (index_.count(c) == 0) {
        index_[c] = static_cast<int64_t>(chars_.size());
        chars_.push_back(c);
      }
    }
  }
  int64_t size() const { return static_cast<int64_t>(chars_.size()); }
  int64_t index(char c) const { return index_.at(c); }
  char character(int64_t i) const { return chars_[static_cast<size_t>(i)]; }

 private:
  std::map<char, int64_t> index_;
  std::string chars_;
};

// One-hot inputs (length, batch, vocab) and next-character targets (length, batch), int64.
std::pair<Tensor, Tensor> make_batch(const std::string& text, const Vocabulary& vocab,
                                     int64_t batch, int64_t length, std::mt19937_64& rng) {
  const auto l = static_cast<size_t>(length), b = static_cast<size_t>(batch);
  xt::xarray<float> inputs = xt::zeros<float>({l, b, static_cast<size_t>(vocab.size())});
  xt::xarray<int64_t> targets = xt::zeros<int64_t>({l, b});
  std::uniform_int_distribution<size_t> start(0, text.size() - l - 2);
  for (size_t j = 0; j < b; ++j) {
    const size_t s = start(rng);
    for (size_t t = 0; t < l; ++t) {
      inputs(t, j, static_cast<size_t>(vocab.index(text[s + t]))) = 1.0f;
      targets(t, j) = vocab.index(text[s + t + 1]);
    }
  }
  return {tensor(std::move(inputs)), tensor(std::move(targets))};
}

class CharModel : public nn::Module {
 public:
  CharModel(int64_t vocab, int64_t hidden)
      : Module("CharModel"),
        gru(register_module("gru", std::make_shared<nn::GRU>(vocab, hidden))),
        head(register_module("head", std::make_shared<nn::Linear>(hidden, vocab))) {}

  // logits (length, batch, vocab) and the last hidden state
  std::pair<Tensor, Tensor> forward(const Tensor& inputs, const Tensor& h0 = Tensor()) const {
    auto [output, h_n] = (*gru)(inputs, h0);
    return {(*head)(output), h_n};
  }

  std::shared_ptr<nn::GRU> gru;
  std::shared_ptr<nn::Linear> head;
};

std::string sample(const CharModel& model, const Vocabulary& vocab, char first, int count,
                   double temperature, std::mt19937_64& rng) {
  NoGradGuard no_grad;
  std::string out(1, first);
  Tensor h;
  int64_t current = vocab.index(first);
  for (int i = 0; i < count; ++i) {
    Tensor x = zeros({1, 1, vocab.size()});
    x.data<float>()(0, 0, current) = 1.0f;
    auto [logits, h_n] = model.forward(x, h);
    h = h_n;
    const xt::xarray<double> p =
        (logits.reshape({vocab.size()}) / temperature).softmax(0).to_xarray<double>();
    std::discrete_distribution<int64_t> pick(p.begin(), p.end());
    current = pick(rng);
    out += vocab.character(current);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  examples::Cli cli(
      "char_lm",
      "Trains a character-level GRU language model on a short built-in text, then samples.");
  cli.option("steps", "600", "training steps")
      .option("batch", "16", "sequences per step")
      .option("length", "32", "characters per sequence")
      .option("hidden", "96", "GRU hidden size")
      .option("lr", "0.5", "SGD learning rate")
      .option("sample", "240", "characters to write at the end")
      .option("seed", "0", "random seed");
  cli.parse(argc, argv);
  const int steps = cli.integer("steps");
  manual_seed(static_cast<uint64_t>(cli.integer("seed")));
  std::mt19937_64 rng(static_cast<uint64_t>(cli.integer("seed")));
  const std::string text = kText;
  const Vocabulary vocab(text);

  CharModel model(vocab.size(), cli.integer("hidden"));
  optim::SGD optimizer(model.parameters(), optim::SGDOptions(cli.number("lr")).momentum(0.9));
  std::cout << model << "\n\n"
            << text.size() << " characters, " << vocab.size() << " distinct; training for " << steps
            << " steps\n";

  examples::TrainingLog log(steps);
  for (int step = 1; step <= steps; ++step) {
    auto [inputs, targets] =
        make_batch(text, vocab, cli.integer("batch"), cli.integer("length"), rng);
    const Tensor logits = model.forward(inputs).first;
    const Tensor loss =
        nn::functional::cross_entropy(logits.reshape({-1, vocab.size()}), targets.reshape({-1}));
    log.record(step, examples::optimize(optimizer, loss, /*max_grad_norm=*/1.0));
  }
  std::cout << "sample:\n" << sample(model, vocab, 't', cli.integer("sample"), 0.7, rng) << '\n';
  const bool learned = log.fell_below(0.8);
  if (!learned) std::cerr << "char_lm: the loss did not fall enough\n";
  return learned ? 0 : 1;
}
