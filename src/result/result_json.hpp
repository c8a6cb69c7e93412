#pragma once
// The versioned JSON form of a Result (docs/result-schema.md): what `inferbench run` writes and `inferbench
// report` reads back, possibly on another machine and from another version, so reading validates everything
// it touches.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "inferbench/result.hpp"
#include "inferbench/result_io.hpp"

namespace ib::result {

/// The JSON object of `result`. Non-finite doubles become null (JSON has no NaN). nlohmann::json sorts object
/// keys; serialize_result keeps the documented key order. Stage summaries are keys of "stats" found by their
/// "_ms" suffix, so a stage named otherwise, "latency_ms", or twice throws std::invalid_argument (a caller's
/// bug: the file could not hold it). Latency intervals live inside stats.latency_ms, so a run without a
/// latency summary does not keep them.
[[nodiscard]] nlohmann::json to_json(const Result& result);

/// Reads a result object. Unknown keys are ignored (newer minor versions may add some); a missing required
/// key, a wrong type, a value out of range or an unsupported major schema version throws
/// ib::core::InputError("result file: <what is wrong>"). Keys added in 1.1 may be absent from a 1.0.x file
/// and then keep the model's defaults. A std::map-backed object has lost the written order: percentiles come
/// back in config order, intervals by ascending p, stages as enqueue, h2d, compute, d2h, then others by name.
[[nodiscard]] Result result_from_json(const nlohmann::json& json);

}  // namespace ib::result
