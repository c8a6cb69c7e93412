#include "trtexec/log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "inferbench/errors.hpp"
#include "inferbench/shape.hpp"
#include "trtexec/parse_error.hpp"
#include "core/text.hpp"

namespace ib::trtexec {
namespace {

using core::trim;

constexpr std::size_t kMaxMessages = 200;  // a verbose log can hold thousands of [W] lines

struct Line {
  char severity = 0;  ///< 'I', 'W', 'E', 'F', 'V' or 0 when the line has no "[X] " tag
  std::string_view text;
  std::size_t number = 0;  ///< 1-based, for messages
};

// "[08/15/2023-10:21:33] [I] text": the timestamp (any bracket holding ':' or '/') and the severity tag go.
[[nodiscard]] Line split_prefix(std::string_view text, std::size_t number) {
  Line line;
  line.number = number;
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.starts_with('[')) {
    const std::size_t close = text.find("] ");
    if (close != std::string_view::npos && close > 3 &&
        text.substr(1, close - 1).find_first_of(":/") != std::string_view::npos) {
      text.remove_prefix(close + 2);
    }
  }
  if (text.size() >= 3 && text[0] == '[' && text[2] == ']' &&
      std::string_view("IWEFV").find(text[1]) != std::string_view::npos) {
    line.severity = text[1];
    text.remove_prefix(text.size() > 3 && text[3] == ' ' ? 4 : 3);
  }
  line.text = text;
  return line;
}

[[noreturn]] void fail(const Line& line, const std::string& why) {
  throw ParseError(fmt::format("line {} ('{}'): {}", line.number, trim(line.text), why));
}

// A number as trtexec prints it (iostream default: 0.812256, 1.2e-05, inf, nan). Non-finite values read as
// nullopt: they say the series was empty, not a time.
[[nodiscard]] std::optional<double> number(std::string_view text, const Line& line) {
  text = trim(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    fail(line, fmt::format("'{}' is not a number", text));
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

[[nodiscard]] std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  return value;
}

// "<value> <unit>" -> value; the unit must be the one expected.
[[nodiscard]] std::optional<double> with_unit(std::string_view text, std::string_view unit,
                                              const Line& line) {
  text = trim(text);
  if (!text.ends_with(unit)) fail(line, fmt::format("expected a value in {}", trim(unit)));
  text.remove_suffix(unit.size());
  return number(text, line);
}

// "min = 0.8 ms, max = 1.2 ms, mean = 0.9 ms, median = 0.9 ms, percentile(90%) = 1 ms, ..."
[[nodiscard]] LogStat stat_items(std::string_view text, const Line& line) {
  LogStat stat;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t comma = text.find(", ", start);
    const std::string_view item =
        trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    start = comma == std::string_view::npos ? text.size() : comma + 2;
    const std::size_t equals = item.find(" = ");
    if (equals == std::string_view::npos) fail(line, fmt::format("'{}' is not 'name = value ms'", item));
    const std::string_view name = item.substr(0, equals);
    const std::optional<double> value = with_unit(item.substr(equals + 3), " ms", line);
    if (name == "min") {
      stat.min = value;
    } else if (name == "max") {
      stat.max = value;
    } else if (name == "mean") {
      stat.mean = value;
    } else if (name == "median") {
      stat.median = value;
    } else if (name.starts_with("percentile(") && name.ends_with("%)")) {
      const std::optional<double> p = number(name.substr(11, name.size() - 13), line);
      if (!p || *p < 0 || *p > 100) fail(line, fmt::format("'{}' is not a percentile", name));
      if (value) stat.percentiles.push_back({*p, *value});
    }
    // Other names (a future "coefficient of variance", say) are skipped rather than fatal.
  }
  return stat;
}

void put(std::vector<std::pair<std::string, LogStat>>& series, const std::string& key, LogStat stat) {
  for (auto& [name, existing] : series) {
    if (name == key) {
      existing = std::move(stat);
      return;
    }
  }
  series.emplace_back(key, std::move(stat));
}

[[nodiscard]] LogStat& slot(std::vector<std::pair<std::string, LogStat>>& series, const std::string& key) {
  for (auto& [name, existing] : series) {
    if (name == key) return existing;
  }
  series.emplace_back(key, LogStat{});
  return series.back().second;
}

// The labels of the 8.0+ summary lines and the keys they become.
constexpr std::pair<std::string_view, const char*> kLabels[] = {
    {"Latency", "latency_ms"}, {"End-to-End Host Latency", "end_to_end_ms"}, {"Enqueue Time", "enqueue_ms"},
    {"H2D Latency", "h2d_ms"}, {"GPU Compute Time", "gpu_compute_ms"},       {"D2H Latency", "d2h_ms"}};

// TensorRT 7's blocks: a title line, then "min: 1.2 ms (end to end 2.3 ms)" lines.
struct V7State {
  const char* block = nullptr;  ///< "latency_ms", "enqueue_ms", "gpu_compute_ms"
};

void v7_line(const Line& line, std::string_view text, V7State& state, LogSummary& summary) {
  if (text == "Host Latency") {
    state.block = "latency_ms";
    return;
  }
  if (text == "Enqueue Time") {
    state.block = "enqueue_ms";
    return;
  }
  if (text == "GPU Compute") {
    state.block = "gpu_compute_ms";
    return;
  }
  const std::size_t colon = text.find(": ");
  if (colon == std::string_view::npos) return;
  const std::string_view key = text.substr(0, colon);
  std::string_view rest = text.substr(colon + 2);
  if (key == "throughput") {
    summary.throughput_qps = with_unit(rest, " qps", line);
    return;
  }
  if (key == "walltime") {
    summary.total_host_walltime_s = with_unit(rest, " s", line);
    return;
  }
  if (key == "total compute time") {
    summary.total_gpu_compute_time_s = with_unit(rest, " s", line);
    return;
  }
  if (state.block == nullptr ||
      (key != "min" && key != "max" && key != "mean" && key != "median" && key != "percentile")) {
    return;
  }
  // "1.5 ms at 99% (end to end 2.5 ms at 99%)" or "1.2 ms (end to end 2.3 ms)" or "1.2 ms".
  std::optional<std::string_view> e2e;
  if (const std::size_t paren = rest.find(" (end to end "); paren != std::string_view::npos) {
    std::string_view inner = rest.substr(paren + 13);
    if (!inner.ends_with(")")) fail(line, "unclosed '(end to end'");
    inner.remove_suffix(1);
    e2e = inner;
    rest = rest.substr(0, paren);
  }
  const auto store = [&](const char* series, std::string_view value_text) {
    LogStat& stat = slot(summary.series, series);
    if (key == "percentile") {
      const std::size_t at = value_text.find(" ms at ");
      if (at == std::string_view::npos || !value_text.ends_with("%")) fail(line, "expected 'X ms at P%'");
      const std::optional<double> value = number(value_text.substr(0, at), line);
      const std::optional<double> p = number(value_text.substr(at + 7, value_text.size() - at - 8), line);
      if (!p || *p < 0 || *p > 100) fail(line, "the percentile is not within 0..100");
      if (value) stat.percentiles.push_back({*p, *value});
      return;
    }
    const std::optional<double> value = with_unit(value_text, " ms", line);
    if (key == "min") stat.min = value;
    if (key == "max") stat.max = value;
    if (key == "mean") stat.mean = value;
    if (key == "median") stat.median = value;
  };
  store(state.block, rest);
  if (e2e && std::string_view(state.block) == "latency_ms") store("end_to_end_ms", *e2e);
}

// What a log says about the run besides its numbers: the inference options whose defaults TensorRT 11
// changed, and the IO bindings.
struct RunFacts {
  std::optional<bool> cuda_graph;
  std::optional<bool> spin_wait;
  std::optional<bool> data_transfers;
  std::vector<LogBinding> bindings;

  void apply_to(LogSummary& summary) && {
    summary.cuda_graph = cuda_graph;
    summary.spin_wait = spin_wait;
    summary.data_transfers = data_transfers;
    summary.bindings = std::move(bindings);
  }
};

// "Label: Enabled" / "Label: Disabled".
[[nodiscard]] bool read_printed_option(std::string_view body, RunFacts& facts) {
  const std::pair<std::string_view, std::optional<bool>*> labels[] = {{"CUDA Graph: ", &facts.cuda_graph},
                                                                      {"Spin-wait: ", &facts.spin_wait},
                                                                      {"Data transfers: ", &facts.data_transfers}};
  for (const auto& [label, value] : labels) {
    if (!body.starts_with(label)) continue;
    const std::string_view state = trim(body.substr(label.size()));
    if (state == "Enabled") *value = true;
    if (state == "Disabled") *value = false;
    return true;
  }
  return false;
}

// "Input binding for NAME with dimensions 1x3x518x518 and type fp32 is created." A dynamic binding ("... is
// dynamic and will be created during execution") and unreadable dimensions are skipped.
[[nodiscard]] bool read_binding(std::string_view body, RunFacts& facts) {
  LogBinding binding;
  constexpr std::string_view kInput = "Input binding for ";
  constexpr std::string_view kOutput = "Output binding for ";
  binding.input = body.starts_with(kInput);
  if (!binding.input && !body.starts_with(kOutput)) return false;
  body.remove_prefix(binding.input ? kInput.size() : kOutput.size());
  const std::size_t with = body.find(" with dimensions ");
  const std::size_t end = body.rfind(" is created.");
  if (with == std::string_view::npos || end == std::string_view::npos || end < with) return true;
  binding.name = std::string(body.substr(0, with));
  std::string_view dims = body.substr(with + 17, end - with - 17);
  if (const std::size_t type = dims.find(" and type "); type != std::string_view::npos) {
    binding.dtype = std::string(dims.substr(type + 10));
    dims = dims.substr(0, type);
  }
  try {
    binding.shape = core::parse_shape(dims);
  } catch (const core::InputError&) {
    return true;
  }
  facts.bindings.push_back(std::move(binding));
  return true;
}

}  // namespace

std::optional<std::string> decode_version_number(std::string_view digits) {
  const std::optional<std::int64_t> value = integer(digits);
  if (!value || std::to_string(*value) != digits) return std::nullopt;
  if (digits.size() >= 6) {
    return fmt::format("{}.{}.{}", *value / 10000, (*value / 100) % 100, *value % 100);
  }
  if (digits.size() == 4) return fmt::format("{}.{}.{}", *value / 1000, (*value / 100) % 10, *value % 100);
  return std::nullopt;
}

LogSummary parse_log(std::string_view text) {
  LogSummary summary;
  LogSummary current;  // the summary being read; the last complete one wins
  bool found = false;
  bool in_summary = false;
  bool v7 = false;
  V7State v7_state;
  std::vector<std::string> warnings;
  std::vector<std::string> errors;
  std::size_t dropped_messages = 0;
  std::optional<std::string> version;
  std::optional<std::string> status;
  std::optional<std::int64_t> queries;
  std::optional<std::int64_t> warmup_queries;
  RunFacts facts;

  std::size_t number_of_line = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::string_view raw =
        text.substr(start, newline == std::string_view::npos ? text.npos : newline - start);
    start = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
    const Line line = split_prefix(raw, ++number_of_line);
    const std::string_view body = trim(line.text);

    if (line.severity == 'W' || line.severity == 'E' || line.severity == 'F') {
      std::vector<std::string>& list = line.severity == 'W' ? warnings : errors;
      // trtexec indents the second line of a summary warning ("  If not already in use, ...").
      if (line.text.starts_with("  ") && !list.empty() && !body.empty()) {
        list.back() += fmt::format(" {}", body);
      } else if (!body.empty()) {
        if (list.size() < kMaxMessages) {
          list.emplace_back(body.starts_with("* ") ? body.substr(2) : body);
        } else {
          ++dropped_messages;
        }
      }
      constexpr std::string_view unstable = "GPU compute time is unstable, with coefficient of variance = ";
      if (const std::size_t at = body.find(unstable); at != std::string_view::npos) {
        std::string_view value = body.substr(at + unstable.size());
        while (!value.empty() && (value.back() == '.' || value.back() == '%')) value.remove_suffix(1);
        current.gpu_compute_cv_percent = number(value, line);
      }
      continue;
    }

    if (body.starts_with("&&&& ")) {
      if (body.starts_with("&&&& PASSED")) status = "passed";
      if (body.starts_with("&&&& FAILED")) status = "failed";
      if (const std::size_t at = body.find("[TensorRT v"); at != std::string_view::npos && !version) {
        const std::string_view rest = body.substr(at + 11);
        version = decode_version_number(rest.substr(0, rest.find(']')));
      }
      continue;
    }
    if (body.starts_with("TensorRT version: ")) {
      const std::string_view rest = trim(body.substr(18));
      version = std::string(rest.substr(0, rest.find(' ')));
      continue;
    }
    if (read_printed_option(body, facts) || read_binding(body, facts)) continue;
    if (body.starts_with("Timing trace has ")) {
      queries = integer(body.substr(17));
      continue;
    }
    if (body.starts_with("Warmup completed ")) {
      warmup_queries = integer(body.substr(17));
      continue;
    }
    if (body == "=== Performance summary ===") {
      current = LogSummary{};
      current.format = "TensorRT 8.0+ performance summary";
      in_summary = true;
      found = true;
      v7 = false;
      continue;
    }
    if (body == "Host Latency") {  // TensorRT 7: a new summary starts
      current = LogSummary{};
      current.format = "TensorRT 7 performance summary";
      in_summary = false;
      v7 = true;
      found = true;
      v7_state = {};
    }
    if (body.starts_with("=== ")) {  // another section ends the summary
      in_summary = false;
      continue;
    }
    if (v7) {
      v7_line(line, body, v7_state, current);
      continue;
    }
    if (!in_summary) continue;
    const std::size_t colon = body.find(": ");
    if (colon == std::string_view::npos) continue;
    const std::string_view label = body.substr(0, colon);
    const std::string_view rest = body.substr(colon + 2);
    if (label == "Throughput") {
      current.throughput_qps = with_unit(rest, " qps", line);
    } else if (label == "Total Host Walltime") {
      current.total_host_walltime_s = with_unit(rest, " s", line);
    } else if (label == "Total GPU Compute Time") {
      current.total_gpu_compute_time_s = with_unit(rest, " s", line);
    } else {
      for (const auto& [name, key] : kLabels) {
        if (label == name) put(current.series, key, stat_items(rest, line));
      }
    }
  }
  if (!found) {
    throw ParseError(
        "has no performance summary ('=== Performance summary ===', or TensorRT 7's 'Host Latency' block): "
        "did trtexec finish?");
  }
  summary = std::move(current);
  summary.tensorrt_version = version;
  summary.status = status;
  summary.queries = queries;
  summary.warmup_queries = warmup_queries;
  std::move(facts).apply_to(summary);
  summary.warnings = std::move(warnings);
  summary.errors = std::move(errors);
  if (dropped_messages > 0) {
    summary.warnings.push_back(fmt::format("... and {} more warning/error lines", dropped_messages));
  }
  return summary;
}

}  // namespace ib::trtexec
