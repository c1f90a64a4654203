#include "engine/ephemeris/site.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace ce8::ephemeris {

double wrap_pi(double a) {
  a = std::fmod(a, 2.0 * kPi);
  if (a <= -kPi) a += 2.0 * kPi;
  if (a > kPi) a -= 2.0 * kPi;
  return a;
}

Result<Site> make_site_deg(double lat_deg, double lon_deg, double height_m) {
  char buf[160];
  if (!std::isfinite(lat_deg) || lat_deg < -90.0 || lat_deg > 90.0) {
    std::snprintf(buf, sizeof buf, "latitude %g deg is out of range [-90, 90]", lat_deg);
    return make_error(buf);
  }
  if (!std::isfinite(lon_deg)) return make_error("longitude is not a finite number");
  if (!std::isfinite(height_m) || height_m < -20000.0 || height_m > 1.0e6) {
    std::snprintf(buf, sizeof buf, "height %g m is out of range [-20000, 1000000]", height_m);
    return make_error(buf);
  }
  return Site{lat_deg * kDegToRad, wrap_pi(lon_deg * kDegToRad), height_m};
}

SiteFrame site_frame(const Site& site) {
  const bool pole = std::abs(std::abs(site.lat_rad) - kPi / 2.0) < 1e-12;
  const double lat = pole ? std::copysign(kPi / 2.0, site.lat_rad) : site.lat_rad;
  const double lon = pole ? 0.0 : site.lon_rad;
  const double cl = std::cos(lat), sl = pole ? std::copysign(1.0, lat) : std::sin(lat);
  const double clat = pole ? 0.0 : cl;
  const double co = std::cos(lon), so = std::sin(lon);
  SiteFrame f;
  f.up = {clat * co, clat * so, sl};
  f.east = {-so, co, 0.0};
  f.north = {-sl * co, -sl * so, clat};
  f.position_km = (kMoonRadiusKm + site.height_m / 1000.0) * f.up;
  return f;
}

AzEl az_el_of_direction(const SiteFrame& f, const Vec3& d) {
  const double e = dot(d, f.east), n = dot(d, f.north), u = dot(d, f.up);
  AzEl r;
  r.az_rad = std::atan2(e, n);
  if (r.az_rad < 0.0) r.az_rad += 2.0 * kPi;
  r.el_rad = std::atan2(u, std::hypot(e, n));
  return r;
}

AzEl az_el(const SiteFrame& f, const Vec3& target_from_centre_km) {
  return az_el_of_direction(f, target_from_centre_km - f.position_km);
}

SurfacePoint sub_point(const Vec3& v) {
  return {std::atan2(v.z, std::hypot(v.x, v.y)), std::atan2(v.y, v.x)};
}

}  // namespace ce8::ephemeris
