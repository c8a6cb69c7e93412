#pragma once
// One NVML GPM sample buffer (nvmlGpmSampleAlloc / nvmlGpmSampleFree). GPM metrics are computed from two
// samples, so NvmlSource holds two of these for as long as it samples.
#include "telemetry/nvml_api.hpp"

namespace ib::telemetry {

class GpmSample {
 public:
  /// Allocates the buffer. Throws core::UnavailableError with NVML's message when it cannot.
  explicit GpmSample(const nvml::NvmlApi& api);
  ~GpmSample();
  GpmSample(const GpmSample&) = delete;
  GpmSample& operator=(const GpmSample&) = delete;
  GpmSample(GpmSample&& other) noexcept;
  GpmSample& operator=(GpmSample&& other) noexcept;

  [[nodiscard]] nvml::nvmlGpmSample_t get() const noexcept { return sample_; }

 private:
  void release() noexcept;

  const nvml::NvmlApi* api_ = nullptr;
  nvml::nvmlGpmSample_t sample_ = nullptr;
};

}  // namespace ib::telemetry
