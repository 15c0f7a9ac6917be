#include "xgrad/nn/optim/optimizer.hpp"

#include <cmath>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"

namespace xgrad::optim {

Optimizer::Optimizer(std::vector<Tensor> params) : params_(std::move(params)) {
  if (params_.empty()) throw std::invalid_argument("optimizer got an empty parameter list");
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].defined()) {
      throw std::invalid_argument("optimizer can only optimize Tensors, but parameter " +
                                  std::to_string(i) + " is undefined");
    }
    if (!params_[i].is_leaf()) throw std::invalid_argument("can't optimize a non-leaf Tensor");
    for (size_t j = 0; j < i; ++j) {
      if (params_[j].is_same(params_[i])) {
        throw std::invalid_argument("optimizer got parameter " + std::to_string(j) +
                                    " again as parameter " + std::to_string(i) +
                                    ": each step would update it twice");
      }
    }
  }
}

void Optimizer::zero_grad(bool set_to_none) {
  for (const Tensor& p : params_) p.zero_grad(set_to_none);
}

namespace {

const std::string kGroup = "param_groups.0.";

// Python's repr of the parameter indices: "[0, 1, 2]".
std::string index_list(size_t count) {
  std::string out = "[";
  for (size_t i = 0; i < count; ++i) out += (i ? ", " : "") + std::to_string(i);
  return out + "]";
}

[[noreturn]] void refuse(const std::string& what) {
  throw std::runtime_error("load_state_dict: " + what);
}

// The index in "state.<index>.<name>", or -1 when `key` does not have that form.
long long state_index(const std::string& key, std::string& name) {
  const std::string prefix = "state.";
  if (key.compare(0, prefix.size(), prefix) != 0) return -1;
  const size_t dot = key.find('.', prefix.size());
  if (dot == std::string::npos || dot == prefix.size() || dot + 1 == key.size()) return -1;
  const std::string digits = key.substr(prefix.size(), dot - prefix.size());
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  name = key.substr(dot + 1);
  return std::stoll(digits);
}

const std::string& setting(const StateDict& state_dict, const std::string& name) {
  const auto found = state_dict.metadata().find(kGroup + name);
  if (found == state_dict.metadata().end()) {
    refuse("the optimizer state dict has no setting \"" + kGroup + name + "\"");
  }
  return found->second;
}

}  // namespace

StateDict Optimizer::state_dict() const {
  StateDict out;
  out.metadata()[kGroup + "params"] = index_list(params_.size());
  return out;
}

void Optimizer::load_state_dict(const StateDict& state_dict) {
  parameter_states(state_dict, {});
}

std::vector<std::map<std::string, Tensor>> Optimizer::parameter_states(
    const StateDict& state_dict, const std::set<std::string>& names) const {
  if (setting(state_dict, "params") != index_list(params_.size())) {
    refuse(
        "loaded state dict contains a parameter group that doesn't match the size of "
        "optimizer's group (its params are " +
        setting(state_dict, "params") + ", this optimizer has " + std::to_string(params_.size()) +
        " parameters)");
  }
  std::vector<std::map<std::string, Tensor>> out(params_.size());
  NoGradGuard no_grad;
  for (const auto& [key, saved] : state_dict) {
    std::string name;
    const long long index = state_index(key, name);
    if (index < 0 || !names.count(name)) {
      std::string expected;
      for (const auto& n : names) {
        expected += (expected.empty() ? "" : " or ") + ("state.<index>." + n);
      }
      refuse("unexpected key \"" + key + "\" in the optimizer state dict" +
             (expected.empty() ? std::string(" (this optimizer keeps no state)")
                               : " (expected " + expected + ")"));
    }
    if (static_cast<size_t>(index) >= params_.size()) {
      refuse("\"" + key + "\" is the state of parameter " + std::to_string(index) +
             ", but the optimizer has " + std::to_string(params_.size()) + " parameters");
    }
    const Tensor& parameter = params_[static_cast<size_t>(index)];
    if (saved.sizes() != parameter.sizes()) {
      refuse("\"" + key + "\" has shape " + to_string(saved.sizes()) + ", but parameter " +
             std::to_string(index) + " has shape " + to_string(parameter.sizes()));
    }
    // A copy, as PyTorch deep-copies the state it loads: later steps update it in place.
    out[static_cast<size_t>(index)][name] =
        saved.dtype() == parameter.dtype() ? saved.clone() : saved.to(parameter.dtype());
  }
  return out;
}

void Optimizer::put_setting(StateDict& state_dict, const std::string& name, double value) {
  // The shortest text that reads back as the same double.
  std::string text;
  for (int precision = 15; precision <= 17; ++precision) {
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os.precision(precision);
    os << value;
    text = os.str();
    std::istringstream back(text);
    back.imbue(std::locale::classic());
    double read = 0;
    if (back >> read && read == value) break;
  }
  state_dict.metadata()[kGroup + name] = text;
}

void Optimizer::put_setting(StateDict& state_dict, const std::string& name, bool value) {
  state_dict.metadata()[kGroup + name] = value ? "true" : "false";
}

double Optimizer::number_setting(const StateDict& state_dict, const std::string& name) {
  const std::string& text = setting(state_dict, name);
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  double value = 0;
  if (!(in >> value) || !(in >> std::ws).eof() || !std::isfinite(value)) {
    refuse("the setting \"" + kGroup + name + "\" is \"" + text + "\", not a number");
  }
  return value;
}

bool Optimizer::bool_setting(const StateDict& state_dict, const std::string& name) {
  const std::string& text = setting(state_dict, name);
  if (text == "true") return true;
  if (text == "false") return false;
  refuse("the setting \"" + kGroup + name + "\" is \"" + text + "\", not true or false");
}

}  // namespace xgrad::optim
