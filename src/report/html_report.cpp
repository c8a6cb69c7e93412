#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "report/html_assets.hpp"
#include "report/html_data.hpp"
#include "report/html_text.hpp"
#include "report/run_stats.hpp"
#include "result/provenance.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

using result::Result;

struct Page {
  std::string title;
  std::string subtitle;
  std::vector<LabelledRun> runs;
  std::vector<const Result*> results;  ///< the result of each run, in the same order
  const Comparison* comparison = nullptr;
  const HtmlExtras* extras = nullptr;
};

std::string cell(double value, const char* spec = "{:.4f}") {
  return std::isfinite(value) ? fmt::format(fmt::runtime(spec), value) : "-";
}

std::string text_cell(std::string_view text) {
  return "<td class=\"text\">" + html_escape(text) + "</td>";
}

std::string interval_text(const std::vector<result::PercentileInterval>& intervals, double p) {
  for (const auto& interval : intervals) {
    if (interval.p == p && interval.available)
      return fmt::format("{:.4f} – {:.4f}", interval.lower, interval.upper);
  }
  return "-";
}

std::string stats_table(const Page& page) {
  std::vector<double> ps = stats::default_percentiles();
  std::string out =
      "<div class=\"wide\"><table><tr><th class=\"text\">run</th><th class=\"text\">backend</th>"
      "<th class=\"text\">device</th><th class=\"text\">precision</th><th>batch</th><th>n</th><th>mean</th>"
      "<th>std</th><th>median</th>";
  for (const double p : ps) out += "<th>" + html_escape(stats::percentile_key(p)) + "</th>";
  out +=
      "<th>min</th><th>max</th><th>FPS</th><th>inferences/s</th><th>p50 95% CI</th>"
      "<th>p99 95% CI</th></tr>\n";
  for (const auto& labelled : page.runs) {
    const result::Run& run = *labelled.run;
    out += "<tr>" + text_cell(labelled.label) + text_cell(run.backend) + text_cell(run.device) +
           text_cell(run.config.dtype) + fmt::format("<td>{}</td>", run.config.batch);
    const auto stats = shown_stats(run, ps);
    if (!stats) {
      out += fmt::format("<td colspan=\"{}\" class=\"text bad\">no samples{}</td></tr>\n", 11 + ps.size(),
                         run.error ? ": " + html_escape(*run.error) : std::string());
      continue;
    }
    const auto& l = stats->latency;
    out += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td>", l.count, cell(l.mean), cell(l.std),
                       cell(l.median));
    for (const double p : ps) out += "<td>" + cell(percentile_of(l, p)) + "</td>";
    out += "<td>" + cell(l.min) + "</td><td>" + cell(l.max) + "</td><td>" + cell(stats->mean_fps, "{:.1f}") +
           "</td><td>" + cell(stats->inferences_per_s.value_or(NAN), "{:.1f}") + "</td><td>" +
           interval_text(stats->intervals, 50) + "</td><td>" + interval_text(stats->intervals, 99) +
           "</td></tr>\n";
  }
  return out +
         "</table></div>\n<p class=\"hint\">Latency in ms (host wall clock per round trip); percentiles by "
         "linear interpolation; std population; FPS = batch × 1000 / mean ms; intervals: order "
         "statistics.</p>\n";
}

std::string comparison_section(const Comparison& comparison) {
  std::string out = "<section id=\"comparison\"><h2>Comparison</h2>\n";
  for (const auto& run : comparison.runs) {
    out += "<h3>" +
           html_escape(run.base_name == run.new_name ? run.base_name : run.base_name + " → " + run.new_name) +
           "</h3>\n";
    for (const auto& d : run.provenance) {
      out += fmt::format("<p class=\"{}\">differs: {}: {} → {}{}</p>\n", d.moves_numbers ? "bad" : "warning",
                         html_escape(d.what), html_escape(d.base), html_escape(d.next),
                         d.moves_numbers ? " (moves numbers)" : "");
    }
    out +=
        "<table><tr><th class=\"text\">statistic</th><th>base</th><th>new</th><th>new − base</th><th>new / "
        "base</th></tr>\n";
    for (const auto& r : run.rows) {
      out += "<tr>" + text_cell(r.statistic) + "<td>" + cell(r.base) + "</td><td>" + cell(r.next) +
             "</td><td>" + cell(r.delta, "{:+.4f}") + "</td><td>" + cell(r.ratio) + "</td></tr>\n";
    }
    out += "</table>\n";
    std::string verdict =
        run.latency ? std::string(stats::change_name(run.latency->change)) : "not tested: " + run.untested;
    if (run.latency && !run.comparable) verdict = "NOT COMPARABLE (measured: " + verdict + ")";
    if (run.latency)
      verdict +=
          fmt::format("; median {:+.2f}%, p = {:.3g}", run.median_change_percent, run.latency->test.p_value);
    out += "<p><strong>latency: " + html_escape(verdict) + "</strong></p>\n";
  }
  for (const auto& name : comparison.only_in_base) out += "<p>only in base: " + html_escape(name) + "</p>\n";
  for (const auto& name : comparison.only_in_new) out += "<p>only in new: " + html_escape(name) + "</p>\n";
  return out + "</section>\n";
}

std::string warnings_section(const Page& page) {
  std::string items;
  for (const auto& labelled : page.runs) {
    for (const auto& warning : labelled.run->warnings) {
      items += "<li><strong>" + html_escape(labelled.label) +
               "</strong>: " + html_escape(result::warning_text(warning)) + "</li>\n";
    }
    if (labelled.run->error)
      items += "<li class=\"bad\">" + html_escape(labelled.label) + ": " + html_escape(*labelled.run->error) +
               "</li>\n";
  }
  for (const auto& note : page.extras->notes) items += "<li>" + html_escape(note) + "</li>\n";
  if (items.empty()) items = "<li>none</li>\n";
  return "<section id=\"warnings\"><h2>Warnings</h2><ul>\n" + items + "</ul></section>\n";
}

std::string provenance_section(const Page& page) {
  std::vector<std::vector<result::ProvenanceFact>> facts;
  for (std::size_t i = 0; i < page.runs.size(); ++i)
    facts.push_back(result::provenance_facts(*page.results[i], *page.runs[i].run));
  std::string out =
      "<section id=\"environment\"><h2>Environment and provenance</h2>\n<table><tr><th "
      "class=\"text\">fact</th>";
  for (const auto& labelled : page.runs) out += "<th class=\"text\">" + html_escape(labelled.label) + "</th>";
  out += "</tr>\n";
  if (!facts.empty()) {
    for (std::size_t row = 0; row < facts.front().size(); ++row) {
      out += "<tr>" + text_cell(facts.front()[row].what);
      for (const auto& run_facts : facts) {
        // A CPU run has no GPU rows: find the fact by name.
        std::string value = "-";
        for (const auto& fact : run_facts) {
          if (fact.what == facts.front()[row].what && !fact.value.empty()) value = fact.value;
        }
        out += text_cell(value);
      }
      out += "</tr>\n";
    }
  }
  out += "</table>\n";
  std::vector<const Result*> results;
  for (const Result* result : page.results) {
    if (std::find(results.begin(), results.end(), result) == results.end()) results.push_back(result);
  }
  for (const Result* result : results) {
    std::string command;
    for (const auto& arg : result->environment.command_line) command += (command.empty() ? "" : " ") + arg;
    out += "<p class=\"hint\">command: <code>" + html_escape(command) + "</code>; recorded " +
           html_escape(result->environment.timestamp_utc) + "</p>\n";
  }
  return out + "</section>\n";
}

std::string head(const Page& page) {
  const std::string csp = fmt::format(
      "default-src 'none'; script-src {} {} {}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
      "form-action 'none'",
      csp_hash(html_assets::guard_js()), csp_hash(html_assets::chart_js()), csp_hash(html_assets::page_js()));
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
         csp +
         "\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         html_escape(page.title) + "</title>\n<style>\n" + std::string(html_assets::style_css()) +
         "</style></head>\n";
}

std::string body(const Page& page) {
  std::string out =
      "<body>\n<ul id=\"ib-errors\" data-count=\"0\" hidden></ul>\n<script>" +
      std::string(html_assets::guard_js()) + "</script>\n<h1>" + html_escape(page.title) +
      "</h1>\n<p class=\"sub\">" + html_escape(page.subtitle) + "</p>\n" +
      "<p id=\"no-charts\" class=\"warning\" hidden>Charts are not drawn: this inferbench was built "
      "without Chart.js (Debian: libjs-chart.js).</p>\n";
  out += "<section id=\"stats\"><h2>Statistics</h2>\n" + stats_table(page) + "</section>\n";
  out +=
      "<section id=\"percentiles\"><h2>Percentiles</h2><div id=\"percentile-chart\"></div><p "
      "class=\"hint\">Latency at each "
      "percentile (x in nines: p90, p99, p99.9 evenly spaced); shaded: 95% confidence "
      "interval.</p></section>\n";
  out +=
      "<section id=\"timeline\"><h2>Latency and GPU over time</h2><div id=\"timeline-charts\"></div><p "
      "class=\"hint\">Each "
      "inference's latency at its time in the speed pass, and the GPU telemetry over its own pass (the same "
      "pass when telemetry ran concurrently), on one time axis. Drag across the latency chart to zoom into a "
      "time range; double-click to reset. Hover for values.</p></section>\n";
  out += "<section id=\"sweep\" hidden><h2>Sweep</h2></section>\n";
  if (!page.extras->depth_png.empty()) {
    out +=
        "<section id=\"depth\"><h2>Depth maps</h2><img class=\"depth\" alt=\"depth comparison\" "
        "src=\"data:image/png;base64," +
        base64(page.extras->depth_png) + "\"></section>\n";
  }
  if (page.comparison != nullptr) out += comparison_section(*page.comparison);
  out += warnings_section(page) + provenance_section(page);
  const std::string data =
      html_chart_data(page.runs).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += "<script type=\"application/json\" id=\"ib-data\">" + script_json(data) + "</script>\n";
  out += "<script>" + std::string(html_assets::chart_js()) + "</script>\n";
  out += "<script>" + std::string(html_assets::page_js()) + "</script>\n</body></html>\n";
  return out;
}

std::string subtitle_of(const Result& result) {
  const auto& env = result.environment;
  std::string gpu = env.gpus.empty() ? "no GPU" : env.gpus.front().name;
  return fmt::format("{} · {} · {} · inferbench {}", env.host, gpu, env.timestamp_utc,
                     env.inferbench_version);
}

class HtmlExporter final : public Exporter {
 public:
  explicit HtmlExporter(HtmlExtras extras) : extras_(std::move(extras)) {}

 private:
  [[nodiscard]] std::string do_file_name() const override { return "report.html"; }
  [[nodiscard]] std::string do_serialize(const Result& result) const override {
    return html_report(result, extras_);
  }
  HtmlExtras extras_;
};

}  // namespace

std::string html_report(const Result& result, const HtmlExtras& extras) {
  Page page{extras.title, subtitle_of(result), {}, {}, nullptr, &extras};
  for (const auto& run : result.runs) {
    page.runs.push_back({run.name, &run});
    page.results.push_back(&result);
  }
  return head(page) + body(page);
}

std::string html_comparison_report(const Result& base, const Result& next, const Comparison& comparison,
                                   const HtmlExtras& extras) {
  Page page{extras.title, "base: " + subtitle_of(base) + " — new: " + subtitle_of(next), {}, {}, &comparison,
            &extras};
  for (const auto& [prefix, result] : {std::pair{"base: ", &base}, std::pair{"new: ", &next}}) {
    for (const auto& run : result->runs) {
      page.runs.push_back({prefix + run.name, &run});
      page.results.push_back(result);
    }
  }
  return head(page) + body(page);
}

std::unique_ptr<Exporter> html_exporter(HtmlExtras extras) {
  return std::make_unique<HtmlExporter>(std::move(extras));
}

}  // namespace ib::report
