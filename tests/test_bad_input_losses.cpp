// Bad input: nn/loss.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("losses_refuse_mismatched_shapes_bad_ranks_and_bad_class_indices") {
  const Tensor logits = zeros({2, 3});
  const Tensor classes = tensor({0, 2});
  const std::string float_indices = "expected scalar type Long but found Float";
  // clang-format off
  check_errors({
      {"mse_loss of mismatched shapes", [&] { F::mse_loss(logits, zeros({3})); },
       Error::InvalidArgument,
       "Using a target size ([3]) that is different to the input size ([2, 3])"},
      {"MSELoss of mismatched shapes", [&] { nn::MSELoss()(logits, zeros({2, 1})); },
       Error::InvalidArgument,
       "Using a target size ([2, 1]) that is different to the input size ([2, 3])"},
      {"mse_loss of an undefined target", [&] { F::mse_loss(logits, Tensor()); }, Error::LogicError,
       "mse_loss(): " + kUndefined},
      {"binary_cross_entropy_with_logits of mismatched shapes",
       [&] { F::binary_cross_entropy_with_logits(logits, zeros({2, 4})); }, Error::InvalidArgument,
       "Target size ([2, 4]) must be the same as input size ([2, 3])"},
      {"BCEWithLogitsLoss of mismatched shapes",
       [&] { nn::BCEWithLogitsLoss()(logits, zeros({3})); }, Error::InvalidArgument,
       "Target size ([3]) must be the same as input size ([2, 3])"},
      {"binary_cross_entropy_with_logits of an undefined input",
       [&] { F::binary_cross_entropy_with_logits(Tensor(), logits); }, Error::LogicError,
       "binary_cross_entropy_with_logits(): " + kUndefined},
      {"cross_entropy of a 3-D input with float indices",
       [] { F::cross_entropy(zeros({2, 3, 4}), zeros({2, 4})); }, Error::InvalidArgument,
       "cross_entropy(): " + float_indices},
      {"cross_entropy of a 3-D input with a target of another shape",
       [] { F::cross_entropy(zeros({2, 3, 4}), zeros({2, 3}, kInt64)); }, Error::InvalidArgument,
       "expected a target of class indices of shape [2, 4]"},
      {"cross_entropy of a 0-dim input", [] { F::cross_entropy(tensor(1.0), tensor(0.0)); },
       Error::InvalidArgument, "Expected 1 or more dimensions (got 0)"},
      {"cross_entropy with a target batch of another size",
       [&] { F::cross_entropy(logits, tensor({0, 1, 2})); }, Error::InvalidArgument,
       "Expected input batch_size (2) to match target batch_size (3)."},
      {"cross_entropy with a target of another shape",
       [&] { F::cross_entropy(logits, zeros({2, 4})); }, Error::InvalidArgument,
       "expected a target of class indices of shape [2] or of class probabilities of shape [2, "
       "3], got (input: [2, 3], target: [2, 4])"},
      {"cross_entropy with a class index past the end",
       [&] { F::cross_entropy(logits, tensor({0, 3})); }, Error::OutOfRange,
       "Target 3 is out of bounds."},
      {"cross_entropy with a negative class index",
       [&] { F::cross_entropy(logits, tensor({-1, 0})); }, Error::OutOfRange,
       "Target -1 is out of bounds."},
      {"cross_entropy with float class indices",
       [&] { F::cross_entropy(logits, tensor({1.0, 0.0})); }, Error::InvalidArgument,
       "cross_entropy(): " + float_indices + ": a target of shape [2] holds class indices, which "
       "must be int64; got float32 (input: [2, 3], target: [2]). Convert it with .to(kInt64)"},
      {"cross_entropy with a NaN class index",
       [&] { F::cross_entropy(logits, tensor({kNan, 0.0})); }, Error::InvalidArgument,
       float_indices},
      {"cross_entropy with bool class indices",
       [&] { F::cross_entropy(logits, tensor({true, false})); }, Error::InvalidArgument,
       "cross_entropy(): expected scalar type Long but found Bool: class indices must be int64, "
       "got bool"},
      {"cross_entropy with int64 class probabilities",
       [&] { F::cross_entropy(logits, zeros({2, 3}, kInt64)); }, Error::InvalidArgument,
       "Expected floating point type for target with class probabilities, got Long"},
      {"cross_entropy with a label_smoothing above 1",
       [&] { F::cross_entropy(logits, classes, Reduction::Mean, -100, 2.0); },
       Error::InvalidArgument, "label_smoothing must be between 0.0 and 1.0. Got: 2"},
      {"cross_entropy over zero classes", [] { F::cross_entropy(zeros({2, 0}), zeros({2}, kInt64)); },
       Error::OutOfRange, "Target 0 is out of bounds."},
      {"cross_entropy of probabilities with ignore_index",
       [&] { F::cross_entropy(logits, zeros({2, 3}), Reduction::Mean, 0); }, Error::InvalidArgument,
       "ignore_index is not supported for floating point target"},
      {"CrossEntropyLoss with a class index past the end",
       [&] { nn::CrossEntropyLoss()(logits, tensor({5, 0})); }, Error::OutOfRange,
       "Target 5 is out of bounds."},
      {"cross_entropy of an undefined target", [&] { F::cross_entropy(logits, Tensor()); },
       Error::LogicError, "cross_entropy(): " + kUndefined},
      {"nll_loss of a 3-D input with a target batch of another size",
       [] { F::nll_loss(zeros({2, 3, 4}), zeros({3, 4}, kInt64)); }, Error::InvalidArgument,
       "Expected input batch_size (2) to match target batch_size (3)."},
      {"nll_loss with float class indices", [&] { F::nll_loss(logits, zeros({2})); },
       Error::InvalidArgument, "nll_loss(): " + float_indices},
      {"nll_loss with a target of probabilities", [&] { F::nll_loss(logits, zeros({2, 3})); },
       Error::InvalidArgument, "nll_loss(): expected a target of class indices of shape [2], got"},
      {"nll_loss with a class index past the end", [&] { F::nll_loss(logits, tensor({0, 7})); },
       Error::OutOfRange, "Target 7 is out of bounds."},
      {"nll_loss of an unbatched input with a batched target",
       [&] { F::nll_loss(logits[0], classes); }, Error::InvalidArgument,
       "(input: [3], target: [2])"},
      {"nll_loss of an undefined input", [&] { F::nll_loss(Tensor(), classes); }, Error::LogicError,
       "nll_loss(): " + kUndefined},
  });
  // clang-format on
}
