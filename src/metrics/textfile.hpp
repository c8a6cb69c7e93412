#pragma once
// `--metrics-textfile FILE`: the finished result's metrics in the classic text format, for node-exporter's
// textfile collector (which reads *.prom files in its directory). Written atomically (io/atomic_file), so the
// collector never reads half a file.
#include <filesystem>

#include "inferbench/result.hpp"

namespace ib::metrics {

/// The exposition of every run of `result` (classic format).
[[nodiscard]] std::string result_exposition(const result::Result& result);

/// Writes result_exposition(result) to `path` atomically. Throws core::InputError when it cannot.
void write_textfile(const std::filesystem::path& path, const result::Result& result);

}  // namespace ib::metrics
