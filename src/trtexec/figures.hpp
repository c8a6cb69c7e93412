#pragma once
// The trtexec figures, drawn through src/report/charts.hpp (gnuplot): per_layer_time (the top-k layers by
// average time, largest at the top), latency_hist and latency_percentiles (trtexec's Latency and GPU compute
// time). A figure never fails a command: what could not be drawn comes back as a note for stderr.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "trtexec/profile.hpp"
#include "trtexec/times.hpp"

namespace ib::trtexec {

struct FigureOutcome {
  std::vector<std::string> drawn;  ///< file names of the images written
  std::vector<std::string> notes;  ///< why an image was not written, and how to render its script
};

/// <dir>/per_layer_time.png.
[[nodiscard]] FigureOutcome write_layer_figure(const std::filesystem::path& dir, const Profile& profile,
                                               std::size_t top_k);

/// <dir>/latency_hist.png and <dir>/latency_percentiles.png.
[[nodiscard]] FigureOutcome write_latency_figures(const std::filesystem::path& dir, const Times& times);

}  // namespace ib::trtexec
