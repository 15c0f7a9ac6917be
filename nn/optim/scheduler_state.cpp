#include "xgrad/nn/optim/scheduler_state.hpp"

#include <charconv>
#include <stdexcept>
#include <system_error>
#include <type_traits>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::optim::detail {

namespace {

[[noreturn]] void refuse(const std::string& key, const std::string& text, const char* kind) {
  XGRAD_FAIL(std::runtime_error, "load_state_dict(): the scheduler state entry \"", key, "\" is \"",
             text, "\", not ", kind);
}

// The shortest text that reads back as the same double (std::to_chars), "inf" included.
std::string number_text(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

template <typename T>
bool parse(const std::string& text, T& value) {
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end;
}

template <typename T>
std::string list_text(const std::vector<T>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    if constexpr (std::is_floating_point_v<T>) {
      out += number_text(values[i]);
    } else {
      out += std::to_string(values[i]);
    }
  }
  return out + "]";
}

template <typename T>
std::vector<T> list_entry(const StateDict& state_dict, const std::string& key, const char* kind) {
  const std::string& text = text_entry(state_dict, key);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') refuse(key, text, kind);
  std::vector<T> out;
  const std::string inner = text.substr(1, text.size() - 2);
  size_t at = 0;
  while (at < inner.size()) {
    size_t comma = inner.find(", ", at);
    if (comma == std::string::npos) comma = inner.size();
    T value{};
    if (!parse(inner.substr(at, comma - at), value)) refuse(key, text, kind);
    out.push_back(value);
    at = comma == inner.size() ? comma : comma + 2;
    if (at == inner.size() && comma != inner.size()) refuse(key, text, kind);
  }
  return out;
}

}  // namespace

void put_number(StateDict& state_dict, const std::string& key, double value) {
  state_dict.metadata()[key] = number_text(value);
}

void put_integer(StateDict& state_dict, const std::string& key, int64_t value) {
  state_dict.metadata()[key] = std::to_string(value);
}

void put_numbers(StateDict& state_dict, const std::string& key, const std::vector<double>& values) {
  state_dict.metadata()[key] = list_text(values);
}

void put_integers(StateDict& state_dict, const std::string& key,
                  const std::vector<int64_t>& values) {
  state_dict.metadata()[key] = list_text(values);
}

void put_text(StateDict& state_dict, const std::string& key, const std::string& value) {
  state_dict.metadata()[key] = value;
}

const std::string& text_entry(const StateDict& state_dict, const std::string& key) {
  const auto found = state_dict.metadata().find(key);
  XGRAD_CHECK(found != state_dict.metadata().end(), std::runtime_error,
              "load_state_dict(): the scheduler state dict has no entry \"", key, "\"");
  return found->second;
}

double number_entry(const StateDict& state_dict, const std::string& key) {
  const std::string& text = text_entry(state_dict, key);
  double value = 0;
  if (!parse(text, value)) refuse(key, text, "a number");
  return value;
}

int64_t integer_entry(const StateDict& state_dict, const std::string& key) {
  const std::string& text = text_entry(state_dict, key);
  int64_t value = 0;
  if (!parse(text, value)) refuse(key, text, "an integer");
  return value;
}

std::vector<double> numbers_entry(const StateDict& state_dict, const std::string& key) {
  return list_entry<double>(state_dict, key, "a list of numbers");
}

std::vector<int64_t> integers_entry(const StateDict& state_dict, const std::string& key) {
  return list_entry<int64_t>(state_dict, key, "a list of integers");
}

StateDict nested_entries(const StateDict& state_dict, const std::string& prefix) {
  StateDict out;
  for (const auto& [key, value] : state_dict.metadata()) {
    if (key.compare(0, prefix.size(), prefix) == 0)
      out.metadata()[key.substr(prefix.size())] = value;
  }
  return out;
}

void put_nested(StateDict& state_dict, const std::string& prefix, const StateDict& nested) {
  for (const auto& [key, value] : nested.metadata()) state_dict.metadata()[prefix + key] = value;
}

}  // namespace xgrad::optim::detail
