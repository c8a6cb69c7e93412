#include "runner/inference_session.hpp"

#include "core/errors.hpp"
#include "runner/input_fill.hpp"

namespace ib::runner {

InferenceSession::InferenceSession(backends::Backend& backend, Platform& platform)
    : backend_(backend), platform_(platform), stream_(platform.stream()), input_specs_(backend.inputs()),
      output_specs_(backend.outputs()) {
  const bool transfers = platform.has_transfers();
  std::vector<backends::Binding> input_bindings;
  std::vector<backends::Binding> output_bindings;
  std::uint64_t seed = 0x1b5eed;
  for (const auto& spec : input_specs_) {
    const std::size_t bytes = spec.size_bytes();
    Buffer& device = device_buffers_.emplace_back(platform.allocate_device(bytes));
    if (transfers) {
      Buffer& host = host_buffers_.emplace_back(platform.allocate_host(bytes));
      fill_deterministic(host.data(), spec, seed++);
      uploads_.push_back({device.data(), host.data(), bytes});
    } else {
      fill_deterministic(device.data(), spec, seed++);
    }
    input_bindings.push_back({device.data(), spec});
  }
  for (const auto& spec : output_specs_) {
    const std::size_t bytes = spec.size_bytes();
    Buffer& device = device_buffers_.emplace_back(platform.allocate_device(bytes));
    if (transfers) {
      Buffer& host = host_buffers_.emplace_back(platform.allocate_host(bytes));
      downloads_.push_back({host.data(), device.data(), bytes});
      output_host_.push_back(host.data());
    } else {
      output_host_.push_back(device.data());
    }
    output_bindings.push_back({device.data(), spec});
  }
  // Page in everything the model will read before any timing.
  for (const Copy& copy : uploads_) platform.copy_to_device(copy.dst, copy.src, copy.bytes);
  platform.synchronize();
  backend.bind(input_bindings, output_bindings);
}

const void* InferenceSession::output_host_data(std::size_t i) const {
  if (i >= output_host_.size()) throw core::RunError("output index out of range");
  return output_host_[i];
}

}  // namespace ib::runner
