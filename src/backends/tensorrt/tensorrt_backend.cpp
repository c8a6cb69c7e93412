#include "backends/tensorrt/tensorrt_backend.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "backends/tensorrt/engine_io.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends::tensorrt {
namespace {

[[nodiscard]] double ms_between(std::int64_t start_ns, std::int64_t end_ns) {
  return static_cast<double>(end_ns - start_ns) / 1e6;
}

[[nodiscard]] std::vector<TrtTensor> of_mode(const std::vector<TrtTensor>& tensors, TensorMode mode) {
  std::vector<TrtTensor> selected;
  for (const auto& tensor : tensors) {
    if (tensor.mode == mode) selected.push_back(tensor);
  }
  return selected;
}

}  // namespace

std::vector<std::byte> read_plan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::InputError(fmt::format("cannot read the engine '{}': {}", path, std::generic_category().message(errno)));
  }
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw core::InputError(fmt::format("cannot read the engine '{}': read error", path));
  if (bytes.empty()) throw core::InputError(fmt::format("the engine '{}' is empty", path));
  std::vector<std::byte> plan(bytes.size());
  std::transform(bytes.begin(), bytes.end(), plan.begin(), [](char c) { return static_cast<std::byte>(c); });
  return plan;
}

TensorrtBackend::TensorrtBackend(std::shared_ptr<TrtAdapter> adapter, const LoadOptions& options, NowNs now_ns)
    : adapter_(std::move(adapter)), now_ns_(std::move(now_ns)), path_(options.model.path.string()) {
  load(options);
}

TensorrtBackend::~TensorrtBackend() {
  if (context_ && profiling_) context_->set_profiler(nullptr);
}

void TensorrtBackend::load(const LoadOptions& options) {
  std::int64_t t = now_ns_();
  // Ends the step begun at t under `name` and begins the next.
  const auto step_done = [&](const char* name) {
    const std::int64_t next = now_ns_();
    steps_.push_back({name, ms_between(t, next)});
    t = next;
  };
  std::string why;
  runtime_ = adapter_->create_runtime(why);
  if (!runtime_) throw core::UnavailableError("TensorRT cannot create a runtime: " + why);
  step_done("runtime");
  const std::vector<std::byte> plan = read_plan(path_);
  step_done("read");
  engine_ = runtime_->deserialize(plan);
  if (!engine_) throw_deserialize_error(path_, runtime_->last_error(), adapter_->version());
  step_done("deserialize");
  discover(options);
  step_done("context");
}

// Tensors, the profile, the context with its input shapes, then the outputs' shapes those imply.
void TensorrtBackend::discover(const LoadOptions& options) {
  const std::vector<TrtTensor> tensors = engine_->io_tensors();
  for (const TrtTensor& tensor : tensors) check_linear(tensor);
  const std::vector<TrtTensor> inputs = of_mode(tensors, TensorMode::input);
  const std::vector<core::Shape> requested = requested_shapes(inputs, options.shapes);
  profile_ = select_profile(*engine_, inputs, requested);
  const std::vector<core::Shape> shapes = final_shapes(*engine_, inputs, requested, profile_);

  context_ = engine_->create_context();
  if (!context_) {
    throw core::UnavailableError("TensorRT cannot create an execution context for '" + path_ +
                                 "': " + runtime_->last_error());
  }
  if (profile_ != 0 && !context_->set_optimization_profile(profile_, nullptr)) {
    throw core::RunError(fmt::format("TensorRT rejected optimisation profile {}: {}", profile_, runtime_->last_error()));
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (is_dynamic(inputs[i]) && !context_->set_input_shape(inputs[i].name, shapes[i])) {
      throw core::InputError(fmt::format("TensorRT rejected the shape {} for input '{}': {}",
                                         core::shape_to_string(shapes[i]), inputs[i].name, runtime_->last_error()));
    }
    inputs_.push_back({inputs[i].name, to_dtype(inputs[i].dtype, inputs[i].name), shapes[i]});
  }
  resolve_outputs(of_mode(tensors, TensorMode::output));
}

void TensorrtBackend::resolve_outputs(const std::vector<TrtTensor>& outputs) {
  for (const TrtTensor& output : outputs) {
    core::Shape shape = context_->tensor_shape(output.name);
    if (std::any_of(shape.begin(), shape.end(), [](std::int64_t d) { return d < 0; })) {
      throw core::UnavailableError(fmt::format(
          "the engine's output '{}' has a data-dependent shape ({}); inferbench needs every output's size before "
          "the first inference",
          output.name, fmt::join(shape, "x")));
    }
    outputs_.push_back({output.name, to_dtype(output.dtype, output.name), std::move(shape)});
  }
}

void TensorrtBackend::bind(std::span<const Binding> inputs, std::span<const Binding> outputs) {
  const auto bind_all = [this](std::span<const Binding> bindings, const std::vector<core::TensorSpec>& specs) {
    if (bindings.size() != specs.size()) {
      throw core::RunError(fmt::format("the TensorRT backend got {} buffers for {} tensors", bindings.size(),
                                       specs.size()));
    }
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (!context_->set_tensor_address(specs[i].name, bindings[i].data)) {
        throw core::RunError("TensorRT rejected the buffer of '" + specs[i].name + "': " + runtime_->last_error());
      }
    }
  };
  bind_all(inputs, inputs_);
  bind_all(outputs, outputs_);
  bound_ = true;
}

void TensorrtBackend::enqueue(StreamHandle stream) {
  if (!bound_) throw core::RunError("the TensorRT backend was asked to enqueue before its buffers were bound");
  if (!context_->enqueue(stream)) throw core::RunError("TensorRT's enqueueV3 failed: " + runtime_->last_error());
  ++enqueued_;
  if (profiling_) profiler_.inference_done();
}

std::unique_ptr<CapturedGraph> TensorrtBackend::capture_graph(StreamHandle /*stream*/) {
  if (profiling_) {
    throw core::UnavailableError(
        "per-layer profiling cannot run inside a CUDA graph (TensorRT's profiler synchronises after each layer); "
        "drop --cuda-graph or --profile-layers");
  }
  if (enqueued_ == 0) {
    throw core::UnavailableError("a TensorRT engine must run once before its CUDA graph is captured");
  }
  return nullptr;
}

bool TensorrtBackend::set_layer_profiling(bool on) {
  if (on == profiling_) return true;
  context_->set_profiler(on ? &profiler_ : nullptr);
  profiling_ = on;
  return true;
}

std::optional<result::LayerProfile> TensorrtBackend::layer_profile() const {
  if (profiler_.inferences() == 0) return std::nullopt;
  return profiler_.profile();
}

}  // namespace ib::backends::tensorrt
