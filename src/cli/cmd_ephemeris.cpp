// `ce8 ephemeris`: the Sun and the Earth in the sky of a lunar site over time (CSV or JSON), and
// the Moon's orientation (`--moon-frame`, JSON). Every row is a full evaluation of the theory
// (engine/ephemeris/sky.hpp), so the numbers are those of the reference path, not the fast path.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "engine/core/parse.hpp"
#include "engine/ephemeris/moon_orientation.hpp"
#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/time/time.hpp"

namespace ce8::cli {
namespace {

// The most rows one call prints (about 200 MB of CSV); checked before anything is computed.
constexpr double kMaxRows = 1000000;

struct Options {
  std::string site;
  std::string time;
  std::string until;
  std::string step;
  std::string scale = "utc";
  std::string format = "csv";
  bool moon_frame = false;
};

// "LAT,LON[,HEIGHT_M]" in degrees and metres.
Result<ephemeris::Site> parse_site(const std::string& text) {
  auto p = parse_lat_lon_option("--site", text, true);
  if (!p) return p.error();
  auto site = ephemeris::make_site_deg(p->lat_deg, p->lon_deg, p->height_m);
  if (!site) return make_error("--site: " + site.error().message);
  return site;
}

std::string num(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) {
    if (s[0] == '-') s.erase(0, 1);  // no "-0.000000"
  }
  return s;
}

int run_moon_frame(const Options& o, const time::Instant& t) {
  if (!o.site.empty()) return fail("--site cannot be combined with --moon-frame");
  if (!o.until.empty() || !o.step.empty())
    return fail("--until and --step cannot be combined with --moon-frame");
  auto utc = time::format_iso8601(t, time::Scale::kUtc, 3);
  auto tdb = time::format_iso8601(t, time::Scale::kTdb, 3);
  if (!utc || !tdb) return fail("time outside the supported range");
  const ephemeris::MoonOrientation m = ephemeris::moon_orientation(t);
  nlohmann::ordered_json j;
  j["time_utc"] = *utc;
  j["time_tdb"] = *tdb;
  j["pole_ra_deg"] = m.pole_ra_rad * ephemeris::kRadToDeg;
  j["pole_dec_deg"] = m.pole_dec_rad * ephemeris::kRadToDeg;
  j["prime_meridian_deg"] = m.prime_meridian_rad * ephemeris::kRadToDeg;
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < 3; ++i)
    rows.push_back({m.body_to_icrf.m[i][0], m.body_to_icrf.m[i][1], m.body_to_icrf.m[i][2]});
  j["matrix"] = rows;
  j["frame"] = "Moon body-fixed (IAU/WGCCRE 2009 rotation model) to ICRF";
  std::cout << j.dump(2) << "\n";
  return kOk;
}

int run(const Options& o) {
  auto scale = time::parse_scale(o.scale);
  if (!scale) return fail("--scale: " + scale.error().message);
  if (o.format != "csv" && o.format != "json")
    return fail("--format must be csv or json, got '" + o.format + "'");
  auto t0 = time::parse_iso8601(o.time, *scale);
  if (!t0) return fail("--time: " + t0.error().message);
  if (o.moon_frame) return run_moon_frame(o, *t0);

  if (o.site.empty()) return fail("--site LAT,LON[,HEIGHT_M] is required (or use --moon-frame)");
  auto site = parse_site(o.site);
  if (!site) return fail(site.error().message);

  double step_s = 0.0;
  double rows = 1;
  if (!o.until.empty() || !o.step.empty()) {
    if (o.until.empty()) return fail("--step needs --until");
    if (o.step.empty()) return fail("--until needs --step");
    auto t1 = time::parse_iso8601(o.until, *scale);
    if (!t1) return fail("--until: " + t1.error().message);
    auto step = parse_positive_duration_option("--step", o.step);
    if (!step) return fail(step.error().message);
    step_s = *step;
    const double span = time::seconds_between(*t0, *t1);
    if (span < 0.0) return fail("--until " + o.until + " is before --time " + o.time);
    rows = std::floor(span / step_s + 1e-9) + 1.0;
    if (rows > kMaxRows) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "the range gives %.0f rows, more than the limit of %.0f; use a larger "
                    "--step or a shorter range",
                    rows, kMaxRows);
      return fail(buf);
    }
  }
  const auto n = static_cast<long>(rows);
  // Check the last instant can be printed before writing anything.
  if (!time::format_iso8601(time::add_seconds(*t0, step_s * static_cast<double>(n - 1))))
    return fail("time range outside the supported range");

  const ephemeris::SiteFrame frame = ephemeris::site_frame(*site);
  const bool csv = o.format == "csv";
  static const char* kCols[] = {"time_utc",         "sun_az_deg",       "sun_el_deg",
                                "earth_az_deg",     "earth_el_deg",     "subsolar_lat_deg",
                                "subsolar_lon_deg", "subearth_lat_deg", "subearth_lon_deg",
                                "sun_distance_km",  "earth_distance_km"};
  std::string out;
  if (csv) {
    for (int c = 0; c < 11; ++c) out += std::string(c ? "," : "") + kCols[c];
    out += "\n";
  } else {
    out += "[";
  }
  for (long i = 0; i < n; ++i) {
    const time::Instant t = time::add_seconds(*t0, step_s * static_cast<double>(i));
    const ephemeris::SkyState s = ephemeris::sky_state(t);
    const auto sun = ephemeris::az_el(frame, s.sun_body_km);
    const auto earth = ephemeris::az_el(frame, s.earth_body_km);
    const auto ss = ephemeris::sub_point(s.sun_body_km);
    const auto se = ephemeris::sub_point(s.earth_body_km);
    const double r = ephemeris::kRadToDeg;
    const std::string v[11] = {*time::format_iso8601(t, time::Scale::kUtc, 3),
                               num(sun.az_rad * r, 6),
                               num(sun.el_rad * r, 6),
                               num(earth.az_rad * r, 6),
                               num(earth.el_rad * r, 6),
                               num(ss.lat_rad * r, 6),
                               num(ss.lon_rad * r, 6),
                               num(se.lat_rad * r, 6),
                               num(se.lon_rad * r, 6),
                               num(s.sun_distance_km, 3),
                               num(s.earth_distance_km, 3)};
    if (csv) {
      for (int c = 0; c < 11; ++c) out += (c ? "," : "") + v[c];
      out += "\n";
    } else {
      out += i ? ",\n  {" : "\n  {";
      for (int c = 0; c < 11; ++c) {
        out += std::string(c ? ", " : "") + "\"" + kCols[c] + "\": ";
        out += c == 0 ? "\"" + v[c] + "\"" : v[c];
      }
      out += "}";
    }
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  if (!csv) out += n ? "\n]\n" : "]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kOk;
}

}  // namespace

void register_ephemeris(CLI::App& app, Runner& runner) {
  auto* sub = app.add_subcommand(
      "ephemeris",
      "Sun and Earth seen from a lunar site (azimuth from north through east, elevation, "
      "sub-solar and sub-Earth points, distances), or the Moon's orientation with --moon-frame");
  auto o = std::make_shared<Options>();
  sub->add_option("--site", o->site,
                  "LAT,LON[,HEIGHT_M]: selenographic latitude, east longitude (deg), height above "
                  "the 1737.4 km sphere (m); negative values as written: --site -89.5,130");
  sub->add_option("--time", o->time, "start instant, ISO 8601 (YYYY-MM-DDTHH:MM:SS[.fff][Z])")
      ->required();
  sub->add_option("--until", o->until, "last instant (inclusive), ISO 8601");
  sub->add_option("--step", o->step, "time step: a number and s, m, h or d (90s, 15m, 1h, 2d)");
  sub->add_option("--scale", o->scale, "time scale of --time and --until: utc, tt or tdb")
      ->default_str("utc");
  sub->add_option("--format", o->format, "csv (with header) or json (array of objects)")
      ->default_str("csv");
  sub->add_flag("--moon-frame", o->moon_frame,
                "print the Moon's pole, prime meridian and body-fixed->ICRF matrix as JSON");
  sub->footer(
      "Rows: at most 1000000 per call. Steps are SI seconds of TT; time_utc labels the "
      "instants in UTC.");
  sub->callback([&runner, o] { runner.action = [o] { return run(*o); }; });
}

}  // namespace ce8::cli
