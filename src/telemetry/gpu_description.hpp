#pragma once
// What NVML says about the GPUs, for the result's environment: name, UUID, PCIe link, power limit,
// persistence and compute mode, ECC, clocks. Read-only queries only: inferbench reports settings, never
// changes them.
#include "inferbench/result.hpp"
#include "telemetry/nvml_session.hpp"

namespace ib::telemetry {

/// One GPU; each optional field stays empty where the GPU or driver does not report it (or the query fails).
[[nodiscard]] result::GpuDetails describe_gpu(const NvmlDevice& device);

/// Every GPU NVML sees, with the NVML version. Never throws: when NVML cannot count its GPUs the info says
/// unavailable with NVML's message; a GPU whose handle NVML refuses (another container's, say) is left out.
[[nodiscard]] result::NvmlInfo describe_gpus(const NvmlSession& session);

/// "default", "exclusive_thread", "prohibited", "exclusive_process"; "unknown_<n>" for others.
[[nodiscard]] std::string compute_mode_name(nvml::nvmlComputeMode_t mode);

}  // namespace ib::telemetry
