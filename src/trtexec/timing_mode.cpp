#include "trtexec/timing_mode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "trtexec/log.hpp"

namespace ib::trtexec {
namespace {

[[nodiscard]] bool has(std::span<const std::string> argv, std::string_view flag) {
  // trtexec also takes boolean flags as --flag=true/false; only the bare form and =true switch them here.
  return std::any_of(argv.begin(), argv.end(), [&](const std::string& arg) {
    return arg == flag || arg == std::string(flag) + "=true";
  });
}

[[nodiscard]] bool new_defaults(std::optional<int> major) { return major && *major >= 11; }

}  // namespace

std::optional<std::string> banner_version(std::string_view text) {
  constexpr std::string_view kMarker = "[TensorRT v";
  for (std::size_t at = text.find("&&&& "); at != std::string_view::npos; at = text.find("&&&& ", at + 1)) {
    const std::string_view line = text.substr(at, text.find('\n', at) - at);
    const std::size_t version = line.find(kMarker);
    if (version == std::string_view::npos) continue;
    const std::string_view rest = line.substr(version + kMarker.size());
    if (auto decoded = decode_version_number(rest.substr(0, rest.find(']')))) return decoded;
  }
  return std::nullopt;
}

std::optional<int> major_version(const std::optional<std::string>& version) {
  if (!version) return std::nullopt;
  int major = 0;
  const auto [end, error] = std::from_chars(version->data(), version->data() + version->size(), major);
  if (error != std::errc() || end == version->data()) return std::nullopt;
  return major;
}

std::vector<std::string> timing_flags(const TimingMode& asked, std::optional<int> major) {
  std::vector<std::string> flags;
  if (new_defaults(major)) {
    if (!asked.cuda_graph) flags.emplace_back("--noCudaGraph");
    if (!asked.spin_wait) flags.emplace_back("--noSpinWait");
    if (asked.data_transfers) flags.emplace_back("--includeDataTransfers");
  } else {
    if (asked.cuda_graph) flags.emplace_back("--useCudaGraph");
    if (asked.spin_wait) flags.emplace_back("--useSpinWait");
    if (!asked.data_transfers) flags.emplace_back("--noDataTransfers");
  }
  return flags;
}

TimingMode effective_timing(std::optional<int> major, std::span<const std::string> argv) {
  if (new_defaults(major)) {
    return {.cuda_graph = !has(argv, "--noCudaGraph"),
            .spin_wait = !has(argv, "--noSpinWait"),
            .data_transfers = has(argv, "--includeDataTransfers")};
  }
  return {.cuda_graph = has(argv, "--useCudaGraph"),
          .spin_wait = has(argv, "--useSpinWait"),
          .data_transfers = !has(argv, "--noDataTransfers")};
}

std::string latency_meaning(const TimingMode& mode, const std::optional<std::string>& version) {
  return fmt::format("{}'s Latency: {}, {}, {}; pipelined (the next inference queued behind it)",
                     version ? "trtexec " + *version : std::string("trtexec (version unknown)"),
                     mode.data_transfers ? "H2D + GPU compute + D2H" : "GPU compute only (no host copies)",
                     mode.cuda_graph ? "CUDA graph" : "no CUDA graph",
                     mode.spin_wait ? "spin-wait" : "blocking sync");
}

}  // namespace ib::trtexec
