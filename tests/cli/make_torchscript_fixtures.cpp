// make_torchscript_fixtures <output-dir>: writes the TorchScript archives the CLI tests load, defined here in
// C++ so no Python is needed, then loads each one back through the LibTorch backend and checks what it
// computes. A fixture that does not behave as documented below fails here, not later in a confusing CLI test.
//
//   demo.ts          the built-in demo model (save_demo_model): input "input", any NCHW with 3 channels
//                    (the built-in one defaults to 1x3x224x224) -> "output" Nx10. About 100 KB: 24,234 fp32
//                    weights.
//   two_inputs.ts    forward(a, b) -> (a + 2 * b, a * b): inputs "a" and "b" (same shape, any shape), outputs
//                    "output0" and "output1".
//   tiny_conv.ts     forward(x) -> conv2d(x, 3x3, 3 -> 4 channels, stride 1, padding 1): 1x3x8x8 -> 1x4x8x8.
//                    A 1-channel input fails in the load-time inference ("model rejected input shape" tests).
//   dict_outputs.ts  forward(x) -> {"doubled": 2 * x, "negated": -x}: outputs named by the dict's keys.
//
// Exit codes: 0 all written and checked, 1 a check failed, 2 bad usage or unwritable directory.
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "inferbench/backend.hpp"
#include "backends/libtorch/libtorch_backend.hpp"
#include "inferbench/errors.hpp"

namespace {

namespace fs = std::filesystem;
using ib::backends::Backend;
using ib::backends::Binding;
using ib::backends::LoadOptions;
using ib::core::DType;
using ib::core::ShapeArg;
using ib::core::TensorSpec;

struct CheckFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void require(bool condition, const std::string& what) {
  if (!condition) throw CheckFailed(what);
}

void save_two_inputs(const fs::path& path) {
  torch::jit::Module module(c10::QualifiedName("__torch__.fixtures.TwoInputs"));
  module.define(R"(
def forward(self, a, b):
    return (a + b * 2, a * b)
)");
  module.save(path.string());
}

void save_tiny_conv(const fs::path& path) {
  torch::jit::Module module(c10::QualifiedName("__torch__.fixtures.TinyConv"));
  // Small exact values (multiples of 1/8) so a reader can recompute outputs by hand.
  at::Tensor weight = torch::empty({4, 3, 3, 3});
  float* w = weight.data_ptr<float>();
  for (std::int64_t i = 0; i < weight.numel(); ++i) w[i] = static_cast<float>(i % 5 - 2) / 8.0F;
  module.register_parameter("weight", weight, /*is_buffer=*/false);
  module.register_parameter("bias", torch::tensor({0.5F, -0.5F, 0.25F, 0.0F}), /*is_buffer=*/false);
  module.define(R"(
def forward(self, x):
    return torch.conv2d(x, self.weight, self.bias, [1, 1], [1, 1])
)");
  module.save(path.string());
}

void save_dict_outputs(const fs::path& path) {
  torch::jit::Module module(c10::QualifiedName("__torch__.fixtures.DictOutputs"));
  module.define(R"(
def forward(self, x):
    return {"doubled": x * 2, "negated": -x}
)");
  module.save(path.string());
}

// Dense-map models for the accuracy tests: depth = sum of the channels / 4 + 3, a second engine giving
// exactly twice that (cross-engine: normalised maps equal, cosine 1, relative L2 1), and one whose every
// value is NaN or Inf (0 / 0 and y / 0).
void save_tiny_depth(const fs::path& path) {
  torch::jit::Module module(c10::QualifiedName("__torch__.fixtures.TinyDepth"));
  module.define(R"(
def forward(self, x):
    return x.sum(1) * 0.25 + 3.0
)");
  module.save(path.string());
}

void save_tiny_depth_doubled(const fs::path& path) {
  torch::jit::Module module(c10::QualifiedName("__torch__.fixtures.TinyDepthDoubled"));
  module.define(R"(
def forward(self, x):
    return x.sum(1) * 0.5 + 6.0
)");
  module.save(path.string());
}

void save_nonfinite_depth(const fs::path& path) {
  torch::jit::Module module(c10::QualifiedName("__torch__.fixtures.NonFiniteDepth"));
  module.define(R"(
def forward(self, x):
    y = x.sum(1)
    return y / (y - y)
)");
  module.save(path.string());
}

/// Host buffers for every input and output of a loaded backend, bound to it. fp32 only (what the fixtures
/// use).
struct BoundBuffers {
  std::vector<std::vector<float>> inputs;
  std::vector<std::vector<float>> outputs;
};

BoundBuffers bind_fp32(Backend& backend) {
  BoundBuffers buffers;
  std::vector<Binding> inputs;
  std::vector<Binding> outputs;
  for (const TensorSpec& spec : backend.inputs()) {
    require(spec.dtype == DType::fp32, "input " + spec.name + " is not fp32");
    buffers.inputs.emplace_back(static_cast<std::size_t>(ib::core::element_count(spec.shape)));
  }
  for (const TensorSpec& spec : backend.outputs()) {
    require(spec.dtype == DType::fp32, "output " + spec.name + " is not fp32");
    buffers.outputs.emplace_back(static_cast<std::size_t>(ib::core::element_count(spec.shape)));
  }
  const auto input_specs = backend.inputs();
  const auto output_specs = backend.outputs();
  for (std::size_t i = 0; i < input_specs.size(); ++i)
    inputs.push_back({buffers.inputs[i].data(), input_specs[i]});
  for (std::size_t i = 0; i < output_specs.size(); ++i) {
    outputs.push_back({buffers.outputs[i].data(), output_specs[i]});
  }
  backend.bind(inputs, outputs);
  return buffers;
}

std::unique_ptr<Backend> load(const fs::path& path, std::vector<ShapeArg> shapes) {
  LoadOptions options;
  options.model.path = path;
  options.shapes = std::move(shapes);
  return ib::backends::libtorch_backend_info().create(options);
}

std::vector<std::string> names(const std::vector<TensorSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& spec : specs) out.push_back(spec.name);
  return out;
}

void check_demo(const fs::path& path) {
  // The file must compute what the built-in model computes. Files record no shapes, so both get one.
  const std::vector<ShapeArg> shapes{ShapeArg{std::nullopt, {1, 3, 64, 64}}};
  const auto from_file = load(path, shapes);
  LoadOptions builtin;
  builtin.model.builtin = "demo";
  builtin.shapes = shapes;
  const auto from_builtin = ib::backends::libtorch_backend_info().create(builtin);
  require(from_file->outputs() == std::vector<TensorSpec>{{"output", DType::fp32, {1, 10}}},
          "demo: output is not 1x10 fp32");
  BoundBuffers file_buffers = bind_fp32(*from_file);
  BoundBuffers builtin_buffers = bind_fp32(*from_builtin);
  for (std::size_t i = 0; i < file_buffers.inputs[0].size(); ++i) {
    file_buffers.inputs[0][i] = builtin_buffers.inputs[0][i] = static_cast<float>(i % 17) / 17.0F;
  }
  from_file->enqueue(nullptr);
  from_builtin->enqueue(nullptr);
  require(file_buffers.outputs[0] == builtin_buffers.outputs[0], "demo: file and built-in model disagree");
}

void check_two_inputs(const fs::path& path) {
  const auto backend = load(path, {ShapeArg{"b", {2, 3}}, ShapeArg{"a", {2, 3}}});
  require(names(backend->inputs()) == std::vector<std::string>{"a", "b"}, "two_inputs: inputs are not a, b");
  require(names(backend->outputs()) == std::vector<std::string>{"output0", "output1"},
          "two_inputs: outputs are not output0, output1");
  BoundBuffers buffers = bind_fp32(*backend);
  for (std::size_t i = 0; i < 6; ++i) {
    buffers.inputs[0][i] = static_cast<float>(i);
    buffers.inputs[1][i] = 0.5F * static_cast<float>(i) - 1.0F;
  }
  backend->enqueue(nullptr);
  for (std::size_t i = 0; i < 6; ++i) {
    const float a = buffers.inputs[0][i];
    const float b = buffers.inputs[1][i];
    require(buffers.outputs[0][i] == a + 2 * b && buffers.outputs[1][i] == a * b, "two_inputs: wrong values");
  }
}

void check_tiny_conv(const fs::path& path) {
  const auto backend = load(path, {ShapeArg{std::nullopt, {1, 3, 8, 8}}});
  require(backend->outputs() == std::vector<TensorSpec>{{"output", DType::fp32, {1, 4, 8, 8}}},
          "tiny_conv: output is not 1x4x8x8 fp32");
  BoundBuffers buffers = bind_fp32(*backend);
  std::fill(buffers.inputs[0].begin(), buffers.inputs[0].end(), 1.0F);
  backend->enqueue(nullptr);
  // Centre pixel of channel 0 sees all 27 weights of filter 0 times 1, plus its bias.
  float expected = 0.5F;
  for (int i = 0; i < 27; ++i) expected += static_cast<float>(i % 5 - 2) / 8.0F;
  require(std::abs(buffers.outputs[0][3 * 8 + 3] - expected) < 1e-5F, "tiny_conv: wrong centre value");
  try {
    (void)load(path, {ShapeArg{std::nullopt, {1, 1, 8, 8}}});
  } catch (const ib::core::InputError&) {
    return;
  }
  throw CheckFailed("tiny_conv: a 1-channel input was accepted");
}

void check_dict_outputs(const fs::path& path) {
  const auto backend = load(path, {ShapeArg{"x", {4}}});
  require(names(backend->outputs()) == std::vector<std::string>{"doubled", "negated"},
          "dict_outputs: outputs are not doubled, negated");
  BoundBuffers buffers = bind_fp32(*backend);
  buffers.inputs[0] = {1.0F, -2.0F, 3.5F, 0.0F};
  backend->enqueue(nullptr);
  require(buffers.outputs[0] == std::vector<float>{2.0F, -4.0F, 7.0F, 0.0F} &&
              buffers.outputs[1] == std::vector<float>{-1.0F, 2.0F, -3.5F, -0.0F},
          "dict_outputs: wrong values");
}

void check_depth(const fs::path& path, float slope, float offset) {
  const auto backend = load(path, {ShapeArg{std::nullopt, {1, 3, 2, 2}}});
  require(backend->outputs().size() == 1 && backend->outputs()[0].shape == ib::core::Shape{1, 2, 2},
          path.filename().string() + ": output is not 1x2x2");
  BoundBuffers buffers = bind_fp32(*backend);
  buffers.inputs[0] = {1, 2, 3, 4, 0, 0, 0, 0, -1, 2, -3, 4};
  backend->enqueue(nullptr);
  // Channel sums per pixel: 0, 4, 0, 8.
  const std::vector<float> expected{offset, 4 * slope + offset, offset, 8 * slope + offset};
  require(buffers.outputs[0] == expected, path.filename().string() + ": wrong values");
}

void check_tiny_depth(const fs::path& path) {
  check_depth(path, 0.25F, 3.0F);
}
void check_tiny_depth_doubled(const fs::path& path) {
  check_depth(path, 0.5F, 6.0F);
}

void check_nonfinite_depth(const fs::path& path) {
  const auto backend = load(path, {ShapeArg{std::nullopt, {1, 3, 2, 2}}});
  BoundBuffers buffers = bind_fp32(*backend);
  buffers.inputs[0] = {1, 2, 3, 4, 0, 0, 0, 0, -1, 2, -3, 4};
  backend->enqueue(nullptr);
  for (const float value : buffers.outputs[0])
    require(!std::isfinite(value), "nonfinite_depth: a finite value");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_torchscript_fixtures <output-dir>\n";
    return 2;
  }
  const fs::path directory = argv[1];
  struct Fixture {
    const char* file;
    void (*save)(const fs::path&);
    void (*check)(const fs::path&);
  };
  const Fixture fixtures[] = {
      {"demo.ts", ib::backends::save_demo_model, check_demo},
      {"two_inputs.ts", save_two_inputs, check_two_inputs},
      {"tiny_conv.ts", save_tiny_conv, check_tiny_conv},
      {"dict_outputs.ts", save_dict_outputs, check_dict_outputs},
      {"tiny_depth.ts", save_tiny_depth, check_tiny_depth},
      {"tiny_depth_doubled.ts", save_tiny_depth_doubled, check_tiny_depth_doubled},
      {"nonfinite_depth.ts", save_nonfinite_depth, check_nonfinite_depth},
  };
  try {
    fs::create_directories(directory);
    for (const Fixture& fixture : fixtures) fixture.save(directory / fixture.file);
  } catch (const std::exception& error) {
    std::cerr << "make_torchscript_fixtures: cannot write to '" << directory.string() << "': " << error.what()
              << '\n';
    return 2;
  }
  int failures = 0;
  for (const Fixture& fixture : fixtures) {
    const fs::path path = directory / fixture.file;
    try {
      fixture.check(path);
      std::cout << "ok  " << path.string() << " (" << fs::file_size(path) << " bytes)\n";
    } catch (const std::exception& error) {
      std::cout << "FAIL " << path.string() << ": " << error.what() << '\n';
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
