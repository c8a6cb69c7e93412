// The built-in demo model: a small CNN defined here in TorchScript source, so the demo and the tests need no
// Python and no model file. Its weights follow a fixed formula (below) rather than torch's RNG, whose streams
// differ between torch versions: the demo gives the same numbers with LibTorch 1.13 on a laptop and 2.x on
// the GPU machine, and tests can rebuild the weights independently and check the model against a plain C++
// reference.
#include <torch/script.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "backends/libtorch/libtorch_backend.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends {
namespace libtorch {
namespace {

// `input` (N x 3 x H x W) -> 3 x (3x3 conv, stride 2, padding 1, ReLU) -> mean over H, W -> linear -> N x 10.
constexpr std::string_view kDemoSource = R"(
def forward(self, input):
    x = torch.relu(torch.conv2d(input, self.conv1_weight, self.conv1_bias, [2, 2], [1, 1]))
    x = torch.relu(torch.conv2d(x, self.conv2_weight, self.conv2_bias, [2, 2], [1, 1]))
    x = torch.relu(torch.conv2d(x, self.conv3_weight, self.conv3_bias, [2, 2], [1, 1]))
    x = torch.mean(x, [2, 3])
    return torch.linear(x, self.fc_weight, self.fc_bias)
)";

struct ParameterSpec {
  const char* name;
  std::vector<std::int64_t> shape;
  std::int64_t fan_in;
  bool he_scaled;
};

// The weight formula, which tests/unit/libtorch/libtorch_backend_test.cpp mirrors (change both together):
// parameters are filled in the order below, element by element in row-major order, from one 64-bit LCG
// (Knuth's MMIX constants) that starts at kSeed and steps before every draw:
//   state = state * 6364136223846793005 + 1442695040888963407;  u = (state >> 11) * 2^-53  (uniform in [0,
//   1)) value = float((2u - 1) * bound)
// bound = sqrt(6 / fan_in) for conv weights (He-uniform: activations keep their scale through the ReLUs, so
// the output is far from zero) and 1 / sqrt(fan_in) for the linear weight and every bias (PyTorch's default
// init).
constexpr std::uint64_t kSeed = 20240607;

std::vector<ParameterSpec> demo_parameters() {
  return {
      {"conv1_weight", {16, 3, 3, 3}, 3 * 9, true},
      {"conv1_bias", {16}, 3 * 9, false},
      {"conv2_weight", {32, 16, 3, 3}, 16 * 9, true},
      {"conv2_bias", {32}, 16 * 9, false},
      {"conv3_weight", {64, 32, 3, 3}, 32 * 9, true},
      {"conv3_bias", {64}, 32 * 9, false},
      {"fc_weight", {10, 64}, 64, false},
      {"fc_bias", {10}, 64, false},
  };
}

class WeightStream {
 public:
  explicit WeightStream(std::uint64_t seed) : state_(seed) {}
  [[nodiscard]] float next(double bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    const double uniform = static_cast<double>(state_ >> 11) * 0x1.0p-53;
    return static_cast<float>((2.0 * uniform - 1.0) * bound);
  }

 private:
  std::uint64_t state_;
};

[[nodiscard]] torch::jit::Module build_demo_module() {
  torch::jit::Module module(c10::QualifiedName("__torch__.inferbench.DemoCnn"));
  WeightStream weights(kSeed);
  for (const ParameterSpec& parameter : demo_parameters()) {
    at::Tensor tensor = torch::empty(parameter.shape, torch::TensorOptions().dtype(torch::kFloat32));
    const double fan_in = static_cast<double>(parameter.fan_in);
    const double bound = parameter.he_scaled ? std::sqrt(6.0 / fan_in) : 1.0 / std::sqrt(fan_in);
    float* data = tensor.data_ptr<float>();
    for (std::int64_t i = 0; i < tensor.numel(); ++i) data[i] = weights.next(bound);
    module.register_parameter(parameter.name, tensor, /*is_buffer=*/false);
  }
  module.define(std::string(kDemoSource));
  module.eval();
  return module;
}

}  // namespace
}  // namespace libtorch

std::string demo_model_archive() {
  std::ostringstream archive;
  libtorch::build_demo_module().save(archive);
  return std::move(archive).str();
}

void save_demo_model(const std::filesystem::path& path) {
  const std::string archive = demo_model_archive();
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(archive.data(), static_cast<std::streamsize>(archive.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw core::InputError("cannot write the demo model to '" + path.string() + "'");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw core::InputError("cannot write the demo model to '" + path.string() + "': " + error.message());
  }
}

}  // namespace ib::backends
