#pragma once
// The files report.html inlines, embedded into the binary at build time (src/report/html_embed.cmake) so a
// report opens offline and the binary needs no data files at run time: Chart.js 3.9.1 (Debian's
// libjs-chart.js; empty when the build found none, and the page then shows its tables without charts), and
// the page's own script, error recorder and style sheet (src/report/html_*.js, html_style.css).
#include <string_view>

namespace ib::report::html_assets {

[[nodiscard]] std::string_view chart_js();
[[nodiscard]] std::string_view page_js();
[[nodiscard]] std::string_view guard_js();
[[nodiscard]] std::string_view style_css();

}  // namespace ib::report::html_assets
