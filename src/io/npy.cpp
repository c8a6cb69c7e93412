#include "io/npy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <system_error>

#include "inferbench/errors.hpp"
#include "core/half.hpp"
#include "io/atomic_file.hpp"

namespace ib::io {
namespace {

static_assert(std::endian::native == std::endian::little,
              "NpyArray data is little endian; add swapping here");

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kPreludeV1 = 10;  // magic (6) + version (2) + uint16 header length
constexpr std::size_t kPreludeV2 = 12;  // magic (6) + version (2) + uint32 header length
constexpr std::size_t kAlign = 64;
constexpr std::size_t kGrowthAxisMaxDigits =
    21;  // numpy leaves this much room to rewrite the first dimension

[[noreturn]] void fail(const std::string& name, std::string_view reason) {
  throw core::InputError(fmt::format("{}: {}", name, reason));
}

// The header is a Python dict literal as numpy's repr writes it; this reads exactly that subset (strings,
// True, False, tuples of non-negative integers) and nothing that would need a Python interpreter.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c, std::string_view what) {
    if (!peek(c)) malformed(fmt::format("expected {}", what));
    ++pos_;
  }
  std::string string_literal() {
    skip_space();
    if (at_end() || (text_[pos_] != '\'' && text_[pos_] != '"')) malformed("expected a quoted string");
    const char quote = text_[pos_++];
    const std::size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) malformed("unterminated string");
    std::string value(text_.substr(pos_, end - pos_));
    if (value.find('\\') != std::string::npos) malformed("escape sequences are not supported");
    pos_ = end + 1;
    return value;
  }
  bool boolean_literal() {
    skip_space();
    for (const auto& [word, value] : {std::pair{std::string_view("True"), true}, {"False", false}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    }
    malformed("fortran_order must be True or False");
  }
  core::Shape shape_tuple() {
    expect('(', "'(' to open the shape tuple");
    core::Shape shape;
    while (!peek(')')) {
      shape.push_back(integer());
      if (peek(',')) {
        ++pos_;
      } else if (!peek(')')) {
        malformed("expected ',' or ')' in the shape tuple");
      }
    }
    ++pos_;
    // Python writes a one-element tuple as "(n,)"; "(n)" is just an integer, not a tuple.
    return shape;
  }
  [[noreturn]] void malformed(std::string_view why) const {
    fail(name_, fmt::format("malformed .npy header ({} at offset {} of '{}')", why, pos_, printable(text_)));
  }

 private:
  std::int64_t integer() {
    skip_space();
    const std::size_t start = pos_;
    std::int64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const int digit = text_[pos_] - '0';
      if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
        fail(name_, "shape dimension too large in .npy header");
      value = value * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) malformed("expected a non-negative integer in the shape tuple");
    if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 long suffix, still in old files
    return value;
  }
  static std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 200)) out += (c >= 32 && c < 127) ? c : '?';
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  std::string_view text_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

// Integer types numpy writes that have no core::DType: read at their own width, then widened to a type that
// holds every value exactly (uint64 goes to fp64, which rounds beyond 2^53 as int64 -> double does).
enum class Widen { none, int16, uint16, uint32, uint64 };

struct Header {
  std::string descr;
  core::DType dtype = core::DType::fp32;  ///< the type the array is held in
  Widen widen = Widen::none;
  std::size_t file_item_size = 4;
  bool big_endian = false;
  bool fortran_order = false;
  core::Shape shape;
};

struct DescrInfo {
  core::DType dtype;
  Widen widen;
  std::size_t file_item_size;
  bool big_endian;
};

DescrInfo parse_descr(const std::string& descr, const std::string& name) {
  const auto unsupported = [&](std::string_view why) -> std::string {
    return fmt::format(
        "unsupported .npy dtype '{}' ({}; supported: b1 i1 u1 i2 u2 i4 u4 i8 u8 f2 f4 f8, "
        "little or big endian)",
        descr, why);
  };
  if (descr.size() < 2) fail(name, unsupported("not a simple numeric type"));
  const char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    fail(name, unsupported("unknown byte order"));
  const std::string_view type = std::string_view(descr).substr(1);
  struct Type {
    std::string_view code;
    core::DType dtype;
    Widen widen;
    std::size_t file_item_size;
  };
  static constexpr std::array<Type, 12> kTypes{{{"f2", core::DType::fp16, Widen::none, 2},
                                                {"f4", core::DType::fp32, Widen::none, 4},
                                                {"f8", core::DType::fp64, Widen::none, 8},
                                                {"i1", core::DType::int8, Widen::none, 1},
                                                {"u1", core::DType::uint8, Widen::none, 1},
                                                {"b1", core::DType::boolean, Widen::none, 1},
                                                {"i2", core::DType::int32, Widen::int16, 2},
                                                {"u2", core::DType::int32, Widen::uint16, 2},
                                                {"i4", core::DType::int32, Widen::none, 4},
                                                {"u4", core::DType::int64, Widen::uint32, 4},
                                                {"i8", core::DType::int64, Widen::none, 8},
                                                {"u8", core::DType::fp64, Widen::uint64, 8}}};
  for (const Type& t : kTypes) {
    if (type != t.code) continue;
    const bool one_byte = t.file_item_size == 1;
    if (order == '|' && !one_byte)
      fail(name, unsupported("'|' (no byte order) is only valid for 1-byte types"));
    return {t.dtype, t.widen, t.file_item_size, order == '>' && !one_byte};
  }
  if (type[0] == 'c') fail(name, unsupported("complex numbers"));
  if (type[0] == 'O') fail(name, unsupported("Python objects"));
  if (type[0] == 'U' || type[0] == 'S' || type[0] == 'V') fail(name, unsupported("strings or raw bytes"));
  fail(name, unsupported("no matching element type"));
}

Header parse_header(std::string_view text, const std::string& name) {
  HeaderParser parser(text, name);
  std::optional<std::string> descr;
  std::optional<bool> fortran_order;
  std::optional<core::Shape> shape;
  parser.expect('{', "'{' to open the header dict");
  while (!parser.peek('}')) {
    const std::string key = parser.string_literal();
    parser.expect(':', "':' after a key");
    if (key == "descr") {
      if (descr) parser.malformed("duplicate key 'descr'");
      if (parser.peek('[')) fail(name, "unsupported .npy dtype (structured arrays are not supported)");
      descr = parser.string_literal();
    } else if (key == "fortran_order") {
      if (fortran_order) parser.malformed("duplicate key 'fortran_order'");
      fortran_order = parser.boolean_literal();
    } else if (key == "shape") {
      if (shape) parser.malformed("duplicate key 'shape'");
      shape = parser.shape_tuple();
    } else {
      parser.malformed(fmt::format("unexpected key '{}'", key));
    }
    if (parser.peek(',')) {
      parser.expect(',', "','");
    } else if (!parser.peek('}')) {
      parser.malformed("expected ',' or '}' after a value");
    }
  }
  parser.expect('}', "'}'");
  parser.skip_space();
  if (!parser.at_end()) parser.malformed("unexpected text after the header dict");
  if (!descr || !fortran_order || !shape)
    parser.malformed("the keys descr, fortran_order and shape are required");
  const DescrInfo info = parse_descr(*descr, name);
  return {*descr, info.dtype, info.widen, info.file_item_size, info.big_endian, *fortran_order, std::move(*shape)};
}

// Element count and byte size with overflow checks, before anything is allocated.
std::size_t checked_byte_size(const core::Shape& shape, std::size_t item_size, const std::string& name) {
  std::size_t bytes = item_size;
  for (const std::int64_t dim : shape) {
    if (dim < 0 || __builtin_mul_overflow(bytes, static_cast<std::size_t>(dim), &bytes))
      fail(name, fmt::format("shape {} is too large", core::shape_to_string(shape)));
  }
  if (bytes > static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()))
    fail(name, fmt::format("shape {} is too large", core::shape_to_string(shape)));
  return bytes;
}

// Fortran order stores the first index fastest; walk the C-order output and track the matching source offset.
std::vector<std::byte> fortran_to_c(const std::vector<std::byte>& source, const core::Shape& shape,
                                    std::size_t item_size) {
  const std::size_t rank = shape.size();
  if (source.empty() || rank < 2) return source;
  std::vector<std::byte> out(source.size());
  std::vector<std::size_t> stride(rank);  // Fortran strides in elements
  std::size_t step = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    stride[d] = step;
    step *= static_cast<std::size_t>(shape[d]);
  }
  std::vector<std::size_t> index(rank, 0);
  std::size_t source_element = 0;
  const std::size_t count = source.size() / item_size;
  for (std::size_t i = 0; i < count; ++i) {
    std::memcpy(out.data() + i * item_size, source.data() + source_element * item_size, item_size);
    for (std::size_t d = rank; d-- > 0;) {  // increment the C-order index, last dimension fastest
      ++index[d];
      source_element += stride[d];
      if (index[d] < static_cast<std::size_t>(shape[d])) break;
      source_element -= index[d] * stride[d];
      index[d] = 0;
    }
  }
  return out;
}

std::string shape_repr(const core::Shape& shape) {
  if (shape.empty()) return "()";
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));
}

std::string_view descr_of(core::DType dtype) {
  switch (dtype) {
    case core::DType::fp16:
      return "<f2";
    case core::DType::fp32:
      return "<f4";
    case core::DType::fp64:
      return "<f8";
    case core::DType::int8:
      return "|i1";
    case core::DType::uint8:
      return "|u1";
    case core::DType::int32:
      return "<i4";
    case core::DType::int64:
      return "<i8";
    case core::DType::boolean:
      return "|b1";
    case core::DType::bf16:
      break;
  }
  throw core::InputError(
      fmt::format("cannot write {} as .npy: numpy has no such element type", core::dtype_name(dtype)));
}

double half_to_double(std::uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  const double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31)
    return mantissa == 0 ? sign * std::numeric_limits<double>::infinity()
                         : std::numeric_limits<double>::quiet_NaN();
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

template <typename T>
T load(const std::byte* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

template <typename T>
void store(std::byte* p, T value) {
  std::memcpy(p, &value, sizeof(T));
}

template <typename From, typename To>
std::vector<std::byte> widen_as(const std::vector<std::byte>& narrow) {
  std::vector<std::byte> wide(narrow.size() / sizeof(From) * sizeof(To));
  for (std::size_t i = 0; i < narrow.size() / sizeof(From); ++i) {
    store(wide.data() + i * sizeof(To), static_cast<To>(load<From>(narrow.data() + i * sizeof(From))));
  }
  return wide;
}

std::vector<std::byte> widen(const std::vector<std::byte>& narrow, Widen widen) {
  switch (widen) {
    case Widen::int16:
      return widen_as<std::int16_t, std::int32_t>(narrow);
    case Widen::uint16:
      return widen_as<std::uint16_t, std::int32_t>(narrow);
    case Widen::uint32:
      return widen_as<std::uint32_t, std::int64_t>(narrow);
    case Widen::uint64:
      return widen_as<std::uint64_t, double>(narrow);
    case Widen::none:
      break;
  }
  return narrow;
}

template <typename T>
T checked_integer(double value, core::DType dtype) {
  // max + 1 is a power of two, so exact as a double; casting anything outside [min, max + 1) is undefined.
  const double upper = static_cast<double>(std::numeric_limits<T>::max()) + 1.0;
  if (!std::isfinite(value) || value < static_cast<double>(std::numeric_limits<T>::min()) || value >= upper)
    throw core::InputError(fmt::format("value {} does not fit {}", value, core::dtype_name(dtype)));
  return static_cast<T>(value);
}

}  // namespace

NpyArray parse_npy(std::string_view bytes, const std::string& name) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic)
    fail(name, "not a .npy file (missing the \\x93NUMPY magic)");
  if (bytes.size() < kPreludeV1) fail(name, "truncated .npy file (no complete header)");
  const auto major = static_cast<unsigned char>(bytes[6]);
  const auto minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    fail(name, fmt::format("unsupported .npy format version {}.{} (supported: 1.0, 2.0, 3.0)", major, minor));
  std::size_t prelude = kPreludeV1;
  std::size_t header_length = 0;
  const auto byte_at = [&](std::size_t i) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i]));
  };
  if (major == 1) {
    header_length = byte_at(8) | (byte_at(9) << 8);
  } else {
    prelude = kPreludeV2;
    if (bytes.size() < prelude) fail(name, "truncated .npy file (no complete header)");
    header_length = byte_at(8) | (byte_at(9) << 8) | (byte_at(10) << 16) | (byte_at(11) << 24);
  }
  if (header_length > bytes.size() - prelude)
    fail(name, fmt::format("truncated .npy file (header of {} bytes, but only {} bytes follow)",
                           header_length, bytes.size() - prelude));
  const std::string_view header_text = bytes.substr(prelude, header_length);
  // Versions 1 and 2 are latin-1 and 3 is UTF-8; the subset we accept is plain ASCII either way.
  if (std::any_of(header_text.begin(), header_text.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 128; }))
    fail(name, "malformed .npy header (non-ASCII characters; structured dtypes are not supported)");
  const Header header = parse_header(header_text, name);

  const std::size_t item_size = header.file_item_size;
  const std::size_t data_bytes = checked_byte_size(header.shape, item_size, name);
  const std::size_t available = bytes.size() - prelude - header_length;
  if (available != data_bytes)
    fail(name,
         fmt::format("data size does not match the header: shape {} of {} needs {} bytes, the file has {}",
                     shape_repr(header.shape),
                     header.widen == Widen::none ? core::dtype_name(header.dtype) : header.descr, data_bytes,
                     available));

  NpyArray array;
  array.dtype = header.dtype;
  array.shape = header.shape;
  const auto* data = reinterpret_cast<const std::byte*>(bytes.data() + prelude + header_length);
  array.data.assign(data, data + data_bytes);
  if (header.big_endian) {
    for (std::size_t offset = 0; offset < data_bytes; offset += item_size)
      std::reverse(array.data.begin() + static_cast<std::ptrdiff_t>(offset),
                   array.data.begin() + static_cast<std::ptrdiff_t>(offset + item_size));
  }
  if (header.fortran_order) array.data = fortran_to_c(array.data, array.shape, item_size);
  array.data = widen(array.data, header.widen);
  return array;
}

NpyArray read_npy(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) fail(name, "is a directory, not a .npy file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(name, fmt::format("cannot open: {}", std::generic_category().message(errno)));
  // Reading the whole file bounds every allocation by the file's real size.
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(name, "read error");
  return parse_npy(bytes, name);
}

std::string serialize_npy(const NpyArray& array) {
  const std::string_view descr = descr_of(array.dtype);
  const std::size_t expected = checked_byte_size(array.shape, core::dtype_size(array.dtype), "array");
  if (array.data.size() != expected)
    throw core::InputError(fmt::format("cannot write .npy: shape {} of {} needs {} bytes, got {}",
                                       shape_repr(array.shape), core::dtype_name(array.dtype), expected,
                                       array.data.size()));
  std::string header =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}", descr, shape_repr(array.shape));
  if (!array.shape.empty())
    header.append(kGrowthAxisMaxDigits - fmt::format("{}", array.shape[0]).size(), ' ');
  const std::size_t unpadded = kPreludeV1 + header.size() + 1;
  header.append((kAlign - unpadded % kAlign) % kAlign, ' ');
  header.push_back('\n');
  std::string out(kMagic);
  out.push_back('\x01');
  out.push_back('\x00');
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>((header.size() >> 8) & 0xff));
  out += header;
  out.append(reinterpret_cast<const char*>(array.data.data()), array.data.size());
  return out;
}

void write_npy(const std::filesystem::path& path, const NpyArray& array) {
  write_file_atomically(path, serialize_npy(array));
}

std::vector<double> to_doubles(const NpyArray& array) {
  const std::size_t item_size = core::dtype_size(array.dtype);
  const std::size_t count = array.data.size() / item_size;
  std::vector<double> out(count);
  const std::byte* p = array.data.data();
  for (std::size_t i = 0; i < count; ++i, p += item_size) {
    switch (array.dtype) {
      case core::DType::fp32:
        out[i] = load<float>(p);
        break;
      case core::DType::fp64:
        out[i] = load<double>(p);
        break;
      case core::DType::fp16:
        out[i] = half_to_double(load<std::uint16_t>(p));
        break;
      case core::DType::bf16:
        out[i] = std::bit_cast<float>(static_cast<std::uint32_t>(load<std::uint16_t>(p)) << 16);
        break;
      case core::DType::int8:
        out[i] = load<std::int8_t>(p);
        break;
      case core::DType::uint8:
        out[i] = load<std::uint8_t>(p);
        break;
      case core::DType::int32:
        out[i] = load<std::int32_t>(p);
        break;
      case core::DType::int64:
        out[i] = static_cast<double>(load<std::int64_t>(p));
        break;
      case core::DType::boolean:
        out[i] = std::to_integer<int>(*p) != 0 ? 1.0 : 0.0;
        break;
    }
  }
  return out;
}

NpyArray make_npy(core::DType dtype, core::Shape shape, const std::vector<double>& values) {
  const std::size_t item_size = core::dtype_size(dtype);
  const std::size_t expected = checked_byte_size(shape, item_size, "array") / item_size;
  if (values.size() != expected)
    throw core::InputError(fmt::format("make_npy: shape {} needs {} values, got {}", shape_repr(shape),
                                       expected, values.size()));
  NpyArray array{dtype, std::move(shape), std::vector<std::byte>(values.size() * item_size)};
  std::byte* p = array.data.data();
  for (const double value : values) {
    switch (dtype) {
      case core::DType::fp32:
        store(p, static_cast<float>(value));
        break;
      case core::DType::fp64:
        store(p, value);
        break;
      case core::DType::fp16:
        store(p, core::float_to_half_bits(static_cast<float>(value)));
        break;
      case core::DType::bf16:
        store(p, core::float_to_bf16_bits(static_cast<float>(value)));
        break;
      case core::DType::int8:
        store(p, checked_integer<std::int8_t>(value, dtype));
        break;
      case core::DType::uint8:
        store(p, checked_integer<std::uint8_t>(value, dtype));
        break;
      case core::DType::int32:
        store(p, checked_integer<std::int32_t>(value, dtype));
        break;
      case core::DType::int64:
        store(p, checked_integer<std::int64_t>(value, dtype));
        break;
      case core::DType::boolean:
        store(p, static_cast<std::uint8_t>(value != 0.0 ? 1 : 0));
        break;
    }
    p += item_size;
  }
  return array;
}

}  // namespace ib::io
