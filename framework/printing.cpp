// std::ostream << Tensor in PyTorch's format (torch/_tensor_str.py): 4 decimals, scientific
// notation for wide ranges, integral floats as "1.", int64 as "1" and bool as "True", aligned
// columns, 80-column lines, and summaries with "..." beyond 1000 elements.
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "xgrad/autograd/node.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad {

namespace {

constexpr int kLineWidth = 80;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;

struct Formatter {
  bool int_mode = true;
  bool sci_mode = false;
  size_t width = 1;

  std::string format(double v) const {
    char buffer[64];
    if (std::isnan(v)) return "nan";
    if (std::isinf(v) && !sci_mode) return v > 0 ? "inf" : "-inf";
    if (sci_mode) {
      std::snprintf(buffer, sizeof buffer, "%.4e", v);
    } else if (int_mode) {
      std::snprintf(buffer, sizeof buffer, "%.0f.", v);
    } else {
      std::snprintf(buffer, sizeof buffer, "%.4f", v);
    }
    return buffer;
  }
  std::string padded(double v) const {
    std::string s = format(v);
    return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
  }
};

// A view of the values in row-major order with the tensor's shape: as doubles, or for integer
// and bool tensors as the words PyTorch writes.
struct Values {
  std::vector<double> data;
  std::vector<std::string> words;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
};

// PyTorch's _Formatter: the mode and the column width come from the finite nonzero values, or
// for integer and bool tensors from the longest word.
Formatter make_formatter(const Values& values, const std::vector<int64_t>& shown_offsets) {
  Formatter f;
  std::vector<double> shown;
  for (int64_t offset : shown_offsets) {
    const auto i = static_cast<size_t>(offset);
    if (values.words.empty()) {
      shown.push_back(values.data[i]);
    } else {
      f.width = std::max(f.width, values.words[i].size());
    }
  }
  std::vector<double> finite_nonzero;
  for (double v : shown) {
    if (std::isfinite(v) && v != 0) finite_nonzero.push_back(v);
  }
  if (finite_nonzero.empty()) return f;
  double lo = INFINITY, hi = 0;
  for (double v : finite_nonzero) {
    lo = std::min(lo, std::fabs(v));
    hi = std::max(hi, std::fabs(v));
    if (v != std::ceil(v)) f.int_mode = false;
  }
  f.sci_mode = hi / lo > 1000.0 || hi > 1e8 || (!f.int_mode && lo < 1e-4);
  for (double v : finite_nonzero) f.width = std::max(f.width, f.format(v).size());
  return f;
}

class Printer {
 public:
  Printer(const Values& values, bool summarize) : v_(values), summarize_(summarize) {}

  void collect_shown(int64_t offset, size_t dim, std::vector<int64_t>& out) const {
    if (dim == v_.shape.size()) {
      out.push_back(offset);
      return;
    }
    for (int64_t i : indices(dim)) {
      if (i >= 0) collect_shown(offset + i * v_.strides[dim], dim + 1, out);
    }
  }

  std::string render(int64_t offset, size_t dim, int indent, const Formatter& f) const {
    const size_t rank = v_.shape.size();
    if (dim == rank) return element(offset, f, /*pad=*/false);
    if (dim + 1 == rank) return vector_str(offset, dim, indent, f);
    std::vector<std::string> slices;
    for (int64_t i : indices(dim)) {
      slices.push_back(i < 0 ? "..."
                             : render(offset + i * v_.strides[dim], dim + 1, indent + 1, f));
    }
    const std::string separator =
        "," + std::string(rank - dim - 1, '\n') + std::string(indent + 1, ' ');
    return "[" + join(slices, separator) + "]";
  }

 private:
  std::string element(int64_t offset, const Formatter& f, bool pad) const {
    const auto i = static_cast<size_t>(offset);
    if (v_.words.empty()) return pad ? f.padded(v_.data[i]) : f.format(v_.data[i]);
    const std::string& word = v_.words[i];
    return pad && word.size() < f.width ? std::string(f.width - word.size(), ' ') + word : word;
  }

  // The indices shown along `dim`; -1 marks the "..." of a summary.
  std::vector<int64_t> indices(size_t dim) const {
    std::vector<int64_t> out;
    const int64_t size = v_.shape[dim];
    if (summarize_ && size > 2 * kEdgeItems) {
      for (int64_t i = 0; i < kEdgeItems; ++i) out.push_back(i);
      out.push_back(-1);
      for (int64_t i = size - kEdgeItems; i < size; ++i) out.push_back(i);
    } else {
      for (int64_t i = 0; i < size; ++i) out.push_back(i);
    }
    return out;
  }

  std::string vector_str(int64_t offset, size_t dim, int indent, const Formatter& f) const {
    const int element_length = static_cast<int>(f.width) + 2;
    const int per_line = std::max(1, (kLineWidth - indent) / element_length);
    std::vector<std::string> items;
    for (int64_t i : indices(dim)) {
      items.push_back(i < 0 ? " ..." : element(offset + i * v_.strides[dim], f, /*pad=*/true));
    }
    std::vector<std::string> lines;
    for (size_t start = 0; start < items.size(); start += static_cast<size_t>(per_line)) {
      const auto end = std::min(items.size(), start + static_cast<size_t>(per_line));
      lines.push_back(
          join(std::vector<std::string>(items.begin() + static_cast<std::ptrdiff_t>(start),
                                        items.begin() + static_cast<std::ptrdiff_t>(end)),
               ", "));
    }
    return "[" + join(lines, ",\n" + std::string(indent + 1, ' ')) + "]";
  }

  static std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
  }

  const Values& v_;
  bool summarize_;
};

std::string add_suffixes(std::string body, const std::vector<std::string>& suffixes, int indent) {
  const auto newline = body.rfind('\n');
  // PyTorch's len(s) - s.rfind('\n') + 1, with rfind giving -1 when there is no newline.
  int last_line =
      static_cast<int>(newline == std::string::npos ? body.size() + 2 : body.size() - newline + 1);
  for (const std::string& suffix : suffixes) {
    const int length = static_cast<int>(suffix.size());
    if (last_line + length + 2 > kLineWidth) {
      body += ",\n" + std::string(indent, ' ') + suffix;
      last_line = indent + length;
    } else {
      body += ", " + suffix;
      last_line += length + 2;
    }
  }
  return body + ")";
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Tensor& tensor) {
  if (!tensor.defined()) return os << "[ undefined Tensor ]";
  Values values;
  values.shape = tensor.sizes().vec();
  if (tensor.dtype() == kInt64) {
    for (int64_t v : tensor.to_xarray<int64_t>()) values.words.push_back(std::to_string(v));
  } else if (tensor.dtype() == kBool) {
    for (bool v : tensor.to_xarray<bool>()) values.words.emplace_back(v ? "True" : "False");
  } else {
    const xt::xarray<double> data = tensor.to_xarray<double>();
    values.data.assign(data.begin(), data.end());
  }
  values.strides.assign(values.shape.size(), 1);
  for (size_t d = values.shape.size(); d-- > 1;)
    values.strides[d - 1] = values.strides[d] * values.shape[d];

  const std::string prefix = "tensor(";
  const int indent = static_cast<int>(prefix.size());
  std::vector<std::string> suffixes;
  std::string body;
  if (tensor.numel() == 0) {
    body = "[]";
    if (tensor.dim() != 1) {
      std::ostringstream size;
      size << "size=(";
      for (size_t i = 0; i < values.shape.size(); ++i) size << (i ? ", " : "") << values.shape[i];
      size << (values.shape.size() == 1 ? ",)" : ")");
      suffixes.push_back(size.str());
    }
  } else {
    const Printer printer(values, tensor.numel() > kThreshold);
    std::vector<int64_t> shown;
    printer.collect_shown(0, 0, shown);
    body = printer.render(0, 0, indent, make_formatter(values, shown));
  }
  // Integer and bool values show their dtype themselves, unless there are none.
  const bool implied = tensor.numel() > 0 && (tensor.dtype() == kInt64 || tensor.dtype() == kBool);
  if (tensor.dtype() != get_default_dtype() && !implied) {
    std::ostringstream dtype;
    dtype << "dtype=" << tensor.dtype();
    suffixes.push_back(dtype.str());
  }
  if (tensor.grad_fn()) {
    suffixes.push_back(std::string("grad_fn=<") + tensor.grad_fn()->name() + ">");
  } else if (tensor.requires_grad()) {
    suffixes.push_back("requires_grad=true");
  }
  return os << add_suffixes(prefix + body, suffixes, indent);
}

}  // namespace xgrad
