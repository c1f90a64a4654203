// Heights from a simple cylindrical (latitude/longitude) grid such as LOLA's LDEM_4, sampled at
// any point of the south polar cap and reprojected onto the project's polar stereographic grids.
//
// Interpolation is Catmull-Rom bicubic in the grid's own rows and columns, which is correct near
// the pole only with two extra rules:
//   - longitude wraps around (for a grid that goes all the way round);
//   - a tap south of the last row continues across the pole: row (last + k) is row (last - k + 1)
//     at the longitude 180 degrees away, so the cubic through the pole sees the ground on both
//     sides of it instead of a clamped edge;
//   - before that, each row is averaged along longitude over as many columns as span one
//     latitude step on the ground (1 / cos(lat) columns: 6 at 80 S, 11 at 84.6 S), so the
//     surface has the product's own resolution in both directions; without it the narrow
//     columns near the pole draw radial streaks 7.6 km long and a few hundred metres wide;
//   - inside the last row's ring (within half a pixel of the pole, where every column converges)
//     the height goes linearly in distance from the ring's mean at the pole to the ring's own
//     (longitude-interpolated) value at the ring: single-valued and continuous at the pole.
// Only +, -, *, /, floor and detmath's functions are used: bit-identical natively and in
// WebAssembly.
#pragma once

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/pds3.hpp"

namespace ce8::terrain {

// Catmull-Rom weights of the taps at -1, 0, 1, 2 for a fraction t in [0, 1).
void catmull_rom_weights(double t, double w[4]);

class CylindricalSampler {
 public:
  explicit CylindricalSampler(const LatLonGrid& grid);
  // Metres above the sphere at a latitude/longitude (degrees, east); NaN outside the grid's
  // latitudes (or longitudes, for a partial grid) or where data is missing.
  float height_m(double lat_deg, double lon_deg) const;
  float height_m(MapXy p) const;
  bool reaches_south_pole() const { return south_pole_; }
  const LatLonGrid& grid() const { return *grid_; }

 private:
  float tap(int row, int col) const;
  float bicubic(double row, double col) const;
  float ring_value(double col) const;  // the last row, cubic in longitude
  const LatLonGrid* grid_;
  std::vector<float> rows_;  // the rows averaged along longitude (see above)
  bool wrap_ = false;
  bool south_pole_ = false;
  double ring_mean_m_ = 0.0;
};

// The northernmost latitude (degrees) of any cell centre of a polar grid.
double northernmost_lat_deg(const GridGeometry& grid);

// Samples `source` at every cell centre of `target`. Fails, naming both extents, when the
// source does not reach the whole target (a cylindrical band that stops short of the area).
Result<Dem> reproject_to_polar(const LatLonGrid& source, const GridGeometry& target);

// A square polar grid centred on the pole reaching `cap_lat_deg` (e.g. -80) along the axes,
// with cells of `cell_m` (default: the product's pixel height, `step_deg` of latitude in
// metres). Its corners reach further from the pole: northernmost_lat_deg() says how far.
GridGeometry polar_cap_grid(double step_deg, double cap_lat_deg, double cell_m = 0.0);

// What importing a simple cylindrical product onto a polar cap grid takes (the CLI's read_dem
// and the browser's import share it): the grid, and the product's rows to read for it.
struct CylindricalImportPlan {
  GridGeometry target;
  double cap_lat_deg = 0.0;  // how far the grid reaches along its axes
  RowSpan rows;
  ByteRange range;  // the rows' bytes in the image file
};
// The cap reaches `cap_lat_deg` along the axes, or less when the product's band stops short of
// it (a band such as LDEM_64's 90 S - 45 S), so that the square's corners stay inside the band;
// with `cap_required` a band short of the cap is refused instead. Cells of `cell_m` (0: the
// product's latitude spacing), made coarser when needed to stay within `max_side` cells per
// side (0: no bound).
Result<CylindricalImportPlan> plan_cylindrical_import(const Pds3Label& label, double cap_lat_deg,
                                                      double cell_m, bool cap_required,
                                                      int max_side);

}  // namespace ce8::terrain
