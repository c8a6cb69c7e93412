#include "suite/suite_record.hpp"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "report/text.hpp"
#include "stats/run_stats.hpp"

namespace ib::suite {
namespace {

using nlohmann::ordered_json;

constexpr std::array<std::pair<CaseStatus, const char*>, 5> kStatusNames{{{CaseStatus::pending, "pending"},
                                                                          {CaseStatus::ok, "ok"},
                                                                          {CaseStatus::failed, "failed"},
                                                                          {CaseStatus::skipped, "skipped"},
                                                                          {CaseStatus::interrupted, "interrupted"}}};

CaseStatus parse_status(const std::string& name) {
  for (const auto& [status, text] : kStatusNames) {
    if (name == text) return status;
  }
  throw core::InputError("unknown case status '" + name + "'");
}

template <typename T>
void put(ordered_json& json, const char* key, const std::optional<T>& value) {
  json[key] = value ? ordered_json(*value) : ordered_json(nullptr);
}

template <typename T>
std::optional<T> get(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || json.at(key).is_null()) return std::nullopt;
  return json.at(key).get<T>();
}

ordered_json numbers_json(const CaseNumbers& n) {
  ordered_json json{{"batch", n.batch},           {"samples", n.samples},       {"median_latency_ms", n.median_ms},
                    {"mean_latency_ms", n.mean_ms}, {"p99_latency_ms", n.p99_ms}, {"std_latency_ms", n.std_ms},
                    {"median_fps", n.median_fps}, {"mean_fps", n.mean_fps}};
  put(json, "items_per_s", n.items_per_s);
  return json;
}

CaseNumbers numbers_of(const nlohmann::json& json) {
  return {json.at("batch").get<std::int64_t>(),   json.at("samples").get<std::size_t>(),
          json.at("median_latency_ms").get<double>(), json.at("mean_latency_ms").get<double>(),
          json.at("p99_latency_ms").get<double>(),    json.at("std_latency_ms").get<double>(),
          json.at("median_fps").get<double>(),        json.at("mean_fps").get<double>(),
          get<double>(json, "items_per_s")};
}

ordered_json case_json(const CaseRecord& c) {
  ordered_json json{{"name", c.name},         {"config", c.config},   {"model", c.model},
                    {"backend", c.backend},   {"precision", c.precision}};
  put(json, "batch", c.batch);
  json["status"] = status_name(c.status);
  put(json, "reason", c.reason);
  put(json, "result", c.result);
  json["stats"] = c.numbers ? numbers_json(*c.numbers) : ordered_json(nullptr);
  return json;
}

CaseRecord case_of(const nlohmann::json& json) {
  CaseRecord c{json.at("name").get<std::string>(),    json.at("config").get<std::string>(),
               json.at("model").get<std::string>(),   json.at("backend").get<std::string>(),
               json.at("precision").get<std::string>(), get<std::int64_t>(json, "batch"),
               parse_status(json.at("status").get<std::string>()), get<std::string>(json, "reason"),
               get<std::string>(json, "result"),      std::nullopt};
  if (json.contains("stats") && !json.at("stats").is_null()) c.numbers = numbers_of(json.at("stats"));
  return c;
}

std::string fixed(double value, int digits) { return fmt::format("{:.{}f}", value, digits); }

}  // namespace

const char* status_name(CaseStatus status) {
  for (const auto& [known, text] : kStatusNames) {
    if (known == status) return text;
  }
  return "pending";
}

CaseRecord case_record(const SuiteCase& c) {
  CaseRecord record{c.name, c.config, c.model, c.backend, c.precision, c.batch, CaseStatus::pending,
                    std::nullopt, std::nullopt, std::nullopt};
  if (c.skip_reason) {
    record.status = CaseStatus::skipped;
    record.reason = c.skip_reason;
  }
  return record;
}

std::optional<CaseNumbers> case_numbers(const result::Run& run) {
  const double p99[] = {99.0};
  const std::optional<stats::RunStats> s = stats::run_stats(run, p99);
  if (!s) return std::nullopt;
  return CaseNumbers{s->batch, s->latency.count, s->latency.median, s->latency.mean, s->latency.percentiles.at(0).value,
                     s->latency.std, s->median_fps, s->mean_fps, s->inferences_per_s};
}

std::string suite_json(const SuiteRecord& record) {
  ordered_json json{{"schema_version", record.schema_version}, {"name", record.name}, {"file", record.file},
                    {"format", record.format}, {"interrupted", record.interrupted}};
  ordered_json cases = ordered_json::array();
  for (const CaseRecord& c : record.cases) cases.push_back(case_json(c));
  json["cases"] = std::move(cases);
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

SuiteRecord parse_suite_json(const std::string& text, const std::string& what) {
  try {
    const nlohmann::json json = nlohmann::json::parse(text);
    const std::string version = json.at("schema_version").get<std::string>();
    if (!version.starts_with("1.")) throw core::InputError("schema version " + version + " is not 1.x");
    SuiteRecord record{version, json.at("name").get<std::string>(), json.at("file").get<std::string>(),
                       json.at("format").get<std::string>(), json.at("interrupted").get<bool>(), {}};
    for (const auto& c : json.at("cases")) record.cases.push_back(case_of(c));
    return record;
  } catch (const std::exception& e) {
    throw core::InputError(fmt::format("{} is not a suite record: {}", what, e.what()));
  }
}

std::string suite_markdown(const SuiteRecord& record) {
  std::string md = fmt::format("# Suite {}\n\n", report::markdown_cell(record.name));
  md += "| Config | Backend | precision | Median(FPS) | Mean(FPS) | Median-Latency(ms) | Mean-Latency(ms) | 99th_p | "
        "std_dev | Status |\n|---|---|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const CaseRecord& c : record.cases) {
    std::string numbers = "| - | - | - | - | - | - ";
    if (c.numbers) {
      const CaseNumbers& n = *c.numbers;
      numbers = fmt::format("| {} | {} | {} | {} | {} | {} ", fixed(n.median_fps, 1), fixed(n.mean_fps, 1),
                            fixed(n.median_ms, 3), fixed(n.mean_ms, 3), fixed(n.p99_ms, 3), fixed(n.std_ms, 3));
    }
    const std::string status = c.reason ? fmt::format("{}: {}", status_name(c.status), *c.reason) : status_name(c.status);
    md += fmt::format("| {} | {} | {} {}| {} |\n", report::markdown_cell(c.config), report::markdown_cell(c.backend),
                      report::markdown_cell(c.precision), numbers, report::markdown_cell(status));
  }
  md += "\nFPS: batch x 1000 / median (or mean) latency; latencies in milliseconds, host wall clock per round trip; "
        "99th_p: 99th percentile (linear interpolation); std_dev: population (docs/suites.md).\n";
  return md;
}

std::string suite_csv(const SuiteRecord& record) {
  std::string csv =
      "case,config,model,backend,precision,batch,status,median_fps,mean_fps,median_latency_ms,mean_latency_ms,"
      "p99_latency_ms,std_latency_ms,items_per_s,samples,reason\n";
  for (const CaseRecord& c : record.cases) {
    std::string numbers = ",,,,,,,";
    if (c.numbers) {
      const CaseNumbers& n = *c.numbers;
      numbers = fmt::format("{},{},{},{},{},{},{},{}", report::csv_number(n.median_fps), report::csv_number(n.mean_fps),
                            report::csv_number(n.median_ms), report::csv_number(n.mean_ms), report::csv_number(n.p99_ms),
                            report::csv_number(n.std_ms), n.items_per_s ? report::csv_number(*n.items_per_s) : "",
                            n.samples);
    }
    csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", report::csv_field(c.name), report::csv_field(c.config),
                       report::csv_field(c.model), report::csv_field(c.backend), report::csv_field(c.precision),
                       c.batch ? std::to_string(*c.batch) : "", status_name(c.status), numbers,
                       report::csv_field(c.reason.value_or("")));
  }
  return csv;
}

void write_suite_files(const std::filesystem::path& dir, const SuiteRecord& record) {
  io::write_file_atomically(dir / "suite.json", suite_json(record));
  io::write_file_atomically(dir / "suite.md", suite_markdown(record));
  io::write_file_atomically(dir / "suite.csv", suite_csv(record));
}

}  // namespace ib::suite
