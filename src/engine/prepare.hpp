#pragma once
// Preparing a plan on this machine: the pieces of engine/plan_runner.cpp that read files and ask the device,
// each checked before any model is loaded, so a bad path fails in a second rather than after the benchmark.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cuda/device_query.hpp"
#include "inferbench/registry.hpp"
#include "inferbench/spec.hpp"
#include "io/image.hpp"
#include "runner/benchmark.hpp"

namespace ib::engine {

/// The device the plan runs on: an explicit one must be usable by every backend involved; none (auto) takes
/// CUDA only then. Throws core::UnavailableError for a device this machine or build lacks.
[[nodiscard]] core::DeviceSpec resolve_device(const std::optional<core::DeviceSpec>& asked,
                                              const std::vector<const backends::BackendInfo*>& backends,
                                              const cuda::CudaInfo& cuda_info);

/// The image the runs feed, decoded once (a bad file fails here); null without one.
[[nodiscard]] std::shared_ptr<const io::Image> read_input_image(const RunSpec& spec);

/// The quality pass's settings with its GT file read and checked, or its dataset listed; none when the spec
/// has no quality pass.
[[nodiscard]] std::optional<runner::QualityRequest> quality_request(const RunSpec& spec,
                                                                    std::shared_ptr<const io::Image> image);

/// The runner's request for one spec on `device`: the model's identity (size, hash), loop, session and
/// quality settings. `image` and `quality` are shared by every run of the plan.
[[nodiscard]] runner::BenchmarkRequest benchmark_request(const RunSpec& spec, const backends::BackendInfo& backend,
                                                         const core::DeviceSpec& device,
                                                         const std::shared_ptr<const io::Image>& image,
                                                         const std::optional<runner::QualityRequest>& quality);

/// Warnings about flags that have no effect on `device`; throws for ones that cannot work there.
[[nodiscard]] std::vector<result::Warning> check_device_use(const RunSpec& spec, const core::DeviceSpec& device);

}  // namespace ib::engine
