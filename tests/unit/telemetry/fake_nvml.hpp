#pragma once
// A fake NVML behind the same function table the real library fills: scripted values per call, injected error
// codes (always, or from the Nth call on), a cost per call that advances a manual clock, call counts and a
// call log. Device and GPM-sample handles point at the fake's own objects, so the per-device entry points
// find their GPU through the handle; the few entry points without a handle argument (init, count, GPM alloc)
// reach the fake through FakeNvml::current(), set for the fake's lifetime: C function pointers carry no
// context.
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../support/manual_clock.hpp"
#include "telemetry/nvml_api.hpp"

namespace ib::telemetry::fakes {

using namespace nvml;

/// How one query answers. Call n (0-based; NvmlSource's probe is call 0) returns values[min(n, size - 1)].
struct FakeQuery {
  std::vector<double> values{0.0};
  nvmlReturn_t always = NVML_SUCCESS;  ///< not NVML_SUCCESS: every call returns this (unsupported, ...)
  std::int64_t fail_from_call = -1;    ///< calls from this one on return fail_code
  nvmlReturn_t fail_code = NVML_ERROR_GPU_IS_LOST;
  std::int64_t cost_ns = 0;  ///< each call advances the fake's clock by this much
  std::int64_t calls = 0;
};

struct FakeAnswer {
  nvmlReturn_t rc = NVML_SUCCESS;
  double value = 0;
};

// Query keys: the NVML function's name; clocks add "/sm" or "/mem"; utilisation's memory part is
// "nvmlDeviceGetUtilizationRates/memory"; each GPM metric is "gpm/<metric id>".
struct FakeGpu {
  int index = 0;
  std::string name = "NVIDIA H100 80GB HBM3";
  std::string uuid = "GPU-00000000-1111-2222-3333-444444444444";
  std::string bus_id = "00000000:19:00.0";
  nvmlReturn_t handle_result = NVML_SUCCESS;  ///< what nvmlDeviceGetHandleByIndex_v2 says for this GPU
  std::map<std::string, FakeQuery> queries;
  std::vector<std::string>* log = nullptr;
  ib::testing::ManualClock* clock = nullptr;

  FakeQuery& query(const std::string& key) {
    const auto found = queries.find(key);
    if (found == queries.end()) throw std::logic_error("FakeGpu: no query " + key);
    return found->second;
  }

  FakeAnswer answer(const std::string& key) {
    FakeQuery& q = query(key);
    const std::int64_t call = q.calls++;
    if (log != nullptr) log->push_back(key);
    if (clock != nullptr) clock->advance(q.cost_ns);
    if (q.always != NVML_SUCCESS) return {q.always, 0};
    if (q.fail_from_call >= 0 && call >= q.fail_from_call) return {q.fail_code, 0};
    const std::size_t at = std::min(static_cast<std::size_t>(call), q.values.size() - 1);
    return {NVML_SUCCESS, q.values[at]};
  }
};

struct FakeGpmBuffer {
  bool allocated = true;
  std::int64_t taken = -1;  ///< which nvmlGpmSampleGet call filled it
};

class FakeNvml {
 public:
  explicit FakeNvml(int gpu_count = 1, ib::testing::ManualClock* clock = nullptr) {
    if (current_ != nullptr) throw std::logic_error("one FakeNvml at a time");
    current_ = this;
    for (int i = 0; i < gpu_count; ++i) {
      FakeGpu& gpu = gpus_.emplace_back();
      gpu.index = i;
      gpu.log = &log;
      gpu.clock = clock;
      // Defaults of a healthy, idle H100: every query supported.
      gpu.queries = {
          {"nvmlDeviceGetUtilizationRates", {{50}}},
          {"nvmlDeviceGetUtilizationRates/memory", {{20}}},
          {"nvmlDeviceGetMemoryInfo", {{2.0 * 1024 * 1024 * 1024}}},
          {"nvmlDeviceGetClockInfo/sm", {{1980}}},
          {"nvmlDeviceGetClockInfo/mem", {{2619}}},
          {"nvmlDeviceGetMaxClockInfo/sm", {{1980}}},
          {"nvmlDeviceGetMaxClockInfo/mem", {{2619}}},
          {"nvmlDeviceGetApplicationsClock/sm", {{1755}}},
          {"nvmlDeviceGetDefaultApplicationsClock/sm", {{1755}}},
          {"nvmlDeviceGetPowerManagementDefaultLimit", {{700000}}},
          {"nvmlDeviceGetMigMode", {{0}}},
          {"nvmlDeviceGetPowerUsage", {{300000}}},
          {"nvmlDeviceGetTemperature", {{45}}},
          {"nvmlDeviceGetTemperatureV", {{46}}},
          {"nvmlDeviceGetTotalEnergyConsumption", {{1000000}}},
          {"nvmlDeviceGetCurrentClocksEventReasons", {{0}}},
          {"nvmlDeviceGetCurrentClocksThrottleReasons", {{0}}},
          {"nvmlDeviceGetCurrPcieLinkGeneration", {{5}}},
          {"nvmlDeviceGetCurrPcieLinkWidth", {{16}}},
          {"nvmlDeviceGetMaxPcieLinkGeneration", {{5}}},
          {"nvmlDeviceGetMaxPcieLinkWidth", {{16}}},
          {"nvmlDeviceGetEnforcedPowerLimit", {{700000}}},
          {"nvmlDeviceGetPersistenceMode", {{NVML_FEATURE_ENABLED}}},
          {"nvmlDeviceGetComputeMode", {{NVML_COMPUTEMODE_DEFAULT}}},
          {"nvmlDeviceGetEccMode", {{NVML_FEATURE_ENABLED}}},
          {"nvmlDeviceGetName", {}},
          {"nvmlDeviceGetUUID", {}},
          {"nvmlDeviceGetPciInfo_v3", {}},
          {"nvmlGpmQueryDeviceSupport", {{1}}},
          {"nvmlGpmSampleGet", {}},
          {"nvmlGpmMetricsGet", {}},
          {"gpm/2", {{61}}},
          {"gpm/3", {{32}}},
          {"gpm/5", {{44}}},
          {"gpm/10", {{27}}},
      };
    }
  }
  ~FakeNvml() { current_ = nullptr; }
  FakeNvml(const FakeNvml&) = delete;
  FakeNvml& operator=(const FakeNvml&) = delete;

  static FakeNvml& current() { return *current_; }
  FakeGpu& gpu(int index) { return gpus_.at(static_cast<std::size_t>(index)); }
  FakeQuery& query(const std::string& key, int gpu_index = 0) { return gpu(gpu_index).query(key); }

  /// Every entry point set; nvmlErrorString left null so messages use inferbench's own text (a test sets it).
  [[nodiscard]] NvmlApi api() const {
    NvmlApi api;
    api.nvmlInit_v2 = &init;
    api.nvmlShutdown = &shutdown;
    api.nvmlSystemGetDriverVersion = &driver_version;
    api.nvmlSystemGetNVMLVersion = &nvml_version;
    api.nvmlDeviceGetCount_v2 = &count;
    api.nvmlDeviceGetHandleByIndex_v2 = &handle_by_index;
    api.nvmlDeviceGetName = &name;
    api.nvmlDeviceGetUUID = &uuid;
    api.nvmlDeviceGetPciInfo_v3 = &pci_info;
    api.nvmlDeviceGetCurrPcieLinkGeneration = &uint_query<kCurrGen>;
    api.nvmlDeviceGetCurrPcieLinkWidth = &uint_query<kCurrWidth>;
    api.nvmlDeviceGetMaxPcieLinkGeneration = &uint_query<kMaxGen>;
    api.nvmlDeviceGetMaxPcieLinkWidth = &uint_query<kMaxWidth>;
    api.nvmlDeviceGetEnforcedPowerLimit = &uint_query<kPowerLimit>;
    api.nvmlDeviceGetPowerUsage = &uint_query<kPower>;
    api.nvmlDeviceGetPersistenceMode = &int_query<kPersistence>;
    api.nvmlDeviceGetComputeMode = &int_query<kComputeMode>;
    api.nvmlDeviceGetEccMode = &ecc_mode;
    api.nvmlDeviceGetClockInfo = &clock_info;
    api.nvmlDeviceGetMaxClockInfo = &max_clock_info;
    api.nvmlDeviceGetApplicationsClock = &applications_clock;
    api.nvmlDeviceGetDefaultApplicationsClock = &default_applications_clock;
    api.nvmlDeviceGetPowerManagementDefaultLimit = &uint_query<kDefaultPowerLimit>;
    api.nvmlDeviceGetMigMode = &mig_mode;
    api.nvmlDeviceGetUtilizationRates = &utilization;
    api.nvmlDeviceGetMemoryInfo = &memory_info;
    api.nvmlDeviceGetTemperature = &temperature;
    api.nvmlDeviceGetTemperatureV = &temperature_v;
    api.nvmlDeviceGetTotalEnergyConsumption = &energy;
    api.nvmlDeviceGetCurrentClocksEventReasons = &reasons<kEventReasons>;
    api.nvmlDeviceGetCurrentClocksThrottleReasons = &reasons<kThrottleReasons>;
    api.nvmlGpmQueryDeviceSupport = &gpm_support;
    api.nvmlGpmSampleAlloc = &gpm_alloc;
    api.nvmlGpmSampleFree = &gpm_free;
    api.nvmlGpmSampleGet = &gpm_sample_get;
    api.nvmlGpmMetricsGet = &gpm_metrics_get;
    return api;
  }

  nvmlReturn_t init_result = NVML_SUCCESS;
  nvmlReturn_t count_result = NVML_SUCCESS;
  int init_calls = 0;
  int shutdown_calls = 0;
  int gpm_allocs = 0;
  int gpm_frees = 0;
  int bad_gpm_requests = 0;  ///< nvmlGpmMetricsGet calls with a wrong version, count or buffer
  std::vector<std::string> log;

 private:
  static FakeGpu& of(nvmlDevice_t device) { return *reinterpret_cast<FakeGpu*>(device); }

  static nvmlReturn_t init() {
    ++current().init_calls;
    return current().init_result;
  }
  static nvmlReturn_t shutdown() {
    ++current().shutdown_calls;
    return NVML_SUCCESS;
  }
  static nvmlReturn_t copy_text(const std::string& text, char* out, unsigned int length) {
    if (text.size() + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    std::memcpy(out, text.c_str(), text.size() + 1);
    return NVML_SUCCESS;
  }
  static nvmlReturn_t driver_version(char* out, unsigned int length) {
    return copy_text("580.65.06", out, length);
  }
  static nvmlReturn_t nvml_version(char* out, unsigned int length) {
    return copy_text("13.580.65.06", out, length);
  }
  static nvmlReturn_t count(unsigned int* out) {
    *out = static_cast<unsigned int>(current().gpus_.size());
    return current().count_result;
  }
  static nvmlReturn_t handle_by_index(unsigned int index, nvmlDevice_t* out) {
    if (index >= current().gpus_.size()) return NVML_ERROR_INVALID_ARGUMENT;
    FakeGpu& gpu = current().gpus_[index];
    if (gpu.handle_result != NVML_SUCCESS) return gpu.handle_result;
    *out = reinterpret_cast<nvmlDevice_t>(&gpu);
    return NVML_SUCCESS;
  }
  static nvmlReturn_t name(nvmlDevice_t device, char* out, unsigned int length) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetName");
    return answer.rc != NVML_SUCCESS ? answer.rc : copy_text(of(device).name, out, length);
  }
  static nvmlReturn_t uuid(nvmlDevice_t device, char* out, unsigned int length) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetUUID");
    return answer.rc != NVML_SUCCESS ? answer.rc : copy_text(of(device).uuid, out, length);
  }
  static nvmlReturn_t pci_info(nvmlDevice_t device, nvmlPciInfo_t* out) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetPciInfo_v3");
    if (answer.rc != NVML_SUCCESS) return answer.rc;
    *out = {};
    return copy_text(of(device).bus_id, out->busId, sizeof(out->busId));
  }

  enum UintQuery {
    kCurrGen,
    kCurrWidth,
    kMaxGen,
    kMaxWidth,
    kPowerLimit,
    kPower,
    kPersistence,
    kComputeMode,
    kDefaultPowerLimit
  };
  static const char* key_of(UintQuery query) {
    constexpr const char* kKeys[] = {"nvmlDeviceGetCurrPcieLinkGeneration",
                                     "nvmlDeviceGetCurrPcieLinkWidth",
                                     "nvmlDeviceGetMaxPcieLinkGeneration",
                                     "nvmlDeviceGetMaxPcieLinkWidth",
                                     "nvmlDeviceGetEnforcedPowerLimit",
                                     "nvmlDeviceGetPowerUsage",
                                     "nvmlDeviceGetPersistenceMode",
                                     "nvmlDeviceGetComputeMode",
                                     "nvmlDeviceGetPowerManagementDefaultLimit"};
    return kKeys[query];
  }
  template <UintQuery Q>
  static nvmlReturn_t uint_query(nvmlDevice_t device, unsigned int* out) {
    const FakeAnswer answer = of(device).answer(key_of(Q));
    if (answer.rc == NVML_SUCCESS) *out = static_cast<unsigned int>(answer.value);
    return answer.rc;
  }
  template <UintQuery Q>
  static nvmlReturn_t int_query(nvmlDevice_t device, int* out) {
    const FakeAnswer answer = of(device).answer(key_of(Q));
    if (answer.rc == NVML_SUCCESS) *out = static_cast<int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t ecc_mode(nvmlDevice_t device, int* current, int* pending) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetEccMode");
    if (answer.rc == NVML_SUCCESS) *current = *pending = static_cast<int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t clock(const char* base, nvmlDevice_t device, int type, unsigned int* out) {
    if (type != NVML_CLOCK_SM && type != NVML_CLOCK_MEM) return NVML_ERROR_INVALID_ARGUMENT;
    const FakeAnswer answer = of(device).answer(std::string(base) + (type == NVML_CLOCK_SM ? "/sm" : "/mem"));
    if (answer.rc == NVML_SUCCESS) *out = static_cast<unsigned int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t clock_info(nvmlDevice_t device, int type, unsigned int* out) {
    return clock("nvmlDeviceGetClockInfo", device, type, out);
  }
  static nvmlReturn_t max_clock_info(nvmlDevice_t device, int type, unsigned int* out) {
    return clock("nvmlDeviceGetMaxClockInfo", device, type, out);
  }
  static nvmlReturn_t applications_clock(nvmlDevice_t device, int type, unsigned int* out) {
    return clock("nvmlDeviceGetApplicationsClock", device, type, out);
  }
  static nvmlReturn_t default_applications_clock(nvmlDevice_t device, int type, unsigned int* out) {
    return clock("nvmlDeviceGetDefaultApplicationsClock", device, type, out);
  }
  static nvmlReturn_t mig_mode(nvmlDevice_t device, unsigned int* current, unsigned int* pending) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetMigMode");
    if (answer.rc == NVML_SUCCESS) *current = *pending = static_cast<unsigned int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t utilization(nvmlDevice_t device, nvmlUtilization_t* out) {
    const FakeAnswer gpu = of(device).answer("nvmlDeviceGetUtilizationRates");
    if (gpu.rc != NVML_SUCCESS) return gpu.rc;
    const FakeAnswer memory = of(device).answer("nvmlDeviceGetUtilizationRates/memory");
    if (memory.rc != NVML_SUCCESS) return memory.rc;
    out->gpu = static_cast<unsigned int>(gpu.value);
    out->memory = static_cast<unsigned int>(memory.value);
    return NVML_SUCCESS;
  }
  static nvmlReturn_t memory_info(nvmlDevice_t device, nvmlMemory_t* out) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetMemoryInfo");
    if (answer.rc != NVML_SUCCESS) return answer.rc;
    out->total = 80ULL * 1024 * 1024 * 1024;
    out->used = static_cast<unsigned long long>(answer.value);
    out->free = out->total - out->used;
    return NVML_SUCCESS;
  }
  static nvmlReturn_t temperature(nvmlDevice_t device, int sensor, unsigned int* out) {
    if (sensor != NVML_TEMPERATURE_GPU) return NVML_ERROR_INVALID_ARGUMENT;
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetTemperature");
    if (answer.rc == NVML_SUCCESS) *out = static_cast<unsigned int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t temperature_v(nvmlDevice_t device, nvmlTemperature_v1_t* out) {
    if (out->version != nvmlTemperature_v1 || out->sensorType != NVML_TEMPERATURE_GPU) {
      return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetTemperatureV");
    if (answer.rc == NVML_SUCCESS) out->temperature = static_cast<int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t energy(nvmlDevice_t device, unsigned long long* out) {
    const FakeAnswer answer = of(device).answer("nvmlDeviceGetTotalEnergyConsumption");
    if (answer.rc == NVML_SUCCESS) *out = static_cast<unsigned long long>(answer.value);
    return answer.rc;
  }
  enum ReasonsQuery { kEventReasons, kThrottleReasons };
  template <ReasonsQuery Q>
  static nvmlReturn_t reasons(nvmlDevice_t device, unsigned long long* out) {
    const FakeAnswer answer =
        of(device).answer(Q == kEventReasons ? "nvmlDeviceGetCurrentClocksEventReasons"
                                             : "nvmlDeviceGetCurrentClocksThrottleReasons");
    if (answer.rc == NVML_SUCCESS) *out = static_cast<unsigned long long>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t gpm_support(nvmlDevice_t device, nvmlGpmSupport_t* out) {
    if (out->version != NVML_GPM_SUPPORT_VERSION) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    const FakeAnswer answer = of(device).answer("nvmlGpmQueryDeviceSupport");
    if (answer.rc == NVML_SUCCESS) out->isSupportedDevice = static_cast<unsigned int>(answer.value);
    return answer.rc;
  }
  static nvmlReturn_t gpm_alloc(nvmlGpmSample_t* out) {
    FakeNvml& fake = current();
    ++fake.gpm_allocs;
    *out = reinterpret_cast<nvmlGpmSample_t>(&fake.gpm_buffers_.emplace_back());
    return NVML_SUCCESS;
  }
  static nvmlReturn_t gpm_free(nvmlGpmSample_t sample) {
    ++current().gpm_frees;
    reinterpret_cast<FakeGpmBuffer*>(sample)->allocated = false;
    return NVML_SUCCESS;
  }
  static nvmlReturn_t gpm_sample_get(nvmlDevice_t device, nvmlGpmSample_t sample) {
    FakeQuery& q = of(device).query("nvmlGpmSampleGet");
    const std::int64_t call = q.calls;
    const FakeAnswer answer = of(device).answer("nvmlGpmSampleGet");
    if (answer.rc == NVML_SUCCESS) reinterpret_cast<FakeGpmBuffer*>(sample)->taken = call;
    return answer.rc;
  }
  static nvmlReturn_t gpm_metrics_get(nvmlGpmMetricsGet_t* request) {
    FakeNvml& fake = current();
    const auto* first = reinterpret_cast<const FakeGpmBuffer*>(request->sample1);
    const auto* second = reinterpret_cast<const FakeGpmBuffer*>(request->sample2);
    if (request->version != NVML_GPM_METRICS_GET_VERSION || request->numMetrics == 0 ||
        request->numMetrics > kGpmMetricCapacity || first == nullptr || second == nullptr ||
        first == second || !first->allocated || !second->allocated || first->taken < 0 ||
        second->taken <= first->taken) {
      ++fake.bad_gpm_requests;
      return NVML_ERROR_INVALID_ARGUMENT;
    }
    FakeGpu& gpu = fake.gpus_.front();
    const FakeAnswer answer = gpu.answer("nvmlGpmMetricsGet");
    if (answer.rc != NVML_SUCCESS) return answer.rc;
    for (unsigned int i = 0; i < request->numMetrics; ++i) {
      nvmlGpmMetric_t& metric = request->metrics[i];
      const FakeAnswer value = gpu.answer("gpm/" + std::to_string(metric.metricId));
      metric.nvmlReturn = value.rc;
      metric.value = value.value;
    }
    return NVML_SUCCESS;
  }

  inline static FakeNvml* current_ = nullptr;
  std::deque<FakeGpu> gpus_;
  std::deque<FakeGpmBuffer> gpm_buffers_;
};

}  // namespace ib::telemetry::fakes
