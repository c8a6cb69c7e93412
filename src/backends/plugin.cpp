#include "backends/plugin.hpp"

#include <dlfcn.h>

#include <memory>
#include <mutex>
#include <system_error>
#include <string_view>
#include <utility>

#include "inferbench/errors.hpp"

namespace ib::backends {
namespace {

// dlerror() starts with the file name when the plugin itself is missing; the message names it already.
std::string without_prefix(std::string_view text, std::string_view prefix) {
  if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  return std::string(text);
}

// One plugin, loaded at most once, shared by the functions of its registry entry. A failure is kept too, so
// every later call says the same thing without retrying.
class PluginLoader {
 public:
  PluginLoader(std::string backend_name, std::string file_name)
      : backend_name_(std::move(backend_name)), file_name_(std::move(file_name)) {}

  // create() may be called from several runner threads at once.
  const BackendInfo& info() {
    std::call_once(once_, [this] { load(); });
    if (!error_.empty()) throw core::UnavailableError(error_);
    return info_;
  }

 private:
  void load() {
    const std::filesystem::path directory = plugin_directory();
    if (directory.empty()) {  // never a bare file name: dlopen would search LD_LIBRARY_PATH for it
      error_ = "the " + backend_name_ + " backend is unavailable: /proc/self/exe does not name this program";
      return;
    }
    const std::filesystem::path path = directory / file_name_;
    const std::string prefix = "the " + backend_name_ + " backend is unavailable: cannot load " + path.string();
    // RTLD_LOCAL: the plugin's libraries (torch, cuBLAS) stay out of the global symbol scope, so they can never
    // take the place of a symbol the binary uses (torch's pip wheels carry their own copies of libstdc++
    // functions). RTLD_NOW: a missing symbol fails here, with a message, not in the middle of a run.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* reason = dlerror();
      error_ = prefix + ": " + without_prefix(reason != nullptr ? reason : "unknown error", path.string() + ": ");
      return;
    }
    // The handle is never closed: torch and cuBLAS keep thread pools and static state until the process ends.
    void* entry = dlsym(handle, kPluginEntryPoint);
    if (entry == nullptr) {
      error_ = prefix + ": it has no " + kPluginEntryPoint + " (a plugin from another build of inferbench?)";
      return;
    }
    reinterpret_cast<PluginEntryPoint>(entry)(info_);
    if (!info_.create || !info_.version) error_ = prefix + ": its entry point returned no backend";
  }

  std::string backend_name_;
  std::string file_name_;
  std::once_flag once_;
  BackendInfo info_;
  std::string error_;
};

}  // namespace

std::filesystem::path plugin_directory() {
  std::error_code error;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  return executable.parent_path().parent_path() / "lib" / "inferbench";
}

BackendInfo plugin_backend(BackendInfo known, const std::string& file_name) {
  auto loader = std::make_shared<PluginLoader>(known.name, file_name);
  known.version = [loader] { return loader->info().version(); };
  known.create = [loader](const LoadOptions& options) { return loader->info().create(options); };
  known.allocator_stats = [loader](const core::DeviceSpec& device) -> std::optional<AllocatorStats> {
    const BackendInfo& loaded = loader->info();
    return loaded.allocator_stats ? loaded.allocator_stats(device) : std::nullopt;
  };
  known.reset_peak_allocated = [loader](const core::DeviceSpec& device) {
    const BackendInfo& loaded = loader->info();
    if (loaded.reset_peak_allocated) loaded.reset_peak_allocated(device);
  };
  known.prepare_device = [loader](const core::DeviceSpec& device) {
    const BackendInfo& loaded = loader->info();
    if (loaded.prepare_device) loaded.prepare_device(device);
  };
  known.demo_archive = [loader, name = known.name] {
    const BackendInfo& loaded = loader->info();
    if (!loaded.demo_archive) throw core::InputError("the " + name + " backend has no built-in model");
    return loaded.demo_archive();
  };
  return known;
}

}  // namespace ib::backends
