#pragma once

// Stands in for xeus-cling's <xcpp/xdisplay.hpp> when a notebook is built as a program
// (tests/notebooks): the same names, so the notebook's code compiles unchanged.
//
// In xeus-cling, xcpp::display(object) sends mime_bundle_repr(object) (found by argument-
// dependent lookup in the object's namespace) to Jupyter as display data. Here display()
// calls the same function, checks that the bundle is a non-empty object of strings and that an
// image/svg+xml entry is an <svg> document, and prints each mime type with its length. When
// the environment variable XCPP_SHIM_DISPLAY_DIR names a folder, each entry is also written
// there (display-1.svg, display-2.html, ...) to be looked at.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace nl = nlohmann;

namespace xcpp {

namespace shim_detail {

inline std::string extension_of(const std::string& mime_type) {
  static const std::map<std::string, std::string> extensions = {
      {"image/svg+xml", "svg"}, {"text/html", "html"}, {"text/plain", "txt"},
      {"text/markdown", "md"},  {"text/latex", "tex"}, {"application/json", "json"}};
  const auto found = extensions.find(mime_type);
  return found != extensions.end() ? found->second : "out";
}

inline void show(const nl::json& bundle) {
  static int count = 0;
  ++count;
  if (!bundle.is_object() || bundle.empty()) {
    throw std::runtime_error("xcpp::display: mime_bundle_repr returned " + bundle.dump() +
                             ", expected a non-empty object {mime type: data}");
  }
  for (auto entry = bundle.begin(); entry != bundle.end(); ++entry) {
    if (!entry.value().is_string()) {
      throw std::runtime_error("xcpp::display: the " + entry.key() + " entry is not a string");
    }
    const std::string& data = entry.value().get_ref<const std::string&>();
    if (entry.key() == "image/svg+xml" &&
        (data.compare(0, 4, "<svg") != 0 || data.find("</svg>") == std::string::npos)) {
      throw std::runtime_error(
          "xcpp::display: the image/svg+xml entry is not an <svg>...</svg> document");
    }
    std::cout << "[display " << count << "] " << entry.key() << ", " << data.size()
              << " characters\n";
    if (const char* folder = std::getenv("XCPP_SHIM_DISPLAY_DIR")) {
      const std::string path = std::string(folder) + "/display-" + std::to_string(count) + "." +
                               extension_of(entry.key());
      std::ofstream(path) << data;
    }
  }
}

}  // namespace shim_detail

template <class T>
void display(const T& object) {
  shim_detail::show(mime_bundle_repr(object));  // found by argument-dependent lookup
}

}  // namespace xcpp
