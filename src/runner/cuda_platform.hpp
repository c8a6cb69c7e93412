#pragma once
// The CUDA platform for the runner: page-locked host buffers, device buffers from cudaMalloc, and one
// non-blocking stream of its own on which every copy and inference of a run is issued. Built without CUDA,
// make_cuda_platform throws UnavailableError, so callers need no #ifdef. This header includes no CUDA header
// on purpose: the CLI and the runner use it from translation units that must compile without the toolkit.
// Its implementation (over the RAII wrappers of src/cuda/) is the only runner file that includes CUDA
// headers, in a target of its own (ib_runner_cuda).
#include <memory>

#include "runner/platform.hpp"

namespace ib::runner {

/// Selects CUDA device `device_index` on the calling thread and creates the platform's stream there.
/// Allocations re-select the device, so they may come from another thread; copies and synchronize() go
/// through the platform's stream and work from any thread. Throws core::UnavailableError("CUDA device N
/// requested but ...") when there is no driver, no device, too few devices or the device refuses a context
/// (exclusive mode), and core::RunError when a CUDA call fails later. `sync` sets how the host waits
/// (cudaSetDeviceFlags on the device's primary context, so for the whole process).
[[nodiscard]] std::unique_ptr<Platform> make_cuda_platform(int device_index,
                                                           SyncMode sync = SyncMode::automatic);

}  // namespace ib::runner
