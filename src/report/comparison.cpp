#include "report/comparison.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/run_stats.hpp"
#include "report/text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

StatisticRow row(std::string statistic, double base, double next) {
  return {std::move(statistic), base, next, next - base, base != 0 ? next / base : NAN};
}

std::vector<double> union_percentiles(const result::Run& a, const result::Run& b) {
  std::vector<double> ps = stats::default_percentiles();
  for (const auto* run : {&a, &b}) {
    for (const double p : run->config.percentiles) {
      if (std::find(ps.begin(), ps.end(), p) == ps.end()) ps.push_back(p);
    }
  }
  std::sort(ps.begin(), ps.end());
  return ps;
}

// Why two runs cannot be tested against each other, or "" when they can.
std::string why_untested(const result::Run& base, const result::Run& next) {
  for (const auto& [side, run] : {std::pair{"base", &base}, std::pair{"new", &next}}) {
    if (run->status == result::RunStatus::failed)
      return fmt::format("the {} run failed ({})", side, run->error.value_or("no message"));
  }
  for (const auto& [side, run] : {std::pair{"base", &base}, std::pair{"new", &next}}) {
    if (finite_latencies(*run).empty()) return fmt::format("the {} run has no latency samples", side);
  }
  return "";
}

// The pair of runs with the results they came from (their environments hold the provenance).
struct RunPair {
  const result::Result& base_result;
  const result::Run& base;
  const result::Result& next_result;
  const result::Run& next;
};

RunComparison compare_runs(const RunPair& pair, const ComparisonOptions& options) {
  const result::Run& base = pair.base;
  const result::Run& next = pair.next;
  RunComparison c;
  c.base_name = base.name;
  c.new_name = next.name;
  c.provenance = result::provenance_differences(pair.base_result, base, pair.next_result, next);
  c.comparable = options.ignore_provenance ||
                 std::none_of(c.provenance.begin(), c.provenance.end(),
                              [](const result::ProvenanceDifference& d) { return d.moves_numbers; });
  const std::vector<double> ps = union_percentiles(base, next);
  const auto b = run_stats(base, ps);
  const auto n = run_stats(next, ps);
  if (b && n) {
    const auto& bl = b->latency;
    const auto& nl = n->latency;
    c.rows.push_back(row("mean_ms", bl.mean, nl.mean));
    c.rows.push_back(row("std_ms", bl.std, nl.std));
    c.rows.push_back(row("median_ms", bl.median, nl.median));
    for (const double p : ps) {
      if (p == 50) continue;  // the median, above
      c.rows.push_back(row(stats::percentile_key(p) + "_ms", percentile_of(bl, p), percentile_of(nl, p)));
    }
    c.rows.push_back(row("min_ms", bl.min, nl.min));
    c.rows.push_back(row("max_ms", bl.max, nl.max));
    c.rows.push_back(row("mean_fps", b->mean_fps, n->mean_fps));
    c.rows.push_back(row("median_fps", b->median_fps, n->median_fps));
    c.median_change_percent = bl.median != 0 ? (nl.median / bl.median - 1.0) * 100.0 : NAN;
  }
  c.untested = why_untested(base, next);
  if (b && n && c.untested.empty()) {
    c.latency = stats::compare_latency(finite_latencies(base), finite_latencies(next), options.alpha,
                                       options.resamples);
  } else if (c.untested.empty()) {
    c.untested = "no latency statistics on one side";
  }
  if (base.throughput && next.throughput)
    c.rows.push_back(
        row("inferences_per_s", base.throughput->inferences_per_s, next.throughput->inferences_per_s));
  if (base.telemetry_summary && next.telemetry_summary) {
    const auto& bt = *base.telemetry_summary;
    const auto& nt = *next.telemetry_summary;
    if (bt.energy_per_inference_j && nt.energy_per_inference_j)
      c.rows.push_back(row("energy_per_inference_j", *bt.energy_per_inference_j, *nt.energy_per_inference_j));
    if (bt.mean_power_w && nt.mean_power_w)
      c.rows.push_back(row("mean_power_w", *bt.mean_power_w, *nt.mean_power_w));
  }
  if (base.process && next.process)
    c.rows.push_back(
        row("cpu_ms_per_inference", base.process->cpu_ms_per_inference, next.process->cpu_ms_per_inference));
  return c;
}

std::string number(double value, const char* format_spec) {
  return std::isfinite(value) ? fmt::format(fmt::runtime(format_spec), value) : "-";
}

std::string run_label(const RunComparison& run) {
  return run.base_name == run.new_name ? run.base_name : fmt::format("{} -> {}", run.base_name, run.new_name);
}

void print_provenance(std::ostream& out, const RunComparison& run) {
  for (const auto& d : run.provenance) {
    fmt::print(out, "  differs: {}: {} -> {}{}\n", d.what, d.base, d.next,
               d.moves_numbers ? " (moves numbers)" : "");
  }
}

// "GPU driver, power limit": the differences that make a pair not comparable.
std::string moving_differences(const RunComparison& run) {
  std::vector<std::string> names;
  for (const auto& d : run.provenance) {
    if (d.moves_numbers) names.push_back(d.what);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

Comparison compare_results(const result::Result& base, const result::Result& next,
                           const ComparisonOptions& options) {
  Comparison comparison;
  for (const auto& b : base.runs) {
    const auto match = std::find_if(next.runs.begin(), next.runs.end(),
                                    [&](const result::Run& n) { return n.name == b.name; });
    if (match == next.runs.end()) {
      comparison.only_in_base.push_back(b.name);
    } else {
      comparison.runs.push_back(compare_runs({base, b, next, *match}, options));
    }
  }
  for (const auto& n : next.runs) {
    const bool matched = std::any_of(base.runs.begin(), base.runs.end(),
                                     [&](const result::Run& b) { return b.name == n.name; });
    if (!matched) comparison.only_in_new.push_back(n.name);
  }
  if (comparison.runs.empty() && base.runs.size() == 1 && next.runs.size() == 1) {
    comparison.runs.push_back(compare_runs({base, base.runs.front(), next, next.runs.front()}, options));
    comparison.only_in_base.clear();
    comparison.only_in_new.clear();
    comparison.paired_by_position = true;
  }
  return comparison;
}

bool is_regression(const RunComparison& run, double percent) {
  return run.comparable && run.latency && run.latency->change == stats::Change::slower &&
         run.median_change_percent > percent;
}

namespace {

// How many pairs got each verdict, for the closing line.
struct VerdictCounts {
  int slower = 0;
  int faster = 0;
  int same = 0;
  int untested = 0;
  int not_comparable = 0;
};

void print_rows(std::ostream& out, const RunComparison& run) {
  std::size_t width = 9;
  for (const auto& r : run.rows) width = std::max(width, r.statistic.size());
  if (!run.rows.empty()) {
    fmt::print(out, "  {:<{}}  {:>12}  {:>12}  {:>12}  {:>10}\n", "statistic", width, "base", "new",
               "new - base", "new / base");
  }
  for (const auto& r : run.rows) {
    fmt::print(out, "  {:<{}}  {:>12}  {:>12}  {:>12}  {:>10}\n", r.statistic, width,
               number(r.base, "{:.4f}"), number(r.next, "{:.4f}"), number(r.delta, "{:+.4f}"),
               number(r.ratio, "{:.4f}"));
  }
}

// The pair's latency line; a pair that is not comparable shows what the test measured, but is not counted.
void print_latency(std::ostream& out, const RunComparison& run, VerdictCounts& counts) {
  if (!run.latency) {
    ++counts.untested;
    fmt::print(out, "  latency: NOT TESTED: {}\n", run.untested);
    return;
  }
  const auto& l = *run.latency;
  if (!run.comparable) {
    ++counts.not_comparable;
    fmt::print(out, "  latency: NOT COMPARABLE: {} differ (--ignore-provenance compares anyway); measured: ",
               moving_differences(run));
  } else {
    fmt::print(out, "  latency: ");
    int& count = l.change == stats::Change::slower   ? counts.slower
                 : l.change == stats::Change::faster ? counts.faster
                                                     : counts.same;
    ++count;
  }
  fmt::print(out,
             "{}: median {:+.2f}% ({:+.4f} ms, {:.0f}% CI [{:+.4f}, {:+.4f}] ms, bootstrap); "
             "Mann-Whitney U p = {:.3g}, P(new > base) = {:.3f}; n = {} / {}\n",
             stats::change_name(l.change), run.median_change_percent, l.median.estimate,
             l.median.confidence * 100, l.median.lower, l.median.upper, l.test.p_value,
             l.test.probability_new_greater, l.test.n_base, l.test.n_new);
}

}  // namespace

void print_comparison(std::ostream& out, const Comparison& comparison) {
  if (comparison.paired_by_position) {
    fmt::print(out, "no run name in common: comparing the only run of each file\n");
  }
  VerdictCounts counts;
  for (const auto& run : comparison.runs) {
    fmt::print(out, "\n{}\n", run_label(run));
    print_provenance(out, run);
    print_rows(out, run);
    print_latency(out, run, counts);
  }
  for (const auto& name : comparison.only_in_base) fmt::print(out, "\nonly in base: {}\n", name);
  for (const auto& name : comparison.only_in_new) fmt::print(out, "\nonly in new: {}\n", name);
  fmt::print(
      out,
      "\n{} slower, {} faster, {} no significant change{}{} (Mann-Whitney U at alpha {} and the median "
      "difference's interval excluding 0)\n",
      counts.slower, counts.faster, counts.same,
      counts.untested > 0 ? fmt::format(", {} NOT TESTED (a side failed or has no samples)", counts.untested)
                          : "",
      counts.not_comparable > 0 ? fmt::format(", {} NOT COMPARABLE (measured on different settings, see "
                                              "'differs')",
                                              counts.not_comparable)
                                : "",
      comparison.runs.empty() || !comparison.runs.front().latency ? 0.05
                                                                  : comparison.runs.front().latency->alpha);
}

std::string comparison_csv(const Comparison& comparison) {
  std::string out = "run,statistic,base,new,delta,ratio,p_value,verdict\r\n";
  for (const auto& run : comparison.runs) {
    const std::string p = run.latency ? csv_number(run.latency->test.p_value) : "";
    const std::string verdict = !run.latency      ? "not tested"
                                : !run.comparable ? "not comparable"
                                                  : stats::change_name(run.latency->change);
    for (const auto& r : run.rows) {
      out += fmt::format("{},{},{},{},{},{},{},{}\r\n", csv_field(run_label(run)), r.statistic,
                         csv_number(r.base), csv_number(r.next), csv_number(r.delta), csv_number(r.ratio), p,
                         verdict);
    }
  }
  return out;
}

}  // namespace ib::report
