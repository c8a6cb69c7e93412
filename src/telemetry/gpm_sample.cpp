#include "telemetry/gpm_sample.hpp"

#include <utility>

#include "inferbench/errors.hpp"

namespace ib::telemetry {

GpmSample::GpmSample(const nvml::NvmlApi& api) : api_(&api) {
  if (api.nvmlGpmSampleAlloc == nullptr || api.nvmlGpmSampleFree == nullptr) {
    throw core::UnavailableError("this NVML has no nvmlGpmSampleAlloc/nvmlGpmSampleFree");
  }
  if (const nvml::nvmlReturn_t rc = api.nvmlGpmSampleAlloc(&sample_); rc != nvml::NVML_SUCCESS) {
    sample_ = nullptr;
    throw core::UnavailableError(nvml::call_error(api, "nvmlGpmSampleAlloc", rc));
  }
}

void GpmSample::release() noexcept {
  // A failing free leaves nothing to do: the buffer is NVML's either way.
  if (sample_ != nullptr) (void)api_->nvmlGpmSampleFree(sample_);
  sample_ = nullptr;
}

GpmSample::~GpmSample() {
  release();
}

GpmSample::GpmSample(GpmSample&& other) noexcept
    : api_(other.api_), sample_(std::exchange(other.sample_, nullptr)) {}

GpmSample& GpmSample::operator=(GpmSample&& other) noexcept {
  if (this != &other) {
    release();
    api_ = other.api_;
    sample_ = std::exchange(other.sample_, nullptr);
  }
  return *this;
}

}  // namespace ib::telemetry
