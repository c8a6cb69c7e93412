#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "cli/commands.hpp"

namespace ib::cli {

std::optional<std::size_t> terminal_columns(int fd) {
  if (isatty(fd) == 0) return std::nullopt;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return std::nullopt;
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return static_cast<std::size_t>(size.ws_col);
  return 80;
}

}  // namespace ib::cli
