#pragma once
// The GPU's state at the edges of the speed pass: SM clock, energy counter and clock-event reasons, read just
// before its first timed iteration and just after its last (outside the timed region: the energy counter
// alone costs ~3 ms). Their differences give the pass's energy and its clock drop without sampling during it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "telemetry/nvml_session.hpp"

namespace ib::telemetry {

struct EdgeReading {
  std::optional<double> sm_clock_mhz;
  std::optional<double> energy_j;  ///< counter since the driver loaded (NVML's mJ / 1000)
  std::optional<std::uint64_t> clock_event_reasons;
  /// Failures other than "not supported", one message each (a missing value is otherwise just absent).
  std::vector<std::string> errors;
};

/// Which edge: the energy counter is read last before the pass and first after it, closest to the pass.
enum class Edge { before_pass, after_pass };

/// The clock-event reason mask now, through the current entry point or its older name; `call` names the one
/// used (for a message). NVML_ERROR_FUNCTION_NOT_FOUND when the library has neither.
[[nodiscard]] nvml::nvmlReturn_t query_clock_event_reasons(const NvmlDevice& device, unsigned long long& mask,
                                                           const char*& call);

/// Reads the three values; never throws for NVML's failures (they go to errors).
[[nodiscard]] EdgeReading read_edge(const NvmlDevice& device, Edge edge);

}  // namespace ib::telemetry
