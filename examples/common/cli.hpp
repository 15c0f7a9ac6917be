#pragma once

// A tiny command line parser for the examples: --name value options and --help.
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

namespace examples {

class Cli {
 public:
  Cli(std::string program, std::string description)
      : program_(std::move(program)), description_(std::move(description)) {}

  Cli& option(const std::string& name, const std::string& default_value, const std::string& help) {
    values_[name] = default_value;
    help_ += "  --" + name + " <value>  " + help + " (default: " + default_value + ")\n";
    return *this;
  }

  // Reads argv; prints usage and exits on --help (status 0) or a bad argument (status 2).
  void parse(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        std::cout << usage();
        std::exit(0);
      }
      const std::string name = arg.rfind("--", 0) == 0 ? arg.substr(2) : "";
      if (name.empty() || values_.count(name) == 0 || i + 1 >= argc) {
        std::cerr << program_ << ": bad argument '" << arg << "'\n" << usage();
        std::exit(2);
      }
      values_[name] = argv[++i];
    }
  }

  std::string str(const std::string& name) const { return values_.at(name); }
  int integer(const std::string& name) const { return std::stoi(values_.at(name)); }
  double number(const std::string& name) const { return std::stod(values_.at(name)); }

 private:
  std::string usage() const {
    return "usage: " + program_ + " [options]\n" + description_ + "\n\noptions:\n" + help_;
  }

  std::string program_, description_, help_;
  std::map<std::string, std::string> values_;
};

}  // namespace examples
