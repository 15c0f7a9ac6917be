#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {
struct LiveCounts {
  int64_t impls = TensorImpl::live_count();
  int64_t nodes = autograd::Node::live_count();
};

// Runs `steps` training steps, checks that they leave as many live tensors and graph nodes as
// they found, and returns the last step's loss.
template <typename Step>
double train_with_flat_live_counts(Step step, int steps = 10000) {
  const LiveCounts before;
  double loss = 0;
  for (int i = 0; i < steps; ++i) loss = step();
  const LiveCounts after;
  CHECK(after.impls == before.impls);
  CHECK(after.nodes == before.nodes);
  return loss;
}
}  // namespace

TEST_CASE("ten_thousand_training_steps_leave_no_tensors_or_nodes_behind") {
  manual_seed(0);
  auto w = randn({8, 4}, TensorOptions().requires_grad(true));
  auto b = zeros({8}, TensorOptions().requires_grad(true));
  const auto x = randn({16, 4});
  const auto target = randn({16, 8});
  // One warm-up step creates the leaves' gradients, which then persist.
  auto step = [&] {
    auto y = linear(x, w, b).tanh();
    auto loss = ((y - target) * (y - target)).mean();
    loss.backward();
    NoGradGuard no_grad;
    w.sub_(w.grad(), 0.01);
    b.sub_(b.grad(), 0.01);
    w.zero_grad(false);
    b.zero_grad(false);
    return loss.item<double>();
  };
  const double first_loss = step();
  CHECK(train_with_flat_live_counts(step) < first_loss);
}

TEST_CASE("a_graph_is_freed_when_its_last_tensor_goes") {
  const LiveCounts before;
  {
    auto x = randn({3}, TensorOptions().requires_grad(true));
    auto y = (x.sigmoid() * x).sum();
    CHECK(autograd::Node::live_count() > before.nodes);
    y.backward(Tensor(), /*retain_graph=*/true);
  }
  const LiveCounts after;
  CHECK(after.nodes == before.nodes);
  CHECK(after.impls == before.impls);
}

TEST_CASE("an_unused_graph_is_freed_without_backward") {
  const LiveCounts before;
  {
    auto x = randn({3}, TensorOptions().requires_grad(true));
    auto y = x.exp() * x.tanh();
    auto z = y.softmax(0);
    (void)z;
  }
  CHECK(autograd::Node::live_count() == before.nodes);
  CHECK(TensorImpl::live_count() == before.impls);
}

TEST_CASE("retained_non_leaf_gradient_does_not_keep_the_graph_alive") {
  const LiveCounts before;
  {
    auto x = randn({3}, TensorOptions().requires_grad(true));
    auto h = x * 2.0;
    h.retain_grad();
    h.sum().backward();
    CHECK(h.grad().defined());
  }
  CHECK(autograd::Node::live_count() == before.nodes);
  CHECK(TensorImpl::live_count() == before.impls);
}

TEST_CASE("ten_thousand_gru_training_steps_keep_live_tensors_and_nodes_flat") {
  manual_seed(0);
  nn::GRU gru(/*input_size=*/2, /*hidden_size=*/4);
  nn::Linear head(4, 1);
  std::vector<Tensor> parameters = gru.parameters();
  for (const Tensor& p : head.parameters()) parameters.push_back(p);
  optim::SGD optimizer(parameters, optim::SGDOptions(0.05).momentum(0.9));
  const auto sequence = randn({3, 2, 2});  // (steps, batch, features)
  const auto target = sequence.sum({0, 2}).unsqueeze(1);
  auto step = [&] {
    auto [output, h_n] = gru(sequence);
    auto loss = nn::functional::mse_loss(head(h_n[0]), target);
    optimizer.zero_grad();
    loss.backward();
    nn::utils::clip_grad_norm_(parameters, 1.0);
    optimizer.step();
    return loss.item<double>();
  };
  // The first steps create the gradients and momentum buffers, which then persist.
  const double first_loss = step();
  step();
  CHECK(train_with_flat_live_counts(step) < first_loss / 10);
}

TEST_CASE("two_thousand_packed_bidirectional_lstm_steps_with_dropout_keep_live_counts_flat") {
  manual_seed(0);
  nn::LSTM lstm(nn::LSTMOptions(2, 3).num_layers(2).bidirectional(true).dropout(0.2));
  optim::Adam optimizer(lstm.parameters(), optim::AdamOptions(0.01));
  const auto packed =
      nn::utils::rnn::pack_padded_sequence(randn({3, 2, 2}), tensor({1, 3}), false, false);
  auto step = [&] {
    auto [output, state] = lstm(packed);
    auto [padded, lengths] = nn::utils::rnn::pad_packed_sequence(output);
    auto loss = padded.pow(2).mean() + std::get<1>(state).pow(2).mean();
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return loss.item<double>();
  };
  const double first_loss = step();
  step();
  CHECK(train_with_flat_live_counts(step, 2000) < first_loss);
}

namespace {
// Whether a node named `name` lies within `depth` edges upstream of `node`.
bool upstream_has(const std::shared_ptr<autograd::Node>& node, const std::string& name, int depth) {
  if (!node) return false;
  if (node->name() == name) return true;
  if (depth == 0) return false;
  for (const autograd::Edge& e : node->next_edges()) {
    if (upstream_has(e.node, name, depth - 1)) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("ten_thousand_fused_lstm_and_rnn_sequence_steps_keep_live_counts_flat") {
  manual_seed(0);
  nn::LSTM lstm(nn::LSTMOptions(2, 4));
  nn::RNN rnn(nn::RNNOptions(4, 3).num_layers(2));
  std::vector<Tensor> parameters = lstm.parameters();
  for (const Tensor& p : rnn.parameters()) parameters.push_back(p);
  optim::SGD optimizer(parameters, optim::SGDOptions(0.05).momentum(0.9));
  const auto sequence = randn({4, 2, 2});  // (steps, batch, features)
  const auto target = sequence.sum({0, 2}).unsqueeze(1);
  bool fused = true;
  auto step = [&] {
    auto [lstm_output, lstm_state] = lstm(sequence);
    auto [output, h_n] = rnn(lstm_output);
    fused = fused && upstream_has(lstm_output.grad_fn(), "FusedLSTMBackward", 2) &&
            upstream_has(output.grad_fn(), "FusedRNNBackward", 2);
    auto loss = nn::functional::mse_loss(h_n[1].sum(1, true), target);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return loss.item<double>();
  };
  const double first_loss = step();
  step();
  CHECK(train_with_flat_live_counts(step) < first_loss);
  CHECK(fused);
}
