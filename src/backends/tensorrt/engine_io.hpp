#pragma once
// The decisions the TensorRT backend makes about an engine's IO tensors, apart from TensorRT itself: which
// element types and layouts the runner can feed, which shape each input gets from --shape, which optimisation
// profile covers those shapes, and why an engine cannot be loaded. Pure functions over the adapter's
// descriptions (trt_adapter.hpp), tested with literal engines.
//
// Exit codes of the errors (docs/backends.md, "TensorRT"): what the user can fix in the command or the file is
// core::InputError (2): a corrupt or truncated engine, a --shape naming no input, a shape outside every
// profile, a dynamic engine without a profile. What this TensorRT or this tool cannot do with a valid engine
// is core::UnavailableError (3): an engine built by another TensorRT version or for another GPU, element types
// (fp8, int4, fp4) and vectorised layouts (CHW32, HWC8) the runner cannot feed, outputs whose shape depends on
// the data.
#include <string>
#include <string_view>
#include <vector>

#include "backends/tensorrt/trt_adapter.hpp"
#include "inferbench/errors.hpp"
#include "inferbench/shape.hpp"
#include "inferbench/tensor_spec.hpp"

namespace ib::backends::tensorrt {

/// TensorRT's name for the type ("FLOAT", "HALF", "INT8", ...), as its own tools print it.
[[nodiscard]] std::string_view trt_dtype_name(TrtDType dtype) noexcept;

/// The runner's element type for a tensor of this TensorRT type. Throws core::UnavailableError naming the
/// tensor for fp8, int4, fp4 and e8m0, which have no host representation here.
[[nodiscard]] core::DType to_dtype(TrtDType dtype, const std::string& tensor);

/// Throws core::UnavailableError when the tensor is not in a linear layout: the runner's buffers are dense
/// row-major, a vectorised format (CHW32, HWC8, ...) pads channels.
void check_linear(const TrtTensor& tensor);

/// The shape each of `inputs` was given: the matching --shape (by name; an unnamed one is the first input's),
/// else the engine's own for a static input, else empty (a dynamic input left to the profile's opt shape).
/// Throws core::InputError for a --shape naming no input, of the wrong rank, or contradicting a static
/// dimension.
[[nodiscard]] std::vector<core::Shape> requested_shapes(const std::vector<TrtTensor>& inputs,
                                                        const std::vector<core::ShapeArg>& shapes);

/// Whether the input has a dynamic (-1) dimension.
[[nodiscard]] bool is_dynamic(const TrtTensor& tensor) noexcept;

/// The first optimisation profile whose [min, max] holds every requested shape of a dynamic input, or 0 for
/// an engine without dynamic inputs. `requested[i]` is empty where no shape was given (any profile does). Throws
/// core::InputError for a dynamic engine without a profile, and for a shape outside every profile (listing
/// each profile's range of that input).
[[nodiscard]] int select_profile(const TrtEngine& engine, const std::vector<TrtTensor>& inputs,
                                 const std::vector<core::Shape>& requested);

/// `requested` with each empty shape replaced by the profile's opt shape for that input.
[[nodiscard]] std::vector<core::Shape> final_shapes(const TrtEngine& engine, const std::vector<TrtTensor>& inputs,
                                                    std::vector<core::Shape> requested, int profile);

/// For a plan TensorRT would not deserialize: throws core::UnavailableError when what it logged says the
/// engine is for another TensorRT version or another GPU, core::InputError (corrupt or truncated) otherwise.
[[noreturn]] void throw_deserialize_error(const std::string& path, const std::string& logged,
                                          const std::string& version);

}  // namespace ib::backends::tensorrt
