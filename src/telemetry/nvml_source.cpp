#include "telemetry/nvml_source.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>

#include "inferbench/errors.hpp"

namespace ib::telemetry {

using namespace nvml;

namespace {

// Positions in metrics_, in the order result::MetricSeries lists them.
enum MetricIndex : int {
  kGpuUtilIndex,
  kMemUtilIndex,
  kVramUsedIndex,
  kSmClockIndex,
  kMemClockIndex,
  kPowerIndex,
  kTemperatureIndex,
  kEnergyIndex,
  kSmActivityIndex,
  kSmOccupancyIndex,
  kTensorActivityIndex,
  kDramBwUtilIndex,
  kMetricCount
};

constexpr double kBytesPerMb = 1024.0 * 1024.0;  // MiB, as nvidia-smi and the scripts users compare with

constexpr unsigned int kGpmMetricIds[] = {NVML_GPM_METRIC_SM_UTIL, NVML_GPM_METRIC_SM_OCCUPANCY,
                                          NVML_GPM_METRIC_ANY_TENSOR_UTIL, NVML_GPM_METRIC_DRAM_BW_UTIL};
constexpr int kGpmMetricCount = static_cast<int>(std::size(kGpmMetricIds));

constexpr std::int64_t kGpmMinimumGapNs = 100'000'000;

std::int64_t to_ns(double seconds) {
  return std::llround(seconds * 1e9);
}

}  // namespace

NvmlSource::NvmlSource(NvmlDevice device, core::Clock& clock, NvmlSourceOptions options)
    : device_(device), clock_(clock), options_(options) {
  if (!std::isfinite(options_.energy_interval_s) || options_.energy_interval_s < 0) {
    throw core::InputError(
        fmt::format("the energy counter interval must be >= 0 s (got {})", options_.energy_interval_s));
  }
  if (!std::isfinite(options_.gpm_interval_s) || options_.gpm_interval_s < 0.1) {
    throw core::InputError(
        fmt::format("the GPM interval must be >= 0.1 s, NVML's minimum between GPM samples (got {})",
                    options_.gpm_interval_s));
  }
  if (device_.api == nullptr) throw core::InputError("NvmlSource needs a device from an NvmlSession");
  energy_interval_ns_ = to_ns(options_.energy_interval_s);
  gpm_interval_ns_ = to_ns(options_.gpm_interval_s);
  metrics_ = {
      {metric::kGpuUtil, "%", true, {}},        {metric::kMemUtil, "%", true, {}},
      {metric::kVramUsed, "MB", true, {}},      {metric::kSmClock, "MHz", true, {}},
      {metric::kMemClock, "MHz", true, {}},     {metric::kPower, "W", true, {}},
      {metric::kTemperature, "C", true, {}},    {metric::kEnergy, "J", true, {}},
      {metric::kSmActivity, "%", true, {}},     {metric::kSmOccupancy, "%", true, {}},
      {metric::kTensorActivity, "%", true, {}}, {metric::kDramBwUtil, "%", true, {}},
  };
  queries_ = {"utilization", "memory",      "sm_clock", "mem_clock",
              "power",       "temperature", "energy",   metric::kClockEventReasons,
              "gpm"};
  probe();
  probe_gpm();
}

NvmlSource::~NvmlSource() = default;

namespace {

/// The metrics `query` fills: [first, first + count).
std::pair<int, int> metric_range(int query) {
  constexpr std::pair<int, int> kRanges[] = {
      {kGpuUtilIndex, 2},  {kVramUsedIndex, 1},  {kSmClockIndex, 1},
      {kMemClockIndex, 1}, {kPowerIndex, 1},     {kTemperatureIndex, 1},
      {kEnergyIndex, 1},   {0, 0} /* reasons */, {kSmActivityIndex, kGpmMetricCount},
  };
  return kRanges[query];
}

}  // namespace

bool NvmlSource::supported(Query query) const {
  if (query == kReasons) return reasons_supported_;
  return metrics_[static_cast<std::size_t>(metric_range(query).first)].supported;
}

void NvmlSource::mark_unsupported(Query query, const std::string& reason) {
  if (query == kReasons) {
    reasons_supported_ = false;
    reasons_unsupported_reason_ = reason;
    return;
  }
  const auto [first, count] = metric_range(query);
  for (int i = first; i < first + count; ++i) {
    metrics_[static_cast<std::size_t>(i)].supported = false;
    metrics_[static_cast<std::size_t>(i)].unsupported_reason = reason;
  }
}

bool NvmlSource::has_entry_point(Query query, const char** missing) const {
  const NvmlApi& api = *device_.api;
  switch (query) {
    case kUtilization:
      *missing = "nvmlDeviceGetUtilizationRates";
      return api.nvmlDeviceGetUtilizationRates != nullptr;
    case kMemory:
      *missing = "nvmlDeviceGetMemoryInfo";
      return api.nvmlDeviceGetMemoryInfo != nullptr;
    case kSmClock:
    case kMemClock:
      *missing = "nvmlDeviceGetClockInfo";
      return api.nvmlDeviceGetClockInfo != nullptr;
    case kPower:
      *missing = "nvmlDeviceGetPowerUsage";
      return api.nvmlDeviceGetPowerUsage != nullptr;
    case kTemperature:
      *missing = "nvmlDeviceGetTemperature";
      return api.nvmlDeviceGetTemperature != nullptr || api.nvmlDeviceGetTemperatureV != nullptr;
    case kEnergy:
      *missing = "nvmlDeviceGetTotalEnergyConsumption";
      return api.nvmlDeviceGetTotalEnergyConsumption != nullptr;
    case kReasons:
      *missing = "nvmlDeviceGetCurrentClocksEventReasons";
      return api.nvmlDeviceGetCurrentClocksEventReasons != nullptr ||
             api.nvmlDeviceGetCurrentClocksThrottleReasons != nullptr;
    case kGpm:
    case kQueryCount:
      break;
  }
  *missing = "?";
  return false;
}

nvmlReturn_t NvmlSource::call(Query query, double* values, std::uint64_t* reasons, const char** call) const {
  const NvmlApi& api = *device_.api;
  const nvmlDevice_t handle = device_.handle;
  nvmlReturn_t rc = NVML_ERROR_FUNCTION_NOT_FOUND;
  switch (query) {
    case kUtilization: {
      *call = "nvmlDeviceGetUtilizationRates";
      nvmlUtilization_t utilization{};
      rc = api.nvmlDeviceGetUtilizationRates(handle, &utilization);
      if (rc == NVML_SUCCESS) {
        values[kGpuUtilIndex] = utilization.gpu;
        values[kMemUtilIndex] = utilization.memory;
      }
      break;
    }
    case kMemory: {
      *call = "nvmlDeviceGetMemoryInfo";
      nvmlMemory_t memory{};
      rc = api.nvmlDeviceGetMemoryInfo(handle, &memory);
      if (rc == NVML_SUCCESS) values[kVramUsedIndex] = static_cast<double>(memory.used) / kBytesPerMb;
      break;
    }
    case kSmClock:
    case kMemClock: {
      *call = "nvmlDeviceGetClockInfo";
      unsigned int mhz = 0;
      rc = api.nvmlDeviceGetClockInfo(handle, query == kSmClock ? NVML_CLOCK_SM : NVML_CLOCK_MEM, &mhz);
      if (rc == NVML_SUCCESS) values[query == kSmClock ? kSmClockIndex : kMemClockIndex] = mhz;
      break;
    }
    case kPower: {
      *call = "nvmlDeviceGetPowerUsage";
      unsigned int milliwatts = 0;
      rc = api.nvmlDeviceGetPowerUsage(handle, &milliwatts);
      if (rc == NVML_SUCCESS) values[kPowerIndex] = milliwatts / 1000.0;
      break;
    }
    case kTemperature: {
      // The plain call is deprecated in NVML 13 but present in every driver; the V form only in newer ones.
      if (api.nvmlDeviceGetTemperature != nullptr) {
        *call = "nvmlDeviceGetTemperature";
        unsigned int celsius = 0;
        rc = api.nvmlDeviceGetTemperature(handle, NVML_TEMPERATURE_GPU, &celsius);
        if (rc == NVML_SUCCESS) values[kTemperatureIndex] = celsius;
      } else {
        *call = "nvmlDeviceGetTemperatureV";
        nvmlTemperature_v1_t reading{nvmlTemperature_v1, NVML_TEMPERATURE_GPU, 0};
        rc = api.nvmlDeviceGetTemperatureV(handle, &reading);
        if (rc == NVML_SUCCESS) values[kTemperatureIndex] = reading.temperature;
      }
      break;
    }
    case kEnergy: {
      *call = "nvmlDeviceGetTotalEnergyConsumption";
      unsigned long long millijoules = 0;
      rc = api.nvmlDeviceGetTotalEnergyConsumption(handle, &millijoules);
      if (rc == NVML_SUCCESS) values[kEnergyIndex] = static_cast<double>(millijoules) / 1000.0;
      break;
    }
    case kReasons: {
      unsigned long long mask = 0;
      if (api.nvmlDeviceGetCurrentClocksEventReasons != nullptr) {
        *call = "nvmlDeviceGetCurrentClocksEventReasons";
        rc = api.nvmlDeviceGetCurrentClocksEventReasons(handle, &mask);
      } else {
        *call = "nvmlDeviceGetCurrentClocksThrottleReasons";
        rc = api.nvmlDeviceGetCurrentClocksThrottleReasons(handle, &mask);
      }
      if (rc == NVML_SUCCESS) *reasons = mask;
      break;
    }
    case kGpm:
    case kQueryCount:
      *call = "?";
      break;
  }
  return rc;
}

void NvmlSource::probe() {
  std::array<double, kMetricCount> scratch{};
  for (int q = kUtilization; q < kGpm; ++q) {
    const auto query = static_cast<Query>(q);
    const char* name = nullptr;
    if (!has_entry_point(query, &name)) {
      mark_unsupported(query, fmt::format("this NVML has no {}", name));
      continue;
    }
    std::uint64_t reasons = 0;
    const nvmlReturn_t rc = call(query, scratch.data(), &reasons, &name);
    // Other errors may pass (a busy driver, say): the metric stays in and each failure is counted.
    if (means_unsupported(rc)) mark_unsupported(query, call_error(*device_.api, name, rc));
  }
}

void NvmlSource::probe_gpm() {
  const NvmlApi& api = *device_.api;
  if (!options_.gpm) {
    mark_unsupported(kGpm, "GPM sampling was turned off");
    return;
  }
  if (api.nvmlGpmQueryDeviceSupport == nullptr || api.nvmlGpmSampleAlloc == nullptr ||
      api.nvmlGpmSampleFree == nullptr || api.nvmlGpmSampleGet == nullptr ||
      api.nvmlGpmMetricsGet == nullptr) {
    mark_unsupported(kGpm, "this NVML has no GPM functions (drivers from R520 on have them)");
    return;
  }
  nvmlGpmSupport_t support{NVML_GPM_SUPPORT_VERSION, 0};
  if (const nvmlReturn_t rc = api.nvmlGpmQueryDeviceSupport(device_.handle, &support); rc != NVML_SUCCESS) {
    mark_unsupported(kGpm, call_error(api, "nvmlGpmQueryDeviceSupport", rc));
    return;
  }
  if (support.isSupportedDevice == 0) {
    mark_unsupported(kGpm, fmt::format("GPU {} has no GPM (Hopper and newer GPUs do)", device_.index));
    return;
  }
  try {
    gpm_samples_.emplace_back(api);
    gpm_samples_.emplace_back(api);
  } catch (const core::Error& error) {
    gpm_samples_.clear();
    mark_unsupported(kGpm, error.what());
    return;
  }
  if (const nvmlReturn_t rc = api.nvmlGpmSampleGet(device_.handle, gpm_samples_[0].get());
      means_unsupported(rc)) {
    gpm_samples_.clear();
    mark_unsupported(kGpm, call_error(api, "nvmlGpmSampleGet", rc));
    return;
  }
  gpm_request_ = std::make_unique<nvmlGpmMetricsGet_t>();
}

void NvmlSource::timed(Query query, SampleReadings& out) {
  const char* name = nullptr;
  std::uint64_t reasons = 0;
  const std::int64_t start = clock_.now_ns();
  const nvmlReturn_t rc = call(query, out.values.data(), &reasons, &name);
  out.query_cost_ns[static_cast<std::size_t>(query)] = clock_.now_ns() - start;
  if (rc != NVML_SUCCESS) {
    out.failures.push_back(call_error(*device_.api, name, rc));
  } else if (query == kReasons) {
    out.clock_event_reasons = reasons;
  }
}

void NvmlSource::read_gpm(SampleReadings& out) {
  const NvmlApi& api = *device_.api;
  const int current = gpm_current_;
  const int previous = 1 - current;
  nvmlGpmMetricsGet_t& request = *gpm_request_;
  const std::int64_t start = clock_.now_ns();
  const nvmlReturn_t sampled =
      api.nvmlGpmSampleGet(device_.handle, gpm_samples_[static_cast<std::size_t>(current)].get());
  nvmlReturn_t computed = NVML_SUCCESS;
  const bool compute = sampled == NVML_SUCCESS && gpm_have_previous_;
  if (compute) {
    request.version = NVML_GPM_METRICS_GET_VERSION;
    request.numMetrics = kGpmMetricCount;
    request.sample1 = gpm_samples_[static_cast<std::size_t>(previous)].get();
    request.sample2 = gpm_samples_[static_cast<std::size_t>(current)].get();
    for (int i = 0; i < kGpmMetricCount; ++i) {
      request.metrics[i] = {};
      request.metrics[i].metricId = kGpmMetricIds[i];
    }
    computed = api.nvmlGpmMetricsGet(&request);
  }
  out.query_cost_ns[kGpm] = clock_.now_ns() - start;
  if (sampled != NVML_SUCCESS) {
    // The previous sample stays: the next metrics then span a longer time, which is still a true average.
    out.failures.push_back(call_error(api, "nvmlGpmSampleGet", sampled));
    return;
  }
  gpm_current_ = previous;
  gpm_have_previous_ = true;
  if (!compute) return;  // the first GPM sample of a pass only starts the first span
  if (computed != NVML_SUCCESS) {
    out.failures.push_back(call_error(api, "nvmlGpmMetricsGet", computed));
    return;
  }
  for (int i = 0; i < kGpmMetricCount; ++i) {
    const nvmlGpmMetric_t& result = request.metrics[i];
    if (result.nvmlReturn == NVML_SUCCESS) {
      out.values[static_cast<std::size_t>(kSmActivityIndex + i)] = result.value;
    } else {
      out.failures.push_back(fmt::format("{}: {}",
                                         metrics_[static_cast<std::size_t>(kSmActivityIndex + i)].name,
                                         call_error(api, "nvmlGpmMetricsGet", result.nvmlReturn)));
    }
  }
}

namespace {

/// True when `offset_ns` starts a new span of `interval_ns` since `last_slot` (updated); every sample when 0.
bool due(std::int64_t offset_ns, std::int64_t grid_index, std::int64_t interval_ns, std::int64_t& last_slot) {
  const std::int64_t slot = interval_ns > 0 ? offset_ns / interval_ns : grid_index;
  if (slot <= last_slot) return false;
  last_slot = slot;
  return true;
}

}  // namespace

void NvmlSource::read(const SampleSlot& slot, SampleReadings& out) {
  for (int q = kUtilization; q <= kTemperature; ++q) {
    if (supported(static_cast<Query>(q))) timed(static_cast<Query>(q), out);
  }
  if (reasons_supported_) timed(kReasons, out);
  if (supported(kEnergy) &&
      due(slot.grid_offset_ns, slot.grid_index, energy_interval_ns_, last_energy_slot_)) {
    timed(kEnergy, out);
  }
  // NVML wants >= 100 ms between GPM samples; a late first sample in a span could bring two closer.
  const bool gpm_spaced =
      last_gpm_offset_ns_ < 0 || slot.grid_offset_ns - last_gpm_offset_ns_ >= kGpmMinimumGapNs;
  if (supported(kGpm) && gpm_spaced &&
      due(slot.grid_offset_ns, slot.grid_index, gpm_interval_ns_, last_gpm_slot_)) {
    last_gpm_offset_ns_ = slot.grid_offset_ns;
    read_gpm(out);
  }
}

}  // namespace ib::telemetry
