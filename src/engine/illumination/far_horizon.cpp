#include "engine/illumination/far_horizon.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "engine/jobs/jobs.hpp"

namespace ce8::illumination {
namespace {

using terrain::Dem;
using terrain::MapXy;

constexpr double kPi = 3.14159265358979323846;
constexpr double kR = terrain::kMoonRadiusM;
constexpr double kNinf = -std::numeric_limits<double>::infinity();
// A cell whose lattice corners see their far horizon closer than this many lattice spacings is
// marched itself (the corner model's error grows as spacing / distance).
constexpr double kExactWithinSpacings = 4.0;

// The sample that set a ray's horizon: slope (tan of the elevation), its terrain height and map
// distance; h is NaN when the sphere beyond the grid set it (or nothing did: slope -inf).
struct RaySample {
  double slope = kNinf;
  double h = std::numeric_limits<double>::quiet_NaN();
  double d = 0.0;
};

// Marches `dem` from map point p (eye at absolute height z0) toward grid azimuth az, sampling
// where the ray crosses the grid's columns (or rows) as horizon_ray_march does, keeping samples
// at map distance >= d_start; with `sphere`, the sphere at the observer's ground height beyond
// the grid bounds it from below (beyond_grid_slope in horizon.cpp).
// The seam: where a ray leaves the fine DEM, the far DEM's smoother surface can lie tens of
// metres above or below the fine ground (a 600 m cell over a 20 m crest), a false step seen from
// close by. Far heights are shifted by the difference at the exit point, fading out linearly over
// kSeamCells far cells, so the surface is continuous there and the far DEM's own beyond.
constexpr double kSeamCells = 2.0;

struct Seam {
  double offset_m = 0.0;  // fine minus far height where the ray leaves the fine DEM
  double length_m = 1.0;  // over which the offset fades to zero
};

Seam seam_at(const Dem& fine, const Dem& far, MapXy p, double ux, double uy, double d_exit) {
  const MapXy e{p.x_m + d_exit * ux, p.y_m + d_exit * uy};
  const double hf = terrain::sample_bilinear(fine, e), hc = terrain::sample_bilinear(far, e);
  Seam s;
  s.length_m = kSeamCells * far.cell_m();
  if (hf == hf && hc == hc) s.offset_m = hf - hc;
  return s;
}

RaySample march(const Dem& dem, MapXy p, double z0, double az, double d_start,
                const HorizonOptions& o, bool sphere, double junction_step_m,
                const Seam& seam = {}) {
  const terrain::CellPos at = dem.grid.to_cell(p);
  const double di = std::sin(az), dj = -std::cos(az);
  const bool major_i = std::fabs(di) >= std::fabs(dj);
  const double a0 = major_i ? at.i : at.j, b0 = major_i ? at.j : at.i;
  const int su = major_i ? (di > 0 ? 1 : -1) : (dj > 0 ? 1 : -1);
  double m = major_i ? dj / std::fabs(di) : di / std::fabs(dj);
  if (std::fabs(m) < 1e-12) m = 0.0;
  if (std::fabs(m) > 1.0 - 1e-12) m = m > 0 ? 1.0 : -1.0;
  const int U = major_i ? dem.width() : dem.height();
  const int V = major_i ? dem.height() : dem.width();
  const double step_m = dem.cell_m() * std::sqrt(1.0 + m * m);
  const double k2 = o.curvature ? 1.0 / (2.0 * kR) : 0.0;
  const double skip = d_start / step_m;  // steps along the major axis before the first sample
  long long a;
  if (su > 0)
    a = std::max(static_cast<long long>(std::floor(a0)) + 1,
                 static_cast<long long>(std::ceil(a0 + skip - 1e-9)));
  else
    a = std::min(static_cast<long long>(std::ceil(a0)) - 1,
                 static_cast<long long>(std::floor(a0 - skip + 1e-9)));
  const double first_d = std::fabs(a - a0) * step_m;
  RaySample best;
  double last_d = 0.0;
  if (junction_step_m > 0.0) {
    // The junction: the far grid's first column crossing can lie up to a cell beyond d_start;
    // bilinear samples every fine cell over the first two far cells close that gap.
    const double ux = std::sin(az), uy = std::cos(az);
    for (double d = d_start + junction_step_m; d <= d_start + 2.0 * dem.cell_m();
         d += junction_step_m) {
      const double h = terrain::sample_bilinear(dem, MapXy{p.x_m + d * ux, p.y_m + d * uy}) +
                       seam.offset_m * std::max(0.0, 1.0 - (d - d_start) / seam.length_m);
      if (h != h) continue;
      const double s = (h - z0) / d - k2 * d;
      if (s > best.slope) best = {s, h, d};
    }
  }
  for (; a >= 0 && a < U; a += su) {
    const double steps = std::fabs(a - a0);
    const double v = b0 + m * steps;
    const double vf = std::floor(v + 1e-9);
    const long long vlo = static_cast<long long>(vf);
    double f = v - vf;
    if (f < 1e-9) f = 0.0;
    if (vlo < 0 || vlo >= V || (f > 0.0 && vlo + 1 >= V)) continue;
    const double d = steps * step_m;
    last_d = d;
    auto height = [&](long long vv) {
      return major_i ? static_cast<double>(dem.at(static_cast<int>(a), static_cast<int>(vv)))
                     : static_cast<double>(dem.at(static_cast<int>(vv), static_cast<int>(a)));
    };
    const double h = (f > 0.0 ? (1.0 - f) * height(vlo) + f * height(vlo + 1) : height(vlo)) +
                     seam.offset_m * std::max(0.0, 1.0 - (d - d_start) / seam.length_m);
    if (h != h) continue;
    const double s = (h - z0) / d - k2 * d;
    if (s > best.slope) best = {s, h, d};
  }
  if (sphere && k2 > 0.0) {
    const double eye = o.observer_height_m;
    const double d_edge = last_d > 0.0 ? last_d + step_m : std::max(first_d, step_m);
    const double s = (eye > 0.0 && d_edge * d_edge <= eye / k2) ? -2.0 * std::sqrt(eye * k2)
                                                                : -eye / d_edge - k2 * d_edge;
    if (s > best.slope) best = {s, std::numeric_limits<double>::quiet_NaN(), 0.0};
  }
  return best;
}

// Map distance from p along (ux, uy) to where the ray leaves the fine DEM's cell-centre hull.
double exit_distance(const terrain::GridGeometry& g, MapXy p, double ux, double uy) {
  const terrain::MapBounds b = g.bounds();
  const double h = 0.5 * g.cell_m;
  double t = std::numeric_limits<double>::infinity();
  if (ux > 1e-12) t = std::min(t, (b.x_max_m - h - p.x_m) / ux);
  if (ux < -1e-12) t = std::min(t, (b.x_min_m + h - p.x_m) / ux);
  if (uy > 1e-12) t = std::min(t, (b.y_max_m - h - p.y_m) / uy);
  if (uy < -1e-12) t = std::min(t, (b.y_min_m + h - p.y_m) / uy);
  return std::max(0.0, t);
}

// The far part of a ray from p: the far DEM beyond the fine DEM's edge, seam included.
RaySample far_march(const Dem& fine, const Dem& far, MapXy p, double z0, double az,
                    const HorizonOptions& o) {
  const double ux = std::sin(az), uy = std::cos(az);
  const double d_exit = exit_distance(fine.grid, p, ux, uy);
  return march(far, p, z0, az, d_exit, o, o.sphere_beyond_grid, fine.cell_m(),
               seam_at(fine, far, p, ux, uy, d_exit));
}

std::string km_range(double a, double b) {
  char s[64];
  std::snprintf(s, sizeof s, "%.3f..%.3f", a / 1000.0, b / 1000.0);
  return s;
}

// The lattice of far-horizon observers: fine columns 0, s, 2s, ... and the last one.
struct Lattice {
  std::vector<int> ci, cj;        // fine column / row of each lattice column / row
  std::vector<int> seg_i, seg_j;  // per fine column / row: the lattice column / row at or before
};

void lattice_axis(int n, int s, std::vector<int>& c, std::vector<int>& seg) {
  for (int x = 0; x < n - 1; x += s) c.push_back(x);
  c.push_back(n - 1);
  seg.resize(static_cast<std::size_t>(n));
  int q = 0;
  for (int x = 0; x < n; ++x) {
    while (q + 2 < static_cast<int>(c.size()) && c[q + 1] <= x) ++q;
    seg[x] = q;
  }
}

// One corner's far sample seen from a cell: eye z, the corner `delta` metres ahead along the ray.
inline double corner_slope(const RaySample& r, double z, double delta, double k2, double dmin) {
  if (r.h != r.h) return r.slope;  // the sphere beyond the far DEM (or -inf: nothing)
  const double d = std::max(r.d + delta, dmin);
  return (r.h - z) / d - k2 * d;
}

struct LayerContext {
  const Dem& fine;
  const Dem& far;
  const HorizonOptions& o;
  const Lattice& lat;
  double exact_within_m;       // far samples closer than this: the cell is marched exactly
  std::vector<double> ground;  // eye height of each lattice observer (NaN: none)
};

// Layers direction k of `map` in place; returns the number of cell-directions raised.
long long layer_direction(HorizonMap& map, const LayerContext& c, int k) {
  const double az = map.azimuth_rad(k);
  const double ux = std::sin(az), uy = std::cos(az);
  const auto& g = c.fine.grid;
  const double cell = g.cell_m, k2 = c.o.curvature ? 1.0 / (2.0 * kR) : 0.0;
  const std::size_t LW = c.lat.ci.size(), LH = c.lat.cj.size();
  std::vector<RaySample> rays(LW * LH);
  for (std::size_t b = 0; b < LH; ++b)
    for (std::size_t a = 0; a < LW; ++a) {
      const double z = c.ground[b * LW + a];
      if (z != z) continue;
      const MapXy p = g.cell_center(c.lat.ci[a], c.lat.cj[b]);
      rays[b * LW + a] = far_march(c.fine, c.far, p, z, az, c.o);
    }
  float* band = map.elevation_rad.data() + static_cast<std::size_t>(k) * map.cells();
  const double eye = c.o.observer_height_m;
  long long raised = 0;
  for (int j = 0; j < g.height; ++j) {
    const std::size_t b0 = c.lat.seg_j[j], b1 = std::min(b0 + 1, LH - 1);
    const int j0 = c.lat.cj[b0], j1 = c.lat.cj[b1];
    const double wy = j1 > j0 ? static_cast<double>(j - j0) / (j1 - j0) : 0.0;
    for (int i = 0; i < g.width; ++i) {
      float& out = band[static_cast<std::size_t>(j) * g.width + i];
      if (out != out) continue;  // nodata observer
      const std::size_t a0 = c.lat.seg_i[i], a1 = std::min(a0 + 1, LW - 1);
      const int i0 = c.lat.ci[a0], i1 = c.lat.ci[a1];
      const double wx = i1 > i0 ? static_cast<double>(i - i0) / (i1 - i0) : 0.0;
      const double z = static_cast<double>(c.fine.at(i, j)) + eye;
      const std::size_t corner[4] = {b0 * LW + a0, b0 * LW + a1, b1 * LW + a0, b1 * LW + a1};
      const int cx[4] = {i0, i1, i0, i1}, cy[4] = {j0, j0, j1, j1};
      const double w[4] = {(1 - wx) * (1 - wy), wx * (1 - wy), (1 - wx) * wy, wx * wy};
      double acc = 0.0, wsum = 0.0;
      bool close = false;  // a corner's far horizon comes from terrain near the tile's edge
      for (int q = 0; q < 4; ++q) {
        const RaySample& r = rays[corner[q]];
        if (w[q] <= 0.0 || r.slope == kNinf) continue;
        const double delta = ((cx[q] - i) * ux - (cy[q] - j) * uy) * cell;
        acc += w[q] * corner_slope(r, z, delta, k2, 0.5 * cell);
        wsum += w[q];
        close = close || (r.h == r.h && r.d < c.exact_within_m);
      }
      double slope = wsum > 0.0 ? acc / wsum : kNinf;
      if (close) {
        // Interpolation is poor where the horizon-setting terrain is not much farther than the
        // lattice spacing: march from the cell itself.
        const MapXy p = g.cell_center(i, j);
        slope = far_march(c.fine, c.far, p, z, az, c.o).slope;
      }
      if (slope == kNinf) continue;
      const float far_el = static_cast<float>(std::atan(slope));
      if (far_el > out) {
        out = far_el;
        ++raised;
      }
    }
  }
  return raised;
}

}  // namespace

Status check_far_dem(const Dem& fine_dem, const Dem& far_dem) {
  if (auto g = terrain::check_grid(far_dem.grid); !g)
    return make_error("far DEM: " + g.error().message);
  if (far_dem.height_m.size() != far_dem.grid.cells())
    return make_error("far DEM heights do not match its grid size");
  const terrain::MapBounds f = fine_dem.grid.bounds(), c = far_dem.grid.bounds();
  const double tol = 1e-6 * std::max(1.0, far_dem.grid.cell_m);
  const double beyond[4] = {c.x_min_m - f.x_min_m, f.x_max_m - c.x_max_m, c.y_min_m - f.y_min_m,
                            f.y_max_m - c.y_max_m};
  const char* side[4] = {"-x", "+x", "-y", "+y"};
  int worst = 0;
  for (int q = 1; q < 4; ++q)
    if (beyond[q] > beyond[worst]) worst = q;
  if (beyond[worst] <= tol) return Ok{};
  char amount[32];
  std::snprintf(amount, sizeof amount, "%.3f", beyond[worst] / 1000.0);
  return make_error("the fine DEM (x " + km_range(f.x_min_m, f.x_max_m) + " km, y " +
                    km_range(f.y_min_m, f.y_max_m) + " km) is not inside the far DEM (x " +
                    km_range(c.x_min_m, c.x_max_m) + " km, y " + km_range(c.y_min_m, c.y_max_m) +
                    " km): it extends " + amount + " km beyond the far DEM's " + side[worst] +
                    " edge");
}

Result<FarLayerStats> layer_far_horizon(HorizonMap& map, const Dem& fine_dem, const Dem& far_dem,
                                        const FarHorizonOptions& fo, int threads) {
  if (auto ok = check_far_dem(fine_dem, far_dem); !ok) return ok.error();
  const auto& g = fine_dem.grid;
  if (map.grid.width != g.width || map.grid.height != g.height ||
      map.elevation_rad.size() != g.cells() * static_cast<std::size_t>(map.directions()) ||
      fine_dem.height_m.size() != g.cells())
    return make_error("the horizon map does not match the fine DEM's grid");
  if (fo.lattice_cells < 1 || fo.lattice_cells > kMaxFarLatticeCells)
    return make_error("far-horizon lattice spacing must be between 1 and " +
                      std::to_string(kMaxFarLatticeCells) + " cells, got " +
                      std::to_string(fo.lattice_cells));
  Lattice lat;
  lattice_axis(g.width, fo.lattice_cells, lat.ci, lat.seg_i);
  lattice_axis(g.height, fo.lattice_cells, lat.cj, lat.seg_j);
  LayerContext c{
      fine_dem, far_dem, map.options, lat, kExactWithinSpacings * fo.lattice_cells * g.cell_m, {}};
  c.ground.resize(lat.ci.size() * lat.cj.size());
  for (std::size_t b = 0; b < lat.cj.size(); ++b)
    for (std::size_t a = 0; a < lat.ci.size(); ++a) {
      double h = fine_dem.at(lat.ci[a], lat.cj[b]);
      if (h != h) h = terrain::sample_bilinear(far_dem, g.cell_center(lat.ci[a], lat.cj[b]));
      c.ground[b * lat.ci.size() + a] = h + map.options.observer_height_m;  // NaN stays NaN
    }
  std::atomic<long long> raised{0};
  jobs::parallel_for(static_cast<std::size_t>(map.directions()), threads, [&](std::size_t k) {
    raised += layer_direction(map, c, static_cast<int>(k));
  });
  FarLayerStats st;
  st.lattice_width = static_cast<int>(lat.ci.size());
  st.lattice_height = static_cast<int>(lat.cj.size());
  st.raised_fraction =
      static_cast<double>(raised.load()) / (static_cast<double>(g.cells()) * map.directions());
  return st;
}

Result<HorizonMap> compute_layered_horizon_map(const Dem& fine_dem, const Dem& far_dem,
                                               const HorizonOptions& options, int threads,
                                               const FarHorizonOptions& far_options,
                                               FarLayerStats* stats, bool raymarch) {
  if (auto ok = check_far_dem(fine_dem, far_dem); !ok) return ok.error();
  HorizonOptions near = options;
  near.sphere_beyond_grid = false;
  auto map = raymarch ? compute_horizon_map_raymarch(fine_dem, near, threads)
                      : compute_horizon_map(fine_dem, near, threads);
  if (!map) return map.error();
  map->options = options;
  auto st = layer_far_horizon(*map, fine_dem, far_dem, far_options, threads);
  if (!st) return st.error();
  if (stats) *stats = *st;
  return map;
}

Result<std::vector<double>> horizon_at_point_layered(const Dem& fine_dem, const Dem& far_dem,
                                                     MapXy p, const HorizonOptions& options) {
  auto check = horizon_at_point(fine_dem, p, options);  // options, point, nodata
  if (!check) return check.error();
  if (auto ok = check_far_dem(fine_dem, far_dem); !ok) return ok.error();
  const double z0 = terrain::sample_bilinear(fine_dem, p) + options.observer_height_m;
  std::vector<double> out(static_cast<std::size_t>(options.directions));
  for (int k = 0; k < options.directions; ++k) {
    const double az = 2.0 * kPi * k / options.directions;
    const RaySample near = march(fine_dem, p, z0, az, 0.0, options, false, 0.0);
    const RaySample far = far_march(fine_dem, far_dem, p, z0, az, options);
    const double best = std::max(near.slope, far.slope);
    out[k] = best == kNinf ? (*check)[k] : std::atan(best);
  }
  return out;
}

}  // namespace ce8::illumination
