#pragma once
// report.html: one self-contained page per result (or per comparison of two) that opens offline: the stats
// table, the percentile curve with its confidence band, latency and the GPU's telemetry over the pass's time
// (zoomable), sweep curves when runs differ in batch, the depth figure, the comparison, warnings and the
// environment with every run's provenance. Chart.js and the page's script are inlined (html_assets.hpp), the
// depth figure is a data: URI, and a strict Content-Security-Policy forbids any fetch. Untrusted text goes
// through html_text.hpp only. docs/reports.md describes the page.
#include <memory>
#include <string>
#include <vector>

#include "inferbench/report.hpp"
#include "inferbench/result.hpp"
#include "report/comparison.hpp"

namespace ib::report {

/// What a page shows besides its result(s).
struct HtmlExtras {
  std::string title = "inferbench report";
  std::string depth_png;           ///< depth_comparison.png's bytes; shown when not empty
  std::vector<std::string> notes;  ///< figures not drawn and such, listed with the warnings
};

/// The page of one result (`run`, `report`; `suite` and `sweep` through html_exporter()).
[[nodiscard]] std::string html_report(const result::Result& result, const HtmlExtras& extras = {});

/// The page of a comparison (`compare --html`): both results' runs, labelled "base: " and "new: ", the
/// comparison of each pair with its verdict, and what differs in their provenance.
[[nodiscard]] std::string html_comparison_report(const result::Result& base, const result::Result& next,
                                                 const Comparison& comparison, const HtmlExtras& extras = {});

/// report.html as an Exporter: what write_reports() writes, and the entry point for commands that produce
/// a result of their own (suite, sweep).
[[nodiscard]] std::unique_ptr<Exporter> html_exporter(HtmlExtras extras = {});

}  // namespace ib::report
