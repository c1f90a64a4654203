// Stage 3 of time-aware planning (timed_stages.hpp): the coarse route refined on the full grid.
#include <algorithm>
#include <cmath>

#include "engine/jobs/jobs.hpp"
#include "engine/traverse/timed_stages.hpp"

namespace ce8::traverse::timed {
namespace {

struct Waypoint {
  terrain::MapXy xy;
  double wait_s;
  int goal;
};

// The passable full-resolution cell nearest the coarse cell's centre inside its block.
terrain::MapXy full_cell_near(const PlanningGrid& grid, const terrain::Dem& dem,
                              const CostMap& full, int c) {
  const terrain::GridGeometry& g = grid.dem.grid;
  const terrain::GridGeometry& fg = dem.grid;
  const int factor = grid.factor;
  const int ci = c % g.width, cj = c / g.width;
  const terrain::MapXy centre = g.cell_center(ci, cj);
  double best = INFINITY;
  terrain::MapXy out = centre;
  for (int j = cj * factor; j < std::min(fg.height, (cj + 1) * factor); ++j)
    for (int i = ci * factor; i < std::min(fg.width, (ci + 1) * factor); ++i) {
      if (!full.passable[full.index(i, j)]) continue;
      const terrain::MapXy p = fg.cell_center(i, j);
      const double dd = std::hypot(p.x_m - centre.x_m, p.y_m - centre.y_m);
      if (dd < best) best = dd, out = p;
    }
  return out;
}

// The coarse route's goals and waiting spots (the start's own wait is not among them).
std::vector<Waypoint> route_waypoints(const std::vector<Hop>& route, const PlanningGrid& grid,
                                      const terrain::Dem& dem, const CostMap& full,
                                      const std::vector<terrain::MapXy>& stops) {
  std::vector<Waypoint> wps;
  for (std::size_t q = 1; q < route.size(); ++q) {
    const Hop& hp = route[q];
    if (hp.goal >= 0) {
      wps.push_back({stops[hp.goal], hp.wait_s, hp.goal});
    } else if (hp.wait_s > 0.0) {
      wps.push_back({full_cell_near(grid, dem, full, hp.cell), hp.wait_s, -1});
    }
  }
  return wps;
}

// The full cost map with everything outside the coarse route's cells (and their neighbours)
// made impassable.
CostMap route_corridor(const std::vector<Hop>& route, const PlanningGrid& grid,
                       const terrain::Dem& dem, const CostMap& full) {
  CostMap corridor = full;
  if (grid.factor <= 1) return corridor;
  const int w = grid.w(), h = grid.h(), factor = grid.factor;
  const terrain::GridGeometry& fg = dem.grid;
  std::vector<std::uint8_t> near(grid.dem.grid.cells(), 0);
  for (const Hop& hp : route) {
    const int ci = hp.cell % w, cj = hp.cell / w;
    for (int dj = -1; dj <= 1; ++dj)
      for (int di = -1; di <= 1; ++di) {
        const int i = ci + di, j = cj + dj;
        if (i >= 0 && j >= 0 && i < w && j < h) near[static_cast<std::size_t>(j) * w + i] = 1;
      }
  }
  for (int j = 0; j < fg.height; ++j)
    for (int i = 0; i < fg.width; ++i) {
      const int ci = std::min(w - 1, i / factor), cj = std::min(h - 1, j / factor);
      if (!near[static_cast<std::size_t>(cj) * w + ci]) corridor.passable[full.index(i, j)] = 0;
    }
  return corridor;
}

// A waiting spot taken from the coarse route can be standable yet walled in at full resolution.
// Plan through the goals only, then hang each wait on the nearest point of the refined path, in
// order, within its leg. The result's stop indices are waypoint indices.
jobs::Task<Result<Plan>> plan_goals_then_hang_waits(const CostMap& corridor, const CostMap& full,
                                                    const PlanRequest& req,
                                                    const std::vector<Waypoint>& wps,
                                                    jobs::SliceClock* clock) {
  PlanRequest goals_only = req;
  goals_only.stops.clear();
  std::vector<std::size_t> goal_wp;  // goals_only stop index -> waypoint index
  for (std::size_t k = 0; k < wps.size(); ++k)
    if (wps[k].goal >= 0) {
      goals_only.stops.push_back(wps[k].xy);
      goal_wp.push_back(k);
    }
  auto retry = co_await plan_path_sliced(corridor, goals_only, clock);
  if (!retry) retry = co_await plan_path_sliced(full, goals_only, clock);
  if (!retry)
    co_return make_error("refining the route on the full grid failed: " + retry.error().message);
  std::vector<PathPoint>& pts = retry->points;
  std::vector<int> wp_at(pts.size(), -1);  // waypoint index carried by each path point
  std::size_t from = 0;
  for (std::size_t q = 0; q < pts.size(); ++q)
    if (pts[q].stop_index >= 0) wp_at[q] = static_cast<int>(goal_wp[pts[q].stop_index]);
  for (std::size_t k = 0; k < wps.size(); ++k) {
    if (wps[k].goal >= 0) {
      // Move past this goal's point.
      while (from < pts.size() && wp_at[from] != static_cast<int>(k)) ++from;
      continue;
    }
    std::size_t leg_end = from;
    while (leg_end + 1 < pts.size() && wp_at[leg_end] < static_cast<int>(k)) ++leg_end;
    std::size_t best_q = from;
    double best_d = INFINITY;
    for (std::size_t q = from; q <= leg_end && q < pts.size(); ++q) {
      const double dd = std::hypot(pts[q].xy.x_m - wps[k].xy.x_m, pts[q].xy.y_m - wps[k].xy.y_m);
      if (dd < best_d) best_d = dd, best_q = q;
    }
    if (best_q < pts.size() && wp_at[best_q] < 0)
      wp_at[best_q] = static_cast<int>(k);
    else if (best_q < pts.size())
      pts[best_q].wait_s += wps[k].wait_s;  // shares a goal point
    from = best_q;
  }
  for (std::size_t q = 0; q < pts.size(); ++q) pts[q].stop_index = wp_at[q];
  co_return std::move(retry);
}

}  // namespace

// The full-resolution path through the coarse route's waypoints, with the waits scheduled.
jobs::Task<Result<Plan>> refine_route(const std::vector<Hop>& route, const PlanningGrid& grid,
                                      const terrain::Dem& dem, const CostMap& full,
                                      terrain::MapXy start,
                                      const std::vector<terrain::MapXy>& stops,
                                      const TimedPlanOptions& options, double work0,
                                      jobs::SliceClock* clock) {
  const std::vector<Waypoint> wps = route_waypoints(route, grid, dem, full, stops);
  const CostMap corridor = route_corridor(route, grid, dem, full);
  if (clock && clock->spent(full.grid.cells() / 256 + 1)) co_await clock->pause();
  PlanRequest req;
  req.start = start;
  for (const Waypoint& wp : wps) req.stops.push_back(wp.xy);
  req.time_budget_s = std::max(1.0, options.time_budget_s - (jobs::work_seconds(clock) - work0));
  req.cancel = options.cancel;
  auto plan = co_await plan_path_sliced(corridor, req, clock);
  if (!plan) plan = co_await plan_path_sliced(full, req, clock);
  if (!plan) plan = co_await plan_goals_then_hang_waits(corridor, full, req, wps, clock);
  if (!plan) co_return plan.error();
  // Waypoint stops become scheduled waits; goal stops keep their goal index.
  if (!plan->points.empty()) plan->points.front().wait_s += route.front().wait_s;
  for (PathPoint& p : plan->points) {
    if (p.stop_index < 0) continue;
    const Waypoint& wp = wps[static_cast<std::size_t>(p.stop_index)];
    p.wait_s += wp.wait_s;
    p.stop_index = wp.goal;
  }
  co_return std::move(plan);
}

}  // namespace ce8::traverse::timed
