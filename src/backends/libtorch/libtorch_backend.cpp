// LibTorch backend: loads a TorchScript archive, learns its inputs from forward's schema and its outputs from
// one inference at load time, then runs forward over tensors that wrap the runner's buffers (no copies in,
// one copy out per output, on the runner's stream).
#include "backends/libtorch/libtorch_backend.hpp"

#include <torch/script.h>

#include "backends/torch_common.hpp"

#include <algorithm>
#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::backends {
namespace libtorch {
namespace {

using torch_common::apply_framework_settings;
using torch_common::capture_torch_graph;
using torch_common::one_line;
using torch_common::resolve_device;
using torch_common::to_dtype;
using torch_common::to_scalar_type;
using torch_common::torch_version;

[[nodiscard]] std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

[[nodiscard]] std::string model_label(const ModelSource& model) {
  return model.builtin.empty() ? model.path.string() : "builtin:" + model.builtin;
}

[[nodiscard]] torch::jit::Module load_module(const ModelSource& model, const torch::Device& device) {
  if (!model.builtin.empty()) {
    if (model.builtin != "demo") {
      throw core::InputError("unknown built-in model '" + model.builtin + "' (LibTorch has: demo)");
    }
    std::istringstream archive(demo_model_archive());
    return torch::jit::load(archive, device);
  }
  const std::string prefix = "cannot load TorchScript model '" + model.path.string() + "': ";
  std::error_code error;
  const auto status = std::filesystem::status(model.path, error);
  if (!std::filesystem::exists(status)) throw core::InputError(prefix + "no such file");
  if (std::filesystem::is_directory(status)) throw core::InputError(prefix + "it is a directory");
  try {
    return torch::jit::load(model.path.string(), device);
  } catch (const std::exception& load_error) {
    throw core::InputError(prefix + one_line(load_error));
  }
}

/// What forward's schema says about how to call it: which arguments we feed, and what the rest default to.
struct CallSignature {
  std::vector<std::string> input_names;
  /// Defaults of the arguments after the last tensor input, pushed as they are: the interpreter takes every
  /// argument positionally and only Method::operator() (which we bypass to avoid allocating) fills them in.
  std::vector<c10::IValue> trailing_defaults;
};

[[nodiscard]] CallSignature read_signature(const torch::jit::Function& forward) {
  CallSignature signature;
  const auto& arguments = forward.getSchema().arguments();
  for (std::size_t i = 1; i < arguments.size(); ++i) {  // 0 is self
    const c10::Argument& argument = arguments[i];
    const bool is_tensor = argument.type()->kind() == c10::TypeKind::TensorType;
    if (is_tensor && signature.trailing_defaults.empty()) {
      signature.input_names.push_back(argument.name());
    } else if (argument.default_value().has_value()) {
      signature.trailing_defaults.push_back(*argument.default_value());
    } else {
      throw core::InputError("forward's argument '" + argument.name() + "' is a " + argument.type()->str() +
                             (is_tensor ? " after an argument with a default value"
                                        : " without a default value; only Tensor arguments can be fed"));
    }
  }
  if (signature.input_names.empty()) throw core::InputError("the model's forward takes no Tensor inputs");
  return signature;
}

// --shape values matched to inputs: an unnamed one is the first input's, named ones match argument names.
[[nodiscard]] std::vector<core::Shape> resolve_shapes(const std::vector<std::string>& input_names,
                                                      const std::vector<core::ShapeArg>& shape_args,
                                                      bool is_demo) {
  std::vector<std::optional<core::Shape>> shapes(input_names.size());
  for (const core::ShapeArg& arg : shape_args) {
    std::size_t index = 0;
    if (arg.input_name.has_value()) {
      while (index < input_names.size() && input_names[index] != *arg.input_name) ++index;
      if (index == input_names.size()) {
        throw core::InputError("--shape names input '" + *arg.input_name +
                               "', but the model's inputs are: " + join(input_names));
      }
    }
    if (shapes[index].has_value()) {
      throw core::InputError("--shape is given twice for input '" + input_names[index] + "'");
    }
    shapes[index] = arg.shape;
  }
  if (is_demo && !shapes[0].has_value()) shapes[0] = core::Shape{1, 3, 224, 224};
  std::vector<core::Shape> resolved;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    if (!shapes[i].has_value()) {
      throw core::InputError(
          "TorchScript files do not record input shapes; pass --shape " + input_names[i] +
          ":1x3x224x224 with the shape input '" + input_names[i] + "' takes" +
          (input_names.size() > 1 ? " (one --shape per input: " + join(input_names) + ")" : ""));
    }
    resolved.push_back(*shapes[i]);
  }
  return resolved;
}

/// How forward returns its tensors; enqueue walks the result the same way every time.
enum class OutputLayout { tensor, tuple, list, dict };

class LibtorchBackend final : public Backend {
 public:
  explicit LibtorchBackend(const LoadOptions& options);

  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return inputs_; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return outputs_; }
  void bind(std::span<const Binding> inputs, std::span<const Binding> outputs) override;
  void enqueue(StreamHandle stream) override;
  [[nodiscard]] std::unique_ptr<CapturedGraph> capture_graph(StreamHandle stream) override;

 private:
  void run_forward();
  void enqueue_work();
  void copy_outputs();
  void copy_output(std::size_t index, const at::Tensor& result);
  [[nodiscard]] std::string describe_inputs() const;
  void discover_outputs(const c10::IValue& result);

  torch::Device device_;
  torch::jit::Module module_;
  /// forward's compiled function; owned by module_'s compilation unit, which module_ keeps alive.
  torch::jit::Function* forward_ = nullptr;
  std::vector<c10::IValue> trailing_defaults_;
  std::vector<core::TensorSpec> inputs_;
  std::vector<core::TensorSpec> outputs_;
  OutputLayout layout_ = OutputLayout::tensor;
  /// self, the bound input tensors, then trailing defaults; copied into stack_ each run. Copy-assigning into
  /// a vector with enough capacity only bumps reference counts, so enqueue allocates nothing of its own.
  std::vector<c10::IValue> call_;
  std::vector<c10::IValue> stack_;
  std::vector<at::Tensor> bound_outputs_;
};

LibtorchBackend::LibtorchBackend(const LoadOptions& options)
    : device_(resolve_device(options.device)), module_(load_module(options.model, device_)) {
  const bool is_demo = !options.model.builtin.empty();
  try {
    module_.eval();
    const auto forward = module_.find_method("forward");  // c10::optional in 1.13, std::optional in 2.x
    if (!forward.has_value()) {
      throw core::InputError("TorchScript model '" + model_label(options.model) + "' has no forward method");
    }
    forward_ = &forward->function();
    const CallSignature signature = read_signature(*forward_);
    trailing_defaults_ = signature.trailing_defaults;
    const std::vector<core::Shape> shapes = resolve_shapes(signature.input_names, options.shapes, is_demo);
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      inputs_.push_back(core::TensorSpec{signature.input_names[i], options.dtype, shapes[i]});
    }

    const c10::ScalarType scalar_type = to_scalar_type(options.dtype);
    if (options.dtype == core::DType::fp16 || options.dtype == core::DType::bf16) {
      // Only floating-point state: Module::to(dtype) would also turn integer buffers (BatchNorm's
      // num_batches_tracked, index tables) into halves.
      const auto convert = [scalar_type](at::Tensor tensor) {
        if (c10::isFloatingType(tensor.scalar_type())) tensor.set_data(tensor.to(scalar_type));
      };
      for (const at::Tensor& parameter : module_.parameters()) convert(parameter);
      for (const at::Tensor& buffer : module_.buffers()) convert(buffer);
    }
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& error) {
    throw core::InputError("cannot prepare TorchScript model '" + model_label(options.model) +
                           "': " + one_line(error));
  }

  if (device_.is_cuda()) apply_framework_settings(options);

  // Outputs are only known by running the model once; zeros are enough to learn their names, shapes and
  // dtypes, and the run also surfaces shape and dtype mismatches now, as an input problem, instead of in the
  // timed loop.
  try {
    c10::InferenceMode inference_mode;
    const auto options_for_inputs =
        torch::TensorOptions().dtype(to_scalar_type(options.dtype)).device(device_);
    call_.push_back(module_._ivalue());
    for (const core::TensorSpec& input : inputs_)
      call_.push_back(torch::zeros(input.shape, options_for_inputs));
    for (const c10::IValue& value : trailing_defaults_) call_.push_back(value);
    stack_.reserve(call_.size() + 1);
    run_forward();
    if (device_.is_cuda()) torch::cuda::synchronize(device_.index());
  } catch (const std::exception& error) {
    stack_.clear();
    call_.clear();
    const std::string reason = one_line(error);
    // Running out of memory is not a wrong input: the shapes may well be right for a bigger device.
    if (torch_common::is_out_of_memory(error)) {
      throw core::OutOfMemoryError("out of memory running the model once with input shape(s) " +
                                   describe_inputs() + ": " + reason);
    }
    std::string message = "model rejected input shape(s) " + describe_inputs() + ": " + reason;
    if (device_.is_cpu() && (options.dtype == core::DType::fp16 || options.dtype == core::DType::bf16)) {
      message += " (LibTorch " + torch_version() + " may lack CPU kernels for " +
                 std::string(core::dtype_name(options.dtype)) + "; try --dtype fp32 or a CUDA device)";
    }
    throw core::InputError(message);
  }
  if (stack_.empty()) throw core::InputError("the model's forward returned nothing");
  const c10::IValue result = std::move(stack_.back());
  stack_.clear();
  discover_outputs(result);
  call_.resize(1);  // the zero tensors go; bind() puts the runner's buffers in their place
}

std::string LibtorchBackend::describe_inputs() const {
  std::string text;
  for (const core::TensorSpec& input : inputs_) {
    text += (text.empty() ? "" : ", ") + input.name + ":" + core::shape_to_string(input.shape);
  }
  return text + " (" + std::string(core::dtype_name(inputs_.front().dtype)) + " on " +
         (device_.is_cuda() ? "cuda:" + std::to_string(device_.index()) : std::string("cpu")) + ")";
}

void LibtorchBackend::discover_outputs(const c10::IValue& result) {
  std::vector<std::pair<std::string, c10::IValue>> named;
  if (result.isTensor()) {
    layout_ = OutputLayout::tensor;
    named.emplace_back("output", result);
  } else if (result.isTuple() || result.isList()) {
    layout_ = result.isTuple() ? OutputLayout::tuple : OutputLayout::list;
    const std::vector<c10::IValue> elements =
        result.isTuple() ? result.toTupleRef().elements().vec() : result.toListRef().vec();
    for (std::size_t i = 0; i < elements.size(); ++i)
      named.emplace_back("output" + std::to_string(i), elements[i]);
  } else if (result.isGenericDict()) {
    layout_ = OutputLayout::dict;
    for (const auto& entry : result.toGenericDict()) {
      if (!entry.key().isString()) {
        throw core::InputError("the model's forward returns a dict with " + entry.key().tagKind() +
                               " keys; only str keys can name outputs");
      }
      named.emplace_back(entry.key().toStringRef(), entry.value());
    }
  } else {
    throw core::InputError("the model's forward returns a " + result.tagKind() +
                           "; supported: a Tensor, a tuple or list of Tensors, a dict of str to Tensor");
  }
  if (named.empty()) throw core::InputError("the model's forward returns no tensors");
  for (const auto& [name, value] : named) {
    if (!value.isTensor()) {
      throw core::InputError("output '" + name + "' of the model is a " + value.tagKind() +
                             ", not a Tensor; nested outputs are not supported");
    }
    const at::Tensor& tensor = value.toTensor();
    const std::optional<core::DType> dtype = to_dtype(tensor.scalar_type());
    if (!dtype.has_value()) {
      throw core::InputError("output '" + name + "' has element type " +
                             std::string(c10::toString(tensor.scalar_type())) +
                             ", which inferbench cannot hold");
    }
    outputs_.push_back(
        core::TensorSpec{name, *dtype, core::Shape(tensor.sizes().begin(), tensor.sizes().end())});
  }
}

void LibtorchBackend::bind(std::span<const Binding> inputs, std::span<const Binding> outputs) {
  if (inputs.size() != inputs_.size() || outputs.size() != outputs_.size()) {
    throw std::invalid_argument("LibTorch backend: bind() got " + std::to_string(inputs.size()) +
                                " inputs and " + std::to_string(outputs.size()) + " outputs, the model has " +
                                std::to_string(inputs_.size()) + " and " + std::to_string(outputs_.size()));
  }
  const auto check = [](const Binding& binding, const core::TensorSpec& expected) {
    if (binding.data == nullptr || binding.spec.dtype != expected.dtype ||
        binding.spec.shape != expected.shape) {
      throw std::invalid_argument("LibTorch backend: binding for '" + expected.name + "' does not match " +
                                  core::shape_to_string(expected.shape) + " " +
                                  std::string(core::dtype_name(expected.dtype)) + " (or has no memory)");
    }
  };
  const auto wrap = [this](const Binding& binding) {
    const auto options = torch::TensorOptions().dtype(to_scalar_type(binding.spec.dtype)).device(device_);
    return torch::from_blob(binding.data, binding.spec.shape, options);
  };
  std::vector<c10::IValue> call{module_._ivalue()};
  std::vector<at::Tensor> bound_outputs;
  try {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      check(inputs[i], inputs_[i]);
      call.push_back(wrap(inputs[i]));
    }
    for (const c10::IValue& value : trailing_defaults_) call.push_back(value);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      check(outputs[i], outputs_[i]);
      bound_outputs.push_back(wrap(outputs[i]));
    }
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& error) {
    // from_blob checks that device memory lives on our device.
    throw core::RunError("LibTorch cannot use the bound buffers: " + one_line(error));
  }
  call_ = std::move(call);
  bound_outputs_ = std::move(bound_outputs);
  stack_.reserve(call_.size() + 1);
}

// Calls the compiled function directly: Method::operator() takes its arguments by value and inserts self at
// the front, which reallocates on every call. The stack holds the result when run() returns.
void LibtorchBackend::run_forward() {
  stack_ = call_;
  forward_->run(stack_);
}

void LibtorchBackend::copy_output(std::size_t index, const at::Tensor& result) {
  at::Tensor& target = bound_outputs_[index];
  if (result.scalar_type() != target.scalar_type() || !result.sizes().equals(target.sizes())) {
    const core::TensorSpec& spec = outputs_[index];
    throw core::RunError("output '" + spec.name + "' changed from " + core::shape_to_string(spec.shape) +
                         " " + std::string(core::dtype_name(spec.dtype)) + " at load time to " +
                         core::shape_to_string(core::Shape(result.sizes().begin(), result.sizes().end())) +
                         " " + std::string(c10::toString(result.scalar_type())));
  }
  target.copy_(result, /*non_blocking=*/true);
}

void LibtorchBackend::copy_outputs() {
  const c10::IValue& result = stack_.back();
  const auto expect_count = [this](std::size_t count) {
    if (count != outputs_.size()) {
      throw core::RunError("the model returned " + std::to_string(count) +
                           " outputs, at load time it returned " + std::to_string(outputs_.size()));
    }
  };
  switch (layout_) {
    case OutputLayout::tensor:
      copy_output(0, result.toTensor());
      return;
    case OutputLayout::tuple: {
      const auto& elements = result.toTupleRef().elements();
      expect_count(elements.size());
      for (std::size_t i = 0; i < elements.size(); ++i) copy_output(i, elements[i].toTensor());
      return;
    }
    case OutputLayout::list: {
      const c10::ArrayRef<c10::IValue> elements = result.toListRef();
      expect_count(elements.size());
      for (std::size_t i = 0; i < elements.size(); ++i) copy_output(i, elements[i].toTensor());
      return;
    }
    case OutputLayout::dict: {
      const c10::Dict<c10::IValue, c10::IValue> dict = result.toGenericDict();
      expect_count(dict.size());
      for (const auto& entry : dict) {
        const std::string& key = entry.key().toStringRef();
        std::size_t index = 0;
        while (index < outputs_.size() && outputs_[index].name != key) ++index;
        if (index == outputs_.size())
          throw core::RunError("the model returned an unexpected output '" + key + "'");
        copy_output(index, entry.value().toTensor());
      }
      return;
    }
  }
}

void LibtorchBackend::enqueue(StreamHandle stream) {
  if (bound_outputs_.empty()) throw std::logic_error("LibTorch backend: enqueue() before bind()");
  try {
    c10::InferenceMode inference_mode;
#if IB_TORCH_CUDA
    // Every kernel of forward and the output copies go onto the runner's stream, so its events time exactly
    // this work. The guard also makes our device current for the duration.
    std::optional<c10::cuda::CUDAStreamGuard> stream_guard;
    if (device_.is_cuda()) stream_guard.emplace(torch_common::torch_stream(stream, device_.index()));
#else
    (void)stream;
#endif
    enqueue_work();
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& error) {
    torch_common::throw_run_failure("LibTorch inference failed", error);
  }
}

void LibtorchBackend::enqueue_work() {
  try {
    run_forward();
    copy_outputs();
    stack_.clear();
  } catch (...) {
    stack_.clear();
    throw;
  }
}

std::unique_ptr<CapturedGraph> LibtorchBackend::capture_graph(StreamHandle stream) {
  if (!device_.is_cuda()) return nullptr;
  return capture_torch_graph(
      stream, device_.index(), [this] { enqueue_work(); },
      "TorchScript runs work that cannot be captured; benchmark an AOTInductor package of the model "
      "(scripts/export_model.py --format pt2), or run without --cuda-graph");
}

}  // namespace
}  // namespace libtorch

BackendInfo libtorch_backend_info() {
  BackendInfo info = torch_common::torch_backend_info("libtorch", libtorch_extensions());
  info.create = [](const LoadOptions& options) -> std::unique_ptr<Backend> {
    return std::make_unique<libtorch::LibtorchBackend>(options);
  };
  info.demo_archive = demo_model_archive;
  return info;
}

}  // namespace ib::backends
