// Parsing of small text arguments shared by the CLI (and fuzzed in tests/fuzz): numbers and
// comma-separated coordinate lists such as "LAT,LON" or "LAT,LON,HEIGHT_M". Pure functions on
// text; the caller words the message for its own option ("--site must be LAT,LON ...").
#pragma once

#include <string_view>
#include <vector>

#include "engine/core/result.hpp"

namespace ce8 {

// A whole decimal number ("-86.3", "1e3"): no blanks, nothing after it, finite. Hexadecimal
// floats, "inf" and "nan" are refused.
Result<double> parse_finite_number(std::string_view text);

// "A,B[,C...]": between min_count and max_count finite numbers separated by single commas.
// At most kMaxArgumentBytes of text.
Result<std::vector<double>> parse_number_list(std::string_view text, int min_count, int max_count);

struct LatLonDeg {
  double lat_deg = 0.0, lon_deg = 0.0;
  double height_m = 0.0;  // 0 unless a third number was given (allow_height)
  bool has_height = false;
};

// "LAT,LON" (or "LAT,LON,HEIGHT_M" with allow_height) in degrees; latitude within [-90, 90].
// Longitude is any finite number (callers wrap it).
Result<LatLonDeg> parse_lat_lon(std::string_view text, bool allow_height = false);

}  // namespace ce8
