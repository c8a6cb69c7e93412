#include "metrics/exposition.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ib::metrics {
namespace {

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::summary:
      return "summary";
    case MetricType::gauge:
      break;
  }
  return "gauge";
}

std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

// HELP text: backslash and line feed escaped (both formats); OpenMetrics also escapes the double quote.
std::string escape_help(std::string_view text, Format format) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && format == Format::openmetrics) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

std::string sample_line(const std::string& name, const Sample& sample) {
  std::string line = name + sample.suffix;
  if (!sample.labels.empty()) {
    line += '{';
    for (std::size_t i = 0; i < sample.labels.size(); ++i) {
      if (i > 0) line += ',';
      line += sample.labels[i].name + "=\"" + escape_label_value(sample.labels[i].value) + '"';
    }
    line += '}';
  }
  return line + ' ' + number(sample.value) + '\n';
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render(std::span<const Family> families, Format format) {
  std::string out;
  for (const Family& family : families) {
    if (family.samples.empty()) continue;
    // The classic format names a counter's family by its sample name (with _total); OpenMetrics without.
    const bool classic_counter = format == Format::prometheus && family.type == MetricType::counter;
    const std::string name = classic_counter ? family.name + "_total" : family.name;
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(family.help, format), name,
                       type_name(family.type));
    if (format == Format::openmetrics && !family.unit.empty())
      out += fmt::format("# UNIT {} {}\n", name, family.unit);
    for (const Sample& sample : family.samples) {
      out += sample_line(family.name, sample);
    }
  }
  if (format == Format::openmetrics) out += "# EOF\n";
  return out;
}

std::string_view content_type(Format format) {
  return format == Format::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                       : "text/plain; version=0.0.4; charset=utf-8";
}

Format negotiate(std::string_view accept) {
  return accept.find("application/openmetrics-text") != std::string_view::npos ? Format::openmetrics
                                                                               : Format::prometheus;
}

std::vector<Family> merge_families(std::vector<Family> families) {
  std::vector<Family> merged;
  for (Family& family : families) {
    Family* same = nullptr;
    for (Family& m : merged) {
      if (m.name == family.name) same = &m;
    }
    if (same == nullptr) {
      merged.push_back(std::move(family));
    } else {
      for (Sample& sample : family.samples) same->samples.push_back(std::move(sample));
    }
  }
  return merged;
}

}  // namespace ib::metrics
