#include "xgrad/framework/state_dict.hpp"

#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad {

StateDict::StateDict(std::initializer_list<value_type> entries) {
  for (const auto& [name, tensor] : entries) insert(name, tensor);
}

void StateDict::insert(std::string name, Tensor tensor) {
  XGRAD_CHECK(tensor.defined(), std::invalid_argument, "StateDict::insert(\"", name,
              "\"): expected a defined Tensor, but got an undefined Tensor");
  XGRAD_CHECK(!contains(name), std::invalid_argument, "StateDict::insert(): the key \"", name,
              "\" is already present");
  index_.emplace(name, entries_.size());
  entries_.emplace_back(std::move(name), std::move(tensor));
}

bool StateDict::erase(const std::string& name) {
  const auto found = index_.find(name);
  if (found == index_.end()) return false;
  const size_t position = found->second;
  index_.erase(found);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(position));
  for (auto& entry : index_) {
    if (entry.second > position) --entry.second;
  }
  return true;
}

const Tensor& StateDict::at(const std::string& name) const {
  const auto found = index_.find(name);
  XGRAD_CHECK(found != index_.end(), std::out_of_range, "StateDict has no key \"", name, "\"");
  return entries_[found->second].second;
}

std::vector<std::string> StateDict::keys() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& entry : entries_) out.push_back(entry.first);
  return out;
}

}  // namespace xgrad
