#include "cli/cli_parse.hpp"

#include <cmath>
#include <cstdio>

#include "engine/time/time.hpp"

namespace ce8::cli {
namespace {

std::string got(std::string_view text) { return ", got '" + std::string(text) + "'"; }

Result<double> parse_duration_text(std::string_view option, std::string_view text) {
  auto d = time::parse_duration_s(text);
  if (!d)
    return make_error(std::string(option) + ": expected a duration such as 90s, 15m, 6h or 1d" +
                      got(text));
  return d;
}

}  // namespace

Result<LatLonDeg> parse_lat_lon_option(std::string_view option, std::string_view text,
                                       bool allow_height) {
  const std::string form =
      allow_height ? "LAT,LON[,HEIGHT_M] in degrees and metres" : "LAT,LON in degrees";
  auto v = parse_number_list(text, 2, allow_height ? 3 : 2);  // engine/core/parse.hpp (fuzzed)
  if (!v) return make_error(std::string(option) + ": expected " + form + got(text));
  auto p = parse_lat_lon(text, allow_height);
  if (!p)
    return make_error(std::string(option) + ": latitude must be between -90 and 90 degrees" +
                      got(text));
  return p;
}

Status check_polar_latitude(std::string_view option, std::string_view text, double lat_deg) {
  if (lat_deg >= -90.0 && lat_deg <= -60.0) return Ok{};
  return make_error(std::string(option) +
                    ": latitude must be between -90 and -60 degrees (south polar grid)" +
                    got(text));
}

Result<LatLonDeg> parse_polar_lat_lon_option(std::string_view option, std::string_view text) {
  auto p = parse_lat_lon_option(option, text);
  if (!p) return p.error();
  if (auto s = check_polar_latitude(option, text, p->lat_deg); !s) return s.error();
  return p;
}

Result<terrain::MapXy> parse_polar_point_option(std::string_view option, std::string_view text) {
  auto p = parse_polar_lat_lon_option(option, text);
  if (!p) return p.error();
  return terrain::to_map(terrain::latlon_deg(p->lat_deg, p->lon_deg));
}

std::string duration_text(double seconds) {
  struct Unit {
    double s;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86400.0, "d"}, {3600.0, "h"}, {60.0, "m"}, {1.0, "s"}};
  for (const Unit& u : kUnits)
    if (seconds >= u.s && std::fmod(seconds, u.s) == 0.0) {
      char b[48];
      std::snprintf(b, sizeof b, "%.0f%s", seconds / u.s, u.name);
      return b;
    }
  char b[48];
  std::snprintf(b, sizeof b, "%gs", seconds);
  return b;
}

Result<double> parse_duration_option(std::string_view option, std::string_view text, double min_s,
                                     double max_s) {
  auto d = parse_duration_text(option, text);
  if (!d) return d;
  if (*d >= min_s && *d <= max_s) return d;
  std::string range;
  if (std::isinf(max_s))
    range = min_s == 0.0 ? "0 or more" : "at least " + duration_text(min_s);
  else
    range = "between " + duration_text(min_s) + " and " + duration_text(max_s);
  return make_error(std::string(option) + ": must be " + range + got(text));
}

Result<double> parse_positive_duration_option(std::string_view option, std::string_view text) {
  auto d = parse_duration_text(option, text);
  if (!d) return d;
  if (!(*d > 0.0)) return make_error(std::string(option) + ": must be positive" + got(text));
  return d;
}

}  // namespace ce8::cli
