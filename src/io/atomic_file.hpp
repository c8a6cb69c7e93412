#pragma once
// Output files are replaced whole or not at all: a crash, Ctrl-C or full disk mid-write leaves the previous
// file (or no file), never a truncated result that a later `inferbench report` would misread.
#include <filesystem>
#include <string_view>

namespace ib::io {

/// Writes `content` to a temp file beside `path` (".<filename>.tmp.<random>"), fsyncs it and renames it over
/// `path`. On any failure the temp file is removed, `path` is left as it was, and ib::core::InputError names
/// the path and the system's reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Creates `dir` (and its parents) when missing, then proves it writable by creating and removing a temp
/// file, so a run fails before measuring rather than after. Throws ib::core::InputError
/// ("output directory '<dir>' is not writable: <reason>").
void ensure_writable_directory(const std::filesystem::path& dir);

}  // namespace ib::io
