#pragma once
// Device time of a range: an event recorded on the user's stream where the range opens and one where it
// closes, read back later (finalize), so recording never waits for the GPU. CMake picks the implementation:
// CUDA events in a CUDA build, a stub that says the build has none elsewhere (no #ifdef in the files).
#include <cstddef>
#include <memory>
#include <string>

namespace ib::annotate {

class GpuTimer {
 public:
  virtual ~GpuTimer() = default;
  /// Records a mark on the stream now; returns its index for elapsed_ms().
  [[nodiscard]] virtual std::size_t record() = 0;
  /// Milliseconds between two recorded marks; waits for the later one to complete.
  [[nodiscard]] virtual double elapsed_ms(std::size_t start, std::size_t end) = 0;
  /// Whether the GPU has passed the mark (never waits).
  [[nodiscard]] virtual bool ready(std::size_t mark) = 0;
  /// The mark's storage may be reused by a later record().
  virtual void release(std::size_t mark) = 0;
  /// "NVIDIA H100 80GB HBM3" and the device index the stream belongs to, for meta.device.
  [[nodiscard]] virtual std::string device_name() const = 0;
  [[nodiscard]] virtual int device_index() const = 0;
};

/// A timer on `stream` (a cudaStream_t). Throws core::UnavailableError in a build without CUDA, and
/// core::RunError when CUDA fails.
[[nodiscard]] std::unique_ptr<GpuTimer> make_cuda_timer(void* stream);

/// NVTX push/pop where the build has the CUDA toolkit's nvtx3 headers; nothing elsewhere.
void nvtx_push(const char* name) noexcept;
void nvtx_pop() noexcept;

}  // namespace ib::annotate
