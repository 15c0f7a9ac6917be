#include "xgrad/nn/embedding.hpp"

#include <stdexcept>
#include <xtensor/xview.hpp>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

namespace {

EmbeddingOptions with_normalized_padding_idx(EmbeddingOptions options) {
  if (const auto pad = options.padding_idx()) {
    const int64_t rows = options.num_embeddings();
    XGRAD_CHECK(*pad >= -rows && *pad < rows, std::invalid_argument,
                "Padding_idx must be within num_embeddings (got ", *pad, " for ", rows,
                " embeddings)");
    if (*pad < 0) options.padding_idx(*pad + rows);
  }
  return options;
}

template <typename T>
void zero_row(xt::xarray<T>& values, int64_t row) {
  xt::view(values, row, xt::all()) = T(0);
}

}  // namespace

Embedding::Embedding(int64_t num_embeddings, int64_t embedding_dim)
    : Embedding(EmbeddingOptions(num_embeddings, embedding_dim)) {}

Embedding::Embedding(const EmbeddingOptions& options)
    : Module("Embedding"), options_(with_normalized_padding_idx(options)) {
  weight = register_parameter("weight",
                              empty({options_.num_embeddings(), options_.embedding_dim()},
                                    TensorOptions(options_.dtype()).device(options_.device())));
  NoGradGuard no_grad;
  weight.normal_();
  if (const auto pad = options_.padding_idx()) {
    if (weight.dtype() == kFloat32) {
      zero_row(weight.data<float>(), *pad);
    } else {
      zero_row(weight.data<double>(), *pad);
    }
  }
}

Embedding::Embedding(const EmbeddingOptions& options, const Tensor& embeddings, bool freeze)
    : Module("Embedding"), options_(with_normalized_padding_idx(options)) {
  weight = register_parameter("weight", embeddings.detach(), !freeze);
}

std::shared_ptr<Embedding> Embedding::from_pretrained(const Tensor& embeddings, bool freeze,
                                                      std::optional<int64_t> padding_idx) {
  xgrad::detail::check_defined(embeddings, "from_pretrained");
  XGRAD_CHECK(embeddings.dim() == 2, std::invalid_argument,
              "Embeddings parameter is expected to be 2-dimensional (got ", embeddings.dim(),
              " dims)");
  const EmbeddingOptions options = EmbeddingOptions(embeddings.size(0), embeddings.size(1))
                                       .padding_idx(padding_idx)
                                       .dtype(embeddings.dtype());
  return std::shared_ptr<Embedding>(new Embedding(options, embeddings, freeze));
}

Tensor Embedding::forward(const Tensor& indices) const {
  return functional::embedding(indices, weight, options_.padding_idx());
}

std::shared_ptr<Module> Embedding::clone() const {
  return fill_clone(std::make_shared<Embedding>(options_));
}

void Embedding::pretty_print(std::ostream& os) const {
  os << "Embedding(" << options_.num_embeddings() << ", " << options_.embedding_dim();
  if (options_.padding_idx()) os << ", padding_idx=" << *options_.padding_idx();
  os << ')';
}

}  // namespace xgrad::nn
