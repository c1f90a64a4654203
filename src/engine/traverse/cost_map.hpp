// Traversability and cost of moving across a DEM for one rover (issue 6).
//
// Per cell the map keeps the Horn gradient (terrain/derived.hpp), roughness and an optional
// shadow layer (fraction of time lit, 0..1, e.g. band 1 of an illumination map / 100). Moving
// from one cell centre to another is an edge; its cost depends on the direction of travel
// (anisotropic): the along-track slope s = gradient . unit(direction) (positive uphill) and the
// cross-track slope |gradient x unit(direction)|, both as angles, are checked against the rover's
// limits (an edge over a limit is impassable) and priced:
//   time     = length / speed(s),  speed falls linearly from top speed on flat ground to
//              `min_speed_fraction` x top speed at the uphill limit; downhill at top speed;
//   energy   = time x (idle + driving power) + m g length max(s, 0) / drivetrain efficiency;
//   distance = length (3-D: along the ground);
//   risk     = length x (1 + w_slope (|s| / limit)^2 + w_cross (cross / limit)^2
//                         + w_rough roughness / obstacle + w_shadow (1 - lit));
// Slopes along an edge are evaluated at both end cells and the worse one counts. Cells whose
// roughness exceeds the rover's largest obstacle, nodata cells and cells marked in `forbidden`
// are impassable.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/jobs/task.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {

enum class Objective { kTime, kEnergy, kDistance, kRisk };
Result<Objective> parse_objective(std::string_view text);  // "time|energy|distance|risk"
const char* objective_name(Objective o);

struct CostOptions {
  Objective objective = Objective::kTime;
  double min_speed_fraction = 0.3;  // speed at the uphill slope limit, fraction of top speed
  double drivetrain_efficiency = 0.5;
  double w_slope = 2.0, w_cross = 2.0, w_rough = 1.0, w_shadow = 1.0;  // risk weights
};

struct CostMap {
  terrain::GridGeometry grid;
  RoverModel rover;
  CostOptions options;
  std::vector<float> dz_dx, dz_dy;  // Horn gradient, NaN on nodata
  std::vector<float> height_m;      // copy of the DEM heights
  std::vector<float> roughness_m;
  std::vector<float> lit_fraction;     // empty = no shadow layer
  std::vector<std::uint8_t> passable;  // 1 = the rover may stand on this cell
  std::vector<float> friction_per_m;   // non-empty: isotropic mode (friction_cost_map)
  // Cached by build_cost_map / friction_cost_map for the edge loop (rebuild the map after
  // changing `rover` or `options`): tangents of the rover's slope limits, least friction.
  double tan_up = 0.0, tan_down = 0.0, tan_cross = 0.0, min_friction = 0.0;

  std::size_t index(int i, int j) const { return static_cast<std::size_t>(j) * grid.width + i; }
  // Cost of the straight edge between two cell centres (neighbours in the 16-neighbourhood),
  // +infinity when impassable. Units: seconds, joules, metres, or risk-weighted metres.
  double edge_cost(int i0, int j0, int i1, int j1) const;
  // The same edge's drive time (s), energy (J) and ground length (m), independent of the
  // objective (the drive simulation's bookkeeping uses these).
  struct EdgeMetrics {
    double time_s = 0, energy_j = 0, length_m = 0, along_slope_deg = 0, cross_slope_deg = 0;
    bool passable = false;
  };
  EdgeMetrics edge_metrics(int i0, int j0, int i1, int j1) const;
  // Lower bound of edge_cost per metre of map distance (A*'s admissible heuristic).
  double min_cost_per_m() const;
};

// Builds the layers; `lit_fraction` (row-major on the DEM grid, 0..1) may be empty.
// Fails on an empty DEM or a bad rover model.
Result<CostMap> build_cost_map(const terrain::Dem& dem, const RoverModel& rover,
                               const CostOptions& options, std::vector<float> lit_fraction = {});
// The same, resumable: charges about one work unit per 16 cells to `clock` (may be null) and
// pauses when it says the slice is spent. The arguments must outlive the task.
jobs::Task<Result<CostMap>> build_cost_map_sliced(const terrain::Dem& dem, const RoverModel& rover,
                                                  const CostOptions& options,
                                                  std::vector<float> lit_fraction = {},
                                                  jobs::SliceClock* clock = nullptr);

// Isotropic mode for cross-checks with GRASS r.cost: a map whose edge cost is the map length
// times the mean of a per-cell friction raster along the move (r.cost's rule, including its
// treatment of knight moves with `r.cost -k`; NaN friction = impassable). Rover limits are not
// applied in this mode; the planner and Dijkstra run on it unchanged.
Result<CostMap> friction_cost_map(const terrain::GridGeometry& grid,
                                  std::vector<float> friction_per_m);

}  // namespace ce8::traverse
