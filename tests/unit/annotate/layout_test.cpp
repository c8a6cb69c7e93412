// benchmark.json's layout against a hand-written fixture in CV-CUDA's format, with a manual clock and a fake
// device timer so every number is exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "../../support/manual_clock.hpp"
#include "annotate/benchmark_json.hpp"
#include "annotate/range_tree.hpp"
#include "inferbench/errors.hpp"

namespace ib::annotate {
namespace {

using Json = nlohmann::json;
constexpr std::int64_t kMs = 1'000'000;

// Device time = half the host time: each mark is half the manual clock's reading.
class HalfClockGpu final : public GpuTimer {
 public:
  explicit HalfClockGpu(testing::ManualClock& clock) : clock_(clock) {}
  std::size_t record() override {
    marks_.push_back(static_cast<double>(clock_.now_ns()) * 0.5e-6);
    return marks_.size() - 1;
  }
  double elapsed_ms(std::size_t start, std::size_t end) override { return marks_[end] - marks_[start]; }
  bool ready(std::size_t /*mark*/) override { return true; }
  void release(std::size_t /*mark*/) override { ++released_; }
  [[nodiscard]] std::size_t live() const { return marks_.size() - released_; }
  [[nodiscard]] std::string device_name() const override { return "Fake GPU"; }
  [[nodiscard]] int device_index() const override { return 0; }

 private:
  testing::ManualClock& clock_;
  std::vector<double> marks_;
  std::size_t released_ = 0;
};

struct Recorded {
  testing::ManualClock* clock = nullptr;
  std::unique_ptr<Recorder> recorder;
};

Recorded make_recorder(bool gpu) {
  auto clock = std::make_unique<testing::ManualClock>();
  Recorded out;
  out.clock = clock.get();
  std::unique_ptr<GpuTimer> timer = gpu ? std::make_unique<HalfClockGpu>(*clock) : nullptr;
  out.recorder = std::make_unique<Recorder>("sample", std::move(clock), std::move(timer), false);
  return out;
}

void record_fixture_pipeline(Recorded& r, int batches) {
  r.recorder->push("run_sample", -1);
  r.clock->advance(1 * kMs);
  r.recorder->push("pipeline", -1);
  r.clock->advance(2 * kMs);
  for (int i = 0; i < batches; ++i) {
    r.recorder->push("batch", i);
    r.recorder->push("decode", -1);
    r.clock->advance((1 + i) * kMs);
    r.recorder->pop(-1, false);
    r.recorder->push("infer", -1);
    r.clock->advance(3 * kMs);
    r.recorder->pop(-1, false);
    r.clock->advance(1 * kMs);
    r.recorder->pop(2, false);
  }
  r.recorder->pop(-1, false);
  r.recorder->pop(-1, false);
}

// Every number in `expected` is in `actual` at the same place; `actual` may have more keys.
void expect_contains(const Json& expected, const Json& actual, const std::string& where) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << where;
    for (const auto& item : expected.items()) {
      ASSERT_TRUE(actual.contains(item.key())) << where << "/" << item.key();
      expect_contains(item.value(), actual[item.key()], where + "/" + item.key());
    }
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << where;
    EXPECT_NEAR(actual.get<double>(), expected.get<double>(), 1e-9) << where;
  } else {
    EXPECT_EQ(actual, expected) << where;
  }
}

TEST(AnnotateLayout, MatchesTheHandWrittenCvCudaFixture) {
  Recorded r = make_recorder(true);
  record_fixture_pipeline(r, 4);
  const std::vector<double> percentiles{50, 90};
  const Json actual = Json::parse(benchmark_json(r.recorder->resolve(), 1, percentiles).dump());
  std::ifstream in(std::string(IB_TEST_FIXTURES) + "/annotate/cvcuda_layout.json");
  const Json expected = Json::parse(in);
  expect_contains(expected, actual, "");
  // Nothing of the original's placeholders: no batch_info / inside_batch_info left behind.
  EXPECT_FALSE(actual.contains("batch_info"));
  EXPECT_EQ(actual["meta"]["device"]["name"], "Fake GPU");
}

TEST(AnnotateLayout, OurSamplesAndStatisticsLeaveOutTheWarmupBatches) {
  Recorded r = make_recorder(true);
  record_fixture_pipeline(r, 4);
  const std::vector<double> percentiles{50};
  const Json ours = Json::parse(benchmark_json(r.recorder->resolve(), 1, percentiles).dump())["inferbench"];
  const Json& level = ours["levels"]["sample/run_sample/pipeline"];
  ASSERT_EQ(level["batches"].size(), 4U);
  EXPECT_TRUE(level["batches"][0]["warmup"]);
  EXPECT_FALSE(level["batches"][1]["warmup"]);
  EXPECT_FALSE(level["batches"][2]["warmup"]);
  EXPECT_TRUE(level["batches"][3]["warmup"]);
  const Json& decode = level["ranges"]["batch/decode"];
  EXPECT_EQ(decode["cpu_time_ms"], Json({1.0, 2.0, 3.0, 4.0}));
  EXPECT_EQ(decode["gpu_time_ms"], Json({0.5, 1.0, 1.5, 2.0}));
  const Json& stats = decode["stats_minus_warmup"]["cpu_time_ms"];
  EXPECT_EQ(stats["count"], 2);
  EXPECT_DOUBLE_EQ(stats["mean"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(stats["percentiles"]["p50"].get<double>(), 2.5);
  EXPECT_TRUE(stats["ci95"]["p50"].is_null());  // 2 samples: too few for a 95% interval of the median
  EXPECT_DOUBLE_EQ(level["ranges"]["batch"]["stats_minus_warmup"]["cpu_time_ms"]["mean"].get<double>(), 6.5);
}

TEST(AnnotateLayout, PercentileIntervalsAppearWithEnoughBatches) {
  Recorded r = make_recorder(false);
  record_fixture_pipeline(r, 12);  // 10 batches after warm-up: a 95% interval of the median exists (n >= 6)
  const std::vector<double> percentiles{50};
  const Json ours = Json::parse(benchmark_json(r.recorder->resolve(), 1, percentiles).dump())["inferbench"];
  const Json& range = ours["levels"]["sample/run_sample/pipeline"]["ranges"]["batch/decode"];
  EXPECT_FALSE(range.contains("gpu_time_ms"));
  const Json& ci = range["stats_minus_warmup"]["cpu_time_ms"]["ci95"]["p50"];
  ASSERT_TRUE(ci.is_object());
  // decode of batches 1..10 is 2..11 ms; the median 6.5 lies inside the interval.
  EXPECT_LE(ci["lower"].get<double>(), 6.5);
  EXPECT_GE(ci["upper"].get<double>(), 6.5);
  EXPECT_GE(ci["lower"].get<double>(), 2.0);
}

TEST(AnnotateLayout, RepeatedRangesAddUpAndDiscardedOnesVanish) {
  Recorded r = make_recorder(false);
  for (int i = 0; i < 3; ++i) {
    r.recorder->push("resize", -1);
    r.clock->advance(2 * kMs);
    r.recorder->pop(-1, false);
  }
  r.recorder->push("failed", -1);
  r.recorder->push("inner", -1);
  r.clock->advance(5 * kMs);
  r.recorder->pop(-1, false);
  r.recorder->pop(-1, true);
  const std::vector<double> percentiles{50};
  const Json data = Json::parse(benchmark_json(r.recorder->resolve(), 0, percentiles).dump())["data"]["sample"];
  EXPECT_DOUBLE_EQ(data["resize"]["cpu_time"].get<double>(), 6.0);
  EXPECT_FALSE(data.contains("failed"));
  EXPECT_DOUBLE_EQ(data["cpu_time"].get<double>(), 6.0);  // the root: the kept top-level ranges
  EXPECT_EQ(data["total_items"], 0);
}

TEST(AnnotateLayout, ZeroItemBatchesAreNeitherWarmupNorCounted) {
  Recorded r = make_recorder(false);
  r.recorder->push("loop", -1);
  const std::int64_t items[] = {4, 0, 4, 4, 4};
  for (int i = 0; i < 5; ++i) {
    r.recorder->push("batch", i);
    r.clock->advance(10 * kMs);
    r.recorder->pop(items[i], false);
  }
  r.recorder->pop(-1, false);
  const std::vector<double> percentiles{50};
  const Json out = Json::parse(benchmark_json(r.recorder->resolve(), 1, percentiles).dump());
  EXPECT_EQ(out["meta"]["total_batches"]["sample/loop"], 4);
  const Json& loop = out["data"]["sample"]["loop"];
  EXPECT_EQ(loop["total_items_minus_warmup"], 8);                        // batches 2 and 3
  EXPECT_DOUBLE_EQ(loop["cpu_time_minus_warmup"].get<double>(), 30.0);  // 50 - batch 0 - batch 4
  EXPECT_FALSE(out["inferbench"]["levels"]["sample/loop"]["batches"][1]["counted"]);
}

// A long pipeline does not hold a device mark per range until finalize(): marks the GPU has passed are read and
// released as ranges close (the fake GPU has always passed them).
TEST(AnnotateRecorder, DeviceMarksAreReleasedAsTheGpuPassesThem) {
  auto clock = std::make_unique<testing::ManualClock>();
  auto timer = std::make_unique<HalfClockGpu>(*clock);
  const HalfClockGpu* gpu = timer.get();
  testing::ManualClock* manual = clock.get();
  Recorder recorder("sample", std::move(clock), std::move(timer), false);
  std::size_t most_live = 0;
  for (int i = 0; i < 1000; ++i) {
    recorder.push("batch", i);
    recorder.push("infer", -1);
    manual->advance(2 * kMs);
    recorder.pop(-1, false);
    recorder.pop(1, false);
    most_live = std::max(most_live, gpu->live());
  }
  EXPECT_LE(most_live, 2 * 64U + 4U);  // at most a resolve interval's worth of closed ranges, plus open ones
  const RangeTree& tree = recorder.resolve();
  EXPECT_EQ(gpu->live(), 0U);
  EXPECT_DOUBLE_EQ(tree.nodes[tree.nodes[1].children.front()].gpu_ms, 1.0);  // batch_0/infer: half of 2 ms
}

TEST(AnnotateRecorder, NestingErrorsNameTheRange) {
  Recorded r = make_recorder(false);
  EXPECT_THROW(r.recorder->pop(-1, false), core::InputError);
  r.recorder->push("stage", -1);
  try {
    r.recorder->pop(3, false);
    FAIL() << "pop with items on a non-batch range";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'stage'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r.recorder->depth(), 1U);
  EXPECT_THROW((void)r.recorder->resolve(), core::InputError);
  EXPECT_THROW(r.recorder->push("batch", -5), core::InputError);
}

}  // namespace
}  // namespace ib::annotate
