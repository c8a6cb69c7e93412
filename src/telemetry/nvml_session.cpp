#include "telemetry/nvml_session.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "inferbench/errors.hpp"

namespace ib::telemetry {

using namespace nvml;

nvml::NvmlApi load_nvml_api(const SharedLibrary& library) {
  NvmlApi api;
  // Each entry is bound to the symbol of its own name, so the table cannot pair a pointer with another
  // function's symbol. A function pointer from dlsym's void* is what POSIX guarantees to work.
#define IB_NVML_BIND(entry) api.entry = reinterpret_cast<decltype(api.entry)>(library.symbol(#entry))
  IB_NVML_BIND(nvmlInit_v2);
  IB_NVML_BIND(nvmlShutdown);
  IB_NVML_BIND(nvmlErrorString);
  IB_NVML_BIND(nvmlSystemGetDriverVersion);
  IB_NVML_BIND(nvmlSystemGetNVMLVersion);
  IB_NVML_BIND(nvmlDeviceGetCount_v2);
  IB_NVML_BIND(nvmlDeviceGetHandleByIndex_v2);
  IB_NVML_BIND(nvmlDeviceGetName);
  IB_NVML_BIND(nvmlDeviceGetUUID);
  IB_NVML_BIND(nvmlDeviceGetPciInfo_v3);
  IB_NVML_BIND(nvmlDeviceGetCurrPcieLinkGeneration);
  IB_NVML_BIND(nvmlDeviceGetCurrPcieLinkWidth);
  IB_NVML_BIND(nvmlDeviceGetMaxPcieLinkGeneration);
  IB_NVML_BIND(nvmlDeviceGetMaxPcieLinkWidth);
  IB_NVML_BIND(nvmlDeviceGetEnforcedPowerLimit);
  IB_NVML_BIND(nvmlDeviceGetPersistenceMode);
  IB_NVML_BIND(nvmlDeviceGetComputeMode);
  IB_NVML_BIND(nvmlDeviceGetEccMode);
  IB_NVML_BIND(nvmlDeviceGetClockInfo);
  IB_NVML_BIND(nvmlDeviceGetMaxClockInfo);
  IB_NVML_BIND(nvmlDeviceGetApplicationsClock);
  IB_NVML_BIND(nvmlDeviceGetDefaultApplicationsClock);
  IB_NVML_BIND(nvmlDeviceGetPowerManagementDefaultLimit);
  IB_NVML_BIND(nvmlDeviceGetMigMode);
  IB_NVML_BIND(nvmlDeviceGetUtilizationRates);
  IB_NVML_BIND(nvmlDeviceGetMemoryInfo);
  IB_NVML_BIND(nvmlDeviceGetPowerUsage);
  IB_NVML_BIND(nvmlDeviceGetTemperature);
  IB_NVML_BIND(nvmlDeviceGetTemperatureV);
  IB_NVML_BIND(nvmlDeviceGetTotalEnergyConsumption);
  IB_NVML_BIND(nvmlDeviceGetCurrentClocksEventReasons);
  IB_NVML_BIND(nvmlDeviceGetCurrentClocksThrottleReasons);
  IB_NVML_BIND(nvmlGpmQueryDeviceSupport);
  IB_NVML_BIND(nvmlGpmSampleAlloc);
  IB_NVML_BIND(nvmlGpmSampleFree);
  IB_NVML_BIND(nvmlGpmSampleGet);
  IB_NVML_BIND(nvmlGpmMetricsGet);
#undef IB_NVML_BIND
  return api;
}

NvmlSession::NvmlSession(SharedLibrary library)
    : library_(std::move(library)), api_(std::make_unique<NvmlApi>(load_nvml_api(*library_))) {
  initialise();
}

NvmlSession::NvmlSession(const NvmlApi& api) : api_(std::make_unique<NvmlApi>(api)) {
  initialise();
}

void NvmlSession::initialise() {
  const char* missing = nullptr;
  if (api_->nvmlInit_v2 == nullptr) {
    missing = "nvmlInit_v2";
  } else if (api_->nvmlShutdown == nullptr) {
    missing = "nvmlShutdown";
  } else if (api_->nvmlDeviceGetCount_v2 == nullptr) {
    missing = "nvmlDeviceGetCount_v2";
  } else if (api_->nvmlDeviceGetHandleByIndex_v2 == nullptr) {
    missing = "nvmlDeviceGetHandleByIndex_v2";
  }
  if (missing != nullptr) {
    throw core::UnavailableError(fmt::format("{} has no {} (a driver older than NVML 6?)",
                                             library_ ? library_->name() : std::string("NVML"), missing));
  }
  if (const nvmlReturn_t rc = api_->nvmlInit_v2(); rc != NVML_SUCCESS) {
    throw core::UnavailableError(call_error(*api_, "nvmlInit_v2", rc));
  }
  initialised_ = true;
}

void NvmlSession::shutdown() noexcept {
  // Its status is of no use here: nothing can be done about a failing shutdown, and a destructor must not
  // throw.
  if (initialised_ && api_ && api_->nvmlShutdown != nullptr) (void)api_->nvmlShutdown();
  initialised_ = false;
}

NvmlSession::~NvmlSession() {
  shutdown();
}

NvmlSession::NvmlSession(NvmlSession&& other) noexcept
    : library_(std::move(other.library_)),
      api_(std::move(other.api_)),
      initialised_(std::exchange(other.initialised_, false)) {
  other.library_.reset();
}

NvmlSession& NvmlSession::operator=(NvmlSession&& other) noexcept {
  if (this != &other) {
    shutdown();
    api_ = std::move(other.api_);
    library_ = std::move(other.library_);
    other.library_.reset();
    initialised_ = std::exchange(other.initialised_, false);
  }
  return *this;
}

int NvmlSession::device_count() const {
  unsigned int count = 0;
  if (const nvmlReturn_t rc = api_->nvmlDeviceGetCount_v2(&count); rc != NVML_SUCCESS) {
    throw core::UnavailableError(call_error(*api_, "nvmlDeviceGetCount_v2", rc));
  }
  return static_cast<int>(count);
}

NvmlDevice NvmlSession::device(int index) const {
  const int count = device_count();
  if (index < 0 || index >= count) {
    throw core::UnavailableError(count == 0 ? fmt::format("--gpu-id {}: NVML sees no GPU", index)
                                            : fmt::format("--gpu-id {}: NVML sees {} GPU{} (0..{})", index,
                                                          count, count == 1 ? "" : "s", count - 1));
  }
  NvmlDevice device;
  device.api = api_.get();
  device.index = index;
  if (const nvmlReturn_t rc =
          api_->nvmlDeviceGetHandleByIndex_v2(static_cast<unsigned int>(index), &device.handle);
      rc != NVML_SUCCESS) {
    throw core::UnavailableError(
        fmt::format("GPU {}: {}", index, call_error(*api_, "nvmlDeviceGetHandleByIndex_v2", rc)));
  }
  return device;
}

namespace {

std::optional<std::string> read_text(nvmlReturn_t (*query)(char*, unsigned int), unsigned int size) {
  if (query == nullptr) return std::nullopt;
  std::array<char, 256> buffer{};
  if (query(buffer.data(), size) != NVML_SUCCESS) return std::nullopt;
  buffer.back() = '\0';
  return std::string(buffer.data());
}

}  // namespace

std::optional<std::string> NvmlSession::driver_version() const {
  return read_text(api_->nvmlSystemGetDriverVersion, NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
}

std::optional<std::string> NvmlSession::nvml_version() const {
  return read_text(api_->nvmlSystemGetNVMLVersion, NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE);
}

std::string NvmlOpenResult::message() const {
  return available() ? std::string("telemetry available") : fmt::format("telemetry unavailable: {}", reason);
}

result::NvmlInfo NvmlOpenResult::unavailable_info() const {
  result::NvmlInfo info;
  info.available = false;
  info.reason = reason;
  return info;
}

namespace {

template <typename Open>
NvmlOpenResult open_with(Open&& open) {
  NvmlOpenResult result;
  try {
    result.session.emplace(open());
  } catch (const std::exception& error) {
    result.reason = error.what();
  } catch (...) {
    result.reason = "NVML failed to start for an unknown reason";
  }
  return result;
}

}  // namespace

NvmlOpenResult open_nvml(const std::string& library_name) {
  return open_with([&] {
    std::optional<SharedLibrary> library;
    try {
      library.emplace(library_name);
    } catch (const core::UnavailableError& error) {
      throw core::UnavailableError(fmt::format("{}; is the NVIDIA driver installed?", error.what()));
    }
    return NvmlSession(std::move(*library));
  });
}

NvmlOpenResult open_nvml(const NvmlApi& api) {
  return open_with([&] { return NvmlSession(api); });
}

}  // namespace ib::telemetry
