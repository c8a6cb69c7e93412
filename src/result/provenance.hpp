#pragma once
// Provenance: where and how a run was measured (GPU, driver, clocks, power cap, CPU, build, backend,
// precision), read from its result, and what differs between two runs. A comparison across a difference that
// moves numbers (another GPU or driver, a lower power cap, fp16 against fp32) says nothing about the code, so
// `inferbench compare` calls it "not comparable" (docs/reports.md).
#include <string>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::result {

/// One fact about a run's setting: its name, its value as text ("" when the result does not say), and
/// whether a change in it moves latency (true) or is only worth knowing (false: host name, model file).
struct ProvenanceFact {
  std::string what;
  std::string value;
  bool moves_numbers = false;
};

struct ProvenanceDifference {
  std::string what;
  std::string base;
  std::string next;
  bool moves_numbers = false;
  bool operator==(const ProvenanceDifference&) const = default;
};

/// The facts of `run` (one of `result`'s runs), always the same names in the same order. GPU facts only for
/// a run on a GPU; its NVML details are those of the GPU the telemetry sampled, else of the GPU of the same
/// name.
[[nodiscard]] std::vector<ProvenanceFact> provenance_facts(const Result& result, const Run& run);

/// The facts known on both sides (a fact only one result records, e.g. a file written before it existed, is
/// no difference) whose values differ, in provenance_facts' order.
[[nodiscard]] std::vector<ProvenanceDifference> provenance_differences(const Result& base_result,
                                                                       const Run& base,
                                                                       const Result& next_result,
                                                                       const Run& next);

}  // namespace ib::result
