// The public Profiler with the real clock: known sleeps inside nested ranges and batches. Tolerances: a sleep
// lasts at least what was asked, so every lower bound is exact; the upper bounds allow 40 ms of scheduling
// delay per range, which a loaded CI machine stays well within (these are accounting checks, not timings).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "../../support/scoped_env.hpp"
#include "inferbench/annotate.hpp"
#include "inferbench/errors.hpp"

namespace ib::annotate {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;
constexpr double kSlackMs = 40.0;

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("ib_annotate_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

ProfilerOptions options(const std::string& name, const fs::path& dir = {}, std::int64_t warmup = 1,
                        bool enabled = true) {
  ProfilerOptions out;
  out.name = name;
  out.output_dir = dir;
  out.warmup_batches = warmup;
  out.enabled = enabled;
  return out;
}

Json read_json(const fs::path& file) {
  std::ifstream in(file);
  return Json::parse(in);
}

// 5 batches of 3 items: stage "a" 2 ms, stage "b" (nested "b/inner" 3 ms) 4 ms; W = 1 leaves batches 1..3.
Json run_sleeping_pipeline(const fs::path& dir) {
  const testing::ScopedEnv no_env("INFERBENCH_OUTPUT_DIR", std::nullopt);
  const testing::ScopedEnv no_warmup_env("INFERBENCH_WARMUP_BATCHES", std::nullopt);
  Profiler profiler(options("sleepy", dir, 1));
  profiler.push_range("pipeline");
  for (int i = 0; i < 5; ++i) {
    profiler.push_range("batch", i);
    {
      const ScopedRange a = profiler.range("a");
      sleep_ms(2);
    }
    profiler.push_range("b");
    sleep_ms(1);
    {
      const ScopedRange inner = profiler.range("inner");
      EXPECT_EQ(profiler.depth(), 4U);
      sleep_ms(3);
    }
    profiler.pop_range();
    profiler.pop_range(3);
  }
  profiler.pop_range();
  const fs::path file = profiler.finalize();
  EXPECT_EQ(file, dir / "benchmark.json");
  return read_json(file);
}

TEST(AnnotateProfiler, SleepsAddUpThroughTheNesting) {
  const Json out = run_sleeping_pipeline(fresh_dir("nesting"));
  const Json& pipeline = out["data"]["sleepy"]["pipeline"];
  for (int i = 0; i < 5; ++i) {
    const Json& batch = pipeline["batch_" + std::to_string(i)];
    const double a = batch["a"]["cpu_time"];
    const double b = batch["b"]["cpu_time"];
    const double inner = batch["b"]["inner"]["cpu_time"];
    EXPECT_GE(a, 2.0);
    EXPECT_LT(a, 2.0 + kSlackMs);
    EXPECT_GE(inner, 3.0);
    EXPECT_GE(b, 4.0);
    EXPECT_GE(b, inner);  // a parent covers its child
    EXPECT_GE(batch["cpu_time"].get<double>(), a + b);
    EXPECT_LT(batch["cpu_time"].get<double>(), 6.0 + 3 * kSlackMs);
    EXPECT_EQ(batch["total_items"], 3);
    EXPECT_DOUBLE_EQ(batch["cpu_time_per_item"].get<double>(), batch["cpu_time"].get<double>() / 3);
    EXPECT_EQ(batch["gpu_time"], 0.0);  // no stream given
  }
  EXPECT_EQ(pipeline["total_items"], 15);
  EXPECT_EQ(out["meta"]["total_batches"]["sleepy/pipeline"], 5);
}

TEST(AnnotateProfiler, WarmupBatchesAreLeftOutAtBothEnds) {
  const Json out = run_sleeping_pipeline(fresh_dir("warmup"));
  const Json& pipeline = out["data"]["sleepy"]["pipeline"];
  const double first = pipeline["batch_0"]["cpu_time"];
  const double last = pipeline["batch_4"]["cpu_time"];
  EXPECT_DOUBLE_EQ(pipeline["cpu_time_minus_warmup"].get<double>(),
                   pipeline["cpu_time"].get<double>() - first - last);
  EXPECT_EQ(pipeline["total_items_minus_warmup"], 9);
  double middle = 0;
  for (int i = 1; i <= 3; ++i) middle += pipeline["batch_" + std::to_string(i)]["cpu_time"].get<double>();
  EXPECT_NEAR(out["mean_data"]["sleepy/pipeline"]["cpu_time"].get<double>(), middle / 3, 1e-9);
  const Json& stats = out["inferbench"]["levels"]["sleepy/pipeline"]["ranges"]["batch/b/inner"]["stats_minus_warmup"];
  EXPECT_EQ(stats["cpu_time_ms"]["count"], 3);
  EXPECT_GE(stats["cpu_time_ms"]["min"].get<double>(), 3.0);
}

TEST(AnnotateProfiler, OutputAndWarmupComeFromTheLaunchersEnvironment) {
  const fs::path dir = fresh_dir("env");
  const testing::ScopedEnv output("INFERBENCH_OUTPUT_DIR", dir.string());
  const testing::ScopedEnv warmup("INFERBENCH_WARMUP_BATCHES", "0");
  Profiler profiler(options("p", "/nonexistent/ignored", 2));
  EXPECT_EQ(profiler.output_dir(), dir);
  { const ScopedRange batch = profiler.batch("batch", 0, 1); }
  EXPECT_EQ(profiler.finalize(), dir / "benchmark.json");
  const Json out = read_json(dir / "benchmark.json");
  EXPECT_EQ(out["meta"]["warmup_batches"], 0);
  EXPECT_EQ(out["data"]["p"]["total_items_minus_warmup"], 1);
}

TEST(AnnotateProfiler, BadWarmupFromTheEnvironmentIsAnInputError) {
  const testing::ScopedEnv warmup("INFERBENCH_WARMUP_BATCHES", "two");
  EXPECT_THROW(Profiler(options("p")), core::InputError);
}

TEST(AnnotateProfiler, DisabledProfilerRecordsAndWritesNothing) {
  const fs::path dir = fresh_dir("disabled");
  Profiler profiler(options("p", dir, 1, false));
  profiler.push_range("x");
  profiler.pop_range(7);  // no error either: nothing is checked when disabled
  EXPECT_FALSE(profiler.enabled());
  EXPECT_EQ(profiler.depth(), 0U);
  EXPECT_EQ(profiler.json(), "{}");
  EXPECT_TRUE(profiler.finalize().empty());
  EXPECT_FALSE(fs::exists(dir));
}

TEST(AnnotateProfiler, FinalizeWithOpenRangesWritesNothing) {
  const fs::path dir = fresh_dir("open");
  const testing::ScopedEnv no_env("INFERBENCH_OUTPUT_DIR", std::nullopt);
  Profiler profiler(options("p", dir));
  profiler.push_range("left_open");
  EXPECT_THROW((void)profiler.finalize(), core::InputError);
  EXPECT_FALSE(fs::exists(dir / "benchmark.json"));
  profiler.pop_range();
  EXPECT_FALSE(profiler.finalize().empty());
}

TEST(AnnotateProfiler, BadNamesAreInputErrors) {
  EXPECT_THROW(Profiler(options("a/b")), core::InputError);
  EXPECT_THROW(Profiler(options("")), core::InputError);
  EXPECT_THROW(Profiler(options("p", {}, -1)), core::InputError);
}

}  // namespace
}  // namespace ib::annotate
