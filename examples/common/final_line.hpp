#pragma once

// The last line every example prints, for scripts: "final: key=value key=value ...".
#include <cstdio>
#include <iostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace examples {

class FinalLine {
 public:
  FinalLine& add(const std::string& key, double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return add(key, std::string(text));
  }
  template <typename Integer, std::enable_if_t<std::is_integral_v<Integer>, int> = 0>
  FinalLine& add(const std::string& key, Integer value) {
    return add(key, std::to_string(value));
  }
  FinalLine& add(const std::string& key, const std::string& value) {
    fields_.emplace_back(key, value);
    return *this;
  }
  void print(std::ostream& out = std::cout) const {
    out << "final:";
    for (const auto& [key, value] : fields_) out << ' ' << key << '=' << value;
    out << std::endl;
  }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace examples
