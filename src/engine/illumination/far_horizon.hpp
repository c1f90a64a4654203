// Layered horizons: a fine DEM near the observer over a coarse one far away (as Gläser et al.
// 2014/2018 do for LOLA site studies), so a 5-20 m tile gets its far horizon from the regional
// grid instead of assuming smooth ground beyond its edge.
//
// Model: the horizon of a fine cell toward grid azimuth az is
//   max(near: the fine DEM's terrain only (no sphere beyond its edge),
//       far: the far DEM's terrain at distances beyond where the ray leaves the fine DEM's
//            cell-centre hull, then (with curvature and sphere_beyond_grid) the sphere at the
//            observer's height beyond the far DEM),
// both seen from the fine DEM's ground + observer height, with the same curvature term and the
// same sampling (column crossings, linear between neighbours) as horizon.hpp. Both DEMs are in
// the same south polar stereographic projection (terrain::Dem); the fine DEM must lie inside the
// far DEM (check_far_dem), the far DEM's nodata are no obstacles.
//
// Maps: the far horizon varies slowly across a small tile, so it is ray marched only from a
// lattice of observers (every `lattice_cells` fine cells plus the last row and column); each
// lattice ray keeps the sample that set its horizon (height h*, distance d*). A cell sees each of
// its four lattice corners' samples from its own eye height z and at its own distance
// d* + delta (delta: the corner's offset from the cell along the ray), slope (h* - z) / (d* +
// delta) - (d* + delta) / 2R, and those slopes are blended bilinearly: exact to first order in
// the height and position differences, and exact at the lattice points. Site horizons
// (horizon_at_point_layered) march both DEMs from the point itself.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::illumination {

inline constexpr int kMaxFarLatticeCells = 256;

struct FarHorizonOptions {
  // Spacing of the far-horizon lattice in fine cells (1..kMaxFarLatticeCells). 1 marches the far
  // DEM from every cell (exact, slow).
  int lattice_cells = 16;
};

struct FarLayerStats {
  int lattice_width = 0, lattice_height = 0;  // lattice observers per row and column
  double raised_fraction = 0.0;               // cell-directions the far DEM raised (0..1)
};

// Ok when the fine DEM's outer edges lie inside the far DEM's (both non-empty); otherwise one
// line: "the fine DEM (x a..b km, y c..d km) is not inside the far DEM (x .., y ..): it extends
// e km beyond the far DEM's +x edge".
Status check_far_dem(const terrain::Dem& fine_dem, const terrain::Dem& far_dem);

// Raises `fine_map` (a map of fine_dem, ideally computed with sphere_beyond_grid = false) to the
// far horizon from far_dem where that is higher. Nothing is changed on error.
Result<FarLayerStats> layer_far_horizon(HorizonMap& fine_map, const terrain::Dem& fine_dem,
                                        const terrain::Dem& far_dem,
                                        const FarHorizonOptions& far_options = {}, int threads = 1);

// The layered map in one call: the fine map by the sweep (or ray marching when `raymarch`) with
// sphere_beyond_grid off, then layer_far_horizon. `options.sphere_beyond_grid` applies beyond the
// far DEM. `stats` (optional) receives the layering's numbers.
Result<HorizonMap> compute_layered_horizon_map(const terrain::Dem& fine_dem,
                                               const terrain::Dem& far_dem,
                                               const HorizonOptions& options, int threads = 1,
                                               const FarHorizonOptions& far_options = {},
                                               FarLayerStats* stats = nullptr,
                                               bool raymarch = false);

// horizon_at_point over the two DEMs: both marched exactly from the point (no lattice).
Result<std::vector<double>> horizon_at_point_layered(const terrain::Dem& fine_dem,
                                                     const terrain::Dem& far_dem, terrain::MapXy p,
                                                     const HorizonOptions& options);

}  // namespace ce8::illumination
