// The one check of a run's plan and request: a table of bad plans and the error each gives, and
// benchmark_model refusing a bad request before it loads anything.
#include "runner/request_check.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>

#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "inferbench/errors.hpp"

namespace ib::runner {
namespace {

std::string error_of(const std::function<void()>& check) {
  try {
    check();
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "";
}

struct BadPlan {
  const char* what;
  std::function<void(LoopPlan&)> change;
  const char* error;
};

TEST(ValidateLoopPlan, EachBadPlanGivesItsError) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const BadPlan table[] = {
      {"negative warm-up", [](LoopPlan& p) { p.warmup = -1; }, "--warmup must not be negative (got -1)"},
      {"no iterations", [](LoopPlan& p) { p.iterations = 0; }, "--iterations must be at least 1 (got 0)"},
      {"negative warm-up time", [](LoopPlan& p) { p.warmup_ms = -1.0; },
       "--warmup-ms must be at least 0 and at most 604800000 ms (got -1)"},
      {"zero duration", [](LoopPlan& p) { p.duration_s = 0.0; },
       "--duration must be more than 0 and at most 604800 s (got 0)"},
      {"NaN duration", [nan](LoopPlan& p) { p.duration_s = nan; },
       "--duration must be more than 0 and at most 604800 s (got nan)"},
      {"duration over a week", [](LoopPlan& p) { p.duration_s = 604801.0; },
       "--duration must be more than 0 and at most 604800 s (got 604801)"},
      {"duration and until-stable",
       [](LoopPlan& p) {
         p.duration_s = 1.0;
         p.until_stable = StableTarget{};
       },
       "--duration and --until-stable exclude each other"},
      {"zero max duration",
       [](LoopPlan& p) { p.until_stable = StableTarget{.target = 0.01, .max_duration_s = 0}; },
       "--max-duration must be more than 0 and at most 604800 s (got 0)"},
      {"target of 100%",
       [](LoopPlan& p) { p.until_stable = StableTarget{.target = 1.0, .max_duration_s = 60}; },
       "--target-ci must be a percentage between 0 and 100 (got 100)"},
      {"NaN target",
       [nan](LoopPlan& p) { p.until_stable = StableTarget{.target = nan, .max_duration_s = 60}; },
       "--target-ci must be a percentage between 0 and 100 (got nan)"},
  };
  for (const BadPlan& bad : table) {
    LoopPlan plan;
    bad.change(plan);
    EXPECT_EQ(error_of([&] { validate(plan); }), bad.error) << bad.what;
  }
}

TEST(ValidateLoopPlan, GoodPlansPass) {
  LoopPlan plan;
  EXPECT_NO_THROW(validate(plan));
  plan.iterations = 0;  // not used when the pass is timed by duration or until stable
  plan.duration_s = 0.5;
  plan.warmup_ms = 0.0;
  EXPECT_NO_THROW(validate(plan));
  plan.duration_s.reset();
  plan.until_stable = StableTarget{.target = 0.05, .max_duration_s = 10};
  EXPECT_NO_THROW(validate(plan));
}

struct Fixture {
  testing::ManualClock clock;
  backends::BackendInfo info;
  int loads = 0;
  const std::string name = "m";
  Fixture() {
    info.name = "fake";
    info.create = [this](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
      ++loads;
      return std::make_unique<backends::FakeBackend>(
          core::TensorSpec{"input", options.dtype, {1}}, core::TensorSpec{"output", options.dtype, {1}},
          std::vector<std::int64_t>{1'000'000}, [this](std::int64_t ns) { clock.advance(ns); });
    };
  }
  BenchmarkRequest request() {
    BenchmarkRequest r;
    r.name = name;
    r.backend = &info;
    r.loop.warmup = 0;
    r.loop.iterations = 3;
    return r;
  }
};

struct BadRequest {
  const char* what;
  std::function<void(BenchmarkRequest&)> change;
  const char* error;
};

TEST(ValidateRequest, EachBadRequestGivesItsError) {
  Fixture f;
  const BadRequest table[] = {
      {"no backend", [](BenchmarkRequest& r) { r.backend = nullptr; }, "no backend chosen for m"},
      {"no stream", [](BenchmarkRequest& r) { r.streams = 0; }, "--streams must be at least 1"},
      {"streams until stable",
       [](BenchmarkRequest& r) {
         r.streams = 2;
         r.until_stable = StableTarget{};
       },
       "--until-stable works with one stream; drop --streams or use --iterations/--duration"},
      {"streams until stable, in the loop plan",
       [](BenchmarkRequest& r) {
         r.streams = 2;
         r.loop.until_stable = StableTarget{};
       },
       "--until-stable works with one stream; drop --streams or use --iterations/--duration"},
      {"streams without platforms", [](BenchmarkRequest& r) { r.streams = 2; },
       "--streams needs a platform per stream"},
      {"bad loop plan", [](BenchmarkRequest& r) { r.loop.iterations = -5; },
       "--iterations must be at least 1 (got -5)"},
      {"bad target from the request",
       [](BenchmarkRequest& r) { r.until_stable = StableTarget{.target = 0, .max_duration_s = 60}; },
       "--target-ci must be a percentage between 0 and 100 (got 0)"},
  };
  for (const BadRequest& bad : table) {
    BenchmarkRequest request = f.request();
    bad.change(request);
    EXPECT_EQ(error_of([&] { validate(request); }), bad.error) << bad.what;
  }
}

TEST(ValidateRequest, BenchmarkModelChecksBeforeLoading) {
  Fixture f;
  auto platform = make_cpu_platform();
  BenchmarkRequest request = f.request();
  request.loop.iterations = 0;
  EXPECT_THROW((void)benchmark_model(request, *platform, f.clock, nullptr), core::InputError);
  EXPECT_EQ(f.loads, 0);
  request.loop.iterations = 3;
  EXPECT_EQ(benchmark_model(request, *platform, f.clock, nullptr).samples.latency_ms.size(), 3u);
  EXPECT_EQ(f.loads, 1);
}

TEST(LoopPlanOf, TakesUntilStableFromTheRequest) {
  BenchmarkRequest request;
  EXPECT_FALSE(loop_plan_of(request).until_stable);
  request.until_stable = StableTarget{.target = 0.02, .max_duration_s = 5};
  const LoopPlan plan = loop_plan_of(request);
  ASSERT_TRUE(plan.until_stable);
  EXPECT_DOUBLE_EQ(plan.until_stable->target, 0.02);
  EXPECT_DOUBLE_EQ(plan.until_stable->max_duration_s, 5);
}

}  // namespace
}  // namespace ib::runner
