// The time-aware planner's stages shared between its files (timed_planner.cpp: checks, planning
// grid, search; timed_refine.cpp: refinement on the full grid). Internal to traverse/.
#pragma once

#include <vector>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/planner.hpp"
#include "engine/traverse/timed_planner.hpp"

namespace ce8::traverse::timed {

// The DEM block-averaged for the search, its cost map and horizon map, and per cell the local
// frame at mast height.
struct PlanningGrid {
  int factor = 1;  // full cells per planning cell along a side
  terrain::Dem dem;
  CostMap cost;
  illumination::HorizonMap horizon;
  std::vector<illumination::PointFrame> frames;  // per cell, at mast height
  int w() const { return dem.grid.width; }
  int h() const { return dem.grid.height; }
};

// Coarse route: planning cells with the wait before leaving each.
struct Hop {
  int cell;
  double wait_s;
  int goal;  // >= 0 where the leg to goal `goal` ends
};

// Stage 3: the full-resolution path through the coarse route's goals and waiting spots (planned
// inside a corridor around the route, the whole map as fallback), with the waits scheduled on
// its points.
// Resumable (jobs/task.hpp); `work0` is the clock's work time when planning began.
jobs::Task<Result<Plan>> refine_route(const std::vector<Hop>& route, const PlanningGrid& grid,
                                      const terrain::Dem& dem, const CostMap& full,
                                      terrain::MapXy start,
                                      const std::vector<terrain::MapXy>& stops,
                                      const TimedPlanOptions& options, double work0,
                                      jobs::SliceClock* clock);

}  // namespace ce8::traverse::timed
