#include "engine/illumination/visibility.hpp"

#include <algorithm>
#include <cmath>

#include "engine/jobs/jobs.hpp"
#include "engine/scenario/terrain_frame.hpp"

namespace ce8::illumination {
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kR = terrain::kMoonRadiusM;
}  // namespace

PointFrame point_frame(terrain::MapXy p, double height_m) {
  PointFrame f;
  const double rho = std::hypot(p.x_m, p.y_m);
  f.up = scenario::local_up_world(p.x_m, p.y_m);
  if (rho <= 0.0) {
    f.grid_x = {1.0, 0.0, 0.0};
    f.grid_y = {0.0, 1.0, 0.0};
  } else {
    const double c = 2.0 * std::atan(rho / (2.0 * kR));
    const double rx = p.x_m / rho, ry = p.y_m / rho;
    const Vec3 radial{std::cos(c) * rx, std::cos(c) * ry, -std::sin(c)};  // away from the pole
    const Vec3 tang{-ry, rx, 0.0};                                        // counter-clockwise
    // Map +x = rx * radial_map - ry * tang_map; map +y = ry * radial_map + rx * tang_map.
    f.grid_x = rx * radial - ry * tang;
    f.grid_y = ry * radial + rx * tang;
  }
  // Moon centre at (0, 0, -R) in the world frame.
  f.position_m = (kR + height_m) * f.up;
  return f;
}

AzElRad grid_az_el(const PointFrame& f, const Vec3& d) {
  AzElRad r;
  double az = std::atan2(ephemeris::dot(d, f.grid_x), ephemeris::dot(d, f.grid_y));
  if (az < 0.0) az += 2.0 * kPi;
  r.az_rad = az;
  r.el_rad = std::asin(std::clamp(ephemeris::dot(d, f.up), -1.0, 1.0));
  return r;
}

double north_grid_azimuth(terrain::MapXy p) {
  if (p.x_m == 0.0 && p.y_m == 0.0) return 0.0;
  double a = std::atan2(p.x_m, p.y_m);  // = east longitude
  if (a < 0.0) a += 2.0 * kPi;
  return a;
}

double geographic_azimuth(double grid_az_rad, terrain::MapXy p) {
  double a = grid_az_rad - north_grid_azimuth(p);
  a -= std::floor(a / (2.0 * kPi)) * 2.0 * kPi;
  return a;
}

double disk_fraction_above(double el, double r, double h) {
  if (!(r > 0.0)) return el > h ? 1.0 : 0.0;
  const double x = (el - h) / r;
  if (x >= 1.0) return 1.0;
  if (x <= -1.0) return 0.0;
  return 1.0 - (std::acos(x) - x * std::sqrt(1.0 - x * x)) / kPi;
}

Result<std::vector<float>> disk_visibility_map(const terrain::Dem& dem, const HorizonMap& horizon,
                                               const Vec3& dir_body, double radius_rad,
                                               int threads) {
  if (horizon.grid.width != dem.width() || horizon.grid.height != dem.height() ||
      horizon.elevation_rad.size() != dem.grid.cells() * horizon.directions())
    return make_error("the horizon map does not belong to this DEM");
  const Vec3 d = ephemeris::normalized(scenario::body_to_terrain_world(dir_body));
  std::vector<float> out(dem.grid.cells());
  const int W = dem.width();
  jobs::parallel_for(static_cast<std::size_t>(dem.height()), threads, [&](std::size_t jj) {
    const int j = static_cast<int>(jj);
    for (int i = 0; i < W; ++i) {
      const std::size_t idx = static_cast<std::size_t>(j) * W + i;
      if (terrain::is_nodata(dem.height_m[idx])) {
        out[idx] = terrain::kNodata;
        continue;
      }
      const PointFrame f = point_frame(dem.grid.cell_center(i, j));
      const AzElRad ae = grid_az_el(f, d);
      out[idx] = static_cast<float>(
          disk_fraction_above(ae.el_rad, radius_rad, horizon.elevation_toward(i, j, ae.az_rad)));
    }
  });
  return out;
}

}  // namespace ce8::illumination
