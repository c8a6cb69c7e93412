#pragma once
// What the registry knows of the aoti backend (AOTInductor .pt2 packages) without loading torch. Every
// create() checks the package file first (aoti/pt2_archive.hpp), so a bad file is exit 2 with one line on
// every build (BackendInfo::check_file, called before anything loads); only then does a build without
// PyTorch's package loader say why it cannot run it (exit 3).
#include <string>

#include "inferbench/registry.hpp"

namespace ib::backends {

/// `plugin` (plugin_backend() of libinferbench_aoti.so) with the package-file check (check_file).
[[nodiscard]] BackendInfo aoti_backend_entry(BackendInfo plugin);

/// The entry where this build has no aoti plugin: version() throws core::UnavailableError(reason), so that
/// `inferbench info` prints the reason, and create() throws it; the file check still runs first.
[[nodiscard]] BackendInfo aoti_unavailable_backend(const std::string& reason);

}  // namespace ib::backends
