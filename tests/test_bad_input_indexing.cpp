// Bad input: framework/ops/indexing.hpp, framework/ops/sampling.hpp and nn::functional's
// embedding, one_hot and dropout. The tables read as bad_input_table.hpp says.
#include <limits>

#include <doctest/doctest.h>

#include "bad_input_table.hpp"

TEST_CASE("indexing_ops_refuse_bad_indices_dtypes_and_ranks") {
  const Tensor x = zeros({5, 3});
  const Tensor idx = tensor({{1, 0, 0}});
  const Tensor undefined;
  // clang-format off
  check_errors({
      {"gather with an index past the end", [&] { gather(x, 0, tensor({{7, 0, 0}})); },
       Error::OutOfRange,
       "index 7 is out of bounds for dimension 0 with size 5"},
      {"gather with a negative index", [&] { gather(x, 1, tensor({-1}).unsqueeze(0)); }, Error::OutOfRange,
       "index -1 is out of bounds for dimension 1 with size 3"},
      {"gather with a float index", [&] { gather(x, 0, tensor({{1.0, 0, 0}})); },
       Error::InvalidArgument,
       "gather(): Expected dtype int64 for index"},
      {"gather with a bool index", [&] { x.gather(0, tensor({true})); }, Error::InvalidArgument,
       "gather(): Expected dtype int64 for index"},
      {"gather with an index of another rank", [&] { gather(x, 0, tensor({1, 0, 0})); },
       Error::InvalidArgument,
       "Index tensor must have the same number of dimensions as input tensor"},
      {"gather with an index wider than input", [&] { gather(x, 0, zeros({2, 4}, kInt64)); },
       Error::InvalidArgument,
       "Size does not match at dimension 1 expected index [2, 4] to be smaller than self [5, 3] "
       "apart from dimension 0"},
      {"gather along dim 2 of a matrix", [&] { gather(x, 2, idx); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-2, 1], but got 2)"},
      {"gather of an undefined tensor", [&] { gather(undefined, 0, idx); }, Error::LogicError,
       "gather(): expected a defined Tensor, but got an undefined Tensor"},
      {"gather with an undefined index", [&] { gather(x, 0, undefined); }, Error::LogicError,
       "expected a defined Tensor, but got an undefined Tensor"},
      {"scatter_add with an index past the end",
       [&] { scatter_add(x, 0, tensor({{7, 0, 0}}), ones({1, 3})); },
       Error::OutOfRange, "index 7 is out of bounds for dimension 0 with size 5"},
      {"scatter_add with a float index",
       [&] { scatter_add(x, 0, tensor({{1.0, 0, 0}}), ones({1, 3})); },
       Error::InvalidArgument, "scatter(): Expected dtype int64 for index"},
      {"scatter_add with src of another dtype",
       [&] { scatter_add(x, 0, idx, ones({1, 3}, kFloat64)); },
       Error::InvalidArgument, "scatter(): Expected self.dtype to be equal to src.dtype"},
      {"scatter_add with an index of another rank",
       [&] { scatter_add(x, 0, tensor({1, 0, 0}), ones({1, 3})); },
       Error::InvalidArgument, "Index tensor must have the same number of dimensions as self "
       "tensor"},
      {"scatter_add with src of another rank", [&] { scatter_add(x, 0, idx, ones({3})); },
       Error::InvalidArgument, "Index tensor must have the same number of dimensions as src "
       "tensor"},
      {"scatter_add with an index larger than src",
       [&] { x.scatter_add(0, zeros({2, 3}, kInt64), ones({1, 3})); },
       Error::InvalidArgument,
       "Expected index [2, 3] to be smaller than self [5, 3] apart from dimension 0 and to be "
       "smaller size than src [1, 3]"},
      {"scatter_add of an undefined src", [&] { scatter_add(x, 0, idx, undefined); },
       Error::LogicError,
       "scatter_add(): expected a defined Tensor, but got an undefined Tensor"},
      {"index_select past the end", [&] { index_select(x, 0, tensor({7})); }, Error::OutOfRange,
       "index out of range in self"},
      {"index_select with a negative index", [&] { x.index_select(1, tensor({-1})); },
       Error::OutOfRange,
       "index out of range in self"},
      {"index_select with a float index", [&] { index_select(x, 0, tensor({1.0})); },
       Error::InvalidArgument,
       "index_select(): Expected dtype int32 or int64 for index"},
      {"index_select of a 0-dim tensor at two indices",
       [] { index_select(tensor(1.0), 0, tensor({0, 0})); }, Error::InvalidArgument,
       "index_select(): Index to scalar can have only 1 value, got 2 value(s)"},
      {"index_select with a 2-D index", [&] { index_select(x, 0, tensor({1}).unsqueeze(0)); },
       Error::OutOfRange,
       "index_select(): Index is supposed to be a vector"},
      {"index_select along dim 3", [&] { index_select(x, 3, tensor({1})); }, Error::OutOfRange,
       "Dimension out of range (expected to be in range of [-2, 1], but got 3)"},
      {"index_select of an undefined tensor", [&] { index_select(undefined, 0, tensor({1})); },
       Error::LogicError,
       "index_select(): expected a defined Tensor, but got an undefined Tensor"},
  });
  // clang-format on
}

TEST_CASE("embedding_and_one_hot_refuse_bad_indices_weights_and_class_counts") {
  const Tensor weight = zeros({5, 3});
  // clang-format off
  check_errors({
      {"embedding past the last row", [&] { F::embedding(tensor({10}), weight); },
       Error::OutOfRange,
       "index out of range in self"},
      {"embedding of a negative index", [&] { F::embedding(tensor({-1}), weight); },
       Error::OutOfRange,
       "index out of range in self"},
      {"embedding of float indices", [&] { F::embedding(tensor({1.0}), weight); },
       Error::InvalidArgument,
       "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
       "Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)"},
      {"embedding of a 1-D weight", [&] { F::embedding(tensor({1}), zeros({5})); },
       Error::InvalidArgument,
       "'weight' must be 2-D"},
      {"embedding with padding_idx 5 of 5 rows", [&] { F::embedding(tensor({1}), weight, 5); },
       Error::InvalidArgument,
       "Padding_idx must be within num_embeddings"},
      {"embedding with padding_idx -6 of 5 rows", [&] { F::embedding(tensor({1}), weight, -6); },
       Error::InvalidArgument,
       "Padding_idx must be within num_embeddings"},
      {"embedding of an undefined weight", [&] { F::embedding(tensor({1}), Tensor()); },
       Error::LogicError,
       "embedding(): expected a defined Tensor, but got an undefined Tensor"},
      {"one_hot of a class past num_classes", [] { F::one_hot(tensor({3}), 3); },
       Error::InvalidArgument,
       "Class values must be smaller than num_classes."},
      {"one_hot of a negative class", [] { F::one_hot(tensor({-1}), 3); }, Error::InvalidArgument,
       "Class values must be non-negative."},
      {"one_hot of float classes", [] { F::one_hot(tensor({1.0}), 3); }, Error::InvalidArgument,
       "one_hot is only applicable to index tensor."},
      {"one_hot of no classes to count", [] { F::one_hot(zeros({0}, kInt64)); },
       Error::InvalidArgument,
       "Can not infer total number of classes from empty tensor."},
      {"one_hot with 0 classes", [] { F::one_hot(tensor({0}), 0); }, Error::InvalidArgument,
       "Class values must be smaller than num_classes."},
      {"one_hot inferring a class count past int64",
       [] { F::one_hot(tensor({std::numeric_limits<int64_t>::max()})); },
       Error::InvalidArgument,
       "one_hot(): expected class values below 9223372036854775807 to infer num_classes, but got "
       "9223372036854775807"},
      {"one_hot of more elements than int64 counts",
       [] { F::one_hot(zeros({0, int64_t{1} << 40}, kInt64), int64_t{1} << 40); },
       Error::InvalidArgument,
       "Storage size calculation overflowed"},
      {"one_hot of an undefined tensor", [] { F::one_hot(Tensor()); }, Error::LogicError,
       "one_hot(): expected a defined Tensor, but got an undefined Tensor"},
  });
  // clang-format on
}

TEST_CASE("sampling_ops_refuse_bad_probabilities_counts_and_dropout_p") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // clang-format off
  check_errors({
      {"multinomial of a negative weight", [] { multinomial(tensor({0.5, -0.1}), 1); },
       Error::InvalidArgument,
       "probability tensor contains either `inf`, `nan` or element < 0"},
      {"multinomial of a NaN weight", [&] { multinomial(tensor({0.5, nan}), 1); },
       Error::InvalidArgument,
       "probability tensor contains either `inf`, `nan` or element < 0"},
      {"multinomial of too many samples without replacement",
       [] { multinomial(tensor({0.5, 0.5}), 3); },
       Error::InvalidArgument, "cannot sample n_sample > prob_dist.size(-1) samples without "
       "replacement"},
      {"multinomial of zero weights", [] { multinomial(tensor({0.0, 0.0}), 1, true); },
       Error::InvalidArgument,
       "invalid multinomial distribution (sum of probabilities <= 0)"},
      {"multinomial of one row of zero weights",
       [] { multinomial(tensor({{1.0, 0.0}, {0.0, 0.0}}), 1); },
       Error::InvalidArgument, "invalid multinomial distribution (sum of probabilities <= 0)"},
      {"multinomial of 3-D weights", [] { multinomial(ones({2, 2, 2}), 1); },
       Error::InvalidArgument,
       "prob_dist must be 1 or 2 dim"},
      {"multinomial of int64 weights", [] { multinomial(tensor({1, 2}), 1); },
       Error::InvalidArgument,
       "multinomial only supports floating-point dtypes for input, got: Long"},
      {"multinomial of no samples", [] { multinomial(tensor({1.0, 2.0}), 0); },
       Error::InvalidArgument,
       "cannot sample n_sample <= 0 samples"},
      {"multinomial of an undefined tensor", [] { multinomial(Tensor(), 1); }, Error::LogicError,
       "multinomial(): expected a defined Tensor, but got an undefined Tensor"},
      {"bernoulli of p 1.5", [] { bernoulli(tensor({1.5})); }, Error::InvalidArgument,
       "Expected p_in >= 0 && p_in <= 1 to be true, but got false."},
      {"bernoulli of NaN", [&] { bernoulli(tensor({nan})); }, Error::InvalidArgument,
       "Expected p_in >= 0 && p_in <= 1 to be true, but got false."},
      {"bernoulli of int64 p", [] { bernoulli(tensor({1, 0})); }, Error::InvalidArgument,
       "\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'"},
      {"bernoulli of an undefined tensor", [] { bernoulli(Tensor()); }, Error::LogicError,
       "bernoulli(): expected a defined Tensor, but got an undefined Tensor"},
      {"dropout with p 1.5", [] { F::dropout(ones({2}), 1.5); }, Error::InvalidArgument,
       "dropout probability has to be between 0 and 1, but got 1.5"},
      {"dropout with p -0.1", [] { F::dropout(ones({2}), -0.1); }, Error::InvalidArgument,
       "dropout probability has to be between 0 and 1, but got -0.1"},
      {"dropout of int64 values while training", [] { F::dropout(tensor({1, 2}), 0.5); },
       Error::InvalidArgument,
       "result type Float can't be cast to the desired output type Long"},
      {"dropout of an undefined tensor", [] { F::dropout(Tensor()); }, Error::LogicError,
       "dropout(): expected a defined Tensor, but got an undefined Tensor"},
  });
  // clang-format on
}
