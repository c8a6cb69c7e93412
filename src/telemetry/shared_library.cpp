#include "telemetry/shared_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <utility>

#include "inferbench/errors.hpp"

namespace ib::telemetry {

SharedLibrary::SharedLibrary(const std::string& name) : name_(name) {
  // RTLD_LOCAL: NVML's symbols stay out of the global namespace, so nothing else binds to them by accident.
  handle_ = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* why = ::dlerror();
    throw core::UnavailableError(
        fmt::format("{} could not be loaded ({})", name, why != nullptr ? why : "no reason given"));
  }
}

SharedLibrary::~SharedLibrary() {
  if (handle_ != nullptr) ::dlclose(handle_);
}

SharedLibrary::SharedLibrary(SharedLibrary&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), name_(std::move(other.name_)) {}

SharedLibrary& SharedLibrary::operator=(SharedLibrary&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) ::dlclose(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    name_ = std::move(other.name_);
  }
  return *this;
}

void* SharedLibrary::symbol(const char* name) const noexcept {
  return handle_ != nullptr ? ::dlsym(handle_, name) : nullptr;
}

}  // namespace ib::telemetry
