#pragma once
// Where a model runs: the CPU or one CUDA device. `--device auto` resolves to CUDA when a GPU and a
// CUDA-capable backend are present, else the CPU.
#include <string>
#include <string_view>

namespace ib::core {

enum class DeviceKind { cpu, cuda };

struct DeviceSpec {
  DeviceKind kind = DeviceKind::cpu;
  int index = 0;
  bool operator==(const DeviceSpec&) const = default;
};

/// "cpu" | "cuda" | "cuda:N" -> DeviceSpec. Throws InputError otherwise.
[[nodiscard]] DeviceSpec parse_device(std::string_view text);
/// "cpu" or "cuda:N".
[[nodiscard]] std::string device_to_string(const DeviceSpec& device);

}  // namespace ib::core
