// Bad input: empty tensors into every op: the result PyTorch gives, or its error.
// The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bad_input_table.hpp"

TEST_CASE("ops_on_a_0_by_3_tensor_give_pytorchs_empty_results") {
  const Tensor e = zeros({0, 3}, requires_grad());
  const auto sequences = [&] { return e.unsqueeze(0).expand({5, 0, 3}); };  // 5 steps, batch 0
  const double inf = INFINITY;
  // clang-format off
  check_empty_results({
      {"zeros", [] { return zeros({0, 3}); }, {0, 3}},
      {"arange to 0", [] { return arange(0.0); }, {0}},
      {"arange of an empty range", [] { return arange(2.0, 2.0); }, {0}},
      {"neg", [&] { return -e; }, {0, 3}},
      {"exp", [&] { return e.exp(); }, {0, 3}},
      {"log", [&] { return e.log(); }, {0, 3}},
      {"sqrt", [&] { return e.sqrt(); }, {0, 3}},
      {"abs", [&] { return e.abs(); }, {0, 3}},
      {"sign", [&] { return sign(e); }, {0, 3}},
      {"sigmoid", [&] { return e.sigmoid(); }, {0, 3}},
      {"tanh", [&] { return e.tanh(); }, {0, 3}},
      {"relu", [&] { return e.relu(); }, {0, 3}},
      {"clamp", [&] { return e.clamp(0.0, 1.0); }, {0, 3}},
      {"pow with a number", [&] { return e.pow(2.0); }, {0, 3}},
      {"pow with a tensor", [&] { return e.pow(ones({3})); }, {0, 3}},
      {"arithmetic with numbers", [&] { return (1.0 - e) / 2.0 + 1.0 / (e + 1.0); }, {0, 3}},
      {"add a row", [&] { return e + ones({3}); }, {0, 3}},
      {"mul by a [1, 3]", [&] { return e * ones({1, 3}); }, {0, 3}},
      {"div by a [0, 1]", [&] { return e / ones({0, 1}); }, {0, 3}},
      {"broadcast against a [2, 1, 3]", [&] { return e - ones({2, 1, 3}); }, {2, 0, 3}},
      {"where", [&] { return where(e > 0.0, e, ones({3})); }, {0, 3}},
      {"to float64", [&] { return e.to(kFloat64); }, {0, 3}},
      {"clone", [&] { return e.clone(); }, {0, 3}},
      {"sum", [&] { return e.sum(); }, {}, 0.0},
      {"sum over dim 0", [&] { return e.sum({0}); }, {3}, 0.0},
      {"sum over dim 0 keepdim", [&] { return e.sum({0}, true); }, {1, 3}, 0.0},
      {"sum over dim 1", [&] { return e.sum({1}); }, {0}},
      {"mean", [&] { return e.mean(); }, {}, kNan},
      {"mean over dim 0", [&] { return e.mean({0}); }, {3}, kNan},
      {"mean over dim -1", [&] { return e.mean({-1}); }, {0}},
      {"amax over dim 1", [&] { return e.amax({1}); }, {0}},
      {"amax over dim 1 keepdim", [&] { return e.amax({1}, true); }, {0, 1}},
      {"logsumexp over dim 0", [&] { return e.logsumexp({0}); }, {3}, -inf},
      {"logsumexp over dim 1", [&] { return e.logsumexp({1}); }, {0}},
      {"logsumexp over all dims", [&] { return e.logsumexp({0, 1}); }, {}, -inf},
      {"softmax over dim 0", [&] { return e.softmax(0); }, {0, 3}},
      {"softmax over dim 1", [&] { return e.softmax(1); }, {0, 3}},
      {"log_softmax over dim 1", [&] { return e.log_softmax(1); }, {0, 3}},
      {"reshape to -1", [&] { return e.reshape({-1}); }, {0}},
      {"reshape to [-1, 3]", [&] { return e.reshape({-1, 3}); }, {0, 3}},
      {"reshape to [3, 0, 0]", [&] { return e.reshape({3, 0, 0}); }, {3, 0, 0}},
      {"view to [0, 3, 1]", [&] { return e.view({0, 3, 1}); }, {0, 3, 1}},
      {"flatten", [&] { return e.flatten(); }, {0}},
      {"squeeze", [&] { return e.squeeze(); }, {0, 3}},
      {"squeeze dim 0", [&] { return e.squeeze(0); }, {0, 3}},
      {"unsqueeze", [&] { return e.unsqueeze(1); }, {0, 1, 3}},
      {"transpose", [&] { return e.transpose(0, 1); }, {3, 0}},
      {"t", [&] { return e.t(); }, {3, 0}},
      {"expand", [&] { return e.expand({2, 0, 3}); }, {2, 0, 3}},
      {"expand a [1, 3] to [0, 3]", [] { return ones({1, 3}).expand({0, 3}); }, {0, 3}},
      {"select along dim 1", [&] { return e.select(1, 2); }, {0}},
      {"narrow along dim 0", [&] { return e.narrow(0, 0, 0); }, {0, 3}},
      {"narrow along dim 1", [&] { return e.narrow(1, 1, 2); }, {0, 2}},
      {"cat with a [2, 3]", [&] { return cat({e, ones({2, 3})}); }, {2, 3}, 1.0},
      {"cat along dim 1", [&] { return cat({e, e}, 1); }, {0, 6}},
      {"stack", [&] { return stack({e, e}); }, {2, 0, 3}},
      {"matmul by a [3, 4]", [&] { return matmul(e, ones({3, 4})); }, {0, 4}},
      {"matmul by a vector", [&] { return matmul(e, ones({3})); }, {0}},
      {"matmul of two empty vectors", [&] { return matmul(e.select(1, 0), e.select(1, 2)); }, {},
       0.0},
      {"matmul of [3, 0] by [0, 4]", [&] { return matmul(e.t(), ones({0, 4})); }, {3, 4}, 0.0},
      {"batched matmul", [&] { return matmul(e.unsqueeze(0), ones({2, 3, 4})); }, {2, 0, 4}},
      {"mm", [&] { return mm(e, ones({3, 2})); }, {0, 2}},
      {"linear", [&] { return linear(e, ones({4, 3}), ones({4})); }, {0, 4}},
      {"linear over 0 in_features", [&] { return linear(e.t(), ones({4, 0}), ones({4})); }, {3, 4},
       1.0},
      {"mse_loss mean", [&] { return F::mse_loss(e, zeros({0, 3})); }, {}, kNan},
      {"mse_loss sum", [&] { return F::mse_loss(e, zeros({0, 3}), Reduction::Sum); }, {}, 0.0},
      {"mse_loss none", [&] { return F::mse_loss(e, zeros({0, 3}), Reduction::None); }, {0, 3}},
      {"cross_entropy mean", [&] { return F::cross_entropy(e, zeros({0}, kInt64)); }, {}, kNan},
      {"cross_entropy sum", [&] { return F::cross_entropy(e, zeros({0}, kInt64), Reduction::Sum); }, {},
       0.0},
      {"cross_entropy none", [&] { return F::cross_entropy(e, zeros({0}, kInt64), Reduction::None); }, {0}},
      {"cross_entropy of probabilities", [&] { return F::cross_entropy(e, zeros({0, 3})); }, {},
       kNan},
      {"nll_loss sum", [&] { return F::nll_loss(e, zeros({0}, kInt64), Reduction::Sum); }, {}, 0.0},
      {"binary_cross_entropy_with_logits mean",
       [&] { return F::binary_cross_entropy_with_logits(e, zeros({0, 3})); }, {}, kNan},
      {"binary_cross_entropy_with_logits none",
       [&] { return F::binary_cross_entropy_with_logits(e, zeros({0, 3}), Reduction::None); },
       {0, 3}},
      {"Linear", [&] { return nn::Linear(3, 4)(e); }, {0, 4}},
      {"Linear of 0 in_features", [&] { return nn::Linear(0, 4)(e.t()); }, {3, 4}},
      {"GRUCell", [&] { return nn::GRUCell(3, 4)(e); }, {0, 4}},
      {"GRUCell with a hidden state", [&] { return nn::GRUCell(3, 4)(e, zeros({0, 4})); }, {0, 4}},
      {"GRUCell of input_size 0", [&] { return nn::GRUCell(0, 4)(e.t()); }, {3, 4}},
      {"GRUCell of hidden_size 0", [&] { return nn::GRUCell(3, 0)(e); }, {0, 0}},
      {"GRU output over a batch of 0", [&] { return std::get<0>(nn::GRU(3, 4)(sequences())); },
       {5, 0, 4}},
      {"GRU h_n over a batch of 0", [&] { return std::get<1>(nn::GRU(3, 4, 2)(sequences())); },
       {2, 0, 4}},
  }, e);
  check_parts({
      {"chunk along dim 0", [&] { return e.chunk(2, 0); }, {{0, 3}, {0, 3}}},
      {"chunk along dim 1", [&] { return e.chunk(2, 1); }, {{0, 2}, {0, 1}}},
      {"split along dim 0", [&] { return e.split(2, 0); }, {{0, 3}}},
      {"split into size 0 along dim 0", [&] { return e.split(0, 0); }, {{0, 3}}},
      {"unbind along dim 0", [&] { return e.unbind(0); }, {}},
      {"unbind along dim 1", [&] { return e.unbind(1); }, {{0}, {0}, {0}}},
  });
  // clang-format on
}

TEST_CASE("ops_that_need_elements_refuse_a_0_by_3_tensor_clearly") {
  const Tensor e = zeros({0, 3});
  // clang-format off
  check_errors({
      {"max", [&] { e.max(); }, Error::InvalidArgument,
       "max(): Expected reduction dim to be specified for input.numel() == 0"},
      {"amax over dim 0", [&] { e.amax({0}, true); }, Error::InvalidArgument,
       "amax(): Expected reduction dim 0 to have non-zero size."},
      {"item", [&] { e.item<double>(); }, Error::InvalidArgument,
       "a Tensor with 0 elements cannot be converted to Scalar"},
      {"select along the empty dim", [&] { e.select(0, 0); }, Error::OutOfRange,
       "select(): index 0 out of range for tensor of size [0, 3] at dimension 0"},
      {"narrow past the empty dim", [&] { e.narrow(0, 0, 1); }, Error::OutOfRange,
       "start (0) + length (1) exceeds dimension size (0)."},
      {"split into size 0 along a non-empty dim", [&] { e.split(0, 1); }, Error::InvalidArgument,
       "split_size can only be 0 if dimension size is 0, but got dimension size of 3"},
      {"reshape with an ambiguous -1", [&] { e.reshape({-1, 0}); }, Error::InvalidArgument,
       "cannot reshape tensor of 0 elements into shape [-1, 0]"},
      {"cat with a [2, 4]", [&] { cat({e, zeros({2, 4})}); }, Error::InvalidArgument,
       "Expected size 3 but got size 4 for tensor number 1 in the list."},
      {"matmul by a [4, 2]", [&] { matmul(e, zeros({4, 2})); }, Error::InvalidArgument,
       "mat1 and mat2 shapes cannot be multiplied (0x3 and 4x2)"},
      {"GRU over a sequence of length 0", [&] { nn::GRU(3, 4)(e); }, Error::InvalidArgument,
       "Expected sequence length to be larger than 0 in RNN"},
      {"cross_entropy over zero classes", [&] { F::cross_entropy(e.t(), zeros({3}, kInt64)); },
       Error::OutOfRange, "Target 0 is out of bounds."},
  });
  // clang-format on
}

TEST_CASE("chunk_split_and_narrow_take_extreme_counts_and_lengths_without_overflow") {
  const Tensor m = zeros({2, 3});
  // clang-format off
  check_parts({
      {"chunk into more chunks than rows", [&] { return m.chunk(kInt64Max); }, {{1, 3}, {1, 3}}},
      {"split into parts longer than the dim", [&] { return m.split(kInt64Max, 1); }, {{2, 3}}},
  });
  // clang-format on
  CHECK(m.narrow(1, 3, 0).sizes() == Sizes{2, 0});
  CHECK(m.narrow(1, -3, 3).sizes() == Sizes{2, 3});
}

TEST_CASE("optimizers_clipping_and_init_leave_empty_tensors_alone") {
  Tensor p = zeros({0, 3}, requires_grad());
  p.set_grad(zeros({0, 3}));
  optim::SGD sgd({p}, optim::SGDOptions(0.1).momentum(0.9).weight_decay(0.1));
  sgd.step();
  sgd.step();
  CHECK(p.sizes() == Sizes{0, 3});
  CHECK(sgd.momentum_buffer(0).sizes() == Sizes{0, 3});
  CHECK(nn::utils::clip_grad_norm_({p}, 1.0) == 0.0);
  CHECK(nn::utils::clip_grad_norm_({p}, 1.0, INFINITY) == 0.0);
  nn::utils::clip_grad_value_({p}, 1.0);
  CHECK(p.grad().sizes() == Sizes{0, 3});
  const std::vector<std::pair<std::string, std::function<Tensor(Tensor)>>> initialisers = {
      {"uniform_", [](Tensor t) { return nn::init::uniform_(t); }},
      {"normal_", [](Tensor t) { return nn::init::normal_(t); }},
      {"zeros_", [](Tensor t) { return nn::init::zeros_(t); }},
      {"xavier_uniform_", [](Tensor t) { return nn::init::xavier_uniform_(t); }},
      {"xavier_normal_", [](Tensor t) { return nn::init::xavier_normal_(t); }},
      {"kaiming_uniform_", [](Tensor t) { return nn::init::kaiming_uniform_(t); }},
      {"kaiming_normal_", [](Tensor t) { return nn::init::kaiming_normal_(t); }},
      {"orthogonal_", [](Tensor t) { return nn::init::orthogonal_(t); }},
  };
  for (const auto& [name, init] : initialisers) {
    const std::string& initialiser = name;  // doctest cannot capture a structured binding
    CAPTURE(initialiser);
    CHECK(init(zeros({0, 3})).sizes() == Sizes{0, 3});
    CHECK(init(zeros({3, 0})).sizes() == Sizes{3, 0});
  }
}

TEST_CASE("losses_of_mixed_dtypes_promote_like_elementwise_ops_and_differentiate") {
  // PyTorch computes these forwards in float64 too, but its backward then fails ("Found dtype
  // Double but expected Float"); xgrad returns the gradient in the input's dtype.
  Tensor x = tensor({{1.0, 2.0, 3.0}}, requires_grad());
  const Tensor y = tensor({{0.0, 1.0, 1.0}}, kFloat64);
  const std::vector<std::pair<std::string, std::function<Tensor()>>> losses = {
      {"mse_loss", [&] { return F::mse_loss(x, y); }},
      {"binary_cross_entropy_with_logits",
       [&] { return F::binary_cross_entropy_with_logits(x, y); }},
      {"cross_entropy of probabilities", [&] { return F::cross_entropy(x, y); }},
  };
  for (const auto& [name, loss] : losses) {
    const std::string& loss_name = name;  // doctest cannot capture a structured binding
    CAPTURE(loss_name);
    x.zero_grad();
    const Tensor value = loss();
    CHECK(value.dtype() == kFloat64);
    value.backward();
    CHECK(x.grad().dtype() == kFloat32);
    CHECK(x.grad().sizes() == x.sizes());
  }
  // Class indices are int64; the loss keeps the logits' dtype.
  CHECK(F::cross_entropy(x, tensor({2})).dtype() == kFloat32);
}
