#pragma once
// The terminal summary of a result: one row per run (model, backend, device, mean, std, the configured
// percentiles, min, max, FPS; latencies in ms), then per run, where it has them: breakdown, startup, adaptive
// stop, telemetry (GPU util, power, energy per inference, SM clock before -> after), process cost (CPU time
// per inference, peak RSS) and quality (cross-engine MAE/RMSE/max vs the reference; depth metrics vs ground
// truth, saying "single image" or "dataset average over N images"), then warnings and errors. Numbers come
// from run_stats.hpp (the samples; stored stats only for a run without samples, marked), sizes from
// format_bytes(). Reads the result model only; measures nothing.
#include <ostream>

#include "inferbench/result.hpp"

namespace ib::report {

void print_console_table(std::ostream& out, const result::Result& result);

}  // namespace ib::report
