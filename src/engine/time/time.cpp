#include "engine/time/time.hpp"

#include <erfa.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace ce8::time {
namespace {

JulianDate normalized(double jd1, double jd2) {
  // Keep jd1 a whole number of days (or .5) and jd2 small, so precision stays at microseconds.
  const double whole = std::floor(jd2);
  return {jd1 + whole, jd2 - whole};
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

const char* erfa_scale(Scale scale) {
  switch (scale) {
    case Scale::kUtc:
      return "UTC";
    case Scale::kTt:
      return "TT";
    case Scale::kTdb:
      return "TDB";
  }
  return "TT";
}

// TDB - TT in seconds at a TT (or TDB: the difference is below 2 ms and varies slowly) date.
double tdb_minus_tt_s(double jd1, double jd2) { return eraDtdb(jd1, jd2, 0.0, 0.0, 0.0, 0.0); }

Result<Instant> from_utc_jd(double u1, double u2) {
  double a1 = 0, a2 = 0, t1 = 0, t2 = 0;
  if (eraUtctai(u1, u2, &a1, &a2) < 0) return make_error("UTC date outside ERFA's range");
  eraTaitt(a1, a2, &t1, &t2);
  return Instant{normalized(t1, t2)};
}

}  // namespace

double Instant::tt_seconds_since_j2000() const {
  return ((tt.jd1 - kJ2000) + tt.jd2) * kSecondsPerDay;
}

Instant Instant::from_tt_seconds_since_j2000(double seconds) {
  const double days = seconds / kSecondsPerDay;
  return Instant{normalized(kJ2000, days)};
}

Result<Scale> parse_scale(std::string_view text) {
  if (text == "utc") return Scale::kUtc;
  if (text == "tt") return Scale::kTt;
  if (text == "tdb") return Scale::kTdb;
  return make_error("unknown time scale " + quoted(text) + " (expected utc, tt or tdb)");
}

std::string_view scale_name(Scale scale) {
  switch (scale) {
    case Scale::kUtc:
      return "utc";
    case Scale::kTt:
      return "tt";
    case Scale::kTdb:
      return "tdb";
  }
  return "tt";
}

Result<Instant> from_calendar(int year, int month, int day, int hour, int minute, double second,
                              Scale scale) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%09.6f", year, month, day, hour, minute,
                second);
  const std::string when(buf);
  if (year < kMinYear || year > kMaxYear)
    return make_error("year " + std::to_string(year) + " is outside the supported range " +
                      std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
  if (!std::isfinite(second)) return make_error("invalid seconds in " + when);
  double d1 = 0, d2 = 0;
  const int j = eraDtf2d(erfa_scale(scale), year, month, day, hour, minute, second, &d1, &d2);
  switch (j) {
    case -1:
      return make_error("invalid year in " + when);
    case -2:
      return make_error("invalid month " + std::to_string(month) + " in " + when);
    case -3:
      return make_error("no such date: day " + std::to_string(day) + " of month " +
                        std::to_string(month) + " in " + when);
    case -4:
      return make_error("invalid hour " + std::to_string(hour) + " in " + when);
    case -5:
      return make_error("invalid minute " + std::to_string(minute) + " in " + when);
    case -6:
      return make_error("invalid second in " + when);
    default:
      break;
  }
  if (j < 0) return make_error("invalid date " + when);
  if (j & 2) {
    return make_error(scale == Scale::kUtc ? "second out of range in " + when +
                                                 " (60 is valid only in a UTC leap second)"
                                           : "second out of range in " + when);
  }
  switch (scale) {
    case Scale::kUtc:
      return from_utc_jd(d1, d2);
    case Scale::kTt:
      return Instant{normalized(d1, d2)};
    case Scale::kTdb:
      return from_julian_date({d1, d2}, Scale::kTdb);
  }
  return make_error("unknown scale");
}

Result<Instant> parse_iso8601(std::string_view text, Scale scale) {
  const std::string bad =
      "invalid ISO 8601 time " + quoted(text) + " (expected YYYY-MM-DD[THH:MM[:SS[.fff]]][Z])";
  std::string_view s = text;
  bool zulu = false;
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
    zulu = true;
    s.remove_suffix(1);
  }
  if (zulu && scale != Scale::kUtc)
    return make_error("time " + quoted(text) + " ends in 'Z' (UTC) but the scale is " +
                      std::string(scale_name(scale)));
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return make_error(bad);
  const std::string_view ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!all_digits(ys) || !all_digits(ms) || !all_digits(ds)) return make_error(bad);
  int hour = 0, minute = 0;
  double second = 0.0;
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return make_error(bad);
    const std::string_view rest = s.substr(11);
    if (rest.size() < 5 || rest[2] != ':') return make_error(bad);
    const std::string_view hs = rest.substr(0, 2), mins = rest.substr(3, 2);
    if (!all_digits(hs) || !all_digits(mins)) return make_error(bad);
    hour = to_int(hs);
    minute = to_int(mins);
    if (rest.size() > 5) {
      if (rest[5] != ':' || rest.size() < 8) return make_error(bad);
      const std::string_view ss = rest.substr(6, 2);
      if (!all_digits(ss)) return make_error(bad);
      second = to_int(ss);
      if (rest.size() > 8) {
        if (rest[8] != '.' && rest[8] != ',') return make_error(bad);
        const std::string_view frac = rest.substr(9);
        if (!all_digits(frac) || frac.size() > 12) return make_error(bad);
        double scale10 = 0.1;
        for (char c : frac) {
          second += (c - '0') * scale10;
          scale10 /= 10.0;
        }
      }
    }
  }
  auto r = from_calendar(to_int(ys), to_int(ms), to_int(ds), hour, minute, second, scale);
  if (!r) return make_error(r.error().message + " (from " + quoted(text) + ")");
  return r;
}

Result<JulianDate> to_julian_date(const Instant& t, Scale scale) {
  switch (scale) {
    case Scale::kTt:
      return t.tt;
    case Scale::kTdb:
      return tdb(t);
    case Scale::kUtc: {
      double a1 = 0, a2 = 0, u1 = 0, u2 = 0;
      if (eraTttai(t.tt.jd1, t.tt.jd2, &a1, &a2) != 0)
        return make_error("TT date outside ERFA's range");
      if (eraTaiutc(a1, a2, &u1, &u2) < 0) return make_error("date outside ERFA's UTC range");
      return JulianDate{u1, u2};
    }
  }
  return make_error("unknown scale");
}

Result<Instant> from_julian_date(const JulianDate& jd, Scale scale) {
  if (!std::isfinite(jd.jd1) || !std::isfinite(jd.jd2))
    return make_error("Julian date is not finite");
  switch (scale) {
    case Scale::kTt:
      return Instant{normalized(jd.jd1, jd.jd2)};
    case Scale::kTdb: {
      // TT = TDB - (TDB - TT); evaluating the small periodic difference at TDB instead of TT
      // changes it by far less than a nanosecond, and one refinement removes even that.
      double dt = tdb_minus_tt_s(jd.jd1, jd.jd2);
      dt = tdb_minus_tt_s(jd.jd1, jd.jd2 - dt / kSecondsPerDay);
      return Instant{normalized(jd.jd1, jd.jd2 - dt / kSecondsPerDay)};
    }
    case Scale::kUtc:
      return from_utc_jd(jd.jd1, jd.jd2);
  }
  return make_error("unknown scale");
}

JulianDate tt(const Instant& t) { return t.tt; }

JulianDate tdb(const Instant& t) {
  const double dt = tdb_minus_tt_s(t.tt.jd1, t.tt.jd2);
  return JulianDate{t.tt.jd1, t.tt.jd2 + dt / kSecondsPerDay};
}

Result<std::string> format_iso8601(const Instant& t, Scale scale, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  auto jd = to_julian_date(t, scale);
  if (!jd) return jd.error();
  if (scale == Scale::kUtc) {
    // eraTaiutc can land a few nanoseconds before midnight at the end of a day closed by a
    // pre-1972 rate step (1964-12-31 lasted 86400.1 s), and eraD2dtf, which stretches only
    // days with steps over 0.5 s, then prints the instant 0.1 s early (found by fuzzing:
    // 1965-01-01T00:00:00 came back as 1964-12-31T23:59:59.999999998). Within 100 ns of
    // midnight, midnight it is.
    const double frac = (jd->jd1 - 0.5 - std::floor(jd->jd1 - 0.5)) + jd->jd2;
    const double off = frac - std::round(frac);
    if (off != 0.0 && std::fabs(off) * kSecondsPerDay < 1e-7) jd->jd2 -= off;
  }
  int iy = 0, im = 0, id = 0, ihmsf[4] = {0, 0, 0, 0};
  if (eraD2dtf(erfa_scale(scale), decimals, jd->jd1, jd->jd2, &iy, &im, &id, ihmsf) < 0)
    return make_error("date outside ERFA's range");
  char buf[64];
  if (decimals > 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%0*d%s", iy, im, id, ihmsf[0],
                  ihmsf[1], ihmsf[2], decimals, ihmsf[3], scale == Scale::kUtc ? "Z" : "");
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", iy, im, id, ihmsf[0],
                  ihmsf[1], ihmsf[2], scale == Scale::kUtc ? "Z" : "");
  }
  return std::string(buf);
}

Result<double> tai_minus_utc_s(const Instant& t) {
  auto u = to_julian_date(t, Scale::kUtc);
  if (!u) return u.error();
  int iy = 0, im = 0, id = 0;
  double fd = 0;
  if (eraJd2cal(u->jd1, u->jd2, &iy, &im, &id, &fd) != 0) return make_error("date out of range");
  double dat = 0;
  if (eraDat(iy, im, id, fd, &dat) < 0) return make_error("date outside ERFA's leap-second table");
  return dat;
}

Result<double> tt_minus_utc_s(const Instant& t) {
  auto dat = tai_minus_utc_s(t);
  if (!dat) return dat.error();
  return *dat + 32.184;  // TT - TAI
}

Result<double> parse_duration_s(std::string_view text) {
  const std::string bad = "invalid duration " + quoted(text) +
                          " (expected a number and a unit s, m, h or d, e.g. 90s, 15m, 1h, 2d)";
  if (text.size() < 2) return make_error(bad);
  double unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1.0;
      break;
    case 'm':
      unit = 60.0;
      break;
    case 'h':
      unit = 3600.0;
      break;
    case 'd':
      unit = 86400.0;
      break;
    default:
      return make_error(bad);
  }
  std::string number(text.substr(0, text.size() - 1));
  // Only [+-]digits[.digits]: no exponents, hex, inf or nan.
  std::size_t i = 0;
  if (number[i] == '+' || number[i] == '-') ++i;
  bool digits = false, dot = false;
  for (; i < number.size(); ++i) {
    const char c = number[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return make_error(bad);
    }
  }
  if (!digits) return make_error(bad);
  const double v = std::strtod(number.c_str(), nullptr);
  if (!std::isfinite(v * unit)) return make_error(bad);
  return v * unit;
}

Instant add_seconds(const Instant& t, double seconds) {
  return Instant{normalized(t.tt.jd1, t.tt.jd2 + seconds / kSecondsPerDay)};
}

double seconds_between(const Instant& a, const Instant& b) {
  return ((b.tt.jd1 - a.tt.jd1) + (b.tt.jd2 - a.tt.jd2)) * kSecondsPerDay;
}

}  // namespace ce8::time
