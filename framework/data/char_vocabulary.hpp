#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::data {

// The characters of a text, numbered for a character-level model. A character is a byte: UTF-8
// text is handled byte by byte (a multi-byte character is several entries). Index 0 is reserved
// for unknown characters: encode() maps every byte not seen in the text the vocabulary was built
// from to unknown_index(), and decode() writes that index as '?'. The text's distinct bytes,
// in increasing (unsigned) order, have indices 1 to size() - 1.
class CharVocabulary {
 public:
  explicit CharVocabulary(const std::string& text);

  // The distinct bytes of the text, plus the unknown entry.
  int64_t size() const { return static_cast<int64_t>(characters_.size()) + 1; }
  static constexpr int64_t unknown_index() { return 0; }
  // The text's distinct bytes, index i + 1 for characters()[i].
  const std::string& characters() const { return characters_; }

  // The index of `character`, unknown_index() if the text did not have it.
  int64_t index(char character) const;
  // An int64 tensor [text.size()] of the bytes' indices.
  Tensor encode(const std::string& text) const;
  // The characters of 1-D (or 0-D) int64 indices. Throws std::invalid_argument for another
  // dtype or rank, std::out_of_range for an index outside [0, size()).
  std::string decode(const Tensor& indices) const;
  std::string decode(const std::vector<int64_t>& indices) const;

 private:
  std::string characters_;
  std::array<int64_t, 256> index_of_{};
};

}  // namespace xgrad::data
