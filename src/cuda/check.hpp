#pragma once
// IB_CUDA_CHECK turns a failed CUDA runtime call into a typed exception that names the call and where it was
// made, so a failure deep in a run reads as one clear line instead of a bare status code. Included only by
// src/cuda/ and GPU tests: it needs the CUDA runtime header.
#include <cuda_runtime_api.h>

#include <string>

#include "inferbench/errors.hpp"

namespace ib::cuda {

/// A CUDA runtime call failed while a run was under way. A RunError (exit code 1) that also keeps the status
/// code; cudaErrorMemoryAllocation is of kind out_of_memory, so that a sweep records it as a limit.
class CudaError : public core::RunError {
 public:
  CudaError(cudaError_t status, const std::string& message)
      : core::RunError(status == cudaErrorMemoryAllocation ? core::ErrorKind::out_of_memory
                                                           : core::ErrorKind::run_failed,
                       message),
        status_(status) {}
  [[nodiscard]] cudaError_t status() const noexcept { return status_; }

 private:
  cudaError_t status_;
};

/// "cudaErrorNoDevice (no CUDA-capable device is detected)": the enum name users search for, then the
/// runtime's text.
[[nodiscard]] std::string describe_cuda_error(cudaError_t status);

/// Throws CudaError("CUDA error <name> (<string>) in <expression> at <file>:<line>"). Out of line so every
/// check site stays a compare and a predictable branch.
[[noreturn]] void throw_cuda_error(cudaError_t status, const char* expression, const char* file, int line);

}  // namespace ib::cuda

/// Evaluates `expr` (a CUDA runtime call) once and throws ib::cuda::CudaError unless it returned cudaSuccess.
#define IB_CUDA_CHECK(expr)                                                           \
  do {                                                                                \
    const cudaError_t ib_cuda_check_status_ = (expr);                                 \
    if (ib_cuda_check_status_ != cudaSuccess) {                                       \
      ::ib::cuda::throw_cuda_error(ib_cuda_check_status_, #expr, __FILE__, __LINE__); \
    }                                                                                 \
  } while (false)
