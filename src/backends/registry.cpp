#include "inferbench/registry.hpp"

#include <algorithm>

#include "inferbench/errors.hpp"

namespace ib::backends {

void Registry::add(BackendInfo info) {
  backends_.push_back(std::move(info));
}

const BackendInfo& Registry::by_name(std::string_view name) const {
  for (const auto& backend : backends_) {
    if (backend.name == name) return backend;
  }
  std::string known;
  for (const auto& backend : backends_) known += (known.empty() ? "" : ", ") + backend.name;
  throw core::InputError("unknown backend '" + std::string(name) + "' (this build has: " + known + ")");
}

const BackendInfo& Registry::for_path(const std::string& path) const {
  const BackendInfo* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& backend : backends_) {
    for (const auto& extension : backend.extensions) {
      if (path.size() >= extension.size() && extension.size() > best_length &&
          std::equal(extension.rbegin(), extension.rend(), path.rbegin(),
                     [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        best = &backend;
        best_length = extension.size();
      }
    }
  }
  if (best == nullptr) {
    throw core::InputError("no backend recognises the file name '" + path + "'; choose one with --backend");
  }
  return *best;
}

}  // namespace ib::backends
