#pragma once
// Everything a result folder should hold besides result.json, written in one call: the figures
// (speed_benchmark, latency_hist, latency_percentiles, gpu_utilization, depth_comparison; PNG, SVG with
// --svg, each with its .dat and .gp) and the exports (summary.csv, samples.csv, summary.md). `inferbench run`
// calls it after writing result.json, `inferbench report` on a result read back, on any machine. Figures
// never fail: what could not be drawn is a note. docs/reports.md describes each file.
#include "inferbench/report.hpp"
