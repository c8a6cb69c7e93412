#pragma once
// Backends whose libraries are heavy (LibTorch: ~290 shared libraries, ~1.5 s and ~380 MB before main; cuBLAS:
// ~0.7 s and ~220 MB) live in plugins, shared libraries loaded with dlopen the first time a run needs them, so
// `--version`, `report`, `compare`, `quality` and `trtexec parse-*` never pay for them.
//
// The ABI is C++: a plugin exports one extern "C" function, kPluginEntryPoint, that fills a BackendInfo. That
// is sound only because a plugin is built in the same tree as the binary, with the same compiler, flags and
// libstdc++ (std::string, std::function and exceptions cross the boundary). The entry point's name carries a
// version: change it whenever BackendInfo or Backend change shape, so that a stale plugin fails to load with
// a clear message rather than crashing.
#include <filesystem>
#include <string>

#include "inferbench/registry.hpp"

namespace ib::backends {

inline constexpr const char* kPluginEntryPoint = "inferbench_backend_plugin_v3";
using PluginEntryPoint = void (*)(BackendInfo& info);

/// Where this build's plugins are: `<folder of the running executable>/../lib/inferbench`, which is
/// build/<preset>/lib/inferbench in the build tree and <prefix>/lib/inferbench when installed. Found through
/// /proc/self/exe, never through the environment, so nobody can point the binary at other code.
[[nodiscard]] std::filesystem::path plugin_directory();

/// A registry entry for a backend that lives in the plugin `file_name` (in plugin_directory()). `known` gives
/// what is known without loading it: name, extensions, supports_cuda and supports_cpu. version(), create()
/// and demo_archive() load the plugin on first use (once per process; it is never unloaded, since the
/// libraries behind it keep threads and static state until exit) and forward to what it returns. When it
/// cannot be loaded, each of them throws core::UnavailableError naming the file and the loader's reason.
[[nodiscard]] BackendInfo plugin_backend(BackendInfo known, const std::string& file_name);

}  // namespace ib::backends
