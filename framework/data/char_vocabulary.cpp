#include "xgrad/framework/data/char_vocabulary.hpp"

#include <stdexcept>
#include <xtensor/xarray.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::data {

namespace {

size_t byte(char character) {
  return static_cast<unsigned char>(character);
}

}  // namespace

CharVocabulary::CharVocabulary(const std::string& text) {
  std::array<bool, 256> seen{};
  for (char c : text) seen[byte(c)] = true;
  for (size_t b = 0; b < seen.size(); ++b) {
    if (!seen[b]) continue;
    characters_.push_back(static_cast<char>(static_cast<unsigned char>(b)));
    index_of_[b] = static_cast<int64_t>(characters_.size());
  }
}

int64_t CharVocabulary::index(char character) const {
  return index_of_[byte(character)];
}

Tensor CharVocabulary::encode(const std::string& text) const {
  xt::xarray<int64_t> indices = xt::zeros<int64_t>({text.size()});
  for (size_t k = 0; k < text.size(); ++k) indices(k) = index(text[k]);
  return tensor(std::move(indices));
}

std::string CharVocabulary::decode(const Tensor& indices) const {
  XGRAD_CHECK(indices.defined(), std::invalid_argument,
              "CharVocabulary::decode: expected a defined Tensor, but got an undefined Tensor");
  XGRAD_CHECK(indices.dtype() == kInt64 && indices.dim() <= 1, std::invalid_argument,
              "CharVocabulary::decode: expected 1-D int64 indices, but got a ", indices.dim(),
              "-D ", indices.dtype(), " tensor");
  const xt::xarray<int64_t> values = indices.to_xarray<int64_t>();  // a view has no xarray
  return decode(std::vector<int64_t>(values.begin(), values.end()));
}

std::string CharVocabulary::decode(const std::vector<int64_t>& indices) const {
  std::string text;
  text.reserve(indices.size());
  for (int64_t i : indices) {
    XGRAD_CHECK(i >= 0 && i < size(), std::out_of_range, "CharVocabulary::decode: index ", i,
                " is out of range for a vocabulary of size ", size());
    text.push_back(i == unknown_index() ? '?' : characters_[static_cast<size_t>(i - 1)]);
  }
  return text;
}

}  // namespace xgrad::data
