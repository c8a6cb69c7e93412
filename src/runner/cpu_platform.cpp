#include <cstdlib>
#include <new>

#include "inferbench/errors.hpp"
#include "runner/platform.hpp"

namespace ib::runner {
namespace {

class CpuPlatform final : public Platform {
 public:
  [[nodiscard]] core::DeviceSpec device() const override { return {core::DeviceKind::cpu, 0}; }
  [[nodiscard]] bool has_transfers() const override { return false; }
  [[nodiscard]] Buffer allocate_host(std::size_t bytes) override { return allocate(bytes); }
  [[nodiscard]] Buffer allocate_device(std::size_t bytes) override { return allocate(bytes); }
  [[nodiscard]] backends::StreamHandle stream() const override { return nullptr; }
  void copy_to_device(void*, const void*, std::size_t) override {}
  void copy_to_host(void*, const void*, std::size_t) override {}
  void synchronize() override {}
  [[nodiscard]] std::unique_ptr<StageMarks> make_stage_marks(int) override { return nullptr; }
  [[nodiscard]] bool has_device_clock() const override { return false; }
  [[nodiscard]] std::unique_ptr<Replay> capture(const std::function<void()>&) override {
    throw core::UnavailableError("--cuda-graph needs a CUDA device; this run is on the CPU");
  }
  [[nodiscard]] std::optional<MemoryInfo> memory_info() const override { return std::nullopt; }

 private:
  // 64-byte alignment: a cache line, and enough for any SIMD load a CPU backend may use on our buffers.
  static Buffer allocate(std::size_t bytes) {
    const std::size_t rounded = (std::max<std::size_t>(bytes, 1) + 63) / 64 * 64;
    void* data = std::aligned_alloc(64, rounded);
    if (data == nullptr) throw std::bad_alloc();
    return Buffer(data, bytes, [](void* p) { std::free(p); });
  }
};

}  // namespace

std::unique_ptr<Platform> make_cpu_platform() {
  return std::make_unique<CpuPlatform>();
}

}  // namespace ib::runner
