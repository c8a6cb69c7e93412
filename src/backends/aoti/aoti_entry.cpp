#include <memory>
#include <utility>

#include "backends/aoti/aoti_entry.hpp"
#include "backends/aoti/pt2_archive.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends {

BackendInfo aoti_backend_entry(BackendInfo plugin) {
  plugin.check_file = check_pt2_archive;
  return plugin;
}

BackendInfo aoti_unavailable_backend(const std::string& reason) {
  BackendInfo info;
  info.name = "aoti";
  info.extensions = aoti_extensions();
  info.version = [reason]() -> std::string { throw core::UnavailableError(reason); };
  info.check_file = check_pt2_archive;
  info.create = [reason](const LoadOptions&) -> std::unique_ptr<Backend> {
    throw core::UnavailableError(reason);
  };
  info.framework_settings = true;
  return info;
}

}  // namespace ib::backends
