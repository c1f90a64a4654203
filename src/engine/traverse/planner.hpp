// Spatial path planning on a CostMap (issue 6): A* over the 16-connected grid (the 8 king moves
// plus the 8 knight moves, so paths may head in 16 directions), anisotropic edge costs,
// admissible heuristic (straight-line map distance x CostMap::min_cost_per_m), multi-stop
// routes (each leg planned in turn). A plain Dijkstra on the same graph is kept as the
// reference that tests compare A* with.
//
// Planning never hangs: a time budget (wall clock) and a node budget stop the search with a
// clear message ("no path within the 10 s planning budget after expanding N cells; try a
// coarser grid or closer goals"). An unreachable goal is reported as such when the search runs
// out of cells ("goal unreachable: every route crosses slopes over 25° up ..."); a start or goal
// on impassable ground or off the map is rejected before searching, naming the point.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/jobs/task.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/cost_map.hpp"

namespace ce8::traverse {

struct PlanRequest {
  terrain::MapXy start;               // the lander, usually
  std::vector<terrain::MapXy> stops;  // goals in order (at least one); add start again to return
  double time_budget_s = 10.0;        // wall-clock budget for the whole search
  std::size_t max_expanded = 0;       // 0 = 8 x cells
  int connectivity = 16;              // 8 or 16
  const jobs::CancelFlag* cancel = nullptr;  // optional (UI cancel button)
};

struct PathPoint {
  int i = 0, j = 0;   // cell
  terrain::MapXy xy;  // cell centre
  double lat_deg = 0.0, lon_deg = 0.0;
  double height_m = 0.0;
  int stop_index = -1;  // >= 0 where this point is stop k (0 = first goal); -1 otherwise
  double wait_s = 0.0;  // scheduled wait here before leaving (time-aware plans); simulate_drive
                        // honours it on top of its own waiting policy
};

struct Plan {
  std::vector<PathPoint> points;  // start first, last goal last, consecutive points are edges
  double cost = 0.0;              // sum of edge costs (objective units)
  double distance_m = 0.0;        // ground length
  double drive_time_s = 0.0;      // sum of edge times (no waiting)
  double energy_j = 0.0;          // sum of edge energies (driving only)
  std::size_t expanded = 0;       // cells taken off the open list, all legs
  double elapsed_s = 0.0;         // planning wall time
};

Result<Plan> plan_path(const CostMap& map, const PlanRequest& request);
// The same, resumable: one work unit per expanded cell charged to `clock` (may be null); the
// time budget counts the clock's work time. The arguments must outlive the task.
jobs::Task<Result<Plan>> plan_path_sliced(const CostMap& map, const PlanRequest& request,
                                          jobs::SliceClock* clock);

// Reference: cost of the cheapest path from `start` to `goal` cell by plain Dijkstra (no
// heuristic, same edges); +infinity when unreachable. Small grids only (tests).
double dijkstra_cost(const CostMap& map, int si, int sj, int gi, int gj, int connectivity = 16);

}  // namespace ce8::traverse
