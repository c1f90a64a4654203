#include "engine/scenario/sky_scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/ephemeris/site.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::scenario {

using ephemeris::Vec3;

namespace {

SkyBody body_seen_from(const Vec3& target_body_km, double radius_km,
                       const ephemeris::SiteFrame& f) {
  const Vec3 rel = target_body_km - f.position_km;
  SkyBody b;
  b.distance_km = ephemeris::norm(rel);
  b.dir_world = body_to_terrain_world(ephemeris::normalized(rel));
  b.angular_radius_rad = b.distance_km > radius_km ? std::asin(radius_km / b.distance_km) : 0.0;
  const ephemeris::AzEl ae = ephemeris::az_el_of_direction(f, ephemeris::normalized(rel));
  b.elevation_rad = ae.el_rad;
  b.azimuth_rad = ae.az_rad;
  return b;
}

}  // namespace

double lambert_phase(double a) {
  a = std::fabs(a);
  if (a >= ephemeris::kPi) return 0.0;
  return (std::sin(a) + (ephemeris::kPi - a) * std::cos(a)) / ephemeris::kPi;
}

SkyScene sky_scene(const ephemeris::SkyState& sky, double x_m, double y_m, double height_m) {
  const terrain::LatLon ll = terrain::to_latlon({x_m, y_m});
  ephemeris::Site site{ll.lat_rad, ephemeris::wrap_pi(ll.lon_rad), height_m};
  const ephemeris::SiteFrame f = ephemeris::site_frame(site);
  SkyScene s;
  s.sun = body_seen_from(sky.sun_body_km, ephemeris::kSunRadiusKm, f);
  s.earth = body_seen_from(sky.earth_body_km, kEarthMeanRadiusKm, f);
  s.sun_from_earth_world =
      body_to_terrain_world(ephemeris::normalized(sky.sun_body_km - sky.earth_body_km));
  const Vec3 earth_to_viewer = f.position_km - sky.earth_body_km;
  s.earth_phase_angle_rad =
      ephemeris::angle_between(sky.sun_body_km - sky.earth_body_km, earth_to_viewer);
  s.earth_illuminated_fraction = 0.5 * (1.0 + std::cos(s.earth_phase_angle_rad));
  const double r_over_d = kEarthMeanRadiusKm / std::max(s.earth.distance_km, kEarthMeanRadiusKm);
  s.earthshine_ratio =
      kEarthBondAlbedo * r_over_d * r_over_d * (2.0 / 3.0) * lambert_phase(s.earth_phase_angle_rad);
  // world = T * body and body = body_to_icrf^T * icrf, so icrf_to_world = T * body_to_icrf^T.
  const ephemeris::Mat3 icrf_to_body = sky.moon.body_to_icrf.transpose();
  for (int j = 0; j < 3; ++j) {
    const Vec3 w = body_to_terrain_world(icrf_to_body.column(j));
    s.icrf_to_world.m[0][j] = w.x;
    s.icrf_to_world.m[1][j] = w.y;
    s.icrf_to_world.m[2][j] = w.z;
  }
  return s;
}

namespace {

Vec3 radec(double ra_h, double ra_m, double ra_s, double dec_d, double dec_m, double dec_s) {
  const double ra = (ra_h + ra_m / 60.0 + ra_s / 3600.0) * 15.0 * ephemeris::kDegToRad;
  const double sign = dec_d < 0.0 || std::signbit(dec_d) ? -1.0 : 1.0;
  const double dec =
      sign * (std::fabs(dec_d) + dec_m / 60.0 + dec_s / 3600.0) * ephemeris::kDegToRad;
  return {std::cos(dec) * std::cos(ra), std::cos(dec) * std::sin(ra), std::sin(dec)};
}

struct StarRow {
  const char* name;
  double ra_h, ra_m, ra_s, dec_d, dec_m, dec_s;
  float mag;
};

// J2000 right ascension / declination and V magnitude (Yale Bright Star Catalogue, 5th ed.).
// Declinations of -0 degrees are written -0.0 (the sign is read with signbit).
constexpr StarRow kBrightStars[] = {
    {"Sirius", 6, 45, 8.9, -16, 42, 58, -1.46f},
    {"Canopus", 6, 23, 57.1, -52, 41, 45, -0.74f},
    {"Rigil Kentaurus", 14, 39, 36.5, -60, 50, 2, -0.27f},
    {"Arcturus", 14, 15, 39.7, 19, 10, 57, -0.05f},
    {"Vega", 18, 36, 56.3, 38, 47, 1, 0.03f},
    {"Capella", 5, 16, 41.4, 45, 59, 53, 0.08f},
    {"Rigel", 5, 14, 32.3, -8, 12, 6, 0.13f},
    {"Procyon", 7, 39, 18.1, 5, 13, 30, 0.34f},
    {"Achernar", 1, 37, 42.8, -57, 14, 12, 0.46f},
    {"Betelgeuse", 5, 55, 10.3, 7, 24, 25, 0.50f},
    {"Hadar", 14, 3, 49.4, -60, 22, 23, 0.61f},
    {"Altair", 19, 50, 47.0, 8, 52, 6, 0.77f},
    {"Acrux", 12, 26, 35.9, -63, 5, 57, 0.77f},
    {"Aldebaran", 4, 35, 55.2, 16, 30, 33, 0.85f},
    {"Antares", 16, 29, 24.5, -26, 25, 55, 0.96f},
    {"Spica", 13, 25, 11.6, -11, 9, 41, 0.97f},
    {"Pollux", 7, 45, 18.9, 28, 1, 34, 1.14f},
    {"Fomalhaut", 22, 57, 39.0, -29, 37, 20, 1.16f},
    {"Deneb", 20, 41, 25.9, 45, 16, 49, 1.25f},
    {"Mimosa", 12, 47, 43.3, -59, 41, 19, 1.25f},
    {"Regulus", 10, 8, 22.3, 11, 58, 2, 1.35f},
    {"Adhara", 6, 58, 37.5, -28, 58, 20, 1.50f},
    {"Castor", 7, 34, 36.0, 31, 53, 18, 1.58f},
    {"Shaula", 17, 33, 36.5, -37, 6, 14, 1.62f},
    {"Gacrux", 12, 31, 9.9, -57, 6, 48, 1.63f},
    {"Bellatrix", 5, 25, 7.9, 6, 20, 59, 1.64f},
    {"Elnath", 5, 26, 17.5, 28, 36, 27, 1.65f},
    {"Miaplacidus", 9, 13, 12.0, -69, 43, 2, 1.67f},
    {"Alnilam", 5, 36, 12.8, -1, 12, 7, 1.69f},
    {"Alnair", 22, 8, 14.0, -46, 57, 40, 1.74f},
    {"Alnitak", 5, 40, 45.5, -1, 56, 34, 1.77f},
    {"Alioth", 12, 54, 1.7, 55, 57, 35, 1.77f},
    {"Dubhe", 11, 3, 43.7, 61, 45, 3, 1.79f},
    {"Mirfak", 3, 24, 19.4, 49, 51, 40, 1.79f},
    {"Wezen", 7, 8, 23.5, -26, 23, 36, 1.84f},
    {"Kaus Australis", 18, 24, 10.3, -34, 23, 5, 1.85f},
    {"Avior", 8, 22, 30.8, -59, 30, 34, 1.86f},
    {"Alkaid", 13, 47, 32.4, 49, 18, 48, 1.86f},
    {"Sargas", 17, 37, 19.1, -42, 59, 52, 1.86f},
    {"Menkalinan", 5, 59, 31.7, 44, 56, 51, 1.90f},
    {"Atria", 16, 48, 39.9, -69, 1, 40, 1.91f},
    {"Alhena", 6, 37, 42.7, 16, 23, 57, 1.92f},
    {"Peacock", 20, 25, 38.9, -56, 44, 6, 1.94f},
    {"Alsephina", 8, 44, 42.2, -54, 42, 30, 1.96f},
    {"Polaris", 2, 31, 49.1, 89, 15, 51, 1.98f},
    {"Mirzam", 6, 22, 42.0, -17, 57, 21, 1.98f},
    {"Alphard", 9, 27, 35.2, -8, 39, 31, 1.98f},
    {"Hamal", 2, 7, 10.4, 23, 27, 45, 2.00f},
    {"Diphda", 0, 43, 35.4, -17, 59, 12, 2.04f},
    {"Nunki", 18, 55, 15.9, -26, 17, 48, 2.05f},
    {"Mirach", 1, 9, 43.9, 35, 37, 14, 2.05f},
    {"Saiph", 5, 47, 45.4, -9, 40, 11, 2.06f},
    {"Alpheratz", 0, 8, 23.3, 29, 5, 26, 2.06f},
    {"Kochab", 14, 50, 42.3, 74, 9, 20, 2.08f},
    {"Rasalhague", 17, 34, 56.1, 12, 33, 36, 2.08f},
    {"Algol", 3, 8, 10.1, 40, 57, 20, 2.09f},
    {"Almach", 2, 3, 54.0, 42, 19, 47, 2.10f},
    {"Tiaki", 22, 42, 40.1, -46, 53, 5, 2.10f},
    {"Denebola", 11, 49, 3.6, 14, 34, 19, 2.14f},
    {"Muhlifain", 12, 41, 31.0, -48, 57, 36, 2.20f},
    {"Suhail", 9, 7, 59.8, -43, 25, 57, 2.21f},
    {"Aspidiske", 9, 17, 5.4, -59, 16, 31, 2.21f},
    {"Mintaka", 5, 32, 0.4, -0.0, 17, 57, 2.23f},
    {"Sadr", 20, 22, 13.7, 40, 15, 24, 2.23f},
    {"Schedar", 0, 40, 30.4, 56, 32, 14, 2.24f},
    {"Eltanin", 17, 56, 36.4, 51, 29, 20, 2.24f},
    {"Naos", 8, 3, 35.0, -40, 0, 12, 2.25f},
    {"Larawag", 16, 50, 9.8, -34, 17, 36, 2.29f},
    {"Dschubba", 16, 0, 20.0, -22, 37, 18, 2.29f},
    {"Alpha Lupi", 14, 41, 55.8, -47, 23, 17, 2.30f},
    {"Eta Centauri", 14, 35, 30.4, -42, 9, 28, 2.33f},
    {"Alpha Muscae", 12, 37, 11.0, -69, 8, 8, 2.69f},
    {"Beta Hydri", 0, 25, 45.1, -77, 15, 15, 2.80f},
};

}  // namespace

const std::vector<Star>& bright_stars() {
  static const std::vector<Star> stars = [] {
    std::vector<Star> v;
    for (const StarRow& r : kBrightStars)
      v.push_back({radec(r.ra_h, r.ra_m, r.ra_s, r.dec_d, r.dec_m, r.dec_s), r.mag, r.name});
    return v;
  }();
  return stars;
}

std::vector<Star> backdrop_stars(int count, unsigned seed) {
  // A small xorshift generator: the same backdrop on every platform.
  std::uint32_t state = seed ? seed : 0x9e3779b9u;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return static_cast<double>(state) / 4294967296.0;
  };
  std::vector<Star> v;
  v.reserve(static_cast<std::size_t>(count > 0 ? count : 0));
  for (int i = 0; i < count; ++i) {
    const double z = 2.0 * next() - 1.0, phi = 2.0 * ephemeris::kPi * next();
    const double r = std::sqrt(std::max(0.0, 1.0 - z * z));
    // More faint stars than bright ones (counts grow about 3x per magnitude).
    const double u = next();
    const float mag = static_cast<float>(6.5 - 3.0 * std::pow(u, 3.0));
    v.push_back({{r * std::cos(phi), r * std::sin(phi), z}, mag, nullptr});
  }
  return v;
}

}  // namespace ce8::scenario
