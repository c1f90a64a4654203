// The reference ray march and single-point horizons (horizon.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/horizon_geometry.hpp"
#include "engine/jobs/jobs.hpp"

namespace ce8::illumination {

using horizon_detail::beyond_grid_slope;
using horizon_detail::edge_value;
using horizon_detail::kPi;
using horizon_detail::kR;
using horizon_detail::split;
using terrain::Dem;

double horizon_ray_march(const Dem& dem, terrain::CellPos at, double ground_m, double az,
                         const HorizonOptions& o) {
  const double di = std::sin(az), dj = -std::cos(az);
  const bool major_i = std::fabs(di) >= std::fabs(dj);
  const double a0 = major_i ? at.i : at.j;  // position along the major axis
  const double b0 = major_i ? at.j : at.i;
  const int su = major_i ? (di > 0 ? 1 : -1) : (dj > 0 ? 1 : -1);
  double m = major_i ? dj / std::fabs(di) : di / std::fabs(dj);
  if (std::fabs(m) < 1e-12) m = 0.0;
  if (std::fabs(m) > 1.0 - 1e-12) m = m > 0 ? 1.0 : -1.0;
  const int U = major_i ? dem.width() : dem.height();
  const int V = major_i ? dem.height() : dem.width();
  const double step_m = dem.cell_m() * std::sqrt(1.0 + m * m);
  const double k2 = o.curvature ? 1.0 / (2.0 * kR) : 0.0;
  const double z0 = ground_m + o.observer_height_m;
  double best = -std::numeric_limits<double>::infinity();
  double last_d = 0.0;  // distance of the last sample inside the grid
  int a = su > 0 ? static_cast<int>(std::floor(a0)) + 1 : static_cast<int>(std::ceil(a0)) - 1;
  const double first_d = std::fabs(a - a0) * step_m;
  for (; a >= 0 && a < U; a += su) {
    const double steps = std::fabs(a - a0);
    long long vlo;
    double f;
    split(b0 + m * steps, vlo, f);
    if (vlo < 0 || vlo >= V) continue;
    if (f > 0.0 && vlo + 1 >= V) continue;
    last_d = steps * step_m;
    auto height = [&](long long vv) {
      return major_i ? static_cast<double>(dem.at(a, static_cast<int>(vv)))
                     : static_cast<double>(dem.at(static_cast<int>(vv), a));
    };
    const double h = f > 0.0 ? (1.0 - f) * height(vlo) + f * height(vlo + 1) : height(vlo);
    if (h != h) continue;
    const double d = steps * step_m;
    best = std::max(best, (h - z0) / d - k2 * d);
  }
  if (o.sphere_beyond_grid)
    best = std::max(
        best, beyond_grid_slope(o.observer_height_m, k2, last_d > 0.0 ? last_d + step_m : first_d));
  if (best == -std::numeric_limits<double>::infinity()) return edge_value(o);
  return std::atan(best);
}

Result<HorizonMap> compute_horizon_map_raymarch(const Dem& dem, const HorizonOptions& options,
                                                int threads) {
  if (auto ok = check_horizon_request(dem.grid, options); !ok) return ok.error();
  if (dem.height_m.size() != dem.grid.cells())
    return make_error("DEM heights do not match its grid size");
  HorizonMap map;
  map.grid = dem.grid;
  map.options = options;
  const std::size_t cells = dem.grid.cells();
  map.elevation_rad.resize(cells * static_cast<std::size_t>(options.directions));
  const int H = dem.height(), W = dem.width();
  // Work items: (direction, row), so threads stay busy to the end.
  jobs::parallel_for(
      static_cast<std::size_t>(options.directions) * H, threads, [&](std::size_t item) {
        const int k = static_cast<int>(item / H), j = static_cast<int>(item % H);
        const double az = map.azimuth_rad(k);
        float* out = map.elevation_rad.data() + k * cells + static_cast<std::size_t>(j) * W;
        for (int i = 0; i < W; ++i) {
          const float h = dem.at(i, j);
          out[i] =
              h != h ? std::numeric_limits<float>::quiet_NaN()
                     : static_cast<float>(horizon_ray_march(
                           dem, {static_cast<double>(i), static_cast<double>(j)}, h, az, options));
        }
      });
  return map;
}

Result<std::vector<double>> horizon_at_point(const Dem& dem, terrain::MapXy p,
                                             const HorizonOptions& options) {
  // The memory limit concerns full maps only: check the options on a one-cell grid.
  terrain::GridGeometry one = dem.grid;
  one.width = one.height = 1;
  if (auto ok = check_horizon_request(one, options); !ok) return ok.error();
  if (!dem.grid.contains(p)) return make_error("the point lies outside the DEM");
  const float ground = terrain::sample_bilinear(dem, p);
  if (terrain::is_nodata(ground)) return make_error("the point lies on nodata cells of the DEM");
  const terrain::CellPos c = dem.grid.to_cell(p);
  std::vector<double> out(static_cast<std::size_t>(options.directions));
  for (int k = 0; k < options.directions; ++k)
    out[k] = horizon_ray_march(dem, c, ground, 2.0 * kPi * k / options.directions, options);
  return out;
}

}  // namespace ce8::illumination
