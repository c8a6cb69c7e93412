#pragma once
// What a synthetic model is: known work with a known floor, named by a spec string instead of a file
// ("synthetic:empty", "synthetic:gemm:M,N,K[:fp16|bf16|fp32]", "synthetic:copy:BYTES"). Parsing it and
// deriving its tensors and its floor are pure functions, compiled in every build (CUDA or not) so they are
// tested on any machine; only running the work needs CUDA (synthetic_backend.hpp). docs/synthetic.md says
// what each kind is for.
#include <cstdint>
#include <string_view>
#include <vector>

#include "inferbench/dtype.hpp"
#include "inferbench/tensor_spec.hpp"

namespace ib::backends::synthetic {

enum class Kind { empty, gemm, copy };

struct Spec {
  Kind kind = Kind::empty;
  /// GEMM sizes: C (MxN) = A (MxK) x B (KxN). Each fits in an int, which is what cuBLAS takes.
  std::int64_t m = 0;
  std::int64_t n = 0;
  std::int64_t k = 0;
  /// Element type of A, B and C for a GEMM (accumulation is always fp32).
  core::DType dtype = core::DType::fp16;
  /// Bytes moved device-to-device by a copy.
  std::int64_t bytes = 0;
  bool operator==(const Spec&) const = default;
};

/// The work's known floor, from which a reader turns a measured time into achieved throughput.
struct Floor {
  /// Floating-point operations of one inference: 2*M*N*K for a GEMM (a multiply and an add per term), 0
  /// otherwise.
  double flops = 0;
  /// Least device-memory traffic of one inference in bytes: 2*BYTES for a copy (read once, written once);
  /// (M*K + K*N + M*N) * element size for a GEMM (each matrix touched once); 0 for the empty kernel, whose
  /// floor is the launch latency alone.
  double memory_bytes = 0;
};

/// Parses "synthetic:empty", "synthetic:gemm:M,N,K[:fp16|bf16|fp32]" (default fp16) or
/// "synthetic:copy:BYTES". Sizes are positive decimal integers; each GEMM size must fit in an int and each
/// tensor's byte count in an int64. Throws core::InputError naming the spec, what is wrong and the accepted
/// forms.
[[nodiscard]] Spec parse_spec(std::string_view text);

/// The tensors the runner allocates and fills, in bind() order. Every tensor has a leading batch dimension of
/// 1, so the runner (which takes batch from the first input's first dimension) counts one inference per call:
/// - empty: input "input" and output "output", 1x1 fp32 each; the kernel touches neither, they exist so the
/// runner's
///   H2D and D2H copies have something to move, as in every real model's round trip;
/// - gemm: inputs "a" 1xMxK and "b" 1xKxN, output "c" 1xMxN, row-major, element type from the spec;
/// - copy: input "input" and output "output", 1xBYTES uint8 each.
[[nodiscard]] std::vector<core::TensorSpec> inputs_of(const Spec& spec);
[[nodiscard]] std::vector<core::TensorSpec> outputs_of(const Spec& spec);

[[nodiscard]] Floor floor_of(const Spec& spec) noexcept;

}  // namespace ib::backends::synthetic
