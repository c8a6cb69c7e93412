#pragma once
// A result as text: the versioned JSON form (docs/result-schema.md) that `inferbench run` writes and
// `inferbench report` reads back.
#include <string>
#include <string_view>

#include "inferbench/result.hpp"

namespace ib::result {

/// Pretty JSON text (2-space indent, trailing newline) with keys in the documented order. Strings that are
/// not valid UTF-8 (a hostname, an argument) have their bad bytes replaced by U+FFFD rather than failing the
/// write.
/// Throws std::invalid_argument like to_json.
[[nodiscard]] std::string serialize_result(const Result& result);

/// Parses JSON text and reads the result, preserving the written order of percentiles and shapes. Throws
/// ib::core::InputError("result file: ...") for text that is not JSON or not a valid result.
[[nodiscard]] Result parse_result(std::string_view text);

}  // namespace ib::result
