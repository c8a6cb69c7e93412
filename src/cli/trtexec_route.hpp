#pragma once
// `inferbench run` on TensorRT engines in a build without the TensorRT library: the engines run through
// trtexec (trtexec/engine_route.hpp) and the result goes through the same files and reports as a native run's.
#include <optional>
#include <ostream>
#include <string>

#include "cli/interrupt.hpp"
#include "inferbench/registry.hpp"
#include "inferbench/spec.hpp"
#include "plan/run_options.hpp"

namespace ib::cli {

/// Why the plan's engines cannot run natively (the tensorrt backend's unavailability), when every run of the
/// plan is a TensorRT engine and this build has no TensorRT; nullopt otherwise.
[[nodiscard]] std::optional<std::string> engines_need_trtexec(const Plan& plan, const backends::Registry& registry);

/// Runs the plan through trtexec, writes result.json and the reports into the plan's output folder and prints
/// the console table. Returns the exit code (0, or 1 when a report could not be written); throws core errors.
/// A signal (`interrupt`) stops before the next engine (trtexec itself gets the terminal's Ctrl-C): no result
/// is written and the exit code is 130 or 143.
[[nodiscard]] int run_engines_through_trtexec(const Plan& plan, const plan::RunOptions& options,
                                              const std::string& library_reason, const InterruptGuard& interrupt,
                                              std::ostream& out, std::ostream& err);

}  // namespace ib::cli
