#pragma once
// `inferbench compare BASE NEW`: the runs of two results matched by name, each statistic side by side (base,
// new, new - base, new / base) and a verdict on latency from the raw samples (stats/compare.hpp). Reads
// result models only; the CLI reads the files and maps a regression to an exit code.
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "result/provenance.hpp"
#include "stats/compare.hpp"

namespace ib::report {

struct ComparisonOptions {
  double alpha = 0.05;           ///< significance level of the verdict
  std::size_t resamples = 2000;  ///< bootstrap resamples for the median difference's interval
  /// --ignore-provenance: differences that move numbers are still listed, but do not make a pair
  /// "not comparable".
  bool ignore_provenance = false;
};

/// One statistic of one run pair. delta = new - base; ratio = new / base (NaN when base is 0).
struct StatisticRow {
  std::string statistic;  ///< "mean_ms", "p99_ms", "mean_fps", ...
  double base = 0;
  double next = 0;
  double delta = 0;
  double ratio = 0;
};

struct RunComparison {
  std::string base_name;
  std::string new_name;
  std::vector<StatisticRow> rows;
  /// Absent when either run failed or has no finite latency sample; `untested` then says which and why.
  std::optional<stats::LatencyComparison> latency;
  std::string untested;
  double median_change_percent = 0;  ///< (median new / median base - 1) * 100
  /// What differs in where and how the two runs were measured (result/provenance.hpp).
  std::vector<result::ProvenanceDifference> provenance;
  /// False when a provenance difference moves numbers (and it was not ignored): the latency verdict is then
  /// "not comparable" and no regression.
  bool comparable = true;
};

struct Comparison {
  std::vector<RunComparison> runs;
  std::vector<std::string> only_in_base;
  std::vector<std::string> only_in_new;
  /// No name in common and one run each: those two were compared (named in the output).
  bool paired_by_position = false;
};

/// Matches runs by name (each base run with the new run of the same name), or the single runs of both when no
/// name matches and each result has exactly one.
[[nodiscard]] Comparison compare_results(const result::Result& base, const result::Result& next,
                                         const ComparisonOptions& options = {});

/// A comparable pair's significant slowdown (verdict "slower") whose median latency grew by more than
/// `percent`. A run without a test (`untested`) is not a regression; a gate must fail on it separately
/// (`inferbench compare` does).
[[nodiscard]] bool is_regression(const RunComparison& run, double percent);

/// The terminal view: per run a table of statistics, then the latency verdict line.
void print_comparison(std::ostream& out, const Comparison& comparison);

/// CSV: run,statistic,base,new,delta,ratio,p_value,verdict (the last two are the run's latency test, repeated
/// on each of its rows; empty without one; verdict "not comparable" for a pair that is not). Empty cells for
/// non-finite numbers.
[[nodiscard]] std::string comparison_csv(const Comparison& comparison);

}  // namespace ib::report
