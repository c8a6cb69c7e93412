// `inferbench launch` and `inferbench merge` with real children: `inferbench run` on the fake backend, one child
// made to fail (launch_test_child), annotated pipelines, Ctrl-C, rank folders, and mpirun where it exists.
// Merged percentiles are checked against percentiles computed here from the pooled samples of the children's
// own result files (stats::percentile_linear_sorted, the definition the tool names).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"
#include "io/process.hpp"
#include "stats/summary.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using nlohmann::json;

const std::string kBinary = INFERBENCH_BIN;
const std::string kChild = CHILD_BIN;

class LaunchCli : public ib::testing::CliTest {
 protected:
  LaunchCli() : CliTest("ib_launch_") {}

  ProcessResult run(const std::vector<std::string>& args) { return run_command(args); }
  [[nodiscard]] fs::path out() const { return work_ / "out"; }
};

json read_json(const fs::path& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in.good()) << file;
  return json::parse(in);
}

std::vector<double> pooled_latencies(const std::vector<fs::path>& results) {
  std::vector<double> pooled;
  for (const fs::path& file : results) {
    const json doc = read_json(file);
    for (const json& run : doc["runs"])
      for (const json& value : run["samples"]["latency_ms"]) pooled.push_back(value.get<double>());
  }
  std::sort(pooled.begin(), pooled.end());
  return pooled;
}

void expect_pooled_percentiles(const json& merged, const std::vector<double>& pooled) {
  ASSERT_FALSE(pooled.empty());
  EXPECT_EQ(merged["count"], pooled.size());
  for (const double p : {50.0, 90.0, 99.0}) {
    const std::string key = ib::stats::percentile_key(p);
    EXPECT_DOUBLE_EQ(merged["percentiles"][key].get<double>(), ib::stats::percentile_linear_sorted(pooled, p)) << key;
  }
}

std::vector<std::string> fake_run(int iterations) {
  return {kBinary, "run", "--model", "fake:0.5", "--warmup", "5", "--iterations", std::to_string(iterations), "--quiet"};
}

TEST_F(LaunchCli, ThreeProcessesOneFailsTheOthersAreKept) {
  std::vector<std::string> args{kBinary, "launch", "-np", "3", "--gpus", "0,1", "-o", out().string(), "--", kChild, "2", "--"};
  for (const std::string& word : fake_run(2000)) args.push_back(word);
  const ProcessResult result = run(args);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("inferbench: error: 1 of 3 processes failed"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("proc_2_gpu_0 exited with code 3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("  | child 2: simulated failure"), std::string::npos) << result.err;
  // GPUs round-robin: 0, 1, 0.
  for (const auto& [folder, gpu] : {std::pair{"proc_0_gpu_0", "0"}, {"proc_1_gpu_1", "1"}, {"proc_2_gpu_0", "0"}}) {
    std::ifstream in(out() / folder / "child_env.txt");
    std::string seen;
    std::getline(in, seen);
    EXPECT_EQ(seen, gpu) << folder;
  }
  const json summary = read_json(out() / "benchmark_mean.json");
  EXPECT_EQ(summary["meta"]["processes"][2]["exit_code"], 3);
  EXPECT_EQ(summary["meta"]["processes"][0]["exit_code"], 0);
  const json& ours = summary["inferbench"];
  ASSERT_EQ(ours["processes"].size(), 3U);
  EXPECT_EQ(ours["processes"][0]["latency_ms"]["count"], 2000);
  EXPECT_TRUE(ours["processes"][2]["latency_ms"].is_null());
  expect_pooled_percentiles(ours["merged_latency_ms"],
                            pooled_latencies({out() / "proc_0_gpu_0/result.json", out() / "proc_1_gpu_1/result.json"}));
  // Both measured for about a second at once: a common window, and no more items in it than were done.
  ASSERT_TRUE(ours["common_window_s"].is_number()) << ours.dump(2);
  EXPECT_GT(ours["common_window_s"].get<double>(), 0.0);
  EXPECT_LE(ours["items_in_common_window"].get<int>(), 4000);
  EXPECT_NEAR(ours["total_throughput_items_per_s"].get<double>(),
              ours["items_in_common_window"].get<double>() / ours["common_window_s"].get<double>(), 1e-6);
  EXPECT_NE(result.out.find("all (pooled)"), std::string::npos) << result.out;
}

TEST_F(LaunchCli, AnnotatedPipelinesAreAveragedLikeTheOriginal) {
  const ProcessResult result = run({kBinary, "launch", "-np", "2", "-w", "2", "-o", out().string(), "--", kChild, "pipeline"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json a = read_json(out() / "proc_0_gpu_0/benchmark.json");
  const json b = read_json(out() / "proc_1_gpu_0/benchmark.json");
  EXPECT_EQ(a["meta"]["warmup_batches"], 2);  // -w reached the children
  EXPECT_EQ(a["data"]["child"]["loop"]["total_items_minus_warmup"], 4);
  const json summary = read_json(out() / "benchmark_mean.json");
  const double mean = (a["data"]["child"]["loop"]["batch_3"]["cpu_time"].get<double>() +
                       b["data"]["child"]["loop"]["batch_3"]["cpu_time"].get<double>()) / 2;
  EXPECT_NEAR(summary["mean_all_batches"]["child"]["loop"]["batch_3"]["cpu_time"].get<double>(), mean, 1e-9);
  EXPECT_TRUE(summary["mean_data"].contains("child/loop"));
  // 2 batches of 2 items per process are measured (6 - 2 at each end).
  EXPECT_EQ(summary["inferbench"]["processes"][0]["items"], 4);
  EXPECT_EQ(summary["inferbench"]["merged_latency_ms"]["count"], 4);
}

TEST_F(LaunchCli, CtrlCStopsEveryChildAndKeepsTheirResults) {
  std::vector<std::string> args{kBinary, "launch", "-np", "2", "-o", out().string(), "--"};
  for (const std::string& word : fake_run(10000000)) args.push_back(word);
  ib::testing::Subprocess launcher(args, work_ / "capture_signal");
  // Let both children get into their timed loops.
  for (int i = 0; i < 600 && !(fs::exists(out() / "proc_0_gpu_0/stderr.log") && fs::exists(out() / "proc_1_gpu_0/stderr.log")); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  launcher.signal(SIGINT);
  const ProcessResult result = launcher.wait();
  EXPECT_EQ(result.exit_code, 130) << result.err;
  for (const char* folder : {"proc_0_gpu_0", "proc_1_gpu_0"}) {
    const json doc = read_json(out() / folder / "result.json");
    EXPECT_EQ(doc["interrupted"], true) << folder;
    EXPECT_GT(doc["runs"][0]["samples"]["latency_ms"].size(), 0U) << folder;
  }
  EXPECT_TRUE(fs::exists(out() / "benchmark_mean.json"));
}

TEST_F(LaunchCli, BadInputIsOneLineAndADocumentedCode) {
  const ProcessResult none = run({kBinary, "launch", "-np", "0", "-o", out().string(), "--", kChild, "pipeline"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("inferbench: error: -np 0: give 1 or more processes"), std::string::npos) << none.err;
  const ProcessResult missing = run({kBinary, "launch", "-np", "2", "-o", out().string(), "--", "no-such-program-ib"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("inferbench: error: 'no-such-program-ib' was not found"), std::string::npos) << missing.err;
  const ProcessResult no_command = run({kBinary, "launch", "-np", "2", "-o", out().string()});
  EXPECT_EQ(no_command.exit_code, 2);
  const ProcessResult no_rank = run({kBinary, "launch", "--per-rank", "-o", out().string(), "--", kChild, "pipeline"});
  if (std::getenv("JOB_COMPLETION_INDEX") == nullptr && std::getenv("SLURM_PROCID") == nullptr &&
      std::getenv("OMPI_COMM_WORLD_RANK") == nullptr && std::getenv("PMIX_RANK") == nullptr) {
    EXPECT_EQ(no_rank.exit_code, 2);
    EXPECT_NE(no_rank.err.find("--per-rank: none of JOB_COMPLETION_INDEX"), std::string::npos) << no_rank.err;
  }
}

// Two ranks as a scheduler starts them (Kubernetes Indexed Job), then `merge` from their folders.
TEST_F(LaunchCli, MergeFromRankFoldersPoolsTheSamples) {
  for (const char* index : {"0", "1"}) {
    ::setenv("JOB_COMPLETION_INDEX", index, 1);
    std::vector<std::string> args{kBinary, "launch", "--per-rank", "-o", out().string(), "--"};
    for (const std::string& word : fake_run(300)) args.push_back(word);
    const ProcessResult rank = run(args);
    ::unsetenv("JOB_COMPLETION_INDEX");
    ASSERT_EQ(rank.exit_code, 0) << rank.err;
  }
  ASSERT_TRUE(fs::exists(out() / "rank_1/proc_0_gpu_0/result.json"));
  const ProcessResult merged = run({kBinary, "merge", out().string()});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const json doc = read_json(out() / "merged.json");
  ASSERT_EQ(doc["inferbench"]["ranks"].size(), 2U);
  EXPECT_EQ(doc["inferbench"]["ranks"][1]["label"], "rank_1");
  EXPECT_EQ(doc["inferbench"]["ranks"][1]["latency_ms"]["count"], 300);
  expect_pooled_percentiles(doc["inferbench"]["merged_latency_ms"],
                            pooled_latencies({out() / "rank_0/proc_0_gpu_0/result.json", out() / "rank_1/proc_0_gpu_0/result.json"}));
  expect_pooled_percentiles(doc["inferbench"]["ranks"][0]["latency_ms"],
                            pooled_latencies({out() / "rank_0/proc_0_gpu_0/result.json"}));
  const ProcessResult empty = run({kBinary, "merge", (work_ / "capture1").string()});
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_NE(empty.err.find("inferbench: error: no result.json or benchmark.json in " + (work_ / "capture1").string()),
            std::string::npos)
      << empty.err;
  const ProcessResult absent = run({kBinary, "merge", (work_ / "nowhere").string()});
  EXPECT_EQ(absent.exit_code, 2);
  EXPECT_NE(absent.err.find("inferbench: error: "), std::string::npos) << absent.err;
}

// Three ranks under Open MPI: rank 0 gathers every rank's raw samples and writes merged.json.
TEST_F(LaunchCli, MpirunThreeRanksMergeFromPooledSamples) {
  if (!IB_MPI_BUILT) GTEST_SKIP() << "this build has no MPI (INFERBENCH_MPI=OFF or Open MPI not found)";
  const std::optional<fs::path> mpirun = ib::io::find_executable("mpirun");
  if (!mpirun) GTEST_SKIP() << "mpirun not found on PATH (Debian: openmpi-bin)";
  std::vector<std::string> args{mpirun->string(), "--oversubscribe", "--allow-run-as-root", "-np", "3",
                                kBinary, "launch", "--mpi", "-o", out().string(), "--"};
  for (const std::string& word : fake_run(300)) args.push_back(word);
  const ProcessResult result = run(args);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const json doc = read_json(out() / "merged.json");
  ASSERT_EQ(doc["inferbench"]["ranks"].size(), 3U);
  std::vector<fs::path> files;
  // On one machine the local ranks are 0, 1, 2: each rank's child took that GPU.
  for (int r = 0; r < 3; ++r)
    files.push_back(out() / ("rank_" + std::to_string(r)) / ("proc_0_gpu_" + std::to_string(r)) / "result.json");
  expect_pooled_percentiles(doc["inferbench"]["merged_latency_ms"], pooled_latencies(files));
  EXPECT_EQ(doc["inferbench"]["ranks"][2]["latency_ms"]["count"], 300);
}

// A rank that cannot start (its output folder is a file) fails with its own error; the others are told and stop
// too, instead of waiting for it at the start.
TEST_F(LaunchCli, MpirunARankThatCannotStartStopsTheOthers) {
  if (!IB_MPI_BUILT) GTEST_SKIP() << "this build has no MPI (INFERBENCH_MPI=OFF or Open MPI not found)";
  const std::optional<fs::path> mpirun = ib::io::find_executable("mpirun");
  if (!mpirun) GTEST_SKIP() << "mpirun not found on PATH (Debian: openmpi-bin)";
  const std::optional<fs::path> timeout = ib::io::find_executable("timeout");
  ASSERT_TRUE(timeout);
  fs::create_directories(out());
  std::ofstream(out() / "rank_1") << "a file where rank 1's folder would go";
  std::vector<std::string> args{timeout->string(), "60", mpirun->string(), "--oversubscribe", "--allow-run-as-root",
                                "-np", "3", kBinary, "launch", "--mpi", "-o", out().string(), "--"};
  for (const std::string& word : fake_run(50)) args.push_back(word);
  const ProcessResult result = run(args);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.exit_code, 124) << "the ranks waited for the one that could not start";
  const std::string all = result.out + result.err;
  EXPECT_NE(all.find("rank_1"), std::string::npos) << all;
  EXPECT_NE(all.find("rank 0: another rank of the MPI job could not start"), std::string::npos) << all;
  EXPECT_NE(all.find("rank 2: another rank of the MPI job could not start"), std::string::npos) << all;
  EXPECT_FALSE(fs::exists(out() / "rank_0" / "proc_0_gpu_0"));  // nothing was started
  EXPECT_FALSE(fs::exists(out() / "merged.json"));
}

}  // namespace
