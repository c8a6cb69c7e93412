#include "cli/trtexec_parse.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>

#include "inferbench/errors.hpp"
#include "report/layer_profile.hpp"
#include "result/warning_text.hpp"
#include "trtexec/artefacts.hpp"

namespace ib::cli {
namespace {

namespace fs = std::filesystem;

void print_times_summary(std::ostream& out, const trtexec::TimesReport& report) {
  const trtexec::TimesSummary& s = report.summary;
  fmt::print(out, "{} records ({}), batch {}", s.records, report.layout, s.batch);
  if (s.throughput_qps) {
    fmt::print(out, ": {:.2f} queries/s, {:.2f} inferences/s", *s.throughput_qps, *s.throughput_ips);
  }
  if (report.warmup_records_dropped && *report.warmup_records_dropped > 0) {
    fmt::print(out, " ({} warm-up records dropped)", *report.warmup_records_dropped);
  }
  fmt::print(out, "\n{:<16} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "ms", "mean", "std", "median",
             "p90", "p99", "max");
  for (const trtexec::SeriesSummary& series : s.series) {
    const stats::Summary& x = series.summary;
    fmt::print(out, "{:<16} {:>10.4f} {:>10.4f} {:>10.4f} {:>10.4f} {:>10.4f} {:>10.4f}\n", series.name,
               x.mean, x.std, x.median, x.percentiles.at(0).value, x.percentiles.at(2).value, x.max);
  }
}

void print_top_layers(std::ostream& out, const trtexec::Profile& profile, std::size_t top_k) {
  const std::vector<trtexec::LayerTime> ranked = report::by_average(profile.layers);
  fmt::print(out, "{} layers, {:.4f} ms per inference; top {}:\n", profile.layers.size(),
             report::total_average_ms(profile.layers), std::min(top_k, ranked.size()));
  fmt::print(out, "{:>4} {:>12} {:>8}  {}\n", "#", "average ms", "%", "layer");
  for (std::size_t i = 0; i < ranked.size() && i < top_k; ++i) {
    fmt::print(out, "{:>4} {:>12.4f} {:>8.2f}  {}\n", i + 1, ranked[i].average_ms, ranked[i].percentage,
               ranked[i].name);
  }
}

}  // namespace

void print_notes(std::ostream& err, const std::vector<std::string>& notes) {
  for (const std::string& note : notes) fmt::print(err, "warning: {}\n", note);
}

int parse_times_into(const fs::path& times, std::optional<std::int64_t> batch,
                     std::optional<double> warmup_ms, const std::vector<std::string>& command_line,
                     const fs::path& dir, std::ostream& out, std::ostream& err) {
  if (batch && *batch < 1) throw core::InputError(fmt::format("--batch must be at least 1 (got {})", *batch));
  if (warmup_ms && !(*warmup_ms >= 0)) throw core::InputError("--warmup-ms must be 0 or more milliseconds");
  const trtexec::TimesAnalysis analysis = trtexec::analyze_times({times, batch, warmup_ms, command_line});
  trtexec::write_times_outputs(analysis, dir);
  for (const auto& warning : analysis.report.warnings) print_notes(err, {result::warning_text(warning)});
  print_times_summary(out, analysis.report);
  fmt::print(
      err,
      "wrote summary.json, summary.csv, latency_series.csv, latency_percentiles.csv, result.json to {}\n",
      dir.string());
  return 0;
}

int profile_into(const fs::path& path, std::size_t top_k, const fs::path& dir, std::ostream& out,
                 std::ostream& err) {
  const trtexec::Profile profile = trtexec::parse_artefact(path, "profile", trtexec::parse_profile);
  const std::vector<std::string> notes = trtexec::write_profile_outputs(profile, top_k, dir);
  print_notes(err, profile.notes);
  print_notes(err, notes);
  print_top_layers(out, profile, top_k);
  fmt::print(err, "wrote per_layer_times.csv, profile_summary.json{} to {}\n",
             notes.empty() ? ", per_layer_time.png" : "", dir.string());
  return 0;
}

}  // namespace ib::cli
