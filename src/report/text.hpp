#pragma once
// Text helpers every reporter shares: the one CSV field rule and the one Markdown cell escaper (every CSV and
// Markdown file inferbench writes goes through them), memory sizes in adaptive units, and fitting labels into
// a figure's panel (wrapping at word boundaries, shortening long names) without ever cutting a UTF-8 sequence
// apart.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ib::report {

/// A CSV field for text, RFC 4180: quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF, and
/// also when it starts or ends with a space, which some readers would otherwise trim.
[[nodiscard]] std::string csv_field(std::string_view text);

/// A CSV field for a number: the shortest text that reads back as the same double; empty when not finite
/// (CSV has no NaN).
[[nodiscard]] std::string csv_number(double value);

/// Untrusted text (a run name, a layer name, a message) as one Markdown table cell or list item: line breaks
/// become spaces, and | ` * < > [ ] and the backslash get a backslash in front, so the text can neither end
/// the cell nor become markup, a link or HTML. '_' is escaped only where it could start or end emphasis:
/// between two letters or digits (GitHub's intraword rule) it stays, so "resnet50_fp16" reads as written.
[[nodiscard]] std::string markdown_cell(std::string_view text);

/// A size in bytes with decimal units and about three significant digits: "512 B", "1.60 MB", "16.0 MB",
/// "287 MB", "80.0 GB" (1 kB = 1000 B, as the console and summary.md have always used for MB). Negative
/// sizes (a memory delta that shrank) keep their sign; NaN/Inf read "-".
[[nodiscard]] std::string format_bytes(double bytes);

/// Characters (UTF-8 code points) in `text`: what a label's width depends on, not its bytes.
[[nodiscard]] std::size_t text_columns(std::string_view text);

/// Estimated width in pixels of `text` drawn by pngcairo in its "Sans" font at `font_pt`: per character, from
/// the glyph widths of DejaVu Sans (Debian's Sans) rounded up, so a label it allows does fit.
[[nodiscard]] double text_width_px(std::string_view text, double font_pt);

/// `text` broken into lines of at most `max_columns` characters, at spaces; a word longer than a line is cut
/// between characters (never inside a UTF-8 sequence). Runs of spaces at a break are dropped; an empty text
/// is no line.
[[nodiscard]] std::vector<std::string> wrap_text(std::string_view text, std::size_t max_columns);

/// The same, with lines of at most `width_px` by text_width_px() at `font_pt`: a label that fits its panel.
[[nodiscard]] std::vector<std::string> wrap_to_width(std::string_view text, double width_px, double font_pt);

/// `text` in at most `limit` characters, keeping both ends: "depth_anything_v2_vitl_fp16_b1" ->
/// "depth_anyt...fp16_b1"; whole UTF-8 characters only.
[[nodiscard]] std::string shorten(std::string_view text, std::size_t limit);

}  // namespace ib::report
