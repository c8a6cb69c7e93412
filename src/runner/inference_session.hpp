#pragma once
// One loaded model with its buffers allocated once and bound, ready for timed round trips. Owns the host and device
// buffers; inputs are filled once here, outside any timed region.
#include <cstddef>
#include <vector>

#include "backends/backend.hpp"
#include "runner/platform.hpp"

namespace ib::runner {

class InferenceSession {
 public:
  /// Allocates a pinned host and a device buffer per tensor (one buffer on the CPU), fills the inputs
  /// deterministically, binds everything to `backend`.
  InferenceSession(backends::Backend& backend, Platform& platform);

  /// One full round trip: H2D copies of every input -> enqueue -> D2H copies of every output -> synchronize.
  /// On the CPU it is the backend call alone. Nothing here allocates.
  void round_trip() {
    for (const Copy& copy : uploads_) platform_.copy_to_device(copy.dst, copy.src, copy.bytes);
    backend_.enqueue(stream_);
    for (const Copy& copy : downloads_) platform_.copy_to_host(copy.dst, copy.src, copy.bytes);
    platform_.synchronize();
  }

  [[nodiscard]] const std::vector<core::TensorSpec>& input_specs() const noexcept { return input_specs_; }
  [[nodiscard]] const std::vector<core::TensorSpec>& output_specs() const noexcept { return output_specs_; }
  /// Host copy of output `i` as of the last round trip.
  [[nodiscard]] const void* output_host_data(std::size_t i) const;

 private:
  struct Copy {
    void* dst;
    const void* src;
    std::size_t bytes;
  };
  backends::Backend& backend_;
  Platform& platform_;
  backends::StreamHandle stream_;
  std::vector<core::TensorSpec> input_specs_;
  std::vector<core::TensorSpec> output_specs_;
  std::vector<Buffer> host_buffers_;
  std::vector<Buffer> device_buffers_;
  std::vector<const void*> output_host_;
  std::vector<Copy> uploads_;
  std::vector<Copy> downloads_;
};

}  // namespace ib::runner
