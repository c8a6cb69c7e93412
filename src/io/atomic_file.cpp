#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <utility>

#include "inferbench/errors.hpp"
#include "io/cleanup_registry.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

[[nodiscard]] std::string reason(int error_number) {
  return std::generic_category().message(error_number);
}

// Owns a freshly created temp file: closes it and, unless the caller kept it, removes it, on every way out.
class TempFile {
 public:
  TempFile(int fd, fs::path path, std::unique_ptr<TrackedTempFile> tracked)
      : fd_(fd), path_(std::move(path)), tracked_(std::move(tracked)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    (void)close();
    if (!kept_) ::unlink(path_.c_str());
  }

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] const fs::path& path() const noexcept { return path_; }
  /// Returns 0 or the errno of close(); close() can report a write the kernel deferred (NFS, quotas).
  [[nodiscard]] int close() noexcept {
    if (fd_ < 0) return 0;
    const int status = ::close(fd_);
    fd_ = -1;
    return status == 0 ? 0 : errno;
  }
  void keep() noexcept { kept_ = true; }

 private:
  int fd_;
  fs::path path_;
  std::unique_ptr<TrackedTempFile> tracked_;  // a second Ctrl-C removes it too
  bool kept_ = false;
};

[[nodiscard]] std::string random_suffix() {
  std::random_device device;
  const std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  static constexpr char digits[] = "0123456789abcdef";
  std::string suffix(16, '0');
  for (std::size_t i = 0; i < suffix.size(); ++i) suffix[i] = digits[(bits >> (4 * i)) & 0xF];
  return suffix;
}

struct TempOpen {
  int fd = -1;
  int error_number = 0;
  fs::path path;
  std::unique_ptr<TrackedTempFile> tracked;
};

// O_EXCL makes the name ours alone even when two processes write the same target at once; a clash just means
// trying another random name. Mode 0666 lets the umask decide the final permissions, as for any new file.
[[nodiscard]] TempOpen open_temp_beside(const fs::path& directory, const std::string& file_name) {
  constexpr int attempts = 64;
  TempOpen result;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    result.path = directory / ("." + file_name + ".tmp." + random_suffix());
    // Tracked before it exists, so no signal can find it created but untracked.
    result.tracked = std::make_unique<TrackedTempFile>(result.path);
    result.fd = ::open(result.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (result.fd >= 0) return result;
    result.error_number = errno;
    result.tracked.reset();
    if (result.error_number != EEXIST) return result;
  }
  return result;
}

[[nodiscard]] int write_all(int fd, std::string_view content) noexcept {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

// Makes the rename itself survive a power cut. Best effort: the file is already in place, and some
// filesystems refuse fsync on a directory.
void sync_directory(const fs::path& directory) noexcept {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

[[nodiscard]] fs::path directory_of(const fs::path& path) {
  fs::path directory = path.parent_path();
  return directory.empty() ? fs::path(".") : directory;
}

}  // namespace

void write_file_atomically(const fs::path& path, std::string_view content) {
  const auto fail = [&path](int error_number) {
    throw core::InputError("cannot write '" + path.string() + "': " + reason(error_number));
  };
  const std::string file_name = path.filename().string();
  if (file_name.empty() || file_name == "." || file_name == "..") fail(EISDIR);

  const fs::path directory = directory_of(path);
  TempOpen opened = open_temp_beside(directory, file_name);
  if (opened.fd < 0) fail(opened.error_number);
  TempFile temp(opened.fd, opened.path, std::move(opened.tracked));

  if (const int error_number = write_all(temp.fd(), content)) fail(error_number);
  if (::fsync(temp.fd()) != 0) fail(errno);
  if (const int error_number = temp.close()) fail(error_number);
  if (::rename(temp.path().c_str(), path.c_str()) != 0) fail(errno);
  temp.keep();
  sync_directory(directory);
}

void ensure_writable_directory(const fs::path& dir) {
  const fs::path directory = dir.empty() ? fs::path(".") : dir;
  const auto fail = [&directory](const std::string& why) {
    throw core::InputError("output directory '" + directory.string() + "' is not writable: " + why);
  };

  std::error_code error;
  fs::create_directories(directory, error);
  if (error) fail(error.message());
  if (!fs::is_directory(directory, error)) fail(error ? error.message() : "not a directory");

  TempOpen probe = open_temp_beside(directory, "inferbench-write-check");
  if (probe.fd < 0) fail(reason(probe.error_number));
  TempFile temp(probe.fd, probe.path, std::move(probe.tracked));  // removed again on scope exit
}

}  // namespace ib::io
