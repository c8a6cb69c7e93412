#pragma once
// `inferbench trtexec parse-times` and `parse-profile`: a trtexec artefact read, its files written into a
// folder, a short summary on the console. `trtexec run` ends with the same two steps.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ib::cli {

/// Each note as a "warning:" line on `err`.
void print_notes(std::ostream& err, const std::vector<std::string>& notes);

/// The times file's summaries, written into `dir`; the table on `out`. Returns the exit code (0).
int parse_times_into(const std::filesystem::path& times, std::optional<std::int64_t> batch,
                     std::optional<double> warmup_ms, const std::vector<std::string>& command_line,
                     const std::filesystem::path& dir, std::ostream& out, std::ostream& err);

/// The per-layer profile's files, written into `dir`; the `top_k` slowest layers on `out`. Returns 0.
int profile_into(const std::filesystem::path& path, std::size_t top_k, const std::filesystem::path& dir,
                 std::ostream& out, std::ostream& err);

}  // namespace ib::cli
