#include "report/gnuplot.hpp"

#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "io/cleanup_registry.hpp"
#include "io/process.hpp"

namespace ib::report::gnuplot {
namespace {

namespace fs = std::filesystem;

// A path as a POSIX shell word, for the command printed in a note.
std::string shell_word(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-./+:=,@%") == std::string::npos;
  if (plain) return text;
  std::string word = "'";
  for (const char c : text) {
    if (c == '\'') {
      word += "'\\''";
    } else {
      word += c;
    }
  }
  return word + "'";
}

// The last non-empty line gnuplot wrote: usually the error ("line 12: undefined variable: x").
std::string last_line(const fs::path& log) {
  std::ifstream in(log);
  std::string line;
  std::string last;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r^") != std::string::npos) last = line;
  }
  return last;
}

void remove_quietly(const fs::path& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

}  // namespace

std::string quote(std::string_view text) {
  // Single quotes: gnuplot substitutes `command` inside double quotes (and so runs it), but inside single
  // quotes nothing is special except the quote itself. Its escape ('') is misread next to another quote (a
  // literal starting ''' is read as an empty string), so a quote, like a newline, is joined on as a
  // double-quoted string that holds nothing else: 'it'."'".'s'.
  std::string literal = "'";
  for (const char c : text) {
    if (c == '\'') {
      literal += "'.\"'\".'";
    } else if (c == '\n') {
      literal += "'.\"\\n\".'";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      literal += ' ';
    } else {
      literal += c;
    }
  }
  return literal + "'";
}

std::string number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : "NaN";
}

std::string series_colour(std::size_t index) {
  // matplotlib's "tab10": distinct, and familiar from the users' own plots.
  static constexpr std::array<const char*, 10> kColours{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                        "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                        "#bcbd22", "#17becf"};
  return kColours[index % kColours.size()];
}

std::string preamble(const std::string& name, Canvas canvas) {
  return fmt::format(
      "# {0}: written by inferbench. Redraw: gnuplot {0}.gp (in this folder); SVG: gnuplot -e \"fmt='svg'\" "
      "{0}.gp\n"
      "if (!exists(\"fmt\")) fmt = \"png\"\n"
      "if (!exists(\"out\")) out = {3} . fmt\n"
      "if (fmt eq \"svg\") {{\n"
      "  set terminal svg size {1},{2} noenhanced font \"Sans,11\" background rgb \"white\"\n"
      "}} else {{\n"
      "  if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {{\n"
      "    set terminal pngcairo size {1},{2} noenhanced font \"Sans,10\" background rgb \"white\"\n"
      "  }} else {{\n"
      "    set terminal png truecolor size {1},{2} noenhanced background rgb \"white\"\n"
      "  }}\n"
      "}}\n"
      "set output out\n"
      "set encoding utf8\n"
      "set border 3 lc rgb \"#444444\"\n"
      "set tics nomirror\n"
      "set grid lc rgb \"#e4e4e4\" lt 1\n"
      "set key noopaque\n",
      name, canvas.width, canvas.height, quote(name + "."));
}

ChartFiles not_drawn(const fs::path& dir, const std::string& name, const std::string& why) {
  ChartFiles files;
  files.image = dir / (name + ".png");
  files.script = dir / (name + ".gp");
  files.note = fmt::format("{}.png not drawn: {}", name, why);
  return files;
}

ChartFiles render(const fs::path& dir, const std::string& name, Canvas canvas, const std::string& body,
                  const ChartOptions& options) {
  ChartFiles files;
  files.script = dir / (name + ".gp");
  files.image = dir / (name + ".png");
  io::write_file_atomically(files.script, preamble(name, canvas) + body + "unset output\n");

  std::vector<std::string> formats{"png"};
  if (options.svg) formats.emplace_back("svg");
  std::string how = fmt::format("cd {} && gnuplot {}.gp", shell_word(dir.string()), name);
  if (options.svg) how += fmt::format(" && gnuplot -e \"fmt='svg'\" {}.gp", name);

  const auto program = io::find_executable(options.gnuplot);
  if (!program) {
    files.gnuplot_missing = true;
    files.note = fmt::format(
        "{}.png not drawn: gnuplot ('{}') not found; its data and script are written; to "
        "draw it: {}",
        name, options.gnuplot, how);
    return files;
  }
  const fs::path log = dir / (name + ".gnuplot.log");
  for (const auto& format : formats) {
    const std::string temp = fmt::format(".{}.{}.tmp", name, format);
    const io::TrackedTempFile tracked(dir / temp);  // gnuplot writes it; a second Ctrl-C removes it
    remove_quietly(log);
    const io::ProcessOutcome outcome =
        io::run_process({{program->string(), "--default-settings", "-e",
                          fmt::format("fmt='{}'; out='{}'", format, temp), name + ".gp"},
                         log,
                         dir});
    std::error_code error;
    const bool written = fs::is_regular_file(dir / temp, error) && fs::file_size(dir / temp, error) > 0;
    if (!outcome.started || outcome.exit_code != 0 || !written) {
      remove_quietly(dir / temp);
      const std::string why = !outcome.started ? outcome.error
                              : outcome.exit_code != 0
                                  ? fmt::format("gnuplot exited with {}: {} (see {})", outcome.exit_code,
                                                last_line(log), log.string())
                                  : fmt::format("gnuplot wrote no image (see {})", log.string());
      files.note = fmt::format("{}.{} not drawn: {}; its data and script are kept; to retry: {}", name,
                               format, why, how);
      return files;
    }
    fs::rename(dir / temp, dir / fmt::format("{}.{}", name, format), error);
    if (error) {
      remove_quietly(dir / temp);
      files.note =
          fmt::format("{}.{} not drawn: cannot rename it into place: {}", name, format, error.message());
      return files;
    }
    remove_quietly(log);
    if (format == "png") files.rendered = true;
  }
  return files;
}

}  // namespace ib::report::gnuplot
