#pragma once
// The checks a .pt2 file gets before anything hands it to PyTorch's package loader, whose errors on a bad
// file are vague ("failed finding central directory") or worse. Torch-free: it runs, and is tested, on builds
// whose LibTorch has no AOTInductor loader too, so a bad file is a bad file (exit 2) on every build.
#include <filesystem>
#include <string>
#include <vector>

namespace ib::backends {

/// The file endings the aoti backend claims.
[[nodiscard]] inline std::vector<std::string> aoti_extensions() {
  return {".pt2"};
}

/// Throws core::InputError("cannot load AOTInductor package '<path>': <reason>") when the file is missing, a
/// directory, empty, not a zip archive (a .pt2 package is one), or a zip cut short (no
/// end-of-central-directory record at its end).
void check_pt2_archive(const std::filesystem::path& path);

}  // namespace ib::backends
