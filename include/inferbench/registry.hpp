#pragma once
// Which backends this build has, and which one handles a model: the one named by `--backend`, else the one
// that claims the file's extension. Built explicitly (no static registration) and passed to whoever needs it.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inferbench/backend.hpp"

namespace ib::backends {

struct BackendInfo {
  std::string name;
  /// Version of the library behind the backend, e.g. LibTorch's "2.11.0". A function, because a backend
  /// loaded as a plugin (backends/plugin.hpp) knows it only once loaded; it then throws core::UnavailableError
  /// saying why the plugin could not be loaded.
  std::function<std::string()> version;
  /// File name endings this backend loads, longest first where they overlap (".jit.pt" before ".pt").
  std::vector<std::string> extensions;
  /// Whether this build of the backend can run on CUDA devices (LibTorch from Debian is CPU-only).
  bool supports_cuda = false;
  /// Whether it can run on the CPU (the synthetic backends cannot).
  bool supports_cpu = true;
  std::function<std::unique_ptr<Backend>(const LoadOptions&)> create;
  /// The archive bytes of the model this backend builds in (`--demo`), for the result's model size and hash;
  /// empty where the backend has none.
  std::function<std::string()> demo_archive;
  /// Whether LoadOptions' framework settings (cudnn_benchmark, tf32) apply: the backends built on PyTorch.
  bool framework_settings = false;
  /// Cheap checks of a model file before anything is loaded (the aoti backend: is it a zip archive?); throws
  /// core::InputError. May be empty.
  std::function<void(const std::filesystem::path&)> check_file = {};
  /// The backend's framework allocator for `device`, where it has one (nullopt elsewhere): device memory per
  /// model is read from it, since memory a caching allocator holds for one model hides the next one's from
  /// cudaMemGetInfo. reset_peak_allocated starts a new peak. Both may be empty.
  std::function<std::optional<AllocatorStats>(const core::DeviceSpec&)> allocator_stats = {};
  std::function<void(const core::DeviceSpec&)> reset_peak_allocated = {};
  /// Makes the framework's one-time per-process state on `device` (PyTorch: its CUDA state and the cuBLAS and
  /// cuDNN handles a first inference would create). Run before the first load and timed and measured on its
  /// own, so that the first model of a process is not charged with memory every later model shares. May be
  /// empty; a second call does nothing.
  std::function<void(const core::DeviceSpec&)> prepare_device = {};
};

class Registry {
 public:
  void add(BackendInfo info);
  /// Throws InputError listing the known names when `name` is unknown.
  [[nodiscard]] const BackendInfo& by_name(std::string_view name) const;
  /// The backend claiming the file's extension; throws InputError suggesting --backend when none does.
  [[nodiscard]] const BackendInfo& for_path(const std::string& path) const;
  [[nodiscard]] const std::vector<BackendInfo>& all() const noexcept { return backends_; }

 private:
  std::vector<BackendInfo> backends_;
};

}  // namespace ib::backends
