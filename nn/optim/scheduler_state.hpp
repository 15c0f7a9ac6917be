#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xgrad/framework/state_dict.hpp"

// A scheduler's state_dict() holds no tensors: its numbers are metadata entries named as
// PyTorch's attributes ("last_epoch", "base_lrs"), written as text that reads back as the same
// bits ("0.1", "inf", "[0.1, 0.01]").
namespace xgrad::optim::detail {

inline constexpr double kPi = 3.141592653589793;  // Python's math.pi, for the cosine schedules

void put_number(StateDict& state_dict, const std::string& key, double value);
void put_integer(StateDict& state_dict, const std::string& key, int64_t value);
void put_numbers(StateDict& state_dict, const std::string& key, const std::vector<double>& values);
void put_integers(StateDict& state_dict, const std::string& key,
                  const std::vector<int64_t>& values);
void put_text(StateDict& state_dict, const std::string& key, const std::string& value);

// Each throws std::runtime_error naming the key when it is absent or not of its kind.
double number_entry(const StateDict& state_dict, const std::string& key);
int64_t integer_entry(const StateDict& state_dict, const std::string& key);
std::vector<double> numbers_entry(const StateDict& state_dict, const std::string& key);
std::vector<int64_t> integers_entry(const StateDict& state_dict, const std::string& key);
const std::string& text_entry(const StateDict& state_dict, const std::string& key);

// The entries whose key starts with `prefix`, with the prefix removed: a nested scheduler's
// state ("_schedulers.0.last_epoch" -> "last_epoch").
StateDict nested_entries(const StateDict& state_dict, const std::string& prefix);
void put_nested(StateDict& state_dict, const std::string& prefix, const StateDict& nested);

}  // namespace xgrad::optim::detail
