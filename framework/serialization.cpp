// safetensors encoding and decoding. Decoding trusts nothing: the header's length is checked
// against the cap and the input's size before the header is read, every entry is checked on its
// own (fields, dtype, shape, byte size with overflow checks, offsets inside the data), then the
// entries together (sorted by offset, they must tile the data exactly), and only then are
// values read, each from a range already proven to lie inside the input.
#include "xgrad/framework/serialization.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad {

namespace {

using Json = nlohmann::ordered_json;  // keeps the header's key order

constexpr const char* kMetadataKey = "__metadata__";
constexpr int kMaxNesting = 128;  // serde_json's recursion limit, which the reference inherits

// The one place reader errors are made; from_safetensors() and load() add their prefix.
[[noreturn]] void fail(const std::string& what) {
  XGRAD_FAIL(SafetensorsError, what);
}

// A name for an error message, cut if it is long.
std::string quoted(const std::string& name) {
  return '"' + (name.size() > 200 ? name.substr(0, 197) + "..." : name) + '"';
}

std::string offsets_text(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

size_t element_size(Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return 4;
    case kBool:
      return 1;
    case kFloat64:
    case kInt64:
      break;
  }
  return 8;
}
const char* format_dtype(Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return "F32";
    case kFloat64:
      return "F64";
    case kInt64:
      return "I64";
    case kBool:
      break;
  }
  return "BOOL";
}

bool host_is_little_endian() {
  const uint16_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

// Reverses the bytes of each `width`-byte element (little-endian <-> big-endian hosts).
void swap_bytes(char* bytes, size_t size, size_t width) {
  for (size_t i = 0; i + width <= size; i += width) std::reverse(bytes + i, bytes + i + width);
}

// ---------------------------------------------------------------------------------- encoding

// The header text and the order in which the tensors' values follow it.
struct Layout {
  std::string header;
  std::vector<const StateDict::value_type*> order;
};

Layout plan(const StateDict& tensors) {
  Layout layout;
  for (const auto& entry : tensors) layout.order.push_back(&entry);
  std::stable_sort(layout.order.begin(), layout.order.end(), [](const auto* a, const auto* b) {
    return element_size(a->second.dtype()) > element_size(b->second.dtype());
  });
  Json header = Json::object();
  if (!tensors.metadata().empty()) {
    Json& metadata = header[kMetadataKey] = Json::object();
    for (const auto& [key, value] : tensors.metadata()) metadata[key] = value;
  }
  uint64_t offset = 0;
  for (const auto* entry : layout.order) {
    const auto& [name, tensor] = *entry;
    XGRAD_CHECK(name != kMetadataKey, std::invalid_argument,
                "cannot save a tensor named \"__metadata__\": safetensors reserves that key");
    const uint64_t bytes = static_cast<uint64_t>(tensor.numel()) * element_size(tensor.dtype());
    header[name] = Json{{"dtype", format_dtype(tensor.dtype())},
                        {"shape", tensor.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  try {
    layout.header = header.dump();
  } catch (const nlohmann::json::type_error& e) {
    XGRAD_FAIL(std::invalid_argument,
               "cannot save: a tensor name or metadata string is not valid UTF-8 (", e.what(), ")");
  }
  layout.header.append((8 - layout.header.size() % 8) % 8, ' ');
  return layout;
}

void write_u64_le(std::ostream& out, uint64_t value) {
  char bytes[8];
  for (char& byte : bytes) {
    byte = static_cast<char>(value & 0xffu);
    value >>= 8;
  }
  out.write(bytes, sizeof bytes);
}

// xt::xarray<T> is always row-major (its layout is a template argument), as safetensors wants.
template <typename T>
void write_values(std::ostream& out, const xt::xarray<T>& values) {
  const size_t bytes = values.size() * sizeof(T);
  if (bytes == 0) return;  // an empty tensor's data() may be null
  if (host_is_little_endian()) {
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(bytes));
    return;
  }
  std::vector<char> buffer(bytes);
  std::memcpy(buffer.data(), values.data(), bytes);
  swap_bytes(buffer.data(), bytes, sizeof(T));
  out.write(buffer.data(), static_cast<std::streamsize>(bytes));
}

void write_safetensors(std::ostream& out, const Layout& layout) {
  write_u64_le(out, layout.header.size());
  out.write(layout.header.data(), static_cast<std::streamsize>(layout.header.size()));
  for (const auto* entry : layout.order) {
    detail::visit_values(entry->second, [&](const auto& values) { write_values(out, values); });
  }
}

// ---------------------------------------------------------------------------------- decoding

// One tensor of a checked header.
struct Entry {
  std::string name;
  Dtype dtype = kFloat32;
  std::vector<size_t> shape;
  uint64_t begin = 0, end = 0;  // within the data section
};

struct Header {
  std::vector<Entry> entries;  // sorted by data offsets
  StateDict::Metadata metadata;
};

// A JSON value for an error message, kept short whatever the file holds: long text is cut,
// and only the first elements of the outer levels are shown.
std::string brief(const Json& value, int depth = 0) {
  if (value.is_array() || value.is_object()) {
    const bool array = value.is_array();
    if (depth >= 2 || (!array && depth >= 1)) return array ? "[...]" : "{...}";
    std::string out(1, array ? '[' : '{');
    size_t shown = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++shown) {
      if (shown == 8) {
        out += ",...";
        break;
      }
      if (shown) out += ',';
      if (!array) out += brief(Json(it.key()), depth + 1) + ':';
      out += brief(*it, depth + 1);
    }
    return out + (array ? ']' : '}');
  }
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

// Parses JSON, refusing duplicate keys in any object (the format forbids them, and a parser
// that kept one of two silently would let a file say two things) and nesting deeper than any
// header needs (which would only cost memory).
Json parse_json(std::string_view text) {
  std::vector<std::set<std::string>> open_objects;
  const Json::parser_callback_t refuse_duplicates = [&open_objects](int depth,
                                                                    Json::parse_event_t event,
                                                                    Json& parsed) {
    if (depth > kMaxNesting) {
      fail("the header nests JSON values deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    if (event == Json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      open_objects.pop_back();
    } else if (event == Json::parse_event_t::key) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second) {
        fail("the header has the key " + quoted(key) + " twice; duplicate keys are not allowed");
      }
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), refuse_duplicates);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e400
    const std::string what = e.what();
    fail("the header is not valid JSON: " +
         (what.size() > 200 ? what.substr(0, 197) + "..." : what));
  }
}

// A count from the header (a size or an offset): an integer in [0, limit]. Otherwise throws
// "<where()> has <what is wrong>"; `where` is called only then.
template <typename Where>
uint64_t read_count(const Json& value, uint64_t limit, Where where) {
  if (value.is_number_unsigned()) {
    const auto count = value.get<uint64_t>();
    if (count > limit) fail(where() + " has " + std::to_string(count) + ", which is too large");
    return count;
  }
  if (value.is_number_integer()) {
    const auto count = value.get<int64_t>();
    if (count < 0) fail(where() + " has the negative number " + std::to_string(count));
    return static_cast<uint64_t>(count);  // -0
  }
  fail(where() + " has " + brief(value) + ", which is not a non-negative integer");
}

Dtype read_dtype(const Json& value, const std::string& tensor) {
  if (!value.is_string()) fail(tensor + ": \"dtype\" is " + brief(value) + ", not a string");
  const auto& name = value.get_ref<const std::string&>();
  if (name == "F32") return kFloat32;
  if (name == "F64") return kFloat64;
  if (name == "I64") return kInt64;
  if (name == "BOOL") return kBool;
  static const std::set<std::string> known = {"U8",  "I8",   "F8_E5M2", "F8_E4M3", "I16", "U16",
                                              "F16", "BF16", "I32",     "U32",     "U64"};
  if (known.count(name)) {
    fail(tensor + " has dtype " + quoted(name) +
         ", which xgrad cannot load (it loads F32, F64, I64 and BOOL only)");
  }
  fail(tensor + " has the unknown dtype " + brief(value));
}

const Json& field(const Json& info, const char* key, const std::string& tensor) {
  const auto found = info.find(key);
  if (found == info.end()) fail(tensor + ": its header entry has no \"" + key + "\"");
  return *found;
}

// Checks one tensor's entry on its own, against a data section of `data_size` bytes.
Entry read_entry(const std::string& name, const Json& info, uint64_t data_size) {
  const std::string tensor = "tensor " + quoted(name);
  if (!info.is_object()) {
    fail(tensor + ": its header entry is " + brief(info) + ", not an object");
  }
  Entry entry;
  entry.name = name;
  entry.dtype = read_dtype(field(info, "dtype", tensor), tensor);

  const Json& shape = field(info, "shape", tensor);
  if (!shape.is_array()) fail(tensor + ": \"shape\" is " + brief(shape) + ", not a list");
  const auto in_shape = [&] { return tensor + ": its shape " + brief(shape); };
  // Sizes and strides are signed 64-bit counts, so the product of the nonzero sizes must fit
  // one even when a zero size leaves the tensor empty.
  const uint64_t max_size = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t nonzero_product = 1;
  bool empty = false, overflow = false;
  for (const Json& size : shape) {
    const uint64_t n = read_count(size, max_size, in_shape);
    entry.shape.push_back(static_cast<size_t>(n));
    if (n == 0) {
      empty = true;
    } else {
      overflow = overflow || nonzero_product > max_size / n;
      nonzero_product *= n;
    }
  }
  if (overflow && empty) {
    fail(in_shape() + " has sizes whose product, zeros aside, does not fit a 64-bit count");
  }
  const uint64_t numel = empty ? 0 : nonzero_product;
  const uint64_t width = element_size(entry.dtype);
  if (overflow || numel > std::numeric_limits<uint64_t>::max() / width) {
    fail(in_shape() + " has more bytes than a 64-bit count holds");
  }
  const uint64_t bytes = numel * width;

  const Json& offsets = field(info, "data_offsets", tensor);
  if (!offsets.is_array() || offsets.size() != 2) {
    fail(tensor + ": \"data_offsets\" is " + brief(offsets) + ", not a list [begin, end]");
  }
  const uint64_t limit = std::numeric_limits<uint64_t>::max();
  const auto in_offsets = [&] { return tensor + ": its data_offsets"; };
  entry.begin = read_count(offsets[0], limit, in_offsets);
  entry.end = read_count(offsets[1], limit, in_offsets);
  const std::string range = offsets_text(entry.begin, entry.end);
  if (entry.end < entry.begin) {
    fail(tensor + ": its data_offsets " + range + " end before they begin");
  }
  if (entry.end > data_size) {
    fail(tensor + ": its data_offsets " + range + " run past the end of the data section (" +
         std::to_string(data_size) + " bytes; is the file truncated?)");
  }
  if (entry.end - entry.begin != bytes) {
    fail(tensor + ": shape " + brief(shape) + " of " + format_dtype(entry.dtype) + " needs " +
         std::to_string(bytes) + " bytes, but its data_offsets " + range + " hold " +
         std::to_string(entry.end - entry.begin));
  }
  if (bytes > std::numeric_limits<size_t>::max()) fail(tensor + " is too large for this machine");
  return entry;
}

StateDict::Metadata read_metadata(const Json& value) {
  if (!value.is_object()) fail("\"__metadata__\" is " + brief(value) + ", not an object");
  StateDict::Metadata metadata;
  for (const auto& [key, text] : value.items()) {
    if (!text.is_string()) {
      fail("\"__metadata__\" must map strings to strings, but " + quoted(key) + " is " +
           brief(text));
    }
    metadata[key] = text.get<std::string>();
  }
  return metadata;
}

// Checks that the tensors, sorted by offset, tile the data section exactly: no overlaps, no
// holes, nothing left over.
void check_tiling(const std::vector<Entry>& entries, uint64_t data_size) {
  uint64_t covered = 0;
  const Entry* previous = nullptr;
  for (const Entry& e : entries) {
    const std::string range = offsets_text(e.begin, e.end);
    if (e.begin < covered) {
      fail("tensors " + quoted(previous->name) + " (data_offsets " +
           offsets_text(previous->begin, previous->end) + ") and " + quoted(e.name) +
           " (data_offsets " + range + ") overlap");
    }
    if (e.begin > covered) {
      fail("the " + std::to_string(e.begin - covered) + " bytes before tensor " + quoted(e.name) +
           " (data_offsets " + range + ") belong to no tensor" +
           (previous ? ", after tensor " + quoted(previous->name) : std::string()) +
           "; tensors must be contiguous");
    }
    covered = e.end;
    previous = &e;
  }
  if (covered != data_size) {
    fail("the data section has " + std::to_string(data_size) + " bytes but its tensors cover " +
         std::to_string(covered) + "; the last " + std::to_string(data_size - covered) +
         " bytes belong to no tensor");
  }
}

Header read_header(std::string_view text, uint64_t data_size) {
  const Json json = parse_json(text);
  if (!json.is_object()) {
    fail("the header is " + std::string(json.type_name()) + ", not a JSON object");
  }
  Header header;
  for (const auto& [name, info] : json.items()) {
    if (name == kMetadataKey) {
      header.metadata = read_metadata(info);
    } else {
      header.entries.push_back(read_entry(name, info, data_size));
    }
  }
  std::stable_sort(header.entries.begin(), header.entries.end(),
                   [](const Entry& a, const Entry& b) {
                     return std::make_pair(a.begin, a.end) < std::make_pair(b.begin, b.end);
                   });
  check_tiling(header.entries, data_size);
  return header;
}

// Where bytes come from: a buffer in memory or an open file. read() refuses any range outside
// the source, although a checked header never asks for one.
class BufferSource {
 public:
  explicit BufferSource(std::string_view bytes) : bytes_(bytes) {}
  const char* noun() const { return "buffer"; }
  uint64_t size() const { return bytes_.size(); }
  void read(uint64_t offset, char* out, uint64_t count) {
    if (offset > bytes_.size() || count > bytes_.size() - offset) fail("read outside the buffer");
    if (count == 0) return;  // an empty tensor's data() may be null
    std::memcpy(out, bytes_.data() + offset, static_cast<size_t>(count));
  }

 private:
  std::string_view bytes_;
};

class FileSource {
 public:
  explicit FileSource(std::ifstream& in) : in_(in) {
    in_.seekg(0, std::ios::end);
    const std::streamoff end = in_.tellg();
    if (end < 0) fail("cannot tell the file's size");
    size_ = static_cast<uint64_t>(end);
  }
  const char* noun() const { return "file"; }
  uint64_t size() const { return size_; }
  void read(uint64_t offset, char* out, uint64_t count) {
    if (offset > size_ || count > size_ - offset) fail("read outside the file");
    if (count == 0) return;
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(out, static_cast<std::streamsize>(count));
    if (!in_) {
      fail("reading " + std::to_string(count) + " bytes at offset " + std::to_string(offset) +
           " failed");
    }
  }

 private:
  std::ifstream& in_;
  uint64_t size_ = 0;
};

template <typename T, typename Source>
Tensor read_tensor(const Entry& entry, uint64_t data_start, Source& source) {
  auto values = xt::xarray<T>::from_shape(entry.shape);
  char* out = reinterpret_cast<char*>(values.data());
  const uint64_t count = entry.end - entry.begin;
  source.read(data_start + entry.begin, out, count);
  if (!host_is_little_endian()) swap_bytes(out, static_cast<size_t>(count), sizeof(T));
  return tensor(std::move(values));
}

// A BOOL byte other than 0 or 1 reads as true (a C++ bool must not hold it).
template <typename Source>
Tensor read_bool_tensor(const Entry& entry, uint64_t data_start, Source& source) {
  auto bytes = xt::xarray<uint8_t>::from_shape(entry.shape);
  source.read(data_start + entry.begin, reinterpret_cast<char*>(bytes.data()),
              entry.end - entry.begin);
  return tensor(xt::xarray<bool>(xt::not_equal(bytes, uint8_t{0})));
}

template <typename Source>
Tensor read_any_tensor(const Entry& entry, uint64_t data_start, Source& source) {
  switch (entry.dtype) {
    case kFloat32:
      return read_tensor<float>(entry, data_start, source);
    case kFloat64:
      return read_tensor<double>(entry, data_start, source);
    case kInt64:
      return read_tensor<int64_t>(entry, data_start, source);
    case kBool:
      break;
  }
  return read_bool_tensor(entry, data_start, source);
}

template <typename Source>
StateDict decode(Source& source) {
  const uint64_t size = source.size();
  const std::string input = std::string("the ") + source.noun();
  if (size < 8) {
    fail(input + " has " + std::to_string(size) +
         " bytes, fewer than the 8 of the header length: it is truncated or not safetensors");
  }
  char prefix[8];
  source.read(0, prefix, 8);
  uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i) {
    header_size = (header_size << 8) | static_cast<unsigned char>(prefix[i]);
  }
  if (header_size > kMaxSafetensorsHeaderBytes) {
    fail("the header length " + std::to_string(header_size) + " exceeds the limit of " +
         std::to_string(kMaxSafetensorsHeaderBytes) + " bytes: " + input +
         " is corrupt or not safetensors");
  }
  if (header_size > size - 8) {
    fail("the header length " + std::to_string(header_size) + " is larger than the " +
         std::to_string(size - 8) + " bytes that follow it: " + input + " is truncated or corrupt");
  }
  std::string text(static_cast<size_t>(header_size), '\0');
  source.read(8, text.data(), header_size);
  const uint64_t data_start = 8 + header_size;
  const Header header = read_header(text, size - data_start);

  StateDict out;
  out.metadata() = header.metadata;
  for (const Entry& entry : header.entries) {
    out.insert(entry.name, read_any_tensor(entry, data_start, source));
  }
  return out;
}

std::string system_reason() {
  return errno ? std::string(": ") + std::strerror(errno) : std::string();
}

// A temporary file name beside `path`, unlikely to collide with another save.
std::filesystem::path temporary_beside(const std::filesystem::path& path) {
  std::random_device device;
  std::ostringstream suffix;
  suffix << ".tmp-" << std::hex << device() << device();
  std::filesystem::path temporary = path;
  temporary += suffix.str();
  return temporary;
}

// Removes the file unless release() was called.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::filesystem::path path) : path_(std::move(path)) {}
  ~RemoveOnExit() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove(path_, ignored);
  }
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  void release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string to_safetensors(const StateDict& tensors) {
  const Layout layout = plan(tensors);
  std::ostringstream out(std::ios::binary);
  write_safetensors(out, layout);
  return std::move(out).str();
}

StateDict from_safetensors(std::string_view bytes) {
  BufferSource source(bytes);
  try {
    return decode(source);
  } catch (const SafetensorsError& e) {
    XGRAD_FAIL(SafetensorsError, "from_safetensors(): ", e.what());
  }
}

void save(const StateDict& tensors, const std::filesystem::path& path) {
  const Layout layout = plan(tensors);  // refuses bad names before touching the file system
  const std::string where = "xgrad::save(\"" + path.string() + "\")";
  const std::filesystem::path temporary = temporary_beside(path);
  RemoveOnExit cleanup(temporary);
  {
    errno = 0;
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      XGRAD_FAIL(std::runtime_error, where, ": cannot open the file for writing", system_reason());
    }
    write_safetensors(out, layout);
    out.close();
    XGRAD_CHECK(out, std::runtime_error, where, ": writing the file failed", system_reason());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    XGRAD_FAIL(std::runtime_error, where,
               ": cannot move the written file into place: ", error.message());
  }
  cleanup.release();
}

StateDict load(const std::filesystem::path& path) {
  const std::string where = "xgrad::load(\"" + path.string() + "\")";
  std::error_code ignored;
  XGRAD_CHECK(!std::filesystem::is_directory(path, ignored), std::runtime_error, where,
              ": cannot open the file: it is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  XGRAD_CHECK(in, std::runtime_error, where, ": cannot open the file", system_reason());
  try {
    FileSource source(in);
    return decode(source);
  } catch (const SafetensorsError& e) {
    XGRAD_FAIL(SafetensorsError, where, ": ", e.what());
  }
}

}  // namespace xgrad
