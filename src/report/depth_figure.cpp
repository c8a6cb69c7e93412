// depth_comparison: the input image, the ground truth and every run's output map side by side.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "io/npy.hpp"
#include "quality/depth_map.hpp"
#include "io/image.hpp"
#include "report/figures.hpp"
#include "report/gnuplot.hpp"
#include "report/run_stats.hpp"
#include "report/text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxSide = 480;   // panels are drawn about 320 px wide; more pixels only make the files bigger
constexpr int kNameFont = 12;   // a panel's first title line, pt
constexpr int kDetailFont = 9;  // its other lines and the caption

// The vertical space one line takes: pngcairo draws a pt as about 1.24 px, and a glyph reaches from 0.6 em
// above a label's anchor (a '|') to 0.75 em below it (a '_'); with 1.8 px per pt an underscore of a model
// name keeps clear of the line under it.
int line_height(int font_pt) {
  return static_cast<int>(std::ceil(font_pt * 1.8));
}

// One drawn line of a panel's title.
struct TitleLine {
  std::string text;
  int font_pt = kDetailFont;
};

// A panel's title lines wrapped to `width_px`: the first (the name) in the larger font.
std::vector<TitleLine> layout_title(const std::vector<std::string>& title, double width_px) {
  std::vector<TitleLine> lines;
  for (std::size_t i = 0; i < title.size(); ++i) {
    const int font = i == 0 ? kNameFont : kDetailFont;
    for (std::string& piece : wrap_to_width(title[i], width_px, font))
      lines.push_back({std::move(piece), font});
  }
  return lines;
}

// A one-line title: shortened (both ends kept) until it fits.
std::string fit_title(const std::string& title, double width_px, int font_pt) {
  std::string fitted = title;
  for (std::size_t limit = text_columns(title); limit > 8 && text_width_px(fitted, font_pt) > width_px;
       --limit)
    fitted = shorten(title, limit);
  return fitted;
}

int lines_height(const std::vector<TitleLine>& lines) {
  int height = 0;
  for (const auto& line : lines) height += line_height(line.font_pt);
  return height;
}

// One panel: an RGB image or a map already normalised to [0, 1] (NaN = no value, drawn blank).
struct Panel {
  std::vector<std::string> title;
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
  std::vector<float> map;
};

struct Map {
  int width = 0;
  int height = 0;
  std::vector<double> values;
  std::int64_t channels = 1;  ///< a C x H x W output: the first channel is shown
};

// A file named in the result: as written (absolute, or relative to where the run was started), else relative
// to the result's folder, else its file name in that folder (a result folder copied to another machine).
std::optional<fs::path> locate(const std::string& recorded, const fs::path& result_dir) {
  const fs::path path(recorded);
  std::error_code error;
  for (const fs::path& candidate : {path, result_dir / path, result_dir / path.filename()}) {
    if (fs::is_regular_file(candidate, error)) return candidate;
  }
  return std::nullopt;
}

// A saved output as quality/depth_map.hpp squeezes it: H x W, or the first channel of C x H x W.
Map read_map(const fs::path& path) {
  quality::ChannelMap read = quality::read_npy_first_channel(path);
  return {read.map.width, read.map.height, std::move(read.map.values), read.channels};
}

// The input image the run saved (engine/figure_inputs.hpp): uint8 H x W x 3.
io::Image read_saved_image(const fs::path& path) {
  const io::NpyArray array = io::read_npy(path);
  if (array.dtype != core::DType::uint8 || array.shape.size() != 3 || array.shape[2] != 3 ||
      array.shape[0] < 1 || array.shape[1] < 1 || array.shape[0] > io::kMaxImageSide ||
      array.shape[1] > io::kMaxImageSide)
    throw core::InputError(fmt::format("{}: not a saved RGB image (uint8 H x W x 3)", path.string()));
  io::Image image{static_cast<int>(array.shape[1]), static_cast<int>(array.shape[0]), {}};
  image.rgb.resize(array.data.size());
  std::memcpy(image.rgb.data(), array.data.data(), array.data.size());
  return image;
}

// Box-filter reduction by a whole factor so the longer side is at most kMaxSide; non-finite values are left
// out of each box's mean (a box with none stays NaN).
Map shrink(Map map) {
  const int factor = (std::max(map.width, map.height) + kMaxSide - 1) / kMaxSide;
  if (factor <= 1) return map;
  Map small;
  small.width = (map.width + factor - 1) / factor;
  small.height = (map.height + factor - 1) / factor;
  small.values.assign(static_cast<std::size_t>(small.width) * static_cast<std::size_t>(small.height), NAN);
  for (int y = 0; y < small.height; ++y) {
    for (int x = 0; x < small.width; ++x) {
      double sum = 0;
      int count = 0;
      for (int yy = y * factor; yy < std::min(map.height, (y + 1) * factor); ++yy) {
        for (int xx = x * factor; xx < std::min(map.width, (x + 1) * factor); ++xx) {
          const double v = map.values[static_cast<std::size_t>(yy) * static_cast<std::size_t>(map.width) +
                                      static_cast<std::size_t>(xx)];
          if (std::isfinite(v)) {
            sum += v;
            ++count;
          }
        }
      }
      if (count > 0)
        small.values[static_cast<std::size_t>(y) * static_cast<std::size_t>(small.width) +
                     static_cast<std::size_t>(x)] = sum / count;
    }
  }
  return small;
}

// Each map on its own scale: its 2nd..98th percentile spread over [0, 1], so a few extreme pixels do not wash
// out the rest (the users' script normalises min..max; a robust range shows the same structure more clearly).
std::vector<float> normalise(const std::vector<double>& values) {
  std::vector<double> finite;
  for (const double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  std::vector<float> out(values.size(), NAN);
  if (finite.empty()) return out;
  std::sort(finite.begin(), finite.end());
  double low = stats::percentile_linear_sorted(finite, 2);
  double high = stats::percentile_linear_sorted(finite, 98);
  if (!(high > low)) {
    low = finite.front();
    high = finite.back();
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    out[i] = high > low ? static_cast<float>(std::clamp((values[i] - low) / (high - low), 0.0, 1.0)) : 0.5f;
  }
  return out;
}

Panel map_panel(const Map& map, std::vector<std::string> title) {
  const Map small = shrink(map);
  Panel panel;
  panel.title = std::move(title);
  panel.width = small.width;
  panel.height = small.height;
  panel.map = normalise(small.values);
  return panel;
}

std::string bytes_of(const std::vector<float>& values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// The depth metrics, and in dataset mode what they average, on a line of its own.
std::vector<std::string> metrics_lines(const result::Run& run) {
  if (!run.quality || !run.quality->ground_truth) return {};
  const auto& gt = *run.quality->ground_truth;
  std::vector<std::string> lines{fmt::format("abs_rel {:.4f}, rmse {:.4g}, d1 {:.3f}", gt.metrics.abs_rel,
                                             gt.metrics.rmse, gt.metrics.d1)};
  if (gt.mode == "dataset") lines.push_back(fmt::format("(mean of {} images)", gt.images));
  return lines;
}

std::string reference_line(const result::Run& run, const result::Result& result) {
  if (!run.quality) return {};
  if (run.quality->vs_reference) {
    const auto& c = *run.quality->vs_reference;
    // Significant digits, not decimals: an fp16 engine's MAE of 4.8e-05 must not print as 0.0000.
    return fmt::format("vs reference: MAE {:.3g}, RMSE {:.3g}, max {:.3g}", c.mae, c.rmse, c.max_abs);
  }
  for (const auto& other : result.runs) {
    if (other.quality && other.quality->vs_reference && other.quality->vs_reference->reference == run.name)
      return "(the reference)";
  }
  return {};
}

}  // namespace

bool has_depth_data(const result::Result& result) {
  // A quality section alone (cross-engine differences of a classifier's logits) is not a depth run.
  return std::any_of(result.runs.begin(), result.runs.end(), [](const result::Run& run) {
    return run.config.input_image.has_value() ||
           (run.quality && (run.quality->output_file || run.quality->ground_truth));
  });
}

ChartFiles write_depth_comparison(const fs::path& dir, const result::Result& result,
                                  const fs::path& result_dir, const ChartOptions& options) {
  const std::string name = "depth_comparison";
  std::vector<std::string> notes;
  std::vector<Panel> panels;

  // The input image, from the first run that had one.
  for (const auto& run : result.runs) {
    if (!run.config.input_image) continue;
    const bool saved = run.quality && run.quality->input_file;
    const auto path = saved ? std::optional<fs::path>(result_dir / *run.quality->input_file)
                            : locate(*run.config.input_image, result_dir);
    if (!path) {
      notes.push_back(fmt::format("input image '{}' not found", *run.config.input_image));
      break;
    }
    try {
      io::Image image = saved ? read_saved_image(*path) : io::read_image(*path);
      const int factor = (std::max(image.width, image.height) + kMaxSide - 1) / kMaxSide;
      if (factor > 1)
        image =
            io::resize_bicubic(image, std::max(1, image.width / factor), std::max(1, image.height / factor));
      Panel panel;
      panel.title = {"input image", fs::path(*run.config.input_image).filename().string()};
      panel.width = image.width;
      panel.height = image.height;
      panel.rgb = std::move(image.rgb);
      panels.push_back(std::move(panel));
    } catch (const core::Error& e) {
      notes.push_back(fmt::format("input image skipped: {}", e.what()));
    }
    break;
  }

  // The ground truth: one map in single-image mode (a dataset has no single map to show).
  for (const auto& run : result.runs) {
    if (!run.quality || !run.quality->ground_truth || run.quality->ground_truth->mode == "dataset") continue;
    const auto& gt = *run.quality->ground_truth;
    const std::optional<std::string>& saved = run.quality->ground_truth_file;
    const auto path = saved ? std::optional<fs::path>(result_dir / *saved) : locate(gt.source, result_dir);
    if (!path) {
      notes.push_back(fmt::format("ground truth '{}' not found", gt.source));
      break;
    }
    try {
      // Read as the run read it (.npy or PNG, its --gt-scale), up to the largest image we handle: the run
      // already accepted this file.
      quality::DepthMap depth = saved ? quality::read_npy_depth_map(*path)
                                      : quality::read_depth_map(*path, {gt.gt_scale, io::kMaxImagePixels});
      Map map{depth.width, depth.height, std::move(depth.values)};
      // Pixels outside the valid depth range are no data; a disparity-predicting model is compared with
      // 1/depth, so the GT is drawn that way too (near = bright in both).
      for (double& v : map.values) {
        if (!std::isfinite(v) || v < gt.min_depth || v > gt.max_depth) {
          v = NAN;
        } else if (gt.disparity) {
          v = 1.0 / v;
        }
      }
      std::vector<std::string> title{"ground truth", fs::path(gt.source).filename().string()};
      if (gt.disparity) title.emplace_back("shown as 1 / depth");
      panels.push_back(map_panel(map, std::move(title)));
    } catch (const core::Error& e) {
      notes.push_back(fmt::format("ground truth skipped: {}", e.what()));
    }
    break;
  }

  std::size_t model_panels = 0;
  for (const auto& run : result.runs) {
    if (!run.quality) continue;
    if (!run.quality->output_file) {
      notes.push_back(fmt::format("{}: no output map saved", run.name));
      continue;
    }
    const auto path = locate(*run.quality->output_file, result_dir);
    if (!path) {
      notes.push_back(fmt::format("{}: output map '{}' not found", run.name, *run.quality->output_file));
      continue;
    }
    try {
      std::vector<std::string> title{run.name};
      if (const auto stats = shown_stats(run, std::vector<double>{})) {
        title.push_back(fmt::format("mean {:.3f} ms, {:.1f} FPS{}", stats->latency.mean, stats->mean_fps,
                                    stats->from_samples ? "" : " (stored stats)"));
      }
      for (std::string& line : metrics_lines(run)) title.push_back(std::move(line));
      if (std::string line = reference_line(run, result); !line.empty()) title.push_back(std::move(line));
      const Map map = read_map(*path);
      if (map.channels > 1) title.push_back(fmt::format("channel 1 of {}", map.channels));
      panels.push_back(map_panel(map, std::move(title)));
      ++model_panels;
    } catch (const core::Error& e) {
      notes.push_back(fmt::format("{}: output map skipped: {}", run.name, e.what()));
    }
  }

  const auto with_notes = [&](ChartFiles files) {
    if (notes.empty()) return files;
    const std::string skipped = fmt::format("{}", fmt::join(notes, "; "));
    files.note = files.note.empty() ? fmt::format("depth_comparison.png: panels left out: {}", skipped)
                                    : fmt::format("{} (panels left out: {})", files.note, skipped);
    return files;
  };
  if (model_panels == 0) {
    ChartFiles files =
        gnuplot::not_drawn(dir, name, "no run has an output map to show (quality.output_file)");
    return with_notes(std::move(files));
  }

  return with_notes(gnuplot::guarded(dir, name, [&] {
    // Layout in pixels: up to four panels a row, each in a cell with its title lines above the picture, the
    // titles wrapped to the cell and the caption to the figure, so no text runs past its space.
    constexpr int kCell = 340;
    constexpr int kPicture = 320;
    constexpr int kTop = 50;
    const int count = static_cast<int>(panels.size());
    // At most four a row, rows balanced (five panels: three and two).
    const int rows = (count + 3) / 4;
    const int columns = (count + rows - 1) / rows;
    const int width = columns * kCell + 20;
    std::vector<std::vector<TitleLine>> titles;
    int title_height = line_height(kNameFont);
    double tallest = 0.25;  // picture height / width
    for (const auto& panel : panels) {
      titles.push_back(layout_title(panel.title, kCell - 28));
      title_height = std::max(title_height, lines_height(titles.back()));
      tallest = std::max(tallest, std::min(2.0, static_cast<double>(panel.height) / panel.width));
    }
    title_height += 12;
    const std::vector<std::string> caption = wrap_to_width(
        "Each map normalised on its own (2nd to 98th percentile), viridis: dark = low, bright = high (for "
        "relative depth models: near). Blank: no value.",
        width - 20, kDetailFont);
    const int footer = static_cast<int>(caption.size()) * line_height(kDetailFont) + 14;
    const int row_height = title_height + static_cast<int>(std::ceil(kPicture * tallest)) + 14;
    const int height = kTop + rows * row_height + footer;
    const auto sx = [&](double px) { return px / width; };
    const auto sy = [&](double px) { return 1.0 - px / height; };

    std::string body = fmt::format(
        "set multiplot\n"
        "unset border\nunset tics\nunset key\nunset colorbox\nunset grid\n"
        "set palette defined (0 \"#440154\", 0.125 \"#472d7b\", 0.25 \"#3b528b\", 0.375 \"#2c728e\", 0.5 "
        "\"#21918c\", 0.625 \"#28ae80\", 0.75 \"#5ec962\", 0.875 \"#addc30\", 1 \"#fde725\")\n"
        "set cbrange [0:1]\n");
    for (int i = 0; i < count; ++i) {
      const auto& panel = panels[static_cast<std::size_t>(i)];
      const std::string file = fmt::format("{}_{}.{}", name, i, panel.rgb.empty() ? "f32" : "rgb");
      io::write_file_atomically(dir / file, panel.rgb.empty()
                                                ? bytes_of(panel.map)
                                                : std::string(panel.rgb.begin(), panel.rgb.end()));
      const int column = i % columns;
      const int row = i / columns;
      const double aspect = std::min(2.0, static_cast<double>(panel.height) / panel.width);
      const double picture_w = kPicture;
      const double picture_h = kPicture * aspect;
      const double cell_left = 10 + column * kCell;
      const double left = cell_left + (kCell - picture_w) / 2;
      const double top = kTop + row * row_height + title_height;
      body += "unset label\n";
      if (i == 0) {
        body +=
            fmt::format("set label {} at screen 0.5, screen {} center font \",14\"\n",
                        gnuplot::quote(fit_title(options.title.empty() ? "Depth comparison" : options.title,
                                                 width - 20.0, 14)),
                        sy(24));
      }
      double y = kTop + row * row_height;
      for (const auto& line : titles[static_cast<std::size_t>(i)]) {
        const int step = line_height(line.font_pt);
        body += fmt::format("set label {} at screen {}, screen {} center font \",{}\"\n",
                            gnuplot::quote(line.text), sx(cell_left + kCell / 2.0), sy(y + step * 0.5),
                            line.font_pt);
        y += step;
      }
      if (i == count - 1) {
        for (std::size_t l = 0; l < caption.size(); ++l) {
          const double line_y =
              height - footer + 7 + (static_cast<double>(l) + 0.5) * line_height(kDetailFont);
          body += fmt::format("set label {} at screen {}, screen {} left tc rgb \"#555555\" font \",{}\"\n",
                              gnuplot::quote(caption[l]), sx(10), sy(line_y), kDetailFont);
        }
      }
      body += fmt::format(
          "set lmargin at screen {}\nset rmargin at screen {}\nset tmargin at screen {}\nset bmargin at "
          "screen {}\n"
          "set xrange [-0.5:{}]\nset yrange [-0.5:{}]\n",
          sx(left), sx(left + picture_w), sy(top), sy(top + picture_h), panel.width - 0.5,
          panel.height - 0.5);
      body += panel.rgb.empty()
                  ? fmt::format("plot \"{}\" binary array=({},{}) format=\"%float32\" flipy with image\n",
                                file, panel.width, panel.height)
                  : fmt::format("plot \"{}\" binary array=({},{}) format=\"%uchar\" flipy with rgbimage\n",
                                file, panel.width, panel.height);
    }
    body += "unset multiplot\n";
    return gnuplot::render(dir, name, {width, height}, body, options);
  }));
}

}  // namespace ib::report
