#pragma once
// What trtexec's "latency" means in one run, and the flags that make it mean what the user asked. TensorRT 11
// changed trtexec's defaults (samples/common/sampleOptions.cpp of NVIDIA/TensorRT 11.0+): CUDA graphs and
// spin-wait on, host<->device copies off, profiling always in a separate run; the new flags --noCudaGraph,
// --noSpinWait and --includeDataTransfers turn them back, and the old --useCudaGraph, --useSpinWait,
// --noDataTransfers and --separateProfileRun only print a deprecation warning. `inferbench trtexec run` keeps
// one meaning on every version (no CUDA graph, blocking sync, copies included: trtexec's defaults up to 10.x)
// unless the user asks otherwise, and records what the run did.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ib::trtexec {

struct TimingMode {
  bool cuda_graph = false;
  bool spin_wait = false;
  bool data_transfers = true;  ///< Latency = H2D + compute + D2H; false: compute alone (H2D/D2H are 0)
  bool operator==(const TimingMode&) const = default;
};

/// The version in trtexec's banner line ("&&&& RUNNING TensorRT.trtexec [TensorRT v110100] [b106] # ..."),
/// "11.1.0"; nullopt when `text` has no banner.
[[nodiscard]] std::optional<std::string> banner_version(std::string_view text);

/// The major version of "11.1.0" (11); nullopt for text that does not start with a number.
[[nodiscard]] std::optional<int> major_version(const std::optional<std::string>& version);

/// The flags that give `asked` on trtexec `major` (unknown: up to 10.x, whose flags 11.x still accepts):
/// 11+: --noCudaGraph, --noSpinWait, --includeDataTransfers where `asked` differs from 11's defaults;
/// up to 10: --useCudaGraph, --useSpinWait, --noDataTransfers where it differs from those versions' defaults.
[[nodiscard]] std::vector<std::string> timing_flags(const TimingMode& asked, std::optional<int> major);

/// What a run with `argv` did on trtexec `major` (nullopt: unknown, read as up to 10.x): the version's
/// defaults, changed by the flags among `argv` that this version honours (old ones are no-ops on 11+).
[[nodiscard]] TimingMode effective_timing(std::optional<int> major, std::span<const std::string> argv);

/// A sentence for the result: "trtexec 11.1.0's Latency: GPU compute only (no host copies), CUDA graph,
/// spin-wait; pipelined (the next inference queued behind it)".
[[nodiscard]] std::string latency_meaning(const TimingMode& mode, const std::optional<std::string>& version);

}  // namespace ib::trtexec
