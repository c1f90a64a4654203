// A digital elevation model: a regular grid of heights (metres above the sphere R = 1737.4 km)
// in the south polar stereographic projection (projection.hpp). Square cells, north-up: row 0
// is the +y edge, column 0 the -x edge. GDAL convention for the georeference: the grid's outer
// top-left corner is (x_min_m, y_max_m); cell (i, j) (column i, row j) has its centre at
//   x = x_min_m + (i + 0.5) cell_m,  y = y_max_m - (j + 0.5) cell_m.
// Missing values (nodata) are NaN in memory; files carry an explicit nodata value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::terrain {

// Limits checked before any grid is allocated (also for files, before reading pixels).
inline constexpr int kMaxGridDimension = 16384;  // cells per side
inline constexpr std::int64_t kMaxGridCells = std::int64_t{16384} * 16384;

// Fractional cell coordinates: (0, 0) is the centre of the top-left cell.
struct CellPos {
  double i = 0.0;  // column
  double j = 0.0;  // row
};

struct MapBounds {
  double x_min_m = 0.0, y_min_m = 0.0, x_max_m = 0.0, y_max_m = 0.0;
};

struct GridGeometry {
  int width = 0;
  int height = 0;
  double x_min_m = 0.0;  // outer left edge
  double y_max_m = 0.0;  // outer top edge
  double cell_m = 0.0;   // side of a square cell in map metres

  // A grid of width x height cells of cell_m centred on `center` (map x/y).
  static GridGeometry centered(MapXy center, int width, int height, double cell_m);

  // The cells [i0, i0+w) x [j0, j0+h) of this grid as a grid of their own (no bounds check).
  GridGeometry sub(int i0, int j0, int w, int h) const;
  MapXy cell_center(int i, int j) const;
  MapXy at(CellPos c) const;       // fractional cell -> map
  CellPos to_cell(MapXy p) const;  // map -> fractional cell
  LatLon cell_latlon(int i, int j) const;
  CellPos latlon_to_cell(const LatLon& p) const;
  MapBounds bounds() const;  // outer edges
  MapXy center() const;
  bool contains(MapXy p) const;  // inside the outer edges
  std::size_t cells() const { return static_cast<std::size_t>(width) * height; }
  // GDAL geotransform {x_min, cell, 0, y_max, 0, -cell}.
  void geotransform(double out[6]) const;
};

// Checks width/height/cell against the limits above; the message names the violated limit.
Status check_grid(const GridGeometry& g);

struct Dem {
  GridGeometry grid;
  std::vector<float> height_m;  // row-major, grid.width * grid.height; NaN = nodata

  int width() const { return grid.width; }
  int height() const { return grid.height; }
  double cell_m() const { return grid.cell_m; }
  float at(int i, int j) const { return height_m[static_cast<std::size_t>(j) * grid.width + i]; }
  float& at(int i, int j) { return height_m[static_cast<std::size_t>(j) * grid.width + i]; }
};

inline bool is_nodata(float h) { return h != h; }
inline constexpr float kNodata = std::numeric_limits<float>::quiet_NaN();

// A grid filled with `fill_m`, after check_grid.
Result<Dem> make_dem(const GridGeometry& g, float fill_m = 0.0f);

// Bilinear interpolation between the four surrounding cell centres. Points outside the
// centres' hull are clamped to the edge cells; NaN if any of the four is nodata or the point
// lies outside the outer edges.
float sample_bilinear(const Dem& dem, MapXy p);
float sample_bilinear(const Dem& dem, CellPos c);

// The cells [i0, i0+w) x [j0, j0+h) as a new DEM with the matching georeference.
Result<Dem> window(const Dem& dem, int i0, int j0, int w, int h);

// Bilinear resampling onto another grid of the same projection (cells outside -> nodata).
Result<Dem> resample(const Dem& dem, const GridGeometry& target);

// Block average by an integer factor (nodata cells skipped; all-nodata blocks -> nodata).
Result<Dem> downsample_mean(const Dem& dem, int factor);

struct HeightStats {
  float min_height_m = 0.0f;  // NaN when every cell is nodata
  float max_height_m = 0.0f;
  double mean_height_m = 0.0;
  std::int64_t nodata_count = 0;
};
HeightStats height_stats(const Dem& dem);

}  // namespace ce8::terrain
