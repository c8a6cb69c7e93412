// AOTInductor backend: loads a .pt2 package with PyTorch's AOTIModelPackageLoader, learns its inputs from the
// metadata scripts/export_model.py records (or from --shape), its outputs from one inference at load time,
// and runs the compiled model on the runner's stream over tensors that wrap the runner's buffers.
#include "backends/aoti/aoti_backend.hpp"

#include <torch/csrc/inductor/aoti_package/model_package_loader.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/aoti/pt2_archive.hpp"
#include "backends/torch_common.hpp"

namespace ib::backends {
namespace aoti {
namespace {

using torch_common::one_line;
using torch_common::to_dtype;
using torch_common::to_scalar_type;

// Keys scripts/export_model.py puts into the package (inductor's aot_inductor.metadata): the inputs as
// "name:1x3x518x518" separated by ';', and their dtype.
constexpr const char* kInputsKey = "inferbench_inputs";
constexpr const char* kDtypeKey = "inferbench_dtype";
// What AOTInductor itself records: the device the package was compiled for ("cuda" or "cpu").
constexpr const char* kDeviceKey = "AOTI_DEVICE_KEY";

[[nodiscard]] std::string lookup(const std::unordered_map<std::string, std::string>& metadata,
                                 const char* key) {
  const auto found = metadata.find(key);
  return found == metadata.end() ? std::string() : found->second;
}

[[nodiscard]] std::vector<core::ShapeArg> recorded_inputs(const std::string& text) {
  std::vector<core::ShapeArg> inputs;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    if (end > start)
      inputs.push_back(core::parse_shape_arg(std::string_view(text).substr(start, end - start)));
    start = end + 1;
  }
  return inputs;
}

// The package's inputs (or --shape's where it records none), with --shape overriding a recorded shape: a
// dynamic batch dimension takes any batch.
[[nodiscard]] std::vector<core::TensorSpec> resolve_inputs(const std::vector<core::ShapeArg>& recorded,
                                                           const LoadOptions& options) {
  std::vector<core::TensorSpec> inputs;
  const std::vector<core::ShapeArg>& base = recorded.empty() ? options.shapes : recorded;
  for (std::size_t i = 0; i < base.size(); ++i) {
    inputs.push_back(
        {base[i].input_name.value_or("input" + std::to_string(i)), options.dtype, base[i].shape});
  }
  if (inputs.empty()) {
    throw core::InputError(
        "the package records no input shapes (scripts/export_model.py writes them); pass "
        "--shape 1x3x224x224 with the shape of each input, in order");
  }
  if (recorded.empty()) return inputs;
  for (const core::ShapeArg& arg : options.shapes) {
    std::size_t index = 0;
    while (arg.input_name && index < inputs.size() && inputs[index].name != *arg.input_name) ++index;
    if (index == inputs.size())
      throw core::InputError("--shape names input '" + *arg.input_name + "', unknown here");
    inputs[index].shape = arg.shape;
  }
  return inputs;
}

class AotiBackend final : public Backend {
 public:
  explicit AotiBackend(const LoadOptions& options);

  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return inputs_; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return outputs_; }
  void bind(std::span<const Binding> inputs, std::span<const Binding> outputs) override;
  void enqueue(StreamHandle stream) override;
  [[nodiscard]] std::unique_ptr<CapturedGraph> capture_graph(StreamHandle stream) override;

 private:
  void check_device(const std::unordered_map<std::string, std::string>& metadata) const;
  void discover_outputs();
  void run_once(StreamHandle stream);

  std::string label_;
  torch::Device device_;
  std::unique_ptr<torch::inductor::AOTIModelPackageLoader> loader_;
  std::vector<core::TensorSpec> inputs_;
  std::vector<core::TensorSpec> outputs_;
  std::vector<at::Tensor> input_tensors_;
  std::vector<at::Tensor> bound_outputs_;
  std::vector<at::Tensor> results_;
};

AotiBackend::AotiBackend(const LoadOptions& options)
    : label_(options.model.path.string()), device_(torch_common::resolve_device(options.device)) {
  if (!options.model.builtin.empty()) throw core::InputError("the aoti backend has no built-in model");
  check_pt2_archive(options.model.path);
  if (device_.is_cuda()) torch_common::apply_framework_settings(options);
  std::unordered_map<std::string, std::string> metadata;
  try {
    // Single-threaded: the multi-threaded container records CUDA events around each run, which a CUDA graph
    // capture cannot hold.
    loader_ = std::make_unique<torch::inductor::AOTIModelPackageLoader>(
        options.model.path.string(), "model", /*run_single_threaded=*/true, /*num_runners=*/1,
        static_cast<c10::DeviceIndex>(device_.is_cuda() ? device_.index() : -1));
    metadata = loader_->get_metadata();
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& error) {
    throw core::InputError("cannot load AOTInductor package '" + label_ + "': " + one_line(error));
  }
  check_device(metadata);
  const std::string recorded_dtype = lookup(metadata, kDtypeKey);
  if (!recorded_dtype.empty() && recorded_dtype != core::dtype_name(options.dtype)) {
    throw core::InputError("the package '" + label_ + "' was compiled for " + recorded_dtype +
                           " inputs; pass --dtype " + recorded_dtype);
  }
  inputs_ = resolve_inputs(recorded_inputs(lookup(metadata, kInputsKey)), options);
  discover_outputs();
}

void AotiBackend::check_device(const std::unordered_map<std::string, std::string>& metadata) const {
  const std::string compiled_for = lookup(metadata, kDeviceKey);
  const std::string requested = device_.is_cuda() ? "cuda" : "cpu";
  if (!compiled_for.empty() && compiled_for != requested) {
    throw core::InputError("the package '" + label_ + "' was compiled for " + compiled_for + ", not " +
                           requested + "; use --device " + compiled_for + " or export it for " + requested);
  }
}

// Outputs are only known by running the package once; zeros are enough.
void AotiBackend::discover_outputs() {
  try {
    c10::InferenceMode inference_mode;
    for (const core::TensorSpec& input : inputs_) {
      input_tensors_.push_back(torch::zeros(
          input.shape, torch::TensorOptions().dtype(to_scalar_type(input.dtype)).device(device_)));
    }
    results_ = loader_->run(input_tensors_);
    if (device_.is_cuda()) torch::cuda::synchronize(device_.index());
  } catch (const std::exception& error) {
    if (torch_common::is_out_of_memory(error)) {
      throw core::OutOfMemoryError("the package '" + label_ + "' ran out of memory on its first run: " +
                                   one_line(error));
    }
    throw core::InputError("the package '" + label_ + "' rejected its inputs: " + one_line(error));
  }
  for (std::size_t i = 0; i < results_.size(); ++i) {
    const std::optional<core::DType> dtype = to_dtype(results_[i].scalar_type());
    if (!dtype)
      throw core::InputError("output " + std::to_string(i) + " has an element type inferbench cannot hold");
    outputs_.push_back({"output" + std::to_string(i), *dtype,
                        core::Shape(results_[i].sizes().begin(), results_[i].sizes().end())});
  }
  if (outputs_.empty()) throw core::InputError("the package '" + label_ + "' returns no tensors");
  results_.clear();
  input_tensors_.clear();
}

void AotiBackend::bind(std::span<const Binding> inputs, std::span<const Binding> outputs) {
  if (inputs.size() != inputs_.size() || outputs.size() != outputs_.size()) {
    throw std::invalid_argument("aoti backend: bind() got a different number of inputs or outputs");
  }
  const auto wrap = [this](const Binding& binding) {
    return torch::from_blob(binding.data, binding.spec.shape,
                            torch::TensorOptions().dtype(to_scalar_type(binding.spec.dtype)).device(device_));
  };
  input_tensors_.clear();
  bound_outputs_.clear();
  for (const Binding& binding : inputs) input_tensors_.push_back(wrap(binding));
  for (const Binding& binding : outputs) bound_outputs_.push_back(wrap(binding));
}

// The compiled model's kernels go onto `stream` (passed to the container), the output copies onto torch's
// current stream, which the caller made the same stream.
void AotiBackend::run_once(StreamHandle stream) {
  results_ = loader_->run(input_tensors_, device_.is_cuda() ? stream : nullptr);
  if (results_.size() != bound_outputs_.size())
    throw core::RunError("the package returned a different output count");
  for (std::size_t i = 0; i < results_.size(); ++i)
    bound_outputs_[i].copy_(results_[i], /*non_blocking=*/true);
  results_.clear();
}

void AotiBackend::enqueue(StreamHandle stream) {
  if (bound_outputs_.empty()) throw std::logic_error("aoti backend: enqueue() before bind()");
  try {
    c10::InferenceMode inference_mode;
#if IB_TORCH_CUDA
    std::optional<c10::cuda::CUDAStreamGuard> stream_guard;
    if (device_.is_cuda()) stream_guard.emplace(torch_common::torch_stream(stream, device_.index()));
#endif
    run_once(stream);
  } catch (const core::Error&) {
    results_.clear();
    throw;
  } catch (const std::exception& error) {
    results_.clear();
    torch_common::throw_run_failure("AOTInductor inference failed", error);
  }
}

std::unique_ptr<CapturedGraph> AotiBackend::capture_graph(StreamHandle stream) {
  if (!device_.is_cuda()) return nullptr;
  return torch_common::capture_torch_graph(
      stream, device_.index(), [this, stream] { run_once(stream); }, "run without --cuda-graph");
}

}  // namespace
}  // namespace aoti

BackendInfo aoti_backend_info() {
  BackendInfo info = torch_common::torch_backend_info("aoti", aoti_extensions());
  info.create = [](const LoadOptions& options) -> std::unique_ptr<Backend> {
    return std::make_unique<aoti::AotiBackend>(options);
  };
  return info;
}

}  // namespace ib::backends
