#include "backends/libtorch/libtorch_backend.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::backends {
namespace {

using core::DType;
using core::ShapeArg;
using core::TensorSpec;

// ---- An independent reference for the demo model
// -------------------------------------------------------------- Rebuilds the weights from the formula
// documented in src/backends/libtorch/demo_model.cpp and runs the network with plain loops in double
// precision. Agreement checks the weight layout, the TorchScript source and the backend's buffer plumbing at
// once, and pins the demo's numbers across torch versions.

struct DemoWeights {
  std::vector<float> conv1_w, conv1_b, conv2_w, conv2_b, conv3_w, conv3_b, fc_w, fc_b;
};

DemoWeights demo_weights() {
  std::uint64_t state = 20240607;
  const auto fill = [&state](std::size_t count, double fan_in, bool he_scaled) {
    const double bound = he_scaled ? std::sqrt(6.0 / fan_in) : 1.0 / std::sqrt(fan_in);
    std::vector<float> values(count);
    for (float& value : values) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const double uniform = static_cast<double>(state >> 11) * 0x1.0p-53;
      value = static_cast<float>((2.0 * uniform - 1.0) * bound);
    }
    return values;
  };
  DemoWeights w;
  w.conv1_w = fill(16 * 3 * 9, 27, true);
  w.conv1_b = fill(16, 27, false);
  w.conv2_w = fill(32 * 16 * 9, 144, true);
  w.conv2_b = fill(32, 144, false);
  w.conv3_w = fill(64 * 32 * 9, 288, true);
  w.conv3_b = fill(64, 288, false);
  w.fc_w = fill(10 * 64, 64, false);
  w.fc_b = fill(10, 64, false);
  return w;
}

struct Activation {
  std::int64_t channels, height, width;
  std::vector<double> data;  // one image, CHW
};

// 3x3 convolution, stride 2, padding 1, then ReLU.
Activation conv_relu(const Activation& in, const std::vector<float>& weight, const std::vector<float>& bias,
                     std::int64_t out_channels) {
  Activation out{out_channels, (in.height - 1) / 2 + 1, (in.width - 1) / 2 + 1, {}};
  out.data.assign(static_cast<std::size_t>(out.channels * out.height * out.width), 0.0);
  for (std::int64_t oc = 0; oc < out.channels; ++oc) {
    for (std::int64_t oy = 0; oy < out.height; ++oy) {
      for (std::int64_t ox = 0; ox < out.width; ++ox) {
        double sum = bias[static_cast<std::size_t>(oc)];
        for (std::int64_t ic = 0; ic < in.channels; ++ic) {
          for (std::int64_t ky = 0; ky < 3; ++ky) {
            for (std::int64_t kx = 0; kx < 3; ++kx) {
              const std::int64_t iy = oy * 2 - 1 + ky;
              const std::int64_t ix = ox * 2 - 1 + kx;
              if (iy < 0 || iy >= in.height || ix < 0 || ix >= in.width) continue;
              sum += in.data[static_cast<std::size_t>((ic * in.height + iy) * in.width + ix)] *
                     weight[static_cast<std::size_t>(((oc * in.channels + ic) * 3 + ky) * 3 + kx)];
            }
          }
        }
        out.data[static_cast<std::size_t>((oc * out.height + oy) * out.width + ox)] = std::max(sum, 0.0);
      }
    }
  }
  return out;
}

// The demo model on an NCHW fp32 batch -> N x 10.
std::vector<double> reference_demo(const std::vector<float>& input, const core::Shape& shape) {
  const DemoWeights w = demo_weights();
  const std::int64_t image_size = shape[1] * shape[2] * shape[3];
  std::vector<double> logits;
  for (std::int64_t n = 0; n < shape[0]; ++n) {
    Activation x{shape[1], shape[2], shape[3],
                 std::vector<double>(input.begin() + n * image_size, input.begin() + (n + 1) * image_size)};
    x = conv_relu(x, w.conv1_w, w.conv1_b, 16);
    x = conv_relu(x, w.conv2_w, w.conv2_b, 32);
    x = conv_relu(x, w.conv3_w, w.conv3_b, 64);
    std::vector<double> pooled(64, 0.0);
    const std::int64_t plane = x.height * x.width;
    for (std::int64_t c = 0; c < 64; ++c) {
      for (std::int64_t i = 0; i < plane; ++i)
        pooled[static_cast<std::size_t>(c)] += x.data[static_cast<std::size_t>(c * plane + i)];
      pooled[static_cast<std::size_t>(c)] /= static_cast<double>(plane);
    }
    for (std::size_t o = 0; o < 10; ++o) {
      double sum = w.fc_b[o];
      for (std::size_t c = 0; c < 64; ++c) sum += pooled[c] * w.fc_w[o * 64 + c];
      logits.push_back(sum);
    }
  }
  return logits;
}

// Multiples of 1/64 in [-1, 1]: exact in fp32, fp16 and bf16, so reduced-precision runs see the same input.
std::vector<float> test_pattern(std::size_t count, std::size_t phase = 0) {
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = static_cast<float>(static_cast<int>((i * 37 + phase * 11) % 129) - 64) / 64.0F;
  }
  return values;
}

// ---- Loading and running through the public factory
// ------------------------------------------------------------

std::unique_ptr<Backend> load(LoadOptions options) {
  return libtorch_backend_info().create(options);
}

LoadOptions demo_options(std::vector<ShapeArg> shapes = {}) {
  LoadOptions options;
  options.model.builtin = "demo";
  options.shapes = std::move(shapes);
  return options;
}

LoadOptions file_options(const std::filesystem::path& path, std::vector<ShapeArg> shapes = {}) {
  LoadOptions options;
  options.model.path = path;
  options.shapes = std::move(shapes);
  return options;
}

/// Host buffers bound to a backend with one input and one output, as raw bytes so any dtype fits.
struct HostRun {
  std::vector<std::byte> input;
  std::vector<std::byte> output;

  explicit HostRun(Backend& backend) {
    const TensorSpec in = backend.inputs().at(0);
    const TensorSpec out = backend.outputs().at(0);
    input.resize(in.size_bytes());
    output.resize(out.size_bytes());
    const Binding inputs[] = {{input.data(), in}};
    const Binding outputs[] = {{output.data(), out}};
    backend.bind(inputs, outputs);
  }
  void set_input(const std::vector<float>& values) {
    ASSERT_EQ(values.size() * sizeof(float), input.size());
    std::memcpy(input.data(), values.data(), input.size());
  }
  [[nodiscard]] std::vector<float> output_fp32() const {
    std::vector<float> values(output.size() / sizeof(float));
    std::memcpy(values.data(), output.data(), output.size());
    return values;
  }
};

std::vector<float> run_demo(Backend& backend, const std::vector<float>& input) {
  HostRun run(backend);
  run.set_input(input);
  backend.enqueue(nullptr);
  return run.output_fp32();
}

void expect_close_to_reference(const std::vector<float>& actual, const std::vector<double>& expected,
                               double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], tolerance * (1.0 + std::abs(expected[i]))) << "output element " << i;
  }
}

template <typename Error>
std::string error_message(const LoadOptions& options) {
  try {
    (void)load(options);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "loading did not throw the expected error type";
  return {};
}

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ib_libtorch_test_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// ---- Tests
// -------------------------------------------------------------------------------------------------------

TEST(LibtorchBackend, InfoNamesTheBackendItsTorchAndItsFileEndings) {
  const BackendInfo info = libtorch_backend_info();
  EXPECT_EQ(info.name, "libtorch");
  const std::string version = info.version();
  ASSERT_FALSE(version.empty());
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(version.front()))) << version;
  EXPECT_NE(version.find('.'), std::string::npos) << version;
  EXPECT_EQ(info.extensions, (std::vector<std::string>{".jit.pt", ".ts", ".pt"}));
  EXPECT_TRUE(static_cast<bool>(info.create));
  EXPECT_EQ(info.demo_archive(), demo_model_archive());
}

TEST(LibtorchBackend, DemoModelHasExactInputAndOutputSpecs) {
  const auto backend = load(demo_options());
  EXPECT_EQ(backend->inputs(), (std::vector<TensorSpec>{{"input", DType::fp32, {1, 3, 224, 224}}}));
  EXPECT_EQ(backend->outputs(), (std::vector<TensorSpec>{{"output", DType::fp32, {1, 10}}}));
}

TEST(LibtorchBackend, DemoOutputMatchesAPlainLoopReference) {
  // Batch 2 and a non-square image: the batch and both spatial sizes go through every layer.
  const core::Shape shape{2, 3, 40, 56};
  const auto backend = load(demo_options({ShapeArg{"input", shape}}));
  ASSERT_EQ(backend->outputs(), (std::vector<TensorSpec>{{"output", DType::fp32, {2, 10}}}));
  const std::vector<float> input = test_pattern(static_cast<std::size_t>(core::element_count(shape)));
  const std::vector<double> expected = reference_demo(input, shape);
  const std::vector<float> actual = run_demo(*backend, input);
  expect_close_to_reference(actual, expected, 1e-4);
  // A model whose output were nearly zero would let a broken pipeline pass the comparison above.
  double largest = 0;
  for (const double value : expected) largest = std::max(largest, std::abs(value));
  EXPECT_GT(largest, 0.05);
  EXPECT_NE(actual[0], actual[10]) << "the two images of the batch must give different logits";
}

TEST(LibtorchBackend, DemoIsDeterministicAcrossLoadsAndRuns) {
  const std::vector<float> input = test_pattern(3 * 224 * 224);
  const auto first = load(demo_options());
  const auto second = load(demo_options());
  HostRun run(*first);
  run.set_input(input);
  first->enqueue(nullptr);
  const std::vector<float> once = run.output_fp32();
  first->enqueue(nullptr);
  EXPECT_EQ(run.output_fp32(), once) << "a second run on the same buffers must give the same bytes";
  EXPECT_EQ(run_demo(*second, input), once) << "a second load must give the same bytes";
  EXPECT_TRUE(std::any_of(once.begin(), once.end(), [](float value) { return value != 0.0F; }));
  EXPECT_TRUE(std::all_of(once.begin(), once.end(), [](float value) { return std::isfinite(value); }));
}

TEST(LibtorchBackend, EnqueueReadsTheBoundBufferEveryRun) {
  // The backend wraps the runner's memory instead of copying it at bind time: new input bytes, new output.
  const core::Shape shape{1, 3, 32, 32};
  const auto backend = load(demo_options({ShapeArg{std::nullopt, shape}}));
  HostRun run(*backend);
  const std::size_t count = static_cast<std::size_t>(core::element_count(shape));
  for (std::size_t phase : {0U, 1U}) {
    const std::vector<float> input = test_pattern(count, phase);
    run.set_input(input);
    backend->enqueue(nullptr);
    expect_close_to_reference(run.output_fp32(), reference_demo(input, shape), 1e-4);
  }
}

TEST(LibtorchBackend, DemoArchiveIsAStableZipThatLoadsFromAFile) {
  const std::string archive = demo_model_archive();
  EXPECT_EQ(archive, demo_model_archive()) << "the CLI reports its sha256; it must not change between calls";
  ASSERT_GT(archive.size(), 4U);
  EXPECT_EQ(archive.substr(0, 2), "PK");  // TorchScript archives are zip files

  const TempDir dir;
  const auto path = dir / "demo.ts";
  save_demo_model(path);
  std::ifstream file(path, std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, archive);
  EXPECT_FALSE(std::filesystem::exists(dir / "demo.ts.tmp"));

  const core::Shape shape{1, 3, 24, 24};
  const auto from_file = load(file_options(path, {ShapeArg{std::nullopt, shape}}));
  EXPECT_EQ(from_file->inputs(), (std::vector<TensorSpec>{{"input", DType::fp32, shape}}));
  const auto builtin = load(demo_options({ShapeArg{std::nullopt, shape}}));
  const std::vector<float> input = test_pattern(3 * 24 * 24);
  EXPECT_EQ(run_demo(*from_file, input), run_demo(*builtin, input));
}

TEST(LibtorchBackend, AFileWithoutShapesAsksForShape) {
  const TempDir dir;
  save_demo_model(dir / "demo.ts");
  const std::string message = error_message<core::InputError>(file_options(dir / "demo.ts"));
  EXPECT_NE(message.find("do not record input shapes"), std::string::npos) << message;
  EXPECT_NE(message.find("--shape input:"), std::string::npos) << message;
}

TEST(LibtorchBackend, MissingFileIsAnInputError) {
  const TempDir dir;
  const auto path = dir / "missing.ts";
  const std::string message =
      error_message<core::InputError>(file_options(path, {ShapeArg{std::nullopt, {1}}}));
  EXPECT_EQ(message, "cannot load TorchScript model '" + path.string() + "': no such file");
}

TEST(LibtorchBackend, GarbageFileIsAOneLineInputError) {
  const TempDir dir;
  const auto path = dir / "garbage.pt";
  std::ofstream(path, std::ios::binary) << "this is not a zip archive, let alone TorchScript\n";
  const std::string message =
      error_message<core::InputError>(file_options(path, {ShapeArg{std::nullopt, {1}}}));
  const std::string prefix = "cannot load TorchScript model '" + path.string() + "': ";
  EXPECT_EQ(message.substr(0, prefix.size()), prefix) << message;
  EXPECT_GT(message.size(), prefix.size() + 5) << "torch's reason is kept";
  EXPECT_EQ(message.find('\n'), std::string::npos) << "torch's backtrace must be cut: " << message;
}

TEST(LibtorchBackend, TruncatedArchiveIsAnInputError) {
  const TempDir dir;
  const auto path = dir / "truncated.ts";
  const std::string archive = demo_model_archive();
  std::ofstream(path, std::ios::binary) << archive.substr(0, archive.size() / 2);
  const std::string message =
      error_message<core::InputError>(file_options(path, {ShapeArg{std::nullopt, {1}}}));
  EXPECT_EQ(message.rfind("cannot load TorchScript model '", 0), 0U) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(LibtorchBackend, ShapeTheModelRejectsIsAOneLineInputError) {
  const std::string message =
      error_message<core::InputError>(demo_options({ShapeArg{std::nullopt, {1, 1, 8, 8}}}));
  EXPECT_EQ(message.rfind("model rejected input shape(s) input:1x1x8x8 (fp32 on cpu): ", 0), 0U) << message;
  EXPECT_NE(message.find("channels"), std::string::npos)
      << "the reason from torch, not its banner: " << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(LibtorchBackend, UnknownShapeNameListsTheInputs) {
  const std::string message =
      error_message<core::InputError>(demo_options({ShapeArg{"image", {1, 3, 8, 8}}}));
  EXPECT_EQ(message, "--shape names input 'image', but the model's inputs are: input");
}

TEST(LibtorchBackend, ShapeGivenTwiceForOneInputIsAnInputError) {
  const std::string message = error_message<core::InputError>(
      demo_options({ShapeArg{std::nullopt, {1, 3, 8, 8}}, ShapeArg{"input", {1, 3, 16, 16}}}));
  EXPECT_NE(message.find("given twice for input 'input'"), std::string::npos) << message;
}

TEST(LibtorchBackend, UnknownBuiltinModelIsAnInputError) {
  LoadOptions options;
  options.model.builtin = "resnet50";
  EXPECT_NE(error_message<core::InputError>(options).find("demo"), std::string::npos);
}

TEST(LibtorchBackend, CudaOnACpuOnlyTorchIsUnavailable) {
  if (libtorch_backend_info().supports_cuda)
    GTEST_SKIP() << "this torch has CUDA; tests/gpu covers that path";
  LoadOptions options = demo_options();
  options.device = core::DeviceSpec{core::DeviceKind::cuda, 0};
  const std::string message = error_message<core::UnavailableError>(options);
  EXPECT_NE(message.find("cuda:0"), std::string::npos) << message;
  EXPECT_NE(message.find("no CUDA support"), std::string::npos) << message;
}

TEST(LibtorchBackend, CudaDeviceBeyondTheLastIsUnavailable) {
  // Holds for every build: CPU-only torch has no device 99 and no machine here has a hundred GPUs.
  LoadOptions options = demo_options();
  options.device = core::DeviceSpec{core::DeviceKind::cuda, 99};
  EXPECT_NE(error_message<core::UnavailableError>(options).find("cuda:99"), std::string::npos);
}

// Reduced precision on the CPU depends on which CPU kernels the torch version has (1.13 has no fp16 conv on
// the CPU). The backend's contract: it either runs with weights and tensors in that dtype, or it refuses at
// load time with an InputError that names the dtype and says what to use instead; never a crash or a wrong
// answer.
std::uint16_t to_half_bits(float value) {  // exact for the test pattern's values (normal numbers and zero)
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7fffffffU) == 0) return static_cast<std::uint16_t>(bits >> 16);
  const std::uint32_t sign = (bits >> 16) & 0x8000U;
  const std::uint32_t exponent = ((bits >> 23) & 0xffU) - 127U + 15U;
  return static_cast<std::uint16_t>(sign | (exponent << 10) | ((bits >> 13) & 0x3ffU));
}

float from_half_bits(std::uint16_t half) {
  const float sign = (half & 0x8000U) != 0 ? -1.0F : 1.0F;
  const int exponent = (half >> 10) & 0x1f;
  const int mantissa = half & 0x3ff;
  if (exponent == 0) return sign * std::ldexp(static_cast<float>(mantissa), -24);
  if (exponent == 31)
    return mantissa == 0 ? sign * std::numeric_limits<float>::infinity()
                         : std::numeric_limits<float>::quiet_NaN();
  return sign * std::ldexp(1.0F + static_cast<float>(mantissa) / 1024.0F, exponent - 15);
}

std::uint16_t to_bf16_bits(float value) {  // exact for the test pattern's values
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return static_cast<std::uint16_t>(bits >> 16);
}

float from_bf16_bits(std::uint16_t bf16) {
  const std::uint32_t bits = static_cast<std::uint32_t>(bf16) << 16;
  float value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

TEST(LibtorchBackend, ReducedPrecisionOnCpuRunsOrRefusesClearly) {
  const core::Shape shape{1, 3, 32, 32};
  for (const DType dtype : {DType::fp16, DType::bf16}) {
    SCOPED_TRACE(std::string(core::dtype_name(dtype)));
    LoadOptions options = demo_options({ShapeArg{std::nullopt, shape}});
    options.dtype = dtype;
    std::unique_ptr<Backend> backend;
    try {
      backend = load(options);
    } catch (const core::InputError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(std::string(core::dtype_name(dtype)) + " on cpu"), std::string::npos) << message;
      EXPECT_NE(message.find("--dtype fp32"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      std::cout << "[ info     ] " << core::dtype_name(dtype) << " on the CPU refused: " << message << '\n';
      continue;
    }
    EXPECT_EQ(backend->inputs(), (std::vector<TensorSpec>{{"input", dtype, shape}}));
    EXPECT_EQ(backend->outputs(), (std::vector<TensorSpec>{{"output", dtype, {1, 10}}}));
    HostRun run(*backend);
    const std::vector<float> input = test_pattern(static_cast<std::size_t>(core::element_count(shape)));
    std::vector<std::uint16_t> input_bits(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
      input_bits[i] = dtype == DType::fp16 ? to_half_bits(input[i]) : to_bf16_bits(input[i]);
    }
    std::memcpy(run.input.data(), input_bits.data(), run.input.size());
    backend->enqueue(nullptr);
    std::vector<std::uint16_t> output_bits(10);
    std::memcpy(output_bits.data(), run.output.data(), run.output.size());
    std::vector<float> output;
    for (const std::uint16_t bits : output_bits) {
      output.push_back(dtype == DType::fp16 ? from_half_bits(bits) : from_bf16_bits(bits));
    }
    // bf16 keeps 8 significant bits and the weights are rounded too: a loose but still discriminating bound.
    expect_close_to_reference(output, reference_demo(input, shape), dtype == DType::fp16 ? 1e-2 : 5e-2);
  }
}

TEST(LibtorchBackend, BindRejectsBuffersThatDoNotMatchTheSpecs) {
  const auto backend = load(demo_options({ShapeArg{std::nullopt, {1, 3, 8, 8}}}));
  std::vector<float> input(3 * 8 * 8);
  std::vector<float> output(10);
  const Binding wrong_shape[] = {{input.data(), {"input", DType::fp32, {1, 3, 8, 9}}}};
  const Binding good_input[] = {{input.data(), backend->inputs()[0]}};
  const Binding good_output[] = {{output.data(), backend->outputs()[0]}};
  EXPECT_THROW(backend->bind(wrong_shape, good_output), std::invalid_argument);
  EXPECT_THROW(backend->bind(good_input, {}), std::invalid_argument);
  EXPECT_THROW(backend->enqueue(nullptr), std::logic_error) << "enqueue before a successful bind";
  backend->bind(good_input, good_output);
  EXPECT_NO_THROW(backend->enqueue(nullptr));
}

}  // namespace
}  // namespace ib::backends
