// Traverse (issue 6): rover models, anisotropic cost map, A* planner. A* is checked against a
// plain Dijkstra on many random grids, costs against closed forms on planes, path slopes against
// Horn gradients recomputed from the DEM here, and bad input against the messages it must give.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/jobs/jobs.hpp"
#include "engine/mission/catalogue.hpp"
#include "engine/mission/embedded.hpp"
#include "engine/terrain/derived.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/planner.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {
namespace {

using terrain::Dem;
using terrain::GridGeometry;
using terrain::MapXy;

constexpr double kDeg = 3.14159265358979323846 / 180.0;

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

RoverModel test_rover() {
  RoverModel r;
  r.id = "test";
  r.name = "Test rover";
  r.mass_kg = 30;
  r.length_m = 1.0, r.width_m = 0.8, r.height_m = 0.5;
  r.top_speed_m_s = 0.05;
  r.max_slope_up_deg = 20, r.max_slope_down_deg = 25, r.max_cross_slope_deg = 15;
  r.max_obstacle_m = 0.15;
  r.panel_area_m2 = 0.3, r.panel_efficiency = 0.2;
  r.battery_wh = 200;
  r.power = {10, 20, 15, 5, 8};
  r.mast_height_m = 0.8;
  return r;
}

// z = tan(angle) * x: a plane rising toward +x.
Dem plane_x(double angle_deg, int n = 12, double cell = 5.0) {
  auto d = terrain::make_dem(GridGeometry::centered({20000.0, 10000.0}, n, n, cell));
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      d->at(i, j) = static_cast<float>(std::tan(angle_deg * kDeg) * i * cell);
  return std::move(d).value();
}

// Smooth random hills and a little noise: some cells too steep or too rough, most passable.
Dem random_dem(int n, unsigned seed, double cell = 5.0) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto d = terrain::make_dem(GridGeometry::centered({-30000.0, 45000.0}, n, n, cell));
  struct Bump {
    double x, y, amp, width;
  };
  std::vector<Bump> bumps;
  for (int k = 0; k < n / 5; ++k)
    bumps.push_back({u(rng) * n, u(rng) * n, (u(rng) - 0.4) * 16.0, 2.0 + u(rng) * 5.0});
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      double h = 0.02 * i * cell + 0.05 * (u(rng) - 0.5);
      for (const Bump& b : bumps) {
        const double r2 = ((i - b.x) * (i - b.x) + (j - b.y) * (j - b.y)) / (b.width * b.width);
        h += b.amp * std::exp(-r2);
      }
      d->at(i, j) = static_cast<float>(h);
    }
  return std::move(d).value();
}

// ---------------------------------------------------------------------------------------------
// Rover models

TEST(TraverseRover, BuiltinModelsAreTheCatalogueRovers) {
  const auto& rovers = builtin_rovers();
  std::set<std::string> ids;
  for (const RoverModel& r : rovers) ids.insert(r.id);
  EXPECT_EQ(ids,
            (std::set<std::string>{"chinese-rover", "pk-suparco-rover", "tr-metu-microrover"}));
  auto cat = mission::load_embedded_catalogue();
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  for (const RoverModel& r : rovers) {
    EXPECT_TRUE(check_rover(r).ok()) << r.id;
    const mission::Rover* c = nullptr;
    for (const auto& x : cat->rovers)
      if (x.id == r.id) c = &x;
    ASSERT_NE(c, nullptr) << r.id;
    // Consistent with the catalogue's own speed, mass and solar figures.
    EXPECT_NEAR(r.top_speed_m_s * 3600.0, c->speed_m_per_h, 0.02 * c->speed_m_per_h) << r.id;
    EXPECT_EQ(r.mass_kg, c->mass_kg);
    EXPECT_NEAR(r.panel_area_m2 * r.panel_efficiency * kSolarConstantWm2, c->solar_w,
                0.1 * c->solar_w)
        << r.id;
    // Not published: every engineering value carries its basis.
    for (const char* f : {"battery_wh", "top_speed_m_s", "max_slope_up_deg", "power.driving_w",
                          "panel_mount", "comm"})
      EXPECT_EQ(r.assumed.count(f), 1u) << r.id << " " << f;
    EXPECT_GT(r.power.idle_w + r.power.driving_w, 0.0);
    EXPECT_LE(r.max_slope_up_deg, 45.0);
  }
  // The small rovers are lighter, slower and have smaller batteries than the Chinese rover.
  const RoverModel cn = find_rover("chinese-rover").value();
  const RoverModel tr = find_rover("tr-metu-microrover").value();
  EXPECT_LT(tr.battery_wh, cn.battery_wh);
  EXPECT_LT(tr.max_obstacle_m, cn.max_obstacle_m);
  auto unknown = find_rover("lunokhod");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(contains(unknown.error().message, "lunokhod"));
  EXPECT_TRUE(contains(unknown.error().message, "pk-suparco-rover"));
}

TEST(TraverseRover, JsonRoundTripAndFieldNamingErrors) {
  const RoverModel pk = find_rover("pk-suparco-rover").value();
  const nlohmann::json j = rover_to_json(pk);
  EXPECT_EQ(j["panel_mount"], "fixed-vertical");
  EXPECT_EQ(j["comm"], "via-lander");
  auto back = rover_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(rover_to_json(*back).dump(), j.dump());

  auto bad = [&](auto edit) {
    nlohmann::json k = j;
    edit(k);
    auto r = rover_from_json(k);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message;
  };
  std::string m = bad([](nlohmann::json& k) { k["battery_wh"] = -3; });
  EXPECT_TRUE(contains(m, "model.battery_wh")) << m;
  EXPECT_TRUE(contains(m, "-3")) << m;
  EXPECT_TRUE(contains(m, "pk-suparco-rover")) << m;
  m = bad([](nlohmann::json& k) { k["power"].erase("idle_w"); });
  EXPECT_TRUE(contains(m, "model.power.idle_w")) << m;
  m = bad([](nlohmann::json& k) { k["panel_mount"] = "tilted"; });
  EXPECT_TRUE(contains(m, "panel_mount")) << m;
  m = bad([](nlohmann::json& k) { k["comm"] = 3; });
  EXPECT_TRUE(contains(m, "model.comm")) << m;
  m = bad([](nlohmann::json& k) { k["max_slope_up_deg"] = 75; });
  EXPECT_TRUE(contains(m, "model.max_slope_up_deg must be in [1, 60]")) << m;
  m = bad([](nlohmann::json& k) { k["min_soc"] = "0.2"; });
  EXPECT_TRUE(contains(m, "model.min_soc")) << m;
  m = bad([](nlohmann::json& k) { k["power"]["heater_w"] = 3; });
  EXPECT_TRUE(contains(m, "heater_w")) << m;

  RoverModel r = pk;
  r.top_speed_m_s = std::nan("");
  auto st = check_rover(r);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(contains(st.error().message, "model.top_speed_m_s")) << st.error().message;
}

TEST(TraverseRover, CatalogueTextWithABadModelIsRejected) {
  auto doc = nlohmann::json::parse(mission::embedded_catalogue_texts().rovers);
  ASSERT_TRUE(parse_rover_models(doc.dump()).ok());
  doc["entries"][2]["model"]["max_cross_slope_deg"] = 0;
  auto r = parse_rover_models(doc.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "tr-metu-microrover")) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "model.max_cross_slope_deg")) << r.error().message;
  // The catalogue loader accepts "model.X" assumptions and still rejects unknown ones.
  auto texts = mission::embedded_catalogue_texts();
  ASSERT_TRUE(mission::load_catalogue(texts).ok());
  auto doc2 = nlohmann::json::parse(texts.rovers);
  doc2["entries"][0]["assumed"]["model.colour"] = "a guess";
  const std::string edited = doc2.dump();
  texts.rovers = edited;
  auto cat = mission::load_catalogue(texts);
  ASSERT_FALSE(cat.ok());
  EXPECT_TRUE(contains(cat.error().message, "model.colour")) << cat.error().message;
}

// ---------------------------------------------------------------------------------------------
// Cost map

TEST(TraverseCostMap, UphillCostsMoreThanDownhillAndMatchesTheSpec) {
  const RoverModel r = test_rover();
  const double cell = 5.0;
  const Dem dem = plane_x(10.0, 12, cell);
  for (Objective o : {Objective::kTime, Objective::kEnergy, Objective::kRisk}) {
    CostOptions opt;
    opt.objective = o;
    const CostMap map = build_cost_map(dem, r, opt).value();
    const double up = map.edge_cost(5, 5, 6, 5), down = map.edge_cost(6, 5, 5, 5);
    EXPECT_GT(up, down * 1.05) << objective_name(o);
    EXPECT_TRUE(std::isfinite(up));
  }
  CostOptions opt;
  const CostMap map = build_cost_map(dem, r, opt).value();
  // Closed forms of the header's model on a 10° plane (the Horn gradient is exact on planes).
  const double ground = cell / std::cos(10.0 * kDeg);
  const double v_up = r.top_speed_m_s * (1.0 - 0.7 * 10.0 / 20.0);
  const auto up = map.edge_metrics(5, 5, 6, 5);
  EXPECT_NEAR(up.length_m, ground, 1e-4);
  EXPECT_NEAR(up.time_s, ground / v_up, 1e-3 * ground / v_up);
  EXPECT_NEAR(up.along_slope_deg, 10.0, 1e-3);
  EXPECT_NEAR(up.cross_slope_deg, 0.0, 1e-3);
  const double lift = r.mass_kg * 1.62 * cell * std::tan(10.0 * kDeg) / 0.5;
  EXPECT_NEAR(up.energy_j, up.time_s * 30.0 + lift, 1e-3 * up.energy_j);
  const auto down = map.edge_metrics(6, 5, 5, 5);
  EXPECT_NEAR(down.time_s, ground / r.top_speed_m_s, 1e-3 * down.time_s);
  EXPECT_NEAR(down.along_slope_deg, -10.0, 1e-3);
  // Across the slope (along y): flat along-track, cross slope 10°, top speed.
  const auto across = map.edge_metrics(5, 5, 5, 6);
  EXPECT_NEAR(across.cross_slope_deg, 10.0, 1e-3);
  EXPECT_NEAR(across.time_s, cell / r.top_speed_m_s, 1e-6);
  // Distance is symmetric.
  CostOptions dist;
  dist.objective = Objective::kDistance;
  const CostMap dm = build_cost_map(dem, r, dist).value();
  EXPECT_DOUBLE_EQ(dm.edge_cost(5, 5, 6, 5), dm.edge_cost(6, 5, 5, 5));
  // Not neighbours / off the map.
  EXPECT_TRUE(std::isinf(map.edge_cost(5, 5, 8, 5)));
  EXPECT_TRUE(std::isinf(map.edge_cost(0, 0, -1, 0)));
}

TEST(TraverseCostMap, OverLimitSlopesAndCrossSlopesAreImpassable) {
  const RoverModel r = test_rover();  // up 20, down 25, cross 15
  {
    const CostMap m = build_cost_map(plane_x(22.0), r, {}).value();
    EXPECT_TRUE(m.passable[m.index(5, 5)]);               // 22 <= 25: may stand (facing down)
    EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 6, 5)));     // 22 up > 20
    EXPECT_TRUE(std::isfinite(m.edge_cost(6, 5, 5, 5)));  // 22 down <= 25
    EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 5, 6)));     // 22 across > 15
    EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 6, 6)));     // diagonal: 15.8 up, 15.8 across
    EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 6, 7)));     // knight: cross 19.8 > 15
  }
  {
    const CostMap m = build_cost_map(plane_x(17.0), r, {}).value();
    EXPECT_TRUE(std::isfinite(m.edge_cost(5, 5, 6, 5)));  // 17 up
    EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 5, 6)));     // 17 across > 15
    // Knight (2, 1): along atan(tan17 * 2/sqrt5) = 15.3 up, across atan(tan17/sqrt5) = 7.8.
    EXPECT_TRUE(std::isfinite(m.edge_cost(5, 5, 7, 6)));
  }
  {
    const CostMap m = build_cost_map(plane_x(27.0), r, {}).value();
    EXPECT_FALSE(m.passable[m.index(5, 5)]);  // steeper than both limits: cannot stand
  }
  // A knight move whose passed-over cells are impassable is blocked even if its ends are fine.
  Dem flat = plane_x(0.0, 12);
  CostMap m = build_cost_map(flat, r, {}).value();
  EXPECT_TRUE(std::isfinite(m.edge_cost(5, 5, 6, 7)));
  m.passable[m.index(5, 6)] = 0;  // one of the two cells the move (1, 2) passes over
  EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 6, 7)));
  EXPECT_TRUE(std::isinf(m.edge_cost(5, 5, 4, 7)));     // (-1, 2) passes (5,6) too
  EXPECT_TRUE(std::isfinite(m.edge_cost(5, 5, 7, 6)));  // (2, 1) does not
}

TEST(TraverseCostMap, FrictionMapFollowsRCostRule) {
  auto g = GridGeometry::centered({0, 0}, 6, 6, 10.0);
  std::vector<float> f(36, 1.0f);
  f[2 * 6 + 3] = 3.0f;  // cell (3, 2)
  f[1 * 6 + 3] = std::nanf("");
  const CostMap m = friction_cost_map(g, f).value();
  EXPECT_DOUBLE_EQ(m.edge_cost(2, 2, 3, 2), 10.0 * (1 + 3) / 2.0);
  EXPECT_DOUBLE_EQ(m.edge_cost(2, 2, 3, 3), 10.0 * std::sqrt(2.0) * (1 + 1) / 2.0);
  // Knight (2,2)->(3,4) passes (2,3) and (3,3): mean of four cells.
  EXPECT_DOUBLE_EQ(m.edge_cost(2, 2, 3, 4), 10.0 * std::sqrt(5.0) * 4 / 4.0);
  // Knight (2,3)->(4,2) passes (3,3) and (3,2): (1 + 1 + 3 + 1) / 4.
  EXPECT_DOUBLE_EQ(m.edge_cost(2, 3, 4, 2), 10.0 * std::sqrt(5.0) * 6 / 4.0);
  EXPECT_TRUE(std::isinf(m.edge_cost(3, 2, 3, 1)));  // into nodata
  EXPECT_TRUE(std::isinf(m.edge_cost(2, 2, 4, 1)));  // knight over nodata (3,1)
  EXPECT_EQ(m.min_cost_per_m(), 1.0);
}

// ---------------------------------------------------------------------------------------------
// Planner

TEST(TraversePlanner, AStarEqualsDijkstraOnRandomGrids) {
  const RoverModel r = test_rover();
  int compared = 0, unreachable = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Dem dem = random_dem(40, seed);
    std::mt19937 rng(seed * 7919u);
    std::uniform_int_distribution<int> cell(0, 39);
    for (Objective o :
         {Objective::kTime, Objective::kEnergy, Objective::kDistance, Objective::kRisk}) {
      CostOptions opt;
      opt.objective = o;
      std::vector<float> lit(dem.grid.cells());
      for (std::size_t k = 0; k < lit.size(); ++k)
        lit[k] = static_cast<float>((k * 37 % 101) / 100.0);
      CostMap map = build_cost_map(dem, r, opt, lit).value();
      // Every third grid gets a wall across it (knight moves cannot jump a wall: they need
      // both cells they pass over), so that some goals are unreachable.
      if (seed % 3 == 0)
        for (int j = 0; j < 40; ++j) map.passable[map.index(20, j)] = 0;
      for (int conn : {8, 16}) {
        for (int trial = 0; trial < 3; ++trial) {
          int si, sj, gi, gj;
          do {
            si = cell(rng), sj = cell(rng), gi = cell(rng), gj = cell(rng);
          } while (!map.passable[map.index(si, sj)] || !map.passable[map.index(gi, gj)]);
          PlanRequest req;
          req.start = dem.grid.cell_center(si, sj);
          req.stops = {dem.grid.cell_center(gi, gj)};
          req.connectivity = conn;
          const double ref = dijkstra_cost(map, si, sj, gi, gj, conn);
          auto plan = plan_path(map, req);
          if (!std::isfinite(ref)) {
            ASSERT_FALSE(plan.ok()) << "seed " << seed;
            EXPECT_TRUE(contains(plan.error().message, "unreachable")) << plan.error().message;
            ++unreachable;
            continue;
          }
          ASSERT_TRUE(plan.ok()) << plan.error().message;
          EXPECT_NEAR(plan->cost, ref, 1e-9 * ref)
              << "seed " << seed << " " << objective_name(o) << " conn " << conn;
          // The plan's cost is the sum of its edges, each a move of the chosen neighbourhood.
          double sum = 0.0;
          for (std::size_t k = 1; k < plan->points.size(); ++k) {
            const auto& a = plan->points[k - 1];
            const auto& b = plan->points[k];
            const int adi = std::abs(b.i - a.i), adj = std::abs(b.j - a.j);
            EXPECT_TRUE(std::max(adi, adj) == 1 || (conn == 16 && adi + adj == 3));
            sum += map.edge_cost(a.i, a.j, b.i, b.j);
          }
          EXPECT_NEAR(sum, plan->cost, 1e-12 * ref);
          EXPECT_EQ(plan->points.front().i, si);
          EXPECT_EQ(plan->points.back().j, gj);
          ++compared;
        }
      }
    }
  }
  EXPECT_GE(compared, 80);
  EXPECT_GE(unreachable, 5);
  std::printf("A* vs Dijkstra: %d plans equal, %d unreachable pairs agreed\n", compared,
              unreachable);
}

// Every 8-connected path is a 16-connected one, so 16 directions never cost more.
TEST(TraversePlanner, SixteenConnectedIsNeverWorseThanEight) {
  const Dem dem = random_dem(40, 11);
  const CostMap map = build_cost_map(dem, test_rover(), {}).value();
  int n = 0;
  for (int k = 0; k < 20; ++k) {
    const int si = (k * 7) % 40, sj = (k * 13) % 40, gi = 39 - si, gj = (k * 3) % 40;
    const double c8 = dijkstra_cost(map, si, sj, gi, gj, 8);
    const double c16 = dijkstra_cost(map, si, sj, gi, gj, 16);
    if (!std::isfinite(c8)) continue;
    EXPECT_LE(c16, c8 * (1 + 1e-12));
    ++n;
  }
  EXPECT_GT(n, 5);
}

TEST(TraversePlanner, FlatFrictionGivesTheLatticeDistance) {
  auto g = GridGeometry::centered({0, 0}, 30, 30, 2.0);
  const CostMap m = friction_cost_map(g, std::vector<float>(900, 1.0f)).value();
  PlanRequest req;
  req.start = g.cell_center(3, 4);
  req.stops = {g.cell_center(23, 9)};  // dx 20, dy 5: 10 moves (1,0) + 5 moves (2,1)
  auto p16 = plan_path(m, req);
  ASSERT_TRUE(p16.ok());
  EXPECT_NEAR(p16->cost, 2.0 * (10 + 5 * std::sqrt(5.0)), 1e-9);
  req.connectivity = 8;
  auto p8 = plan_path(m, req);
  ASSERT_TRUE(p8.ok());
  EXPECT_NEAR(p8->cost, 2.0 * (15 + 5 * std::sqrt(2.0)), 1e-9);
}

TEST(TraversePlanner, PathsStayWithinTheRoversSlopeLimits) {
  const RoverModel r = test_rover();
  int edges = 0, steep = 0;
  for (unsigned seed = 21; seed <= 26; ++seed) {
    const Dem dem = random_dem(60, seed);
    const CostMap map = build_cost_map(dem, r, {}).value();
    // Independent check: Horn gradients from the DEM, directions from the cell steps.
    for (int k = 0; k < 4; ++k) {
      PlanRequest req;
      req.start = dem.grid.cell_center(2 + k, 3 + 10 * k);
      req.stops = {dem.grid.cell_center(57 - k, 55 - 12 * k)};
      auto plan = plan_path(map, req);
      if (!plan.ok()) continue;  // unreachable pairs are covered elsewhere
      for (std::size_t q = 0; q < plan->points.size(); ++q) {
        const auto& a = plan->points[q];
        const auto ga = terrain::horn_gradient(dem, a.i, a.j);
        const double slope = std::atan(std::hypot(ga.dz_dx, ga.dz_dy)) / kDeg;
        EXPECT_LE(slope, 25.0 + 1e-3);
        if (q == 0) continue;
        const auto& b = plan->points[q - 1];
        const double dx = (a.i - b.i) * dem.cell_m(), dy = -(a.j - b.j) * dem.cell_m();
        const double len = std::hypot(dx, dy);
        for (const auto* pt : {&a, &b}) {
          const auto g = terrain::horn_gradient(dem, pt->i, pt->j);
          const double along = std::atan((g.dz_dx * dx + g.dz_dy * dy) / len) / kDeg;
          const double cross = std::atan(std::abs(g.dz_dx * dy - g.dz_dy * dx) / len) / kDeg;
          EXPECT_LE(along, 20.0 + 1e-3);
          EXPECT_GE(along, -25.0 - 1e-3);
          EXPECT_LE(cross, 15.0 + 1e-3);
          if (std::abs(along) > 10.0) ++steep;
        }
        ++edges;
      }
    }
  }
  EXPECT_GT(edges, 500);
  EXPECT_GT(steep, 0);  // the terrain did test the limits
}

// A flat 120 x 120 map with a ring of cliffs (a 30 m step) around the goal.
Dem ring_dem(int n, int ci, int cj, int radius) {
  auto d = terrain::make_dem(GridGeometry::centered({1000.0, -2000.0}, n, n, 5.0));
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double r = std::hypot(i - ci, j - cj);
      d->at(i, j) = (r >= radius && r <= radius + 2) ? 30.0f : 0.0f;
    }
  return std::move(d).value();
}

TEST(TraversePlanner, UnreachableGoalIsReportedQuickly) {
  const RoverModel r = test_rover();
  {  // Goal inside a ring of cliffs: the search runs out of cells.
    const Dem dem = ring_dem(120, 80, 60, 8);
    const CostMap map = build_cost_map(dem, r, {}).value();
    PlanRequest req;
    req.start = dem.grid.cell_center(5, 5);
    req.stops = {dem.grid.cell_center(80, 60)};
    const double t0 = jobs::monotonic_seconds();
    auto plan = plan_path(map, req);
    ASSERT_FALSE(plan.ok());
    EXPECT_LT(jobs::monotonic_seconds() - t0, 2.0);
    const std::string& m = plan.error().message;
    EXPECT_TRUE(contains(m, "goal unreachable")) << m;
    EXPECT_TRUE(contains(m, "goal 1")) << m;
    EXPECT_TRUE(contains(m, "20° up")) << m;
    EXPECT_FALSE(std::isfinite(dijkstra_cost(map, 5, 5, 80, 60)));
  }
  {  // Goal walled in directly (all its neighbours impassable): rejected before searching.
    const Dem dem = ring_dem(120, 80, 60, 2);
    const CostMap map = build_cost_map(dem, r, {}).value();
    PlanRequest req;
    req.start = dem.grid.cell_center(5, 5);
    req.stops = {dem.grid.cell_center(80, 60)};
    auto plan = plan_path(map, req);
    ASSERT_FALSE(plan.ok());
    EXPECT_TRUE(contains(plan.error().message, "walled in")) << plan.error().message;
  }
}

TEST(TraversePlanner, BadStartsAndGoalsNameThePoint) {
  const RoverModel r = test_rover();
  Dem dem = plane_x(0.0, 40);
  // A steep patch (40°) around cell (10, 10).
  for (int j = 5; j < 16; ++j)
    for (int i = 5; i < 16; ++i) dem.at(i, j) = static_cast<float>(std::tan(40 * kDeg) * i * 5.0);
  const CostMap map = build_cost_map(dem, r, {}).value();
  PlanRequest req;
  req.start = dem.grid.cell_center(10, 10);
  req.stops = {dem.grid.cell_center(30, 30)};
  auto p = plan_path(map, req);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(contains(p.error().message, "start")) << p.error().message;
  EXPECT_TRUE(contains(p.error().message, "too steep")) << p.error().message;
  EXPECT_TRUE(contains(p.error().message, "40.0°")) << p.error().message;
  char xy[64];
  std::snprintf(xy, sizeof xy, "x %.1f m", req.start.x_m);
  EXPECT_TRUE(contains(p.error().message, xy)) << p.error().message;

  req.start = dem.grid.cell_center(30, 2);
  req.stops = {dem.grid.cell_center(30, 30), MapXy{dem.grid.bounds().x_max_m + 10.0, 10000.0}};
  p = plan_path(map, req);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(contains(p.error().message, "goal 2")) << p.error().message;
  EXPECT_TRUE(contains(p.error().message, "off the map")) << p.error().message;

  req.stops = {MapXy{std::nan(""), 0.0}};
  EXPECT_FALSE(plan_path(map, req).ok());
  req.stops = {};
  EXPECT_FALSE(plan_path(map, req).ok());
  req.stops = {dem.grid.cell_center(30, 30)};
  req.connectivity = 12;
  EXPECT_FALSE(plan_path(map, req).ok());
}

TEST(TraversePlanner, TimeBudgetStopsABigSearch) {
  // 1536 x 1536 hills with the risk objective (weakest heuristic): far more than 30 ms of work.
  const int n = 1536;
  auto d = terrain::make_dem(GridGeometry::centered({0.0, 0.0}, n, n, 5.0));
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      d->at(i, j) = static_cast<float>(3.0 * std::sin(i * 0.05) * std::cos(j * 0.043));
  CostOptions opt;
  opt.objective = Objective::kRisk;
  const CostMap map = build_cost_map(*d, test_rover(), opt).value();
  PlanRequest req;
  req.start = d->grid.cell_center(3, 3);
  req.stops = {d->grid.cell_center(n - 4, n - 4)};
  req.time_budget_s = 0.03;
  const double t0 = jobs::monotonic_seconds();
  auto p = plan_path(map, req);
  const double el = jobs::monotonic_seconds() - t0;
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(contains(p.error().message, "0.03 s planning budget")) << p.error().message;
  EXPECT_TRUE(contains(p.error().message, "expanding")) << p.error().message;
  EXPECT_LT(el, 1.0);
  // The node budget works the same way.
  req.time_budget_s = 100;
  req.max_expanded = 1000;
  p = plan_path(map, req);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(contains(p.error().message, "1000 expanded cells")) << p.error().message;
  // Cancel.
  jobs::CancelFlag cancel;
  cancel.cancel();
  req.max_expanded = 0;
  req.cancel = &cancel;
  p = plan_path(map, req);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(contains(p.error().message, "cancelled")) << p.error().message;
}

TEST(TraversePlanner, MultiStopRouteVisitsStopsInOrder) {
  const Dem dem = random_dem(50, 5);
  const CostMap map = build_cost_map(dem, test_rover(), {}).value();
  std::vector<std::pair<int, int>> cells;
  // Passable stop cells spread over the map.
  for (auto [i, j] : std::vector<std::pair<int, int>>{{4, 4}, {45, 8}, {40, 44}, {6, 40}}) {
    while (!map.passable[map.index(i, j)]) i = (i + 1) % 50;
    cells.push_back({i, j});
  }
  PlanRequest req;
  req.start = dem.grid.cell_center(cells[0].first, cells[0].second);
  for (std::size_t k = 1; k < cells.size(); ++k)
    req.stops.push_back(dem.grid.cell_center(cells[k].first, cells[k].second));
  req.stops.push_back(req.start);  // and back to the lander
  auto plan = plan_path(map, req);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  int next = 0;
  double legs = 0.0;
  std::size_t from = 0;
  for (std::size_t q = 0; q < plan->points.size(); ++q) {
    const PathPoint& p = plan->points[q];
    if (p.stop_index < 0) continue;
    ASSERT_EQ(p.stop_index, next);
    const auto want = next + 1 < static_cast<int>(cells.size()) ? cells[next + 1] : cells[0];
    EXPECT_EQ(p.i, want.first);
    EXPECT_EQ(p.j, want.second);
    // Each leg is optimal on its own.
    const PathPoint& a = plan->points[from];
    legs += dijkstra_cost(map, a.i, a.j, p.i, p.j);
    from = q;
    ++next;
  }
  EXPECT_EQ(next, 4);
  EXPECT_EQ(plan->points.back().stop_index, 3);
  EXPECT_NEAR(plan->cost, legs, 1e-9 * legs);
  EXPECT_GT(plan->distance_m, 0.0);
  EXPECT_GT(plan->drive_time_s, plan->distance_m / test_rover().top_speed_m_s * 0.999);
  EXPECT_NEAR(plan->points.front().height_m, dem.at(cells[0].first, cells[0].second), 1e-6);
}

}  // namespace
}  // namespace ce8::traverse
