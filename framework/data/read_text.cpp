#include "xgrad/framework/data/read_text.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

std::string read_text(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  XGRAD_CHECK(status.type() != std::filesystem::file_type::not_found, std::runtime_error,
              "read_text: cannot read '", path, "': no such file");
  XGRAD_CHECK(!error, std::runtime_error, "read_text: cannot read '", path, "': ", error.message());
  XGRAD_CHECK(status.type() != std::filesystem::file_type::directory, std::runtime_error,
              "read_text: cannot read '", path, "': it is a directory");
  errno = 0;
  std::ifstream file(path, std::ios::binary);
  XGRAD_CHECK(file.is_open(), std::runtime_error, "read_text: cannot open '", path,
              "': ", errno != 0 ? std::strerror(errno) : "unknown error");
  std::ostringstream text;
  text << file.rdbuf();
  XGRAD_CHECK(!file.bad() && !text.bad(), std::runtime_error, "read_text: error while reading '",
              path, "'");
  return text.str();
}

}  // namespace xgrad::data
