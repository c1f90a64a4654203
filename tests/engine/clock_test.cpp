// The simulation clock: advance with speed, pause, parse failures keep the time, the slider
// window, the wall clock conversion.
#include "engine/scenario/clock.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/time/time.hpp"

namespace ce8::scenario {
namespace {

std::string iso(const time::Instant& t) {
  auto r = time::format_iso8601(t, time::Scale::kUtc, 0);
  return r ? *r : std::string("?");
}

TEST(Clock, DefaultStartsPausedAtTheFixedInstantInsideTheWindow) {
  const SimClock c = make_default_clock();
  EXPECT_FALSE(c.playing);
  EXPECT_EQ(iso(c.now), kDefaultStartUtc);
  EXPECT_TRUE(c.in_window());
  EXPECT_EQ(iso(c.window_start), "2028-01-01T00:00:00Z");
  EXPECT_EQ(iso(c.window_end), "2030-12-31T23:59:59Z");
}

TEST(Clock, AdvancesOnlyWhilePlayingAtTheChosenSpeed) {
  SimClock c = make_default_clock();
  const time::Instant t0 = c.now;
  c.advance(1.0);
  EXPECT_DOUBLE_EQ(time::seconds_between(t0, c.now), 0.0);  // paused
  c.playing = true;
  c.speed_index = 2;  // 1 h/s
  c.advance(0.5);
  EXPECT_NEAR(time::seconds_between(t0, c.now), 1800.0, 1e-5);
  c.speed_index = 4;  // 1 day/s
  c.advance(2.0);
  EXPECT_NEAR(time::seconds_between(t0, c.now), 1800.0 + 2 * 86400.0, 1e-5);
  c.advance(-3.0);  // ignored
  c.advance(std::nan(""));
  EXPECT_NEAR(time::seconds_between(t0, c.now), 1800.0 + 2 * 86400.0, 1e-5);
  EXPECT_DOUBLE_EQ(kClockSpeeds[0].sim_s_per_real_s, 1.0);
}

TEST(Clock, BadTextKeepsTheTimeAndSaysWhy) {
  SimClock c = make_default_clock();
  const time::Instant t0 = c.now;
  for (const char* bad :
       {"", "tomorrow", "2028-02-30T00:00:00Z", "2028-13-01", "2028-01-01T25:00"}) {
    const Status s = c.set_iso8601_utc(bad);
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_FALSE(s.error().message.empty());
    }
    EXPECT_DOUBLE_EQ(time::seconds_between(t0, c.now), 0.0) << bad;
  }
  ASSERT_TRUE(c.set_iso8601_utc("2029-06-01T12:30:00Z").ok());
  EXPECT_EQ(iso(c.now), "2029-06-01T12:30:00Z");
}

TEST(Clock, SliderWindowFractionRoundTrips) {
  SimClock c = make_default_clock();
  c.set_window_fraction(0.0);
  EXPECT_EQ(iso(c.now), "2028-01-01T00:00:00Z");
  c.set_window_fraction(1.0);
  EXPECT_EQ(iso(c.now), "2030-12-31T23:59:59Z");
  c.set_window_fraction(0.25);
  EXPECT_NEAR(c.window_fraction(), 0.25, 1e-12);
  ASSERT_TRUE(c.set_iso8601_utc("2026-05-01").ok());  // outside the window: allowed, slider pins
  EXPECT_FALSE(c.in_window());
  EXPECT_DOUBLE_EQ(c.window_fraction(), 0.0);
}

TEST(Clock, UnixSecondsGoThroughTheUtcCalendar) {
  auto epoch = instant_from_unix_seconds(0.0);
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(iso(*epoch), "1970-01-01T00:00:00Z");
  // 2028-03-09T00:00:00Z is 1836172800 s after the Unix epoch (leap seconds not counted).
  auto t = instant_from_unix_seconds(1836172800.0);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(iso(*t), "2028-03-09T00:00:00Z");
  auto leap_year = instant_from_unix_seconds(951782400.0 + 86399.0);  // 2000-02-29T23:59:59
  ASSERT_TRUE(leap_year.ok());
  EXPECT_EQ(iso(*leap_year), "2000-02-29T23:59:59Z");
  EXPECT_FALSE(instant_from_unix_seconds(std::nan("")).ok());
  EXPECT_TRUE(wall_clock_now().ok());
}

}  // namespace
}  // namespace ce8::scenario
