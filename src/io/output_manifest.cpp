#include "io/output_manifest.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

constexpr int kFormatVersion = 1;

// Entries name files inside the folder or one subfolder down ("result.json", "outputs/a.npy"); the manifest
// is a file anyone could edit, so anything that could reach elsewhere is dropped.
[[nodiscard]] bool is_safe_entry(const std::string& entry) {
  if (entry.empty() || entry == OutputManifest::kFileName) return false;
  const fs::path path(entry);
  if (path.is_absolute() || path.has_root_name()) return false;
  int parts = 0;
  for (const auto& part : path) {
    const std::string text = part.string();
    if (text.empty() || text == "." || text == "..") return false;
    ++parts;
  }
  return parts <= 2;
}

[[nodiscard]] std::vector<std::string> read_entries(const fs::path& manifest) {
  std::ifstream in(manifest, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) return {};
  std::vector<std::string> entries;
  for (const auto& item : doc["files"]) {
    if (item.is_string() && is_safe_entry(item.get<std::string>())) entries.push_back(item.get<std::string>());
  }
  return entries;
}

[[nodiscard]] bool is_plain_file(const fs::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

OutputManifest::OutputManifest(fs::path dir) : dir_(std::move(dir)) {
  if (dir_.empty()) dir_ = ".";
  previous_ = read_entries(dir_ / kFileName);
  before_ = scan();
}

// Every regular file (not hidden: temp files and the manifest are) in the folder, in outputs/ and in the
// subfolders the previous manifest named, by inode: our writers create every file anew (temp file + rename),
// so a file of ours has a new inode even when its bytes did not change, while a file someone else appends to
// during the run (a log the user redirected there) keeps its inode and is never taken for ours.
std::map<std::string, OutputManifest::Identity> OutputManifest::scan() const {
  std::set<std::string> folders{""};
  for (const auto& entry : previous_) {
    const fs::path parent = fs::path(entry).parent_path();
    if (!parent.empty()) folders.insert(parent.string());
  }
  folders.insert("outputs");  // where `run --save-outputs` writes
  std::map<std::string, Identity> files;
  for (const auto& folder : folders) {
    const fs::path path = folder.empty() ? dir_ : dir_ / folder;
    DIR* stream = ::opendir(path.c_str());
    if (stream == nullptr) continue;
    while (const dirent* item = ::readdir(stream)) {
      const std::string name = item->d_name;
      if (name.empty() || name.front() == '.') continue;
      struct stat info {};
      if (::lstat((path / name).c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
      files[folder.empty() ? name : folder + "/" + name] =
          Identity{static_cast<unsigned long long>(info.st_dev), static_cast<unsigned long long>(info.st_ino)};
    }
    ::closedir(stream);
  }
  return files;
}

void OutputManifest::keep(const fs::path& file) {
  std::error_code error;
  const fs::path folder = fs::weakly_canonical(dir_, error);
  if (error) return;
  const fs::path target = fs::weakly_canonical(file, error);
  if (error) return;
  const std::string relative = target.lexically_relative(folder).generic_string();
  if (is_safe_entry(relative)) kept_.push_back(relative);
}

std::vector<std::string> OutputManifest::finish() {
  const std::map<std::string, Identity> after = scan();
  std::set<std::string> current;
  for (const auto& [name, identity] : after) {
    const auto was = before_.find(name);
    if (was == before_.end() || !(was->second == identity)) current.insert(name);
  }
  for (const auto& entry : previous_) {
    if (std::find(kept_.begin(), kept_.end(), entry) != kept_.end()) current.insert(entry);
  }

  std::vector<std::string> removed;
  for (const auto& entry : previous_) {
    if (current.contains(entry)) continue;
    const fs::path path = dir_ / entry;
    if (!is_plain_file(path) || ::unlink(path.c_str()) != 0) continue;
    removed.push_back(entry);
    // A subfolder of ours left empty goes too; one still holding anything (the user's files) fails to go.
    const fs::path parent = fs::path(entry).parent_path();
    if (!parent.empty()) ::rmdir((dir_ / parent).c_str());
  }

  nlohmann::json doc;
  doc["inferbench_manifest"] = kFormatVersion;
  doc["note"] = "files the last inferbench command wrote here; the next one into this folder removes those it "
                "does not write again";
  doc["files"] = std::vector<std::string>(current.begin(), current.end());
  write_file_atomically(dir_ / kFileName, doc.dump(2) + "\n");
  return removed;
}

}  // namespace ib::io
