#include "engine/traverse/planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <queue>

namespace ce8::traverse {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

// The 16 moves: 8 king moves first (the only ones with connectivity 8), then the 8 knight moves.
struct Move {
  int di, dj;
};
constexpr Move kMoves[16] = {{1, 0},  {-1, 0},  {0, 1},  {0, -1}, {1, 1},  {1, -1},
                             {-1, 1}, {-1, -1}, {1, 2},  {1, -2}, {-1, 2}, {-1, -2},
                             {2, 1},  {2, -1},  {-2, 1}, {-2, -1}};

// Shortest length (in cells) of a sum of allowed moves from (0, 0) to (dx, dy): a polygonal
// norm whose unit ball has the move vectors on its boundary, so c x norm x cell is a consistent
// heuristic whenever every edge costs at least c per metre of map length.
double lattice_distance(int dx, int dy, int connectivity) {
  static const double kSqrt2 = std::sqrt(2.0), kSqrt5 = std::sqrt(5.0);
  double a = std::abs(dx), b = std::abs(dy);
  if (a < b) std::swap(a, b);  // a >= b >= 0
  if (connectivity == 8) return (a - b) + b * kSqrt2;
  if (2 * b <= a) return (a - 2 * b) + b * kSqrt5;  // (1,0) and (2,1)
  return (a - b) * kSqrt5 + (2 * b - a) * kSqrt2;   // (2,1) and (1,1)
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string describe(const terrain::GridGeometry& grid, terrain::MapXy p) {
  const terrain::LatLon ll = terrain::to_latlon(p);
  char buf[160];
  const double lat = ll.lat_rad * kRadToDeg, lon = ll.lon_rad * kRadToDeg;
  std::snprintf(buf, sizeof buf, "(x %.1f m, y %.1f m; %.4f°%c %.4f°E)", p.x_m, p.y_m,
                std::abs(lat), lat < 0 ? 'S' : 'N', lon);
  (void)grid;
  return buf;
}

std::string limits_text(const RoverModel& r) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "slopes over %g° up, %g° down or %g° across, steps over %g m, or no data",
                r.max_slope_up_deg, r.max_slope_down_deg, r.max_cross_slope_deg, r.max_obstacle_m);
  return buf;
}

// Why a cell is impassable, for the messages.
std::string why_impassable(const CostMap& map, std::size_t c) {
  if (!map.friction_per_m.empty()) return "its friction is no data";
  if (!std::isfinite(map.dz_dx[c]) || !std::isfinite(map.dz_dy[c]) ||
      terrain::is_nodata(map.height_m[c]))
    return "it has no terrain data";
  const double slope = std::atan(std::hypot(map.dz_dx[c], map.dz_dy[c])) * kRadToDeg;
  const double stand = std::max(map.rover.max_slope_up_deg, map.rover.max_slope_down_deg);
  if (slope > stand)
    return "the ground is too steep: slope " + fmt("%.1f", slope) + "° over the rover's " +
           fmt("%g", stand) + "° limit";
  if (map.roughness_m[c] > map.rover.max_obstacle_m)
    return "the ground is too rough: steps of about " + fmt("%.2f", map.roughness_m[c]) +
           " m over the rover's " + fmt("%g", map.rover.max_obstacle_m) + " m obstacle limit";
  return "the cell is marked impassable";
}

// Search state shared by the legs of one plan (arrays sized to the grid, reset per leg).
struct Search {
  const CostMap& map;
  int connectivity;
  std::vector<double> g;
  std::vector<std::int32_t> pos;  // heap position; kClosed; kNone
  std::vector<std::uint8_t> parent;
  struct Item {
    double f;
    std::uint32_t cell;
  };
  std::vector<Item> heap;
  static constexpr std::int32_t kNone = -1, kClosed = -2;

  explicit Search(const CostMap& m, int conn) : map(m), connectivity(conn) {}

  bool before(const Item& a, const Item& b) const {
    if (a.f != b.f) return a.f < b.f;
    return g[a.cell] > g[b.cell];  // ties: the deeper node first
  }
  void place(std::size_t k, const Item& it) {
    heap[k] = it;
    pos[it.cell] = static_cast<std::int32_t>(k);
  }
  void sift_up(std::size_t k) {
    const Item it = heap[k];
    while (k > 0) {
      const std::size_t parent_k = (k - 1) / 2;
      if (!before(it, heap[parent_k])) break;
      place(k, heap[parent_k]);
      k = parent_k;
    }
    place(k, it);
  }
  void sift_down(std::size_t k) {
    const Item it = heap[k];
    const std::size_t n = heap.size();
    while (true) {
      std::size_t child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap[child + 1], heap[child])) ++child;
      if (!before(heap[child], it)) break;
      place(k, heap[child]);
      k = child;
    }
    place(k, it);
  }
  void push_or_decrease(std::uint32_t cell, double f) {
    const std::int32_t p = pos[cell];
    if (p >= 0) {
      heap[p].f = f;
      sift_up(static_cast<std::size_t>(p));
    } else {
      heap.push_back({f, cell});
      pos[cell] = static_cast<std::int32_t>(heap.size() - 1);
      sift_up(heap.size() - 1);
    }
  }
  std::uint32_t pop() {
    const std::uint32_t top = heap[0].cell;
    const Item last = heap.back();
    heap.pop_back();
    if (!heap.empty()) {
      place(0, last);
      sift_down(0);
    }
    pos[top] = kClosed;
    return top;
  }
};

}  // namespace

Result<Plan> plan_path(const CostMap& map, const PlanRequest& request) {
  return jobs::run_to_end(plan_path_sliced(map, request, nullptr));
}

jobs::Task<Result<Plan>> plan_path_sliced(const CostMap& map, const PlanRequest& request,
                                          jobs::SliceClock* clock) {
  const double wall0 = jobs::monotonic_seconds();
  const double t0 = jobs::work_seconds(clock);
  const terrain::GridGeometry& grid = map.grid;
  const std::size_t cells = grid.cells();
  if (cells == 0 || map.passable.size() != cells)
    co_return make_error("plan: the cost map is empty or inconsistent");
  if (request.stops.empty()) co_return make_error("plan: give at least one goal");
  if (request.connectivity != 8 && request.connectivity != 16)
    co_return make_error("plan: connectivity must be 8 or 16, got " +
                         std::to_string(request.connectivity));
  if (!(request.time_budget_s > 0.0))
    co_return make_error("plan: the time budget must be positive");
  if (cells >= (std::size_t{1} << 31)) co_return make_error("plan: grid too large");

  // Points to cells, each checked before any search.
  std::vector<std::pair<int, int>> pts;
  for (std::size_t k = 0; k <= request.stops.size(); ++k) {
    const terrain::MapXy p = k == 0 ? request.start : request.stops[k - 1];
    const std::string label = k == 0 ? "start" : "goal " + std::to_string(k);
    if (!std::isfinite(p.x_m) || !std::isfinite(p.y_m) || !grid.contains(p)) {
      const terrain::MapBounds b = grid.bounds();
      char buf[160];
      std::snprintf(buf, sizeof buf, "x in [%.1f, %.1f] m, y in [%.1f, %.1f] m", b.x_min_m,
                    b.x_max_m, b.y_min_m, b.y_max_m);
      co_return make_error(label + " " + describe(grid, p) + " is off the map (" + buf + ")");
    }
    const terrain::CellPos cp = grid.to_cell(p);
    const int i = std::clamp(static_cast<int>(std::lround(cp.i)), 0, grid.width - 1);
    const int j = std::clamp(static_cast<int>(std::lround(cp.j)), 0, grid.height - 1);
    const std::size_t c = map.index(i, j);
    if (!map.passable[c])
      co_return make_error(label + " " + describe(grid, p) +
                           " is on impassable ground: " + why_impassable(map, c));
    pts.push_back({i, j});
  }

  const std::size_t max_expanded = request.max_expanded ? request.max_expanded : 8 * cells;
  const int nmoves = request.connectivity;
  const double hscale = map.min_cost_per_m() * grid.cell_m;
  Search s(map, request.connectivity);
  s.g.assign(cells, kInf);
  s.pos.assign(cells, Search::kNone);
  s.parent.assign(cells, 0);

  Plan plan;
  for (std::size_t leg = 0; leg + 1 < pts.size(); ++leg) {
    const auto [si, sj] = pts[leg];
    const auto [gi, gj] = pts[leg + 1];
    const std::uint32_t start = static_cast<std::uint32_t>(map.index(si, sj));
    const std::uint32_t goal = static_cast<std::uint32_t>(map.index(gi, gj));
    const std::string goal_label =
        "goal " + std::to_string(leg + 1) + " " + describe(grid, grid.cell_center(gi, gj));
    if (leg > 0) {
      std::fill(s.g.begin(), s.g.end(), kInf);
      std::fill(s.pos.begin(), s.pos.end(), Search::kNone);
      s.heap.clear();
    }
    std::vector<std::uint32_t> cells_on_leg;
    if (start != goal) {
      // A goal no edge enters is unreachable whatever the search does: say so at once.
      bool enterable = false;
      for (int k = 0; k < nmoves && !enterable; ++k)
        enterable = std::isfinite(map.edge_cost(gi - kMoves[k].di, gj - kMoves[k].dj, gi, gj));
      if (!enterable)
        co_return make_error("goal unreachable: " + goal_label +
                             " is walled in: every move into it crosses " + limits_text(map.rover));
      s.g[start] = 0.0;
      s.push_or_decrease(start, hscale * lattice_distance(gi - si, gj - sj, nmoves));
      bool found = false;
      std::size_t reached = 0;
      while (!s.heap.empty()) {
        const std::uint32_t c = s.pop();
        if (c == goal) {
          found = true;
          break;
        }
        ++reached;
        if ((++plan.expanded & 4095) == 0) {
          const double el = jobs::work_seconds(clock) - t0;
          if (el > request.time_budget_s)
            co_return make_error("no path within the " + fmt("%g", request.time_budget_s) +
                                 " s planning budget after expanding " +
                                 std::to_string(plan.expanded) +
                                 " cells; try a coarser grid or closer goals");
          if (request.cancel && request.cancel->cancelled())
            co_return make_error("planning cancelled");
        }
        if (plan.expanded > max_expanded)
          co_return make_error("no path within the budget of " + std::to_string(max_expanded) +
                               " expanded cells; try a coarser grid or closer goals");
        const int ci = static_cast<int>(c % grid.width), cj = static_cast<int>(c / grid.width);
        const double gc = s.g[c];
        for (int k = 0; k < nmoves; ++k) {
          const int ni = ci + kMoves[k].di, nj = cj + kMoves[k].dj;
          if (ni < 0 || nj < 0 || ni >= grid.width || nj >= grid.height) continue;
          const std::uint32_t nc = static_cast<std::uint32_t>(map.index(ni, nj));
          if (s.pos[nc] == Search::kClosed || !map.passable[nc]) continue;
          const double e = map.edge_cost(ci, cj, ni, nj);
          if (!(e < kInf)) continue;
          const double ng = gc + e;
          if (ng < s.g[nc]) {
            s.g[nc] = ng;
            s.parent[nc] = static_cast<std::uint8_t>(k);
            s.push_or_decrease(nc, ng + hscale * lattice_distance(gi - ni, gj - nj, nmoves));
          }
        }
        if (clock && clock->spent(1)) co_await clock->pause();
      }
      if (!found)
        co_return make_error(
            "goal unreachable: every route to " + goal_label + " crosses " +
            limits_text(map.rover) + " (" + std::to_string(reached) + " cells reachable from " +
            (leg == 0 ? std::string("the start") : "goal " + std::to_string(leg)) + ")");
      for (std::uint32_t c = goal; c != start;) {
        cells_on_leg.push_back(c);
        const Move mv = kMoves[s.parent[c]];
        c = static_cast<std::uint32_t>(c - mv.dj * grid.width - mv.di);
      }
    }
    cells_on_leg.push_back(start);
    std::reverse(cells_on_leg.begin(), cells_on_leg.end());
    // Append (the first point of a later leg is the previous goal, already there).
    for (std::size_t k = plan.points.empty() ? 0 : 1; k < cells_on_leg.size(); ++k) {
      const std::uint32_t c = cells_on_leg[k];
      PathPoint p;
      p.i = static_cast<int>(c % grid.width);
      p.j = static_cast<int>(c / grid.width);
      p.xy = grid.cell_center(p.i, p.j);
      const terrain::LatLon ll = terrain::to_latlon(p.xy);
      p.lat_deg = ll.lat_rad * kRadToDeg;
      p.lon_deg = ll.lon_rad * kRadToDeg;
      p.height_m = map.height_m.empty() ? 0.0 : map.height_m[c];
      if (!plan.points.empty()) {
        const PathPoint& q = plan.points.back();
        plan.cost += map.edge_cost(q.i, q.j, p.i, p.j);
        const CostMap::EdgeMetrics m = map.edge_metrics(q.i, q.j, p.i, p.j);
        plan.distance_m += m.length_m;
        plan.drive_time_s += m.time_s;
        plan.energy_j += m.energy_j;
      }
      plan.points.push_back(p);
    }
    plan.points.back().stop_index = static_cast<int>(leg);
  }
  plan.elapsed_s = jobs::monotonic_seconds() - wall0;
  co_return std::move(plan);
}

double dijkstra_cost(const CostMap& map, int si, int sj, int gi, int gj, int connectivity) {
  const terrain::GridGeometry& grid = map.grid;
  if (si < 0 || sj < 0 || gi < 0 || gj < 0 || si >= grid.width || gi >= grid.width ||
      sj >= grid.height || gj >= grid.height)
    return kInf;
  const std::size_t start = map.index(si, sj), goal = map.index(gi, gj);
  if (!map.passable[start] || !map.passable[goal]) return kInf;
  std::vector<double> dist(grid.cells(), kInf);
  std::vector<std::uint8_t> done(grid.cells(), 0);
  using Entry = std::pair<double, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> open;
  dist[start] = 0.0;
  open.push({0.0, start});
  const int nmoves = connectivity == 8 ? 8 : 16;
  while (!open.empty()) {
    const auto [d, c] = open.top();
    open.pop();
    if (done[c]) continue;
    done[c] = 1;
    if (c == goal) return d;
    const int ci = static_cast<int>(c % grid.width), cj = static_cast<int>(c / grid.width);
    for (int k = 0; k < nmoves; ++k) {
      const int ni = ci + kMoves[k].di, nj = cj + kMoves[k].dj;
      const double e = map.edge_cost(ci, cj, ni, nj);  // +inf off the map or impassable
      if (!(e < kInf)) continue;
      const std::size_t nc = map.index(ni, nj);
      if (d + e < dist[nc]) {
        dist[nc] = d + e;
        open.push({dist[nc], nc});
      }
    }
  }
  return kInf;
}

}  // namespace ce8::traverse
