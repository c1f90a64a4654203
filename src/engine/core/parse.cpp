#include "engine/core/parse.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/core/limits.hpp"

namespace ce8 {

Result<double> parse_finite_number(std::string_view text) {
  if (text.empty()) return make_error("empty number");
  if (text.size() > 64) return make_error("number longer than 64 characters");
  // Only the characters of a decimal number: this refuses blanks, hexadecimal floats, "inf"
  // and "nan" before strtod sees them (strtod accepts all of those).
  for (const char c : text) {
    const bool ok =
        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    if (!ok) return make_error("not a decimal number: '" + std::string(text) + "'");
  }
  const std::string copy(text);  // strtod needs a terminated string
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return make_error("not a decimal number: '" + copy + "'");
  if (!std::isfinite(v)) return make_error("number out of range: '" + copy + "'");
  return v;
}

Result<std::vector<double>> parse_number_list(std::string_view text, int min_count, int max_count) {
  if (text.size() > kMaxArgumentBytes)
    return make_error("argument longer than " + std::to_string(kMaxArgumentBytes) + " bytes");
  std::vector<double> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view part = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (static_cast<int>(out.size()) >= max_count)
      return make_error("expected at most " + std::to_string(max_count) + " numbers");
    auto v = parse_finite_number(part);
    if (!v) return v.error();
    out.push_back(*v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (static_cast<int>(out.size()) < min_count)
    return make_error("expected at least " + std::to_string(min_count) + " numbers");
  return out;
}

Result<LatLonDeg> parse_lat_lon(std::string_view text, bool allow_height) {
  auto v = parse_number_list(text, 2, allow_height ? 3 : 2);
  if (!v) return v.error();
  LatLonDeg p;
  p.lat_deg = (*v)[0];
  p.lon_deg = (*v)[1];
  if (v->size() == 3) {
    p.height_m = (*v)[2];
    p.has_height = true;
  }
  if (p.lat_deg < -90.0 || p.lat_deg > 90.0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "latitude %g deg is out of range [-90, 90]", p.lat_deg);
    return make_error(buf);
  }
  return p;
}

}  // namespace ce8
