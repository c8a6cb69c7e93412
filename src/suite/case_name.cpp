#include "suite/case_name.hpp"

#include <filesystem>

namespace ib::suite {

std::string safe_case_name(std::string_view text) {
  constexpr std::size_t kMaxLength = 100;
  std::string name;
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '_' || c == '-';
    if (name.size() < kMaxLength) name.push_back(plain ? c : '_');
  }
  while (!name.empty() && (name.front() == '.' || name.front() == '-')) name.front() = '_';
  return name.empty() ? std::string("case") : name;
}

std::string unique_case_name(std::string_view text, std::map<std::string, int>& seen) {
  const std::string base = safe_case_name(text);
  std::string name = base;
  for (int n = 2; seen.contains(name); ++n) name = base + "-" + std::to_string(n);
  ++seen[name];
  return name;
}

std::string model_stem(std::string_view path) {
  const std::string name = std::filesystem::path(path).filename().string();
  for (const std::string_view ext : {".jit.pt", ".ts", ".pt2", ".pt", ".engine", ".plan", ".onnx"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return name.substr(0, name.size() - ext.size());
  }
  return std::filesystem::path(name).stem().string();
}

}  // namespace ib::suite
