// An Embedding -> 2-layer bidirectional LSTM -> Linear classifier over a packed batch of token
// sequences, its state_dict saved by PyTorch (golden/make_recurrent_golden.py writes
// torch_lstm_classifier.safetensors and recurrent_lstm_classifier.json): loaded strictly into
// the same model built in xgrad, it computes PyTorch's logits and final states.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::allclose;
using xgrad::testing::Fixture;
namespace rnn = xgrad::nn::utils::rnn;

namespace {

struct Classifier : nn::Module {
  Classifier() : Module("Classifier") {}
  std::shared_ptr<nn::Embedding> embedding = register_module(
      "embedding", std::make_shared<nn::Embedding>(nn::EmbeddingOptions(20, 5).padding_idx(0)));
  std::shared_ptr<nn::LSTM> lstm = register_module(
      "lstm", std::make_shared<nn::LSTM>(nn::LSTMOptions(5, 6).num_layers(2).bidirectional(true)));
  std::shared_ptr<nn::Linear> head = register_module("head", std::make_shared<nn::Linear>(12, 3));

  // tokens (T, B) int64 padded with 0 after each sequence's length; returns the logits at
  // every step (T, B, 3) and the LSTM's (h_n, c_n).
  std::tuple<Tensor, Tensor, Tensor> forward(const Tensor& tokens, const Tensor& lengths) const {
    const Tensor embedded = (*embedding)(tokens);
    const rnn::PackedSequence packed = rnn::pack_padded_sequence(embedded, lengths, false, false);
    auto [output, h_c] = (*lstm)(packed);
    const Tensor padded = std::get<0>(rnn::pad_packed_sequence(output, false, 0.0, tokens.size(0)));
    return {(*head)(padded), std::get<0>(h_c), std::get<1>(h_c)};
  }
};

}  // namespace

TEST_CASE("lstm_classifier_loaded_from_pytorch_safetensors_computes_torch_logits_and_states") {
  Classifier model;
  load(model, std::string(XGRAD_GOLDEN_DIR) + "/torch_lstm_classifier.safetensors");
  const Fixture f("recurrent_lstm_classifier.json");
  auto [logits, h_n, c_n] = model.forward(f.tensor("tokens", kInt64), f.tensor("lengths", kInt64));
  CHECK(logits.dtype() == kFloat32);
  CHECK(allclose(logits, f.tensor("logits"), 1e-5, 1e-5));
  CHECK(allclose(h_n, f.tensor("h_n"), 1e-5, 1e-5));
  CHECK(allclose(c_n, f.tensor("c_n"), 1e-5, 1e-5));
}
