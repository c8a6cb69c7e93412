#pragma once
// The slice of the NVML C API inferbench uses, declared here instead of taken from nvml.h: the tool must
// build without the CUDA toolkit and run without a driver, so libnvidia-ml is opened with dlopen and reached
// only through NvmlApi, a table of function pointers. The same table, filled with fake functions, lets the
// tests drive every path (unsupported metrics, errors mid-run) on a CPU. Type, constant and member names
// follow nvml.h on purpose so that each line can be checked against NVIDIA's API reference (API version 13);
// the values used here have not changed since each first appeared.
#include <cstdint>
#include <string>

namespace ib::telemetry::nvml {

// C enums are int-sized on every ABI NVML ships for, so plain ints stand in for them.
using nvmlReturn_t = int;
using nvmlClockType_t = int;
using nvmlTemperatureSensors_t = int;
using nvmlEnableState_t = int;
using nvmlComputeMode_t = int;

struct nvmlDevice_st;
using nvmlDevice_t = nvmlDevice_st*;  ///< opaque handle; never freed (NVML owns it)
struct nvmlGpmSample_st;
using nvmlGpmSample_t = nvmlGpmSample_st*;  ///< freed with nvmlGpmSampleFree (GpmSample owns it)

inline constexpr nvmlReturn_t NVML_SUCCESS = 0;
inline constexpr nvmlReturn_t NVML_ERROR_UNINITIALIZED = 1;
inline constexpr nvmlReturn_t NVML_ERROR_INVALID_ARGUMENT = 2;
inline constexpr nvmlReturn_t NVML_ERROR_NOT_SUPPORTED = 3;
inline constexpr nvmlReturn_t NVML_ERROR_NO_PERMISSION = 4;
inline constexpr nvmlReturn_t NVML_ERROR_ALREADY_INITIALIZED = 5;
inline constexpr nvmlReturn_t NVML_ERROR_NOT_FOUND = 6;
inline constexpr nvmlReturn_t NVML_ERROR_INSUFFICIENT_SIZE = 7;
inline constexpr nvmlReturn_t NVML_ERROR_INSUFFICIENT_POWER = 8;
inline constexpr nvmlReturn_t NVML_ERROR_DRIVER_NOT_LOADED = 9;
inline constexpr nvmlReturn_t NVML_ERROR_TIMEOUT = 10;
inline constexpr nvmlReturn_t NVML_ERROR_IRQ_ISSUE = 11;
inline constexpr nvmlReturn_t NVML_ERROR_LIBRARY_NOT_FOUND = 12;
inline constexpr nvmlReturn_t NVML_ERROR_FUNCTION_NOT_FOUND = 13;
inline constexpr nvmlReturn_t NVML_ERROR_CORRUPTED_INFOROM = 14;
inline constexpr nvmlReturn_t NVML_ERROR_GPU_IS_LOST = 15;
inline constexpr nvmlReturn_t NVML_ERROR_RESET_REQUIRED = 16;
inline constexpr nvmlReturn_t NVML_ERROR_OPERATING_SYSTEM = 17;
inline constexpr nvmlReturn_t NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18;
inline constexpr nvmlReturn_t NVML_ERROR_IN_USE = 19;
inline constexpr nvmlReturn_t NVML_ERROR_MEMORY = 20;
inline constexpr nvmlReturn_t NVML_ERROR_NO_DATA = 21;
inline constexpr nvmlReturn_t NVML_ERROR_VGPU_ECC_NOT_SUPPORTED = 22;
inline constexpr nvmlReturn_t NVML_ERROR_INSUFFICIENT_RESOURCES = 23;
inline constexpr nvmlReturn_t NVML_ERROR_FREQ_NOT_SUPPORTED = 24;
inline constexpr nvmlReturn_t NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25;
inline constexpr nvmlReturn_t NVML_ERROR_DEPRECATED = 26;
inline constexpr nvmlReturn_t NVML_ERROR_NOT_READY = 27;
inline constexpr nvmlReturn_t NVML_ERROR_GPU_NOT_FOUND = 28;
inline constexpr nvmlReturn_t NVML_ERROR_INVALID_STATE = 29;
inline constexpr nvmlReturn_t NVML_ERROR_RESET_TYPE_NOT_SUPPORTED = 30;
inline constexpr nvmlReturn_t NVML_ERROR_UNKNOWN = 999;

inline constexpr nvmlClockType_t NVML_CLOCK_GRAPHICS = 0;
inline constexpr nvmlClockType_t NVML_CLOCK_SM = 1;
inline constexpr nvmlClockType_t NVML_CLOCK_MEM = 2;
inline constexpr nvmlClockType_t NVML_CLOCK_VIDEO = 3;

inline constexpr nvmlTemperatureSensors_t NVML_TEMPERATURE_GPU = 0;

inline constexpr nvmlEnableState_t NVML_FEATURE_DISABLED = 0;
inline constexpr nvmlEnableState_t NVML_FEATURE_ENABLED = 1;

inline constexpr unsigned int NVML_DEVICE_MIG_ENABLE = 1;

inline constexpr nvmlComputeMode_t NVML_COMPUTEMODE_DEFAULT = 0;
inline constexpr nvmlComputeMode_t NVML_COMPUTEMODE_EXCLUSIVE_THREAD =
    1;  // removed from drivers, still named
inline constexpr nvmlComputeMode_t NVML_COMPUTEMODE_PROHIBITED = 2;
inline constexpr nvmlComputeMode_t NVML_COMPUTEMODE_EXCLUSIVE_PROCESS = 3;

// Clock-event reason bits (nvmlClocksEventReason*, formerly nvmlClocksThrottleReason*; same values).
inline constexpr std::uint64_t nvmlClocksEventReasonGpuIdle = 0x1;
inline constexpr std::uint64_t nvmlClocksEventReasonApplicationsClocksSetting = 0x2;
inline constexpr std::uint64_t nvmlClocksEventReasonSwPowerCap = 0x4;
inline constexpr std::uint64_t nvmlClocksThrottleReasonHwSlowdown = 0x8;
inline constexpr std::uint64_t nvmlClocksEventReasonSyncBoost = 0x10;
inline constexpr std::uint64_t nvmlClocksEventReasonSwThermalSlowdown = 0x20;
inline constexpr std::uint64_t nvmlClocksThrottleReasonHwThermalSlowdown = 0x40;
inline constexpr std::uint64_t nvmlClocksThrottleReasonHwPowerBrakeSlowdown = 0x80;
inline constexpr std::uint64_t nvmlClocksEventReasonDisplayClockSetting = 0x100;

// Buffer sizes NVML guarantees to be large enough (including the terminating NUL).
inline constexpr unsigned NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;
inline constexpr unsigned NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;
inline constexpr unsigned NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
inline constexpr unsigned NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE = 80;
inline constexpr unsigned NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE = 32;
inline constexpr unsigned NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE = 16;

struct nvmlUtilization_t {
  unsigned int gpu;     ///< % of the last sample period in which a kernel ran
  unsigned int memory;  ///< % of the last sample period in which device memory was read or written
};

/// nvmlDeviceGetMemoryInfo (v1): bytes.
struct nvmlMemory_t {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};

/// nvmlDeviceGetPciInfo_v3.
struct nvmlPciInfo_t {
  char busIdLegacy[NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE];
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pciDeviceId;
  unsigned int pciSubSystemId;
  char busId[NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE];
};

/// nvmlDeviceGetTemperatureV (the successor of nvmlDeviceGetTemperature, deprecated in NVML 13).
struct nvmlTemperature_v1_t {
  unsigned int version;  ///< nvmlTemperature_v1
  nvmlTemperatureSensors_t sensorType;
  int temperature;
};
/// NVML_STRUCT_VERSION: the struct's size in the low bits, the version number in the top byte.
inline constexpr unsigned int nvmlTemperature_v1 =
    static_cast<unsigned int>(sizeof(nvmlTemperature_v1_t)) | (1U << 24U);

// GPM (GPU performance monitoring, Hopper and newer): metrics computed from two samples >= 100 ms apart.
inline constexpr unsigned int NVML_GPM_METRIC_GRAPHICS_UTIL = 1;
inline constexpr unsigned int NVML_GPM_METRIC_SM_UTIL = 2;          ///< % of SMs busy
inline constexpr unsigned int NVML_GPM_METRIC_SM_OCCUPANCY = 3;     ///< % of warps active vs the maximum
inline constexpr unsigned int NVML_GPM_METRIC_ANY_TENSOR_UTIL = 5;  ///< % of time SMs ran any tensor op
inline constexpr unsigned int NVML_GPM_METRIC_DRAM_BW_UTIL = 10;    ///< % of the DRAM bandwidth peak
inline constexpr unsigned int NVML_GPM_METRICS_GET_VERSION = 1;
inline constexpr unsigned int NVML_GPM_SUPPORT_VERSION = 1;
/// Capacity of nvmlGpmMetricsGet_t::metrics. nvml.h sizes it NVML_GPM_METRIC_MAX, which grew (98, 210, 333)
/// while the struct's version stayed 1: NVML touches only the first numMetrics entries, so the largest
/// known value is safe with every driver.
inline constexpr unsigned int kGpmMetricCapacity = 333;

struct nvmlGpmMetric_t {
  unsigned int metricId;    ///< in
  nvmlReturn_t nvmlReturn;  ///< out: this metric's status; value is valid only when NVML_SUCCESS
  double value;             ///< out
  struct {
    char* shortName;
    char* longName;
    char* unit;
  } metricInfo;  ///< out; may be null
};

struct nvmlGpmMetricsGet_t {
  unsigned int version;     ///< NVML_GPM_METRICS_GET_VERSION
  unsigned int numMetrics;  ///< entries of metrics[] to fill
  nvmlGpmSample_t sample1;
  nvmlGpmSample_t sample2;
  nvmlGpmMetric_t metrics[kGpmMetricCapacity];
};

struct nvmlGpmSupport_t {
  unsigned int version;  ///< NVML_GPM_SUPPORT_VERSION
  unsigned int isSupportedDevice;
};

/// The NVML entry points inferbench calls, each null where the loaded library lacks it. Required:
/// nvmlInit_v2, nvmlShutdown, nvmlDeviceGetCount_v2, nvmlDeviceGetHandleByIndex_v2 (NvmlSession checks);
/// every other entry is optional and its absence marks what it feeds unsupported. Only read-only queries:
/// inferbench never changes a GPU setting, so no setter is even declared.
struct NvmlApi {
  nvmlReturn_t (*nvmlInit_v2)() = nullptr;
  nvmlReturn_t (*nvmlShutdown)() = nullptr;
  const char* (*nvmlErrorString)(nvmlReturn_t) = nullptr;
  nvmlReturn_t (*nvmlSystemGetDriverVersion)(char*, unsigned int) = nullptr;
  nvmlReturn_t (*nvmlSystemGetNVMLVersion)(char*, unsigned int) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetCount_v2)(unsigned int*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetHandleByIndex_v2)(unsigned int, nvmlDevice_t*) = nullptr;

  nvmlReturn_t (*nvmlDeviceGetName)(nvmlDevice_t, char*, unsigned int) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetUUID)(nvmlDevice_t, char*, unsigned int) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetPciInfo_v3)(nvmlDevice_t, nvmlPciInfo_t*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetCurrPcieLinkGeneration)(nvmlDevice_t, unsigned int*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetCurrPcieLinkWidth)(nvmlDevice_t, unsigned int*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetMaxPcieLinkGeneration)(nvmlDevice_t, unsigned int*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetMaxPcieLinkWidth)(nvmlDevice_t, unsigned int*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetEnforcedPowerLimit)(nvmlDevice_t, unsigned int*) = nullptr;  ///< mW
  nvmlReturn_t (*nvmlDeviceGetPersistenceMode)(nvmlDevice_t, nvmlEnableState_t*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetComputeMode)(nvmlDevice_t, nvmlComputeMode_t*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetEccMode)(nvmlDevice_t, nvmlEnableState_t* current,
                                       nvmlEnableState_t* pending) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetClockInfo)(nvmlDevice_t, nvmlClockType_t, unsigned int*) = nullptr;     ///< MHz
  nvmlReturn_t (*nvmlDeviceGetMaxClockInfo)(nvmlDevice_t, nvmlClockType_t, unsigned int*) = nullptr;  ///< MHz
  nvmlReturn_t (*nvmlDeviceGetApplicationsClock)(nvmlDevice_t, nvmlClockType_t,
                                                 unsigned int*) = nullptr;  ///< MHz
  nvmlReturn_t (*nvmlDeviceGetDefaultApplicationsClock)(nvmlDevice_t, nvmlClockType_t,
                                                        unsigned int*) = nullptr;                   ///< MHz
  nvmlReturn_t (*nvmlDeviceGetPowerManagementDefaultLimit)(nvmlDevice_t, unsigned int*) = nullptr;  ///< mW
  nvmlReturn_t (*nvmlDeviceGetMigMode)(nvmlDevice_t, unsigned int* current, unsigned int* pending) = nullptr;

  nvmlReturn_t (*nvmlDeviceGetUtilizationRates)(nvmlDevice_t, nvmlUtilization_t*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetMemoryInfo)(nvmlDevice_t, nvmlMemory_t*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetPowerUsage)(nvmlDevice_t, unsigned int*) = nullptr;  ///< mW
  nvmlReturn_t (*nvmlDeviceGetTemperature)(nvmlDevice_t, nvmlTemperatureSensors_t, unsigned int*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetTemperatureV)(nvmlDevice_t, nvmlTemperature_v1_t*) = nullptr;
  nvmlReturn_t (*nvmlDeviceGetTotalEnergyConsumption)(nvmlDevice_t, unsigned long long*) = nullptr;  ///< mJ
  nvmlReturn_t (*nvmlDeviceGetCurrentClocksEventReasons)(nvmlDevice_t, unsigned long long*) = nullptr;
  /// The older name of the same query (drivers before ~R535 have only this one).
  nvmlReturn_t (*nvmlDeviceGetCurrentClocksThrottleReasons)(nvmlDevice_t, unsigned long long*) = nullptr;

  nvmlReturn_t (*nvmlGpmQueryDeviceSupport)(nvmlDevice_t, nvmlGpmSupport_t*) = nullptr;
  nvmlReturn_t (*nvmlGpmSampleAlloc)(nvmlGpmSample_t*) = nullptr;
  nvmlReturn_t (*nvmlGpmSampleFree)(nvmlGpmSample_t) = nullptr;
  nvmlReturn_t (*nvmlGpmSampleGet)(nvmlDevice_t, nvmlGpmSample_t) = nullptr;
  nvmlReturn_t (*nvmlGpmMetricsGet)(nvmlGpmMetricsGet_t*) = nullptr;
};

/// "NVML_ERROR_GPU_IS_LOST" for 15; "NVML_ERROR_<code>" for codes newer than this table.
[[nodiscard]] std::string error_name(nvmlReturn_t code);

/// One line for the user: NVML's own text when the library offers it, else ours, with the code's name:
/// "GPU is lost (NVML_ERROR_GPU_IS_LOST)".
[[nodiscard]] std::string error_text(const NvmlApi& api, nvmlReturn_t code);

/// "nvmlDeviceGetPowerUsage: GPU is lost (NVML_ERROR_GPU_IS_LOST)".
[[nodiscard]] std::string call_error(const NvmlApi& api, const char* call, nvmlReturn_t code);

/// Whether `code` says the query can never work on this GPU/driver/user (as opposed to failing this time).
[[nodiscard]] bool means_unsupported(nvmlReturn_t code) noexcept;

}  // namespace ib::telemetry::nvml
