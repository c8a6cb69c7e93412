#pragma once
// The `synthetic` backend: models whose "file" is a spec of known work (synthetic_spec.hpp) run on the
// harness's stream, for calibrating the harness itself (what does it add on top of one empty kernel?) and for
// users checking a machine against its floors (launch latency, GEMM flop rate, copy bandwidth). CUDA only; a
// build without CUDA still lists it, so `inferbench info` and the error a user sees say why it cannot run. No
// CUDA header here.
#include "inferbench/registry.hpp"

namespace ib::backends {

/// Name "synthetic", no file extensions (its models are specs routed by their "synthetic:" prefix). create()
/// parses the spec (core::InputError when malformed) and throws core::UnavailableError on a CPU device or in
/// a build without CUDA. In a CUDA build `version` is the cuBLAS version in use ("13.0.2"), else "none".
[[nodiscard]] BackendInfo synthetic_backend_info();

}  // namespace ib::backends
