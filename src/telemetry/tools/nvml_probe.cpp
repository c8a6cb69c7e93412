// nvml_probe: checks the telemetry library against a real GPU. Opens NVML, prints what describe_gpus reads,
// samples one GPU (20 samples at 0.1 s by default) and prints each metric's mean and what each query cost.
// Usage: nvml_probe [--gpu-id N] [--interval S] [--samples N] [--library NAME]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.hpp"
#include "result/warning_text.hpp"
#include "telemetry/clock_event_reasons.hpp"
#include "telemetry/edge_reading.hpp"
#include "telemetry/gpu_description.hpp"
#include "telemetry/nvml_session.hpp"
#include "telemetry/nvml_source.hpp"
#include "telemetry/sampler.hpp"
#include "telemetry/telemetry_summary.hpp"

namespace {

using namespace ib;

struct Options {
  int gpu_id = 0;
  double interval_s = 0.1;
  int samples = 20;
  std::string library = telemetry::kNvmlLibraryName;
};

template <typename T>
std::string show(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : std::string("n/a");
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (value == nullptr) throw std::invalid_argument(fmt::format("{} needs a value", flag));
    if (flag == "--gpu-id") {
      options.gpu_id = std::stoi(value);
    } else if (flag == "--interval") {
      options.interval_s = std::stod(value);
    } else if (flag == "--samples") {
      options.samples = std::stoi(value);
    } else if (flag == "--library") {
      options.library = value;
    } else {
      throw std::invalid_argument(fmt::format("unknown flag {}", flag));
    }
    ++i;
  }
  return options;
}

void print_gpus(const telemetry::NvmlSession& session) {
  const result::NvmlInfo info = telemetry::describe_gpus(session);
  fmt::print("NVML {}  driver {}  available {}  {}\n", show(info.nvml_version),
             show(session.driver_version()), info.available, info.reason);
  for (const result::GpuDetails& gpu : info.gpus) {
    fmt::print("GPU {}: {}  {}  pci {}\n", gpu.index, gpu.name, gpu.uuid, gpu.pci_bus_id);
    fmt::print(
        "  PCIe gen {} x{} (max gen {} x{})  power limit {} W  persistence {}  compute mode {}  ECC {}\n",
        show(gpu.pcie_generation), show(gpu.pcie_width), show(gpu.pcie_max_generation),
        show(gpu.pcie_max_width), show(gpu.power_limit_w), show(gpu.persistence_mode), show(gpu.compute_mode),
        show(gpu.ecc_enabled));
    fmt::print("  SM clock {} / max {} MHz  memory clock {} / max {} MHz\n", show(gpu.sm_clock_mhz),
               show(gpu.sm_clock_max_mhz), show(gpu.memory_clock_mhz), show(gpu.memory_clock_max_mhz));
    fmt::print("  SM application clock {} (default {}) MHz  clocks locked {}  default power limit {} W  MIG {}\n",
               show(gpu.sm_applications_clock_mhz), show(gpu.sm_default_applications_clock_mhz),
               show(gpu.clocks_locked), show(gpu.default_power_limit_w), show(gpu.mig_enabled));
  }
}

int probe(const Options& options) {
  telemetry::NvmlOpenResult nvml = telemetry::open_nvml(options.library);
  if (!nvml.available()) {
    fmt::print("{}\n", nvml.message());
    return 3;
  }
  const telemetry::NvmlSession& session = *nvml.session;
  print_gpus(session);

  const telemetry::NvmlDevice device = session.device(options.gpu_id);
  core::SteadyClock clock;
  telemetry::NvmlSource source(device, clock);
  fmt::print("\nmetrics of GPU {} (energy every {} s, GPM every {} s):\n", device.index,
             source.options().energy_interval_s, source.options().gpm_interval_s);
  for (const telemetry::MetricInfo& info : source.metrics()) {
    fmt::print("  {:<16} {:<4} {}\n", info.name, info.unit,
               info.supported ? std::string("supported") : "unsupported: " + info.unsupported_reason);
  }
  fmt::print("  {:<16}      {}\n", telemetry::metric::kClockEventReasons,
             source.has_clock_event_reasons()
                 ? std::string("supported")
                 : "unsupported: " + source.clock_event_reasons_unsupported_reason());

  telemetry::PassEdges edges;
  const auto edge_start = std::chrono::steady_clock::now();
  edges.before = telemetry::read_edge(device, telemetry::Edge::before_pass);
  const double edge_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - edge_start).count();

  telemetry::Sampler sampler(source, {options.interval_s, "separate"});
  const auto start = std::chrono::steady_clock::now();
  sampler.start();
  // Sleep until just past the last sample's grid point, so `samples` samples are taken.
  std::this_thread::sleep_for(std::chrono::duration<double>(options.interval_s * (options.samples - 0.5)));
  const result::Telemetry telemetry = sampler.stop();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  edges.after = telemetry::read_edge(device, telemetry::Edge::after_pass);

  fmt::print(
      "\n{} samples in {:.3f} s (interval {} s); one sample cost mean {:.3f} ms, max {:.3f} ms; "
      "edge reading {:.3f} ms\n",
      telemetry.time_s.size(), wall_s, telemetry.interval_s, telemetry.sample_cost_mean_ms,
      telemetry.sample_cost_max_ms, edge_ms);
  fmt::print("sample times (s):");
  for (const double t : telemetry.time_s) fmt::print(" {:.4f}", t);
  fmt::print("\n");
  const result::TelemetrySummary summary = telemetry::summarize_telemetry(&telemetry, edges, 0, wall_s);
  fmt::print("\n{:<16} {:<4} {:>6} {:>12} {:>12} {:>12}\n", "metric", "unit", "count", "mean", "min", "max");
  for (const result::MetricSummary& metric : summary.metrics) {
    fmt::print("{:<16} {:<4} {:>6} {:>12.3f} {:>12.3f} {:>12.3f}\n", metric.name, metric.unit, metric.count,
               metric.mean, metric.min, metric.max);
  }
  fmt::print("\n{:<20} {:>6} {:>12} {:>12}\n", "query", "calls", "mean ms", "max ms");
  for (const result::QueryCost& cost : telemetry.query_costs) {
    fmt::print("{:<20} {:>6} {:>12.4f} {:>12.4f}\n", cost.metric, cost.calls, cost.mean_ms, cost.max_ms);
  }
  fmt::print("\nunsupported: {}\n", fmt::join(telemetry.unsupported, ", "));
  fmt::print("failed queries: {}  errors: {}\n", telemetry.failed_queries,
             fmt::join(telemetry.errors, " | "));
  fmt::print("energy over the sampling: {} J, mean power {} W, peak sampled power {} W\n",
             show(summary.energy_j), show(summary.mean_power_w), show(summary.peak_power_w));
  fmt::print("SM clock before {} MHz, after {} MHz, drop {}\n", show(summary.sm_clock_before_mhz),
             show(summary.sm_clock_after_mhz), show(summary.clock_drop_fraction));
  fmt::print("reasons seen: {}\n", fmt::join(summary.throttle_reasons, ", "));
  for (const result::Warning& warning : telemetry::telemetry_warnings(summary, &telemetry, &edges)) {
    fmt::print("warning: {}\n", result::warning_text(warning));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return probe(parse(argc, argv));
  } catch (const std::exception& error) {
    fmt::print(stderr, "nvml_probe: {}\n", error.what());
    return 1;
  }
}
