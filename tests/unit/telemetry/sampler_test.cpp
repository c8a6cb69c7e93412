// The sampler on a scripted source and a manual clock: every sample time, skip and cost is exact.
#include "telemetry/sampler.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <future>
#include <limits>
#include <stdexcept>

#include "../../support/manual_clock.hpp"
#include "inferbench/errors.hpp"
#include "manual_waiter.hpp"
#include "telemetry/fake_source.hpp"

namespace ib::telemetry {
namespace {

using fakes::ManualWaiter;
using ib::testing::ManualClock;

constexpr std::int64_t kMs = 1'000'000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<MetricInfo> util_and_clock() {
  return {{"gpu_util", "%", true, ""}, {"sm_clock", "MHz", true, ""}};
}

FakeSample sample(std::vector<double> values, std::optional<std::uint64_t> reasons = 0,
                  std::vector<std::string> failures = {}) {
  return FakeSample{std::move(values), reasons, std::move(failures)};
}

TEST(Sampler, SamplesOnAFixedGridNotIntervalPlusCost) {
  ManualClock clock;
  const std::int64_t t0 = clock.now_ns();
  ManualWaiter waiter(clock, t0 + 450 * kMs);
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  source.set_on_read([&](const SampleSlot&) { clock.advance(2 * kMs); });  // each sample costs 2 ms
  Sampler sampler(source, {0.1, "separate"}, clock, waiter);
  sampler.start();
  const result::Telemetry telemetry = sampler.stop();

  // Drifting by the cost would give 0, 0.102, 0.204, ...: the grid keeps 0.1 exactly.
  EXPECT_EQ(telemetry.time_s, (std::vector<double>{0.0, 0.1, 0.2, 0.3, 0.4}));
  EXPECT_EQ(waiter.deadlines, (std::vector<std::int64_t>{t0, t0 + 100 * kMs, t0 + 200 * kMs, t0 + 300 * kMs,
                                                         t0 + 400 * kMs, t0 + 500 * kMs}));
  EXPECT_EQ(telemetry.pass, "separate");
  EXPECT_DOUBLE_EQ(telemetry.interval_s, 0.1);
  EXPECT_DOUBLE_EQ(telemetry.sample_cost_mean_ms, 2.0);
  EXPECT_DOUBLE_EQ(telemetry.sample_cost_max_ms, 2.0);
  ASSERT_EQ(telemetry.series.size(), 2u);
  EXPECT_EQ(telemetry.series[0].name, "gpu_util");
  EXPECT_EQ(telemetry.series[0].unit, "%");
  EXPECT_EQ(telemetry.series[0].values, (std::vector<double>{50, 50, 50, 50, 50}));
  EXPECT_EQ(telemetry.series[1].values, (std::vector<double>{1980, 1980, 1980, 1980, 1980}));
}

TEST(Sampler, AnOverrunSkipsToTheNextGridPoint) {
  ManualClock clock;
  const std::int64_t t0 = clock.now_ns();
  ManualWaiter waiter(clock, t0 + 550 * kMs);
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  // The second sample takes 250 ms: it ends at 0.35 s, past the points at 0.2 and 0.3.
  source.set_on_read(
      [&](const SampleSlot& slot) { clock.advance(slot.grid_index == 1 ? 250 * kMs : 2 * kMs); });
  Sampler sampler(source, {0.1, "separate"}, clock, waiter);
  sampler.start();
  const result::Telemetry telemetry = sampler.stop();

  EXPECT_EQ(telemetry.time_s, (std::vector<double>{0.0, 0.1, 0.4, 0.5}));
  ASSERT_EQ(source.slots().size(), 4u);
  const std::int64_t expected_index[] = {0, 1, 4, 5};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(source.slots()[i].grid_index, expected_index[i]);
    EXPECT_EQ(source.slots()[i].grid_offset_ns, expected_index[i] * 100 * kMs);
  }
  EXPECT_DOUBLE_EQ(telemetry.sample_cost_mean_ms, (2 + 250 + 2 + 2) / 4.0);
  EXPECT_DOUBLE_EQ(telemetry.sample_cost_max_ms, 250.0);
}

TEST(Sampler, ASampleEndingExactlyOnTheNextPointKeepsIt) {
  ManualClock clock;
  const std::int64_t t0 = clock.now_ns();
  ManualWaiter waiter(clock, t0 + 250 * kMs);
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  source.set_on_read([&](const SampleSlot&) { clock.advance(100 * kMs); });
  Sampler sampler(source, {0.1, "separate"}, clock, waiter);
  sampler.start();
  EXPECT_EQ(sampler.stop().time_s, (std::vector<double>{0.0, 0.1, 0.2}));
}

TEST(Sampler, FailedQueriesAreNaNCountedAndTheirMessagesKeptOnce) {
  ManualClock clock;
  ManualWaiter waiter(clock, clock.now_ns() + 250 * kMs);
  const std::string lost = "nvmlDeviceGetUtilizationRates: the GPU fell off the bus (NVML_ERROR_GPU_IS_LOST)";
  const std::string timeout = "nvmlDeviceGetClockInfo: timed out (NVML_ERROR_TIMEOUT)";
  FakeSource source(util_and_clock(), {sample({50, 1980}, 0x4), sample({kNaN, 1900}, std::nullopt, {lost}),
                                       sample({kNaN, kNaN}, 0x1, {lost, timeout})});
  source.set_query_cost_ns(5000);
  Sampler sampler(source, {0.1, "separate"}, clock, waiter);
  sampler.start();
  const result::Telemetry telemetry = sampler.stop();

  ASSERT_EQ(telemetry.time_s.size(), 3u);
  const auto& util = telemetry.series[0].values;
  EXPECT_EQ(util[0], 50);
  EXPECT_TRUE(std::isnan(util[1]));
  EXPECT_TRUE(std::isnan(util[2]));
  EXPECT_EQ(telemetry.series[1].values[1], 1900);
  EXPECT_TRUE(std::isnan(telemetry.series[1].values[2]));
  EXPECT_EQ(telemetry.failed_queries, 3);
  EXPECT_EQ(telemetry.errors, (std::vector<std::string>{lost, timeout}));
  // A failed reasons query leaves 0 in its place, keeping the series aligned with time_s.
  EXPECT_EQ(telemetry.clock_event_reasons, (std::vector<std::uint64_t>{0x4, 0, 0x1}));
  ASSERT_EQ(telemetry.query_costs.size(), 2u);
  EXPECT_EQ(telemetry.query_costs[0].metric, "gpu_util");
  EXPECT_EQ(telemetry.query_costs[0].calls, 3);
  EXPECT_DOUBLE_EQ(telemetry.query_costs[0].mean_ms, 0.005);
  EXPECT_DOUBLE_EQ(telemetry.query_costs[0].max_ms, 0.005);
}

TEST(Sampler, UnsupportedMetricsAreListedNotSampled) {
  ManualClock clock;
  ManualWaiter waiter(clock, clock.now_ns() + 150 * kMs);
  FakeSource source(
      {{"gpu_util", "%", true, ""}, {"power", "W", false, "not supported"}, {"sm_clock", "MHz", true, ""}},
      {sample({50, 0, 1980})}, /*has_clock_event_reasons=*/false);
  source.set_query_cost_ns(1000);
  Sampler sampler(source, {0.1, "separate"}, clock, waiter);
  sampler.start();
  const result::Telemetry telemetry = sampler.stop();

  ASSERT_EQ(telemetry.series.size(), 2u);
  EXPECT_EQ(telemetry.series[0].name, "gpu_util");
  EXPECT_EQ(telemetry.series[1].name, "sm_clock");
  EXPECT_EQ(telemetry.unsupported, (std::vector<std::string>{"power", "clock_event_reasons"}));
  EXPECT_TRUE(telemetry.clock_event_reasons.empty());
  EXPECT_EQ(telemetry.failed_queries, 0);
  ASSERT_EQ(telemetry.query_costs.size(), 2u);
  EXPECT_EQ(telemetry.query_costs[1].metric, "sm_clock");
}

TEST(Sampler, ASourceThatThrowsEndsSamplingAndKeepsWhatWasTaken) {
  ManualClock clock;
  ManualWaiter waiter(clock, clock.now_ns() + 10'000 * kMs);
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  source.set_on_read([](const SampleSlot& slot) {
    if (slot.grid_index == 2) throw std::runtime_error("driver went away");
  });
  Sampler sampler(source, {0.1, "concurrent"}, clock, waiter);
  sampler.start();
  const result::Telemetry telemetry = sampler.stop();
  EXPECT_EQ(telemetry.time_s, (std::vector<double>{0.0, 0.1}));
  EXPECT_EQ(telemetry.errors, (std::vector<std::string>{"telemetry sampling stopped: driver went away"}));
  EXPECT_EQ(telemetry.pass, "concurrent");
}

TEST(Sampler, StopWakesTheRealWaiterWithoutWaitingOutTheInterval) {
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  std::promise<void> first_read;
  std::future<void> first_read_done = first_read.get_future();
  bool signalled = false;
  source.set_on_read([&](const SampleSlot&) {
    if (!signalled) {
      signalled = true;
      first_read.set_value();
    }
  });
  Sampler sampler(source, {60.0, "separate"});
  const auto begin = std::chrono::steady_clock::now();
  sampler.start();
  first_read_done.wait();
  const result::Telemetry telemetry = sampler.stop();
  // The next sample was due in 60 s; a sampler that slept through its interval would take that long to stop.
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(30));
  EXPECT_EQ(telemetry.time_s.size(), 1u);
}

TEST(Sampler, DestroyingARunningSamplerStopsIt) {
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  const auto begin = std::chrono::steady_clock::now();
  {
    Sampler sampler(source, {60.0, "separate"});
    sampler.start();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(30));
}

TEST(Sampler, RejectsIntervalsThatAreNotPositiveNumbers) {
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  EXPECT_THROW(Sampler(source, {0.0, "separate"}), core::InputError);
  EXPECT_THROW(Sampler(source, {kNaN, "separate"}), core::InputError);
  EXPECT_THROW(Sampler(source, {-1.0, "separate"}), core::InputError);
}

TEST(Sampler, StartsOnceAndStopsOnce) {
  ManualClock clock;
  ManualWaiter waiter(clock, clock.now_ns() + 50 * kMs);
  FakeSource source(util_and_clock(), {sample({50, 1980})});
  Sampler sampler(source, {0.1, "separate"}, clock, waiter);
  EXPECT_THROW((void)sampler.stop(), std::logic_error);
  sampler.start();
  EXPECT_THROW(sampler.start(), std::logic_error);
  EXPECT_EQ(sampler.stop().time_s.size(), 1u);
  EXPECT_THROW((void)sampler.stop(), std::logic_error);
}

}  // namespace
}  // namespace ib::telemetry
