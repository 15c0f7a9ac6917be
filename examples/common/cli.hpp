#pragma once

// A tiny command line parser for the examples: `--name value` options, boolean `--name` flags
// and --help. Every example has --steps, --seed and --quiet (standard()). A bad value throws
// UsageError naming the flag and what it expects; see main_guard.hpp for how it is reported.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

namespace examples {

// A command line the program cannot run with: the message names the flag and what it expects.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Cli {
 public:
  Cli(std::string program, std::string description)
      : program_(std::move(program)), description_(std::move(description)) {}

  // --steps (with the program's default), --seed and --quiet.
  Cli& standard(const std::string& steps) {
    return option("steps", steps, "training steps")
        .option("seed", "0", "random seed (weights, data order, sampling)")
        .flag("quiet", "print only the final line (and errors)");
  }

  Cli& option(const std::string& name, const std::string& default_value, const std::string& help) {
    values_[name] = default_value;
    help_ += "  --" + name + " <value>  " + help + " (default: " + default_value + ")\n";
    return *this;
  }

  // A boolean flag, off unless given.
  Cli& flag(const std::string& name, const std::string& help) {
    values_[name] = "";
    flags_.insert(name);
    help_ += "  --" + name + "  " + help + "\n";
    return *this;
  }

  // Reads argv; prints usage and exits on --help. Throws UsageError for an unknown option or a
  // missing value.
  void parse(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        std::cout << usage();
        std::exit(0);
      }
      const std::string name = arg.rfind("--", 0) == 0 ? arg.substr(2) : "";
      if (name.empty() || values_.count(name) == 0)
        throw UsageError("unknown argument '" + arg + "' (see --help)");
      if (flags_.count(name) != 0) {
        values_[name] = "1";
      } else if (i + 1 >= argc) {
        throw UsageError("--" + name + " expects a value (see --help)");
      } else {
        values_[name] = argv[++i];
      }
    }
  }

  const std::string& program() const { return program_; }
  std::string str(const std::string& name) const { return values_.at(name); }
  bool enabled(const std::string& name) const { return !values_.at(name).empty(); }

  int64_t integer(const std::string& name) const {
    return parsed<int64_t>(name, "an integer", [](const std::string& text, size_t* used) {
      return std::stoll(text, used);
    });
  }

  int64_t positive(const std::string& name) const {
    const int64_t value = integer(name);
    if (value < 1)
      throw UsageError("--" + name + " expects a positive integer, got " + std::to_string(value));
    return value;
  }

  int64_t non_negative(const std::string& name) const {
    const int64_t value = integer(name);
    if (value < 0)
      throw UsageError("--" + name + " expects an integer >= 0, got " + std::to_string(value));
    return value;
  }

  double number(const std::string& name) const {
    return parsed<double>(name, "a number", [](const std::string& text, size_t* used) {
      return std::stod(text, used);
    });
  }

  // The value of --name read whole by parse (std::stoll, std::stod); a value that does not
  // parse, or has characters left over, is a UsageError naming the flag and `what` it expects.
  template <typename T, typename Parse>
  T parsed(const std::string& name, const char* what, Parse parse) const {
    const std::string& text = values_.at(name);
    size_t used = 0;
    T value = 0;
    try {
      value = parse(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size())
      throw UsageError("--" + name + " expects " + what + ", got '" + text + "'");
    return value;
  }

  double positive_number(const std::string& name) const {
    const double value = number(name);
    if (!(value > 0))
      throw UsageError("--" + name + " expects a positive number, got " + values_.at(name));
    return value;
  }

  // One of `choices`, e.g. --cell gru|lstm.
  std::string choice(const std::string& name, const std::set<std::string>& choices) const {
    const std::string& value = values_.at(name);
    if (choices.count(value) != 0) return value;
    std::string list;
    for (const std::string& c : choices) list += (list.empty() ? "" : "|") + c;
    throw UsageError("--" + name + " expects one of " + list + ", got '" + value + "'");
  }

 private:
  std::string usage() const {
    return "usage: " + program_ + " [options]\n" + description_ + "\n\noptions:\n" + help_ +
           "  --help  print this help\n";
  }

  std::string program_, description_, help_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

}  // namespace examples
