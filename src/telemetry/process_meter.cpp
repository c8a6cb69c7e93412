#include "telemetry/process_meter.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include "core/text.hpp"

namespace ib::telemetry {
namespace {

using core::trim;

/// "  123456 kB" -> 123456 * 1024; nullopt unless a number followed by kB (the only unit the kernel writes).
std::optional<std::uint64_t> parse_kilobytes(std::string_view text) {
  text = trim(text);
  std::uint64_t kilobytes = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), kilobytes);
  if (error != std::errc{} || end == text.data()) return std::nullopt;
  if (trim(std::string_view(end, static_cast<std::size_t>(text.data() + text.size() - end))) != "kB") {
    return std::nullopt;
  }
  return kilobytes * 1024;
}

double seconds(const timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

struct CpuTimes {
  double user_s = 0;
  double system_s = 0;
  std::uint64_t max_rss_bytes = 0;  // lifetime peak, the fallback where /proc is missing
};

CpuTimes cpu_times() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);  // cannot fail for RUSAGE_SELF with a valid pointer
  return {seconds(usage.ru_utime), seconds(usage.ru_stime),
          static_cast<std::uint64_t>(usage.ru_maxrss) * 1024};
}

}  // namespace

ProcStatus parse_proc_status(std::string_view text) {
  ProcStatus status;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    if (key == "VmHWM") {
      status.vm_hwm_bytes = parse_kilobytes(line.substr(colon + 1));
    } else if (key == "VmRSS") {
      status.vm_rss_bytes = parse_kilobytes(line.substr(colon + 1));
    }
  }
  return status;
}

ProcessMeter::ProcessMeter(std::filesystem::path proc_self) : proc_self_(std::move(proc_self)) {}

void ProcessMeter::start() {
  // "5" resets the high-water mark of RSS to the current RSS (Linux >= 4.0). open() without O_CREAT: where
  // the file is not there, nothing is created.
  const std::string path = (proc_self_ / "clear_refs").string();
  high_water_mark_reset_ = false;
  if (const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC); fd >= 0) {
    high_water_mark_reset_ = ::write(fd, "5", 1) == 1;
    ::close(fd);
  }
  const CpuTimes now = cpu_times();
  user_s_ = now.user_s;
  system_s_ = now.system_s;
  started_ = true;
}

void set_inferences(ProcessCostReading& reading, std::int64_t inferences) {
  reading.cost.cpu_ms_per_inference = inferences > 0 ? (reading.cost.cpu_user_s + reading.cost.cpu_system_s) *
                                                           1000.0 / static_cast<double>(inferences)
                                                     : 0.0;
}

ProcessCostReading ProcessMeter::stop(std::int64_t inferences) const {
  if (!started_) throw std::logic_error("ProcessMeter::stop without start");
  const CpuTimes now = cpu_times();
  ProcessCostReading reading;
  reading.cost.cpu_user_s = now.user_s - user_s_;
  reading.cost.cpu_system_s = now.system_s - system_s_;
  set_inferences(reading, inferences);
  std::ifstream file(proc_self_ / "status");
  std::ostringstream text;
  text << file.rdbuf();
  const ProcStatus status = parse_proc_status(text.str());
  if (status.vm_hwm_bytes) {
    reading.cost.peak_rss_bytes = *status.vm_hwm_bytes;
    reading.peak_rss_is_lifetime = !high_water_mark_reset_;
  } else {
    reading.cost.peak_rss_bytes = now.max_rss_bytes;
    reading.peak_rss_is_lifetime = true;
  }
  return reading;
}

}  // namespace ib::telemetry
