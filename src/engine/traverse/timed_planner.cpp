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
#include <numbers>
#include <queue>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/traverse/timed_stages.hpp"

namespace ce8::traverse {
namespace {

using timed::Hop;
using timed::PlanningGrid;

using ephemeris::Vec3;
constexpr double kPi = std::numbers::pi;

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

// ---- Stage 0: the request's own checks (before any map is built).
Status check_timed_request(const terrain::Dem& dem, const RoverModel& rover,
                           const ephemeris::SkyTable& sky, terrain::MapXy start,
                           const std::vector<terrain::MapXy>& stops,
                           const TimedPlanOptions& options) {
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
  return Ok{};
}

// Start and goals must stand on passable ground at full resolution.
Status check_standable(const terrain::Dem& dem, const CostMap& full, const RoverModel& rover,
                       terrain::MapXy p, const std::string& what) {
  const terrain::CellPos c = dem.grid.to_cell(p);
  const int i = std::clamp(static_cast<int>(std::lround(c.i)), 0, dem.width() - 1);
  const int j = std::clamp(static_cast<int>(std::lround(c.j)), 0, dem.height() - 1);
  if (full.passable[full.index(i, j)]) return Ok{};
  const terrain::LatLon ll = terrain::to_latlon(p);
  char b[200];
  std::snprintf(b, sizeof b,
                "%s (%.4f, %.4f) is on ground rover '%s' cannot stand on (too steep, too rough "
                "or no data)",
                what.c_str(), ll.lat_rad * 180.0 / kPi, ll.lon_rad * 180.0 / kPi, rover.id.c_str());
  return make_error(b);
}

// Spatial reachability first (A* on the full grid, no time): an unreachable goal gets the
// planner's own message instead of a "no schedule" one.
jobs::Task<Status> check_reachable(const CostMap& full, terrain::MapXy start,
                                   const std::vector<terrain::MapXy>& stops,
                                   const TimedPlanOptions& options, jobs::SliceClock* clock) {
  PlanRequest reach;
  reach.start = start;
  reach.stops = stops;
  reach.time_budget_s = options.time_budget_s;
  reach.cancel = options.cancel;
  auto p = co_await plan_path_sliced(full, reach, clock);
  if (!p) co_return p.error();
  co_return Ok{};
}

// ---- Stage 1: the planning grid and what the search reads from it.

// The planning grid's horizon map: on the request's threads, or (when the slices are bounded)
// as a HorizonJob stepped within each slice.
jobs::Task<Result<illumination::HorizonMap>> planning_horizon(
    const terrain::Dem& dem, const illumination::HorizonOptions& ho, int threads,
    jobs::SliceClock* clock) {
  if (!clock || !clock->bounded()) co_return illumination::compute_horizon_map(dem, ho, threads);
  auto job = illumination::HorizonJob::create(dem, ho);
  if (!job) co_return job.error();
  while (job->step(clock->slice_left_s()) == jobs::JobState::kRunning) {
    clock->spent(jobs::SliceClock::kCheckUnits);
    co_await clock->pause();  // the step used what was left of the slice
  }
  if (job->state() != jobs::JobState::kDone) co_return make_error("horizon computation cancelled");
  co_return job->take_result();
}

jobs::Task<Result<PlanningGrid>> build_planning_grid(const terrain::Dem& dem,
                                                     const RoverModel& rover,
                                                     const TimedPlanOptions& options,
                                                     const illumination::HorizonOptions& ho,
                                                     jobs::SliceClock* clock) {
  PlanningGrid out;
  const int side = std::max(dem.width(), dem.height());
  out.factor = (side + options.max_grid - 1) / options.max_grid;
  if (out.factor > 1) {
    auto c = terrain::downsample_mean(dem, out.factor);
    if (!c) co_return c.error();
    out.dem = std::move(*c);
  } else {
    out.dem = dem;
  }
  if (clock && clock->spent(dem.grid.cells() / 256 + 1)) co_await clock->pause();
  auto cmap = co_await build_cost_map_sliced(out.dem, rover, options.cost, {}, clock);
  if (!cmap) co_return cmap.error();
  out.cost = std::move(*cmap);
  auto hz = co_await planning_horizon(out.dem, ho, std::max(1, options.threads), clock);
  if (!hz) co_return hz.error();
  out.horizon = std::move(*hz);
  const terrain::GridGeometry& g = out.dem.grid;
  out.frames.resize(g.cells());
  for (int j = 0; j < g.height; ++j) {
    for (int i = 0; i < g.width; ++i) {
      const float z = out.dem.at(i, j);
      out.frames[static_cast<std::size_t>(j) * g.width + i] = illumination::point_frame(
          g.cell_center(i, j), (terrain::is_nodata(z) ? 0.0 : z) + rover.mast_height_m);
    }
    if (clock && clock->spent(static_cast<std::uint64_t>(g.width) / 8 + 1)) co_await clock->pause();
  }
  co_return std::move(out);
}

// The Sun's and Earth's world directions and angular radii every `dt` seconds over the window.
struct SkySamples {
  double t0 = 0.0, dt = 600.0;
  std::vector<Vec3> sun_w, earth_w;
  std::vector<double> sun_r, earth_r;
  std::size_t index_of(double t) const {
    const double x = (t - t0) / dt;
    return std::min(sun_w.size() - 1, static_cast<std::size_t>(std::max(0.0, std::round(x))));
  }
};

SkySamples sample_sky(const ephemeris::SkyTable& sky, double t0, double t_end, double dt) {
  SkySamples s;
  s.t0 = t0;
  s.dt = dt;
  const std::size_t samples = static_cast<std::size_t>(std::ceil((t_end - t0) / dt)) + 2;
  s.sun_w.resize(samples);
  s.earth_w.resize(samples);
  s.sun_r.resize(samples);
  s.earth_r.resize(samples);
  for (std::size_t q = 0; q < samples; ++q) {
    const double t = std::min(t_end, t0 + q * dt);
    const Vec3 sb = sky.sun_body_km(t), eb = sky.earth_body_km(t);
    s.sun_w[q] = scenario::body_to_terrain_world(ephemeris::normalized(sb));
    s.sun_r[q] = std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb));
    s.earth_w[q] = scenario::body_to_terrain_world(1000.0 * eb);
    s.earth_r[q] = std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb));
  }
  return s;
}

double interp_horizon(const std::vector<double>& v, double az) {
  const int nd = static_cast<int>(v.size());
  double x = az * (nd / (2.0 * kPi));
  x -= nd * std::floor(x / nd);
  int k0 = static_cast<int>(x);
  if (k0 >= nd) k0 -= nd;
  const double wgt = x - k0;
  return (1.0 - wgt) * v[k0] + wgt * v[k0 + 1 == nd ? 0 : k0 + 1];
}

// What a rover at a planning cell sees at a time: the Sun's visible fraction and direction, and
// whether it has a link to Earth (direct, or through the lander when the rover relays).
struct Env {
  double frac = 0, el = 0, az = 0;
  bool link = false;
};

class CellEnvironment {
 public:
  CellEnvironment(const PlanningGrid& grid, const SkySamples& sky, const RoverModel& rover,
                  const DriveOptions& d, terrain::MapXy start)
      : grid_(grid), sky_(sky), rover_(rover), d_(d) {
    lander_ = d.lander_given ? d.lander_xy : start;
    const float lz = terrain::sample_bilinear(grid.dem, lander_);
    lander_h_ = (terrain::is_nodata(lz) ? 0.0 : lz) + d.lander_antenna_m;
    lander_frame_ = illumination::point_frame(lander_, lander_h_);
    los_.assign(rover.comm == CommRoute::kViaLander ? grid.dem.grid.cells() : 0, -1);
    // The horizon is never below the sphere's own (the ground beyond the grid is taken as a
    // smooth sphere, horizon.hpp); near the grid's edges the map can report lower values.
    sphere_dip_ = -std::acos(terrain::kMoonRadiusM / (terrain::kMoonRadiusM + rover.mast_height_m));
    lander_dip_ = -std::acos(terrain::kMoonRadiusM / (terrain::kMoonRadiusM + d.lander_antenna_m));
  }

  // The lander's own horizon (via-lander rovers only).
  Status compute_lander_horizon(const illumination::HorizonOptions& ho) {
    if (rover_.comm != CommRoute::kViaLander) return Ok{};
    illumination::HorizonOptions lo = ho;
    lo.observer_height_m = d_.lander_antenna_m;
    auto lh = illumination::horizon_at_point(grid_.dem, lander_, lo);
    if (!lh) return make_error("lander horizon: " + lh.error().message);
    lander_horizon_ = std::move(*lh);
    return Ok{};
  }

  Env at(int c, double t) {
    Env out;
    const std::size_t q = sky_.index_of(t);
    const illumination::PointFrame& f = grid_.frames[c];
    const illumination::AzElRad sa = illumination::grid_az_el(f, sky_.sun_w[q]);
    const int w = grid_.w();
    const int i = c % w, j = c / w;
    double hzs = grid_.horizon.elevation_toward(i, j, sa.az_rad);
    if (std::isnan(hzs) || hzs < sphere_dip_) hzs = sphere_dip_;
    out.frac = illumination::disk_fraction_above(sa.el_rad, sky_.sun_r[q], hzs);
    out.el = sa.el_rad;
    out.az = sa.az_rad;
    if (rover_.comm == CommRoute::kViaLander) {
      if (lander_los(c)) {
        const illumination::AzElRad la = illumination::grid_az_el(
            lander_frame_, ephemeris::normalized(sky_.earth_w[q] - lander_frame_.position_m));
        out.link = illumination::disk_fraction_above(
                       la.el_rad, sky_.earth_r[q],
                       std::max(lander_dip_, interp_horizon(lander_horizon_, la.az_rad))) >= 0.5;
      }
    } else {
      const illumination::AzElRad ea =
          illumination::grid_az_el(f, ephemeris::normalized(sky_.earth_w[q] - f.position_m));
      double hze = grid_.horizon.elevation_toward(i, j, ea.az_rad);
      if (std::isnan(hze) || hze < sphere_dip_) hze = sphere_dip_;
      out.link = illumination::disk_fraction_above(ea.el_rad, sky_.earth_r[q], hze) >= 0.5;
    }
    return out;
  }

 private:
  // Lander line of sight on the planning grid (via-lander rovers), lazily per cell.
  bool lander_los(int c) {
    if (los_[c] >= 0) return los_[c] == 1;
    const terrain::Dem& dem = grid_.dem;
    const terrain::GridGeometry& g = dem.grid;
    const terrain::MapXy r = g.cell_center(c % g.width, c / g.width);
    const double h1 = dem.height_m[c] + rover_.mast_height_m;
    const double dx = r.x_m - lander_.x_m, dy = r.y_m - lander_.y_m, dist = std::hypot(dx, dy);
    const int n = static_cast<int>(std::ceil(dist / (0.5 * g.cell_m)));
    bool vis = true;
    for (int s = 1; s < n && vis; ++s) {
      const double f = static_cast<double>(s) / n, dd = f * dist;
      const float z =
          terrain::sample_bilinear(dem, terrain::MapXy{lander_.x_m + f * dx, lander_.y_m + f * dy});
      if (terrain::is_nodata(z)) continue;
      if (z > lander_h_ + (h1 - lander_h_) * f - dd * (dist - dd) / (2.0 * terrain::kMoonRadiusM))
        vis = false;
    }
    los_[c] = vis ? 1 : 0;
    return vis;
  }

  const PlanningGrid& grid_;
  const SkySamples& sky_;
  const RoverModel& rover_;
  const DriveOptions& d_;
  terrain::MapXy lander_;
  double lander_h_ = 0.0;
  illumination::PointFrame lander_frame_;
  std::vector<double> lander_horizon_;
  std::vector<std::int8_t> los_;
  double sphere_dip_ = 0.0, lander_dip_ = 0.0;
};

// ---- Stage 2: the objective's key, its admissible heuristic and the dominance rates.
struct SearchCosts {
  // Risk: seconds count once, plus penalties for time in darkness and without a link.
  static constexpr double kDarkPenalty = 1.0, kNoLinkPenalty = 0.5;

  SearchCosts(const RoverModel& rover, const TimedPlanOptions& options, double t0_)
      : obj(options.cost.objective), t0(t0_) {
    const PowerDraw& pw = rover.power;
    cap = rover.battery_wh * 3600.0;
    // The search keeps a margin above the floor: the full-resolution drive sees slightly
    // different slopes and horizons than the planning grid.
    floor_j = std::min(0.95, rover.min_soc + options.soc_margin) * cap;
    worst_park_w = pw.idle_w + pw.survival_w + pw.comm_w;
    // Energy objective: time is valued at 10% of the idle power, so that of two schedules that
    // draw about the same energy the earlier one wins (a sunlit wait draws nothing).
    energy_time_w = 0.1 * pw.idle_w;
    worst_key_rate = obj == Objective::kTime     ? 1.0
                     : obj == Objective::kEnergy ? worst_park_w + energy_time_w
                     : obj == Objective::kRisk   ? 2.5
                                                 : 0.0;
    min_speed = rover.top_speed_m_s;
    // Ties are broken by time: priority = key + heuristic + 1e-6 x (time so far + time left).
    tie = obj == Objective::kTime || obj == Objective::kRisk ? 0.0 : 1e-6;
  }

  // Energy: drawn from the battery, i.e. the part of the consumption the panel did not cover.
  double key_increment(double dt, double e_drawn, double dist_m, const Env& env) const {
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
  }

  // Admissible heuristics (energy: 0, a sunlit drive may draw nothing from the battery).
  double heuristic(terrain::MapXy p, terrain::MapXy goal, double t) const {
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
  }

  Objective obj;
  double t0;
  double cap = 0.0, floor_j = 0.0, worst_park_w = 0.0, energy_time_w = 0.0;
  double worst_key_rate = 0.0, min_speed = 1.0, tie = 0.0;
};

// A passable planning cell at or near a point (within two cells), or -1.
int coarse_cell_near(const PlanningGrid& grid, terrain::MapXy p) {
  const terrain::GridGeometry& g = grid.dem.grid;
  const int w = g.width, h = g.height;
  const terrain::CellPos cp = g.to_cell(p);
  const int i0 = std::clamp(static_cast<int>(std::lround(cp.i)), 0, w - 1);
  const int j0 = std::clamp(static_cast<int>(std::lround(cp.j)), 0, h - 1);
  for (int r = 0; r <= 2; ++r)
    for (int j = std::max(0, j0 - r); j <= std::min(h - 1, j0 + r); ++j)
      for (int i = std::max(0, i0 - r); i <= std::min(w - 1, i0 + r); ++i)
        if (grid.cost.passable[static_cast<std::size_t>(j) * w + i]) return j * w + i;
  return -1;
}

// Where a leg's search starts from and (after it) where the rover stands.
struct SearchState {
  int cell = -1;
  double t = 0.0, e = 0.0;
  std::size_t labels_expanded = 0;
};

// The label-setting search over (cell, time, energy) for one leg; appends the leg's hops to
// `route` and moves `state` to the goal.
class LegSearch {
 public:
  LegSearch(const PlanningGrid& grid, CellEnvironment& env, const SearchCosts& costs,
            const RoverModel& rover, const TimedPlanOptions& options, double t_end, double wall0,
            jobs::SliceClock* clock)
      : clock_(clock),
        grid_(grid),
        env_(env),
        costs_(costs),
        rover_(rover),
        options_(options),
        t_end_(t_end),
        wall0_(wall0),
        max_waits_(static_cast<std::size_t>(options.drive.max_wait_s / options.wait_step_s)) {}

  jobs::Task<Status> run(std::size_t leg, terrain::MapXy goal_xy, SearchState& state,
                         std::vector<Hop>& route) {
    const int goal = coarse_cell_near(grid_, goal_xy);
    if (goal < 0)
      co_return make_error("goal " + std::to_string(leg + 1) +
                           " lies on ground the rover cannot stand on (planning grid)");
    const std::size_t cells = grid_.dem.grid.cells();
    goal_xy_ = goal_xy;
    labels_.clear();
    settled_.assign(cells, {});
    chained_.assign(cells, 0);
    chain_e_.assign(cells, 0.0);
    open_ = {};
    labels_.push_back({state.cell, state.t, state.e, 0.0, -1, -1, false});
    open_.push({heuristic(state.cell, state.t), 0});
    int found = -1;
    std::size_t pops = 0;
    while (!open_.empty()) {
      const QItem top = open_.top();
      open_.pop();
      if ((++pops & 1023) == 0) {
        if (jobs::work_seconds(clock_) - wall0_ > options_.time_budget_s)
          co_return make_error(
              "time-aware planning exceeded its " + fmt("%.0f", options_.time_budget_s) +
              " s budget after " + std::to_string(state.labels_expanded + pops) +
              " labels; try a smaller planning grid, a longer wait step or closer goals");
        if (options_.cancel && options_.cancel->cancelled())
          co_return make_error("time-aware planning cancelled");
      }
      // A pop with its moves (16 cells' environment) is about 4 units, a wait chain more.
      if (clock_ && clock_->spent(4 + waits_done_ / 8)) co_await clock_->pause();
      waits_done_ = 0;
      const Label L = labels_[top.id];
      if (!settle(top.id, L)) continue;
      if (L.cell == goal) {
        found = top.id;
        break;
      }
      const Env env = env_.at(L.cell, L.t);
      expand_moves(top.id, L, env);
      if (options_.drive.allow_waiting && L.wait_root < 0) expand_waits(top.id, L);
    }
    state.labels_expanded += pops;
    if (found < 0) co_return no_route_error(leg, pops);
    append_leg(found, route);
    route.back().goal = static_cast<int>(leg);
    state.cell = labels_[found].cell;
    state.t = labels_[found].t;
    state.e = labels_[found].e;
    co_return Ok{};
  }

 private:
  double heuristic(int c, double t) const {
    const int w = grid_.w();
    return costs_.heuristic(grid_.dem.grid.cell_center(c % w, c / w), goal_xy_, t);
  }

  void push(const Label& n) {
    labels_.push_back(n);
    open_.push({n.key + heuristic(n.cell, n.t), static_cast<int>(labels_.size()) - 1});
  }

  // Dominance against the settled labels of this cell: S dominates L when S, waiting here until
  // L's time in the worst case (darkness: idle + survival + comm), still has at least L's energy
  // and no worse a key. Waits of one chain never dominate each other. Returns whether L was
  // settled.
  bool settle(int id, const Label& L) {
    std::vector<int>& here = settled_[L.cell];
    int plain_labels = 0;
    for (int s : here) {
      const Label& S = labels_[s];
      if (S.wait_root < 0) ++plain_labels;
      if (L.wait_root >= 0 && (L.wait_root == s || S.wait_root == L.wait_root)) continue;
      if (S.t > L.t + 1e-6) continue;
      const double dt = std::max(0.0, L.t - S.t);
      if (S.e - costs_.worst_park_w * dt >= L.e - 1e-6 &&
          S.key + costs_.worst_key_rate * dt <= L.key + 1e-9)
        return false;
    }
    if (L.wait_root < 0 && plain_labels >= options_.max_labels_per_cell) return false;
    labels_[id].settled = true;
    here.push_back(id);
    return true;
  }

  // The 16 moves from a settled label.
  void expand_moves(int id, const Label& L, const Env& env) {
    const PowerDraw& pw = rover_.power;
    const int w = grid_.w(), h = grid_.h();
    const int i0 = L.cell % w, j0 = L.cell / w;
    for (const auto& mv : kMoves16) {
      const int i1 = i0 + mv[0], j1 = j0 + mv[1];
      if (i1 < 0 || j1 < 0 || i1 >= w || j1 >= h) continue;
      const CostMap::EdgeMetrics m = grid_.cost.edge_metrics(i0, j0, i1, j1);
      if (!m.passable || !(m.time_s > 0.0)) continue;
      const double t1 = L.t + m.time_s;
      if (t1 > t_end_) continue;
      const double heading = std::atan2(static_cast<double>(mv[0]), static_cast<double>(-mv[1]));
      const double p_in = panel_power_w(
          rover_, env.frac, panel_cos_incidence(rover_, env.el, env.az, heading, false));
      const double p_extra = (env.frac <= 0.0 ? pw.survival_w : 0.0) + (env.link ? pw.comm_w : 0.0);
      const double e_out = m.energy_j + p_extra * m.time_s;
      const double e1 = std::min(costs_.cap, L.e + p_in * m.time_s - e_out);
      if (e1 < costs_.floor_j || L.e < costs_.floor_j) continue;
      const double drawn = std::max(0.0, e_out - p_in * m.time_s);
      push({j1 * w + i1, t1, e1, L.key + costs_.key_increment(m.time_s, drawn, m.length_m, env), id,
            -1, false});
    }
  }

  // Wait chains from the first two plain labels settled at a cell (the second only when it
  // holds clearly more energy than the first): waits of 1, 2, 4, ... steps.
  void expand_waits(int id, const Label& L) {
    if (!(chained_[L.cell] == 0 ||
          (chained_[L.cell] == 1 && L.e > chain_e_[L.cell] + 0.05 * costs_.cap)))
      return;
    const PowerDraw& pw = rover_.power;
    ++chained_[L.cell];
    chain_e_[L.cell] = L.e;
    double t = L.t, e = L.e, key = L.key;
    std::size_t next_emit = 1;
    for (std::size_t step = 1; step <= max_waits_; ++step) {
      ++waits_done_;
      const Env ev = env_.at(L.cell, t);
      const double p_in =
          panel_power_w(rover_, ev.frac, panel_cos_incidence(rover_, ev.el, ev.az, 0.0, true));
      const double p_out =
          pw.idle_w + (ev.frac <= 0.0 ? pw.survival_w : 0.0) + (ev.link ? pw.comm_w : 0.0);
      const double dt = options_.wait_step_s;
      if (t + dt > t_end_) break;
      e = std::min(costs_.cap, e + (p_in - p_out) * dt);
      if (e < costs_.floor_j) break;
      t += dt;
      key += costs_.key_increment(dt, std::max(0.0, p_out - p_in) * dt, 0.0, ev);
      if (step == next_emit || step == max_waits_) {
        next_emit *= 2;
        push({L.cell, t, e, key, id, id, false});
      }
    }
  }

  Error no_route_error(std::size_t leg, std::size_t pops) const {
    const DriveOptions& d = options_.drive;
    return make_error("no route to goal " + std::to_string(leg + 1) +
                      " keeps the battery above the " + fmt("%.0f%%", rover_.min_soc * 100.0) +
                      " floor within " + fmt("%.1f", d.max_duration_s / 86400.0) + " days (" +
                      std::to_string(grid_.w()) + "x" + std::to_string(grid_.h()) +
                      " planning grid, " + std::to_string(pops) +
                      " labels); the goal may be unreachable, too far or in lasting darkness");
  }

  // Unwinds the leg: moves become hops, time spent in place becomes the hop's wait.
  void append_leg(int found, std::vector<Hop>& route) const {
    std::vector<int> chain;
    for (int id = found; id >= 0; id = labels_[id].parent) chain.push_back(id);
    std::reverse(chain.begin(), chain.end());
    for (std::size_t q = 1; q < chain.size(); ++q) {
      const Label& a = labels_[chain[q - 1]];
      const Label& b = labels_[chain[q]];
      if (b.cell == a.cell)
        route.back().wait_s += b.t - a.t;
      else
        route.push_back({b.cell, 0.0, -1});
    }
  }

  jobs::SliceClock* clock_;
  std::size_t waits_done_ = 0;  // wait steps since the last charge
  const PlanningGrid& grid_;
  CellEnvironment& env_;
  const SearchCosts& costs_;
  const RoverModel& rover_;
  const TimedPlanOptions& options_;
  double t_end_, wall0_;
  std::size_t max_waits_;
  terrain::MapXy goal_xy_;
  std::vector<Label> labels_;
  std::vector<std::vector<int>> settled_;
  std::vector<std::uint8_t> chained_;
  std::vector<double> chain_e_;
  std::priority_queue<QItem> open_;
};

}  // namespace

Result<TimedPlan> plan_timed(const terrain::Dem& dem, const RoverModel& rover,
                             const ephemeris::SkyTable& sky, terrain::MapXy start,
                             const std::vector<terrain::MapXy>& stops,
                             const TimedPlanOptions& options) {
  return jobs::run_to_end(plan_timed_sliced(dem, rover, sky, start, stops, options, nullptr));
}

jobs::Task<Result<TimedPlan>> plan_timed_sliced(const terrain::Dem& dem, const RoverModel& rover,
                                                const ephemeris::SkyTable& sky,
                                                terrain::MapXy start,
                                                const std::vector<terrain::MapXy>& stops,
                                                const TimedPlanOptions& options,
                                                jobs::SliceClock* clock) {
  const double wall0 = jobs::monotonic_seconds();
  const double work0 = jobs::work_seconds(clock);
  const DriveOptions& d = options.drive;
  if (auto s = check_timed_request(dem, rover, sky, start, stops, options); !s) co_return s.error();
  const double t0 = d.start.tt_seconds_since_j2000();
  const double t_end = t0 + d.max_duration_s;

  // Full-resolution cost map: rejects impassable start/goal points early with their names.
  auto full = co_await build_cost_map_sliced(dem, rover, options.cost, {}, clock);
  if (!full) co_return full.error();
  if (auto s = check_standable(dem, *full, rover, start, "the start"); !s) co_return s.error();
  for (std::size_t q = 0; q < stops.size(); ++q)
    if (auto s = check_standable(dem, *full, rover, stops[q], "goal " + std::to_string(q + 1)); !s)
      co_return s.error();
  if (auto s = co_await check_reachable(*full, start, stops, options, clock); !s)
    co_return s.error();

  // 1. Planning grid, sky samples and what a rover sees at each cell.
  illumination::HorizonOptions ho;
  ho.directions = std::max(illumination::kMinDirections, std::min(d.horizon_directions, 64));
  ho.observer_height_m = rover.mast_height_m;
  auto grid = co_await build_planning_grid(dem, rover, options, ho, clock);
  if (!grid) co_return grid.error();
  const SkySamples samples = sample_sky(sky, t0, t_end, std::min(600.0, options.wait_step_s));
  if (clock && clock->spent(samples.sun_w.size() / 16 + 1)) co_await clock->pause();
  CellEnvironment env(*grid, samples, rover, d, start);
  if (auto s = env.compute_lander_horizon(ho); !s) co_return s.error();
  const SearchCosts costs(rover, options, t0);

  // 2. Search, leg by leg.
  SearchState state;
  state.cell = coarse_cell_near(*grid, start);
  if (state.cell < 0)
    co_return make_error("the start lies on ground the rover cannot stand on (planning grid)");
  state.t = t0;
  state.e = d.initial_soc * costs.cap;
  std::vector<Hop> route{{state.cell, 0.0, -1}};
  LegSearch search(*grid, env, costs, rover, options, t_end, work0, clock);
  for (std::size_t leg = 0; leg < stops.size(); ++leg)
    if (auto s = co_await search.run(leg, stops[leg], state, route); !s) co_return s.error();

  // 3. Refine on the full grid through a corridor around the coarse route, then check by drive.
  TimedPlan result;
  result.labels_expanded = state.labels_expanded;
  auto plan =
      co_await timed::refine_route(route, *grid, dem, *full, start, stops, options, work0, clock);
  if (!plan) co_return plan.error();
  result.plan = std::move(*plan);
  auto drive = co_await simulate_drive_sliced(dem, *full, nullptr, sky, result.plan, d, clock);
  if (!drive) co_return drive.error();
  result.drive = std::move(*drive);
  result.elapsed_s = jobs::monotonic_seconds() - wall0;
  result.plan.elapsed_s = result.elapsed_s;
  co_return std::move(result);
}

}  // namespace ce8::traverse
