#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad {

// Tensors by name, in insertion order, as PyTorch's state_dict (an OrderedDict), plus string
// metadata (what safetensors stores as "__metadata__"). Module::state_dict() and
// Optimizer::state_dict() make one, xgrad::save writes one and xgrad::load reads one. It holds
// handles: copying a StateDict never copies tensor values.
class StateDict {
 public:
  using value_type = std::pair<std::string, Tensor>;
  using const_iterator = std::vector<value_type>::const_iterator;
  using Metadata = std::map<std::string, std::string>;

  StateDict() = default;
  StateDict(std::initializer_list<value_type> entries);

  // Appends an entry; throws std::invalid_argument for a name already present or an undefined
  // tensor.
  void insert(std::string name, Tensor tensor);
  // Removes the entry if present; returns whether it was.
  bool erase(const std::string& name);

  bool contains(const std::string& name) const { return index_.count(name) != 0; }
  // Throws std::out_of_range naming the key when it is absent.
  const Tensor& at(const std::string& name) const;
  const Tensor& operator[](const std::string& name) const { return at(name); }

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  std::vector<std::string> keys() const;

  const Metadata& metadata() const { return metadata_; }
  Metadata& metadata() { return metadata_; }

 private:
  std::vector<value_type> entries_;
  std::unordered_map<std::string, size_t> index_;  // name -> position in entries_
  Metadata metadata_;
};

}  // namespace xgrad
