#pragma once
// A file's bytes, whole (empty when it cannot be read): what tests compare written files by.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ib::testing {

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ib::testing
