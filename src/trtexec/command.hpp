#pragma once
// The trtexec command line `inferbench trtexec run` builds, as an argument vector (never a shell string), and
// its quoted rendering for logs. Pure: validated settings in, arguments out.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inferbench/shape.hpp"

namespace ib::trtexec {

/// The artefact names inside an output directory.
inline constexpr const char* kTimesFile = "times.json";
inline constexpr const char* kProfileFile = "profile.json";
inline constexpr const char* kLogFile = "trtexec.log";
/// The log's name in a folder written by the evaluation toolkit's run_trtexec.sh; read when there is no kLogFile.
inline constexpr const char* kToolkitLogFile = "trtexec_stdout.log";
inline constexpr const char* kEngineMetadataFile = "engine_metadata.json";
inline constexpr const char* kRunConfigFile = "run_config.json";

struct RunSettings {
  std::optional<std::filesystem::path> engine;  ///< --loadEngine (exactly one of engine and onnx)
  std::optional<std::filesystem::path> onnx;    ///< --onnx
  std::vector<core::ShapeArg> shapes;           ///< each with an input name: trtexec's --shapes=name:dims,...
  std::int64_t batch = 1;                       ///< recorded for throughput per image
  bool forward_batch = false;                   ///< also pass --batch=N (implicit-batch engines only)
  std::optional<std::int64_t> iterations;       ///< --iterations=N (trtexec's default when unset)
  std::optional<double> warmup_ms;              ///< --warmUp=N, milliseconds
  std::optional<double> duration_s;             ///< --duration=N, seconds
  bool cuda_graph = false;                      ///< a CUDA graph (timing_mode.hpp: the flag depends on the version)
  bool spin_wait = false;                       ///< spin-wait synchronisation
  bool data_transfers = true;                   ///< H2D and D2H copies in each inference
  bool profile = true;                          ///< --exportProfile and --dumpProfile
  bool separate_profile_run = true;             ///< --separateProfileRun (when profiling)
  std::vector<std::string> extra_args;          ///< verbatim, last
  /// The TensorRT version of the trtexec that will run (its banner), which decides the flags; nullopt: unknown,
  /// the flags of up to 10.x are used (11.x accepts them, with a warning).
  std::optional<std::string> tensorrt_version;
  bool operator==(const RunSettings&) const = default;
};

/// Checks what trtexec would only find out later: one model, shapes with names, positive counts and times.
/// Throws core::InputError naming the flag.
void validate(const RunSettings& settings);

/// trtexec's arguments (without argv[0]) for `settings`, writing its artefacts into `output_dir`:
/// the model, --shapes, --batch (only when forwarded), --iterations, --warmUp, --duration, the timing flags
/// for the version (timing_flags: --useCudaGraph ... up to 10.x, --noCudaGraph ... from 11), --exportTimes,
/// --exportProfile --dumpProfile [--separateProfileRun, up to 10.x: 11 always profiles separately], then the
/// extra arguments.
[[nodiscard]] std::vector<std::string> trtexec_arguments(const RunSettings& settings,
                                                         const std::filesystem::path& output_dir);

/// The argument vector as a POSIX shell would need it typed: words with special characters single-quoted.
/// For logs and run_config.json only; nothing is ever run through a shell.
[[nodiscard]] std::string quote_command(const std::vector<std::string>& argv);

/// Splits one string of arguments into words as a POSIX shell would, without running one: blanks separate
/// words; '...' keeps everything literally; "..." keeps everything but \" \\ \$ \` (a backslash before another
/// character stays); a backslash outside quotes keeps the next character. Nothing is expanded ($VAR, `cmd`,
/// globs and ~ stay as typed). For run_trtexec.sh's --extra "...". Throws core::InputError for an unclosed
/// quote or a trailing backslash. quote_command is its inverse.
[[nodiscard]] std::vector<std::string> split_words(std::string_view text);

/// A number as trtexec's option parser reads it: 200 -> "200", 0.5 -> "0.5" (no exponent, no trailing zeros).
[[nodiscard]] std::string format_option_number(double value);

}  // namespace ib::trtexec
