// The synthetic backend's work on a real device: each kind computes what it claims (the GEMM against a CPU
// reference, the copy byte for byte) on a stream of ours, and each enqueue captured into a CUDA graph replays
// to the same result (which also proves enqueue allocates and synchronises nothing). Skips, with the reason,
// where there is no GPU.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../support/require_cuda.hpp"
#include "backends/synthetic/synthetic_backend.hpp"
#include "core/half.hpp"
#include "cuda/check.hpp"
#include "cuda/cuda_memory.hpp"
#include "cuda/device_query.hpp"
#include "cuda/stream.hpp"

namespace ib::backends {
namespace {

std::unique_ptr<Backend> make(const std::string& spec) {
  LoadOptions options;
  options.model.builtin = spec;
  options.device = core::DeviceSpec{core::DeviceKind::cuda, 0};
  return synthetic_backend_info().create(options);
}

// Device buffers for every tensor of a backend, bound to it; inputs uploaded from `host_inputs`.
struct Bound {
  std::vector<cuda::DeviceBuffer> inputs;
  std::vector<cuda::DeviceBuffer> outputs;
};

Bound bind_all(Backend& backend, const std::vector<std::vector<std::uint8_t>>& host_inputs) {
  Bound bound;
  std::vector<Binding> in;
  std::vector<Binding> out;
  const auto input_specs = backend.inputs();
  for (std::size_t i = 0; i < input_specs.size(); ++i) {
    bound.inputs.emplace_back(input_specs[i].size_bytes());
    if (i < host_inputs.size()) {
      EXPECT_EQ(host_inputs[i].size(), input_specs[i].size_bytes());
      IB_CUDA_CHECK(cudaMemcpy(bound.inputs.back().data(), host_inputs[i].data(), host_inputs[i].size(),
                               cudaMemcpyHostToDevice));
    }
    in.push_back({bound.inputs.back().data(), input_specs[i]});
  }
  for (const auto& spec : backend.outputs()) {
    bound.outputs.emplace_back(spec.size_bytes());
    out.push_back({bound.outputs.back().data(), spec});
  }
  backend.bind(in, out);
  return bound;
}

std::vector<std::uint8_t> download(const cuda::DeviceBuffer& buffer) {
  std::vector<std::uint8_t> host(buffer.bytes());
  IB_CUDA_CHECK(cudaMemcpy(host.data(), buffer.data(), host.size(), cudaMemcpyDeviceToHost));
  return host;
}

// cudaMemset may return before it is done, and our streams are non-blocking (they do not wait for it): wait
// here.
void clear(const cuda::DeviceBuffer& buffer) {
  IB_CUDA_CHECK(cudaMemset(buffer.data(), 0, buffer.bytes()));
  IB_CUDA_CHECK(cudaDeviceSynchronize());
}

// Captures one enqueue on `stream` (global mode: any unsafe call from any thread, cudaMalloc included, fails
// the capture) and replays it once.
void capture_and_replay(Backend& backend, const cuda::Stream& stream) {
  cudaGraph_t graph = nullptr;
  IB_CUDA_CHECK(cudaStreamBeginCapture(stream.get(), cudaStreamCaptureModeGlobal));
  backend.enqueue(stream.get());
  IB_CUDA_CHECK(cudaStreamEndCapture(stream.get(), &graph));
  const std::unique_ptr<std::remove_pointer_t<cudaGraph_t>, decltype(&cudaGraphDestroy)> graph_owner(
      graph, cudaGraphDestroy);
  cudaGraphExec_t exec = nullptr;
  IB_CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  const std::unique_ptr<std::remove_pointer_t<cudaGraphExec_t>, decltype(&cudaGraphExecDestroy)> exec_owner(
      exec, cudaGraphExecDestroy);
  IB_CUDA_CHECK(cudaGraphLaunch(exec, stream.get()));
  stream.synchronize();
}

// IEEE binary16 / bfloat16 bits -> float, for reading the GEMM's half-precision output on the host.
float half_to_float(std::uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1F;
  const int mantissa = bits & 0x3FF;
  const float sign = (bits & 0x8000) != 0 ? -1.0F : 1.0F;
  if (exponent == 0) return sign * std::ldexp(static_cast<float>(mantissa), -24);
  if (exponent == 31) return mantissa == 0 ? sign * INFINITY : NAN;
  return sign * std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
}
float bf16_to_float(std::uint16_t bits) {
  const std::uint32_t word = std::uint32_t{bits} << 16;
  float value = 0;
  std::memcpy(&value, &word, sizeof value);
  return value;
}

enum class Element { fp32, fp16, bf16 };

struct GemmCase {
  Element element;
  const char* suffix;
  double tolerance;  // relative to max(1, |reference|): the output's rounding, the inputs are exact
};

// Names the case in ctest's listing instead of dumping its bytes.
void PrintTo(const GemmCase& gemm, std::ostream* out) {
  *out << "synthetic:gemm:64,48,32" << gemm.suffix;
}

// Values k/8 for k in [-8, 8]: exact in fp16, bf16 and fp32, so only the output's rounding differs from the
// reference.
float value_at(std::size_t i, std::size_t salt) {
  return static_cast<float>(static_cast<int>((i * 7 + salt) % 17) - 8) / 8.0F;
}

std::vector<std::uint8_t> encode(const std::vector<float>& values, Element element) {
  const std::size_t size = element == Element::fp32 ? 4 : 2;
  std::vector<std::uint8_t> bytes(values.size() * size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (element == Element::fp32) {
      std::memcpy(bytes.data() + i * 4, &values[i], 4);
    } else {
      const std::uint16_t bits = element == Element::fp16 ? core::float_to_half_bits(values[i])
                                                          : core::float_to_bf16_bits(values[i]);
      std::memcpy(bytes.data() + i * 2, &bits, 2);
    }
  }
  return bytes;
}

std::vector<float> decode(const std::vector<std::uint8_t>& bytes, Element element) {
  const std::size_t size = element == Element::fp32 ? 4 : 2;
  std::vector<float> values(bytes.size() / size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (element == Element::fp32) {
      std::memcpy(&values[i], bytes.data() + i * 4, 4);
    } else {
      std::uint16_t bits = 0;
      std::memcpy(&bits, bytes.data() + i * 2, 2);
      values[i] = element == Element::fp16 ? half_to_float(bits) : bf16_to_float(bits);
    }
  }
  return values;
}

class SyntheticGemm : public testing::TestWithParam<GemmCase> {};

TEST_P(SyntheticGemm, MatchesTheCpuProductEagerlyAndFromAGraph) {
  IB_REQUIRE_CUDA_DEVICE();
  const GemmCase& param = GetParam();
  constexpr std::size_t kM = 64;
  constexpr std::size_t kN = 48;
  constexpr std::size_t kK = 32;
  auto backend = make(std::string("synthetic:gemm:64,48,32") + param.suffix);

  std::vector<float> a(kM * kK);
  std::vector<float> b(kK * kN);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = value_at(i, 3);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = value_at(i, 11);
  // Row-major C = A x B, as the backend documents.
  std::vector<double> reference(kM * kN, 0.0);
  for (std::size_t m = 0; m < kM; ++m) {
    for (std::size_t n = 0; n < kN; ++n) {
      for (std::size_t k = 0; k < kK; ++k)
        reference[m * kN + n] += double{a[m * kK + k]} * double{b[k * kN + n]};
    }
  }
  const Bound bound = bind_all(*backend, {encode(a, param.element), encode(b, param.element)});

  const auto expect_reference = [&](const char* how) {
    const std::vector<float> c = decode(download(bound.outputs.at(0)), param.element);
    ASSERT_EQ(c.size(), reference.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
      ASSERT_NEAR(c[i], reference[i], param.tolerance * std::max(1.0, std::abs(reference[i])))
          << how << ": C[" << i / kN << "][" << i % kN << "]";
    }
  };
  const cuda::Stream eager;
  clear(bound.outputs.at(0));
  backend->enqueue(eager.get());
  eager.synchronize();
  expect_reference("eager");

  // Another stream: the backend must move cuBLAS to it (and keep its own workspace) inside the capture.
  const cuda::Stream captured;
  clear(bound.outputs.at(0));
  capture_and_replay(*backend, captured);
  expect_reference("graph replay");
}

INSTANTIATE_TEST_SUITE_P(Dtypes, SyntheticGemm,
                         testing::Values(GemmCase{Element::fp32, ":fp32", 1e-5},
                                         GemmCase{Element::fp16, "", 1e-3},
                                         GemmCase{Element::bf16, ":bf16", 8e-3}),
                         [](const testing::TestParamInfo<GemmCase>& test) {
                           return std::string(test.param.element == Element::fp32   ? "fp32"
                                              : test.param.element == Element::fp16 ? "fp16"
                                                                                    : "bf16");
                         });

TEST(SyntheticCopy, MovesEveryByteEagerlyAndFromAGraph) {
  IB_REQUIRE_CUDA_DEVICE();
  constexpr std::size_t kBytes = (std::size_t{1} << 20) + 3;  // odd: no assumption of aligned sizes
  auto backend = make("synthetic:copy:" + std::to_string(kBytes));
  std::vector<std::uint8_t> pattern(kBytes);
  for (std::size_t i = 0; i < kBytes; ++i) pattern[i] = static_cast<std::uint8_t>((i * 7 + 3) % 251);
  const Bound bound = bind_all(*backend, {pattern});
  const cuda::Stream stream;
  clear(bound.outputs.at(0));
  backend->enqueue(stream.get());
  stream.synchronize();
  EXPECT_EQ(download(bound.outputs.at(0)), pattern);

  clear(bound.outputs.at(0));
  capture_and_replay(*backend, stream);
  EXPECT_EQ(download(bound.outputs.at(0)), pattern);
}

TEST(SyntheticEmpty, LaunchesRepeatedlyAndIsCapturable) {
  IB_REQUIRE_CUDA_DEVICE();
  auto backend = make("synthetic:empty");
  ASSERT_EQ(backend->inputs().size(), 1U);
  const Bound bound = bind_all(*backend, {std::vector<std::uint8_t>(4, 0)});
  const cuda::Stream stream;
  for (int i = 0; i < 100; ++i) backend->enqueue(stream.get());
  stream.synchronize();
  capture_and_replay(*backend, stream);
  // Any launch failure would surface at the latest here.
  IB_CUDA_CHECK(cudaDeviceSynchronize());
}

// --profile-layers: each kind's work is one layer, timed on the device by events around it; unprofiled
// inferences add nothing to the profile.
TEST(SyntheticProfile, EachKindIsOneLayerTimedOnTheDevice) {
  IB_REQUIRE_CUDA_DEVICE();
  for (const auto& [spec, layer] : std::vector<std::pair<std::string, std::string>>{
           {"synthetic:empty", "empty_kernel"}, {"synthetic:gemm:256,256,256", "gemm"},
           {"synthetic:copy:1048576", "copy"}}) {
    auto backend = make(spec);
    const Bound bound = bind_all(*backend, {});
    const cuda::Stream stream;
    backend->enqueue(stream.get());
    stream.synchronize();
    EXPECT_FALSE(backend->layer_profile()) << spec;
    ASSERT_TRUE(backend->set_layer_profiling(true));
    for (int i = 0; i < 5; ++i) backend->enqueue(stream.get());
    ASSERT_TRUE(backend->set_layer_profiling(false));
    backend->enqueue(stream.get());
    stream.synchronize();
    const auto profile = backend->layer_profile();
    ASSERT_TRUE(profile) << spec;
    EXPECT_EQ(profile->iterations, 5) << spec;
    ASSERT_EQ(profile->layers.size(), 1U) << spec;
    EXPECT_EQ(profile->layers[0].name, layer);
    EXPECT_GT(profile->layers[0].time_ms, 0.0) << spec;
    EXPECT_DOUBLE_EQ(profile->layers[0].percentage, 100.0) << spec;
  }
}

}  // namespace
}  // namespace ib::backends
