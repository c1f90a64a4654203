#include "engine/scenario/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace ce8::scenario {
namespace {

// Days since 1970-01-01 -> proleptic Gregorian year/month/day (H. Hinnant's civil_from_days).
void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

time::Instant parse_or_j2000(const char* iso) {
  auto r = time::parse_iso8601(iso, time::Scale::kUtc);
  return r ? *r : time::Instant{};
}

}  // namespace

double SimClock::speed_s_per_s() const {
  const int i = std::clamp(speed_index, 0, static_cast<int>(kClockSpeeds.size()) - 1);
  return kClockSpeeds[static_cast<size_t>(i)].sim_s_per_real_s;
}

void SimClock::advance(double dt_real_s) {
  if (!playing || !std::isfinite(dt_real_s) || dt_real_s <= 0.0) return;
  now = time::add_seconds(now, dt_real_s * speed_s_per_s());
}

Status SimClock::set_iso8601_utc(std::string_view text) {
  auto r = time::parse_iso8601(text, time::Scale::kUtc);
  if (!r) return r.error();
  now = *r;
  return Ok{};
}

double SimClock::window_length_s() const { return time::seconds_between(window_start, window_end); }

double SimClock::window_fraction() const {
  const double len = window_length_s();
  if (!(len > 0.0)) return 0.0;
  return std::clamp(time::seconds_between(window_start, now) / len, 0.0, 1.0);
}

void SimClock::set_window_fraction(double fraction) {
  const double f = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
  now = time::add_seconds(window_start, f * window_length_s());
}

bool SimClock::in_window() const {
  return time::seconds_between(window_start, now) >= 0.0 &&
         time::seconds_between(now, window_end) >= 0.0;
}

SimClock make_default_clock() {
  SimClock c;
  c.window_start = parse_or_j2000(kDefaultWindowStartUtc);
  c.window_end = parse_or_j2000(kDefaultWindowEndUtc);
  c.now = parse_or_j2000(kDefaultStartUtc);
  return c;
}

Result<time::Instant> instant_from_unix_seconds(double unix_s) {
  if (!std::isfinite(unix_s)) return make_error("wall clock time is not a number");
  const double days = std::floor(unix_s / 86400.0);
  const double sec_of_day = unix_s - days * 86400.0;
  int y = 0, m = 0, d = 0;
  civil_from_days(static_cast<int64_t>(days), y, m, d);
  const int hour = static_cast<int>(sec_of_day / 3600.0);
  const int minute = static_cast<int>((sec_of_day - hour * 3600.0) / 60.0);
  const double second = std::min(sec_of_day - hour * 3600.0 - minute * 60.0, 59.999999);
  return time::from_calendar(y, m, d, hour, minute, second, time::Scale::kUtc);
}

Result<time::Instant> wall_clock_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const double unix_s = std::chrono::duration<double>(since_epoch).count();
  return instant_from_unix_seconds(unix_s);
}

}  // namespace ce8::scenario
