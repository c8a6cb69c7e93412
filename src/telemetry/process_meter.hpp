#pragma once
// What this process spends over the speed pass, on every machine (no NVML): CPU time (user + system, all
// threads, from getrusage) and peak resident memory. The kernel's high-water mark of RSS is reset at the
// start (writing "5" to /proc/self/clear_refs) so VmHWM at the end is the pass's peak; where the kernel
// refuses the reset, the peak is the process's since it started, and the reading says so.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "inferbench/result.hpp"

namespace ib::telemetry {

/// The fields of /proc/<pid>/status this meter needs, in bytes.
struct ProcStatus {
  std::optional<std::uint64_t> vm_hwm_bytes;  ///< VmHWM: peak resident set size
  std::optional<std::uint64_t> vm_rss_bytes;  ///< VmRSS: resident set size now
};

/// Parses the text of /proc/<pid>/status ("VmHWM:\t  123456 kB" lines); fields absent or malformed stay
/// empty.
[[nodiscard]] ProcStatus parse_proc_status(std::string_view text);

struct ProcessCostReading {
  result::ProcessCost cost;
  /// True when the kernel refused to reset the RSS high-water mark (or /proc is missing): then
  /// cost.peak_rss_bytes is the process's peak since it started, an upper bound of the pass's.
  bool peak_rss_is_lifetime = false;
};

/// Sets cost.cpu_ms_per_inference: the reading's CPU time over `inferences` (iterations x batch); 0 when
/// there were none. For a caller that learns the count only after the reading.
void set_inferences(ProcessCostReading& reading, std::int64_t inferences);

class ProcessMeter {
 public:
  /// `proc_self`: where this process's /proc files are (tests point it elsewhere).
  explicit ProcessMeter(std::filesystem::path proc_self = "/proc/self");

  /// Just before the pass: CPU times now, and the RSS high-water mark reset where allowed.
  void start();
  /// Just after it. `inferences`: iterations x batch (cpu_ms_per_inference is 0 when it is 0). Throws
  /// std::logic_error when start() was not called.
  [[nodiscard]] ProcessCostReading stop(std::int64_t inferences) const;

 private:
  std::filesystem::path proc_self_;
  bool started_ = false;
  bool high_water_mark_reset_ = false;
  double user_s_ = 0;
  double system_s_ = 0;
};

}  // namespace ib::telemetry
