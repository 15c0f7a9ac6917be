#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class EmbeddingOptions {
 public:
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim)
      : num_embeddings_(num_embeddings), embedding_dim_(embedding_dim) {}
  XGRAD_ARG(int64_t, num_embeddings);
  XGRAD_ARG(int64_t, embedding_dim);
  // The row that gets no gradient (and starts at zero); negative counts from the end.
  XGRAD_ARG(std::optional<int64_t>, padding_idx);
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A lookup table of num_embeddings vectors of size embedding_dim, as torch.nn.Embedding
// (https://pytorch.org/docs/1.13/generated/torch.nn.Embedding.html): weight starts from N(0, 1)
// with the padding_idx row zeroed. options().padding_idx() is stored non-negative, as PyTorch's.
class Embedding : public Module {
 public:
  Embedding(int64_t num_embeddings, int64_t embedding_dim);
  explicit Embedding(const EmbeddingOptions& options);

  // A module over `embeddings` (2-D, num_embeddings x embedding_dim), whose weight shares their
  // values and requires grad unless `freeze`; the padding_idx row is left as it is. Modules
  // cannot be copied, so this returns a std::shared_ptr (libtorch returns its module holder).
  static std::shared_ptr<Embedding> from_pretrained(
      const Tensor& embeddings, bool freeze = true,
      std::optional<int64_t> padding_idx = std::nullopt);

  // int64 indices of any shape -> indices.sizes() + [embedding_dim].
  Tensor forward(const Tensor& indices) const;
  Tensor operator()(const Tensor& indices) const { return forward(indices); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
  const EmbeddingOptions& options() const { return options_; }

  Tensor weight;  // (num_embeddings, embedding_dim)

 private:
  Embedding(const EmbeddingOptions& options, const Tensor& embeddings, bool freeze);

  EmbeddingOptions options_;
};

}  // namespace xgrad::nn
