// Bad input: nn/loss.hpp. The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <string>

#include "bad_input_table.hpp"

TEST_CASE("losses_refuse_mismatched_shapes_bad_ranks_and_bad_class_indices") {
  const Tensor logits = zeros({2, 3});
  const Tensor classes = tensor({0.0, 2.0});
  const std::string not_c_or_nc = "expected input of shape (C) or (N, C), got input of shape";
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
      {"cross_entropy of a 3-D input", [] { F::cross_entropy(zeros({2, 3, 4}), zeros({2, 4})); },
       Error::InvalidArgument, not_c_or_nc + " [2, 3, 4]"},
      {"cross_entropy of a 0-dim input", [] { F::cross_entropy(tensor(1.0), tensor(0.0)); },
       Error::InvalidArgument, not_c_or_nc + " []"},
      {"cross_entropy with a target batch of another size",
       [&] { F::cross_entropy(logits, tensor({0.0, 1.0, 2.0})); }, Error::InvalidArgument,
       "Expected input batch_size (2) to match target batch_size (3)."},
      {"cross_entropy with a target of another shape",
       [&] { F::cross_entropy(logits, zeros({2, 4})); }, Error::InvalidArgument,
       "expected a target of class indices of shape [2] or of class probabilities of shape [2, "
       "3], got (input: [2, 3], target: [2, 4])"},
      {"cross_entropy with a class index past the end",
       [&] { F::cross_entropy(logits, tensor({0.0, 3.0})); }, Error::OutOfRange,
       "Target 3 is out of bounds."},
      {"cross_entropy with a negative class index",
       [&] { F::cross_entropy(logits, tensor({-1.0, 0.0})); }, Error::OutOfRange,
       "Target -1 is out of bounds."},
      {"cross_entropy with a fractional class index",
       [&] { F::cross_entropy(logits, tensor({0.5, 0.0})); }, Error::InvalidArgument,
       "target must hold class indices (whole numbers), got 0.5"},
      {"cross_entropy with a NaN class index",
       [&] { F::cross_entropy(logits, tensor({kNan, 0.0})); }, Error::InvalidArgument,
       "target must hold class indices (whole numbers), got nan"},
      {"cross_entropy over zero classes", [] { F::cross_entropy(zeros({2, 0}), zeros({2})); },
       Error::OutOfRange, "Target 0 is out of bounds."},
      {"cross_entropy of probabilities with ignore_index",
       [&] { F::cross_entropy(logits, zeros({2, 3}), Reduction::Mean, 0); }, Error::InvalidArgument,
       "ignore_index is not supported for floating point target"},
      {"CrossEntropyLoss with a class index past the end",
       [&] { nn::CrossEntropyLoss()(logits, tensor({5.0, 0.0})); }, Error::OutOfRange,
       "Target 5 is out of bounds."},
      {"cross_entropy of an undefined target", [&] { F::cross_entropy(logits, Tensor()); },
       Error::LogicError, "cross_entropy(): " + kUndefined},
      {"nll_loss of a 3-D input", [] { F::nll_loss(zeros({2, 3, 4}), zeros({2, 4})); },
       Error::InvalidArgument, not_c_or_nc + " [2, 3, 4]"},
      {"nll_loss with a target of probabilities", [&] { F::nll_loss(logits, zeros({2, 3})); },
       Error::InvalidArgument, "nll_loss(): expected a target of class indices of shape [2], got"},
      {"nll_loss with a class index past the end", [&] { F::nll_loss(logits, tensor({0.0, 7.0})); },
       Error::OutOfRange, "Target 7 is out of bounds."},
      {"nll_loss of an unbatched input with a batched target",
       [&] { F::nll_loss(logits[0], classes); }, Error::InvalidArgument,
       "(input: [3], target: [2])"},
      {"nll_loss of an undefined input", [&] { F::nll_loss(Tensor(), classes); }, Error::LogicError,
       "nll_loss(): " + kUndefined},
  });
  // clang-format on
}
