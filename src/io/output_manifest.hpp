#pragma once
// An output folder used again keeps nothing stale: each `run` or `report` into a folder lists the files it wrote
// there in a manifest (MANIFEST_NAME, written last), and the next command into that folder removes the files
// the previous one listed and it did not write again: a depth figure or saved outputs/*.npy of an earlier
// run. A file the manifest does not list (the user's own) is never touched (docs/reports.md).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ib::io {

/// Tracks one command's writes into `dir` (and its subfolders one level down, e.g. outputs/).
/// Construct it just before the command writes, call finish() after the last write.
class OutputManifest {
 public:
  static constexpr const char* kFileName = ".inferbench-files.json";

  /// Reads the folder's previous manifest (none, or an unreadable one: nothing is removed) and notes the
  /// inode of every file there, so finish() can tell which files this command created. A file someone else
  /// creates in the folder while this command writes would be taken for ours: the window is the writing
  /// only (seconds), not the measurement.
  explicit OutputManifest(std::filesystem::path dir);

  /// A file this command needs but does not write (a report's own result.json and the output maps it
  /// names): it stays, and stays listed when the previous manifest listed it. Absolute, or relative to the
  /// current directory.
  void keep(const std::filesystem::path& file);

  /// Removes what the previous manifest listed and this command neither wrote nor kept (regular files only;
  /// a subfolder emptied by that goes too), then writes the new manifest atomically. Returns the removed
  /// files, relative to the folder. Throws core::InputError when the manifest cannot be written.
  std::vector<std::string> finish();

  /// The previous manifest's entries: relative paths inside the folder; anything else (absolute, "..",
  /// deeper than one subfolder) is dropped, so a crafted manifest cannot point outside it.
  [[nodiscard]] const std::vector<std::string>& previous() const noexcept { return previous_; }

 private:
  struct Identity {
    unsigned long long device = 0;
    unsigned long long inode = 0;
    bool operator==(const Identity&) const = default;
  };
  [[nodiscard]] std::map<std::string, Identity> scan() const;

  std::filesystem::path dir_;
  std::vector<std::string> previous_;
  std::map<std::string, Identity> before_;
  std::vector<std::string> kept_;
};

}  // namespace ib::io
