#include "engine/ephemeris/sky.hpp"

#include <erfa.h>

#include <cmath>

namespace ce8::ephemeris {
namespace {

Vec3 from(const double v[3]) { return {v[0], v[1], v[2]}; }

constexpr double kCAuPerDay = kSpeedOfLightKmS * 86400.0 / kAuKm;  // speed of light, au/day

struct Raw {
  Vec3 earth_b, earth_bv;  // Earth barycentric position (au), velocity (au/day)
  Vec3 sun_b, sun_bv;      // Sun barycentric
  Vec3 moon_g, moon_gv;    // Moon geocentric
};

Raw raw_state(const time::Instant& t) {
  const time::JulianDate jt = time::tdb(t);
  double pvh[2][3], pvb[2][3], pm[2][3];
  eraEpv00(jt.jd1, jt.jd2, pvh, pvb);  // status +1 only flags dates outside 1900-2100
  eraMoon98(t.tt.jd1, t.tt.jd2, pm);
  Raw r;
  r.earth_b = from(pvb[0]);
  r.earth_bv = from(pvb[1]);
  r.sun_b = r.earth_b - from(pvh[0]);
  r.sun_bv = r.earth_bv - from(pvh[1]);
  r.moon_g = from(pm[0]);
  r.moon_gv = from(pm[1]);
  return r;
}

// Position of a body relative to the observer at the light-emission time: body at t - tau,
// linearised with its velocity (the light time is under 9 minutes for the Sun, 1.3 s for the
// Earth, over which the linear motion error is millimetres).
Vec3 light_time_corrected(const Vec3& body_minus_observer, const Vec3& body_velocity) {
  Vec3 p = body_minus_observer;
  for (int i = 0; i < 3; ++i) {
    const double tau = norm(p) / kCAuPerDay;  // days
    p = body_minus_observer - tau * body_velocity;
  }
  return p;
}

// Apply stellar aberration for an observer moving with barycentric velocity `v_au_d`.
Vec3 aberrated(const Vec3& p, const Vec3& v_au_d, double sun_observer_au) {
  const Vec3 u = normalized(p);
  double pnat[3] = {u.x, u.y, u.z};
  double v[3] = {v_au_d.x / kCAuPerDay, v_au_d.y / kCAuPerDay, v_au_d.z / kCAuPerDay};
  const double bm1 = std::sqrt(1.0 - (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
  double ppr[3];
  eraAb(pnat, v, sun_observer_au, bm1, ppr);
  return norm(p) * normalized(from(ppr));
}

}  // namespace

SkyState sky_state(const time::Instant& t) {
  const Raw r = raw_state(t);
  const Vec3 moon_b = r.earth_b + r.moon_g;
  const Vec3 moon_bv = r.earth_bv + r.moon_gv;

  const Vec3 sun_lt = light_time_corrected(r.sun_b - moon_b, r.sun_bv);
  const Vec3 earth_lt = light_time_corrected(-r.moon_g, r.earth_bv);
  const double sun_obs_au = norm(sun_lt);

  SkyState s;
  s.when = t;
  s.moon = moon_orientation(t);
  s.sun_icrf_km = kAuKm * aberrated(sun_lt, moon_bv, sun_obs_au);
  s.earth_icrf_km = kAuKm * aberrated(earth_lt, moon_bv, sun_obs_au);
  s.sun_body_km = s.moon.body_to_icrf.transpose_times(s.sun_icrf_km);
  s.earth_body_km = s.moon.body_to_icrf.transpose_times(s.earth_icrf_km);
  s.sun_distance_km = norm(s.sun_icrf_km);
  s.earth_distance_km = norm(s.earth_icrf_km);
  s.sun_angular_radius_rad = std::asin(kSunRadiusKm / s.sun_distance_km);
  s.earth_angular_radius_rad = std::asin(kEarthRadiusKm / s.earth_distance_km);
  // Phase angle at the Earth between the directions to the Sun and to the Moon.
  const Vec3 earth_to_sun = s.sun_icrf_km - s.earth_icrf_km;
  const Vec3 earth_to_moon = -s.earth_icrf_km;
  s.earth_phase_angle_rad = angle_between(earth_to_sun, earth_to_moon);
  s.earth_illuminated_fraction = 0.5 * (1.0 + std::cos(s.earth_phase_angle_rad));
  return s;
}

GeocentricState geocentric_state(const time::Instant& t) {
  const Raw r = raw_state(t);
  return {kAuKm * r.moon_g, kAuKm * (r.sun_b - r.earth_b)};
}

}  // namespace ce8::ephemeris
