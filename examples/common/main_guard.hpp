#pragma once

// Runs an example's body and turns an exception into one line on stderr, "program: message",
// and a non-zero exit: 2 for a bad command line, 1 for anything else (a missing file, a corrupt
// checkpoint, ...).
#include <exception>
#include <iostream>
#include <string>

#include "cli.hpp"

namespace examples {

inline std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text)
    if (c == '\n' || c == '\t') c = ' ';
  return text;
}

template <typename Body>
int guarded_main(const std::string& program, Body&& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << program << ": " << one_line(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << one_line(e.what()) << '\n';
    return 1;
  }
}

}  // namespace examples
