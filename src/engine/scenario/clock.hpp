// The explorer's one simulation clock: the instant everything time-dependent reads (the Sun
// that lights the terrain, the sky panel, later illumination and traverse timelines), whether it
// runs, and how fast. Plain data plus a few operations, no UI: the app owns one, the UI edits it,
// tests drive it directly.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/time/time.hpp"

namespace ce8::scenario {

struct ClockSpeed {
  const char* label;
  double sim_s_per_real_s;  // simulated seconds per wall-clock second
};

inline constexpr std::array<ClockSpeed, 6> kClockSpeeds = {{
    {"real time", 1.0},
    {"1 min/s", 60.0},
    {"1 h/s", 3600.0},
    {"6 h/s", 21600.0},
    {"1 day/s", 86400.0},
    {"1 week/s", 604800.0},
}};

struct SimClock {
  time::Instant now;           // the current simulated instant
  bool playing = false;        // advance() moves `now` only while playing
  int speed_index = 2;         // into kClockSpeeds
  time::Instant window_start;  // the time slider's range (the clock itself may leave it)
  time::Instant window_end;

  double speed_s_per_s() const;
  // Moves the clock by dt_real_s wall-clock seconds times the speed, if playing. Negative or
  // non-finite steps are ignored.
  void advance(double dt_real_s);
  // Sets the clock from ISO 8601 UTC text. On bad input returns the parse error and leaves the
  // clock where it was.
  Status set_iso8601_utc(std::string_view text);
  // Position of `now` in the slider window, 0..1 (clamped), and the inverse.
  double window_fraction() const;
  void set_window_fraction(double fraction);
  bool in_window() const;
  double window_length_s() const;
};

// The clock the explorer starts with: paused, at kDefaultStartUtc, window kDefaultWindow*.
// The start is fixed (not "now") so tests and screenshots are deterministic; at it the Sun stands
// 1.50 deg above the south pole's horizon at azimuth 98.7 deg (close to its highest there) and
// the Earth 1.2 deg up: raking light from the side of the default camera.
inline constexpr const char* kDefaultStartUtc = "2028-10-25T00:00:00Z";
inline constexpr const char* kDefaultWindowStartUtc = "2028-01-01T00:00:00Z";
inline constexpr const char* kDefaultWindowEndUtc = "2030-12-31T23:59:59Z";
SimClock make_default_clock();

// Converts seconds since the Unix epoch (as std::chrono::system_clock counts them: UTC days of
// exactly 86400 s, leap seconds not counted) to an Instant, through the UTC calendar.
Result<time::Instant> instant_from_unix_seconds(double unix_s);
// The wall clock's present instant (std::chrono::system_clock), works natively and in browsers.
Result<time::Instant> wall_clock_now();

}  // namespace ce8::scenario
