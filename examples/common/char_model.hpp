#pragma once

// The character-level language model of char_lm and distributed_char_lm: an Embedding, a GRU or
// LSTM stack and a Linear head predicting each next character, its loss, and the text it learns
// (the first 90% trains, the last 10% validates).
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <xgrad/xgrad.hpp>

#include "cli.hpp"
#include "recurrent.hpp"

namespace examples {

namespace data = xgrad::data;
namespace nn = xgrad::nn;
using xgrad::NoGradGuard;
using xgrad::Tensor;

class CharModel : public nn::Module {
 public:
  CharModel(int64_t vocab, int64_t embed, const RecurrentOptions& rnn_options, double dropout)
      : Module("CharModel"),
        embedding(register_module("embedding", std::make_shared<nn::Embedding>(vocab, embed))),
        dropout(register_module("dropout", std::make_shared<nn::Dropout>(dropout))),
        rnn(rnn_options),
        head(
            register_module("head", std::make_shared<nn::Linear>(rnn_options.hidden_size, vocab))) {
    register_module("rnn", rnn.module());
  }

  // tokens (batch, length) int64 -> logits (batch, length, vocab) and the final state.
  std::pair<Tensor, Recurrent::State> forward(const Tensor& tokens,
                                              const Recurrent::State& state = {}) const {
    auto [output, final_state] = rnn((*dropout)((*embedding)(tokens)), state);
    return {(*head)((*dropout)(output)), final_state};
  }

  std::shared_ptr<nn::Embedding> embedding;
  std::shared_ptr<nn::Dropout> dropout;  // on the recurrent stack's input and output
  Recurrent rnn;
  std::shared_ptr<nn::Linear> head;
};

inline Tensor next_char_loss(const CharModel& model, const data::Example& batch, int64_t vocab) {
  const Tensor logits = model.forward(batch[0]).first;
  return nn::functional::cross_entropy(logits.reshape({-1, vocab}), batch[1].reshape({-1}));
}

// The mean loss per character over every validation window.
inline double validation_loss(CharModel& model, const std::shared_ptr<data::Dataset>& windows,
                              int64_t vocab) {
  NoGradGuard no_grad;
  model.eval();
  data::DataLoader loader(windows, data::DataLoaderOptions(64));
  double total = 0;
  int64_t count = 0;
  for (const data::Example& batch : loader) {
    total +=
        next_char_loss(model, batch, vocab).item<double>() * static_cast<double>(batch[1].numel());
    count += batch[1].numel();
  }
  model.train();
  return total / static_cast<double>(count);
}

// The options that describe the text, the model and its windows, shared by char_lm and
// distributed_char_lm.
inline Cli& model_options(Cli& cli) {
  return cli.option("text", "/usr/share/common-licenses/GPL-3", "the text file to learn")
      .option("cell", "gru", "recurrent cell: gru or lstm")
      .option("layers", "1", "recurrent layers")
      .option("embed", "32", "embedding size")
      .option("hidden", "128", "recurrent hidden size")
      .option("seq", "64", "characters per training window");
}

// The text, its vocabulary, and its windows: the first 90% trains, the last 10% validates.
struct TextData {
  std::string text;
  data::CharVocabulary vocab;
  std::shared_ptr<data::SequenceWindows> train, val;
};

inline std::string read_text_flag(const std::string& path) {
  std::string text;
  try {
    text = data::read_text(path);
  } catch (const std::exception& e) {
    throw std::runtime_error("--text " + path + ": expected a readable text file (" + e.what() +
                             ")");
  }
  if (text.empty())
    throw std::runtime_error("--text " + path +
                             ": the file is empty; expected a text to learn from");
  return text;
}

inline TextData load_text(const std::string& path, int64_t seq, int64_t batch) {
  std::string text = read_text_flag(path);
  const auto size = static_cast<int64_t>(text.size()), train_size = size * 9 / 10,
             val_size = size - train_size;
  if (val_size < seq + 1)
    throw std::runtime_error("--text " + path + ": " + std::to_string(size) +
                             " characters is too short for --seq " + std::to_string(seq) +
                             ": its last 10% validates and must hold one window of " +
                             std::to_string(seq + 1) + " characters (at least " +
                             std::to_string(10 * (seq + 1)) + " characters in all)");
  data::CharVocabulary vocab(text);
  const Tensor tokens = vocab.encode(text);
  auto train = std::make_shared<data::SequenceWindows>(tokens.narrow(0, 0, train_size), seq, seq);
  auto val =
      std::make_shared<data::SequenceWindows>(tokens.narrow(0, train_size, val_size), seq, seq);
  if (train->size() < batch)
    throw UsageError("--batch " + std::to_string(batch) + " is more than the " +
                     std::to_string(train->size()) + " training windows of --seq " +
                     std::to_string(seq) + " in " + path);
  return {std::move(text), std::move(vocab), std::move(train), std::move(val)};
}

}  // namespace examples
