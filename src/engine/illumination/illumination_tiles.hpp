// Internal to the illumination maps: the sector-table path (docs/illumination.md, "How the
// maps are integrated"). The grid is cut into tiles of a few kilometres; per tile, the window's
// instants are seen from the tile's centre, binned by the body's azimuth (M >= 512 bins) and
// summed, per bin, into a table F_b(H) = sum over the bin's instants of the disk fraction above
// a horizon at elevation H. A cell then needs one table lookup per bin and body for percent lit
// and percent Earth (its horizon at the bin's centre, corrected for its up vector's tilt against
// the tile centre's), instead of one evaluation per instant. Longest darkness and permanent
// shadow are exact: instants are classified in time order in blocks of 16, against per-bin
// bounds of the cell's horizon that include every approximation's error; only instants those
// bounds cannot decide go through the plain per-instant evaluation (illumination_instant.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/illumination/horizon.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::illumination {
struct IlluminationMap;
}

namespace ce8::illumination::detail {

// The window as the map job holds it: per instant, the Sun's world unit vector and angular
// radius (4 doubles) and the Earth's world position in metres and angular radius (4 doubles).
struct WindowSamples {
  const double* sun = nullptr;
  const double* earth = nullptr;
  std::int64_t instants = 0;
  double step_s = 0.0;
  double sun_r_min = 0.0, sun_r_max = 0.0;
  double earth_r_min = 0.0, earth_r_max = 0.0;
};

// Side of the square tiles (cells) for this grid: about 8 km, 16..64 cells.
int tile_side_cells(const terrain::GridGeometry& grid);

// The horizons of the rows [row_begin, row_end), band-major: direction k of cell (i, j) at
// elevation_rad[k * band_stride + (j - row_begin) * width + i] (radians). A whole HorizonMap
// is the band from row 0 with band_stride = the grid's cells; a process's share of a
// distributed run holds just its rows (band_stride = its rows x width).
struct HorizonRows {
  const float* elevation_rad = nullptr;
  std::size_t band_stride = 0;
  int row_begin = 0, row_end = 0;
  int directions = 0;
  double observer_height_m = 0.0;
};

// The four maps for the tile [i0, i1) x [j0, j1), the rows of it inside [horizon.row_begin,
// horizon.row_end) only (the tile's frame and tables depend on the DEM alone, not on which rows
// are asked for), written into `out` (which holds rows [out.first_row, out.first_row +
// out.rows)).
void compute_tile_by_sectors(const terrain::Dem& dem, const HorizonRows& horizon,
                             const WindowSamples& window, int i0, int i1, int j0, int j1,
                             IlluminationMap& out);

}  // namespace ce8::illumination::detail
