#include "launch/process_folder.hpp"

#include <fstream>
#include <numeric>
#include <sstream>

#include "inferbench/result_io.hpp"

namespace ib::launch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

[[nodiscard]] std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void add_window(ProcessData& out, double start, double end) {
  if (!(end >= start)) return;
  if (!out.window) {
    out.window = MeasuringWindow{start, end};
    return;
  }
  out.window->start_unix_s = std::min(out.window->start_unix_s, start);
  out.window->end_unix_s = std::max(out.window->end_unix_s, end);
}

void read_result(const fs::path& file, ProcessData& out) {
  const std::optional<std::string> text = read_text(file);
  if (!text) return;
  try {
    const result::Result parsed = result::parse_result(*text);
    out.sources.emplace_back("result.json");
    for (const result::Run& run : parsed.runs) {
      const result::Samples& samples = run.samples;
      out.latency_ms.insert(out.latency_ms.end(), samples.latency_ms.begin(), samples.latency_ms.end());
      if (!samples.timed_start_unix_s || samples.latency_ms.empty()) continue;
      const double start = *samples.timed_start_unix_s;
      for (const double end : iteration_ends(start, samples.timed_wall_s, samples.latency_ms, run.config.streams <= 1))
        out.completions.push_back({end, run.config.batch});
      add_window(out, start, start + samples.timed_wall_s);
    }
  } catch (const std::exception& e) {
    out.problems.push_back("'" + file.string() + "' is not a readable result: " + e.what());
  }
}

void read_level(const Json& level, ProcessData& out) {
  for (const Json& batch : level.at("batches")) {
    if (!batch.at("counted").get<bool>() || batch.at("warmup").get<bool>()) continue;
    const double start = batch.at("start_unix_s").get<double>();
    const double end = batch.at("end_unix_s").get<double>();
    out.completions.push_back({end, batch.at("total_items").get<std::int64_t>()});
    add_window(out, start, end);
  }
  for (const auto& range : level.at("ranges").items()) {
    if (range.key().find('/') != std::string::npos) continue;  // the batch range itself, not its stages
    const Json& stats = range.value().at("stats_minus_warmup").at("cpu_time_ms");
    if (stats.is_null()) continue;
    const Json& values = range.value().at("cpu_time_ms");
    std::size_t i = 0;
    for (const Json& batch : level.at("batches")) {
      if (batch.at("counted").get<bool>() && !batch.at("warmup").get<bool>() && !values.at(i).is_null())
        out.latency_ms.push_back(values.at(i).get<double>());
      ++i;
    }
  }
}

void read_benchmark(const fs::path& file, ProcessData& out) {
  const std::optional<std::string> text = read_text(file);
  if (!text) return;
  try {
    Json parsed = Json::parse(*text);
    if (parsed.contains("inferbench"))
      for (const auto& level : parsed.at("inferbench").at("levels").items()) read_level(level.value(), out);
    out.benchmark = std::move(parsed);
    out.sources.emplace_back("benchmark.json");
  } catch (const std::exception& e) {
    out.problems.push_back("'" + file.string() + "' is not a readable benchmark.json: " + e.what());
  }
}

}  // namespace

std::vector<double> iteration_ends(double start_unix_s, double wall_s, const std::vector<double>& latency_ms,
                                   bool one_stream) {
  std::vector<double> ends;
  ends.reserve(latency_ms.size());
  const double total_ms = std::accumulate(latency_ms.begin(), latency_ms.end(), 0.0);
  const auto n = static_cast<double>(latency_ms.size());
  double done_ms = 0;
  for (std::size_t k = 0; k < latency_ms.size(); ++k) {
    done_ms += latency_ms[k];
    const double fraction = one_stream && total_ms > 0 ? done_ms / total_ms : static_cast<double>(k + 1) / n;
    ends.push_back(start_unix_s + wall_s * fraction);
  }
  return ends;
}

ProcessData load_process_folder(const fs::path& folder, std::string label) {
  ProcessData out;
  out.label = std::move(label);
  out.folder = folder;
  read_result(folder / "result.json", out);
  read_benchmark(folder / "benchmark.json", out);
  return out;
}

}  // namespace ib::launch
