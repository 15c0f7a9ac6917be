#include "xgrad/nn/optim/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::optim {

OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& other)
    : params_(other.params_), options_(other.options_ ? other.options_->clone() : nullptr) {}

OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& other) {
  if (this != &other) {
    params_ = other.params_;
    options_ = other.options_ ? other.options_->clone() : nullptr;
  }
  return *this;
}

OptimizerOptions& OptimizerParamGroup::options() {
  XGRAD_CHECK(options_, std::logic_error, "options(): the parameter group has no options");
  return *options_;
}

const OptimizerOptions& OptimizerParamGroup::options() const {
  XGRAD_CHECK(options_, std::logic_error, "options(): the parameter group has no options");
  return *options_;
}

Optimizer::Optimizer(std::vector<OptimizerParamGroup> param_groups,
                     std::unique_ptr<OptimizerOptions> defaults, OptionsCheck check)
    : defaults_(std::move(defaults)), check_(std::move(check)) {
  check_(*defaults_);
  size_t count = 0;
  for (const auto& group : param_groups) count += group.params().size();
  XGRAD_CHECK(count != 0, std::invalid_argument, "optimizer got an empty parameter list");
  for (const auto& group : param_groups) add_param_group(group);
}

void Optimizer::add_param_group(const OptimizerParamGroup& param_group) {
  const std::vector<Tensor>& params = param_group.params();
  for (size_t i = 0; i < params.size(); ++i) {
    if (!params[i].defined()) xgrad::detail::throw_undefined("add_param_group");
    XGRAD_CHECK(params[i].is_leaf(), std::invalid_argument, "can't optimize a non-leaf Tensor");
    // PyTorch only warns, then updates such a parameter twice per step.
    for (size_t j = 0; j < i; ++j) {
      XGRAD_CHECK(!params[j].is_same(params[i]), std::invalid_argument, "optimizer got parameter ",
                  j, " again as parameter ", i, ": each step would update it twice");
    }
    for (const auto& group : param_groups_) {
      for (const Tensor& other : group.params()) {
        XGRAD_CHECK(!other.is_same(params[i]), std::invalid_argument,
                    "some parameters appear in more than one parameter group");
      }
    }
  }
  OptimizerParamGroup added(params);
  if (param_group.has_options()) check_(param_group.options());
  added.set_options(param_group.has_options() ? param_group.options().clone() : defaults_->clone());
  param_groups_.push_back(std::move(added));
}

void Optimizer::zero_grad(bool set_to_none) {
  for (const auto& group : param_groups_) {
    for (const Tensor& p : group.params()) p.zero_grad(set_to_none);
  }
}

std::vector<Tensor> Optimizer::parameters() const {
  std::vector<Tensor> out;
  for (const auto& group : param_groups_) {
    out.insert(out.end(), group.params().begin(), group.params().end());
  }
  return out;
}

const ParamState& Optimizer::state(size_t i) const {
  const std::vector<Tensor> params = parameters();
  XGRAD_CHECK(i < params.size(), std::out_of_range, "state(): parameter index ", i,
              " is out of range for an optimizer of ", params.size(), " parameters");
  static const ParamState kEmpty;
  const auto found = state_.find(params[i].impl());
  return found == state_.end() ? kEmpty : found->second;
}

namespace {

const std::vector<std::pair<std::string, Tensor ParamState::*>> kStateFields = {
    {"step", &ParamState::step},
    {"exp_avg", &ParamState::exp_avg},
    {"exp_avg_sq", &ParamState::exp_avg_sq},
    {"max_exp_avg_sq", &ParamState::max_exp_avg_sq},
    {"square_avg", &ParamState::square_avg},
    {"grad_avg", &ParamState::grad_avg},
    {"momentum_buffer", &ParamState::momentum_buffer},
    {"sum", &ParamState::sum},
};

Tensor ParamState::*field_named(const std::string& name) {
  for (const auto& [n, field] : kStateFields) {
    if (n == name) return field;
  }
  return nullptr;
}

std::string group_key(size_t group, const std::string& name) {
  return "param_groups." + std::to_string(group) + "." + name;
}

// Python's repr of the parameter indices first, ..., first + count - 1: "[0, 1, 2]".
std::string index_list(size_t first, size_t count) {
  std::string out = "[";
  for (size_t i = 0; i < count; ++i) out += (i ? ", " : "") + std::to_string(first + i);
  return out + "]";
}

[[noreturn]] void refuse(const std::string& what) {
  XGRAD_FAIL(std::runtime_error, "load_state_dict(): ", what);
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

// The shortest text that reads back as the same double.
std::string exact_text(double value) {
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
  return text;
}

// Reads a whole number from `in`; false when it holds anything else.
bool read_number(std::istringstream& in, double& value) {
  in.imbue(std::locale::classic());
  return static_cast<bool>(in >> value) && std::isfinite(value);
}

}  // namespace

StateDict Optimizer::state_dict() const {
  StateDict out;
  size_t first = 0;
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& group = param_groups_[g];
    out.metadata()[group_key(g, "params")] = index_list(first, group.params().size());
    SettingsWriter writer(out, g);
    save_options(group.options(), writer);
    for (size_t i = 0; i < group.params().size(); ++i) {
      const auto found = state_.find(group.params()[i].impl());
      if (found == state_.end()) continue;
      for (const auto& [name, field] : kStateFields) {
        const Tensor& value = found->second.*field;
        if (value.defined()) out.insert("state." + std::to_string(first + i) + "." + name, value);
      }
    }
    first += group.params().size();
  }
  return out;
}

void Optimizer::load_state_dict(const StateDict& state_dict) {
  size_t saved_groups = 0;
  while (state_dict.metadata().count(group_key(saved_groups, "params"))) ++saved_groups;
  if (saved_groups != param_groups_.size()) {
    refuse("loaded state dict has a different number of parameter groups (" +
           std::to_string(saved_groups) + ", this optimizer has " +
           std::to_string(param_groups_.size()) + ")");
  }
  std::vector<std::unique_ptr<OptimizerOptions>> options;
  std::vector<Tensor> params;
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& group = param_groups_[g];
    const std::string& saved = state_dict.metadata().at(group_key(g, "params"));
    if (saved != index_list(params.size(), group.params().size())) {
      refuse(
          "loaded state dict contains a parameter group that doesn't match the size of "
          "optimizer's group (its params are " +
          saved + ", this optimizer's group " + std::to_string(g) + " has " +
          std::to_string(group.params().size()) + " parameters)");
    }
    params.insert(params.end(), group.params().begin(), group.params().end());
    options.push_back(load_options(SettingsReader(state_dict, g)));
    check_(*options.back());
  }

  const std::vector<std::string> names = state_names();
  std::vector<ParamState> states(params.size());
  NoGradGuard no_grad;
  for (const auto& [key, saved] : state_dict) {
    std::string name;
    const long long index = state_index(key, name);
    if (index < 0 || std::find(names.begin(), names.end(), name) == names.end()) {
      std::string expected;
      for (const auto& n : names) {
        expected += (expected.empty() ? "" : " or ") + ("state.<index>." + n);
      }
      refuse("unexpected key \"" + key + "\" in the optimizer state dict" +
             (expected.empty() ? std::string(" (this optimizer keeps no state)")
                               : " (expected " + expected + ")"));
    }
    if (static_cast<size_t>(index) >= params.size()) {
      refuse("\"" + key + "\" is the state of parameter " + std::to_string(index) +
             ", but the optimizer has " + std::to_string(params.size()) + " parameters");
    }
    const Tensor& parameter = params[static_cast<size_t>(index)];
    // A copy, as PyTorch deep-copies the state it loads: later steps update it in place.
    Tensor& into = states[static_cast<size_t>(index)].*field_named(name);
    if (name == "step") {
      if (saved.dim() != 0) {
        refuse("\"" + key + "\" has shape " + to_string(saved.sizes()) +
               ", but a step count is a 0-dim tensor");
      }
      into = saved.to(kFloat64).clone();
      continue;
    }
    if (saved.sizes() != parameter.sizes()) {
      refuse("\"" + key + "\" has shape " + to_string(saved.sizes()) + ", but parameter " +
             std::to_string(index) + " has shape " + to_string(parameter.sizes()));
    }
    into = saved.dtype() == parameter.dtype() ? saved.clone() : saved.to(parameter.dtype());
  }

  for (size_t g = 0; g < param_groups_.size(); ++g) {
    param_groups_[g].set_options(std::move(options[g]));
  }
  state_.clear();
  for (size_t i = 0; i < params.size(); ++i) state_[params[i].impl()] = std::move(states[i]);
}

void Optimizer::SettingsWriter::put(const std::string& name, double value) {
  out_.metadata()[group_key(group_, name)] = exact_text(value);
}

void Optimizer::SettingsWriter::put(const std::string& name, bool value) {
  out_.metadata()[group_key(group_, name)] = value ? "true" : "false";
}

void Optimizer::SettingsWriter::put(const std::string& name, double first, double second) {
  out_.metadata()[group_key(group_, name)] =
      "(" + exact_text(first) + ", " + exact_text(second) + ")";
}

const std::string& Optimizer::SettingsReader::text(const std::string& name) const {
  const auto found = in_.metadata().find(group_key(group_, name));
  if (found == in_.metadata().end()) {
    refuse("the optimizer state dict has no setting \"" + group_key(group_, name) + "\"");
  }
  return found->second;
}

double Optimizer::SettingsReader::number(const std::string& name) const {
  const std::string& saved = text(name);
  std::istringstream in(saved);
  double value = 0;
  if (!read_number(in, value) || !(in >> std::ws).eof()) {
    refuse("the setting \"" + group_key(group_, name) + "\" is \"" + saved + "\", not a number");
  }
  return value;
}

bool Optimizer::SettingsReader::flag(const std::string& name) const {
  const std::string& saved = text(name);
  if (saved == "true") return true;
  if (saved == "false") return false;
  refuse("the setting \"" + group_key(group_, name) + "\" is \"" + saved + "\", not true or false");
}

std::pair<double, double> Optimizer::SettingsReader::pair(const std::string& name) const {
  const std::string& saved = text(name);
  std::istringstream in(saved);
  double first = 0, second = 0;
  char open = 0, comma = 0, close = 0;
  if (!(in >> open) || open != '(' || !read_number(in, first) || !(in >> comma) || comma != ',' ||
      !read_number(in, second) || !(in >> close) || close != ')' || !(in >> std::ws).eof()) {
    refuse("the setting \"" + group_key(group_, name) + "\" is \"" + saved +
           "\", not a pair of numbers \"(a, b)\"");
  }
  return {first, second};
}

}  // namespace xgrad::optim
