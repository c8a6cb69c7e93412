#pragma once
// `inferbench run --model x.engine` in a build without the TensorRT library: each engine runs through
// trtexec (`inferbench trtexec run`'s code), and its artefacts become the run of the result, in the same
// schema as a native run: backend "trtexec" (timed by trtexec, not by inferbench's runner), the warning that
// says what trtexec's Latency meant in this run (timing_mode.hpp), and the per-layer profile. The artefacts
// stay in <output dir>/trtexec/<run name>/.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "inferbench/spec.hpp"
#include "trtexec/log.hpp"
#include "trtexec/run.hpp"

namespace ib::trtexec {

struct EngineRouteRequest {
  std::optional<std::string> trtexec;  ///< --trtexec PATH; else trtexec on PATH, else kTensorrtBinFallback
  std::string library_reason;          ///< why the tensorrt backend is unavailable (for the error without trtexec)
  /// Raised (by a signal handler) to stop: no further engine starts, core::RunError "interrupted". May be null.
  const std::atomic<bool>* stop = nullptr;
};

/// How one engine was run, for a second look at it (the quality pass, trtexec_backend.hpp).
struct RoutedRun {
  RunRequest request;               ///< the timed run's request (its folder holds the artefacts)
  std::vector<LogBinding> bindings;  ///< the IO tensors its log names
};

struct EngineRouteOutcome {
  result::Result result;
  std::vector<RoutedRun> routed;   ///< one per run of the result, in order
  std::vector<std::string> notes;  ///< settings trtexec could not be given, for stderr
};

/// Runs every spec of `plan` through trtexec, in order. Throws core::UnavailableError naming both ways (a
/// build with TensorRT, or a trtexec) when no trtexec is found, core::InputError for what trtexec cannot be
/// told (an unnamed --shape, a --backend other than tensorrt), core::RunError when trtexec fails (its exit
/// code and the log's path).
[[nodiscard]] EngineRouteOutcome run_engines_with_trtexec(const Plan& plan, const EngineRouteRequest& request);

}  // namespace ib::trtexec
