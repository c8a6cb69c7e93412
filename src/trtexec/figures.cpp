#include "trtexec/figures.hpp"

#include <fmt/format.h>

#include <utility>

#if IB_HAVE_CHARTS
#include "report/charts.hpp"
#endif

namespace ib::trtexec {

#if IB_HAVE_CHARTS

namespace {

void collect(FigureOutcome& outcome, const report::ChartFiles& files) {
  if (files.rendered) {
    outcome.drawn.push_back(files.image.filename().string());
  } else {
    outcome.notes.push_back(fmt::format("{} not drawn: {}", files.image.filename().string(), files.note));
  }
}

}  // namespace

FigureOutcome write_layer_figure(const std::filesystem::path& dir, const Profile& profile,
                                 std::size_t top_k) {
  std::vector<std::pair<std::string, double>> bars;
  for (const LayerTime& layer : by_average(profile)) {
    if (bars.size() >= top_k) break;
    bars.emplace_back(layer.name, layer.average_ms);
  }
  report::ChartOptions options;
  options.title = fmt::format("Top {} layers by average time per inference", bars.size());
  FigureOutcome outcome;
  if (bars.empty()) return outcome;
  collect(outcome, report::write_horizontal_bars(dir, "per_layer_time", bars, "average time (ms)", options));
  return outcome;
}

FigureOutcome write_latency_figures(const std::filesystem::path& dir, const Times& times) {
  std::vector<report::LabelledSamples> sets;
  if (!times.latency_ms.empty()) sets.push_back({"trtexec Latency (H2D + compute + D2H)", times.latency_ms});
  if (!times.gpu_compute_ms.empty()) sets.push_back({"GPU compute", times.gpu_compute_ms});
  FigureOutcome outcome;
  if (sets.empty()) return outcome;
  collect(outcome, report::write_latency_histogram(dir, sets));
  collect(outcome, report::write_latency_percentiles(dir, sets));
  return outcome;
}

#else

// This build's ib_report has no charts.cpp yet (src/trtexec/CMakeLists.txt looks for it): the figures are
// skipped with a note, and everything else is written.
FigureOutcome write_layer_figure(const std::filesystem::path& /*dir*/, const Profile& /*profile*/,
                                 std::size_t /*top_k*/) {
  return {{}, {"per_layer_time.png not drawn: this build has no chart support (src/report/charts.cpp)"}};
}

FigureOutcome write_latency_figures(const std::filesystem::path& /*dir*/, const Times& /*times*/) {
  return {{},
          {"latency_hist.png and latency_percentiles.png not drawn: this build has no chart support "
           "(src/report/charts.cpp)"}};
}

#endif

}  // namespace ib::trtexec
