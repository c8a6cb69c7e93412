#pragma once
// `inferbench trtexec run`: runs trtexec once, reproducibly. Before it starts, the output directory gets
// engine_metadata.json (what the model file was: absolute path, size, mtime, sha256) and run_config.json
// (every setting and the exact argument vector); trtexec.log starts with the command line, then trtexec's
// stdout and stderr as written. trtexec runs from an argument vector, never through a shell.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/file_info.hpp"
#include "trtexec/command.hpp"

namespace ib::trtexec {

/// Where trtexec is looked for when neither --trtexec nor PATH has it (TensorRT's Debian packages and NGC
/// containers put it there).
inline constexpr const char* kTensorrtBinFallback = "/usr/src/tensorrt/bin/trtexec";

struct RunRequest {
  RunSettings settings;
  std::optional<std::string> trtexec;  ///< --trtexec: a path or a name on PATH
  std::filesystem::path output_dir;
  std::vector<std::string> command_line;  ///< inferbench's own argv, recorded in run_config.json
};

struct RunOutcome {
  int exit_code = 0;              ///< trtexec's (128 + N when killed by signal N)
  std::vector<std::string> argv;  ///< what ran, argv[0] the resolved binary
  std::filesystem::path log;
};

/// Runs trtexec as described above and returns its exit code. Throws core::InputError for bad settings, a
/// missing model or an unwritable output directory, core::UnavailableError when trtexec is not found or
/// cannot be started (nothing is run then, and only the output directory may have been created).
[[nodiscard]] RunOutcome run_trtexec(const RunRequest& request);

/// engine_metadata.json's object: path (absolute), filename, kind ("engine" or "onnx"), size_bytes,
/// size_megabytes (10^6 bytes), modified_iso (UTC), sha256.
[[nodiscard]] nlohmann::ordered_json engine_metadata_json(const std::filesystem::path& absolute_path,
                                                          std::string_view kind, const io::FileInfo& file);

/// run_config.json's object: tool, versions, host, time, every setting, the output directory, the resolved
/// binary, the argument vector ("command") and its quoted form ("command_line").
[[nodiscard]] nlohmann::ordered_json run_config_json(const RunRequest& request, const std::string& binary,
                                                     const std::vector<std::string>& argv,
                                                     const std::string& host,
                                                     const std::string& timestamp_utc);

/// The last `count` lines of `text` (without their line breaks).
[[nodiscard]] std::vector<std::string> last_lines(std::string_view text, std::size_t count);

}  // namespace ib::trtexec
