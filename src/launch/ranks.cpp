#include "launch/ranks.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "annotate/benchmark_json.hpp"
#include "inferbench/errors.hpp"
#include "launch/aggregate.hpp"

namespace ib::launch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

[[nodiscard]] std::vector<fs::path> subfolders_named(const fs::path& folder, std::string_view prefix) {
  std::vector<fs::path> out;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder))
    if (entry.is_directory() && entry.path().filename().string().starts_with(prefix)) out.push_back(entry.path());
  // rank_2 before rank_10: by the number after the prefix, then by name.
  std::sort(out.begin(), out.end(), [&](const fs::path& a, const fs::path& b) {
    const std::string x = a.filename().string().substr(prefix.size());
    const std::string y = b.filename().string().substr(prefix.size());
    const long long nx = std::atoll(x.c_str());
    const long long ny = std::atoll(y.c_str());
    return nx != ny ? nx < ny : x < y;
  });
  return out;
}

void load_rank(const fs::path& folder, std::vector<RankData>& out) {
  if (!fs::is_directory(folder)) throw core::InputError("'" + folder.string() + "' is not a folder");
  const std::vector<fs::path> ranks = subfolders_named(folder, "rank_");
  if (!ranks.empty()) {
    for (const fs::path& rank : ranks) load_rank(rank, out);
    return;
  }
  RankData rank;
  rank.label = fs::absolute(folder).lexically_normal().filename().string();
  if (rank.label.empty()) rank.label = fs::absolute(folder).lexically_normal().parent_path().filename().string();
  const std::vector<fs::path> processes = subfolders_named(folder, "proc_");
  if (processes.empty()) rank.processes.push_back(load_process_folder(folder, rank.label));
  for (const fs::path& process : processes)
    rank.processes.push_back(load_process_folder(process, rank.label + "/" + process.filename().string()));
  out.push_back(std::move(rank));
}

[[nodiscard]] Json rank_json(const RankData& rank, std::span<const double> percentiles) {
  std::vector<double> pooled;
  std::int64_t items = 0;
  for (const ProcessData& process : rank.processes) {
    pooled.insert(pooled.end(), process.latency_ms.begin(), process.latency_ms.end());
    for (const Completion& c : process.completions) items += c.items;
  }
  return {{"label", rank.label},
          {"processes", rank.processes.size()},
          {"items", items},
          {"latency_ms", annotate::summary_json(std::move(pooled), percentiles)}};
}

}  // namespace

std::optional<std::int64_t> rank_from_environment() {
  for (const char* name : {"JOB_COMPLETION_INDEX", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMIX_RANK"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    std::int64_t rank = -1;
    const std::string_view text(value);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), rank);
    if (error != std::errc{} || end != text.data() + text.size() || rank < 0)
      throw core::InputError(std::string(name) + "='" + value + "' is not a rank (0, 1, 2, ...)");
    return rank;
  }
  return std::nullopt;
}

std::vector<RankData> load_rank_folders(std::span<const fs::path> folders) {
  std::vector<RankData> out;
  for (const fs::path& folder : folders) load_rank(folder, out);
  return out;
}

Json merged_json(std::span<const RankData> ranks, std::span<const double> percentiles) {
  std::vector<ProcessData> all;
  Json rank_list = Json::array();
  for (const RankData& rank : ranks) {
    all.insert(all.end(), rank.processes.begin(), rank.processes.end());
    rank_list.push_back(rank_json(rank, percentiles));
  }
  Json out = mean_benchmarks(all);
  Json folders = Json::array();
  for (const ProcessData& process : all) folders.push_back(process.folder.string());
  out["meta"] = {{"ranks", ranks.size()}, {"process_folders", std::move(folders)}};
  Json ours = aggregate_processes(all, percentiles);
  ours["ranks"] = std::move(rank_list);
  out["inferbench"] = std::move(ours);
  return out;
}

std::string serialize_rank(const RankData& rank) {
  Json processes = Json::array();
  for (const ProcessData& p : rank.processes) {
    Json completions = Json::array();
    for (const Completion& c : p.completions) completions.push_back({c.end_unix_s, c.items});
    processes.push_back({{"label", p.label},
                         {"folder", p.folder.string()},
                         {"sources", p.sources},
                         {"latency_ms", p.latency_ms},
                         {"completions", std::move(completions)},
                         {"window", p.window ? Json::array({p.window->start_unix_s, p.window->end_unix_s}) : Json(nullptr)},
                         {"benchmark", p.benchmark ? *p.benchmark : Json(nullptr)},
                         {"problems", p.problems}});
  }
  return Json{{"label", rank.label}, {"processes", std::move(processes)}}.dump();
}

RankData deserialize_rank(std::string_view text) {
  const Json in = Json::parse(text);
  RankData rank;
  rank.label = in.at("label").get<std::string>();
  for (const Json& p : in.at("processes")) {
    ProcessData process;
    process.label = p.at("label").get<std::string>();
    process.folder = p.at("folder").get<std::string>();
    process.sources = p.at("sources").get<std::vector<std::string>>();
    process.latency_ms = p.at("latency_ms").get<std::vector<double>>();
    for (const Json& c : p.at("completions")) process.completions.push_back({c.at(0).get<double>(), c.at(1).get<std::int64_t>()});
    if (!p.at("window").is_null()) process.window = MeasuringWindow{p.at("window").at(0).get<double>(), p.at("window").at(1).get<double>()};
    if (!p.at("benchmark").is_null()) process.benchmark = p.at("benchmark");
    process.problems = p.at("problems").get<std::vector<std::string>>();
    rank.processes.push_back(std::move(process));
  }
  return rank;
}

}  // namespace ib::launch
