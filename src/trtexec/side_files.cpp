#include "trtexec/side_files.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

#include "inferbench/errors.hpp"
#include "trtexec/command.hpp"
#include "trtexec/json_text.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using Json = nlohmann::ordered_json;

[[nodiscard]] const Json& object(const JsonText& json) {
  if (!json.value.is_object()) {
    throw ParseError(fmt::format("is {}, expected an object", json_kind(json.value)));
  }
  return json.value;
}

[[nodiscard]] const Json* find(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found == object.end() || found->is_null() ? nullptr : &*found;
}

[[nodiscard]] std::optional<std::string> string_field(const Json& object, const char* key) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string())
    throw ParseError(fmt::format("'{}' is {}, expected a string", key, json_kind(*value)));
  return value->get<std::string>();
}

[[nodiscard]] std::optional<std::int64_t> whole(const Json& object, const char* key, std::int64_t minimum) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer() || value->get<std::int64_t>() < minimum ||
      (value->is_number_unsigned() &&
       value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
    throw ParseError(
        fmt::format("'{}' is {}, expected a whole number of at least {}", key, value->dump(), minimum));
  }
  return value->get<std::int64_t>();
}

[[nodiscard]] std::optional<double> amount(const Json& object, const char* key) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number() || !std::isfinite(value->get<double>()) || value->get<double>() < 0) {
    throw ParseError(fmt::format("'{}' is {}, expected a number of 0 or more", key, value->dump()));
  }
  return value->get<double>();
}

[[nodiscard]] std::optional<bool> flag(const Json& object, const char* key) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean())
    throw ParseError(fmt::format("'{}' is {}, expected true or false", key, json_kind(*value)));
  return value->get<bool>();
}

[[nodiscard]] core::ShapeArg shape(std::string_view text) {
  try {
    return core::parse_shape_arg(text);
  } catch (const core::InputError& error) {
    throw ParseError(fmt::format("'shapes': {}", error.what()));
  }
}

// Splits one CSV line into cells; a quoted cell may hold commas and doubled quotes.
[[nodiscard]] std::vector<std::string> csv_cells(std::string_view line, std::size_t number) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"' && cells.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  if (quoted) throw ParseError(fmt::format("line {}: a quoted cell is not closed", number));
  return cells;
}

[[nodiscard]] std::optional<double> csv_value(const std::string& cell, std::size_t number,
                                              const char* column) {
  if (cell.empty()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc{} || end != cell.data() + cell.size()) {
    throw ParseError(fmt::format("line {}: {} '{}' is not a number", number, column, cell));
  }
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

std::vector<ComparisonRow> parse_comparison_csv(std::string_view text) {
  std::vector<ComparisonRow> rows;
  std::size_t number = 0;
  std::size_t start = 0;
  bool header = false;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    std::string_view line =
        text.substr(start, newline == std::string_view::npos ? text.npos : newline - start);
    start = newline == std::string_view::npos ? text.size() : newline + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::vector<std::string> cells = csv_cells(line, number);
    if (!header) {
      const std::vector<std::string> expected = {"category",     "metric", "pt_value",
                                                 "engine_value", "delta",  "ratio"};
      if (cells != expected) {
        throw ParseError(fmt::format(
            "line {}: the header must be category,metric,pt_value,engine_value,delta,ratio", number));
      }
      header = true;
      continue;
    }
    if (cells.size() != 6) {
      throw ParseError(fmt::format("line {}: {} cells, expected 6", number, cells.size()));
    }
    rows.push_back({cells[0], cells[1], csv_value(cells[2], number, "pt_value"),
                    csv_value(cells[3], number, "engine_value"), csv_value(cells[4], number, "delta"),
                    csv_value(cells[5], number, "ratio")});
  }
  if (!header) throw ParseError("the file is empty");
  return rows;
}

Json parse_output_diff(std::string_view text) {
  const JsonText json = parse_json_text(text);
  const Json& in = object(json);
  for (const auto& [key, value] : in.items()) {
    if (!value.is_number() && !value.is_null()) {
      throw ParseError(fmt::format("'{}' is {}, expected a number", key, json_kind(value)));
    }
  }
  return in;
}

namespace {

// "command": ours is the argument vector; run_trtexec.sh's is one string, split as its shell would have.
[[nodiscard]] std::vector<std::string> command_field(const Json& in) {
  const Json* command = find(in, "command");
  if (command == nullptr || command->is_null()) return {};
  if (command->is_string()) {
    try {
      return split_words(command->get<std::string>());
    } catch (const core::InputError&) {
      return {};  // an unclosed quote: the flags cannot be told, so the timing mode is left unknown
    }
  }
  std::vector<std::string> argv;
  if (command->is_array()) {
    for (const Json& item : *command) {
      if (!item.is_string()) throw ParseError("'command' must be a list of strings");
      argv.push_back(item.get<std::string>());
    }
    return argv;
  }
  throw ParseError(fmt::format("'command' is {}, expected a list of strings", json_kind(*command)));
}

}  // namespace

RunConfigFacts parse_run_config(std::string_view text) {
  const JsonText json = parse_json_text(text);
  const Json& in = object(json);
  RunConfigFacts facts;
  facts.json = in;
  facts.batch = whole(in, "batch", 1);
  facts.warmup_ms = amount(in, "warmup_ms");
  if (!facts.warmup_ms) facts.warmup_ms = amount(in, "warmup");
  facts.duration_s = amount(in, "duration_s");
  facts.iterations = whole(in, "iterations", 1);
  facts.cuda_graph = flag(in, "cuda_graph");
  if (!facts.cuda_graph) facts.cuda_graph = flag(in, "use_cuda_graph");
  if (const Json* shapes = find(in, "shapes")) {
    if (shapes->is_string()) {
      const std::string all = shapes->get<std::string>();
      std::size_t start = 0;
      while (start < all.size()) {
        const std::size_t comma = all.find(',', start);
        const std::size_t end = comma == std::string::npos ? all.size() : comma;
        facts.shapes.push_back(shape(std::string_view(all).substr(start, end - start)));
        start = end + 1;
      }
    } else if (shapes->is_array()) {
      for (const Json& item : *shapes) {
        if (!item.is_string()) throw ParseError("'shapes' must hold strings such as \"input:1x3x224x224\"");
        facts.shapes.push_back(shape(item.get<std::string>()));
      }
    } else {
      throw ParseError(
          fmt::format("'shapes' is {}, expected a list of \"name:1x3x224x224\"", json_kind(*shapes)));
    }
  }
  facts.host = string_field(in, "host");
  facts.timestamp_utc = string_field(in, "timestamp_utc");
  if (!facts.timestamp_utc) facts.timestamp_utc = string_field(in, "timestamp_iso");
  facts.tensorrt_version = string_field(in, "tensorrt_version");
  facts.command = command_field(in);
  return facts;
}

EngineFacts parse_engine_metadata(std::string_view text_in) {
  const JsonText json = parse_json_text(text_in);
  const Json& in = object(json);
  EngineFacts facts;
  facts.json = in;
  facts.path = string_field(in, "path");
  if (const std::optional<std::int64_t> size = whole(in, "size_bytes", 0)) {
    facts.size_bytes = static_cast<std::uint64_t>(*size);
  }
  facts.sha256 = string_field(in, "sha256");
  facts.mtime_utc = string_field(in, "modified_iso");
  facts.batch = whole(in, "batch", 1);
  return facts;
}

}  // namespace ib::trtexec
