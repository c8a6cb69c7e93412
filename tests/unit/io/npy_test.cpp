// .npy reading and writing against the exact bytes numpy 1.24 writes (each fixture names the numpy call that
// made it: `f = io.BytesIO(); np.save(f, a); f.getvalue()`), plus every malformed-file case and a fuzz-style
// sweep (every truncation, seeded byte flips) that must end in a value or an InputError, never anything else.
#include "io/npy.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::io {
namespace {

using namespace std::string_literals;
namespace fs = std::filesystem;

// np.arange(6, dtype='<f4').reshape(2, 3)
const std::string kF4_2x3 =
    "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }                       "
    "   "
    "                                \n"
    "\x00\x00\x00\x00\x00\x00\x80?\x00\x00\x00@\x00\x00@@\x00\x00\x80@\x00\x00\xa0@"s;
// np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3))
const std::string kF8Fortran_2x3 =
    "\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }                        "
    "   "
    "                                \n"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08@\x00\x00\x00\x00\x00\x00\xf0?"
    "\x00\x00\x00\x00"
    "\x00\x00\x10@\x00\x00\x00\x00\x00\x00\x00@\x00\x00\x00\x00\x00\x00\x14@"s;
// np.array([1, -2, 300], dtype='>i4')
const std::string kI4BigEndian =
    "\x93NUMPY\x01\x00v\x00{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }                         "
    "   "
    "                                \n"
    "\x00\x00\x00\x01\xff\xff\xff\xfe\x00\x00\x01,"s;
// np.array([1.5, -0.25], dtype='<f2')
const std::string kF2 =
    "\x93NUMPY\x01\x00v\x00{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }                         "
    "   "
    "                                \n"
    "\x00>\x00\xb4"s;
// np.array(2.5)
const std::string kScalar =
    "\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (), }                           "
    "   "
    "                                \n"
    "\x00\x00\x00\x00\x00\x00\x04@"s;
// np.array([True, False, True])
const std::string kBool =
    "\x93NUMPY\x01\x00v\x00{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }                         "
    "   "
    "                                \n"
    "\x01\x00\x01"s;
// np.array([0, 7, 255], dtype=np.uint8)
const std::string kU1 =
    "\x93NUMPY\x01\x00v\x00{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }                         "
    "   "
    "                                \n"
    "\x00\x07\xff"s;
// np.array([-128, 5], dtype=np.int8)
const std::string kI1 =
    "\x93NUMPY\x01\x00v\x00{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }                         "
    "   "
    "                                \n"
    "\x80\x05"s;
// np.array([-3, 1 << 40], dtype='<i8')
const std::string kI8 =
    "\x93NUMPY\x01\x00v\x00{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }                         "
    "   "
    "                                \n"
    "\xfd\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x01\x00\x00"s;
// np.lib.format.write_array(f, np.array([1.0, 2.0], dtype='<f4'), version=(2, 0))
const std::string kV2 =
    "\x93NUMPY\x02\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }                 "
    "   "
    "                                      \n"
    "\x00\x00\x80?\x00\x00\x00@"s;
// the same with version=(3, 0)
const std::string kV3 =
    "\x93NUMPY\x03\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }                 "
    "   "
    "                                      \n"
    "\x00\x00\x80?\x00\x00\x00@"s;
// np.zeros((0, 3), dtype='<f4')
const std::string kEmpty =
    "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }                       "
    "   "
    "                                \n"s;

// A v1.0 file with any header text (padded to keep numpy's 64-byte alignment) and data.
std::string npy_with_header(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header.push_back(' ');
  header.push_back('\n');
  std::string out = "\x93NUMPY\x01\x00"s;
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  return out + header + data;
}

std::string input_error(const std::string& bytes) {
  try {
    (void)parse_npy(bytes, "t.npy");
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "no InputError";
}

void expect_error(const std::string& bytes, const std::string& part) {
  const std::string message = input_error(bytes);
  EXPECT_EQ(message.rfind("t.npy: ", 0), 0u) << message;
  EXPECT_NE(message.find(part), std::string::npos) << message;
}

TEST(Npy, FixturesHaveTheSizesNumpyWrote) {
  // len(f.getvalue()) for each fixture above, guarding against a mistyped literal.
  EXPECT_EQ(kF4_2x3.size(), 152u);
  EXPECT_EQ(kF8Fortran_2x3.size(), 176u);
  EXPECT_EQ(kI4BigEndian.size(), 140u);
  EXPECT_EQ(kF2.size(), 132u);
  EXPECT_EQ(kScalar.size(), 136u);
  EXPECT_EQ(kBool.size(), 131u);
  EXPECT_EQ(kU1.size(), 131u);
  EXPECT_EQ(kI1.size(), 130u);
  EXPECT_EQ(kI8.size(), 144u);
  EXPECT_EQ(kV2.size(), 136u);
  EXPECT_EQ(kV3.size(), 136u);
  EXPECT_EQ(kEmpty.size(), 128u);
}

TEST(Npy, ReadsFloat32COrder) {
  const NpyArray array = parse_npy(kF4_2x3, "t.npy");
  EXPECT_EQ(array.dtype, core::DType::fp32);
  EXPECT_EQ(array.shape, (core::Shape{2, 3}));
  EXPECT_EQ(to_doubles(array), (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST(Npy, TransposesFortranOrderToCOrder) {
  const NpyArray array = parse_npy(kF8Fortran_2x3, "t.npy");
  EXPECT_EQ(array.dtype, core::DType::fp64);
  EXPECT_EQ(array.shape, (core::Shape{2, 3}));
  EXPECT_EQ(to_doubles(array), (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST(Npy, TransposesThreeDimensionalFortranOrder) {
  // np.asfortranarray(np.arange(24, dtype='<i4').reshape(2, 3, 4)): element (i, j, k) = 12i + 4j + k sits at
  // Fortran offset i + 2j + 6k.
  std::string data(24 * 4, '\0');
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        data[static_cast<std::size_t>(4 * (i + 2 * j + 6 * k))] = static_cast<char>(12 * i + 4 * j + k);
  const NpyArray array = parse_npy(
      npy_with_header("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3, 4), }", data), "t.npy");
  std::vector<double> expected(24);
  for (int n = 0; n < 24; ++n) expected[static_cast<std::size_t>(n)] = n;
  EXPECT_EQ(to_doubles(array), expected);
}

TEST(Npy, SwapsBigEndian) {
  const NpyArray array = parse_npy(kI4BigEndian, "t.npy");
  EXPECT_EQ(array.dtype, core::DType::int32);
  EXPECT_EQ(to_doubles(array), (std::vector<double>{1, -2, 300}));
}

TEST(Npy, ReadsEveryElementType) {
  EXPECT_EQ(to_doubles(parse_npy(kF2, "t.npy")), (std::vector<double>{1.5, -0.25}));
  const NpyArray scalar = parse_npy(kScalar, "t.npy");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(to_doubles(scalar), (std::vector<double>{2.5}));
  EXPECT_EQ(parse_npy(kBool, "t.npy").dtype, core::DType::boolean);
  EXPECT_EQ(to_doubles(parse_npy(kBool, "t.npy")), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(to_doubles(parse_npy(kU1, "t.npy")), (std::vector<double>{0, 7, 255}));
  EXPECT_EQ(to_doubles(parse_npy(kI1, "t.npy")), (std::vector<double>{-128, 5}));
  EXPECT_EQ(to_doubles(parse_npy(kI8, "t.npy")), (std::vector<double>{-3, 1099511627776.0}));
  const NpyArray empty = parse_npy(kEmpty, "t.npy");
  EXPECT_EQ(empty.shape, (core::Shape{0, 3}));
  EXPECT_TRUE(to_doubles(empty).empty());
}

// Depth ground truth in millimetres is very often uint16; numpy writes every one of these.
TEST(Npy, ReadsEveryIntegerWidthInEitherByteOrder) {
  const auto with = [](const std::string& descr, std::size_t count, const std::string& data) {
    return parse_npy(npy_with_header("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" +
                                         std::to_string(count) + ",), }",
                                     data),
                     "t.npy");
  };
  // np.array([0, 1000, 65535], dtype='<u2').tobytes()
  const NpyArray u2 = with("<u2", 3, "\x00\x00\xe8\x03\xff\xff"s);
  EXPECT_EQ(u2.dtype, core::DType::int32);
  EXPECT_EQ(to_doubles(u2), (std::vector<double>{0, 1000, 65535}));
  EXPECT_EQ(to_doubles(with(">u2", 3, "\x00\x00\x03\xe8\xff\xff"s)), (std::vector<double>{0, 1000, 65535}));
  // np.array([-2, 300], dtype='>i2'), '<i2' and native '='
  EXPECT_EQ(to_doubles(with(">i2", 2, "\xff\xfe\x01\x2c"s)), (std::vector<double>{-2, 300}));
  EXPECT_EQ(to_doubles(with("<i2", 2, "\xfe\xff\x2c\x01"s)), (std::vector<double>{-2, 300}));
  EXPECT_EQ(to_doubles(with("=i2", 2, "\xfe\xff\x2c\x01"s)), (std::vector<double>{-2, 300}));
  // np.array([4000000000], dtype='<u4') and '>u4'
  const NpyArray u4 = with("<u4", 1, "\x00\x28\x6b\xee"s);
  EXPECT_EQ(u4.dtype, core::DType::int64);
  EXPECT_EQ(to_doubles(u4), (std::vector<double>{4000000000.0}));
  EXPECT_EQ(to_doubles(with(">u4", 1, "\xee\x6b\x28\x00"s)), (std::vector<double>{4000000000.0}));
  // np.array([2**63 + 2**11, 5], dtype='>u8'): beyond int64, exact in a double
  const NpyArray u8 = with(">u8", 2, "\x80\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x05"s);
  EXPECT_EQ(u8.dtype, core::DType::fp64);
  EXPECT_EQ(to_doubles(u8), (std::vector<double>{9223372036854777856.0, 5}));
  // big-endian fp32 and fp64, and a Fortran-order uint16 (transposed at its own width)
  EXPECT_EQ(to_doubles(with(">f4", 1, "\x3f\xc0\x00\x00"s)), (std::vector<double>{1.5}));
  EXPECT_EQ(to_doubles(with(">f8", 1, "\xc0\x04\x00\x00\x00\x00\x00\x00"s)), (std::vector<double>{-2.5}));
  const NpyArray fortran = parse_npy(
      npy_with_header("{'descr': '<u2', 'fortran_order': True, 'shape': (2, 2), }", "\x01\x00\x03\x00\x02\x00\x04\x00"s),
      "t.npy");
  EXPECT_EQ(to_doubles(fortran), (std::vector<double>{1, 2, 3, 4}));
  // The size check is on the file's width: 3 uint16 are 6 bytes, not the 12 they take widened.
  expect_error(npy_with_header("{'descr': '<u2', 'fortran_order': False, 'shape': (3,), }", std::string(12, '\0')),
               "shape (3,) of <u2 needs 6 bytes, the file has 12");
}

TEST(Npy, ReadsVersions2And3) {
  EXPECT_EQ(to_doubles(parse_npy(kV2, "t.npy")), (std::vector<double>{1, 2}));
  EXPECT_EQ(to_doubles(parse_npy(kV3, "t.npy")), (std::vector<double>{1, 2}));
}

TEST(Npy, AcceptsHeaderVariantsNumpyMayWrite) {
  // Older numpy: no trailing comma, other key order, double quotes, Python 2 long suffix, 16-byte alignment.
  const std::string data = "\x00\x00\x80?\x00\x00\x00@"s;
  for (const std::string dict : {"{'shape': (2,), 'descr': '<f4', 'fortran_order': False}",
                                 "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L,)}",
                                 "{'descr':'=f4','fortran_order':False,'shape':(2,),}"}) {
    EXPECT_EQ(to_doubles(parse_npy(npy_with_header(dict, data), "t.npy")), (std::vector<double>{1, 2}))
        << dict;
  }
}

TEST(Npy, SerializesByteIdenticalToNumpy) {
  for (const std::string* fixture : {&kF4_2x3, &kF2, &kScalar, &kBool, &kU1, &kI1, &kI8, &kEmpty}) {
    EXPECT_EQ(serialize_npy(parse_npy(*fixture, "t.npy")), *fixture);
  }
  // Fortran and big-endian files come back as numpy would save the loaded (C order, native) array:
  // np.save(f, np.ascontiguousarray(a).astype('<i4')) has this header.
  EXPECT_EQ(serialize_npy(parse_npy(kI4BigEndian, "t.npy")).substr(10, 60),
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }   ");
}

TEST(Npy, WriteThenReadRoundTrips) {
  const fs::path path = fs::temp_directory_path() / ("ib_npy_test_" + std::to_string(::getpid()) + ".npy");
  for (const core::DType dtype :
       {core::DType::fp32, core::DType::fp64, core::DType::fp16, core::DType::int8, core::DType::uint8,
        core::DType::int32, core::DType::int64, core::DType::boolean}) {
    const NpyArray array = make_npy(dtype, {2, 2}, {0, 1, 1, 0});
    write_npy(path, array);
    EXPECT_EQ(read_npy(path), array) << core::dtype_name(dtype);
  }
  const NpyArray big = make_npy(core::DType::fp32, {3, 1, 4}, std::vector<double>(12, -0.5));
  write_npy(path, big);
  const NpyArray back = read_npy(path);
  EXPECT_EQ(back, big);
  EXPECT_EQ(fs::file_size(path) % 64, 48u);  // 128-byte header + 48 bytes of data
  fs::remove(path);
}

TEST(Npy, RefusesToWriteWhatNumpyCannotRead) {
  EXPECT_THROW((void)serialize_npy(make_npy(core::DType::bf16, {1}, {1.0})), core::InputError);
  NpyArray wrong = make_npy(core::DType::fp32, {2}, {1, 2});
  wrong.data.pop_back();
  EXPECT_THROW((void)serialize_npy(wrong), core::InputError);
  EXPECT_THROW((void)make_npy(core::DType::uint8, {1}, {256}), core::InputError);
  EXPECT_THROW((void)make_npy(core::DType::int32, {2}, {1}), core::InputError);
}

TEST(Npy, MissingFileAndDirectory) {
  const std::string missing = "/nonexistent/dir/x.npy";
  try {
    (void)read_npy(missing);
    FAIL();
  } catch (const core::InputError& error) {
    EXPECT_EQ(std::string(error.what()), missing + ": cannot open: No such file or directory");
  }
  EXPECT_THROW((void)read_npy(fs::temp_directory_path()), core::InputError);
}

TEST(Npy, RejectsBadMagicAndVersion) {
  expect_error("", "missing the \\x93NUMPY magic");
  expect_error("PK\x03\x04 a zip file, not npy", "missing the \\x93NUMPY magic");
  expect_error("\x93NUMPY\x01"s, "truncated .npy file");
  expect_error("\x93NUMPY\x04\x00\x10\x00"s + std::string(16, ' '), "unsupported .npy format version 4.0");
  expect_error("\x93NUMPY\x01\x01\x10\x00"s + std::string(16, ' '), "unsupported .npy format version 1.1");
  expect_error("\x93NUMPY\x02\x00\x10\x00"s, "truncated .npy file");
}

TEST(Npy, RejectsHeaderLengthBeyondTheFile) {
  std::string bytes = kF4_2x3;
  bytes[8] = '\xff';
  bytes[9] = '\xff';
  expect_error(bytes, "header of 65535 bytes, but only 142 bytes follow");
  std::string v2 = kV2;
  v2[11] = '\x7f';
  expect_error(v2, "truncated .npy file (header of 2130706548 bytes");
}

TEST(Npy, RejectsMalformedDicts) {
  const std::string data = "\x00\x00\x80?"s;
  const auto with = [&](const std::string& dict) { return npy_with_header(dict, data); };
  expect_error(with("['descr', '<f4']"), "malformed .npy header (expected '{'");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
               "unexpected key 'extra'");
  expect_error(with("{'descr': '<f4', 'fortran_order': False}"),
               "descr, fortran_order and shape are required");
  expect_error(with("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"),
               "duplicate key");
  expect_error(with("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}"), "True or False");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"), "non-negative integer");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}"), "'(' to open the shape tuple");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': (1 2)}"), "expected ',' or ')'");
  expect_error(with("{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}"), "expected ',' or '}'");
  expect_error(with("{'descr: '<f4', 'fortran_order': False, 'shape': (1,)}"), "malformed .npy header");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk"), "unexpected text after");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)"), "malformed .npy header");
  expect_error(with("{'descr': '\\x3cf4', 'fortran_order': False, 'shape': (1,)}"), "escape sequences");
  expect_error(with("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'n\xc3\xa9': 1}"), "non-ASCII");
}

TEST(Npy, RejectsUnsupportedDtypes) {
  const auto with_descr = [](const std::string& descr) {
    return npy_with_header("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }",
                           std::string(8, '\0'));
  };
  expect_error(with_descr("'|O'"), "unsupported .npy dtype '|O' (Python objects");
  expect_error(with_descr("'<c8'"), "unsupported .npy dtype '<c8' (complex numbers");
  expect_error(with_descr("'<f16'"), "unsupported .npy dtype '<f16' (no matching element type; supported:");
  expect_error(with_descr("'<M8[ns]'"), "unsupported .npy dtype '<M8[ns]'");
  expect_error(with_descr("'<U3'"), "strings or raw bytes");
  expect_error(with_descr("'|f4'"), "only valid for 1-byte types");
  expect_error(with_descr("'!f4'"), "unknown byte order");
  expect_error(with_descr("[('a', '<f4'), ('b', '<i4')]"), "structured arrays are not supported");
}

TEST(Npy, RejectsDataOfTheWrongSize) {
  expect_error(kF4_2x3.substr(0, kF4_2x3.size() - 1), "shape (2, 3) of fp32 needs 24 bytes, the file has 23");
  expect_error(kF4_2x3 + "x", "needs 24 bytes, the file has 25");
  expect_error(kEmpty + "\x00"s, "needs 0 bytes, the file has 1");
}

TEST(Npy, RejectsAbsurdShapesWithoutAllocating) {
  const std::string data(8, '\0');
  const auto with_shape = [&](const std::string& shape) {
    return npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", data);
  };
  expect_error(with_shape("(99999999999999999999,)"), "shape dimension too large");
  expect_error(with_shape("(4294967296, 4294967296)"), "is too large");
  expect_error(with_shape("(1152921504606846976,)"), "is too large");  // 2^60 elements of 8 bytes
  expect_error(with_shape("(1000000000, 1000000000)"), "needs 8000000000000000000 bytes, the file has 8");
}

// Every prefix of every fixture and seeded random byte flips: parsing must return or throw InputError only.
TEST(Npy, FuzzTruncationAndByteFlips) {
  const std::vector<const std::string*> fixtures{
      &kF4_2x3, &kF8Fortran_2x3, &kI4BigEndian, &kF2, &kScalar, &kBool, &kU1, &kI1, &kI8, &kV2,
      &kV3,     &kEmpty};
  int accepted = 0;
  int refused = 0;
  const auto attempt = [&](const std::string& bytes) {
    try {
      const NpyArray array = parse_npy(bytes, "fuzz.npy");
      (void)to_doubles(array);
      ++accepted;
    } catch (const core::InputError&) {
      ++refused;
    }
  };
  for (const std::string* fixture : fixtures) {
    for (std::size_t length = 0; length < fixture->size(); ++length) attempt(fixture->substr(0, length));
  }
  EXPECT_EQ(accepted, 0);  // the header length field makes every proper prefix invalid
  std::mt19937 random(12345);
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = *fixtures[random() % fixtures.size()];
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int flip = 0; flip < flips; ++flip)
      bytes[random() % bytes.size()] = static_cast<char>(random() & 0xff);
    attempt(bytes);
  }
  EXPECT_GT(accepted, 1);
  EXPECT_GT(refused, 1000);
}

}  // namespace
}  // namespace ib::io
