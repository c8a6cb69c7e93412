#include "telemetry/clock_event_reasons.hpp"

#include <gtest/gtest.h>

namespace ib::telemetry {
namespace {

using Names = std::vector<std::string>;

TEST(ClockEventReasons, NoBitsNoNames) {
  EXPECT_TRUE(decode_clock_event_reasons(0).empty());
}

TEST(ClockEventReasons, DecodesEachKnownBitLowestFirst) {
  EXPECT_EQ(decode_clock_event_reasons(0x1FF),
            (Names{"gpu_idle", "applications_clocks_setting", "sw_power_cap", "hw_slowdown", "sync_boost",
                   "sw_thermal_slowdown", "hw_thermal_slowdown", "hw_power_brake_slowdown",
                   "display_clock_setting"}));
  EXPECT_EQ(decode_clock_event_reasons(0x4 | 0x40), (Names{"sw_power_cap", "hw_thermal_slowdown"}));
}

TEST(ClockEventReasons, UnknownBitsKeepTheirValueInHex) {
  EXPECT_EQ(decode_clock_event_reasons(0x4 | 0x200), (Names{"sw_power_cap", "unknown_0x200"}));
  EXPECT_EQ(decode_clock_event_reasons(0x8000000000000000ULL), (Names{"unknown_0x8000000000000000"}));
}

TEST(ClockEventReasons, HintsSayWhatHelps) {
  EXPECT_NE(clock_event_reason_hint("sw_power_cap").find("power limit"), std::string_view::npos);
  EXPECT_NE(clock_event_reason_hint("hw_thermal_slowdown").find("cooling"), std::string_view::npos);
  EXPECT_TRUE(clock_event_reason_hint("unknown_0x200").empty());
}

}  // namespace
}  // namespace ib::telemetry
