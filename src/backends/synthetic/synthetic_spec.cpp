#include "backends/synthetic/synthetic_spec.hpp"

#include <charconv>
#include <limits>
#include <string>
#include <utility>

#include "inferbench/errors.hpp"

namespace ib::backends::synthetic {
namespace {

constexpr std::string_view kPrefix = "synthetic:";
constexpr std::string_view kAccepted =
    "synthetic:empty, synthetic:gemm:M,N,K[:fp16|bf16|fp32] or synthetic:copy:BYTES, "
    "e.g. synthetic:gemm:4096,4096,4096:bf16";

// Messages are built by appending: GCC 12's -Wrestrict misfires on `"literal" + std::string` at -O3.
[[noreturn]] void reject(std::string_view text, std::string_view why) {
  std::string message("bad synthetic model '");
  message.append(text).append("': ").append(why).append(" (accepted: ").append(kAccepted).append(")");
  throw core::InputError(message);
}

// A positive decimal integer no larger than `max`; nothing else (no sign, no spaces, no suffix).
[[nodiscard]] std::int64_t parse_size(std::string_view whole, std::string_view part, std::string_view what,
                                      std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
  if (part.empty() || error == std::errc::invalid_argument || end != part.data() + part.size() ||
      (error == std::errc{} && value <= 0)) {
    std::string why(what);
    why.append(" must be a positive integer, not '").append(part).append("'");
    reject(whole, why);
  }
  if (error == std::errc::result_out_of_range || value > max) {
    std::string why(what);
    why.append(" ").append(part).append(" is too large (at most ").append(std::to_string(max)).append(")");
    reject(whole, why);
  }
  return value;
}

// a * b * c without overflow, or nullopt-like -1 when the product exceeds int64 (all factors are positive).
[[nodiscard]] std::int64_t checked_product(std::int64_t a, std::int64_t b, std::int64_t c) noexcept {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (a > kMax / b) return -1;
  const std::int64_t ab = a * b;
  if (ab > kMax / c) return -1;
  return ab * c;
}

[[nodiscard]] core::DType parse_gemm_dtype(std::string_view whole, std::string_view text) {
  if (text == "fp16") return core::DType::fp16;
  if (text == "bf16") return core::DType::bf16;
  if (text == "fp32") return core::DType::fp32;
  std::string why("GEMM element type must be fp16, bf16 or fp32, not '");
  why.append(text).append("'");
  reject(whole, why);
}

[[nodiscard]] Spec parse_gemm(std::string_view whole, std::string_view args) {
  Spec spec;
  spec.kind = Kind::gemm;
  const std::size_t colon = args.find(':');
  if (colon != std::string_view::npos) spec.dtype = parse_gemm_dtype(whole, args.substr(colon + 1));
  const std::string_view sizes = args.substr(0, colon);
  const std::size_t first = sizes.find(',');
  const std::size_t second = first == std::string_view::npos ? first : sizes.find(',', first + 1);
  if (second == std::string_view::npos || sizes.find(',', second + 1) != std::string_view::npos) {
    reject(whole, "a GEMM needs three sizes M,N,K");
  }
  // cuBLAS takes sizes and leading dimensions as int.
  constexpr std::int64_t kMaxDim = std::numeric_limits<int>::max();
  spec.m = parse_size(whole, sizes.substr(0, first), "M", kMaxDim);
  spec.n = parse_size(whole, sizes.substr(first + 1, second - first - 1), "N", kMaxDim);
  spec.k = parse_size(whole, sizes.substr(second + 1), "K", kMaxDim);
  const auto element = static_cast<std::int64_t>(core::dtype_size(spec.dtype));
  for (const auto& [rows, cols] :
       {std::pair{spec.m, spec.k}, std::pair{spec.k, spec.n}, std::pair{spec.m, spec.n}}) {
    if (checked_product(rows, cols, element) < 0) reject(whole, "a matrix of these sizes has too many bytes");
  }
  return spec;
}

}  // namespace

Spec parse_spec(std::string_view text) {
  if (!text.starts_with(kPrefix)) reject(text, "it does not start with 'synthetic:'");
  const std::string_view body = text.substr(kPrefix.size());
  const std::size_t colon = body.find(':');
  const std::string_view kind = body.substr(0, colon);
  const std::string_view args = colon == std::string_view::npos ? std::string_view{} : body.substr(colon + 1);
  if (kind == "empty") {
    if (colon != std::string_view::npos) reject(text, "'empty' takes no arguments");
    return Spec{};
  }
  if (kind == "gemm") {
    if (colon == std::string_view::npos) reject(text, "a GEMM needs three sizes M,N,K");
    return parse_gemm(text, args);
  }
  if (kind == "copy") {
    if (colon == std::string_view::npos) reject(text, "a copy needs its size in bytes");
    Spec spec;
    spec.kind = Kind::copy;
    spec.bytes = parse_size(text, args, "BYTES", std::numeric_limits<std::int64_t>::max());
    return spec;
  }
  std::string why("unknown kind '");
  why.append(kind).append("'");
  reject(text, why);
}

std::vector<core::TensorSpec> inputs_of(const Spec& spec) {
  switch (spec.kind) {
    case Kind::empty:
      return {core::TensorSpec{"input", core::DType::fp32, {1, 1}}};
    case Kind::gemm:
      return {core::TensorSpec{"a", spec.dtype, {1, spec.m, spec.k}},
              core::TensorSpec{"b", spec.dtype, {1, spec.k, spec.n}}};
    case Kind::copy:
      return {core::TensorSpec{"input", core::DType::uint8, {1, spec.bytes}}};
  }
  return {};
}

std::vector<core::TensorSpec> outputs_of(const Spec& spec) {
  switch (spec.kind) {
    case Kind::empty:
      return {core::TensorSpec{"output", core::DType::fp32, {1, 1}}};
    case Kind::gemm:
      return {core::TensorSpec{"c", spec.dtype, {1, spec.m, spec.n}}};
    case Kind::copy:
      return {core::TensorSpec{"output", core::DType::uint8, {1, spec.bytes}}};
  }
  return {};
}

Floor floor_of(const Spec& spec) noexcept {
  // In double: 2*M*N*K reaches 2^94 for the largest sizes accepted, far past any integer type.
  const auto m = static_cast<double>(spec.m);
  const auto n = static_cast<double>(spec.n);
  const auto k = static_cast<double>(spec.k);
  switch (spec.kind) {
    case Kind::empty:
      return {};
    case Kind::gemm:
      return {2.0 * m * n * k, (m * k + k * n + m * n) * static_cast<double>(core::dtype_size(spec.dtype))};
    case Kind::copy:
      return {0.0, 2.0 * static_cast<double>(spec.bytes)};
  }
  return {};
}

}  // namespace ib::backends::synthetic
