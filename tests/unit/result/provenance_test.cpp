// provenance_facts / provenance_differences on hand-built results: which facts are compared, which move
// numbers, and that a fact only one side records is no difference.
#include "result/provenance.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ib::result {
namespace {

Result gpu_result() {
  Result result;
  result.environment.gpus = {GpuInfo{0, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"}};
  result.environment.gpu_driver_version = "580.65.06";
  result.environment.cpu_model = "AMD EPYC 9654";
  result.environment.host = "node-1";
  result.environment.backends = {BackendVersion{"libtorch", "2.11.0"}};
  NvmlInfo nvml;
  GpuDetails h100;
  h100.index = 0;
  h100.name = "NVIDIA H100 80GB HBM3";
  h100.power_limit_w = 700;
  h100.clocks_locked = false;
  nvml.gpus = {h100};
  result.environment.nvml = nvml;
  Run run;
  run.name = "depth";
  run.backend = "libtorch";
  run.device = "cuda:0";
  run.config.dtype = "fp32";
  run.model.sha256 = "aa";
  result.runs = {run};
  return result;
}

std::vector<ProvenanceDifference> differences(const Result& base, const Result& next) {
  return provenance_differences(base, base.runs.front(), next, next.runs.front());
}

TEST(Provenance, SameSettingsDifferInNothing) {
  const Result result = gpu_result();
  EXPECT_TRUE(differences(result, result).empty());
}

TEST(Provenance, SettingsThatMoveNumbersAreMarkedAndOthersOnlyListed) {
  const Result base = gpu_result();
  Result next = gpu_result();
  next.runs.front().config.dtype = "fp16";
  next.environment.nvml->gpus.front().clocks_locked = true;
  next.environment.backends.front().version = "2.12.0";
  next.environment.host = "node-2";
  next.runs.front().model.sha256 = "bb";
  const std::vector<ProvenanceDifference> expected = {
      {"backend version", "2.11.0", "2.12.0", true}, {"precision", "fp32", "fp16", true},
      {"model sha256", "aa", "bb", false},           {"clocks locked", "no", "yes", true},
      {"host", "node-1", "node-2", false},
  };
  EXPECT_EQ(differences(base, next), expected);
}

TEST(Provenance, NvmlDetailsFollowTheTelemetrysGpuNotCudasNumbering) {
  // CUDA_VISIBLE_DEVICES=1: CUDA's device 0 is NVML's GPU 1, which the telemetry sampled.
  Result base = gpu_result();
  GpuDetails second = base.environment.nvml->gpus.front();
  second.index = 1;
  second.power_limit_w = 400;
  base.environment.nvml->gpus.push_back(second);
  Telemetry telemetry;
  telemetry.gpu_index = 1;
  base.runs.front().telemetry = telemetry;
  const auto facts = provenance_facts(base, base.runs.front());
  const auto limit =
      std::find_if(facts.begin(), facts.end(), [](const auto& f) { return f.what == "power limit"; });
  ASSERT_NE(limit, facts.end());
  EXPECT_EQ(limit->value, "400 W");
}

TEST(Provenance, AFactOnlyOneSideRecordsIsNoDifference) {
  Result old_file = gpu_result();  // e.g. schema 1.3: no clock or governor facts
  old_file.environment.nvml->gpus.front().clocks_locked.reset();
  Result next = gpu_result();
  next.environment.cpu_governor = "performance";
  EXPECT_TRUE(differences(old_file, next).empty());
}

TEST(Provenance, ACpuRunHasNoGpuFacts) {
  Result base = gpu_result();
  base.runs.front().device = "cpu";
  Result next = base;
  next.environment.gpu_driver_version = "575.57.08";
  EXPECT_TRUE(differences(base, next).empty());
}

}  // namespace
}  // namespace ib::result
