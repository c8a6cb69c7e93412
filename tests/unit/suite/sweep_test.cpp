// Sweeps: the best point and the knee on known curves, out-of-memory recognition, and whole sweeps through a
// backend test double that runs out of memory above a given batch (and reports an allocator peak that grows
// with the batch), on the CPU.
#include <memory>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backends/fake/fake_backend.hpp"
#include "cli/flags.hpp"
#include "inferbench/errors.hpp"
#include "suite/sweep.hpp"

namespace ib::suite {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

SweepPoint measured(std::int64_t batch, double items_per_s, double p99_ms = 1, std::uint64_t memory = 0) {
  SweepPoint p;
  p.batch = batch;
  p.items_per_s = items_per_s;
  p.p99_ms = p99_ms;
  if (memory > 0) p.memory_bytes = memory;
  return p;
}

TEST(SweepSelect, TheKneeIsWhereDoublingAddsLessThanTenPercent) {
  // 100 -> 190 (+90 %) -> 300 (+58 %) -> 320 (+6.7 %) -> 330: the knee is batch 4.
  const std::vector<SweepPoint> curve{measured(1, 100), measured(2, 190), measured(4, 300), measured(8, 320),
                                      measured(16, 330)};
  EXPECT_EQ(knee_point(curve), 2u);
  EXPECT_EQ(knee_point(curve, 0.05), 3u) << "at 5 %: 4 -> 8 adds 6.7 %, 8 -> 16 only 3.1 %";
}

TEST(SweepSelect, TheKneeOfACurveStillGrowingIsNotReached) {
  const std::vector<SweepPoint> curve{measured(1, 100), measured(2, 200), measured(4, 400)};
  EXPECT_EQ(knee_point(curve), std::nullopt);
}

TEST(SweepSelect, TheKneeBetweenBatchesThatAreNotADoublingApartIsPerDoubling) {
  // 1 -> 4 is two doublings: 100 -> 121 is +10 % per doubling (not below 10 %); 4 -> 16: 121 -> 133.1, +4.9 %.
  const std::vector<SweepPoint> curve{measured(1, 100), measured(4, 121.0001), measured(16, 133.1)};
  EXPECT_EQ(knee_point(curve), 1u);
}

TEST(SweepSelect, TheBestPointIsTheFastestWithinTheBudgets) {
  std::vector<SweepPoint> curve{measured(1, 100, 2, 100), measured(2, 180, 3, 200), measured(4, 260, 5, 400),
                                measured(8, 300, 9, 800)};
  EXPECT_EQ(best_point(curve), 3u);
  const Budgets budgets{std::uint64_t{500}, 6.0};
  for (SweepPoint& p : curve) p.outcome = judge(p, budgets);
  EXPECT_EQ(curve[3].outcome, PointOutcome::over_memory_budget);
  EXPECT_EQ(best_point(curve), 2u);
  const Budgets tight{std::nullopt, 4.0};
  for (SweepPoint& p : curve) p.outcome = judge(p, tight);
  EXPECT_EQ(curve[2].outcome, PointOutcome::over_latency_budget);
  EXPECT_EQ(best_point(curve), 1u);
  SweepPoint oom;
  oom.outcome = PointOutcome::out_of_memory;
  EXPECT_EQ(best_point(std::vector<SweepPoint>{oom}), std::nullopt);
}

TEST(SweepSelect, RecognisesOutOfMemoryMessages) {
  EXPECT_TRUE(is_out_of_memory("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.11 GiB total capacity)"));
  EXPECT_TRUE(is_out_of_memory("CUDA error: out of memory"));
  EXPECT_TRUE(is_out_of_memory("cudaMalloc failed: cudaErrorMemoryAllocation"));
  EXPECT_TRUE(is_out_of_memory("CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate(handle)"));
  EXPECT_TRUE(is_out_of_memory("std::bad_alloc"));
  EXPECT_TRUE(is_out_of_memory("Requested amount of GPU memory (4294967296 bytes) could not be allocated"));
  EXPECT_FALSE(is_out_of_memory("model rejected input shape(s) input:1x3x224x224"));
  EXPECT_FALSE(is_out_of_memory("device-side assert triggered"));
}

TEST(SweepValues, ParsesSizesAndCountLists) {
  EXPECT_EQ(parse_bytes("12GiB", "--memory-budget"), 12ull << 30);
  EXPECT_EQ(parse_bytes("12 GB", "--memory-budget"), 12'000'000'000ull);
  EXPECT_EQ(parse_bytes("1.5G", "--memory-budget"), 3ull << 29);
  EXPECT_EQ(parse_bytes("800MiB", "--memory-budget"), 800ull << 20);
  EXPECT_EQ(parse_bytes("4096", "--memory-budget"), 4096u);
  EXPECT_THROW((void)parse_bytes("12 parsecs", "--memory-budget"), core::InputError);
  EXPECT_THROW((void)parse_bytes("-1GiB", "--memory-budget"), core::InputError);
  EXPECT_EQ(parse_count_list("1,2,4,8", "--batch"), (std::vector<std::int64_t>{1, 2, 4, 8}));
  EXPECT_THROW((void)parse_count_list("1,4,2", "--batch"), core::InputError);
  EXPECT_THROW((void)parse_count_list("0,1", "--batch"), core::InputError);
  EXPECT_THROW((void)parse_count_list("1,,2", "--batch"), core::InputError);
}

// The fake backend, but out of memory above `limit_` items per batch, and with an allocator whose peak is
// 100 MiB per item of the last batch loaded.
class OomDouble : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_sweep_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    backends::BackendInfo info = backends::fake_backend_info();
    const auto real = info.create;
    auto state = state_;
    info.create = [real, state](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
      const std::int64_t batch = options.shapes.at(0).shape.at(0);
      state->peak = 0;
      if (batch > state->limit && state->typed_error)
        throw core::OutOfMemoryError("the device ran dry (test double, batch " + std::to_string(batch) + ")");
      if (batch > state->limit)
        throw core::RunError("CUDA out of memory. Tried to allocate 1.50 GiB (test double, batch " + std::to_string(batch) + ")");
      state->peak = static_cast<std::uint64_t>(batch) * (100u << 20);
      ++state->loads;
      return real(options);
    };
    info.allocator_stats = [state](const core::DeviceSpec&) -> std::optional<backends::AllocatorStats> {
      return backends::AllocatorStats{state->peak, state->peak, state->peak};
    };
    info.reset_peak_allocated = [state](const core::DeviceSpec&) { state->peak = 0; };
    registry_.add(std::move(info));
  }
  void TearDown() override { fs::remove_all(dir_); }

  SweepSpec spec() const {
    SweepSpec s;
    s.model = "fake:0.02";
    s.shapes = {"1x3x4x4"};
    s.run_args = {"--device", "cpu", "--warmup", "1", "--iterations", "10", "--telemetry", "off"};
    s.max_batch = 64;
    s.output_dir = dir_;
    return s;
  }
  SweepRecord sweep(const SweepSpec& s) { return run_sweep(s, flags_, registry_, nullptr, log_); }

  struct State {
    std::int64_t limit = 8;
    bool typed_error = false;  ///< throw core::OutOfMemoryError (a message with no sign of memory in it)
    std::uint64_t peak = 0;
    int loads = 0;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
  fs::path dir_;
  backends::Registry registry_;
  RunFlags flags_ = cli::run_flags_for_suites();
  std::ostringstream log_;
};

TEST_F(OomDouble, AutoDoublesUntilOutOfMemoryRecordsTheLimitAndGoesOn) {
  SweepSpec s = spec();
  s.concurrency = {1, 2};
  const SweepRecord record = sweep(s);
  ASSERT_EQ(record.batch_points.size(), 5u);  // 1, 2, 4, 8, then 16 runs out of memory
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(record.batch_points[i].outcome, PointOutcome::ok) << i;
    EXPECT_EQ(record.batch_points[i].memory_bytes, static_cast<std::uint64_t>(record.batch_points[i].batch) * (100u << 20));
    EXPECT_EQ(record.batch_points[i].memory_source, "allocator_peak");
    EXPECT_TRUE(fs::exists(dir_ / *record.batch_points[i].result));
  }
  EXPECT_EQ(record.batch_points[4].batch, 16);
  EXPECT_EQ(record.batch_points[4].outcome, PointOutcome::out_of_memory);
  EXPECT_THAT(record.batch_points[4].error.value_or(""), HasSubstr("CUDA out of memory"));
  EXPECT_EQ(record.oom_batch, 16);
  ASSERT_TRUE(record.best_batch);
  // After the out-of-memory the sweep goes on: the concurrency sweep runs at the best batch.
  ASSERT_EQ(record.concurrency_points.size(), 2u);
  EXPECT_EQ(record.concurrency_points[1].outcome, PointOutcome::ok);
  EXPECT_EQ(record.concurrency_points[1].batch, *record.best_batch);
  EXPECT_EQ(record.concurrency_points[1].concurrency, 2);
  EXPECT_THAT(sweep_markdown(record), HasSubstr("- out of memory: at batch 16"));
}

// The error's kind decides, whatever its message says; a failure of another kind is a failed point.
TEST_F(OomDouble, AnOutOfMemoryErrorIsTheLimitWhateverItsMessage) {
  state_->typed_error = true;
  const SweepRecord record = sweep(spec());
  ASSERT_EQ(record.batch_points.size(), 5u);
  EXPECT_EQ(record.batch_points[4].outcome, PointOutcome::out_of_memory);
  EXPECT_EQ(record.batch_points[4].error, "the device ran dry (test double, batch 16)");
  EXPECT_EQ(record.oom_batch, 16);
}

TEST_F(OomDouble, TheMemoryBudgetStopsAutoBeforeTheCardDoes) {
  SweepSpec s = spec();
  s.budgets.memory_bytes = 450u << 20;  // batch 4 (400 MiB) fits, batch 8 (800 MiB) does not
  const SweepRecord record = sweep(s);
  ASSERT_EQ(record.batch_points.size(), 4u);
  EXPECT_EQ(record.batch_points[3].outcome, PointOutcome::over_memory_budget);
  EXPECT_FALSE(record.oom_batch);
  ASSERT_TRUE(record.best_batch);
  EXPECT_LE(*record.best_batch, 4);
}

TEST_F(OomDouble, AListSkipsTheBatchesAboveAnOutOfMemory) {
  SweepSpec s = spec();
  s.batches = {4, 16, 32};
  const SweepRecord record = sweep(s);
  ASSERT_EQ(record.batch_points.size(), 3u);
  EXPECT_EQ(record.batch_points[0].outcome, PointOutcome::ok);
  EXPECT_EQ(record.batch_points[1].outcome, PointOutcome::out_of_memory);
  EXPECT_EQ(record.batch_points[2].outcome, PointOutcome::skipped);
  EXPECT_EQ(record.batch_points[2].error, "above batch 16, which ran out of memory");
  EXPECT_EQ(state_->loads, 1);
}

TEST_F(OomDouble, FlagsRunRefusesStopTheSweepBeforeAnyPoint) {
  SweepSpec s = spec();
  s.run_args.insert(s.run_args.end(), {"--sync", "sometimes"});
  EXPECT_THROW((void)sweep(s), core::InputError);
  EXPECT_EQ(state_->loads, 0);
}

}  // namespace
}  // namespace ib::suite
