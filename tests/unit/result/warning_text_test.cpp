// Every warning kind, from its values to the sentence users read: the one place that words warnings and
// names flags. The sentences are those inferbench printed before warnings became data.
#include "result/warning_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ib::result {
namespace {

using K = WarningKind;

struct Case {
  Warning warning;
  std::string text;
};

std::vector<Case> cases() {
  return {
      {{K::legacy, {}, {{"text", "as written by 1.2"}}}, "as written by 1.2"},
      {{K::interrupted_before_timing, {}, {{"step", "loading the model"}}},
       "interrupted while loading the model, before any timed iteration"},
      {{K::interrupted, {{"timed", 3}, {"warmup", 0}}, {}},
       "interrupted after 3 timed iterations (0 warm-up)"},
      {{K::abandoned_backend_call, {{"grace_s", 3}, {"timed", 20}}, {}},
       "interrupted: a backend call had not returned 3 s after the signal and was abandoned; kept the 20 "
       "timed "
       "iterations completed before it (throughput from their sum)"},
      {{K::target_not_reached, {{"max_duration_s", 2.5}}, {}},
       "--until-stable: the target was not reached within --max-duration 2.5 s; the intervals below say how "
       "close it got"},
      {{K::too_few_samples, {{"samples", 4}, {"percentile", 99.9}, {"needed", 1000}}, {}},
       "only 4 samples: p99.9 needs at least 1000 to say anything about the tail; raise --iterations"},
      {{K::high_cv, {{"cv", 1.0 / 3.0}}, {}},
       "latency varies a lot (CV 33.3%): other load on the machine, clock changes or data-dependent work; "
       "compare medians, and raise --warmup"},
      {{K::host_bound, {{"enqueue_ms", 1.25}, {"compute_ms", 1.5}}, {}},
       "host-bound: issuing the work takes 1.250 ms of the 1.500 ms the device spends on it, so the GPU "
       "waits "
       "for the CPU; try --cuda-graph"},
      {{K::peak_rss_lifetime, {}, {}},
       "peak RSS is the process's lifetime peak: the kernel refused to reset it"},
      {{K::clock_drop, {{"fraction", 0.055}, {"before_mhz", 2000}, {"after_mhz", 1890}}, {}},
       "SM clock fell 5.5% over the timed pass (2000 -> 1890 MHz), so later iterations ran slower: raise "
       "--warmup (or --warmup-ms) so clocks settle before timing, and check the GPU's cooling"},
      {{K::clocks_held, {}, {{"reasons", "sw_power_cap: the power limit was reached"}}},
       "GPU clocks were held below their maximum during the run (sw_power_cap: the power limit was reached); "
       "the numbers are for these conditions, not the GPU's best"},
      {{K::telemetry_queries_failed, {{"failed", 7}, {"messages", 3}}, {{"first_error", "timed out"}}},
       "telemetry: 7 GPU queries failed (timed out, and 2 other messages); those values are NaN, not zero"},
      {{K::telemetry_queries_failed, {{"failed", 1}, {"messages", 0}}, {}},
       "telemetry: 1 GPU query failed (no message); those values are NaN, not zero"},
      {{K::sampler_overhead, {{"sample_cost_ms", 12.5}, {"interval_s", 0.1}}, {}},
       "telemetry: one sample cost 12.50 ms on average, 12% of the 0.1 s interval; raise "
       "--gpu-sample-interval "
       "to disturb the run less"},
      {{K::edge_read_failed, {}, {{"edge", "start"}, {"error", "timed out"}}},
       "telemetry: reading the GPU at the start of the speed pass failed (timed out); its energy or clock "
       "drop "
       "may be missing"},
      {{K::nonfinite_output,
        {{"nonfinite", 16}, {"values", 16}, {"nan", 10}, {"inf", 6}},
        {{"output", "output"}}},
       "output 'output' holds 16 NaN/Inf values of 16 (10 NaN, 6 Inf) after the timed passes; the timing "
       "stands, and they are left out of every quality metric"},
      {{K::gt_resized,
        {{"gt_width", 64}, {"gt_height", 48}, {"image_width", 32}, {"image_height", 24}},
        {{"gt_file", "gt.png"}}},
       "gt.png: the GT is 64x48 but the image 32x24 (same aspect ratio): the prediction was resized to the "
       "GT's size (bicubic)"},
      {{K::no_valid_prediction,
        {},
        {{"output", "depth"}, {"gt_file", "gt.npy"}, {"reason", "no valid pixel"}}},
       "output 'depth' against gt.npy: no valid pixel; no depth metrics from it"},
      {{K::invalid_predictions, {{"count", 12}}, {}},
       "12 predictions were NaN, Inf or not positive where the GT is valid (left out of the depth metrics)"},
      {{K::dataset_unusable, {{"unusable", 1}, {"images", 3}}, {}},
       "dataset: 1 of 3 images had no usable prediction and are left out of the metrics"},
      {{K::dataset_unusable, {{"unusable", 3}, {"images", 3}}, {}},
       "dataset: 3 of 3 images had no usable prediction and are left out of the metrics (none left: no GT "
       "metrics)"},
      {{K::dataset_skipped, {{"skipped", 2}, {"images", 5}}, {}},
       "dataset: 2 of 5 images have no GT file and were skipped"},
      {{K::cross_engine_shape_mismatch,
        {},
        {{"shape", "2x2"}, {"reference", "a"}, {"reference_shape", "3x3"}}},
       "cross-engine: output shape 2x2 differs from the reference a's 3x3: not compared"},
      {{K::cross_engine_not_compared, {}, {{"reference", "a"}, {"reason", "no finite pair"}}},
       "cross-engine: not compared with a: no finite pair"},
      {{K::no_transfers_no_comparison, {}, {}},
       "--no-transfers keeps outputs on the device: no cross-engine comparison"},
      {{K::dataset_overrides_gt, {}, {}}, "dataset mode takes precedence over --gt, which is not used"},
      {{K::gpu_id_unused_on_cpu, {{"gpu_id", 1}}, {}}, "--gpu-id 1 is not used: this run is on the CPU"},
      {{K::gpu_id_unused_telemetry_off, {}, {}},
       "--gpu-id chooses the GPU telemetry samples; with --telemetry off it is not used"},
      {{K::trtexec_latency_definition, {}, {}},
       "latency_ms is trtexec's Latency (H2D + GPU compute + D2H from CUDA events, with the next inference "
       "queued behind it), not a host round trip as in native runs"},
      {{K::trtexec_host_bound, {{"enqueue_ms", 0.9}, {"compute_ms", 1}}, {}},
       "host-bound: median enqueue time 0.9 ms is above 80% of the median GPU compute time 1 ms; try "
       "trtexec's "
       "--useCudaGraph (inferbench trtexec run --cuda-graph)"},
      {{K::trtexec_batch_mismatch,
        {{"recorded", 4}, {"used", 2}, {"from_flag", 1}},
        {{"file", "run_config.json"}}},
       "run_config.json records batch 4 but batch 2 is used (--batch)"},
      {{K::trtexec_batch_mismatch,
        {{"recorded", 4}, {"used", 1}, {"from_flag", 0}},
        {{"file", "engine.json"}}},
       "engine.json records batch 4 but batch 1 is used"},
      {{K::trtexec_warmup_without_start, {}, {}},
       "run_config.json has a warm-up but the file has no startComputeMs: kept every record"},
      {{K::trtexec_other_host, {}, {{"trtexec_host", "gpu-box-7"}, {"parse_host", "laptop"}}},
       "trtexec ran on 'gpu-box-7'; the environment describes 'laptop', where its times were parsed"},
      {{K::trtexec_no_run_config, {}, {}},
       "no run_config.json beside the times file: the environment describes the machine that parsed it"},
      {{K::trtexec_times_note, {}, {{"note", "the records were read from the array under 'x'"}}},
       "the records were read from the array under 'x'"},
      {{K::layer_profile_unsupported, {}, {{"backend", "libtorch"}}},
       "--profile-layers: the libtorch backend cannot time layers, so the run has no per-layer profile (a "
       "TensorRT engine has one, natively or through trtexec)"},
  };
}

TEST(WarningText, EachKindFromItsValues) {
  for (const Case& c : cases()) {
    EXPECT_EQ(warning_text(c.warning), c.text) << warning_kind_name(c.warning.kind);
  }
}

TEST(WarningText, EveryKindHasATestedTextAndAStableName) {
  std::vector<bool> seen(static_cast<std::size_t>(K::layer_profile_unsupported) + 1, false);
  for (const Case& c : cases()) seen[static_cast<std::size_t>(c.warning.kind)] = true;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const auto kind = static_cast<WarningKind>(i);
    EXPECT_TRUE(seen[i]) << "no text test for " << warning_kind_name(kind);
    EXPECT_EQ(warning_kind_from_name(warning_kind_name(kind)), kind) << i;
  }
  EXPECT_EQ(warning_kind_name(K::high_cv), "high_cv");
  EXPECT_FALSE(warning_kind_from_name("from_the_future"));
}

TEST(WarningText, AMissingValueReadsAsZeroOrEmpty) {
  EXPECT_EQ(warning_text({K::interrupted, {}, {}}), "interrupted after 0 timed iterations (0 warm-up)");
  EXPECT_EQ(warning_text(legacy_warning("kept as written")), "kept as written");
}

}  // namespace
}  // namespace ib::result
