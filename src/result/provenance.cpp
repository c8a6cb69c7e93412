#include "result/provenance.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace ib::result {
namespace {

std::string text(const std::optional<std::string>& value) {
  return value.value_or("");
}

std::string text(const std::optional<double>& value, const char* unit) {
  return value ? fmt::format("{:g}{}", *value, unit) : "";
}

std::string text(const std::optional<bool>& value, const char* yes, const char* no) {
  if (!value) return "";
  return *value ? yes : no;
}

std::string backend_version(const Environment& environment, const std::string& backend) {
  const auto found = std::find_if(environment.backends.begin(), environment.backends.end(),
                                  [&](const BackendVersion& b) { return b.name == backend; });
  return found == environment.backends.end() ? "" : found->version;
}

std::string shapes_text(const RunConfig& config) {
  std::vector<std::string> parts;
  for (const NamedShape& shape : config.shapes) {
    std::vector<std::string> dims;
    for (const auto dim : shape.shape) dims.push_back(std::to_string(dim));
    parts.push_back(fmt::format("{}:{}", shape.name, fmt::join(dims, "x")));
  }
  return fmt::format("{}", fmt::join(parts, " "));
}

// "cuda:1" -> 1; nullopt for the CPU or a device name of another form.
std::optional<int> cuda_index(const std::string& device) {
  constexpr std::string_view prefix = "cuda:";
  if (!device.starts_with(prefix)) return std::nullopt;
  try {
    return std::stoi(device.substr(prefix.size()));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string cuda_gpu_name(const Environment& environment, int index) {
  for (const GpuInfo& gpu : environment.gpus) {
    if (gpu.index == index) return gpu.name;
  }
  return "";
}

// CUDA and NVML number GPUs differently (CUDA_VISIBLE_DEVICES): the telemetry's NVML index when sampled,
// else the GPU of the same name.
const GpuDetails* nvml_gpu(const Environment& environment, const Run& run, const std::string& name) {
  if (!environment.nvml) return nullptr;
  const auto& gpus = environment.nvml->gpus;
  const auto found = std::find_if(gpus.begin(), gpus.end(), [&](const GpuDetails& gpu) {
    return run.telemetry ? gpu.index == run.telemetry->gpu_index : gpu.name == name;
  });
  if (found != gpus.end()) return &*found;
  return gpus.size() == 1 && name.empty() ? &gpus.front() : nullptr;
}

void add_gpu_facts(const Environment& environment, const Run& run, int index,
                   std::vector<ProvenanceFact>& facts) {
  std::string name = cuda_gpu_name(environment, index);
  const GpuDetails* gpu = nvml_gpu(environment, run, name);
  if (name.empty() && gpu != nullptr) name = gpu->name;
  const GpuDetails none;
  const GpuDetails& d = gpu != nullptr ? *gpu : none;
  facts.push_back({"GPU", name, true});
  facts.push_back({"GPU driver", text(environment.gpu_driver_version), true});
  facts.push_back({"CUDA driver API", text(environment.cuda_driver_version), true});
  facts.push_back({"CUDA runtime", text(environment.cuda_runtime_version), true});
  facts.push_back({"power limit", text(d.power_limit_w, " W"), true});
  facts.push_back({"clocks locked", text(d.clocks_locked, "yes", "no"), true});
  facts.push_back({"SM application clock", text(d.sm_applications_clock_mhz, " MHz"), true});
  facts.push_back({"SM max clock", text(d.sm_clock_max_mhz, " MHz"), true});
  facts.push_back({"ECC", text(d.ecc_enabled, "on", "off"), true});
  facts.push_back({"MIG", text(d.mig_enabled, "on", "off"), true});
  facts.push_back({"persistence mode", text(d.persistence_mode, "on", "off"), false});
  facts.push_back({"compute mode", text(d.compute_mode), false});
}

void add_run_facts(const Result& result, const Run& run, std::vector<ProvenanceFact>& facts) {
  facts.push_back({"device", run.device, true});
  facts.push_back({"backend", run.backend, true});
  facts.push_back({"backend version", backend_version(result.environment, run.backend), true});
  facts.push_back({"precision", run.config.dtype, true});
  facts.push_back({"batch", std::to_string(run.config.batch), true});
  facts.push_back({"input shapes", shapes_text(run.config), true});
  facts.push_back({"model sha256", run.model.sha256, false});
  facts.push_back({"CUDA graph", run.config.cuda_graph ? "on" : "off", false});
  facts.push_back({"streams", std::to_string(run.config.streams), false});
  facts.push_back({"transfers", run.config.transfers ? "on" : "off", false});
  facts.push_back({"sync", run.config.sync, false});
}

void add_host_facts(const Environment& environment, std::vector<ProvenanceFact>& facts) {
  facts.push_back({"CPU", environment.cpu_model, true});
  facts.push_back({"CPU governor", text(environment.cpu_governor), true});
  facts.push_back({"build type", text(environment.build_type), true});
  facts.push_back({"build flags", text(environment.build_flags), false});
  facts.push_back({"inferbench", environment.inferbench_version, false});
  facts.push_back({"host", environment.host, false});
  facts.push_back({"OS", environment.os, false});
  facts.push_back({"kernel", environment.kernel, false});
}

}  // namespace

std::vector<ProvenanceFact> provenance_facts(const Result& result, const Run& run) {
  std::vector<ProvenanceFact> facts;
  add_run_facts(result, run, facts);
  if (const auto index = cuda_index(run.device)) add_gpu_facts(result.environment, run, *index, facts);
  add_host_facts(result.environment, facts);
  return facts;
}

std::vector<ProvenanceDifference> provenance_differences(const Result& base_result, const Run& base,
                                                         const Result& next_result, const Run& next) {
  const std::vector<ProvenanceFact> b = provenance_facts(base_result, base);
  const std::vector<ProvenanceFact> n = provenance_facts(next_result, next);
  std::vector<ProvenanceDifference> differences;
  for (const ProvenanceFact& fact : b) {
    const auto other =
        std::find_if(n.begin(), n.end(), [&](const ProvenanceFact& f) { return f.what == fact.what; });
    if (other == n.end() || fact.value.empty() || other->value.empty() || fact.value == other->value)
      continue;
    differences.push_back({fact.what, fact.value, other->value, fact.moves_numbers});
  }
  return differences;
}

}  // namespace ib::result
