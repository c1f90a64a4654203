// Time scales for the explorer: UTC (with leap seconds), TT and TDB, ISO 8601 text, Julian dates
// and durations. Built on ERFA (the IAU SOFA routines): calendar <-> Julian date, the leap-second
// table (eraDat), UTC -> TAI -> TT and TT -> TDB (eraDtdb).
//
// An Instant is held as a two-part Terrestrial Time Julian date, so arithmetic in SI seconds is
// uniform (no leap seconds inside). UTC and TDB are views computed from it.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/result.hpp"

namespace ce8::time {

enum class Scale { kUtc, kTt, kTdb };

inline constexpr double kJ2000 = 2451545.0;  // JD of J2000.0 (2000-01-01T12:00:00 TT)
inline constexpr double kSecondsPerDay = 86400.0;
// Calendar years accepted as input (ERFA's leap-second table starts in 1960; its planetary and
// lunar series are specified for about 1900-2100).
inline constexpr int kMinYear = 1960;
inline constexpr int kMaxYear = 2199;

// A Julian date split in two parts for precision: jd1 a whole or half day, jd2 the rest.
struct JulianDate {
  double jd1 = kJ2000;
  double jd2 = 0.0;
  double value() const { return jd1 + jd2; }
};

// One instant, as a two-part TT Julian date.
struct Instant {
  JulianDate tt;

  // Seconds of TT since J2000.0 TT (the time argument of the fast path, ephemeris::SkyTable).
  double tt_seconds_since_j2000() const;
  static Instant from_tt_seconds_since_j2000(double seconds);
};

// "utc" | "tt" | "tdb" (lower case).
Result<Scale> parse_scale(std::string_view text);
std::string_view scale_name(Scale scale);

// Calendar date and time of day read in `scale`. Fails on impossible dates (2028-02-30), fields
// out of range and second 60 except at the end of a UTC day that has a leap second.
Result<Instant> from_calendar(int year, int month, int day, int hour, int minute, double second,
                              Scale scale);

// ISO 8601: YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS[.fff...], with an optional
// trailing 'Z' (only when reading UTC). A space may replace the 'T'.
Result<Instant> parse_iso8601(std::string_view text, Scale scale = Scale::kUtc);

// ISO 8601 text of `t` in `scale` with `decimals` digits of seconds (0..9). UTC ends in 'Z' and
// shows 23:59:60 during a leap second. Fails only outside ERFA's range.
Result<std::string> format_iso8601(const Instant& t, Scale scale = Scale::kUtc, int decimals = 3);

// Julian dates in each scale.
Result<Instant> from_julian_date(const JulianDate& jd, Scale scale);
Result<JulianDate> to_julian_date(const Instant& t, Scale scale);
JulianDate tt(const Instant& t);
JulianDate tdb(const Instant& t);  // geocentric TDB (eraDtdb, observer at the geocentre)

// TAI - UTC in seconds at `t` (37 s since 2017-01-01; ERFA assumes no new leap second after its
// table, and flags years beyond it as "dubious", which this accepts).
Result<double> tai_minus_utc_s(const Instant& t);
// TT - UTC in seconds (TAI - UTC + 32.184 s).
Result<double> tt_minus_utc_s(const Instant& t);

// "90s", "15m", "1h", "2d", "1.5h": a decimal number (optionally signed) and one unit letter.
// Returns seconds; the caller decides whether zero or negative values are acceptable.
Result<double> parse_duration_s(std::string_view text);

// `t` moved by `seconds` of TT (SI seconds).
Instant add_seconds(const Instant& t, double seconds);
// b - a in SI seconds.
double seconds_between(const Instant& a, const Instant& b);

}  // namespace ce8::time
