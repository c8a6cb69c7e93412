#include "backends/torch_error_text.hpp"

#include <array>
#include <cctype>
#include <vector>

namespace ib::backends {
namespace {

[[nodiscard]] std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Lines torch appends to many CUDA errors whatever the error was, and the start of its C++ backtraces.
[[nodiscard]] bool is_footer(std::string_view line) {
  static constexpr std::array<std::string_view, 7> kFooters = {
      "CUDA kernel errors might be asynchronously reported",
      "For debugging consider passing CUDA_LAUNCH_BLOCKING",
      "Compile with `TORCH_USE_CUDA_DSA`",
      "Device-side assertion tracking was not enabled",
      "Exception raised from ",
      "frame #",
      "Search for `cuda",
  };
  for (const std::string_view footer : kFooters) {
    if (line.starts_with(footer)) return true;
  }
  return false;
}

// "RuntimeError: reason" -> "reason"; nullopt-like empty view when the line names no exception class.
[[nodiscard]] std::string_view after_error_class(std::string_view line) {
  const std::size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view name = line.substr(0, colon);
  if (!(name.ends_with("Error") || name.ends_with("Exception"))) return {};
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return {};
  }
  return trim(line.substr(colon + 2));
}

[[nodiscard]] std::vector<std::string_view> meaningful_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trim(text.substr(start, end - start));
    if (!line.empty() && !is_footer(line)) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string torch_error_line(std::string_view message) {
  const std::vector<std::string_view> lines = meaningful_lines(message);
  if (lines.empty()) return "unknown error";
  // The interpreter's wrapper says only that an operation failed, then prints TorchScript tracebacks (file,
  // code and "~~~ <--- HERE" lines); the wrapped error follows them as "SomeError: reason".
  if (lines.front().find("TorchScript interpreter") != std::string_view::npos) {
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const std::string_view reason = after_error_class(lines[i]);
      if (!reason.empty()) return std::string(reason);
    }
    return std::string(lines.size() > 1 ? lines.back() : lines.front());
  }
  const std::string_view reason = after_error_class(lines.front());
  return std::string(reason.empty() ? lines.front() : reason);
}

}  // namespace ib::backends
