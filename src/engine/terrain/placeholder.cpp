#include "engine/terrain/placeholder.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace ce8::terrain {
namespace {

constexpr double kMoonRadiusM = 1737400.0;
constexpr double kPi = 3.14159265358979323846;

struct Crater {
  double lat_deg, lon_deg, diameter_km;
};

// Positions and diameters from the IAU/USGS gazetteer (see assets and ../shared/MISSION-FACTS).
constexpr Crater kCraters[] = {
    {-89.67, 130.8, 21.0},   // Shackleton
    {-88.48, 271.66, 32.7},  // de Gerlache
    {-88.3, 206.6, 33.0},    // Sverdrup
    {-88.14, 45.91, 51.8},   // Shoemaker
    {-87.18, 84.31, 42.5},   // Faustini
    {-87.45, 354.83, 51.4},  // Haworth
    {-85.33, 317.87, 100.6}, // Cabeus
    {-84.44, 83.07, 103.4},  // Amundsen
    {-85.28, 53.27, 79.3},   // Nobile
    {-85.00, 11.40, 72.4},   // Malapert (crater)
};

// South polar stereographic, true scale at the pole (the project's terrain projection).
void to_polar_stereographic(double lat_deg, double lon_deg, double& x, double& y) {
  const double colat = (90.0 + lat_deg) * kPi / 180.0;  // angular distance from the south pole
  const double rho = 2.0 * kMoonRadiusM * std::tan(colat / 2.0);
  const double lon = lon_deg * kPi / 180.0;
  x = rho * std::sin(lon);
  y = rho * std::cos(lon);
}

// Simple crater profile: a parabolic bowl (depth ~0.2 D) inside the rim, a raised rim, and an
// exponentially decaying ejecta blanket outside.
double crater_height(double r_m, double diameter_m) {
  const double radius = diameter_m / 2.0;
  // Large (complex) craters are relatively shallower than small ones.
  const double depth = diameter_m * (diameter_m > 15000 ? 0.2 * std::pow(15000.0 / diameter_m, 0.5) : 0.2);
  const double rim = 0.04 * diameter_m;
  const double s = r_m / radius;
  if (s < 1.0) return -depth + (depth + rim) * s * s;
  return rim * std::pow(s, -3.0);
}

}  // namespace

Heightfield make_placeholder_south_pole(int size, double extent_m) {
  Heightfield f;
  f.width = f.height = std::max(size, 2);
  f.cell_m = extent_m / (f.width - 1);
  f.heights_m.resize(static_cast<size_t>(f.width) * f.height);

  double cx[std::size(kCraters)], cy[std::size(kCraters)];
  for (size_t k = 0; k < std::size(kCraters); ++k)
    to_polar_stereographic(kCraters[k].lat_deg, kCraters[k].lon_deg, cx[k], cy[k]);

  for (int j = 0; j < f.height; ++j) {
    const double y = ((f.height - 1) / 2.0 - j) * f.cell_m;
    for (int i = 0; i < f.width; ++i) {
      const double x = (i - (f.width - 1) / 2.0) * f.cell_m;
      // Gently rolling ground: long-wavelength undulations in several directions with
      // incommensurate wavelengths, so no regular stripes appear (deterministic).
      double h = 0.0;
      for (int o = 0; o < 6; ++o) {
        const double a = 0.9 + o * 1.13, wl = 60000.0 / std::pow(1.9, o);
        const double u = (x * std::cos(a) + y * std::sin(a)) / wl;
        const double v = (-x * std::sin(a) + y * std::cos(a)) / (wl * 1.37);
        h += 700.0 / std::pow(2.1, o) * std::sin(u + 0.3 * o) * std::cos(v - 0.7 * o);
      }
      for (size_t k = 0; k < std::size(kCraters); ++k) {
        const double r = std::hypot(x - cx[k], y - cy[k]);
        h += crater_height(r, kCraters[k].diameter_km * 1000.0);
      }
      f.heights_m[static_cast<size_t>(j) * f.width + i] = static_cast<float>(h);
    }
  }
  return f;
}

std::vector<glm::vec3> compute_normals(const Heightfield& f) {
  std::vector<glm::vec3> normals(static_cast<size_t>(f.width) * f.height);
  const float inv = 1.0f / static_cast<float>(f.cell_m);
  for (int j = 0; j < f.height; ++j) {
    const int jn = std::max(j - 1, 0), js = std::min(j + 1, f.height - 1);
    for (int i = 0; i < f.width; ++i) {
      const int iw = std::max(i - 1, 0), ie = std::min(i + 1, f.width - 1);
      // dz/dx toward +x (east of grid), dz/dy toward +y (row 0 is +y).
      const float dzdx = (f.at(ie, j) - f.at(iw, j)) * inv / static_cast<float>(ie - iw);
      const float dzdy = (f.at(i, jn) - f.at(i, js)) * inv / static_cast<float>(js - jn);
      normals[static_cast<size_t>(j) * f.width + i] = glm::normalize(glm::vec3(-dzdx, -dzdy, 1.0f));
    }
  }
  return normals;
}

}  // namespace ce8::terrain
