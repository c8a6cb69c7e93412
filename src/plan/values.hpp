#pragma once
// The values of `run` flags that are text on the command line and typed in a plan. Each parser throws
// core::InputError naming its flag, so a bad value gets one line and exit code 2.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/dtype.hpp"
#include "inferbench/spec.hpp"

namespace ib::plan {

/// `--percentiles`: "50,90,95,99" or "50 99.9"; each in 0..100, none twice.
[[nodiscard]] std::vector<double> parse_percentiles(const std::string& text);

/// `--sync`: auto | block | spin | yield.
[[nodiscard]] SyncMode parse_sync_mode(const std::string& text);

/// `--telemetry`: separate | concurrent | off.
[[nodiscard]] TelemetryMode parse_telemetry_mode(const std::string& text);

/// `--dtype`: one precision or several, "fp32,fp16" (in that order; each model runs at each).
[[nodiscard]] std::vector<core::DType> parse_dtype_list(const std::string& text);

/// `--mean` / `--std`: three numbers, "0.485,0.456,0.406".
[[nodiscard]] std::array<float, 3> parse_triple(const std::string& text, const char* flag);

/// "--model FILE@fp16": a model with its own precision, which overrides --dtype. A file whose name really
/// ends that way (it exists, or the suffix holds a '/') is taken as it is.
struct ModelArg {
  std::string spec;
  std::optional<core::DType> dtype;
};
[[nodiscard]] ModelArg parse_model_arg(const std::string& text);

}  // namespace ib::plan
