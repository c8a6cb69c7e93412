#include "runner/input_fill.hpp"

#include <cstring>

#include "core/half.hpp"

namespace ib::runner {
namespace {

// splitmix64: tiny, fast and fully specified, so values do not depend on the standard library's
// distributions.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  float uniform_signed() noexcept {  // [-1, 1) with 24 bits of resolution
    return static_cast<float>(next() >> 40) * (2.0f / 16777216.0f) - 1.0f;
  }
};

template <typename T>
void store(void* data, std::int64_t i, T value) {
  std::memcpy(static_cast<char*>(data) + i * static_cast<std::int64_t>(sizeof(T)), &value, sizeof(T));
}

}  // namespace

bool fill_deterministic(void* data, const core::TensorSpec& spec, std::uint64_t seed,
                        const std::atomic<bool>* stop) {
  // A few milliseconds of filling between two looks at `stop`.
  constexpr std::int64_t kStopCheckEvery = std::int64_t{1} << 22;
  SplitMix64 rng{seed};
  const std::int64_t count = core::element_count(spec.shape);
  for (std::int64_t i = 0; i < count; ++i) {
    if (i % kStopCheckEvery == 0 && stop != nullptr && stop->load(std::memory_order_relaxed)) return false;
    switch (spec.dtype) {
      case core::DType::fp32:
        store(data, i, rng.uniform_signed());
        break;
      case core::DType::fp64:
        store(data, i, static_cast<double>(rng.uniform_signed()));
        break;
      case core::DType::fp16:
        store(data, i, core::float_to_half_bits(rng.uniform_signed()));
        break;
      case core::DType::bf16:
        store(data, i, core::float_to_bf16_bits(rng.uniform_signed()));
        break;
      case core::DType::int8:
        store(data, i, static_cast<std::int8_t>(rng.next() % 10));
        break;
      case core::DType::uint8:
        store(data, i, static_cast<std::uint8_t>(rng.next() % 10));
        break;
      case core::DType::int32:
        store(data, i, static_cast<std::int32_t>(rng.next() % 10));
        break;
      case core::DType::int64:
        store(data, i, static_cast<std::int64_t>(rng.next() % 10));
        break;
      case core::DType::boolean:
        store(data, i, static_cast<std::uint8_t>(i % 2));
        break;
    }
  }
  return true;
}

}  // namespace ib::runner
