#include "backends/tensorrt/engine_io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

namespace ib::backends::tensorrt {
namespace {

[[nodiscard]] std::string dims_text(const std::vector<std::int64_t>& dims) {
  return dims.empty() ? std::string("scalar") : fmt::format("{}", fmt::join(dims, "x"));
}

[[nodiscard]] std::string input_names(const std::vector<TrtTensor>& inputs) {
  std::string names;
  for (const auto& input : inputs) names += (names.empty() ? "" : ", ") + input.name;
  return names;
}

// The --shape for input `index`: by name, or the unnamed one for the first input.
[[nodiscard]] std::optional<core::Shape> given_shape(const std::vector<TrtTensor>& inputs, std::size_t index,
                                                     const std::vector<core::ShapeArg>& shapes) {
  for (const auto& arg : shapes) {
    if (arg.input_name ? *arg.input_name == inputs[index].name : index == 0) return arg.shape;
  }
  return std::nullopt;
}

void check_shape_names(const std::vector<TrtTensor>& inputs, const std::vector<core::ShapeArg>& shapes) {
  for (const auto& arg : shapes) {
    if (!arg.input_name) continue;
    const bool known = std::any_of(inputs.begin(), inputs.end(),
                                   [&](const TrtTensor& input) { return input.name == *arg.input_name; });
    if (!known) {
      throw core::InputError(fmt::format("--shape names '{}', which is not an input of the engine (its inputs: {})",
                                         *arg.input_name, input_names(inputs)));
    }
  }
}

// A given shape must have the engine's rank and agree with every static dimension.
void check_against_engine(const TrtTensor& input, const core::Shape& shape) {
  bool fits = shape.size() == input.shape.size();
  for (std::size_t d = 0; fits && d < shape.size(); ++d) {
    fits = input.shape[d] < 0 || input.shape[d] == shape[d];
  }
  if (!fits) {
    throw core::InputError(fmt::format("--shape {} does not fit the engine's input '{}' of shape {} (-1: dynamic)",
                                       dims_text(shape), input.name, dims_text(input.shape)));
  }
}

[[nodiscard]] bool within(const ProfileRange& range, const core::Shape& shape) {
  if (range.min.size() != shape.size() || range.max.size() != shape.size()) return false;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] < range.min[d] || shape[d] > range.max[d]) return false;
  }
  return true;
}

[[nodiscard]] bool profile_fits(const TrtEngine& engine, const std::vector<TrtTensor>& inputs,
                                const std::vector<core::Shape>& requested, int profile) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (is_dynamic(inputs[i]) && !requested[i].empty() &&
        !within(engine.profile_range(inputs[i].name, profile), requested[i])) {
      return false;
    }
  }
  return true;
}

[[nodiscard]] bool in_some_profile(const TrtEngine& engine, const TrtTensor& input, const core::Shape& shape) {
  for (int p = 0; p < engine.profile_count(); ++p) {
    if (within(engine.profile_range(input.name, p), shape)) return true;
  }
  return false;
}

// Names the first input whose shape no profile holds; when each fits some profile but no profile fits all of
// them together, names the first given one.
[[noreturn]] void throw_out_of_range(const TrtEngine& engine, const std::vector<TrtTensor>& inputs,
                                     const std::vector<core::Shape>& requested) {
  std::optional<std::size_t> bad;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!is_dynamic(inputs[i]) || requested[i].empty()) continue;
    if (!bad) bad = i;
    if (!in_some_profile(engine, inputs[i], requested[i])) {
      bad = i;
      break;
    }
  }
  const TrtTensor& input = inputs[bad.value_or(0)];
  std::string ranges;
  for (int p = 0; p < engine.profile_count(); ++p) {
    const ProfileRange range = engine.profile_range(input.name, p);
    ranges += fmt::format("{}profile {}: {} .. {}", p == 0 ? "" : "; ", p, dims_text(range.min), dims_text(range.max));
  }
  throw core::InputError(fmt::format("--shape {} for input '{}' is outside the engine's optimisation profiles ({})",
                                     dims_text(requested[bad.value_or(0)]), input.name, ranges));
}

}  // namespace

std::string_view trt_dtype_name(TrtDType dtype) noexcept {
  static constexpr std::array<std::string_view, 13> kNames = {
      "FLOAT", "HALF", "INT8", "INT32", "BOOL", "UINT8", "FP8", "BF16", "INT64", "INT4", "FP4", "E8M0", "unknown"};
  return kNames[static_cast<std::size_t>(dtype)];
}

core::DType to_dtype(TrtDType dtype, const std::string& tensor) {
  switch (dtype) {
    case TrtDType::fp32: return core::DType::fp32;
    case TrtDType::fp16: return core::DType::fp16;
    case TrtDType::bf16: return core::DType::bf16;
    case TrtDType::int8: return core::DType::int8;
    case TrtDType::uint8: return core::DType::uint8;
    case TrtDType::int32: return core::DType::int32;
    case TrtDType::int64: return core::DType::int64;
    case TrtDType::boolean: return core::DType::boolean;
    case TrtDType::fp8:
    case TrtDType::int4:
    case TrtDType::fp4:
    case TrtDType::e8m0:
    case TrtDType::other: break;
  }
  throw core::UnavailableError(fmt::format(
      "the engine's tensor '{}' is {}, which inferbench cannot fill or read; rebuild the engine with {} IO "
      "(trtexec --inputIOFormats/--outputIOFormats), keeping {} inside",
      tensor, trt_dtype_name(dtype), "fp16 or fp32", trt_dtype_name(dtype)));
}

void check_linear(const TrtTensor& tensor) {
  if (tensor.format.linear) return;
  throw core::UnavailableError(fmt::format(
      "the engine's tensor '{}' uses the vectorised layout {}; inferbench binds dense (linear) buffers only: rebuild "
      "the engine with linear IO (trtexec --inputIOFormats=fp16:chw --outputIOFormats=fp16:chw)",
      tensor.name, tensor.format.name));
}

bool is_dynamic(const TrtTensor& tensor) noexcept {
  return std::any_of(tensor.shape.begin(), tensor.shape.end(), [](std::int64_t d) { return d < 0; });
}

std::vector<core::Shape> requested_shapes(const std::vector<TrtTensor>& inputs,
                                          const std::vector<core::ShapeArg>& shapes) {
  check_shape_names(inputs, shapes);
  std::vector<core::Shape> requested;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::optional<core::Shape> given = given_shape(inputs, i, shapes);
    if (given) check_against_engine(inputs[i], *given);
    requested.push_back(given ? *given : is_dynamic(inputs[i]) ? core::Shape{} : inputs[i].shape);
  }
  return requested;
}

int select_profile(const TrtEngine& engine, const std::vector<TrtTensor>& inputs,
                   const std::vector<core::Shape>& requested) {
  const auto dynamic = std::find_if(inputs.begin(), inputs.end(), is_dynamic);
  if (dynamic == inputs.end()) return 0;
  if (engine.profile_count() == 0) {
    throw core::InputError(fmt::format(
        "the engine's input '{}' has a dynamic shape ({}) but the engine has no optimisation profile; rebuild it "
        "with one (trtexec --minShapes/--optShapes/--maxShapes)",
        dynamic->name, dims_text(dynamic->shape)));
  }
  for (int p = 0; p < engine.profile_count(); ++p) {
    if (profile_fits(engine, inputs, requested, p)) return p;
  }
  throw_out_of_range(engine, inputs, requested);
}

std::vector<core::Shape> final_shapes(const TrtEngine& engine, const std::vector<TrtTensor>& inputs,
                                      std::vector<core::Shape> requested, int profile) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (requested[i].empty() && is_dynamic(inputs[i])) {
      requested[i] = engine.profile_range(inputs[i].name, profile).opt;
    }
  }
  return requested;
}

void throw_deserialize_error(const std::string& path, const std::string& logged, const std::string& version) {
  // What TensorRT 8.x-10.x log for a plan from another version or another GPU (the plan itself is sound).
  static constexpr std::array<std::string_view, 5> kForeign = {
      "not compatible with this version", "expecting library version", "Version tag does not match",
      "incompatible device", "version mismatch"};
  const std::string why = logged.empty() ? "TensorRT gave no reason" : logged;
  const bool foreign = std::any_of(kForeign.begin(), kForeign.end(),
                                   [&](std::string_view marker) { return logged.find(marker) != std::string::npos; });
  if (foreign) {
    throw core::UnavailableError(fmt::format(
        "the engine '{}' was built by another TensorRT version or for another GPU than this TensorRT {} can run "
        "({}); rebuild it here, or run it with its own version's trtexec (--trtexec PATH)",
        path, version, why));
  }
  throw core::InputError(
      fmt::format("'{}' is not a TensorRT engine this TensorRT {} can read (corrupt or truncated?): {}", path,
                  version, why));
}

}  // namespace ib::backends::tensorrt
