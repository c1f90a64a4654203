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

// The four maps for the tile [i0, i1) x [j0, j1), rows [row_lo, row_hi) of it only (a band of
// a distributed run: the tile's frame and tables do not depend on which rows are asked for),
// written into `out` (full grid).
void compute_tile_by_sectors(const terrain::Dem& dem, const HorizonMap& horizon,
                             const WindowSamples& window, int i0, int i1, int j0, int j1,
                             int row_lo, int row_hi, IlluminationMap& out);

}  // namespace ce8::illumination::detail
