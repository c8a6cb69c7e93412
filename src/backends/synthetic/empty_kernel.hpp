#pragma once
// The one piece of the synthetic backend compiled by nvcc: launching an empty kernel. Declared without CUDA
// types so the backend (compiled by the host compiler, with fmt) and nvcc (which cannot compile fmt:
// DESIGN.md) stay apart.

namespace ib::backends::synthetic {

/// Launches an empty kernel, one block of one thread, on `stream` (a cudaStream_t). Returns the launch's
/// status as the int value of a cudaError_t (0 = cudaSuccess), cleared from the thread's last-error slot.
[[nodiscard]] int launch_empty_kernel(void* stream) noexcept;

}  // namespace ib::backends::synthetic
