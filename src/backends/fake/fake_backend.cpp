#include "backends/fake/fake_backend.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <string>

#include "inferbench/errors.hpp"

namespace ib::backends {

FakeBackend::FakeBackend(core::TensorSpec input, core::TensorSpec output, std::vector<std::int64_t> script_ns,
                         std::function<void(std::int64_t)> elapse, std::function<std::int64_t()> now_ns)
    : input_(std::move(input)),
      output_(std::move(output)),
      script_ns_(std::move(script_ns)),
      elapse_(std::move(elapse)),
      now_ns_(std::move(now_ns)) {
  if (script_ns_.empty()) throw core::InputError("fake backend needs at least one duration");
  if (!now_ns_) {
    now_ns_ = [] {
      return std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
  }
}

void FakeBackend::bind(std::span<const Binding> inputs, std::span<const Binding> outputs) {
  if (inputs.size() != 1 || outputs.size() != 1)
    throw core::RunError("fake backend binds one input and one output");
  input_data_ = inputs[0].data;
  output_data_ = outputs[0].data;
}

void FakeBackend::enqueue(StreamHandle /*stream*/) {
  const auto step = static_cast<std::size_t>(inferences_) % script_ns_.size();
  const std::size_t bytes = std::min(input_.size_bytes(), output_.size_bytes());
  ++inferences_;
  if (!profiling_) {
    elapse_(script_ns_[step]);
    std::memcpy(output_data_, input_data_, bytes);
    return;
  }
  const std::int64_t start = now_ns_();
  elapse_(script_ns_[step]);
  const std::int64_t waited = now_ns_();
  std::memcpy(output_data_, input_data_, bytes);
  const std::int64_t copied = now_ns_();
  layer_times_.add("wait", static_cast<double>(waited - start) * 1e-6);
  layer_times_.add("copy", static_cast<double>(copied - waited) * 1e-6);
  layer_times_.inference_done();
}

std::optional<result::LayerProfile> FakeBackend::layer_profile() const {
  if (layer_times_.inferences() == 0) return std::nullopt;
  return layer_times_.profile();
}

std::vector<std::int64_t> parse_fake_spec(std::string_view spec) {
  const auto bad = [&] {
    return core::InputError("bad fake model '" + std::string(spec) +
                            "' (expected fake:<ms>[,<ms>...], e.g. fake:0.2)");
  };
  if (!spec.starts_with("fake:")) throw bad();
  std::vector<std::int64_t> durations;
  std::string_view rest = spec.substr(5);
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string item(rest.substr(0, comma));
    std::size_t used = 0;
    double ms = 0;
    try {
      ms = std::stod(item, &used);
    } catch (const std::exception&) {
      throw bad();
    }
    if (used != item.size() || !std::isfinite(ms) || ms < 0 || ms > 60'000) throw bad();
    durations.push_back(static_cast<std::int64_t>(std::llround(ms * 1e6)));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return durations;
}

namespace {

// Busy-waits rather than sleeps: sleeping adds the scheduler's wake-up latency, which would make the fake
// noisy.
void spin_for(std::int64_t ns) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(ns);
  while (std::chrono::steady_clock::now() < until) {
  }
}

}  // namespace

BackendInfo fake_backend_info() {
  BackendInfo info{.name = "fake",
                   .version = [] { return std::string("1"); },
                   .extensions = {},
                   .supports_cuda = false,
                   .supports_cpu = true,
                   .create = {},
                   .demo_archive = {}};
  info.create = [](const LoadOptions& options) -> std::unique_ptr<Backend> {
    if (options.device.kind != core::DeviceKind::cpu) {
      throw core::UnavailableError("the fake backend runs on the CPU only; use --device cpu");
    }
    const std::string spec =
        options.model.builtin.empty() ? options.model.path.string() : options.model.builtin;
    auto script = parse_fake_spec(spec);
    core::Shape shape{1, 3, 8, 8};
    for (const auto& arg : options.shapes) {
      if (arg.input_name && *arg.input_name != "input") {
        throw core::InputError("fake model has one input named 'input', not '" + *arg.input_name + "'");
      }
      shape = arg.shape;
    }
    core::TensorSpec input{"input", options.dtype, shape};
    core::TensorSpec output{"output", options.dtype, shape};
    return std::make_unique<FakeBackend>(std::move(input), std::move(output), std::move(script), spin_for);
  };
  return info;
}

}  // namespace ib::backends
