#include "trtexec/artefacts.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <fstream>
#include <iterator>
#include <system_error>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "report/layer_profile.hpp"
#include "report/text.hpp"
#include "result/environment_capture.hpp"
#include "result/result_json.hpp"
#include "trtexec/command.hpp"
#include "trtexec/to_result.hpp"

namespace ib::trtexec {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr std::uintmax_t kMaxArtefactBytes = std::uintmax_t{1} << 30;
constexpr const char* kOutputDiffFile = "output_diff.json";
constexpr const char* kComparisonFile = "compare.csv";

[[nodiscard]] bool file_exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(path, error);
}

// Ours, else the one run_trtexec.sh wrote.
[[nodiscard]] const char* log_name_in(const fs::path& folder) {
  return file_exists(folder / kLogFile) || !file_exists(folder / kToolkitLogFile) ? kLogFile : kToolkitLogFile;
}

[[nodiscard]] std::optional<LogSummary> log_beside(const fs::path& folder) {
  const fs::path log = folder / log_name_in(folder);
  if (!file_exists(log)) return std::nullopt;
  try {
    return parse_artefact(log, "trtexec log", parse_log);
  } catch (const core::InputError&) {
    return std::nullopt;  // only the version and the printed options are wanted here; `parse-log` reports a bad log
  }
}

// What trtexec's Latency covered: the options the log printed where it has them, else the version's defaults
// changed by the recorded command's flags; unknown without either.
[[nodiscard]] std::optional<TimingMode> timing_of(const std::optional<LogSummary>& log,
                                                  const std::optional<RunConfigFacts>& config,
                                                  const std::optional<std::string>& version) {
  std::optional<TimingMode> mode;
  if (config && !config->command.empty()) mode = effective_timing(major_version(version), config->command);
  if (log && log->cuda_graph && log->spin_wait && log->data_transfers) {
    mode = TimingMode{*log->cuda_graph, *log->spin_wait, *log->data_transfers};
  }
  return mode;
}

[[nodiscard]] std::string run_name(const TimesRequest& request, const SideFiles& side) {
  if (side.engine && side.engine->path) {
    const std::string name = fs::path(*side.engine->path).filename().string();
    if (!name.empty()) return name;
  }
  const std::string folder = fs::absolute(request.times).parent_path().filename().string();
  return folder.empty() ? "trtexec" : folder;
}

// The member `key` of `object`, or null: report.json is ours, but report_markdown must not assume it.
[[nodiscard]] const Json& field(const Json& object, const char* key) {
  static const Json null_value = nullptr;
  if (!object.is_object()) return null_value;
  const auto found = object.find(key);
  return found == object.end() ? null_value : *found;
}

[[nodiscard]] std::string cell(const Json& value) {
  if (value.is_number()) return fmt::format("{:.4g}", value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  return value.dump();
}

}  // namespace

std::string read_artefact(const fs::path& path, std::string_view what) {
  const auto fail = [&](const std::string& why) {
    throw core::InputError(fmt::format("cannot read {} '{}': {}", what, path.string(), why));
  };
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) fail("no such file");
  if (!fs::is_regular_file(status)) fail("not a regular file");
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) fail(error.message());
  if (size > kMaxArtefactBytes)
    fail(fmt::format("{} bytes is more than the 1 GiB an artefact may have", size));
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(std::generic_category().message(errno));
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) fail("read error");
  return text;
}

SideFiles read_side_files(const fs::path& folder) {
  SideFiles side;
  if (const fs::path path = folder / kEngineMetadataFile; file_exists(path)) {
    side.engine = parse_artefact(path, "engine metadata", parse_engine_metadata);
  }
  if (const fs::path path = folder / kRunConfigFile; file_exists(path)) {
    side.run_config = parse_artefact(path, "run config", parse_run_config);
  }
  return side;
}

TimesAnalysis analyze_times(const TimesRequest& request) {
  TimesAnalysis analysis;
  analysis.times = parse_artefact(request.times, "times file", parse_times);
  const fs::path folder = fs::absolute(request.times).parent_path();
  const SideFiles side = read_side_files(folder);
  TimesReport& report = analysis.report;
  report.source = request.times.string();
  report.layout = analysis.times.layout;
  for (const std::string& note : analysis.times.notes)
    report.warnings.push_back({result::WarningKind::trtexec_times_note, {}, {{"note", note}}});

  // The batch: the flag, else what the run recorded. A disagreement is worth a warning, never a silent pick.
  std::int64_t batch = request.batch.value_or(1);
  const std::pair<const char*, std::optional<std::int64_t>> recorded[] = {
      {kRunConfigFile, side.run_config ? side.run_config->batch : std::nullopt},
      {kEngineMetadataFile, side.engine ? side.engine->batch : std::nullopt}};
  if (!request.batch) {
    for (const auto& [file, value] : recorded) {
      if (value) {
        batch = *value;
        break;
      }
    }
  }
  for (const auto& [file, value] : recorded) {
    if (value && *value != batch) {
      report.warnings.push_back({result::WarningKind::trtexec_batch_mismatch,
                                 {{"recorded", static_cast<double>(*value)},
                                  {"used", static_cast<double>(batch)},
                                  {"from_flag", request.batch ? 1.0 : 0.0}},
                                 {{"file", file}}});
    }
  }

  std::optional<double> warmup_ms = request.warmup_ms;
  if (!warmup_ms && side.run_config && side.run_config->warmup_ms) {
    if (analysis.times.compute_start_ms.empty()) {
      report.warnings.push_back({result::WarningKind::trtexec_warmup_without_start, {}, {}});
    } else {
      warmup_ms = side.run_config->warmup_ms;
    }
  }
  if (warmup_ms) {
    try {
      report.warmup_records_dropped = drop_warmup(analysis.times, *warmup_ms);
    } catch (const core::InputError& error) {
      throw core::InputError(fmt::format("times file '{}': {}", request.times.string(), error.what()));
    }
    report.warmup_ms = warmup_ms;
  }
  report.summary = summarize_times(analysis.times, batch);
  if (side.engine) report.engine = side.engine->json;
  if (side.run_config) report.run_config = side.run_config->json;

  ResultInputs inputs;
  inputs.name = run_name(request, side);
  inputs.batch = batch;
  if (side.engine) {
    inputs.model.path = side.engine->path.value_or("");
    inputs.model.size_bytes = side.engine->size_bytes.value_or(0);
    inputs.model.sha256 = side.engine->sha256.value_or("");
    inputs.model.mtime = side.engine->mtime_utc;
  } else {
    inputs.model.path = "unknown";
  }
  inputs.environment = result::capture_host_environment(request.command_line);
  inputs.warmup_ms = warmup_ms;
  if (side.run_config) {
    const RunConfigFacts& config = *side.run_config;
    inputs.duration_s = config.duration_s;
    inputs.cuda_graph = config.cuda_graph.value_or(false);
    for (const core::ShapeArg& shape : config.shapes) {
      inputs.shapes.push_back({shape.input_name.value_or(""), shape.shape});
    }
    if (config.timestamp_utc) inputs.environment.timestamp_utc = *config.timestamp_utc;
    if (config.host && *config.host != inputs.environment.host) {
      inputs.warnings.push_back({result::WarningKind::trtexec_other_host,
                                 {},
                                 {{"trtexec_host", *config.host}, {"parse_host", inputs.environment.host}}});
    }
    inputs.tensorrt_version = config.tensorrt_version;
  } else {
    inputs.warnings.push_back({result::WarningKind::trtexec_no_run_config, {}, {}});
  }
  const std::optional<LogSummary> log = log_beside(folder);
  if (log && log->tensorrt_version) inputs.tensorrt_version = log->tensorrt_version;  // what ran
  inputs.timing = timing_of(log, side.run_config, inputs.tensorrt_version);
  inputs.warnings.insert(inputs.warnings.end(), report.warnings.begin(), report.warnings.end());
  try {
    analysis.result = to_result(analysis.times, inputs);
  } catch (const core::InputError& error) {
    throw core::InputError(fmt::format("times file '{}': {}", request.times.string(), error.what()));
  }
  return analysis;
}

void write_times_outputs(const TimesAnalysis& analysis, const fs::path& dir) {
  io::write_file_atomically(dir / "summary.json", to_json_text(summary_json(analysis.report)));
  io::write_file_atomically(dir / "summary.csv", summary_csv(analysis.report));
  io::write_file_atomically(dir / "latency_series.csv", latency_series_csv(analysis.times));
  io::write_file_atomically(dir / "latency_percentiles.csv", latency_percentiles_csv(analysis.times));
  io::write_file_atomically(dir / "result.json", result::serialize_result(analysis.result));
}

std::vector<std::string> write_profile_outputs(const Profile& profile, std::size_t top_k,
                                               const fs::path& dir) {
  const result::LayerProfile layers = to_layer_profile(profile);
  io::write_file_atomically(dir / "per_layer_times.csv", report::layer_profile_csv(layers));
  io::write_file_atomically(dir / "profile_summary.json", to_json_text(profile_summary_json(profile, top_k)));
  if (layers.layers.empty()) return {};
  const report::ChartFiles figure = report::write_layer_figure(dir, layers, top_k);
  if (figure.rendered) return {};
  return {figure.note};
}

ReportOutcome build_report(const fs::path& artifacts, std::size_t top_k) {
  std::error_code error;
  if (!fs::is_directory(artifacts, error)) {
    throw core::InputError(fmt::format("--artifacts '{}' is not a directory", artifacts.string()));
  }
  ReportOutcome outcome;
  Json& report = outcome.report;
  report = Json::object();
  report["artifacts"] = artifacts.string();
  Json files = Json::object();
  const auto present = [&](const char* key, const char* name) {
    const bool found = file_exists(artifacts / name);
    files[key] = found ? Json(name) : Json(nullptr);
    return found;
  };
  const bool have_times = present("times", kTimesFile);
  const bool have_profile = present("profile", kProfileFile);
  const char* const log_name = log_name_in(artifacts);
  const bool have_log = present("log", log_name);
  present("engine_metadata", kEngineMetadataFile);
  present("run_config", kRunConfigFile);
  const bool have_diff = present("output_diff", kOutputDiffFile);
  const bool have_comparison = present("comparison", kComparisonFile);
  if (!have_times && !have_profile && !have_log) {
    throw core::InputError(fmt::format("'{}' holds none of trtexec's artefacts ({}, {}, {} or {})",
                                       artifacts.string(), kTimesFile, kProfileFile, kLogFile, kToolkitLogFile));
  }
  report["files"] = std::move(files);

  // With times.json the run is an inferbench result, and everything the result model holds (latency, the
  // per-layer profile, warnings) goes through the common reporters only; report.json and report.md keep what
  // has no place in it: the side files as trtexec's tools wrote them (the command trtexec ran), trtexec's own
  // summary and the output comparison.
  if (have_times) {
    TimesRequest request;
    request.times = artifacts / kTimesFile;
    outcome.result = std::move(analyze_times(request).result);
    report["result"] = "result.json";
  } else {
    report["result"] = nullptr;
  }
  const SideFiles side = read_side_files(artifacts);
  if (side.engine) report["engine"] = side.engine->json;
  if (side.run_config) report["run_config"] = side.run_config->json;
  if (have_log) {
    const LogSummary log = parse_artefact(artifacts / log_name, "trtexec log", parse_log);
    report["log"] = log_summary_json(log);
  } else {
    report["log"] = nullptr;
  }
  report["profile"] = nullptr;
  if (have_profile) {
    const Profile profile = parse_artefact(artifacts / kProfileFile, "profile", parse_profile);
    if (outcome.result) {
      outcome.result->runs.front().layer_profile = to_layer_profile(profile);
    } else {
      report["profile"] = profile_summary_json(profile, top_k);
    }
  }
  Json comparison = nullptr;
  if (have_diff) {
    comparison = Json::object();
    comparison["output_diff"] =
        parse_artefact(artifacts / kOutputDiffFile, "output comparison", parse_output_diff);
  }
  if (have_comparison) {
    if (comparison.is_null()) comparison = Json::object();
    Json rows = Json::array();
    for (const ComparisonRow& row :
         parse_artefact(artifacts / kComparisonFile, "comparison", parse_comparison_csv)) {
      Json item = Json::object();
      item["category"] = row.category;
      item["metric"] = row.metric;
      for (const auto& [key, value] :
           {std::pair{"pt_value", row.pt_value}, std::pair{"engine_value", row.engine_value},
            std::pair{"delta", row.delta}, std::pair{"ratio", row.ratio}}) {
        item[key] = value ? Json(*value) : Json(nullptr);
      }
      rows.push_back(std::move(item));
    }
    comparison["pt_vs_engine"] = std::move(rows);
  }
  report["output_comparison"] = std::move(comparison);

  return outcome;
}

void write_report_files(ReportOutcome& outcome, const fs::path& output_dir) {
  io::ensure_writable_directory(output_dir);
  outcome.markdown = report_markdown(outcome.report);
  io::write_file_atomically(output_dir / "report.json", to_json_text(outcome.report));
  io::write_file_atomically(output_dir / "report.md", outcome.markdown);
}

std::string report_markdown(const Json& report) {
  std::string md = "# trtexec report\n\n";
  md += fmt::format("Artefacts: `{}`\n\n", report.value("artifacts", ""));
  if (field(report, "result").is_string()) {
    md += fmt::format(
        "The run (latency, per-layer profile, engine, warnings) is an inferbench result, `{}`, reported as "
        "after `inferbench run`: [summary.md](summary.md), [report.html](report.html) and the figures beside "
        "them. Below: what trtexec's artefacts hold beyond it.\n\n",
        field(report, "result").get<std::string>());
  }
  const Json& engine = field(report, "engine");
  if (engine.is_object()) {
    md += "## Engine\n\n";
    for (const char* key : {"path", "size_bytes", "size_megabytes", "modified_iso", "sha256"}) {
      if (engine.contains(key)) md += fmt::format("- {}: `{}`\n", key, cell(field(engine, key)));
    }
    md += "\n";
  }
  const Json& run_config = field(report, "run_config");
  if (run_config.is_object()) {
    md += "## Run\n\n";
    if (field(run_config, "command_line").is_string()) {
      md += fmt::format("```\n{}\n```\n\n", field(run_config, "command_line").get<std::string>());
    }
    for (const char* key :
         {"batch", "iterations", "warmup_ms", "duration_s", "cuda_graph", "timestamp_utc", "host"}) {
      if (run_config.contains(key)) md += fmt::format("- {}: {}\n", key, cell(field(run_config, key)));
    }
    md += "\n";
  }
  if (report.contains("log") && field(report, "log").is_object()) {
    const Json& log = field(report, "log");
    md += fmt::format("## trtexec's performance summary ({})\n\n", report::markdown_cell(cell(field(field(report, "files"), "log"))));
    md += fmt::format(
        "TensorRT {}; throughput {} qps; total host walltime {} s; total GPU compute time {} s.\n\n",
        cell(field(log, "tensorrt_version")), cell(field(log, "throughput_qps")),
        cell(field(log, "total_host_walltime_s")), cell(field(log, "total_gpu_compute_time_s")));
    md += "| series (ms) | min | mean | median | max | percentiles |\n|---|---|---|---|---|---|\n";
    for (const auto& [key, value] : log.items()) {
      if (!value.is_object()) continue;
      std::string percentiles;
      for (const auto& [name, number] : value.items()) {
        if (name.starts_with("p"))
          percentiles += fmt::format("{}{} {}", percentiles.empty() ? "" : ", ", name, cell(number));
      }
      md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", key, cell(field(value, "min")),
                        cell(field(value, "mean")), cell(field(value, "median")), cell(field(value, "max")),
                        percentiles);
    }
    md += "\ntrtexec's percentiles are nearest-rank, as printed.\n\n";
    for (const Json& warning : field(log, "warnings"))
      md += fmt::format("- warning: {}\n", report::markdown_cell(cell(warning)));
    if (!field(log, "warnings").empty()) md += "\n";
  }
  if (report.contains("profile") && field(report, "profile").is_object()) {
    const Json& profile = field(report, "profile");
    md += "## Top layers (profile.json)\n\n";
    md += fmt::format("{} layers, {} ms per inference in total (profiled run).\n\n",
                      cell(field(profile, "layers")), cell(field(profile, "total_average_ms")));
    md += "| # | layer | average ms | % of time |\n|---|---|---|---|\n";
    std::size_t rank = 0;
    for (const Json& layer : field(profile, "top")) {
      md += fmt::format("| {} | {} | {} | {} |\n", ++rank, report::markdown_cell(cell(field(layer, "name"))),
                        cell(field(layer, "average_ms")), cell(field(layer, "percentage")));
    }
    md += "\n";
  }
  if (report.contains("output_comparison") && field(report, "output_comparison").is_object()) {
    const Json& comparison = field(report, "output_comparison");
    md += "## Output comparison\n\n";
    if (comparison.contains("output_diff")) {
      md += "| metric | value |\n|---|---|\n";
      for (const auto& [key, value] : field(comparison, "output_diff").items()) {
        md += fmt::format("| {} | {} |\n", report::markdown_cell(key), cell(value));
      }
      md += "\n";
    }
    if (comparison.contains("pt_vs_engine")) {
      md += "| category | metric | PyTorch | engine | delta | ratio |\n|---|---|---|---|---|---|\n";
      for (const Json& row : field(comparison, "pt_vs_engine")) {
        md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", report::markdown_cell(cell(field(row, "category"))),
                          report::markdown_cell(cell(field(row, "metric"))), cell(field(row, "pt_value")),
                          cell(field(row, "engine_value")), cell(field(row, "delta")),
                          cell(field(row, "ratio")));
      }
      md += "\n";
    }
  }
  return md;
}

}  // namespace ib::trtexec
