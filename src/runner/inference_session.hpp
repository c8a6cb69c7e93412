#pragma once
// One loaded model with its buffers allocated once and bound, ready for timed round trips. Owns the host and
// device buffers; inputs are filled once here, outside any timed region. The steps of a round trip are
// separate calls so the timed loop can put stage marks between them.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "inferbench/backend.hpp"
#include "runner/platform.hpp"

namespace ib::runner {

struct SessionOptions {
  /// false: inputs stay resident on the device (copied there once here) and outputs are not copied back.
  bool transfers = true;
  /// When set, makes the bytes of the first input (e.g. a preprocessed image), once, before anything is
  /// timed; it must return exactly spec.size_bytes() bytes. Other inputs get deterministic pseudo-random
  /// values.
  std::function<std::vector<std::byte>(const core::TensorSpec&)> first_input;
  /// Polled while inputs are filled (gigabytes for a huge --shape): once raised, the fill stops early and the
  /// session is not fit for timing; the caller is stopping anyway. May be null.
  const std::atomic<bool>* stop = nullptr;
};

class InferenceSession {
 public:
  /// Allocates a pinned host and a device buffer per tensor (one buffer on the CPU), fills the inputs
  /// deterministically, binds everything to `backend`.
  InferenceSession(backends::Backend& backend, Platform& platform, SessionOptions options = {});

  /// H2D copies of every input (nothing without transfers or on the CPU).
  void upload() {
    for (const Copy& copy : uploads_) platform_.copy_to_device(copy.dst, copy.src, copy.bytes);
  }
  /// One inference: the backend's enqueue, or the captured graph once capture_graph() succeeded.
  void launch() {
    if (replay_) {
      replay_->launch();
    } else {
      backend_.enqueue(stream_);
    }
  }
  /// D2H copies of every output.
  void download() {
    for (const Copy& copy : downloads_) platform_.copy_to_host(copy.dst, copy.src, copy.bytes);
  }
  void synchronize() { platform_.synchronize(); }
  /// One full round trip: upload -> launch -> download -> synchronize. Nothing here allocates.
  void round_trip() {
    upload();
    launch();
    download();
    synchronize();
  }

  /// One round trip through the backend's own enqueue even when a captured graph replays it elsewhere: the
  /// profiled pass's (a profiler cannot run inside a graph).
  void eager_round_trip() {
    upload();
    backend_.enqueue(stream_);
    download();
    synchronize();
  }

  /// Captures the backend's enqueue (not the copies) into a CUDA graph; launch() replays it from then on.
  /// Throws UnavailableError with the reason where capture is impossible.
  void capture_graph();

  [[nodiscard]] bool has_transfers() const noexcept { return !uploads_.empty() || !downloads_.empty(); }
  [[nodiscard]] Platform& platform() const noexcept { return platform_; }
  [[nodiscard]] const std::vector<core::TensorSpec>& input_specs() const noexcept { return input_specs_; }
  [[nodiscard]] const std::vector<core::TensorSpec>& output_specs() const noexcept { return output_specs_; }
  /// Whether output `i` can be read on the host (not on a device without transfers).
  [[nodiscard]] bool has_output_host_copy(std::size_t i) const noexcept {
    return i < output_host_.size() && output_host_[i] != nullptr;
  }
  /// Host copy of output `i` as of the last round trip; throws RunError without transfers.
  [[nodiscard]] const void* output_host_data(std::size_t i) const;

  /// Replaces the first input's values (the next image of a dataset), outside any timed pass: written to its
  /// host buffer and copied to the device at once, so it holds with or without --no-transfers. `bytes` must
  /// be exactly the input's size (InputError otherwise).
  void set_first_input(std::span<const std::byte> bytes);

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
  std::unique_ptr<Replay> replay_;
};

}  // namespace ib::runner
