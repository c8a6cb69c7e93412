// The registry entries: the backend over an adapter, and the one a build without TensorRT lists instead.
#include <chrono>
#include <memory>
#include <utility>

#include "backends/tensorrt/tensorrt_backend.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends::tensorrt {
namespace {

[[nodiscard]] std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

BackendInfo tensorrt_backend_info(std::function<std::shared_ptr<TrtAdapter>()> make_adapter) {
  BackendInfo info;
  info.name = "tensorrt";
  info.extensions = tensorrt_extensions();
  info.supports_cuda = true;
  info.supports_cpu = false;
  info.version = [make_adapter] { return make_adapter()->version(); };
  info.create = [make_adapter](const LoadOptions& options) -> std::unique_ptr<Backend> {
    if (!options.model.builtin.empty()) {
      throw core::InputError("the tensorrt backend has no built-in model; give an engine file (--model x.engine)");
    }
    return std::make_unique<TensorrtBackend>(make_adapter(), options, steady_now_ns);
  };
  return info;
}

BackendInfo tensorrt_unavailable_backend(const std::string& reason) {
  BackendInfo info;
  info.name = "tensorrt";
  info.extensions = tensorrt_extensions();
  info.supports_cuda = true;
  info.supports_cpu = false;
  info.version = [reason]() -> std::string { throw core::UnavailableError(reason); };
  info.create = [reason](const LoadOptions&) -> std::unique_ptr<Backend> { throw core::UnavailableError(reason); };
  return info;
}

}  // namespace ib::backends::tensorrt
