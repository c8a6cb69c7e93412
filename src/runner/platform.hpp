#pragma once
// Where the runner's buffers live and how data moves: the CPU (host memory only, nothing to copy) or one CUDA
// device (pinned host buffers, device buffers, one stream). The runner sees only this interface, so the timed
// loop is the same code on both and is tested on the CPU.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "inferbench/backend.hpp"
#include "inferbench/device_spec.hpp"
#include "inferbench/spec.hpp"

namespace ib::runner {

/// Move-only owner of one allocation, released by the platform that made it.
class Buffer {
 public:
  Buffer() = default;
  Buffer(void* data, std::size_t bytes, std::function<void(void*)> release)
      : data_(data), bytes_(bytes), release_(std::move(release)) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept { swap(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    Buffer(std::move(other)).swap(*this);
    return *this;
  }
  ~Buffer() {
    if (data_ != nullptr && release_) release_(data_);
  }
  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

 private:
  void swap(Buffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(bytes_, other.bytes_);
    std::swap(release_, other.release_);
  }
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
  std::function<void(void*)> release_;
};

/// Device-side timestamps on the platform's stream (CUDA events). The loop marks stage boundaries while
/// issuing work and reads the elapsed times after synchronizing, outside the timed region.
class StageMarks {
 public:
  virtual ~StageMarks() = default;
  /// Records mark `index` (0-based, fewer than the count asked for) on the stream.
  virtual void mark(int index) = 0;
  /// Device milliseconds from mark `from` to mark `to`; both recorded and completed (call after
  /// synchronize()).
  [[nodiscard]] virtual double elapsed_ms(int from, int to) = 0;
};

/// Work captured once (a CUDA graph) and launched again on the platform's stream.
class Replay {
 public:
  virtual ~Replay() = default;
  virtual void launch() = 0;
};

/// How the host waits for the device in synchronize(): CUDA's default heuristic, blocking on an OS primitive,
/// spinning, or spinning with yields (cudaDeviceScheduleBlockingSync / Spin / Yield).
using SyncMode = ib::SyncMode;

struct MemoryInfo {
  std::uint64_t free_bytes = 0;
  std::uint64_t total_bytes = 0;
};

class Platform {
 public:
  virtual ~Platform() = default;
  Platform() = default;
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  [[nodiscard]] virtual core::DeviceSpec device() const = 0;
  /// False on the CPU: the model reads the host buffers directly and no copies are made or timed.
  [[nodiscard]] virtual bool has_transfers() const = 0;
  /// Host memory for inputs and outputs (page-locked on CUDA, so copies are truly asynchronous).
  [[nodiscard]] virtual Buffer allocate_host(std::size_t bytes) = 0;
  /// Memory the backend reads and writes (device memory on CUDA; host memory on the CPU).
  [[nodiscard]] virtual Buffer allocate_device(std::size_t bytes) = 0;
  /// The stream every inference and copy of this run is issued on (nullptr on the CPU).
  [[nodiscard]] virtual backends::StreamHandle stream() const = 0;
  /// Asynchronous copies on stream(); no-ops where has_transfers() is false.
  virtual void copy_to_device(void* device_dst, const void* host_src, std::size_t bytes) = 0;
  virtual void copy_to_host(void* host_dst, const void* device_src, std::size_t bytes) = 0;
  /// Blocks until everything issued on stream() has finished.
  virtual void synchronize() = 0;
  /// Device-side stage timing with `count` marks, or nullptr where the platform has no device clock (the
  /// CPU).
  [[nodiscard]] virtual std::unique_ptr<StageMarks> make_stage_marks(int count) = 0;
  /// Whether make_stage_marks() gives marks here, i.e. whether a breakdown pass can measure anything.
  [[nodiscard]] virtual bool has_device_clock() const = 0;
  /// Captures the work `issue` puts on stream() into a graph that can be launched again; throws
  /// UnavailableError where that is impossible (the CPU, or work that cannot be captured, with the reason).
  [[nodiscard]] virtual std::unique_ptr<Replay> capture(const std::function<void()>& issue) = 0;
  /// Free and total device memory, or nothing on the CPU.
  [[nodiscard]] virtual std::optional<MemoryInfo> memory_info() const = 0;
};

/// The CPU platform: aligned host memory, no copies, nothing to wait for.
[[nodiscard]] std::unique_ptr<Platform> make_cpu_platform();

}  // namespace ib::runner
