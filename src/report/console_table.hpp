#pragma once
// The terminal summary of a result: one row per run (model, backend, device, mean, std, the configured
// percentiles, min, max, FPS; latencies in ms), then each run's warnings. Reads the result model only;
// measures nothing.
#include <ostream>

#include "result/run_result.hpp"

namespace ib::report {

void print_console_table(std::ostream& out, const result::Result& result);

}  // namespace ib::report
