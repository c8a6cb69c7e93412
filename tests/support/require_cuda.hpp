#pragma once
// Skips the calling GPU test, with the reason, where this machine has no usable CUDA device, so the `gpu` label can
// run anywhere and reads as skipped, not passed, without one.
#include <gtest/gtest.h>

#include "cuda/device_query.hpp"

#define IB_REQUIRE_CUDA_DEVICE()                                             \
  do {                                                                       \
    if (const ::ib::cuda::CudaInfo ib_cuda_info_ = ::ib::cuda::query_cuda(); \
        !ib_cuda_info_.available) {                                          \
      GTEST_SKIP() << "no CUDA device: " << ib_cuda_info_.reason;            \
    }                                                                        \
  } while (false)
