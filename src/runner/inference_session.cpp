#include "runner/inference_session.hpp"

#include <cstring>
#include <memory>
#include <utility>

#include "inferbench/errors.hpp"
#include "runner/input_fill.hpp"

namespace ib::runner {
namespace {

// A graph the backend captured through its framework, replayed where the runner replays its own.
class BackendReplay final : public Replay {
 public:
  explicit BackendReplay(std::unique_ptr<backends::CapturedGraph> graph) : graph_(std::move(graph)) {}
  void launch() override { graph_->replay(); }

 private:
  std::unique_ptr<backends::CapturedGraph> graph_;
};

}  // namespace

InferenceSession::InferenceSession(backends::Backend& backend, Platform& platform, SessionOptions options)
    : backend_(backend),
      platform_(platform),
      stream_(platform.stream()),
      input_specs_(backend.inputs()),
      output_specs_(backend.outputs()) {
  const bool separate_host = platform.has_transfers();
  std::vector<backends::Binding> input_bindings;
  std::vector<backends::Binding> output_bindings;
  std::uint64_t seed = 0x1b5eed;
  std::vector<Copy> initial_uploads;
  for (const auto& spec : input_specs_) {
    const std::size_t bytes = spec.size_bytes();
    const std::uint64_t input_seed = seed++;  // per input position, whatever fills the first one
    Buffer& device = device_buffers_.emplace_back(platform.allocate_device(bytes));
    void* fill_target = device.data();
    if (separate_host) {
      Buffer& host = host_buffers_.emplace_back(platform.allocate_host(bytes));
      initial_uploads.push_back({device.data(), host.data(), bytes});
      fill_target = host.data();
    }
    if (options.first_input && &spec == &input_specs_.front()) {
      const std::vector<std::byte> data = options.first_input(spec);
      if (data.size() != bytes) {
        throw core::InputError("input '" + spec.name + "' needs " + std::to_string(bytes) +
                               " bytes, the data has " + std::to_string(data.size()));
      }
      std::memcpy(fill_target, data.data(), bytes);
    } else {
      fill_deterministic(fill_target, spec, input_seed, options.stop);
    }
    input_bindings.push_back({device.data(), spec});
  }
  for (const auto& spec : output_specs_) {
    const std::size_t bytes = spec.size_bytes();
    Buffer& device = device_buffers_.emplace_back(platform.allocate_device(bytes));
    if (separate_host && options.transfers) {
      Buffer& host = host_buffers_.emplace_back(platform.allocate_host(bytes));
      downloads_.push_back({host.data(), device.data(), bytes});
      output_host_.push_back(host.data());
    } else {
      output_host_.push_back(separate_host ? nullptr : device.data());
    }
    output_bindings.push_back({device.data(), spec});
  }
  if (options.transfers) uploads_ = initial_uploads;
  // The inputs are on the device before anything is timed, whichever mode the loop runs in.
  for (const Copy& copy : initial_uploads) platform.copy_to_device(copy.dst, copy.src, copy.bytes);
  platform.synchronize();
  backend.bind(input_bindings, output_bindings);
}

void InferenceSession::capture_graph() {
  if (std::unique_ptr<backends::CapturedGraph> graph = backend_.capture_graph(stream_)) {
    replay_ = std::make_unique<BackendReplay>(std::move(graph));
    return;
  }
  replay_ = platform_.capture([this] { backend_.enqueue(stream_); });
}

const void* InferenceSession::output_host_data(std::size_t i) const {
  if (i >= output_host_.size() || output_host_[i] == nullptr) {
    throw core::RunError("output " + std::to_string(i) + " has no host copy (run without --no-transfers)");
  }
  return output_host_[i];
}

void InferenceSession::set_first_input(std::span<const std::byte> bytes) {
  if (input_specs_.empty()) throw core::InputError("the model has no input to set");
  const core::TensorSpec& spec = input_specs_.front();
  if (bytes.size() != spec.size_bytes()) {
    throw core::InputError("input '" + spec.name + "' needs " + std::to_string(spec.size_bytes()) +
                           " bytes, the data has " + std::to_string(bytes.size()));
  }
  // Inputs were allocated first, so buffer 0 is the first input's (its host copy where there are two).
  if (platform_.has_transfers()) {
    std::memcpy(host_buffers_.front().data(), bytes.data(), bytes.size());
    platform_.copy_to_device(device_buffers_.front().data(), host_buffers_.front().data(), bytes.size());
  } else {
    std::memcpy(device_buffers_.front().data(), bytes.data(), bytes.size());
  }
  platform_.synchronize();
}

}  // namespace ib::runner
