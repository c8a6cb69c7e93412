#include "io/file_info.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};

// Incremental SHA-256 over OpenSSL's EVP interface; failures there are our bug or a broken libcrypto, not bad
// input, hence std::runtime_error.
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("SHA-256: OpenSSL could not initialise a digest");
    }
  }
  void update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(context_.get(), data, size) != 1)
      throw std::runtime_error("SHA-256: digest update failed");
  }
  [[nodiscard]] std::string hex_digest() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest.data(), &length) != 1) {
      throw std::runtime_error("SHA-256: digest finalisation failed");
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
      hex += digits[digest[i] >> 4];
      hex += digits[digest[i] & 0xF];
    }
    return hex;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context_;
};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

[[nodiscard]] std::string utc_iso8601(std::time_t seconds) {
  std::tm parts{};
  if (::gmtime_r(&seconds, &parts) == nullptr) return "unknown";
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return length == 0 ? "unknown" : std::string(text, length);
}

}  // namespace

FileInfo describe_file(const fs::path& path) {
  const auto fail = [&path](const std::string& why) {
    throw core::InputError("cannot read '" + path.string() + "': " + why);
  };
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. It changes nothing for
  // the regular files we accept.
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (file.get() < 0) fail(std::generic_category().message(errno));
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) fail(std::generic_category().message(errno));
  if (S_ISDIR(status.st_mode)) fail("it is a directory, not a file");
  if (!S_ISREG(status.st_mode)) fail("not a regular file");

  Sha256 hash;
  std::vector<unsigned char> chunk(std::size_t{1} << 20);
  std::uint64_t total = 0;
  while (true) {
    const ssize_t count = ::read(file.get(), chunk.data(), chunk.size());
    if (count < 0) {
      if (errno == EINTR) continue;
      fail(std::generic_category().message(errno));
    }
    if (count == 0) break;
    hash.update(chunk.data(), static_cast<std::size_t>(count));
    total += static_cast<std::uint64_t>(count);
  }
  // Size is what was hashed, so the two always describe the same bytes even if the file grew meanwhile.
  return FileInfo{total, hash.hex_digest(), utc_iso8601(status.st_mtim.tv_sec)};
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes.data(), bytes.size());
  return hash.hex_digest();
}

}  // namespace ib::io
