#include "telemetry/gpu_description.hpp"

#include "telemetry/edge_reading.hpp"

#include <fmt/format.h>

#include <array>
#include <exception>

namespace ib::telemetry {

using namespace nvml;

namespace {

template <typename Fn, typename... Args>
std::optional<unsigned int> read_uint(Fn* fn, nvmlDevice_t handle, Args... args) {
  if (fn == nullptr) return std::nullopt;
  unsigned int value = 0;
  if (fn(handle, args..., &value) != NVML_SUCCESS) return std::nullopt;
  return value;
}

std::string read_string(nvmlReturn_t (*fn)(nvmlDevice_t, char*, unsigned int), nvmlDevice_t handle,
                        unsigned int size) {
  if (fn == nullptr) return {};
  std::array<char, 128> buffer{};
  if (fn(handle, buffer.data(), size) != NVML_SUCCESS) return {};
  buffer.back() = '\0';
  return buffer.data();
}

std::optional<int> as_int(std::optional<unsigned int> value) {
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

std::optional<double> as_double(std::optional<unsigned int> value, double scale = 1.0) {
  return value ? std::optional<double>(*value * scale) : std::nullopt;
}

void describe_enable_states(const NvmlApi& api, nvmlDevice_t handle, result::GpuDetails& gpu) {
  if (api.nvmlDeviceGetPersistenceMode != nullptr) {
    nvmlEnableState_t mode = NVML_FEATURE_DISABLED;
    if (api.nvmlDeviceGetPersistenceMode(handle, &mode) == NVML_SUCCESS) {
      gpu.persistence_mode = mode == NVML_FEATURE_ENABLED;
    }
  }
  if (api.nvmlDeviceGetEccMode != nullptr) {
    nvmlEnableState_t current = NVML_FEATURE_DISABLED;
    nvmlEnableState_t pending = NVML_FEATURE_DISABLED;
    if (api.nvmlDeviceGetEccMode(handle, &current, &pending) == NVML_SUCCESS) {
      gpu.ecc_enabled = current == NVML_FEATURE_ENABLED;
    }
  }
  if (api.nvmlDeviceGetMigMode != nullptr) {
    unsigned int current = 0;
    unsigned int pending = 0;
    if (api.nvmlDeviceGetMigMode(handle, &current, &pending) == NVML_SUCCESS) {
      gpu.mig_enabled = current == NVML_DEVICE_MIG_ENABLE;
    }
  }
}

// Locked clocks have no getter of their own: an application clock target off the board's default, or the
// applications-clocks-setting event (which `nvidia-smi -lgc` also raises), is what NVML shows of them.
void describe_clock_settings(const NvmlDevice& device, result::GpuDetails& gpu) {
  const NvmlApi& api = *device.api;
  const nvmlDevice_t handle = device.handle;
  gpu.sm_clock_mhz = as_double(read_uint(api.nvmlDeviceGetClockInfo, handle, NVML_CLOCK_SM));
  gpu.sm_clock_max_mhz = as_double(read_uint(api.nvmlDeviceGetMaxClockInfo, handle, NVML_CLOCK_SM));
  gpu.memory_clock_mhz = as_double(read_uint(api.nvmlDeviceGetClockInfo, handle, NVML_CLOCK_MEM));
  gpu.memory_clock_max_mhz = as_double(read_uint(api.nvmlDeviceGetMaxClockInfo, handle, NVML_CLOCK_MEM));
  gpu.sm_applications_clock_mhz =
      as_double(read_uint(api.nvmlDeviceGetApplicationsClock, handle, NVML_CLOCK_SM));
  gpu.sm_default_applications_clock_mhz =
      as_double(read_uint(api.nvmlDeviceGetDefaultApplicationsClock, handle, NVML_CLOCK_SM));
  std::optional<bool> locked;
  if (gpu.sm_applications_clock_mhz && gpu.sm_default_applications_clock_mhz) {
    locked = *gpu.sm_applications_clock_mhz != *gpu.sm_default_applications_clock_mhz;
  }
  unsigned long long mask = 0;
  const char* call = nullptr;
  if (query_clock_event_reasons(device, mask, call) == NVML_SUCCESS) {
    locked = locked.value_or(false) || (mask & nvmlClocksEventReasonApplicationsClocksSetting) != 0;
  }
  gpu.clocks_locked = locked;
}

}  // namespace

std::string compute_mode_name(nvmlComputeMode_t mode) {
  switch (mode) {
    case NVML_COMPUTEMODE_DEFAULT:
      return "default";
    case NVML_COMPUTEMODE_EXCLUSIVE_THREAD:
      return "exclusive_thread";
    case NVML_COMPUTEMODE_PROHIBITED:
      return "prohibited";
    case NVML_COMPUTEMODE_EXCLUSIVE_PROCESS:
      return "exclusive_process";
    default:
      return fmt::format("unknown_{}", mode);
  }
}

result::GpuDetails describe_gpu(const NvmlDevice& device) {
  const NvmlApi& api = *device.api;
  const nvmlDevice_t handle = device.handle;
  result::GpuDetails gpu;
  gpu.index = device.index;
  gpu.name = read_string(api.nvmlDeviceGetName, handle, NVML_DEVICE_NAME_V2_BUFFER_SIZE);
  gpu.uuid = read_string(api.nvmlDeviceGetUUID, handle, NVML_DEVICE_UUID_V2_BUFFER_SIZE);
  if (api.nvmlDeviceGetPciInfo_v3 != nullptr) {
    nvmlPciInfo_t pci{};
    if (api.nvmlDeviceGetPciInfo_v3(handle, &pci) == NVML_SUCCESS) {
      pci.busId[sizeof(pci.busId) - 1] = '\0';
      gpu.pci_bus_id = pci.busId;
    }
  }
  gpu.pcie_generation = as_int(read_uint(api.nvmlDeviceGetCurrPcieLinkGeneration, handle));
  gpu.pcie_width = as_int(read_uint(api.nvmlDeviceGetCurrPcieLinkWidth, handle));
  gpu.pcie_max_generation = as_int(read_uint(api.nvmlDeviceGetMaxPcieLinkGeneration, handle));
  gpu.pcie_max_width = as_int(read_uint(api.nvmlDeviceGetMaxPcieLinkWidth, handle));
  gpu.power_limit_w = as_double(read_uint(api.nvmlDeviceGetEnforcedPowerLimit, handle), 1e-3);
  gpu.default_power_limit_w =
      as_double(read_uint(api.nvmlDeviceGetPowerManagementDefaultLimit, handle), 1e-3);
  if (api.nvmlDeviceGetComputeMode != nullptr) {
    nvmlComputeMode_t mode = NVML_COMPUTEMODE_DEFAULT;
    if (api.nvmlDeviceGetComputeMode(handle, &mode) == NVML_SUCCESS)
      gpu.compute_mode = compute_mode_name(mode);
  }
  describe_enable_states(api, handle, gpu);
  describe_clock_settings(device, gpu);
  return gpu;
}

result::NvmlInfo describe_gpus(const NvmlSession& session) {
  result::NvmlInfo info;
  info.nvml_version = session.nvml_version();
  int count = 0;
  try {
    count = session.device_count();
  } catch (const std::exception& error) {
    info.available = false;
    info.reason = error.what();
    return info;
  }
  info.available = true;
  for (int index = 0; index < count; ++index) {
    try {
      info.gpus.push_back(describe_gpu(session.device(index)));
    } catch (const std::exception&) {
      // Left out: NVML counts GPUs this process may not open (cgroups, MIG); the rest still describe the
      // host.
    }
  }
  return info;
}

}  // namespace ib::telemetry
