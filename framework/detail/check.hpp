#pragma once

// XGRAD_CHECK(cond, Exception, parts...) throws Exception(message) unless cond holds, in the
// spirit of PyTorch's TORCH_CHECK: the parts are streamed into the message only when the check
// fails, numbers as PyTorch prints them (format_number), sizes as [2, 3], dtypes by name.
// XGRAD_FAIL(Exception, parts...) throws unconditionally.
//
// Messages say what was expected and what was got, in PyTorch's words where PyTorch has a
// message. The prefix rule: a message about one op's arguments starts with "<op>(): " (e.g.
// "narrow(): length must be non-negative."), unless PyTorch's own message for that case has
// another form, which is then kept word for word (e.g. "mat1 and mat2 shapes cannot be
// multiplied (2x3 and 4x5)", "Dimension out of range (...)"), so that the two can be compared.

#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "xgrad/framework/dtype.hpp"
#include "xgrad/framework/shape.hpp"

namespace xgrad::detail {

// A number as PyTorch writes it in messages: 1, -0.5, 1e+30, inf, nan.
std::string format_number(double value);

inline void append_part(std::ostream& os, const std::vector<int64_t>& sizes) {
  os << Sizes(sizes);
}

template <typename Part>
void append_part(std::ostream& os, const Part& part) {
  if constexpr (std::is_floating_point_v<Part>) {
    os << format_number(static_cast<double>(part));
  } else {
    os << part;
  }
}

template <typename... Parts>
std::string check_message(const Parts&... parts) {
  std::ostringstream os;
  (append_part(os, parts), ...);
  return os.str();
}

}  // namespace xgrad::detail

#define XGRAD_FAIL(Exception, ...) throw Exception(::xgrad::detail::check_message(__VA_ARGS__))

#define XGRAD_CHECK(cond, Exception, ...)            \
  do {                                               \
    if (!(cond)) XGRAD_FAIL(Exception, __VA_ARGS__); \
  } while (false)
