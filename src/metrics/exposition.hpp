#pragma once
// Metrics in the two text formats Prometheus scrapes: the classic text format 0.0.4 (what node-exporter's
// textfile collector reads) and OpenMetrics 1.0 (offered to scrapers that ask for it). One model of metric
// families renders as either. Names follow Prometheus' conventions (base units in the name, counters end in
// _total); label values are escaped as both formats require (backslash, double quote, line feed).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ib::metrics {

enum class MetricType { gauge, counter, summary };
enum class Format { prometheus, openmetrics };

struct Label {
  std::string name;
  std::string value;  ///< any text; escaped when rendered
};

/// One line of a family: suffix "" (gauge, summary quantile), "_total" (counter), "_sum" or "_count"
/// (summary).
struct Sample {
  std::string suffix;
  std::vector<Label> labels;
  double value = 0;
};

struct Family {
  std::string name;  ///< without _total for a counter
  MetricType type = MetricType::gauge;
  std::string unit;  ///< OpenMetrics UNIT; the name must then end in _<unit>; "" for none
  std::string help;
  std::vector<Sample> samples;
};

/// A label value with \ " and line feeds escaped (\\ \" \n), as both formats require.
[[nodiscard]] std::string escape_label_value(std::string_view value);

/// The families as one exposition; OpenMetrics ends with "# EOF". Families without samples are left out.
[[nodiscard]] std::string render(std::span<const Family> families, Format format);

/// The Content-Type of a format's exposition.
[[nodiscard]] std::string_view content_type(Format format);

/// OpenMetrics when the scraper's Accept header asks for application/openmetrics-text, else the classic
/// format.
[[nodiscard]] Format negotiate(std::string_view accept);

/// Merges families of the same name (one per run) so each name appears once, in first-seen order.
[[nodiscard]] std::vector<Family> merge_families(std::vector<Family> families);

}  // namespace ib::metrics
