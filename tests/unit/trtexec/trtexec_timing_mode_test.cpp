// trtexec 11's new defaults: the version from the banner, the flags for what was asked, what a run did, and
// how the 11.x log and the result say it.
#include "trtexec/timing_mode.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "result/warning_text.hpp"
#include "trtexec/command.hpp"
#include "trtexec/log.hpp"
#include "trtexec/times.hpp"
#include "trtexec/to_result.hpp"

namespace ib::trtexec {
namespace {

using Args = std::vector<std::string>;
using testing::fixture;

TEST(trtexecTimingMode, VersionFromTheBanner) {
  EXPECT_EQ(banner_version(fixture("trtexec_v11.log")), "11.1.0");
  EXPECT_EQ(banner_version(fixture("trtexec_v10.log")), "10.3.0");
  EXPECT_EQ(banner_version("&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --help\n=== Model ==="),
            "8.6.1");
  EXPECT_EQ(banner_version("usage: trtexec [options]\n"), std::nullopt);
  EXPECT_EQ(major_version(std::string("11.1.0")), 11);
  EXPECT_EQ(major_version(std::string("8.6.1")), 8);
  EXPECT_EQ(major_version(std::string("unknown")), std::nullopt);
  EXPECT_EQ(major_version(std::nullopt), std::nullopt);
}

TEST(trtexecTimingMode, FlagsForWhatWasAskedOnEachVersion) {
  const TimingMode ours;  // no graph, blocking sync, copies included
  const TimingMode all{.cuda_graph = true, .spin_wait = true, .data_transfers = false};
  EXPECT_EQ(timing_flags(ours, 10), Args{});
  EXPECT_EQ(timing_flags(ours, std::nullopt), Args{});
  EXPECT_EQ(timing_flags(all, 10), (Args{"--useCudaGraph", "--useSpinWait", "--noDataTransfers"}));
  EXPECT_EQ(timing_flags(ours, 11), (Args{"--noCudaGraph", "--noSpinWait", "--includeDataTransfers"}));
  EXPECT_EQ(timing_flags(all, 11), Args{});
  EXPECT_EQ(timing_flags({.cuda_graph = true, .spin_wait = false, .data_transfers = true}, 12),
            (Args{"--noSpinWait", "--includeDataTransfers"}));
}

TEST(trtexecTimingMode, WhatARunDidFromVersionAndFlags) {
  const Args old_flags = {"trtexec", "--loadEngine=m.plan", "--useCudaGraph", "--noDataTransfers"};
  EXPECT_EQ(effective_timing(10, old_flags), (TimingMode{true, false, false}));
  // On 11 the old flags are no-ops: the new defaults stand.
  EXPECT_EQ(effective_timing(11, old_flags), (TimingMode{true, true, false}));
  EXPECT_EQ(effective_timing(11, Args{"trtexec", "--noCudaGraph", "--includeDataTransfers=true"}),
            (TimingMode{false, true, true}));
  EXPECT_EQ(effective_timing(std::nullopt, Args{"trtexec"}), (TimingMode{false, false, true}));
}

TEST(trtexecTimingMode, ArgumentsFollowTheDetectedVersion) {
  RunSettings settings;
  settings.engine = "/models/m.plan";
  settings.tensorrt_version = "11.1.0";
  EXPECT_EQ(trtexec_arguments(settings, "/out"),
            (Args{"--loadEngine=/models/m.plan", "--noCudaGraph", "--noSpinWait", "--includeDataTransfers",
                  "--exportTimes=/out/times.json", "--exportProfile=/out/profile.json", "--dumpProfile"}));
  settings.cuda_graph = true;
  settings.spin_wait = true;
  settings.data_transfers = false;
  settings.profile = false;
  EXPECT_EQ(trtexec_arguments(settings, "/out"), (Args{"--loadEngine=/models/m.plan", "--exportTimes=/out/times.json"}));
  settings.tensorrt_version = "10.3.0";
  EXPECT_EQ(trtexec_arguments(settings, "/out"),
            (Args{"--loadEngine=/models/m.plan", "--useCudaGraph", "--useSpinWait", "--noDataTransfers",
                  "--exportTimes=/out/times.json"}));
}

TEST(trtexecTimingMode, Tensorrt11LogIsReadWithItsPrintedOptions) {
  const LogSummary log = parse_log(fixture("trtexec_v11.log"));
  EXPECT_EQ(log.tensorrt_version, "11.1.0");
  EXPECT_EQ(log.status, "passed");
  EXPECT_EQ(log.queries, 1968);
  EXPECT_EQ(log.warmup_queries, 131);
  EXPECT_DOUBLE_EQ(log.throughput_qps.value_or(0), 655.763);
  EXPECT_EQ(log.cuda_graph, true);
  EXPECT_EQ(log.spin_wait, true);
  EXPECT_EQ(log.data_transfers, false);
  ASSERT_EQ(log.series.size(), 5U);
  EXPECT_EQ(log.series[0].first, "latency_ms");
  EXPECT_DOUBLE_EQ(log.series[0].second.median.value_or(0), 1.51855);
  EXPECT_EQ(log.series[2].first, "h2d_ms");
  EXPECT_DOUBLE_EQ(log.series[2].second.max.value_or(-1), 0.0);
  ASSERT_EQ(log.warnings.size(), 1U);
  EXPECT_NE(log.warnings[0].find("--useCudaGraph is deprecated"), std::string::npos);
  // The 10.x fixture has no "=== Inference Options ===" lines: unknown, not guessed.
  EXPECT_EQ(parse_log(fixture("trtexec_v10.log")).cuda_graph, std::nullopt);
}

TEST(trtexecTimingMode, TheResultRecordsWhatLatencyMeant) {
  ResultInputs inputs;
  inputs.name = "depth_fp16.engine";
  inputs.tensorrt_version = "11.1.0";
  inputs.timing = TimingMode{.cuda_graph = true, .spin_wait = true, .data_transfers = false};
  const result::Run run = to_result(parse_times(fixture("times_v10.json")), inputs).runs[0];
  EXPECT_TRUE(run.config.cuda_graph);
  EXPECT_EQ(run.config.sync, "spin");
  EXPECT_FALSE(run.config.transfers);
  ASSERT_FALSE(run.warnings.empty());
  EXPECT_EQ(run.warnings[0].kind, result::WarningKind::trtexec_latency_definition);
  EXPECT_EQ(result::warning_text(run.warnings[0]),
            "latency_ms is trtexec 11.1.0's Latency: GPU compute only (no host copies), CUDA graph, spin-wait; "
            "pipelined (the next inference queued behind it), not a host round trip as in native runs");
}

}  // namespace
}  // namespace ib::trtexec
