// Rover traverse planning (issue 6): cost map build and a cross-map A* plan (16-connected, time
// objective, the Chinese rover's model) on 1024 x 1024 and 4096 x 4096 grids of 5 m cells, the
// same sources natively and as WebAssembly. The terrain is a plain synthetic DEM (rolling hills
// and steep-rimmed craters the rover must go around): the south-pole generator needs about a
// minute for a 4096^2 tile (bench_terrain), too slow to set up a benchmark. A 1024^2 plan on a
// generated local tile (Leibnitz Beta plateau) is timed as well. Each plan is checked around
// the timed loop (a path that reaches the goal, cost at least the straight-line bound), and
// peak_heap_MiB is the measured peak heap of the plan itself (bench/heap_counter).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>

#include "engine/terrain/generator.hpp"
#include "engine/traverse/cost_map.hpp"
#include "engine/traverse/planner.hpp"
#include "heap_counter.hpp"

namespace {

using namespace ce8;
using namespace ce8::traverse;

// Hills (a few metres over hundreds of metres) plus bowl craters with raised rims, placed by a
// fixed LCG: deterministic on both targets.
terrain::Dem synthetic_dem(int n, double cell_m) {
  auto dem = terrain::make_dem(terrain::GridGeometry::centered({12000.0, -30000.0}, n, n, cell_m));
  std::uint64_t s = 12345;
  auto rnd = [&s] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  struct Crater {
    double ci, cj, r_cells, depth_m;
  };
  std::vector<Crater> craters;
  const int count = n * n / 6000;
  for (int k = 0; k < count; ++k) {
    const double r = 4.0 + 40.0 * rnd() * rnd();
    craters.push_back({rnd() * n, rnd() * n, r, r * cell_m * (0.15 + 0.15 * rnd())});
  }
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      dem->at(i, j) = static_cast<float>(6.0 * std::sin(i * 0.011) * std::cos(j * 0.013) +
                                         2.0 * std::sin(i * 0.037 + j * 0.029));
  // Craters: only cells within 1.5 radii are touched.
  for (const Crater& c : craters) {
    const int r = static_cast<int>(1.5 * c.r_cells) + 1;
    for (int j = std::max(0, static_cast<int>(c.cj) - r);
         j < std::min(n, static_cast<int>(c.cj) + r); ++j)
      for (int i = std::max(0, static_cast<int>(c.ci) - r);
           i < std::min(n, static_cast<int>(c.ci) + r); ++i) {
        const double x = std::hypot(i - c.ci, j - c.cj) / c.r_cells;
        double dz = 0.0;
        if (x < 1.0)
          dz = c.depth_m * (x * x - 1.0) + 0.15 * c.depth_m;  // bowl, rim at x = 1
        else if (x < 1.5)
          dz = 0.15 * c.depth_m * (1.5 - x) / 0.5;  // rim flank
        dem->at(i, j) += static_cast<float>(dz);
      }
  }
  return std::move(dem).value();
}

// The nearest passable cell to (i, j) along the diagonal toward the centre.
std::pair<int, int> passable_near(const CostMap& map, int i, int j) {
  const int n = map.grid.width;
  const int step = i < n / 2 ? 1 : -1;
  while (!map.passable[map.index(i, j)]) i += step, j += (j < n / 2 ? 1 : -1);
  return {i, j};
}

void run_plan(benchmark::State& state, const terrain::Dem& dem) {
  const int n = dem.width();
  const RoverModel rover = find_rover("chinese-rover").value();
  const CostMap map = build_cost_map(dem, rover, CostOptions{}).value();
  const auto a = passable_near(map, n / 20, n / 20);
  const auto b = passable_near(map, n - 1 - n / 20, n - 1 - n / 20);
  PlanRequest req;
  req.start = dem.grid.cell_center(a.first, a.second);
  req.stops = {dem.grid.cell_center(b.first, b.second)};
  req.time_budget_s = 300.0;
  Plan plan;
  ce8::bench::reset_peak_heap();
  for (auto _ : state) {
    auto p = plan_path(map, req);
    if (!p) {
      state.SkipWithError(p.error().message.c_str());
      return;
    }
    plan = std::move(*p);
    // (DoNotOptimize on a double lvalue corrupts it with Google Benchmark 1.7's "+r" asm.)
    benchmark::DoNotOptimize(plan.points.data());
  }
  const double straight = std::hypot(b.first - a.first, b.second - a.second) * dem.cell_m();
  if (plan.points.empty() || plan.points.back().i != b.first || plan.points.back().j != b.second ||
      !(plan.cost >= straight / rover.top_speed_m_s * (1 - 1e-9)))
    state.SkipWithError("the plan does not reach the goal or beats the straight-line bound");
  state.counters["expanded"] = static_cast<double>(plan.expanded);
  state.counters["path_km"] = plan.distance_m / 1000.0;
  state.counters["detour"] = plan.distance_m / straight;
  state.counters["peak_heap_MiB"] =
      static_cast<double>(ce8::bench::peak_heap_bytes_since_reset()) / 1048576.0;
}

void BM_TraversePlanSynthetic(benchmark::State& state) {
  const terrain::Dem dem = synthetic_dem(static_cast<int>(state.range(0)), 5.0);
  run_plan(state, dem);
}
BENCHMARK(BM_TraversePlanSynthetic)
    ->Arg(1024)
    ->Arg(4096)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_TraversePlanGeneratedTile(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const terrain::Dem dem =
      terrain::generate(terrain::local_tile_grid(terrain::landing_sites()[0], n, 5.0)).value();
  run_plan(state, dem);
}
BENCHMARK(BM_TraversePlanGeneratedTile)->Arg(1024)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_TraverseCostMap(benchmark::State& state) {
  const terrain::Dem dem = synthetic_dem(static_cast<int>(state.range(0)), 5.0);
  const RoverModel rover = find_rover("chinese-rover").value();
  double passable = 0.0;
  ce8::bench::reset_peak_heap();
  for (auto _ : state) {
    auto map = build_cost_map(dem, rover, CostOptions{});
    benchmark::DoNotOptimize(map->passable.data());
    passable = 0.0;
    for (auto p : map->passable) passable += p;
    passable /= static_cast<double>(map->passable.size());
  }
  if (!(passable > 0.5 && passable < 1.0)) state.SkipWithError("implausible passable fraction");
  state.counters["passable"] = passable;
  state.counters["peak_heap_MiB"] =
      static_cast<double>(ce8::bench::peak_heap_bytes_since_reset()) / 1048576.0;
}
BENCHMARK(BM_TraverseCostMap)->Arg(1024)->Arg(4096)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
