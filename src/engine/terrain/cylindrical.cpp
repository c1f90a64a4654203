#include "engine/terrain/cylindrical.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/terrain/detmath.hpp"

namespace ce8::terrain {
namespace {

std::string deg_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

void catmull_rom_weights(double t, double w[4]) {
  const double t2 = t * t, t3 = t2 * t;
  w[0] = 0.5 * (-t3 + 2.0 * t2 - t);
  w[1] = 0.5 * (3.0 * t3 - 5.0 * t2 + 2.0);
  w[2] = 0.5 * (-3.0 * t3 + 4.0 * t2 + t);
  w[3] = 0.5 * (t3 - t2);
}

CylindricalSampler::CylindricalSampler(const LatLonGrid& grid) : grid_(&grid) {
  wrap_ = grid.full_longitude();
  rows_.resize(grid.height_m.size());
  for (int j = 0; j < grid.height; ++j) {
    const double lat = deg_to_rad(grid.top_lat_deg - j * grid.step_deg);
    const double c = detmath::cos(lat);
    int half = c > 0.0 ? static_cast<int>(detmath::floor(0.5 / c)) : grid.width;
    half = std::min(half, wrap_ ? grid.width / 2 - 1 : 0);
    for (int i = 0; i < grid.width; ++i) {
      double sum = 0.0;
      int n = 0;
      for (int k = -half; k <= half; ++k) {
        const int col = ((i + k) % grid.width + grid.width) % grid.width;
        const float h = grid.at(col, j);
        if (is_nodata(h)) continue;
        sum += h;
        ++n;
      }
      rows_[static_cast<std::size_t>(j) * grid.width + i] =
          n > 0 ? static_cast<float>(sum / n) : kNodata;
    }
  }
  south_pole_ = wrap_ && grid.width % 2 == 0 &&
                grid.bottom_lat_deg() - 0.5 * grid.step_deg <= -90.0 + 1e-9 * grid.step_deg;
  if (!south_pole_) return;
  double sum = 0.0;
  int n = 0;
  for (int i = 0; i < grid.width; ++i) {
    const float h = rows_[static_cast<std::size_t>(grid.height - 1) * grid.width + i];
    if (is_nodata(h)) continue;
    sum += h;
    ++n;
  }
  ring_mean_m_ = n > 0 ? sum / n : 0.0;
}

float CylindricalSampler::tap(int row, int col) const {
  const LatLonGrid& g = *grid_;
  if (row >= g.height && south_pole_) {  // across the pole
    row = 2 * g.height - 1 - row;
    col += g.width / 2;
  }
  row = std::clamp(row, 0, g.height - 1);
  if (wrap_) {
    col %= g.width;
    if (col < 0) col += g.width;
  } else {
    col = std::clamp(col, 0, g.width - 1);
  }
  return rows_[static_cast<std::size_t>(row) * g.width + col];
}

float CylindricalSampler::bicubic(double row, double col) const {
  const double r0 = detmath::floor(row), c0 = detmath::floor(col);
  const int j = static_cast<int>(r0), i = static_cast<int>(c0);
  double wr[4], wc[4];
  catmull_rom_weights(row - r0, wr);
  catmull_rom_weights(col - c0, wc);
  double h = 0.0;
  for (int b = 0; b < 4; ++b) {
    double line = 0.0;
    for (int a = 0; a < 4; ++a) line += wc[a] * tap(j - 1 + b, i - 1 + a);
    h += wr[b] * line;
  }
  if (h == h) return static_cast<float>(h);
  // Missing data among the outer taps: bilinear between the inner four.
  const double t = row - r0, u = col - c0;
  const double v = (1 - t) * ((1 - u) * tap(j, i) + u * tap(j, i + 1)) +
                   t * ((1 - u) * tap(j + 1, i) + u * tap(j + 1, i + 1));
  return static_cast<float>(v);
}

float CylindricalSampler::ring_value(double col) const {
  const double c0 = detmath::floor(col);
  const int i = static_cast<int>(c0);
  double w[4];
  catmull_rom_weights(col - c0, w);
  const int last = grid_->height - 1;
  double h = 0.0;
  for (int a = 0; a < 4; ++a) h += w[a] * tap(last, i - 1 + a);
  return static_cast<float>(h);
}

float CylindricalSampler::height_m(double lat_deg, double lon_deg) const {
  const LatLonGrid& g = *grid_;
  const double row = (g.top_lat_deg - lat_deg) / g.step_deg;
  double col = (lon_deg - g.left_lon_deg) / g.step_deg;
  if (wrap_) {
    col -= g.width * detmath::floor(col / g.width);
  } else if (col < -0.5 || col > g.width - 0.5) {
    return kNodata;
  }
  if (row < -0.5 || (!south_pole_ && row > g.height - 0.5)) return kNodata;
  if (south_pole_ && row > g.height - 1) {
    // Inside the last ring: linear in distance from the pole (its mean) to the ring.
    const double ring_colat = 90.0 + g.bottom_lat_deg();
    const double s = (90.0 + lat_deg) / ring_colat;
    return static_cast<float>(ring_mean_m_ + s * (ring_value(col) - ring_mean_m_));
  }
  return bicubic(row, col);
}

float CylindricalSampler::height_m(MapXy p) const {
  const LatLon ll = to_latlon_deterministic(p);
  return height_m(rad_to_deg(ll.lat_rad), rad_to_deg(ll.lon_rad));
}

double northernmost_lat_deg(const GridGeometry& grid) {
  // The cell centre farthest from the pole is at a corner or, if the grid spans an axis, on
  // an edge: the farthest corner bounds both.
  const MapBounds b = grid.bounds();
  const double half = 0.5 * grid.cell_m;
  const double x = std::max(std::fabs(b.x_min_m + half), std::fabs(b.x_max_m - half));
  const double y = std::max(std::fabs(b.y_min_m + half), std::fabs(b.y_max_m - half));
  return rad_to_deg(to_latlon(MapXy{x, y}).lat_rad);
}

Result<Dem> reproject_to_polar(const LatLonGrid& source, const GridGeometry& target) {
  const CylindricalSampler sampler(source);
  const double north = northernmost_lat_deg(target);
  const double top = source.top_lat_deg + 0.5 * source.step_deg;
  const double bottom = source.bottom_lat_deg() - 0.5 * source.step_deg;
  const std::string name = source.product_id.empty() ? "the cylindrical grid" : source.product_id;
  if (!sampler.reaches_south_pole())
    return make_error(name + " covers latitudes " + deg_text(bottom) + " to " + deg_text(top) +
                      (source.full_longitude() ? "" : " over part of the longitudes") +
                      ": it does not reach the south pole, so it cannot fill a polar grid");
  if (north > top)
    return make_error(name + " covers latitudes " + deg_text(bottom) + " to " + deg_text(top) +
                      ": it does not reach the area, which extends to " + deg_text(north));
  auto dem = make_dem(target, kNodata);
  if (!dem) return dem.error();
  for (int j = 0; j < target.height; ++j)
    for (int i = 0; i < target.width; ++i)
      dem->at(i, j) = sampler.height_m(target.cell_center(i, j));
  return dem;
}

GridGeometry polar_cap_grid(double step_deg, double cap_lat_deg, double cell_m) {
  if (cell_m <= 0.0) cell_m = kMoonRadiusM * deg_to_rad(step_deg);
  const double reach = to_map(latlon_deg(cap_lat_deg, 0.0)).y_m;
  const int n = std::max(2, static_cast<int>(std::ceil(2.0 * reach / cell_m)));
  return GridGeometry::centered({0.0, 0.0}, n, n, cell_m);
}

Result<CylindricalImportPlan> plan_cylindrical_import(const Pds3Label& label, double cap_lat_deg,
                                                      double cell_m, bool cap_required,
                                                      int max_side) {
  if (label.projection != Pds3Projection::kSimpleCylindrical)
    return make_error("the product is not in simple cylindrical projection");
  // The product's northern edge.
  const double step = 1.0 / label.map_resolution_ppd;
  const double top = label.line_offset * step + 0.5 * step;
  if (cap_required && cap_lat_deg > top - 2.0 * step)
    return make_error("the product covers latitudes south of " + deg_text(top) +
                      " deg: it does not reach the cap to " + deg_text(cap_lat_deg) +
                      " deg that was asked for");
  // The square's corners reach further than its sides: keep them inside the product.
  const double rho_cap = to_map(latlon_deg(cap_lat_deg, 0.0)).y_m;
  const double rho_top = to_map(latlon_deg(std::min(-1.0, top - 2.0 * step), 0.0)).y_m;
  const double reach = std::min(rho_cap, rho_top / std::sqrt(2.0));
  CylindricalImportPlan plan;
  plan.cap_lat_deg = rad_to_deg(to_latlon(MapXy{0.0, reach}).lat_rad);
  if (cell_m <= 0.0) cell_m = kMoonRadiusM * deg_to_rad(step);
  if (max_side > 1) cell_m = std::max(cell_m, 2.0 * reach / (max_side - 1));
  plan.target = polar_cap_grid(step, plan.cap_lat_deg, cell_m);
  if (auto s = check_grid(plan.target); !s) return s.error();
  plan.rows = pds3_rows_south_of(label, northernmost_lat_deg(plan.target));
  plan.range = pds3_rows_range(label, plan.rows.first, plan.rows.count);
  return plan;
}

}  // namespace ce8::terrain
