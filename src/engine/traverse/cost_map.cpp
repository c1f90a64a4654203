#include "engine/traverse/cost_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "engine/terrain/derived.hpp"

namespace ce8::traverse {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kMoonGravity = 1.62;  // m/s^2

bool is_neighbour(int adi, int adj) {
  return (adi <= 1 && adj <= 1 && adi + adj > 0) || (adi == 1 && adj == 2) ||
         (adi == 2 && adj == 1);
}

// The cells a knight move passes over (the two cells its straight segment crosses), the same
// pair GRASS r.cost -k averages: for (±1, ±2) the cells (0, dj/2) and (di, dj/2) from the
// start, for (±2, ±1) the cells (di/2, 0) and (di/2, dj).
void knight_cells(int i0, int j0, int di, int dj, int& ia, int& ja, int& ib, int& jb) {
  if (std::abs(dj) == 2) {
    ia = i0, ja = j0 + dj / 2, ib = i0 + di, jb = j0 + dj / 2;
  } else {
    ia = i0 + di / 2, ja = j0, ib = i0 + di / 2, jb = j0 + dj;
  }
}

}  // namespace

Result<Objective> parse_objective(std::string_view text) {
  if (text == "time") return Objective::kTime;
  if (text == "energy") return Objective::kEnergy;
  if (text == "distance") return Objective::kDistance;
  if (text == "risk") return Objective::kRisk;
  return make_error("objective must be time, energy, distance or risk, got '" + std::string(text) +
                    "'");
}

const char* objective_name(Objective o) {
  switch (o) {
    case Objective::kTime:
      return "time";
    case Objective::kEnergy:
      return "energy";
    case Objective::kDistance:
      return "distance";
    case Objective::kRisk:
      return "risk";
  }
  return "time";
}

namespace {

// The edge's metrics; the slope angles (atan per cell) only when `angles` (the planner's inner
// loop skips them).
CostMap::EdgeMetrics evaluate(const CostMap& map, int i0, int j0, int i1, int j1, bool angles) {
  const auto& grid = map.grid;
  const auto& passable = map.passable;
  const auto& friction_per_m = map.friction_per_m;
  const auto& dz_dx = map.dz_dx;
  const auto& dz_dy = map.dz_dy;
  const auto& rover = map.rover;
  const auto& options = map.options;
  const double tan_up = map.tan_up, tan_down = map.tan_down, tan_cross = map.tan_cross;
  auto index = [&](int i, int j) { return map.index(i, j); };
  CostMap::EdgeMetrics m;
  const int w = grid.width, h = grid.height;
  if (i0 < 0 || j0 < 0 || i1 < 0 || j1 < 0 || i0 >= w || i1 >= w || j0 >= h || j1 >= h) return m;
  const int di = i1 - i0, dj = j1 - j0;
  const int adi = std::abs(di), adj = std::abs(dj);
  if (!is_neighbour(adi, adj)) return m;
  const std::size_t c0 = index(i0, j0), c1 = index(i1, j1);
  if (!passable[c0] || !passable[c1]) return m;
  const bool knight = adi + adj == 3;
  std::size_t ca = c0, cb = c1;
  if (knight) {
    int ia, ja, ib, jb;
    knight_cells(i0, j0, di, dj, ia, ja, ib, jb);
    ca = index(ia, ja), cb = index(ib, jb);
    if (!passable[ca] || !passable[cb]) return m;
  }
  const double map_len = grid.cell_m * std::sqrt(static_cast<double>(di * di + dj * dj));

  if (!friction_per_m.empty()) {  // isotropic mode: no slopes, nominal 1 m/s
    m.length_m = map_len;
    m.passable = true;
    m.time_s = map_len / rover.top_speed_m_s;
    return m;
  }

  // Unit direction in map coordinates (rows grow toward -y).
  const double ux = di * grid.cell_m / map_len, uy = -dj * grid.cell_m / map_len;
  const std::size_t cells[4] = {c0, c1, ca, cb};
  const int n = knight ? 4 : 2;
  double along_end_max = -kInf, slope_ratio = 0.0, cross_ratio = 0.0, worst_along = 0.0,
         worst_cross = 0.0;
  for (int k = 0; k < n; ++k) {
    const double gx = dz_dx[cells[k]], gy = dz_dy[cells[k]];
    const double s = gx * ux + gy * uy;             // tan of the along-track slope
    const double cr = std::abs(gx * uy - gy * ux);  // tan of the cross-track slope
    if (s > tan_up || -s > tan_down || cr > tan_cross) return m;
    if (k < 2) along_end_max = std::max(along_end_max, s);
    if (!angles) continue;
    const double ang = std::atan(std::abs(s)) / kDegToRad;
    const double ratio = s >= 0 ? ang / rover.max_slope_up_deg : ang / rover.max_slope_down_deg;
    if (ratio > slope_ratio) slope_ratio = ratio, worst_along = s >= 0 ? ang : -ang;
    const double cang = std::atan(cr) / kDegToRad;
    if (cang / rover.max_cross_slope_deg > cross_ratio)
      cross_ratio = cang / rover.max_cross_slope_deg, worst_cross = cang;
  }
  const double s0 = dz_dx[c0] * ux + dz_dy[c0] * uy, s1 = dz_dx[c1] * ux + dz_dy[c1] * uy;
  const double dh = 0.5 * (s0 + s1) * map_len;
  const double ground_len = std::sqrt(map_len * map_len + dh * dh);
  const double up_deg =
      std::max(along_end_max, 0.0) > 0 ? std::atan(along_end_max) / kDegToRad : 0.0;
  const double speed =
      rover.top_speed_m_s *
      (1.0 - (1.0 - options.min_speed_fraction) * std::min(up_deg / rover.max_slope_up_deg, 1.0));
  m.passable = true;
  m.length_m = ground_len;
  m.time_s = ground_len / speed;
  m.energy_j = m.time_s * (rover.power.idle_w + rover.power.driving_w) +
               rover.mass_kg * kMoonGravity * map_len * std::max(along_end_max, 0.0) /
                   options.drivetrain_efficiency;
  m.along_slope_deg = worst_along;
  m.cross_slope_deg = worst_cross;
  return m;
}

}  // namespace

CostMap::EdgeMetrics CostMap::edge_metrics(int i0, int j0, int i1, int j1) const {
  return evaluate(*this, i0, j0, i1, j1, true);
}

double CostMap::edge_cost(int i0, int j0, int i1, int j1) const {
  const int w = grid.width, h = grid.height;
  if (i0 < 0 || j0 < 0 || i1 < 0 || j1 < 0 || i0 >= w || i1 >= w || j0 >= h || j1 >= h) return kInf;
  const int di = i1 - i0, dj = j1 - j0;
  const int adi = std::abs(di), adj = std::abs(dj);
  if (!is_neighbour(adi, adj)) return kInf;
  const std::size_t c0 = index(i0, j0), c1 = index(i1, j1);
  if (!passable[c0] || !passable[c1]) return kInf;
  const bool knight = adi + adj == 3;
  std::size_t ca = c0, cb = c1;
  if (knight) {
    int ia, ja, ib, jb;
    knight_cells(i0, j0, di, dj, ia, ja, ib, jb);
    ca = index(ia, ja), cb = index(ib, jb);
    if (!passable[ca] || !passable[cb]) return kInf;
  }
  const double map_len = grid.cell_m * std::sqrt(static_cast<double>(di * di + dj * dj));
  if (!friction_per_m.empty()) {
    const double sum = knight ? double{friction_per_m[c0]} + friction_per_m[ca] +
                                    friction_per_m[cb] + friction_per_m[c1]
                              : double{friction_per_m[c0]} + friction_per_m[c1];
    return map_len * sum / (knight ? 4.0 : 2.0);
  }
  if (options.objective == Objective::kTime || options.objective == Objective::kEnergy ||
      options.objective == Objective::kDistance) {
    const EdgeMetrics m = evaluate(*this, i0, j0, i1, j1, false);
    if (!m.passable) return kInf;
    if (options.objective == Objective::kTime) return m.time_s;
    if (options.objective == Objective::kEnergy) return m.energy_j;
    return m.length_m;
  }
  // Risk: ground length times (1 + weighted squares of the slope ratios + roughness and shadow).
  const double ux = di * grid.cell_m / map_len, uy = -dj * grid.cell_m / map_len;
  const std::size_t cells[4] = {c0, c1, ca, cb};
  const int n = knight ? 4 : 2;
  double slope_ratio = 0.0, cross_ratio = 0.0;
  for (int k = 0; k < n; ++k) {
    const double gx = dz_dx[cells[k]], gy = dz_dy[cells[k]];
    const double s = gx * ux + gy * uy;
    const double cr = std::abs(gx * uy - gy * ux);
    if (s > tan_up || -s > tan_down || cr > tan_cross) return kInf;
    const double ang = std::atan(std::abs(s)) / kDegToRad;
    slope_ratio =
        std::max(slope_ratio, ang / (s >= 0 ? rover.max_slope_up_deg : rover.max_slope_down_deg));
    cross_ratio = std::max(cross_ratio, std::atan(cr) / kDegToRad / rover.max_cross_slope_deg);
  }
  const double s0 = dz_dx[c0] * ux + dz_dy[c0] * uy, s1 = dz_dx[c1] * ux + dz_dy[c1] * uy;
  const double dh = 0.5 * (s0 + s1) * map_len;
  const double ground_len = std::sqrt(map_len * map_len + dh * dh);
  const double rough = std::max(roughness_m[c0], roughness_m[c1]);
  const double obstacle = std::max(rover.max_obstacle_m, 1e-3);
  double unlit = 0.0;
  if (!lit_fraction.empty()) unlit = 1.0 - 0.5 * (double{lit_fraction[c0]} + lit_fraction[c1]);
  return ground_len * (1.0 + options.w_slope * slope_ratio * slope_ratio +
                       options.w_cross * cross_ratio * cross_ratio +
                       options.w_rough * rough / obstacle + options.w_shadow * unlit);
}

double CostMap::min_cost_per_m() const {
  if (!friction_per_m.empty()) return min_friction;
  switch (options.objective) {
    case Objective::kTime:
      return 1.0 / rover.top_speed_m_s;
    case Objective::kEnergy:
      return (rover.power.idle_w + rover.power.driving_w) / rover.top_speed_m_s;
    case Objective::kDistance:
    case Objective::kRisk:
      return 1.0;
  }
  return 0.0;
}

namespace {

// Row j of the gradient, roughness and passability layers.
void cost_map_row(CostMap& m, const terrain::Dem& dem, int j, double tan_stand) {
  const int w = dem.width(), h = dem.height();
  const double cell = dem.cell_m();
  // Step heights within the rover's footprint: the residual from the local plane, scaled by the
  // rover's length over the cell size when the cell is larger than the rover (an assumption:
  // relief that deviates from a plane by r over a cell is taken to give steps of about
  // r x length / cell under the wheels).
  const double footprint = std::min(1.0, m.rover.length_m / cell);
  for (int i = 0; i < w; ++i) {
    const std::size_t c = m.index(i, j);
    const terrain::Gradient g = terrain::horn_gradient(dem, i, j);
    const float h0 = dem.height_m[c];
    if (!std::isfinite(g.dz_dx) || !std::isfinite(g.dz_dy) || terrain::is_nodata(h0)) {
      m.dz_dx[c] = m.dz_dy[c] = m.roughness_m[c] = terrain::kNodata;
      continue;
    }
    m.dz_dx[c] = static_cast<float>(g.dz_dx);
    m.dz_dy[c] = static_cast<float>(g.dz_dy);
    double resid = 0.0;
    for (int b = -1; b <= 1; ++b)
      for (int a = -1; a <= 1; ++a) {
        const int ii = std::clamp(i + a, 0, w - 1), jj = std::clamp(j + b, 0, h - 1);
        const float hn = dem.height_m[m.index(ii, jj)];
        if (terrain::is_nodata(hn)) continue;
        const double plane = h0 + g.dz_dx * (ii - i) * cell - g.dz_dy * (jj - j) * cell;
        resid = std::max(resid, std::abs(hn - plane));
      }
    m.roughness_m[c] = static_cast<float>(resid * footprint);
    const double slope_tan = std::hypot(g.dz_dx, g.dz_dy);
    m.passable[c] = slope_tan <= tan_stand && m.roughness_m[c] <= m.rover.max_obstacle_m;
  }
}

}  // namespace

Result<CostMap> build_cost_map(const terrain::Dem& dem, const RoverModel& rover,
                               const CostOptions& options, std::vector<float> lit_fraction) {
  return jobs::run_to_end(build_cost_map_sliced(dem, rover, options, std::move(lit_fraction)));
}

jobs::Task<Result<CostMap>> build_cost_map_sliced(const terrain::Dem& dem, const RoverModel& rover,
                                                  const CostOptions& options,
                                                  std::vector<float> lit_fraction,
                                                  jobs::SliceClock* clock) {
  if (dem.width() < 2 || dem.height() < 2 || dem.height_m.size() != dem.grid.cells())
    co_return make_error("cost map: the DEM must have at least 2 x 2 cells");
  if (auto ok = terrain::check_grid(dem.grid); !ok) co_return ok.error();
  if (auto ok = check_rover(rover); !ok) co_return ok.error();
  if (!(options.min_speed_fraction > 0.0 && options.min_speed_fraction <= 1.0))
    co_return make_error("cost map: min_speed_fraction must be in (0, 1]");
  if (!(options.drivetrain_efficiency > 0.0 && options.drivetrain_efficiency <= 1.0))
    co_return make_error("cost map: drivetrain_efficiency must be in (0, 1]");
  for (double wgt : {options.w_slope, options.w_cross, options.w_rough, options.w_shadow})
    if (!(wgt >= 0.0 && wgt <= 1e6)) co_return make_error("cost map: risk weights must be >= 0");
  if (!lit_fraction.empty() && lit_fraction.size() != dem.grid.cells())
    co_return make_error("cost map: the shadow layer has " + std::to_string(lit_fraction.size()) +
                         " cells, the DEM " + std::to_string(dem.grid.cells()));
  CostMap m;
  m.grid = dem.grid;
  m.rover = rover;
  m.options = options;
  m.tan_up = std::tan(rover.max_slope_up_deg * kDegToRad);
  m.tan_down = std::tan(rover.max_slope_down_deg * kDegToRad);
  m.tan_cross = std::tan(rover.max_cross_slope_deg * kDegToRad);
  const double tan_stand = std::max(m.tan_up, m.tan_down);
  const std::size_t n = dem.grid.cells();
  m.height_m = dem.height_m;
  m.dz_dx.assign(n, 0.0f);
  m.dz_dy.assign(n, 0.0f);
  m.roughness_m.assign(n, 0.0f);
  m.passable.assign(n, 0);
  // A work unit is about 16 cells.
  const std::uint64_t row_units = static_cast<std::uint64_t>(dem.width()) / 16 + 1;
  for (int j = 0; j < dem.height(); ++j) {
    cost_map_row(m, dem, j, tan_stand);
    if (clock && clock->spent(row_units)) co_await clock->pause();
  }
  if (!lit_fraction.empty())
    for (float& v : lit_fraction) v = std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
  m.lit_fraction = std::move(lit_fraction);
  co_return std::move(m);
}

Result<CostMap> friction_cost_map(const terrain::GridGeometry& grid,
                                  std::vector<float> friction_per_m) {
  if (auto ok = terrain::check_grid(grid); !ok) return ok.error();
  if (friction_per_m.size() != grid.cells())
    return make_error("friction map: " + std::to_string(friction_per_m.size()) +
                      " values for a grid of " + std::to_string(grid.cells()) + " cells");
  CostMap m;
  m.grid = grid;
  // A nominal rover so that edge_metrics' time is defined (1 m/s); limits are not applied.
  m.rover.id = "friction";
  m.rover.name = "isotropic friction";
  m.rover.top_speed_m_s = 1.0;
  m.passable.assign(grid.cells(), 0);
  double least = kInf;
  for (std::size_t c = 0; c < friction_per_m.size(); ++c) {
    float& f = friction_per_m[c];
    if (!std::isfinite(f) || f < 0.0f)
      f = terrain::kNodata;  // r.cost: negative -> null
    else {
      m.passable[c] = 1;
      least = std::min<double>(least, f);
    }
  }
  m.min_friction = std::isfinite(least) ? least : 0.0;
  m.friction_per_m = std::move(friction_per_m);
  return m;
}

}  // namespace ce8::traverse
