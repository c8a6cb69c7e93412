#include "telemetry/nvml_api.hpp"

#include <fmt/format.h>

namespace ib::telemetry::nvml {
namespace {

struct ErrorEntry {
  nvmlReturn_t code;
  const char* name;
  const char* description;  // ours, for fakes and for libraries without nvmlErrorString
};

constexpr ErrorEntry kErrors[] = {
    {NVML_SUCCESS, "NVML_SUCCESS", "success"},
    {NVML_ERROR_UNINITIALIZED, "NVML_ERROR_UNINITIALIZED", "NVML is not initialised"},
    {NVML_ERROR_INVALID_ARGUMENT, "NVML_ERROR_INVALID_ARGUMENT", "invalid argument"},
    {NVML_ERROR_NOT_SUPPORTED, "NVML_ERROR_NOT_SUPPORTED", "not supported on this GPU or driver"},
    {NVML_ERROR_NO_PERMISSION, "NVML_ERROR_NO_PERMISSION", "no permission"},
    {NVML_ERROR_ALREADY_INITIALIZED, "NVML_ERROR_ALREADY_INITIALIZED", "already initialised"},
    {NVML_ERROR_NOT_FOUND, "NVML_ERROR_NOT_FOUND", "not found"},
    {NVML_ERROR_INSUFFICIENT_SIZE, "NVML_ERROR_INSUFFICIENT_SIZE", "buffer too small"},
    {NVML_ERROR_INSUFFICIENT_POWER, "NVML_ERROR_INSUFFICIENT_POWER",
     "the GPU's external power cables are not attached properly"},
    {NVML_ERROR_DRIVER_NOT_LOADED, "NVML_ERROR_DRIVER_NOT_LOADED", "the NVIDIA driver is not loaded"},
    {NVML_ERROR_TIMEOUT, "NVML_ERROR_TIMEOUT", "timed out"},
    {NVML_ERROR_IRQ_ISSUE, "NVML_ERROR_IRQ_ISSUE", "the kernel detected an interrupt problem with a GPU"},
    {NVML_ERROR_LIBRARY_NOT_FOUND, "NVML_ERROR_LIBRARY_NOT_FOUND", "the NVML library was not found"},
    {NVML_ERROR_FUNCTION_NOT_FOUND, "NVML_ERROR_FUNCTION_NOT_FOUND",
     "this NVML does not implement the function"},
    {NVML_ERROR_CORRUPTED_INFOROM, "NVML_ERROR_CORRUPTED_INFOROM", "the GPU's infoROM is corrupted"},
    {NVML_ERROR_GPU_IS_LOST, "NVML_ERROR_GPU_IS_LOST", "the GPU fell off the bus or became inaccessible"},
    {NVML_ERROR_RESET_REQUIRED, "NVML_ERROR_RESET_REQUIRED", "the GPU needs a reset"},
    {NVML_ERROR_OPERATING_SYSTEM, "NVML_ERROR_OPERATING_SYSTEM",
     "the operating system (or a cgroup) blocked access to the GPU"},
    {NVML_ERROR_LIB_RM_VERSION_MISMATCH, "NVML_ERROR_LIB_RM_VERSION_MISMATCH",
     "the NVML library and the kernel driver are of different versions"},
    {NVML_ERROR_IN_USE, "NVML_ERROR_IN_USE", "the GPU is in use"},
    {NVML_ERROR_MEMORY, "NVML_ERROR_MEMORY", "out of memory"},
    {NVML_ERROR_NO_DATA, "NVML_ERROR_NO_DATA", "no data"},
    {NVML_ERROR_VGPU_ECC_NOT_SUPPORTED, "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED",
     "not available on a vGPU with ECC enabled"},
    {NVML_ERROR_INSUFFICIENT_RESOURCES, "NVML_ERROR_INSUFFICIENT_RESOURCES", "out of driver resources"},
    {NVML_ERROR_FREQ_NOT_SUPPORTED, "NVML_ERROR_FREQ_NOT_SUPPORTED", "frequency not supported"},
    {NVML_ERROR_ARGUMENT_VERSION_MISMATCH, "NVML_ERROR_ARGUMENT_VERSION_MISMATCH",
     "this NVML does not know the structure version passed"},
    {NVML_ERROR_DEPRECATED, "NVML_ERROR_DEPRECATED", "deprecated"},
    {NVML_ERROR_NOT_READY, "NVML_ERROR_NOT_READY", "the system is not ready"},
    {NVML_ERROR_GPU_NOT_FOUND, "NVML_ERROR_GPU_NOT_FOUND", "no GPU found"},
    {NVML_ERROR_INVALID_STATE, "NVML_ERROR_INVALID_STATE", "the GPU is in the wrong state for this"},
    {NVML_ERROR_RESET_TYPE_NOT_SUPPORTED, "NVML_ERROR_RESET_TYPE_NOT_SUPPORTED", "reset type not supported"},
    {NVML_ERROR_UNKNOWN, "NVML_ERROR_UNKNOWN", "unknown driver error"},
};

const ErrorEntry* find_error(nvmlReturn_t code) noexcept {
  for (const ErrorEntry& entry : kErrors) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

}  // namespace

std::string error_name(nvmlReturn_t code) {
  const ErrorEntry* entry = find_error(code);
  return entry != nullptr ? std::string(entry->name) : fmt::format("NVML_ERROR_{}", code);
}

std::string error_text(const NvmlApi& api, nvmlReturn_t code) {
  std::string description;
  if (api.nvmlErrorString != nullptr) {
    if (const char* text = api.nvmlErrorString(code); text != nullptr) description = text;
  }
  if (description.empty()) {
    const ErrorEntry* entry = find_error(code);
    description = entry != nullptr ? entry->description : "unknown error";
  }
  return fmt::format("{} ({})", description, error_name(code));
}

std::string call_error(const NvmlApi& api, const char* call, nvmlReturn_t code) {
  return fmt::format("{}: {}", call, error_text(api, code));
}

bool means_unsupported(nvmlReturn_t code) noexcept {
  // NO_PERMISSION: an unprivileged user will not gain the right mid-run, so it is as good as unsupported.
  return code == NVML_ERROR_NOT_SUPPORTED || code == NVML_ERROR_FUNCTION_NOT_FOUND ||
         code == NVML_ERROR_NO_PERMISSION || code == NVML_ERROR_DEPRECATED;
}

}  // namespace ib::telemetry::nvml
