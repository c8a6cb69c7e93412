#pragma once
// A Platform that behaves like a CUDA device without one: separate host and "device" buffers, copies that
// take scripted time on a manual clock, stage marks that read that clock, capture that replays the captured
// call, and a memory counter. Lets the runner's CUDA-only paths (breakdown, --cuda-graph, --no-transfers) run
// in CI.
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <functional>
#include <vector>

#include "inferbench/errors.hpp"
#include "manual_clock.hpp"
#include "runner/platform.hpp"

namespace ib::testing {

class FakeGpuPlatform final : public runner::Platform {
 public:
  FakeGpuPlatform(ManualClock& clock, std::int64_t copy_ns) : clock_(clock), copy_ns_(copy_ns) {}

  [[nodiscard]] core::DeviceSpec device() const override { return {core::DeviceKind::cuda, 0}; }
  [[nodiscard]] bool has_transfers() const override { return true; }
  [[nodiscard]] runner::Buffer allocate_host(std::size_t bytes) override { return allocate(bytes); }
  [[nodiscard]] runner::Buffer allocate_device(std::size_t bytes) override {
    used_ += bytes;
    return allocate(bytes);
  }
  [[nodiscard]] backends::StreamHandle stream() const override { return nullptr; }
  void copy_to_device(void* dst, const void* src, std::size_t bytes) override { copy(dst, src, bytes); }
  void copy_to_host(void* dst, const void* src, std::size_t bytes) override { copy(dst, src, bytes); }
  void synchronize() override { ++synchronizations; }

  [[nodiscard]] bool has_device_clock() const override { return true; }
  [[nodiscard]] std::unique_ptr<runner::StageMarks> make_stage_marks(int count) override {
    return std::make_unique<Marks>(clock_, count);
  }
  [[nodiscard]] std::unique_ptr<runner::Replay> capture(const std::function<void()>& issue) override {
    ++captures;
    if (refuse_capture) throw core::UnavailableError("--cuda-graph: refused by the fake platform");
    return std::make_unique<FakeReplay>(issue, launches);
  }
  [[nodiscard]] std::optional<runner::MemoryInfo> memory_info() const override {
    return runner::MemoryInfo{kTotal - used_, kTotal};
  }

  /// Device memory taken outside the runner's buffers (a framework allocator growing its pool).
  void take_device_memory(std::uint64_t bytes) { used_ += bytes; }

  int captures = 0;
  int launches = 0;
  int synchronizations = 0;
  bool refuse_capture = false;

 private:
  static constexpr std::uint64_t kTotal = 1ull << 30;

  class Marks final : public runner::StageMarks {
   public:
    Marks(ManualClock& clock, int count) : clock_(clock), times_(static_cast<std::size_t>(count)) {}
    void mark(int index) override { times_[static_cast<std::size_t>(index)] = clock_.now_ns(); }
    [[nodiscard]] double elapsed_ms(int from, int to) override {
      return static_cast<double>(times_[static_cast<std::size_t>(to)] -
                                 times_[static_cast<std::size_t>(from)]) *
             1e-6;
    }

   private:
    ManualClock& clock_;
    std::vector<std::int64_t> times_;
  };

  class FakeReplay final : public runner::Replay {
   public:
    FakeReplay(std::function<void()> issue, int& launches) : issue_(std::move(issue)), launches_(launches) {}
    void launch() override {
      ++launches_;
      issue_();
    }

   private:
    std::function<void()> issue_;
    int& launches_;
  };

  void copy(void* dst, const void* src, std::size_t bytes) {
    std::memcpy(dst, src, bytes);
    clock_.advance(copy_ns_);
  }
  static runner::Buffer allocate(std::size_t bytes) {
    return runner::Buffer(std::malloc(std::max<std::size_t>(bytes, 1)), bytes, [](void* p) { std::free(p); });
  }

  ManualClock& clock_;
  std::int64_t copy_ns_;
  std::uint64_t used_ = 0;
};

}  // namespace ib::testing
