#pragma once
// How every figure reaches the disk: a gnuplot script (<name>.gp) beside its data files, rendered by running
// gnuplot in that folder (through io::run_process, no shell). The script chooses its own terminal (pngcairo
// when this gnuplot has it, else the libgd png terminal, or svg when asked), so a user can edit and re-run it
// by hand with the same result. A missing or failing gnuplot is a note, never an error: the data and the
// script stay, and the note says how to render them.
#include <cstddef>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include "report/charts.hpp"

namespace ib::report::gnuplot {

/// Pixel size of a figure (PNG; the SVG gets the same size in points).
struct Canvas {
  int width = 900;
  int height = 600;
};

/// A gnuplot string literal that reads back as `text` and is never evaluated: single-quoted (gnuplot runs
/// `commands` inside double quotes), a quote and a newline joined on as '."'".' and '."\n".', other control
/// characters as spaces. Every piece of untrusted text (file, run and layer names) reaches a script through
/// this function alone. Scripts run in noenhanced mode, so '_' or '^' in a model name stay literal.
[[nodiscard]] std::string quote(std::string_view text);

/// A number for a data file: shortest round-trip form; NaN/Inf become "NaN", which gnuplot reads as undefined
/// (a gap in a line, a point not drawn).
[[nodiscard]] std::string number(double value);

/// A colour (#rrggbb) per series, the same order in every figure so a model keeps its colour.
[[nodiscard]] std::string series_colour(std::size_t index);

/// The first lines of <name>.gp: a comment saying how to run it, the terminal choice (variables `fmt`, "png"
/// or "svg", and `out`, the output file, may be preset with gnuplot -e) and a common look.
[[nodiscard]] std::string preamble(const std::string& name, Canvas canvas);

/// Writes <dir>/<name>.gp = preamble(name, canvas) + body (+ "unset output"), then renders <name>.png (and
/// <name>.svg when options.svg) with the gnuplot named by options.gnuplot, run in `dir` on fixed relative
/// names and with --default-settings (no ~/.gnuplot or system start-up file runs), each to a temp name first
/// and then renamed, so a failed render never leaves a truncated image. Throws core::InputError only when the
/// script cannot be written; gnuplot's absence or failure is in the returned note. A failed render keeps
/// gnuplot's output in <dir>/<name>.gnuplot.log.
[[nodiscard]] ChartFiles render(const std::filesystem::path& dir, const std::string& name, Canvas canvas,
                                const std::string& body, const ChartOptions& options);

/// The ChartFiles of a chart that was not drawn, with note "<name>.png not drawn: <why>".
[[nodiscard]] ChartFiles not_drawn(const std::filesystem::path& dir, const std::string& name,
                                   const std::string& why);

/// Runs one chart's writer (which writes data files and calls render): a chart never fails its caller, so any
/// exception (an unwritable folder, a full disk) becomes the note of a chart not drawn.
template <typename Writer>
[[nodiscard]] ChartFiles guarded(const std::filesystem::path& dir, const std::string& name, Writer&& writer) {
  try {
    std::filesystem::create_directories(dir);
    return writer();
  } catch (const std::exception& e) {
    return not_drawn(dir, name, e.what());
  }
}

}  // namespace ib::report::gnuplot
