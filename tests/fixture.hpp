#pragma once

// Reads the golden fixtures that tests/golden/*.py write with PyTorch: one JSON object per
// file, mapping a name to {"shape": [...], "data": [...]} (data flattened in row-major order),
// or to a plain JSON value for settings. NaN and infinities, which JSON lacks, are the strings
// "nan", "inf" and "-inf".
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <xgrad/xgrad.hpp>

#ifndef XGRAD_GOLDEN_DIR
#error "XGRAD_GOLDEN_DIR must name the folder of the golden fixtures"
#endif

namespace xgrad::testing {

class Fixture {
 public:
  explicit Fixture(const std::string& file) : path_(std::string(XGRAD_GOLDEN_DIR) + "/" + file) {
    std::ifstream in(path_);
    if (!in) throw std::runtime_error("cannot open fixture " + path_);
    json_ = nlohmann::json::parse(in);
  }

  bool has(const std::string& name) const { return json_.contains(name); }
  const nlohmann::json& json() const { return json_; }
  const nlohmann::json& operator[](const std::string& name) const { return entry(name); }

  // The named array as a tensor of `dtype` (no requires_grad).
  Tensor tensor(const std::string& name, Dtype dtype = kFloat64) const {
    const nlohmann::json& e = entry(name);
    const auto shape = e.at("shape").get<std::vector<size_t>>();
    xt::xarray<double> values(shape);
    const auto& data = e.at("data");
    if (data.size() != values.size())
      throw std::runtime_error("fixture " + path_ + ": bad size of " + name);
    for (size_t i = 0; i < values.size(); ++i) values.data()[i] = number(data[i]);
    return xgrad::tensor(std::move(values)).to(dtype);
  }

 private:
  double number(const nlohmann::json& value) const {
    if (!value.is_string()) return value.get<double>();
    const std::string text = value.get<std::string>();
    if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (text == "inf") return std::numeric_limits<double>::infinity();
    if (text == "-inf") return -std::numeric_limits<double>::infinity();
    throw std::runtime_error("fixture " + path_ + ": unknown number " + text);
  }

  const nlohmann::json& entry(const std::string& name) const {
    if (!json_.contains(name))
      throw std::runtime_error("fixture " + path_ + " has no entry " + name);
    return json_.at(name);
  }

  std::string path_;
  nlohmann::json json_;
};

}  // namespace xgrad::testing
