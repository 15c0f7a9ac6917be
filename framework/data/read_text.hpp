#pragma once

#include <string>

namespace xgrad::data {

// The whole file at `path`, byte for byte. Throws std::runtime_error naming the file and why it
// cannot be read: it does not exist, it is a directory, or the system refuses to open or read it
// (e.g. "Permission denied").
std::string read_text(const std::string& path);

}  // namespace xgrad::data
