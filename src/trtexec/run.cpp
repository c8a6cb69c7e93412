#include "trtexec/run.hpp"

#include <fmt/format.h>

#include <chrono>

#include "core/build_info.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "io/process.hpp"
#include "result/environment_capture.hpp"
#include "trtexec/artefacts.hpp"
#include "trtexec/exporters.hpp"
#include "trtexec/timing_mode.hpp"

namespace ib::trtexec {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

[[nodiscard]] fs::path resolve_binary(const std::optional<std::string>& given) {
  if (given) {
    if (const auto found = io::find_executable(*given)) return fs::absolute(*found);
    throw core::UnavailableError(fmt::format("trtexec '{}' {}", *given,
                                             given->find('/') == std::string::npos
                                                 ? "was not found on PATH"
                                                 : "does not exist or is not executable"));
  }
  if (const auto found = io::find_executable("trtexec")) return *found;
  if (const auto found = io::find_executable(kTensorrtBinFallback)) return *found;
  throw core::UnavailableError(
      fmt::format("trtexec was not found on PATH nor at {}: install TensorRT, or give --trtexec PATH",
                  kTensorrtBinFallback));
}

// trtexec prints its banner before it parses its arguments, so `--help` tells the version without touching
// a GPU. nullopt when the banner is missing (a wrapper script, say): the flags of up to 10.x are used then,
// and the run's own log says later what it did.
[[nodiscard]] std::optional<std::string> probe_version(const fs::path& binary, const fs::path& output_dir) {
  const fs::path log = output_dir / ".trtexec_version_probe.log";
  std::error_code ignored;
  fs::remove(log, ignored);
  std::optional<std::string> version;
  if (io::run_process({{binary.string(), "--help"}, log, std::nullopt}).started) {
    try {
      version = banner_version(read_artefact(log, "trtexec --help output"));
    } catch (const core::InputError&) {
    }
  }
  fs::remove(log, ignored);
  return version;
}

[[nodiscard]] Json optional_number(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

std::vector<std::string> last_lines(std::string_view text, std::size_t count) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::vector<std::string> lines;
  if (text.empty() || count == 0) return lines;
  std::size_t end = text.size();
  while (lines.size() < count) {
    const std::size_t newline = text.rfind('\n', end == 0 ? 0 : end - 1);
    const bool first = newline == std::string_view::npos || end == 0;
    const std::size_t start = first ? 0 : newline + 1;
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    if (first) break;
    end = newline;
  }
  return {lines.rbegin(), lines.rend()};
}

Json engine_metadata_json(const fs::path& absolute_path, std::string_view kind, const io::FileInfo& file) {
  Json out = Json::object();
  out["path"] = absolute_path.string();
  out["filename"] = absolute_path.filename().string();
  out["kind"] = std::string(kind);
  out["size_bytes"] = file.size_bytes;
  out["size_megabytes"] = static_cast<double>(file.size_bytes) / 1e6;
  out["modified_iso"] = file.mtime_utc;
  out["sha256"] = file.sha256;
  return out;
}

Json run_config_json(const RunRequest& request, const std::string& binary,
                     const std::vector<std::string>& argv, const std::string& host,
                     const std::string& timestamp_utc) {
  const RunSettings& s = request.settings;
  Json out = Json::object();
  out["tool"] = "inferbench trtexec run";
  out["inferbench_version"] = fmt::format("{} (git {})", core::kVersion, core::kGitSha);
  out["timestamp_utc"] = timestamp_utc;
  out["host"] = host;
  out["model_kind"] = s.engine ? "engine" : "onnx";
  out["model"] = fs::absolute(s.engine ? *s.engine : s.onnx.value_or(fs::path())).string();
  out["batch"] = s.batch;
  out["forward_batch"] = s.forward_batch;
  out["iterations"] = s.iterations ? Json(*s.iterations) : Json(nullptr);
  out["warmup_ms"] = optional_number(s.warmup_ms);
  out["duration_s"] = optional_number(s.duration_s);
  out["tensorrt_version"] = s.tensorrt_version ? Json(*s.tensorrt_version) : Json(nullptr);
  out["cuda_graph"] = s.cuda_graph;
  out["spin_wait"] = s.spin_wait;
  out["data_transfers"] = s.data_transfers;
  out["profile"] = s.profile;
  out["separate_profile_run"] = s.profile && s.separate_profile_run;
  Json shapes = Json::array();
  for (const core::ShapeArg& shape : s.shapes) {
    shapes.push_back(fmt::format("{}:{}", shape.input_name.value_or(""), core::shape_to_string(shape.shape)));
  }
  out["shapes"] = std::move(shapes);
  out["extra_args"] = s.extra_args;
  out["output_dir"] = fs::absolute(request.output_dir).string();
  out["trtexec_binary"] = binary;
  out["command"] = argv;
  out["command_line"] = quote_command(argv);
  out["inferbench_command"] = request.command_line;
  return out;
}

RunOutcome run_trtexec(const RunRequest& request) {
  const RunSettings& given = request.settings;
  validate(given);
  // Absolute paths make the recorded command runnable from anywhere.
  RunSettings settings = given;
  const fs::path model = fs::absolute(settings.engine ? *settings.engine : *settings.onnx);
  (settings.engine ? settings.engine : settings.onnx) = model;
  const io::FileInfo file = io::describe_file(model);
  const fs::path binary = resolve_binary(request.trtexec);
  io::ensure_writable_directory(request.output_dir);
  const fs::path output_dir = fs::absolute(request.output_dir);
  settings.tensorrt_version = probe_version(binary, output_dir);

  RunOutcome outcome;
  outcome.argv.push_back(binary.string());
  for (std::string& arg : trtexec_arguments(settings, output_dir)) outcome.argv.push_back(std::move(arg));
  outcome.log = output_dir / kLogFile;

  const result::Environment host = result::capture_host_environment({});
  const std::string timestamp = result::format_utc_timestamp(std::chrono::system_clock::now());
  io::write_file_atomically(
      output_dir / kEngineMetadataFile,
      to_json_text(engine_metadata_json(model, settings.engine ? "engine" : "onnx", file)));
  RunRequest recorded = request;
  recorded.settings = settings;
  io::write_file_atomically(
      output_dir / kRunConfigFile,
      to_json_text(run_config_json(recorded, binary.string(), outcome.argv, host.host, timestamp)));
  // Stale artefacts of an earlier run, and what was derived from them, must not pass for this run's.
  for (const char* name : {kTimesFile, kProfileFile, "summary.json", "summary.csv", "latency_series.csv",
                           "latency_percentiles.csv", "result.json", "per_layer_times.csv",
                           "profile_summary.json", "per_layer_time.png"}) {
    std::error_code ignored;
    fs::remove(output_dir / name, ignored);
  }
  io::write_file_atomically(outcome.log, quote_command(outcome.argv) + "\n");

  const io::ProcessOutcome process = io::run_process({outcome.argv, outcome.log, std::nullopt});
  if (!process.started) throw core::UnavailableError("cannot run trtexec: " + process.error);
  outcome.exit_code = process.exit_code;
  return outcome;
}

}  // namespace ib::trtexec
