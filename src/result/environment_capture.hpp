#pragma once
// What machine and build a result came from, read from the host (hostname, CPU, OS, kernel, compiler,
// version), so numbers from different machines are never compared unknowingly. GPU and backend fields are
// filled elsewhere.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "inferbench/result.hpp"

namespace ib::result {

/// Host part of the environment; `gpus`, the CUDA/driver versions and `backends` are left empty.
[[nodiscard]] Environment capture_host_environment(std::span<const std::string> command_line);

/// PRETTY_NAME from the text of /etc/os-release, with its shell-style quoting removed; "unknown" when absent.
[[nodiscard]] std::string os_pretty_name(std::string_view os_release_text);

/// The first "model name" of the text of /proc/cpuinfo, blanks collapsed; "unknown" when absent (some ARM
/// kernels).
[[nodiscard]] std::string cpu_model_name(std::string_view cpuinfo_text);

/// ISO 8601 UTC to the second: 2026-11-22T23:01:02Z.
[[nodiscard]] std::string format_utc_timestamp(std::chrono::system_clock::time_point time);

}  // namespace ib::result
