#include "telemetry/process_meter.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace ib::telemetry {
namespace {

// The shape of a real /proc/self/status (Linux 6.1), trimmed.
constexpr std::string_view kStatus =
    "Name:\tinferbench\n"
    "Umask:\t0022\n"
    "State:\tR (running)\n"
    "VmPeak:\t 4215308 kB\n"
    "VmSize:\t 4150772 kB\n"
    "VmHWM:\t  812344 kB\n"
    "VmRSS:\t  790120 kB\n"
    "Threads:\t5\n";

TEST(ProcStatus, ReadsPeakAndCurrentResidentMemory) {
  const ProcStatus status = parse_proc_status(kStatus);
  EXPECT_EQ(status.vm_hwm_bytes, 812344ULL * 1024);
  EXPECT_EQ(status.vm_rss_bytes, 790120ULL * 1024);
}

TEST(ProcStatus, MissingOrMalformedFieldsStayEmpty) {
  EXPECT_EQ(parse_proc_status("").vm_hwm_bytes, std::nullopt);
  EXPECT_EQ(parse_proc_status("Name:\tx\nVmRSS:\t12 kB").vm_hwm_bytes, std::nullopt);
  EXPECT_EQ(parse_proc_status("Name:\tx\nVmRSS:\t12 kB").vm_rss_bytes, 12ULL * 1024);  // no final newline
  EXPECT_EQ(parse_proc_status("VmHWM:\tlots kB\n").vm_hwm_bytes, std::nullopt);
  EXPECT_EQ(parse_proc_status("VmHWM:\t12 MB\n").vm_hwm_bytes, std::nullopt);
  EXPECT_EQ(parse_proc_status("VmHWM:\t12\n").vm_hwm_bytes, std::nullopt);
  EXPECT_EQ(parse_proc_status("VmHWM12 kB\n").vm_hwm_bytes, std::nullopt);
}

TEST(ProcessMeter, MeasuresCpuTimeAndPeakMemoryOfThisProcess) {
  ProcessMeter meter;
  meter.start();
  // Burn 50 ms of CPU, measured by CPU time itself, so the test is as long on a fast machine as on a slow
  // one.
  const std::clock_t begin = std::clock();
  volatile double sink = 0;
  while (std::clock() - begin < CLOCKS_PER_SEC / 20) sink = sink + 1.0;
  constexpr std::size_t kBuffer = 64ULL * 1024 * 1024;
  std::vector<char> buffer(kBuffer);
  for (std::size_t i = 0; i < buffer.size(); i += 4096) buffer[i] = static_cast<char>(i);
  const ProcessCostReading reading = meter.stop(100);

  const double cpu_s = reading.cost.cpu_user_s + reading.cost.cpu_system_s;
  EXPECT_GE(cpu_s, 0.04);
  EXPECT_DOUBLE_EQ(reading.cost.cpu_ms_per_inference, cpu_s * 1000.0 / 100);
  EXPECT_GE(reading.cost.peak_rss_bytes, kBuffer);
  EXPECT_EQ(buffer[4096], static_cast<char>(4096));
}

TEST(ProcessMeter, SaysWhenThePeakIsTheProcessLifetimes) {
  // A /proc stand-in without clear_refs: the reset cannot happen, and no file may be created trying.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ib_process_meter_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "status") << "VmHWM:\t2048 kB\nVmRSS:\t1024 kB\n";
  ProcessMeter meter(dir);
  meter.start();
  const ProcessCostReading reading = meter.stop(0);
  EXPECT_TRUE(reading.peak_rss_is_lifetime);
  EXPECT_EQ(reading.cost.peak_rss_bytes, 2048ULL * 1024);
  EXPECT_EQ(reading.cost.cpu_ms_per_inference, 0.0);
  EXPECT_FALSE(std::filesystem::exists(dir / "clear_refs"));
  std::filesystem::remove_all(dir);
}

TEST(ProcessMeter, StopNeedsStart) {
  const ProcessMeter meter;
  EXPECT_THROW((void)meter.stop(1), std::logic_error);
}

}  // namespace
}  // namespace ib::telemetry
