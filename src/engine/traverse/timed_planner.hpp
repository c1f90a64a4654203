// Time-aware planning (issue 6): a path and schedule that respect power and light through time.
//
// State: (cell, time, stored energy). The search is a label-setting Dijkstra/A* in time over a
// planning grid (the DEM downsampled so that it has at most `max_grid` cells per side) where
// the edge time and energy come from the cost map, power in at each step from the Sun's visible
// fraction at that cell and time (a HorizonMap of the planning grid at mast height + the sky
// table), power out from the rover's modes. Labels per cell are kept Pareto-optimal in
// (arrival time, energy) and pruned to `max_labels_per_cell`. Actions: move to a neighbour, or
// wait `wait_step_s` in place (charging if lit). A label whose energy would fall below the
// floor (min_soc x capacity) is dropped. The objective picks the label order: earliest arrival
// (time), least energy drawn from the battery, plus 10% of the idle power per
// second so that equal-energy schedules prefer the earlier one (energy), or risk (time + penalties
// for shadowed/link-down time, so communication windows are preferred). The resulting coarse route
// is refined on the full grid (corridor re-plan with plan_path) and checked by simulate_drive.
#pragma once

#include "engine/core/result.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/planner.hpp"

namespace ce8::traverse {

struct TimedPlanOptions {
  DriveOptions drive;           // start time, initial soc, waiting policy, lander
  CostOptions cost;             // objective, weights
  int max_grid = 256;           // planning grid side limit
  double wait_step_s = 3600.0;  // granularity of waiting
  int max_labels_per_cell = 4;
  double time_budget_s = 20.0;  // wall clock; clear error beyond
  const jobs::CancelFlag* cancel = nullptr;
  int threads = 1;           // horizon map of the planning grid (jobs::parallel_for)
  double soc_margin = 0.05;  // the search keeps min_soc + this (the drive check: min_soc)
};

struct TimedPlan {
  Plan plan;          // full-resolution path
  DriveResult drive;  // simulated along it with the chosen waits
  std::size_t labels_expanded = 0;
  double elapsed_s = 0.0;
};

Result<TimedPlan> plan_timed(const terrain::Dem& dem, const RoverModel& rover,
                             const ephemeris::SkyTable& sky, terrain::MapXy start,
                             const std::vector<terrain::MapXy>& stops,
                             const TimedPlanOptions& options);
// The same, resumable: its work charged to `clock` (may be null; see jobs/task.hpp), its time
// budget counted in the clock's work time. The arguments must outlive the task.
jobs::Task<Result<TimedPlan>> plan_timed_sliced(const terrain::Dem& dem, const RoverModel& rover,
                                                const ephemeris::SkyTable& sky,
                                                terrain::MapXy start,
                                                const std::vector<terrain::MapXy>& stops,
                                                const TimedPlanOptions& options,
                                                jobs::SliceClock* clock);

}  // namespace ce8::traverse
