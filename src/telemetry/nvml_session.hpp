#pragma once
// NVML initialised for as long as this object lives: nvmlInit_v2 in the constructor, nvmlShutdown in the
// destructor (NVML counts references, so sessions pair up even when something else in the process uses NVML).
// The application owns one and hands it to what needs it; nothing here is global. Opening never throws into a
// CPU run: open_nvml() returns either a session or the reason telemetry is unavailable, for the result's
// NvmlInfo.
#include <memory>
#include <optional>
#include <string>

#include "inferbench/result.hpp"
#include "telemetry/nvml_api.hpp"
#include "telemetry/shared_library.hpp"

namespace ib::telemetry {

/// The soname the driver installs (the unversioned libnvidia-ml.so comes only with development packages).
inline constexpr const char* kNvmlLibraryName = "libnvidia-ml.so.1";

/// One GPU as NVML knows it. A plain value (NVML owns the handle, nothing to free); valid while the session
/// that gave it lives.
struct NvmlDevice {
  const nvml::NvmlApi* api = nullptr;
  nvml::nvmlDevice_t handle = nullptr;
  int index = 0;  ///< NVML index (the driver's order, not CUDA_VISIBLE_DEVICES')
};

class NvmlSession {
 public:
  /// Binds the table from `library` and initialises NVML. Throws core::UnavailableError when a required entry
  /// point is missing or nvmlInit_v2 fails.
  explicit NvmlSession(SharedLibrary library);
  /// Initialises NVML through `api` (the tests' fake table). Same errors.
  explicit NvmlSession(const nvml::NvmlApi& api);
  ~NvmlSession();
  NvmlSession(const NvmlSession&) = delete;
  NvmlSession& operator=(const NvmlSession&) = delete;
  NvmlSession(NvmlSession&& other) noexcept;
  NvmlSession& operator=(NvmlSession&& other) noexcept;

  [[nodiscard]] const nvml::NvmlApi& api() const noexcept { return *api_; }
  /// GPUs NVML sees. Throws core::UnavailableError with NVML's message when it cannot say.
  [[nodiscard]] int device_count() const;
  /// The GPU of NVML index `index` (--gpu-id). Throws core::UnavailableError when there is no such GPU or
  /// NVML refuses its handle.
  [[nodiscard]] NvmlDevice device(int index) const;
  /// "580.65.06"; absent when the library cannot say.
  [[nodiscard]] std::optional<std::string> driver_version() const;
  /// "13.580.65.06"; absent when the library cannot say.
  [[nodiscard]] std::optional<std::string> nvml_version() const;

 private:
  void initialise();
  void shutdown() noexcept;

  std::optional<SharedLibrary> library_;  // declared before api_ and closed last, after nvmlShutdown
  std::unique_ptr<nvml::NvmlApi> api_;    // on the heap: NvmlDevice keeps pointing at it across moves
  bool initialised_ = false;
};

/// Fills the table by dlsym; entry points the library lacks stay null.
[[nodiscard]] nvml::NvmlApi load_nvml_api(const SharedLibrary& library);

/// A session, or why there is none.
struct NvmlOpenResult {
  std::optional<NvmlSession> session;
  std::string reason;  ///< why not, one sentence, when session is empty

  [[nodiscard]] bool available() const noexcept { return session.has_value(); }
  /// "telemetry unavailable: <reason>", the line to print.
  [[nodiscard]] std::string message() const;
  /// NvmlInfo{available = false, reason} for the result; empty of GPUs.
  [[nodiscard]] result::NvmlInfo unavailable_info() const;
};

/// Loads `library_name` with dlopen and initialises NVML. Never throws: a missing library, a missing entry
/// point or a failing nvmlInit_v2 becomes the reason.
[[nodiscard]] NvmlOpenResult open_nvml(const std::string& library_name = kNvmlLibraryName);
/// The same over a given table (tests).
[[nodiscard]] NvmlOpenResult open_nvml(const nvml::NvmlApi& api);

}  // namespace ib::telemetry
