// How much time does inferbench's runner add on top of the work it measures? One process times the same model
// two ways, alternating in rounds so that clock and thermal drift hit both alike: (a) the smallest honest
// hand-written loop (H2D -> enqueue -> D2H -> synchronize between two steady_clock reads, samples in a
// pre-sized vector) and (b) runner::benchmark_model, exactly as `inferbench run` calls it. It prints both
// distributions' p50 and mean, the difference, and one JSON line with the same numbers. Usage:
// harness_overhead --model synthetic:empty, or harness_overhead --model vit.ts --shape 1x3x518x518 --dtype
// fp16. CUDA device 0 only.
#include <cuda_runtime_api.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "backends/libtorch/libtorch_backend.hpp"
#include "backends/synthetic/synthetic_backend.hpp"
#include "core/clock.hpp"
#include "inferbench/errors.hpp"
#include "inferbench/shape.hpp"
#include "cuda/check.hpp"
#include "cuda/cuda_memory.hpp"
#include "cuda/device_query.hpp"
#include "cuda/stream.hpp"
#include "runner/benchmark.hpp"
#include "runner/cuda_platform.hpp"
#include "runner/input_fill.hpp"

namespace {

using namespace ib;

struct Options {
  std::string model = "synthetic:empty";
  std::vector<std::string> shapes;
  std::string dtype = "fp32";
  std::int64_t iterations = 1000;
  std::int64_t warmup = 50;
  int rounds = 5;
  bool no_breakdown = false;  ///< inferbench without CUDA events, like the hand loop
  bool cuda_graph = false;    ///< both methods replay a CUDA graph of the backend's enqueue
};

// (a) The reference: the backend made directly through its BackendInfo, buffers from cudaHostAlloc /
// cudaMalloc, one non-blocking stream, and nothing in the timed region but the round trip (each call's status
// is checked, as any real loop does: one compare).
class HandLoop {
 public:
  HandLoop(const backends::BackendInfo& info, const backends::LoadOptions& load)
      : backend_(info.create(load)) {
    std::vector<backends::Binding> inputs;
    std::vector<backends::Binding> outputs;
    std::uint64_t seed = 1;
    for (const auto& spec : backend_->inputs()) {
      host_.emplace_back(spec.size_bytes());
      device_.emplace_back(spec.size_bytes());
      runner::fill_deterministic(host_.back().data(), spec, seed++);
      uploads_.push_back({device_.back().data(), host_.back().data(), spec.size_bytes()});
      inputs.push_back({device_.back().data(), spec});
    }
    for (const auto& spec : backend_->outputs()) {
      host_.emplace_back(spec.size_bytes());
      device_.emplace_back(spec.size_bytes());
      downloads_.push_back({host_.back().data(), device_.back().data(), spec.size_bytes()});
      outputs.push_back({device_.back().data(), spec});
    }
    backend_->bind(inputs, outputs);
  }

  /// Captures the backend's enqueue into a CUDA graph (after two eager round trips, as inferbench does) and
  /// launches the graph from then on: the hand-written version of `--cuda-graph`.
  void capture_graph() {
    round_trip();
    round_trip();
    IB_CUDA_CHECK(cudaStreamBeginCapture(stream_.get(), cudaStreamCaptureModeThreadLocal));
    backend_->enqueue(stream_.get());
    cudaGraph_t graph = nullptr;
    IB_CUDA_CHECK(cudaStreamEndCapture(stream_.get(), &graph));
    IB_CUDA_CHECK(cudaGraphInstantiate(&exec_, graph, 0));
    IB_CUDA_CHECK(cudaGraphDestroy(graph));
  }
  HandLoop(const HandLoop&) = delete;
  HandLoop& operator=(const HandLoop&) = delete;
  ~HandLoop() {
    if (exec_ != nullptr) static_cast<void>(cudaGraphExecDestroy(exec_));
  }

  /// `warmup` untimed round trips, then one timed round trip per element of `samples_ms`.
  void run(std::int64_t warmup, std::span<double> samples_ms) {
    for (std::int64_t i = 0; i < warmup; ++i) round_trip();
    for (double& sample : samples_ms) {
      const auto start = std::chrono::steady_clock::now();
      round_trip();
      const auto end = std::chrono::steady_clock::now();
      sample = std::chrono::duration<double, std::milli>(end - start).count();
    }
  }

 private:
  struct Copy {
    void* dst;
    const void* src;
    std::size_t bytes;
  };
  void round_trip() {
    for (const Copy& copy : uploads_) {
      IB_CUDA_CHECK(cudaMemcpyAsync(copy.dst, copy.src, copy.bytes, cudaMemcpyHostToDevice, stream_.get()));
    }
    if (exec_ != nullptr) {
      IB_CUDA_CHECK(cudaGraphLaunch(exec_, stream_.get()));
    } else {
      backend_->enqueue(stream_.get());
    }
    for (const Copy& copy : downloads_) {
      IB_CUDA_CHECK(cudaMemcpyAsync(copy.dst, copy.src, copy.bytes, cudaMemcpyDeviceToHost, stream_.get()));
    }
    IB_CUDA_CHECK(cudaStreamSynchronize(stream_.get()));
  }

  std::unique_ptr<backends::Backend> backend_;
  cuda::Stream stream_;  // made after the backend, which selects the device
  std::vector<cuda::PinnedBuffer> host_;
  std::vector<cuda::DeviceBuffer> device_;
  std::vector<Copy> uploads_;
  std::vector<Copy> downloads_;
  cudaGraphExec_t exec_ = nullptr;
};

// numpy's default percentile (linear interpolation between order statistics), as docs/methodology.md defines
// it.
[[nodiscard]] double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double rank = (static_cast<double>(values.size()) - 1.0) * p / 100.0;
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (rank - std::floor(rank)) * (values[above] - values[below]);
}

[[nodiscard]] double mean(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

struct Method {
  std::string name;
  std::vector<double> samples_ms;    // every timed sample of every round, in order
  std::vector<double> round_p50_us;  // one per round, to show the spread between rounds
};

[[nodiscard]] nlohmann::json describe(const Method& method) {
  return {{"samples", method.samples_ms.size()},
          {"p50_us", percentile(method.samples_ms, 50) * 1e3},
          {"mean_us", mean(method.samples_ms) * 1e3},
          {"min_us", *std::min_element(method.samples_ms.begin(), method.samples_ms.end()) * 1e3},
          {"round_p50_us", method.round_p50_us}};
}

int run(const Options& options) {
  if (options.iterations < 1 || options.rounds < 1 || options.warmup < 0) {
    throw core::InputError("--iterations and --rounds must be at least 1, --warmup at least 0");
  }
  // The platform first: it selects device 0 and says clearly when there is none.
  const auto platform = runner::make_cuda_platform(0);
  const cuda::CudaInfo cuda_info = cuda::query_cuda();
  const std::string gpu = cuda_info.devices.empty() ? "unknown GPU" : cuda_info.devices.front().name;

  const bool synthetic = options.model.starts_with("synthetic:");
  const backends::BackendInfo info =
      synthetic ? backends::synthetic_backend_info() : backends::libtorch_backend_info();
  backends::LoadOptions load;
  if (synthetic) {
    load.model.builtin = options.model;
  } else {
    load.model.path = options.model;
  }
  load.device = core::DeviceSpec{core::DeviceKind::cuda, 0};
  load.dtype = core::parse_dtype(options.dtype);
  for (const auto& text : options.shapes) load.shapes.push_back(core::parse_shape_arg(text));

  runner::BenchmarkRequest request;
  request.name = options.model;
  request.backend = &info;
  request.load = load;
  request.model.path = options.model;
  request.loop.warmup = options.warmup;
  request.loop.iterations = options.iterations;
  request.loop.stage_timing = !options.no_breakdown;
  request.cuda_graph = options.cuda_graph;
  request.percentiles = {50};
  core::SteadyClock clock;

  HandLoop hand(info, load);
  if (options.cuda_graph) hand.capture_graph();
  Method hand_method{"hand loop", {}, {}};
  Method runner_method{"inferbench", {}, {}};
  std::vector<double> round_samples(static_cast<std::size_t>(options.iterations));

  // Common warm-up, untimed: the hand loop's backend, and a first runner pass (one-time costs such as cuBLAS
  // or cuDNN initialisation land here, not in round 1).
  hand.run(options.warmup, round_samples);
  static_cast<void>(runner::benchmark_model(request, *platform, clock, nullptr));

  const auto time_hand = [&] {
    hand.run(options.warmup, round_samples);
    hand_method.samples_ms.insert(hand_method.samples_ms.end(), round_samples.begin(), round_samples.end());
    hand_method.round_p50_us.push_back(percentile(round_samples, 50) * 1e3);
  };
  const auto time_runner = [&] {
    const result::Run run = runner::benchmark_model(request, *platform, clock, nullptr);
    const auto& samples = run.samples.latency_ms;
    runner_method.samples_ms.insert(runner_method.samples_ms.end(), samples.begin(), samples.end());
    runner_method.round_p50_us.push_back(percentile(samples, 50) * 1e3);
  };
  // The order alternates between rounds, so neither method always runs right after the other's pass.
  for (int round = 0; round < options.rounds; ++round) {
    if (round % 2 == 0) {
      time_hand();
      time_runner();
    } else {
      time_runner();
      time_hand();
    }
  }

  const nlohmann::json hand_json = describe(hand_method);
  const nlohmann::json runner_json = describe(runner_method);
  const double hand_p50 = hand_json["p50_us"];
  const double runner_p50 = runner_json["p50_us"];
  const double hand_mean = hand_json["mean_us"];
  const double runner_mean = runner_json["mean_us"];

  fmt::print(
      "harness overhead: {} on {} (cuda:0), {} rounds x {} iterations ({} warm-up each), alternating\n",
      options.model, gpu, options.rounds, options.iterations, options.warmup);
  fmt::print("{:<12} {:>8} {:>10} {:>10} {:>10}   {}\n", "method", "samples", "p50 us", "mean us", "min us",
             "p50 per round us");
  for (const auto* method : {&hand_method, &runner_method}) {
    const nlohmann::json j = describe(*method);
    std::string rounds;
    for (const double p50 : method->round_p50_us)
      rounds += fmt::format("{}{:.2f}", rounds.empty() ? "" : " ", p50);
    fmt::print("{:<12} {:>8} {:>10.2f} {:>10.2f} {:>10.2f}   {}\n", method->name, method->samples_ms.size(),
               j["p50_us"].get<double>(), j["mean_us"].get<double>(), j["min_us"].get<double>(), rounds);
  }
  const double diff_p50 = runner_p50 - hand_p50;
  const double diff_mean = runner_mean - hand_mean;
  fmt::print("inferbench - hand loop: p50 {:+.2f} us ({:+.2f}%), mean {:+.2f} us ({:+.2f}%)\n", diff_p50,
             100.0 * diff_p50 / hand_p50, diff_mean, 100.0 * diff_mean / hand_mean);

  const nlohmann::json line = {{"bench", "harness_overhead"},
                               {"model", options.model},
                               {"shapes", options.shapes},
                               {"dtype", options.dtype},
                               {"gpu", gpu},
                               {"rounds", options.rounds},
                               {"iterations", options.iterations},
                               {"warmup", options.warmup},
                               {"inferbench_events", !options.no_breakdown},
                               {"cuda_graph", options.cuda_graph},
                               {"hand_loop", hand_json},
                               {"inferbench", runner_json},
                               {"diff_p50_us", diff_p50},
                               {"diff_p50_pct", 100.0 * diff_p50 / hand_p50},
                               {"diff_mean_us", diff_mean},
                               {"diff_mean_pct", 100.0 * diff_mean / hand_mean}};
  fmt::print("{}\n", line.dump());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Times one model with a minimal hand-written CUDA loop and with inferbench's runner, alternating."};
  Options options;
  app.add_option("--model", options.model, "synthetic:<spec> or a TorchScript file")->capture_default_str();
  app.add_option("--shape", options.shapes, "input shape, [name:]1x3x224x224 (repeatable)");
  app.add_option("--dtype", options.dtype, "fp32, fp16 or bf16")->capture_default_str();
  app.add_option("--iterations", options.iterations, "timed iterations per round and method")
      ->capture_default_str();
  app.add_option("--warmup", options.warmup, "untimed iterations before each round's timed ones")
      ->capture_default_str();
  app.add_option("--rounds", options.rounds, "rounds, each timing both methods")->capture_default_str();
  app.add_flag("--no-breakdown", options.no_breakdown, "inferbench runs no breakdown pass");
  app.add_flag("--cuda-graph", options.cuda_graph,
               "both methods replay a CUDA graph of the backend's enqueue");
  CLI11_PARSE(app, argc, argv);
  try {
    return run(options);
  } catch (const ib::core::Error& error) {
    fmt::print(stderr, "harness_overhead: error: {}\n", error.what());
    return error.kind() == ib::core::ErrorKind::run_failed ? 1 : 2;  // a bad option or a missing device: nothing ran
  } catch (const std::exception& error) {
    fmt::print(stderr, "harness_overhead: error: {}\n", error.what());
    return 1;
  }
}
