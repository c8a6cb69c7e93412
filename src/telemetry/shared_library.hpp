#pragma once
// A shared library opened at run time (dlopen), closed when the owner goes. NVML is reached this way so that
// inferbench starts, and runs CPU benchmarks, on machines without an NVIDIA driver.
#include <string>

namespace ib::telemetry {

class SharedLibrary {
 public:
  /// dlopen(name, RTLD_NOW | RTLD_LOCAL). Throws core::UnavailableError with dlerror's text when it cannot be
  /// loaded.
  explicit SharedLibrary(const std::string& name);
  ~SharedLibrary();
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  SharedLibrary(SharedLibrary&& other) noexcept;
  SharedLibrary& operator=(SharedLibrary&& other) noexcept;

  /// The symbol's address, or null when the library does not export it.
  [[nodiscard]] void* symbol(const char* name) const noexcept;
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  void* handle_ = nullptr;
  std::string name_;
};

}  // namespace ib::telemetry
