// One parser, one message format for the CLI's coordinate and duration options. Every message
// names the option and quotes what was typed:
//   --site: expected LAT,LON in degrees, got 'abc'
//   --from: latitude must be between -90 and -60 degrees (south polar grid), got '-10,10'
//   --step: expected a duration such as 90s, 15m, 6h or 1d, got '6 hours'
//   --step: must be between 1s and 1d, got '0h'   (or: must be positive, ...)
// (fail() in command.hpp escapes control characters and cuts very long text.)
#pragma once

#include <string>
#include <string_view>

#include "engine/core/parse.hpp"
#include "engine/core/result.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::cli {

// "LAT,LON" in degrees (or "LAT,LON[,HEIGHT_M]" with allow_height); latitude within [-90, 90],
// longitude any finite number.
Result<LatLonDeg> parse_lat_lon_option(std::string_view option, std::string_view text,
                                       bool allow_height = false);

// "LAT,LON" on the south polar grid (latitude in [-90, -60]), in degrees or as map coordinates.
Result<LatLonDeg> parse_polar_lat_lon_option(std::string_view option, std::string_view text);
Result<terrain::MapXy> parse_polar_point_option(std::string_view option, std::string_view text);
// The same check on numbers already parsed.
Status check_polar_latitude(std::string_view option, std::string_view text, double lat_deg);

// A duration ("90s", "15m", "6h", "1.5d") in seconds within [min_s, max_s] (max_s may be
// INFINITY).
Result<double> parse_duration_option(std::string_view option, std::string_view text, double min_s,
                                     double max_s);
// A duration greater than zero, any length.
Result<double> parse_positive_duration_option(std::string_view option, std::string_view text);

// "1s", "15m", "6h", "1d", "30d": the shortest whole-unit spelling of a limit in messages.
std::string duration_text(double seconds);

}  // namespace ce8::cli
