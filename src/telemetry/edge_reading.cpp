#include "telemetry/edge_reading.hpp"

namespace ib::telemetry {

using namespace nvml;

namespace {

void note(const NvmlApi& api, const char* call, nvmlReturn_t rc, EdgeReading& reading) {
  if (rc != NVML_SUCCESS && !means_unsupported(rc)) reading.errors.push_back(call_error(api, call, rc));
}

void read_energy(const NvmlDevice& device, EdgeReading& reading) {
  const NvmlApi& api = *device.api;
  if (api.nvmlDeviceGetTotalEnergyConsumption == nullptr) return;
  unsigned long long millijoules = 0;
  const nvmlReturn_t rc = api.nvmlDeviceGetTotalEnergyConsumption(device.handle, &millijoules);
  if (rc == NVML_SUCCESS) {
    reading.energy_j = static_cast<double>(millijoules) / 1000.0;
  } else {
    note(api, "nvmlDeviceGetTotalEnergyConsumption", rc, reading);
  }
}

void read_clock_and_reasons(const NvmlDevice& device, EdgeReading& reading) {
  const NvmlApi& api = *device.api;
  if (api.nvmlDeviceGetClockInfo != nullptr) {
    unsigned int mhz = 0;
    const nvmlReturn_t rc = api.nvmlDeviceGetClockInfo(device.handle, NVML_CLOCK_SM, &mhz);
    if (rc == NVML_SUCCESS) {
      reading.sm_clock_mhz = mhz;
    } else {
      note(api, "nvmlDeviceGetClockInfo", rc, reading);
    }
  }
  unsigned long long mask = 0;
  const char* call = nullptr;
  const nvmlReturn_t rc = query_clock_event_reasons(device, mask, call);
  if (rc == NVML_SUCCESS) {
    reading.clock_event_reasons = mask;
  } else {
    note(api, call, rc, reading);
  }
}

}  // namespace

nvmlReturn_t query_clock_event_reasons(const NvmlDevice& device, unsigned long long& mask,
                                       const char*& call) {
  const NvmlApi& api = *device.api;
  call = "nvmlDeviceGetCurrentClocksEventReasons";
  if (api.nvmlDeviceGetCurrentClocksEventReasons != nullptr) {
    return api.nvmlDeviceGetCurrentClocksEventReasons(device.handle, &mask);
  }
  if (api.nvmlDeviceGetCurrentClocksThrottleReasons != nullptr) {
    call = "nvmlDeviceGetCurrentClocksThrottleReasons";
    return api.nvmlDeviceGetCurrentClocksThrottleReasons(device.handle, &mask);
  }
  return NVML_ERROR_FUNCTION_NOT_FOUND;
}

EdgeReading read_edge(const NvmlDevice& device, Edge edge) {
  EdgeReading reading;
  if (device.api == nullptr) return reading;
  if (edge == Edge::before_pass) {
    read_clock_and_reasons(device, reading);
    read_energy(device, reading);
  } else {
    read_energy(device, reading);
    read_clock_and_reasons(device, reading);
  }
  return reading;
}

}  // namespace ib::telemetry
