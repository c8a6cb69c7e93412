// What an annotation costs a pipeline: nanoseconds per push_range + pop_range pair for a disabled profiler, an
// enabled one (host time only, NVTX off and on) and one timing a CUDA stream (where a GPU is present). Each
// case runs a steady pipeline shape (a batch of four stages) for many batches, and prints the median of
// several rounds. Numbers and the command: docs/results/annotate-overhead.md.
//   annotate_overhead [--batches N] [--rounds R] [--gpu]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/annotate.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kStages[] = {"decode", "preprocess", "infer", "postprocess"};
constexpr int kRangesPerBatch = 5;  // the batch and its four stages

// batches: each batch a new path (batch_<i>), as CV-CUDA's layout wants; else the same five paths every time.
double ns_per_range(ib::annotate::ProfilerOptions options, int batches, bool new_paths) {
  options.output_dir = "/tmp";
  ib::annotate::Profiler profiler(options);
  const auto start = Clock::now();
  for (int b = 0; b < batches; ++b) {
    if (new_paths) {
      profiler.push_range("batch", b);
    } else {
      profiler.push_range("batch", 0);
    }
    for (const char* stage : kStages) {
      profiler.push_range(stage);
      profiler.pop_range();
    }
    profiler.pop_range(8);
  }
  const auto end = Clock::now();
  if (profiler.enabled()) static_cast<void>(profiler.json());  // resolves device times outside the timing
  return std::chrono::duration<double, std::nano>(end - start).count() / (static_cast<double>(batches) * kRangesPerBatch);
}

double median_of_rounds(const ib::annotate::ProfilerOptions& options, int batches, int rounds, bool new_paths) {
  std::vector<double> values;
  for (int r = 0; r < rounds; ++r) values.push_back(ns_per_range(options, batches, new_paths));
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int batches = 20000;
  int rounds = 7;
  bool gpu = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--batches") == 0 && i + 1 < argc) batches = std::stoi(argv[++i]);
    else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::stoi(argv[++i]);
    else if (std::strcmp(argv[i], "--gpu") == 0) gpu = true;
  }
  struct Case {
    const char* name;
    bool enabled;
    bool nvtx;
    bool stream;
  };
  std::vector<Case> cases{{"disabled", false, false, false}, {"enabled, host time, no NVTX", true, false, false},
                          {"enabled, host time + NVTX", true, true, false}};
  if (gpu) cases.push_back({"enabled, host + CUDA events (default stream) + NVTX", true, true, true});
  std::printf("| case | ns per range, new batch each time | ns per range, same paths again |\n|---|---|---|\n");
  for (const Case& c : cases) {
    ib::annotate::ProfilerOptions options;
    options.name = "bench";
    options.enabled = c.enabled;
    options.nvtx = c.nvtx;
    if (c.stream) options.cuda_stream = nullptr;
    std::printf("| %s | %.1f | %.1f |\n", c.name, median_of_rounds(options, batches, rounds, true),
                median_of_rounds(options, batches, rounds, false));
  }
  std::printf("\nns per push_range + pop_range pair; median of %d rounds of %d batches x %d ranges\n", rounds, batches,
              kRangesPerBatch);
  return 0;
}
