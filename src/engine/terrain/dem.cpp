#include "engine/terrain/dem.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/limits.hpp"

namespace ce8::terrain {

GridGeometry GridGeometry::centered(MapXy center, int width, int height, double cell_m) {
  GridGeometry g;
  g.width = width;
  g.height = height;
  g.cell_m = cell_m;
  g.x_min_m = center.x_m - 0.5 * width * cell_m;
  g.y_max_m = center.y_m + 0.5 * height * cell_m;
  return g;
}

GridGeometry GridGeometry::sub(int i0, int j0, int w, int h) const {
  GridGeometry g = *this;
  g.width = w;
  g.height = h;
  g.x_min_m = x_min_m + i0 * cell_m;
  g.y_max_m = y_max_m - j0 * cell_m;
  return g;
}

MapXy GridGeometry::cell_center(int i, int j) const {
  return {x_min_m + (i + 0.5) * cell_m, y_max_m - (j + 0.5) * cell_m};
}

MapXy GridGeometry::at(CellPos c) const {
  return {x_min_m + (c.i + 0.5) * cell_m, y_max_m - (c.j + 0.5) * cell_m};
}

CellPos GridGeometry::to_cell(MapXy p) const {
  return {(p.x_m - x_min_m) / cell_m - 0.5, (y_max_m - p.y_m) / cell_m - 0.5};
}

LatLon GridGeometry::cell_latlon(int i, int j) const { return to_latlon(cell_center(i, j)); }

CellPos GridGeometry::latlon_to_cell(const LatLon& p) const { return to_cell(to_map(p)); }

MapBounds GridGeometry::bounds() const {
  return {x_min_m, y_max_m - height * cell_m, x_min_m + width * cell_m, y_max_m};
}

MapXy GridGeometry::center() const {
  return {x_min_m + 0.5 * width * cell_m, y_max_m - 0.5 * height * cell_m};
}

bool GridGeometry::contains(MapXy p) const {
  const MapBounds b = bounds();
  return p.x_m >= b.x_min_m && p.x_m <= b.x_max_m && p.y_m >= b.y_min_m && p.y_m <= b.y_max_m;
}

void GridGeometry::geotransform(double out[6]) const {
  out[0] = x_min_m;
  out[1] = cell_m;
  out[2] = 0.0;
  out[3] = y_max_m;
  out[4] = 0.0;
  out[5] = -cell_m;
}

Status check_grid(const GridGeometry& g) {
  if (g.width <= 0 || g.height <= 0)
    return make_error("grid size must be positive, got " + std::to_string(g.width) + "x" +
                      std::to_string(g.height));
  if (g.width > kMaxGridDimension || g.height > kMaxGridDimension)
    return make_error("grid " + std::to_string(g.width) + "x" + std::to_string(g.height) +
                      " exceeds the limit of " + std::to_string(kMaxGridDimension) +
                      " cells per side");
  if (static_cast<std::int64_t>(g.width) * g.height > kMaxGridCells)
    return make_error("grid exceeds the limit of " + std::to_string(kMaxGridCells) + " cells");
  if (!(g.cell_m > 0.0) || !std::isfinite(g.cell_m))
    return make_error("cell size must be a positive number of metres");
  if (!std::isfinite(g.x_min_m) || !std::isfinite(g.y_max_m))
    return make_error("grid origin is not a finite number");
  return Ok{};
}

Result<Dem> make_dem(const GridGeometry& g, float fill_m) {
  if (auto s = check_grid(g); !s) return s.error();
  // On WebAssembly a grid at kMaxGridCells (1 GiB) would abort the page; refuse it by message.
  if (auto s =
          check_allocation(static_cast<std::int64_t>(g.cells()), sizeof(float), "the DEM grid");
      !s)
    return s.error();
  Dem d;
  d.grid = g;
  d.height_m.assign(g.cells(), fill_m);
  return d;
}

float sample_bilinear(const Dem& dem, CellPos c) {
  const int w = dem.width(), h = dem.height();
  if (!(c.i >= -0.5 && c.i <= w - 0.5 && c.j >= -0.5 && c.j <= h - 0.5)) return kNodata;
  const double ci = std::clamp(c.i, 0.0, static_cast<double>(w - 1));
  const double cj = std::clamp(c.j, 0.0, static_cast<double>(h - 1));
  const int i0 = std::min(static_cast<int>(ci), std::max(w - 2, 0));
  const int j0 = std::min(static_cast<int>(cj), std::max(h - 2, 0));
  const int i1 = std::min(i0 + 1, w - 1), j1 = std::min(j0 + 1, h - 1);
  const double fx = ci - i0, fy = cj - j0;
  const double a = dem.at(i0, j0), b = dem.at(i1, j0), cc = dem.at(i0, j1), d = dem.at(i1, j1);
  const double top = a + (b - a) * fx;
  const double bottom = cc + (d - cc) * fx;
  return static_cast<float>(top + (bottom - top) * fy);  // NaN propagates
}

float sample_bilinear(const Dem& dem, MapXy p) { return sample_bilinear(dem, dem.grid.to_cell(p)); }

Result<Dem> window(const Dem& dem, int i0, int j0, int w, int h) {
  if (i0 < 0 || j0 < 0 || w <= 0 || h <= 0 || i0 + w > dem.width() || j0 + h > dem.height())
    return make_error("window " + std::to_string(w) + "x" + std::to_string(h) + " at (" +
                      std::to_string(i0) + ", " + std::to_string(j0) + ") is outside the " +
                      std::to_string(dem.width()) + "x" + std::to_string(dem.height()) + " grid");
  auto out = make_dem(dem.grid.sub(i0, j0, w, h));
  if (!out) return out.error();
  for (int j = 0; j < h; ++j)
    std::copy_n(&dem.height_m[static_cast<std::size_t>(j0 + j) * dem.width() + i0], w,
                &out->height_m[static_cast<std::size_t>(j) * w]);
  return out;
}

Result<Dem> resample(const Dem& dem, const GridGeometry& target) {
  auto out = make_dem(target);
  if (!out) return out.error();
  for (int j = 0; j < target.height; ++j)
    for (int i = 0; i < target.width; ++i)
      out->at(i, j) = sample_bilinear(dem, target.cell_center(i, j));
  return out;
}

Result<Dem> downsample_mean(const Dem& dem, int factor) {
  if (factor < 1) return make_error("downsampling factor must be at least 1");
  GridGeometry g = dem.grid;
  g.width = dem.width() / factor;
  g.height = dem.height() / factor;
  g.cell_m = dem.grid.cell_m * factor;
  auto out = make_dem(g);
  if (!out) return out.error();
  for (int j = 0; j < g.height; ++j)
    for (int i = 0; i < g.width; ++i) {
      double sum = 0.0;
      int n = 0;
      for (int b = 0; b < factor; ++b)
        for (int a = 0; a < factor; ++a) {
          const float v = dem.at(i * factor + a, j * factor + b);
          if (!is_nodata(v)) {
            sum += v;
            ++n;
          }
        }
      out->at(i, j) = n ? static_cast<float>(sum / n) : kNodata;
    }
  return out;
}

HeightStats height_stats(const Dem& dem) {
  HeightStats s;
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  double sum = 0.0;
  for (float v : dem.height_m) {
    if (is_nodata(v)) {
      ++s.nodata_count;
      continue;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  const auto valid = static_cast<std::int64_t>(dem.height_m.size()) - s.nodata_count;
  if (valid == 0) {
    s.min_height_m = s.max_height_m = kNodata;
    s.mean_height_m = std::numeric_limits<double>::quiet_NaN();
  } else {
    s.min_height_m = lo;
    s.max_height_m = hi;
    s.mean_height_m = sum / static_cast<double>(valid);
  }
  return s;
}

}  // namespace ce8::terrain
