#include "engine/terrain/projection.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "engine/terrain/detmath.hpp"

namespace ce8::terrain {

double deg_to_rad(double deg) { return deg * (detmath::kPi / 180.0); }
double rad_to_deg(double rad) { return rad * (180.0 / detmath::kPi); }
LatLon latlon_deg(double lat_deg, double lon_deg) {
  return {deg_to_rad(lat_deg), deg_to_rad(lon_deg)};
}

MapXy to_map(const LatLon& p) {
  const double rho = 2.0 * kMoonRadiusM * std::tan(detmath::kPi / 4.0 + p.lat_rad / 2.0);
  return {rho * std::sin(p.lon_rad), rho * std::cos(p.lon_rad)};
}

LatLon to_latlon(const MapXy& p) {
  const double rho = std::hypot(p.x_m, p.y_m);
  LatLon out;
  out.lat_rad = 2.0 * std::atan(rho / (2.0 * kMoonRadiusM)) - detmath::kHalfPi;
  double lon = std::atan2(p.x_m, p.y_m);
  if (lon < 0.0) lon += detmath::kTwoPi;
  out.lon_rad = lon;
  return out;
}

double scale_factor(double lat_rad) { return 2.0 / (1.0 - std::sin(lat_rad)); }

MapXy to_map_deterministic(const LatLon& p) {
  const double rho = 2.0 * kMoonRadiusM * detmath::tan(detmath::kPi / 4.0 + p.lat_rad / 2.0);
  return {rho * detmath::sin(p.lon_rad), rho * detmath::cos(p.lon_rad)};
}

double scale_factor_deterministic(double lat_rad) { return 2.0 / (1.0 - detmath::sin(lat_rad)); }

LatLon to_latlon_deterministic(const MapXy& p) {
  const double rho = std::sqrt(p.x_m * p.x_m + p.y_m * p.y_m);
  LatLon out;
  out.lat_rad = 2.0 * detmath::atan(rho / (2.0 * kMoonRadiusM)) - detmath::kHalfPi;
  double lon = detmath::atan2(p.x_m, p.y_m);
  if (lon < 0.0) lon += detmath::kTwoPi;
  out.lon_rad = lon;
  return out;
}

bool is_lunar_south_polar_stereographic(const std::string& proj4) {
  std::map<std::string, std::string> params;
  std::istringstream in(proj4);
  std::string tok;
  while (in >> tok) {
    if (tok.empty() || tok[0] != '+') continue;
    const auto eq = tok.find('=');
    if (eq == std::string::npos)
      params[tok.substr(1)] = "";
    else
      params[tok.substr(1, eq - 1)] = tok.substr(eq + 1);
  }
  auto num = [&](const char* key, double fallback) {
    const auto it = params.find(key);
    if (it == params.end()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    return (end && *end == '\0' && !it->second.empty()) ? v : std::nan("");
  };
  auto near = [](double a, double b, double tol) { return std::fabs(a - b) <= tol; };
  if (params["proj"] != "stere") return false;
  if (!near(num("lat_0", 0.0), -90.0, 1e-9) || !near(num("lon_0", 0.0), 0.0, 1e-9)) return false;
  if (!near(num("x_0", 0.0), 0.0, 1e-6) || !near(num("y_0", 0.0), 0.0, 1e-6)) return false;
  const bool ts_pole = params.count("lat_ts") ? near(num("lat_ts", 0.0), -90.0, 1e-9) : true;
  if (!ts_pole || !near(num("k", num("k_0", 1.0)), 1.0, 1e-12)) return false;
  double radius = num("R", std::nan(""));
  if (std::isnan(radius)) {
    const double a = num("a", std::nan(""));
    const double b = num("b", a);
    const double rf = num("rf", 0.0);
    if (!near(a, b, 1e-6) || rf != 0.0) return false;
    radius = a;
  }
  if (!near(radius, kMoonRadiusM, 1e-3)) return false;
  const auto units = params.find("units");
  return units == params.end() || units->second == "m";
}

}  // namespace ce8::terrain
