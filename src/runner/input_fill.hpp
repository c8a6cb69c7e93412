#pragma once
// Model inputs for speed runs: deterministic pseudo-random values, so two runs of the same model see the same
// data (some kernels' speed depends on values, e.g. through denormals or sparsity).
#include <atomic>
#include <cstdint>

#include "inferbench/tensor_spec.hpp"

namespace ib::runner {

/// Fills `data` (spec.size_bytes() bytes) with values drawn from a fixed-seed generator: floating types
/// uniform in
/// [-1, 1), integer types in [0, 10), bool alternating. The same (spec, seed) always gives the same bytes.
/// `stop` (may be null) is polled every few million elements; once raised the fill ends early, leaving the rest
/// of `data` as it was, and this returns false.
bool fill_deterministic(void* data, const core::TensorSpec& spec, std::uint64_t seed,
                        const std::atomic<bool>* stop = nullptr);

}  // namespace ib::runner
