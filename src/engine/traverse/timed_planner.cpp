// Time-aware planning (see timed_planner.hpp). Outline:
//  1. planning grid: the DEM block-averaged so that no side exceeds max_grid; its cost map and a
//     horizon map at mast height; per cell the local frame, per sun sample (every 600 s or
//     wait_step, whichever is smaller) the Sun's and Earth's world directions;
//  2. label-setting search per leg over (cell, time, energy): a label is popped in the order of
//     the objective's key (+ an admissible heuristic), settled unless a settled label of its
//     cell dominates it (earlier or equal time, at least the energy, at most the key), expanded
//     by 16 moves and, from the first label settled at a cell, a chain of waits of 1, 2, 4, ...
//     wait steps (waits of one chain do not dominate each other, so a rover may sit out a long
//     darkness ahead at full charge). Labels whose charge would drop under the floor are
//     dropped;
//  3. the coarse route's waits become waypoints; the full-resolution path is planned with
//     plan_path inside a corridor around the coarse route (whole map as fallback), the waits are
//     put on its points, and simulate_drive checks the result.
#include "engine/traverse/timed_planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <queue>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"

namespace ce8::traverse {
namespace {

using ephemeris::Vec3;
constexpr double kPi = 3.14159265358979323846;

std::string fmt(const char* f, double a) {
  char b[96];
  std::snprintf(b, sizeof b, f, a);
  return b;
}

struct Label {
  int cell = 0;
  double t = 0.0;    // TT s
  double e = 0.0;    // stored energy, J
  double key = 0.0;  // objective value so far (without heuristic)
  int parent = -1;
  int wait_root = -1;  // for wait labels: the label the chain started from
  bool settled = false;
};

struct QItem {
  double f;
  int id;
  bool operator<(const QItem& o) const { return f > o.f; }  // min-heap
};

constexpr int kMoves16[16][2] = {{1, 0},  {-1, 0},  {0, 1},  {0, -1}, {1, 1},  {1, -1},
                                 {-1, 1}, {-1, -1}, {2, 1},  {2, -1}, {-2, 1}, {-2, -1},
                                 {1, 2},  {1, -2},  {-1, 2}, {-1, -2}};

}  // namespace

Result<TimedPlan> plan_timed(const terrain::Dem& dem, const RoverModel& rover,
                             const ephemeris::SkyTable& sky, terrain::MapXy start,
                             const std::vector<terrain::MapXy>& stops,
                             const TimedPlanOptions& options) {
  const double wall0 = jobs::monotonic_seconds();
  const DriveOptions& d = options.drive;
  if (stops.empty()) return make_error("a time-aware plan needs at least one goal");
  if (options.max_grid < 16 || options.max_grid > 1024)
    return make_error("max_grid must be in [16, 1024], got " + std::to_string(options.max_grid));
  if (!(options.wait_step_s >= 60.0 && options.wait_step_s <= 86400.0))
    return make_error("wait step must be between 60 s and 1 day");
  if (options.max_labels_per_cell < 1 || options.max_labels_per_cell > 64)
    return make_error("max_labels_per_cell must be in [1, 64]");
  if (!(options.time_budget_s > 0.0))
    return make_error("the planning time budget must be positive");
  if (!(d.initial_soc >= 0.0 && d.initial_soc <= 1.0))
    return make_error("initial state of charge must be in [0, 1]");
  if (auto s = check_rover(rover); !s) return s.error();
  auto in_map = [&](terrain::MapXy p, const std::string& what) -> Status {
    if (!dem.grid.contains(p)) return make_error(what + " lies off the map");
    return Ok{};
  };
  if (auto s = in_map(start, "the start"); !s) return s.error();
  for (std::size_t q = 0; q < stops.size(); ++q)
    if (auto s = in_map(stops[q], "goal " + std::to_string(q + 1)); !s) return s.error();
  const double t0 = d.start.tt_seconds_since_j2000();
  const double t_end = t0 + d.max_duration_s;
  if (!sky.contains(t0) || !sky.contains(t_end))
    return make_error("the sky table does not cover the planning window");

  // Full-resolution cost map: rejects impassable start/goal points early with their names.
  auto full = build_cost_map(dem, rover, options.cost);
  if (!full) return full.error();

  // Start and goals must stand on passable ground at full resolution.
  auto standable = [&](terrain::MapXy p, const std::string& what) -> Status {
    const terrain::CellPos c = dem.grid.to_cell(p);
    const int i = std::clamp(static_cast<int>(std::lround(c.i)), 0, dem.width() - 1);
    const int j = std::clamp(static_cast<int>(std::lround(c.j)), 0, dem.height() - 1);
    if (full->passable[full->index(i, j)]) return Ok{};
    const terrain::LatLon ll = terrain::to_latlon(p);
    char b[200];
    std::snprintf(b, sizeof b,
                  "%s (%.4f, %.4f) is on ground rover '%s' cannot stand on (too steep, too rough "
                  "or no data)",
                  what.c_str(), ll.lat_rad * 180.0 / kPi, ll.lon_rad * 180.0 / kPi,
                  rover.id.c_str());
    return make_error(b);
  };
  if (auto s = standable(start, "the start"); !s) return s.error();
  for (std::size_t q = 0; q < stops.size(); ++q)
    if (auto s = standable(stops[q], "goal " + std::to_string(q + 1)); !s) return s.error();

  // Spatial reachability first (A* on the full grid, no time): an unreachable goal gets the
  // planner's own message instead of a "no schedule" one.
  {
    PlanRequest reach;
    reach.start = start;
    reach.stops = stops;
    reach.time_budget_s = options.time_budget_s;
    reach.cancel = options.cancel;
    auto p = plan_path(*full, reach);
    if (!p) return p.error();
  }

  // 1. Planning grid.
  const int side = std::max(dem.width(), dem.height());
  const int factor = (side + options.max_grid - 1) / options.max_grid;
  terrain::Dem coarse_dem;
  if (factor > 1) {
    auto c = terrain::downsample_mean(dem, factor);
    if (!c) return c.error();
    coarse_dem = std::move(*c);
  } else {
    coarse_dem = dem;
  }
  auto cmap = build_cost_map(coarse_dem, rover, options.cost);
  if (!cmap) return cmap.error();
  const terrain::GridGeometry& g = coarse_dem.grid;
  const int w = g.width, h = g.height;
  const std::size_t cells = g.cells();
  illumination::HorizonOptions ho;
  ho.directions = std::max(illumination::kMinDirections, std::min(d.horizon_directions, 64));
  ho.observer_height_m = rover.mast_height_m;
  auto hz = illumination::compute_horizon_map(coarse_dem, ho, std::max(1, options.threads));
  if (!hz) return hz.error();
  std::vector<illumination::PointFrame> frames(cells);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const float z = coarse_dem.at(i, j);
      frames[static_cast<std::size_t>(j) * w + i] = illumination::point_frame(
          g.cell_center(i, j), (terrain::is_nodata(z) ? 0.0 : z) + rover.mast_height_m);
    }
  const double sun_dt = std::min(600.0, options.wait_step_s);
  const std::size_t samples = static_cast<std::size_t>(std::ceil((t_end - t0) / sun_dt)) + 2;
  std::vector<Vec3> sun_w(samples), earth_w(samples);
  std::vector<double> sun_r(samples), earth_r(samples);
  for (std::size_t q = 0; q < samples; ++q) {
    const double t = std::min(t_end, t0 + q * sun_dt);
    const Vec3 sb = sky.sun_body_km(t), eb = sky.earth_body_km(t);
    sun_w[q] = scenario::body_to_terrain_world(ephemeris::normalized(sb));
    sun_r[q] = std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb));
    earth_w[q] = scenario::body_to_terrain_world(1000.0 * eb);
    earth_r[q] = std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb));
  }
  auto sample_of = [&](double t) {
    const double x = (t - t0) / sun_dt;
    return std::min(samples - 1, static_cast<std::size_t>(std::max(0.0, std::round(x))));
  };
  // Lander line of sight on the planning grid (via-lander rovers), lazily per cell.
  const terrain::MapXy lander = d.lander_given ? d.lander_xy : start;
  const float lz = terrain::sample_bilinear(coarse_dem, lander);
  const double lander_h = (terrain::is_nodata(lz) ? 0.0 : lz) + d.lander_antenna_m;
  const illumination::PointFrame lander_frame = illumination::point_frame(lander, lander_h);
  std::vector<double> lander_horizon;
  if (rover.comm == CommRoute::kViaLander) {
    illumination::HorizonOptions lo = ho;
    lo.observer_height_m = d.lander_antenna_m;
    auto lh = illumination::horizon_at_point(coarse_dem, lander, lo);
    if (!lh) return make_error("lander horizon: " + lh.error().message);
    lander_horizon = std::move(*lh);
  }
  std::vector<std::int8_t> los(rover.comm == CommRoute::kViaLander ? cells : 0, -1);
  auto lander_los = [&](int c) {
    if (los[c] >= 0) return los[c] == 1;
    const terrain::MapXy r = g.cell_center(c % w, c / w);
    const double h1 = coarse_dem.height_m[c] + rover.mast_height_m;
    const double dx = r.x_m - lander.x_m, dy = r.y_m - lander.y_m, dist = std::hypot(dx, dy);
    const int n = static_cast<int>(std::ceil(dist / (0.5 * g.cell_m)));
    bool vis = true;
    for (int s = 1; s < n && vis; ++s) {
      const double f = static_cast<double>(s) / n, dd = f * dist;
      const float z = terrain::sample_bilinear(
          coarse_dem, terrain::MapXy{lander.x_m + f * dx, lander.y_m + f * dy});
      if (terrain::is_nodata(z)) continue;
      if (z > lander_h + (h1 - lander_h) * f - dd * (dist - dd) / (2.0 * terrain::kMoonRadiusM))
        vis = false;
    }
    los[c] = vis ? 1 : 0;
    return vis;
  };
  auto interp = [](const std::vector<double>& v, double az) {
    const int nd = static_cast<int>(v.size());
    double x = az * (nd / (2.0 * kPi));
    x -= nd * std::floor(x / nd);
    int k0 = static_cast<int>(x);
    if (k0 >= nd) k0 -= nd;
    const double wgt = x - k0;
    return (1.0 - wgt) * v[k0] + wgt * v[k0 + 1 == nd ? 0 : k0 + 1];
  };
  // The horizon is never below the sphere's own (the ground beyond the grid is taken as a smooth
  // sphere, horizon.hpp); near the grid's edges the map can report lower values.
  const double sphere_dip =
      -std::acos(terrain::kMoonRadiusM / (terrain::kMoonRadiusM + rover.mast_height_m));
  const double lander_dip =
      -std::acos(terrain::kMoonRadiusM / (terrain::kMoonRadiusM + d.lander_antenna_m));
  struct Env {
    double frac = 0, el = 0, az = 0;
    bool link = false;
  };
  auto env_at = [&](int c, double t) {
    Env out;
    const std::size_t q = sample_of(t);
    const illumination::PointFrame& f = frames[c];
    const illumination::AzElRad sa = illumination::grid_az_el(f, sun_w[q]);
    const int i = c % w, j = c / w;
    double hzs = hz->elevation_toward(i, j, sa.az_rad);
    if (std::isnan(hzs) || hzs < sphere_dip) hzs = sphere_dip;
    out.frac = illumination::disk_fraction_above(sa.el_rad, sun_r[q], hzs);
    out.el = sa.el_rad;
    out.az = sa.az_rad;
    if (rover.comm == CommRoute::kViaLander) {
      if (lander_los(c)) {
        const illumination::AzElRad la = illumination::grid_az_el(
            lander_frame, ephemeris::normalized(earth_w[q] - lander_frame.position_m));
        out.link = illumination::disk_fraction_above(
                       la.el_rad, earth_r[q],
                       std::max(lander_dip, interp(lander_horizon, la.az_rad))) >= 0.5;
      }
    } else {
      const illumination::AzElRad ea =
          illumination::grid_az_el(f, ephemeris::normalized(earth_w[q] - f.position_m));
      double hze = hz->elevation_toward(i, j, ea.az_rad);
      if (std::isnan(hze) || hze < sphere_dip) hze = sphere_dip;
      out.link = illumination::disk_fraction_above(ea.el_rad, earth_r[q], hze) >= 0.5;
    }
    return out;
  };

  const double cap = rover.battery_wh * 3600.0;
  // The search keeps a margin above the floor: the full-resolution drive sees slightly different
  // slopes and horizons than the planning grid.
  const double floor_j = std::min(0.95, rover.min_soc + options.soc_margin) * cap;
  const PowerDraw& pw = rover.power;
  const Objective obj = options.cost.objective;
  const double worst_park_w = pw.idle_w + pw.survival_w + pw.comm_w;
  // Energy objective: time is valued at 10% of the idle power, so that of two schedules that
  // draw about the same energy the earlier one wins (a sunlit wait draws nothing).
  const double energy_time_w = 0.1 * pw.idle_w;
  const double worst_key_rate = obj == Objective::kTime     ? 1.0
                                : obj == Objective::kEnergy ? worst_park_w + energy_time_w
                                : obj == Objective::kRisk   ? 2.5
                                                            : 0.0;
  // Risk: seconds count once, plus penalties for time in darkness and without a link.
  constexpr double kDarkPenalty = 1.0, kNoLinkPenalty = 0.5;
  // Energy: drawn from the battery, i.e. the part of the consumption the panel did not cover.
  auto key_increment = [&](double dt, double e_drawn, double dist_m, const Env& env) {
    switch (obj) {
      case Objective::kTime:
        return dt;
      case Objective::kEnergy:
        return e_drawn + energy_time_w * dt;
      case Objective::kDistance:
        return dist_m;
      case Objective::kRisk:
        return dt *
               (1.0 + (env.frac <= 0.0 ? kDarkPenalty : 0.0) + (env.link ? 0.0 : kNoLinkPenalty));
    }
    return dt;
  };
  // Admissible heuristics (energy: 0, a sunlit drive may draw nothing from the battery). Ties
  // are broken by time: priority = key + heuristic + 1e-6 x (time so far + time left).
  const double min_speed = rover.top_speed_m_s;
  const double tie = obj == Objective::kTime || obj == Objective::kRisk ? 0.0 : 1e-6;
  auto heuristic = [&](int c, terrain::MapXy goal, double t) {
    const terrain::MapXy p = g.cell_center(c % w, c / w);
    const double dist = std::hypot(goal.x_m - p.x_m, goal.y_m - p.y_m);
    const double t_left = dist / min_speed;
    double h0 = 0.0;
    switch (obj) {
      case Objective::kTime:
      case Objective::kRisk:
        h0 = t_left;
        break;
      case Objective::kEnergy:
        h0 = 0.0;
        break;
      case Objective::kDistance:
        h0 = dist;
        break;
    }
    return h0 + tie * (t - t0 + t_left);
  };
  auto coarse_cell = [&](terrain::MapXy p) -> int {
    const terrain::CellPos cp = g.to_cell(p);
    const int i0 = std::clamp(static_cast<int>(std::lround(cp.i)), 0, w - 1);
    const int j0 = std::clamp(static_cast<int>(std::lround(cp.j)), 0, h - 1);
    for (int r = 0; r <= 2; ++r)
      for (int j = std::max(0, j0 - r); j <= std::min(h - 1, j0 + r); ++j)
        for (int i = std::max(0, i0 - r); i <= std::min(w - 1, i0 + r); ++i)
          if (cmap->passable[static_cast<std::size_t>(j) * w + i]) return j * w + i;
    return -1;
  };

  TimedPlan result;
  // 2. Search, leg by leg. Route: coarse cells with the wait before leaving each.
  struct Hop {
    int cell;
    double wait_s;
    int goal;  // >= 0 where the leg to goal `goal` ends
  };
  std::vector<Hop> route;
  int cur = coarse_cell(start);
  if (cur < 0)
    return make_error("the start lies on ground the rover cannot stand on (planning grid)");
  double cur_t = t0, cur_e = d.initial_soc * cap;
  route.push_back({cur, 0.0, -1});
  const std::size_t max_waits = static_cast<std::size_t>(d.max_wait_s / options.wait_step_s);
  for (std::size_t leg = 0; leg < stops.size(); ++leg) {
    const int goal = coarse_cell(stops[leg]);
    if (goal < 0)
      return make_error("goal " + std::to_string(leg + 1) +
                        " lies on ground the rover cannot stand on (planning grid)");
    std::vector<Label> labels;
    std::vector<std::vector<int>> settled(cells);
    std::vector<std::uint8_t> chained(cells, 0);
    std::vector<double> chain_e(cells, 0.0);
    std::priority_queue<QItem> open;
    labels.push_back({cur, cur_t, cur_e, 0.0, -1, -1, false});
    open.push({heuristic(cur, stops[leg], cur_t), 0});
    int found = -1;
    std::size_t pops = 0;
    while (!open.empty()) {
      const QItem top = open.top();
      open.pop();
      if ((++pops & 1023) == 0) {
        if (jobs::monotonic_seconds() - wall0 > options.time_budget_s)
          return make_error(
              "time-aware planning exceeded its " + fmt("%.0f", options.time_budget_s) +
              " s budget after " + std::to_string(result.labels_expanded + pops) +
              " labels; try a smaller planning grid, a longer wait step or closer goals");
        if (options.cancel && options.cancel->cancelled())
          return make_error("time-aware planning cancelled");
      }
      Label L = labels[top.id];
      // Dominance against the settled labels of this cell: S dominates L when S, waiting here
      // until L's time in the worst case (darkness: idle + survival + comm), still has at least
      // L's energy and no worse a key. Waits of one chain never dominate each other.
      std::vector<int>& here = settled[L.cell];
      bool dominated = false;
      int plain_labels = 0;
      for (int s : here) {
        const Label& S = labels[s];
        if (S.wait_root < 0) ++plain_labels;
        if (L.wait_root >= 0 && (L.wait_root == s || S.wait_root == L.wait_root)) continue;
        if (S.t > L.t + 1e-6) continue;
        const double dt = std::max(0.0, L.t - S.t);
        if (S.e - worst_park_w * dt >= L.e - 1e-6 && S.key + worst_key_rate * dt <= L.key + 1e-9) {
          dominated = true;
          break;
        }
      }
      if (dominated) continue;
      if (L.wait_root < 0 && plain_labels >= options.max_labels_per_cell) continue;
      labels[top.id].settled = true;
      here.push_back(top.id);
      if (L.cell == goal) {
        found = top.id;
        break;
      }
      const int i0 = L.cell % w, j0 = L.cell / w;
      const Env env = env_at(L.cell, L.t);
      // Moves.
      for (const auto& mv : kMoves16) {
        const int i1 = i0 + mv[0], j1 = j0 + mv[1];
        if (i1 < 0 || j1 < 0 || i1 >= w || j1 >= h) continue;
        const CostMap::EdgeMetrics m = cmap->edge_metrics(i0, j0, i1, j1);
        if (!m.passable || !(m.time_s > 0.0)) continue;
        const double t1 = L.t + m.time_s;
        if (t1 > t_end) continue;
        const double heading = std::atan2(static_cast<double>(mv[0]), static_cast<double>(-mv[1]));
        const double p_in = panel_power_w(
            rover, env.frac, panel_cos_incidence(rover, env.el, env.az, heading, false));
        const double p_extra =
            (env.frac <= 0.0 ? pw.survival_w : 0.0) + (env.link ? pw.comm_w : 0.0);
        const double e_out = m.energy_j + p_extra * m.time_s;
        const double e1 = std::min(cap, L.e + p_in * m.time_s - e_out);
        if (e1 < floor_j || L.e < floor_j) continue;
        const double drawn = std::max(0.0, e_out - p_in * m.time_s);
        Label n{j1 * w + i1, t1, e1,   L.key + key_increment(m.time_s, drawn, m.length_m, env),
                top.id,      -1, false};
        labels.push_back(n);
        open.push(
            {n.key + heuristic(n.cell, stops[leg], n.t), static_cast<int>(labels.size()) - 1});
      }
      // Wait chains from the first two plain labels settled at a cell (the second only when it
      // holds clearly more energy than the first).
      if (d.allow_waiting && L.wait_root < 0 &&
          (chained[L.cell] == 0 || (chained[L.cell] == 1 && L.e > chain_e[L.cell] + 0.05 * cap))) {
        ++chained[L.cell];
        chain_e[L.cell] = L.e;
        double t = L.t, e = L.e, key = L.key;
        std::size_t next_emit = 1;
        for (std::size_t step = 1; step <= max_waits; ++step) {
          const Env ev = env_at(L.cell, t);
          const double p_in =
              panel_power_w(rover, ev.frac, panel_cos_incidence(rover, ev.el, ev.az, 0.0, true));
          const double p_out =
              pw.idle_w + (ev.frac <= 0.0 ? pw.survival_w : 0.0) + (ev.link ? pw.comm_w : 0.0);
          const double dt = options.wait_step_s;
          if (t + dt > t_end) break;
          e = std::min(cap, e + (p_in - p_out) * dt);
          if (e < floor_j) break;
          t += dt;
          key += key_increment(dt, std::max(0.0, p_out - p_in) * dt, 0.0, ev);
          if (step == next_emit || step == max_waits) {
            next_emit *= 2;
            labels.push_back({L.cell, t, e, key, top.id, top.id, false});
            open.push(
                {key + heuristic(L.cell, stops[leg], t), static_cast<int>(labels.size()) - 1});
          }
        }
      }
    }
    result.labels_expanded += pops;
    if (found < 0)
      return make_error("no route to goal " + std::to_string(leg + 1) +
                        " keeps the battery above the " + fmt("%.0f%%", rover.min_soc * 100.0) +
                        " floor within " + fmt("%.1f", d.max_duration_s / 86400.0) + " days (" +
                        std::to_string(w) + "x" + std::to_string(h) + " planning grid, " +
                        std::to_string(pops) +
                        " labels); the goal may be unreachable, too far or in lasting darkness");
    // Unwind the leg.
    std::vector<int> chain;
    for (int id = found; id >= 0; id = labels[id].parent) chain.push_back(id);
    std::reverse(chain.begin(), chain.end());
    for (std::size_t q = 1; q < chain.size(); ++q) {
      const Label& a = labels[chain[q - 1]];
      const Label& b = labels[chain[q]];
      if (b.cell == a.cell)
        route.back().wait_s += b.t - a.t;
      else
        route.push_back({b.cell, 0.0, -1});
    }
    route.back().goal = static_cast<int>(leg);
    cur = found >= 0 ? labels[found].cell : cur;
    cur_t = labels[found].t;
    cur_e = labels[found].e;
  }

  // 3. Refine on the full grid through a corridor around the coarse route.
  const terrain::GridGeometry& fg = dem.grid;
  auto full_cell_near = [&](int c) -> terrain::MapXy {
    // The passable full-resolution cell nearest the coarse cell's centre inside its block.
    const int ci = c % w, cj = c / w;
    const terrain::MapXy centre = g.cell_center(ci, cj);
    double best = INFINITY;
    terrain::MapXy out = centre;
    for (int j = cj * factor; j < std::min(fg.height, (cj + 1) * factor); ++j)
      for (int i = ci * factor; i < std::min(fg.width, (ci + 1) * factor); ++i) {
        if (!full->passable[full->index(i, j)]) continue;
        const terrain::MapXy p = fg.cell_center(i, j);
        const double dd = std::hypot(p.x_m - centre.x_m, p.y_m - centre.y_m);
        if (dd < best) best = dd, out = p;
      }
    return out;
  };
  struct Waypoint {
    terrain::MapXy xy;
    double wait_s;
    int goal;
  };
  std::vector<Waypoint> wps;
  double start_wait = route.front().wait_s;
  for (std::size_t q = 1; q < route.size(); ++q) {
    const Hop& hp = route[q];
    if (hp.goal >= 0) {
      wps.push_back({stops[hp.goal], hp.wait_s, hp.goal});
    } else if (hp.wait_s > 0.0) {
      wps.push_back({full_cell_near(hp.cell), hp.wait_s, -1});
    }
  }
  CostMap corridor = *full;
  if (factor > 1) {
    std::vector<std::uint8_t> near(cells, 0);
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
        if (!near[static_cast<std::size_t>(cj) * w + ci]) corridor.passable[full->index(i, j)] = 0;
      }
  }
  PlanRequest req;
  req.start = start;
  for (const Waypoint& wp : wps) req.stops.push_back(wp.xy);
  req.time_budget_s = std::max(1.0, options.time_budget_s - (jobs::monotonic_seconds() - wall0));
  req.cancel = options.cancel;
  auto plan = plan_path(corridor, req);
  if (!plan) plan = plan_path(*full, req);
  if (!plan) {
    // A waiting spot taken from the coarse route can be standable yet walled in at full
    // resolution. Plan through the goals only, then hang each wait on the nearest point of the
    // refined path, in order, within its leg.
    PlanRequest goals_only = req;
    goals_only.stops.clear();
    std::vector<std::size_t> goal_wp;  // goals_only stop index -> waypoint index
    for (std::size_t k = 0; k < wps.size(); ++k)
      if (wps[k].goal >= 0) {
        goals_only.stops.push_back(wps[k].xy);
        goal_wp.push_back(k);
      }
    auto retry = plan_path(corridor, goals_only);
    if (!retry) retry = plan_path(*full, goals_only);
    if (!retry)
      return make_error("refining the route on the full grid failed: " + retry.error().message);
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
    plan = std::move(retry);
  }
  // Waypoint stops become scheduled waits; goal stops keep their goal index.
  if (!plan->points.empty()) plan->points.front().wait_s += start_wait;
  for (PathPoint& p : plan->points) {
    if (p.stop_index < 0) continue;
    const Waypoint& wp = wps[static_cast<std::size_t>(p.stop_index)];
    p.wait_s += wp.wait_s;
    p.stop_index = wp.goal;
  }
  result.plan = std::move(*plan);
  auto drive = simulate_drive(dem, *full, nullptr, sky, result.plan, d);
  if (!drive) return drive.error();
  result.drive = std::move(*drive);
  result.elapsed_s = jobs::monotonic_seconds() - wall0;
  result.plan.elapsed_s = result.elapsed_s;
  return result;
}

}  // namespace ce8::traverse
