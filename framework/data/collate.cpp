#include "xgrad/framework/data/collate.hpp"

#include <stdexcept>
#include <xtensor/xarray.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/nn/utils/rnn.hpp"

namespace xgrad::data {

namespace {

void check_batch(const std::vector<Example>& examples, const char* op) {
  XGRAD_CHECK(!examples.empty(), std::invalid_argument, op,
              ": expected at least one example, but got an empty batch");
  for (size_t k = 0; k < examples.size(); ++k) {
    XGRAD_CHECK(examples[k].size() == examples[0].size(), std::invalid_argument, op, ": example ",
                k, " has ", examples[k].size(), " fields, but example 0 has ", examples[0].size());
    for (size_t f = 0; f < examples[k].size(); ++f) {
      XGRAD_CHECK(examples[k][f].defined(), std::invalid_argument, op, ": field ", f,
                  " of example ", k, " is an undefined Tensor");
    }
  }
}

// Field `field` of every example, checked to agree in dtype (and in shape, from dim
// `first_dim` on).
std::vector<Tensor> field_of(const std::vector<Example>& examples, size_t field, int64_t first_dim,
                             const char* op) {
  std::vector<Tensor> values;
  values.reserve(examples.size());
  const Tensor& first = examples[0][field];
  for (size_t k = 0; k < examples.size(); ++k) {
    const Tensor& t = examples[k][field];
    XGRAD_CHECK(t.dtype() == first.dtype(), std::invalid_argument, op, ": field ", field,
                " of example ", k, " has dtype ", t.dtype(), ", but example 0 has dtype ",
                first.dtype());
    bool same = t.dim() == first.dim();
    for (int64_t d = first_dim; same && d < t.dim(); ++d) same = t.size(d) == first.size(d);
    XGRAD_CHECK(same, std::invalid_argument, op, ": field ", field, " of example ", k,
                " has shape ", t.sizes(), ", but example 0 has shape ", first.sizes(),
                first_dim == 0 ? "; stacking needs equal shapes (pad_collate pads sequences)"
                               : "; sequences may differ in length only");
    values.push_back(t);
  }
  return values;
}

}  // namespace

Example default_collate(const std::vector<Example>& examples) {
  check_batch(examples, "default_collate");
  Example batch;
  for (size_t f = 0; f < examples[0].size(); ++f) {
    batch.push_back(stack(field_of(examples, f, 0, "default_collate"), 0));
  }
  return batch;
}

Collate pad_collate(double padding_value) {
  return [padding_value](const std::vector<Example>& examples) {
    check_batch(examples, "pad_collate");
    XGRAD_CHECK(!examples[0].empty(), std::invalid_argument,
                "pad_collate: expected examples {sequence, ...}, but got examples of no fields");
    for (size_t k = 0; k < examples.size(); ++k) {
      XGRAD_CHECK(examples[k][0].dim() > 0, std::invalid_argument,
                  "pad_collate: the sequence (field 0) of example ", k,
                  " is 0-dimensional; expected a sequence [L, *]");
    }
    const std::vector<Tensor> sequences = field_of(examples, 0, 1, "pad_collate");
    xt::xarray<int64_t> lengths = xt::zeros<int64_t>({sequences.size()});
    for (size_t k = 0; k < sequences.size(); ++k) lengths(k) = sequences[k].size(0);
    Example batch{nn::utils::rnn::pad_sequence(sequences, /*batch_first=*/true, padding_value),
                  tensor(std::move(lengths))};
    for (size_t f = 1; f < examples[0].size(); ++f) {
      batch.push_back(stack(field_of(examples, f, 0, "pad_collate"), 0));
    }
    return batch;
  };
}

}  // namespace xgrad::data
