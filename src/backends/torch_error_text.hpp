#pragma once
// The one line of a LibTorch error message a user is shown. Torch messages run to dozens of lines: C++
// backtraces, TorchScript tracebacks, and hint footers ("Compile with `TORCH_USE_CUDA_DSA` to enable
// device-side assertions.") that say nothing about what went wrong. Torch-free, so it is tested on any
// machine against messages torch really gave (tests/fixtures/torch_errors/, written by
// scripts/capture_torch_errors.py).
#include <string>
#include <string_view>

namespace ib::backends {

/// The first meaningful line of `message`: for an error the TorchScript interpreter wraps, the wrapped
/// error's own line without its Python class ("RuntimeError: "), else the first line; never a hint footer or
/// a backtrace frame. "unknown error" when nothing is left.
[[nodiscard]] std::string torch_error_line(std::string_view message);

}  // namespace ib::backends
