// Time-aware rover planning over 14 days on a 1024 x 1024 grid (planning grid 256 x 256) and
// the drive simulation's speed, natively and as WebAssembly (single-threaded on both, so the
// two run the same code path). Checked around the timed loop: the plan is found, its simulated
// drive is feasible and never under the battery floor; the simulation's energy books close.
#include <benchmark/benchmark.h>

#include <cmath>

#include "engine/ephemeris/sky_table.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/timed_planner.hpp"

namespace {

using namespace ce8;
using namespace ce8::traverse;

// 1024 x 1024 cells of 20 m near 89.3°S 45°E: low swells (6 m, 1-3 km wavelengths) under a Sun
// 1-2° high, smooth enough that the whole grid is passable and mostly lit, so the search cost
// does not depend on where rocks and shadows fall.
const terrain::Dem& hills() {
  static const terrain::Dem dem = [] {
    const terrain::MapXy c = terrain::to_map(terrain::latlon_deg(-89.3, 45.0));
    terrain::Dem d = *terrain::make_dem(terrain::GridGeometry::centered(c, 1024, 1024, 20.0));
    for (int j = 0; j < 1024; ++j)
      for (int i = 0; i < 1024; ++i) {
        const double x = i * 20.0, y = j * 20.0;
        d.at(i, j) = static_cast<float>(4.0 * std::sin(x / 900.0) * std::cos(y / 1300.0) +
                                        2.0 * std::sin((x + 2 * y) / 2100.0));
      }
    return d;
  }();
  return dem;
}

const ephemeris::SkyTable& sky() {
  static const ephemeris::SkyTable t = *ephemeris::SkyTable::build(
      *time::parse_iso8601("2030-08-20"), *time::parse_iso8601("2030-10-01"));
  return t;
}

TimedPlanOptions options() {
  TimedPlanOptions o;
  o.drive.start = *time::parse_iso8601("2030-08-26T00:00:00");
  o.drive.max_duration_s = 14 * 86400.0;
  o.drive.max_wait_s = 7 * 86400.0;
  o.max_grid = 256;
  o.time_budget_s = 300.0;
  o.threads = 1;
  return o;
}

// The SUPARCO rover (0.01 m/s, fixed vertical panel) over 10 km: about 12 days of driving in
// the 14-day window.
void BM_TimedPlan14Days(benchmark::State& state) {
  const terrain::Dem& dem = hills();
  const RoverModel rover = *find_rover("pk-suparco-rover");
  const terrain::MapXy a = dem.grid.cell_center(262, 512), b = dem.grid.cell_center(762, 512);
  bool ok = true;
  std::string why;
  double days = 0, waits_h = 0, labels = 0, samples = 0;
  for (auto _ : state) {
    auto tp = plan_timed(dem, rover, sky(), a, {b}, options());
    if (!tp) {
      ok = false;
      why = tp.error().message;
      break;
    }
    const DriveTotals& t = tp->drive.totals;
    if (!t.feasible || t.min_soc < rover.min_soc - 1e-9) {
      ok = false;
      why = "infeasible: " + t.reason;
    }
    days = t.duration_h / 24.0;
    waits_h = t.waiting_h;
    labels = static_cast<double>(tp->labels_expanded);
    samples = static_cast<double>(tp->drive.timeline.size());
    benchmark::DoNotOptimize(tp);
  }
  if (!ok) state.SkipWithError(why.c_str());
  state.counters["drive_days"] = days;
  state.counters["waiting_h"] = waits_h;
  state.counters["labels"] = labels;
  state.counters["samples"] = samples;
}
BENCHMARK(BM_TimedPlan14Days)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Drive simulation along a straight 10 km path at 60 s steps (horizons ray-marched per visited
// cell at mast height): samples per second.
void BM_DriveSimulation(benchmark::State& state) {
  const terrain::Dem& dem = hills();
  RoverModel rover = *find_rover("chinese-rover");
  auto costs = build_cost_map(dem, rover, CostOptions{});
  Plan plan;
  for (int i = 12; i < 512 + 12; ++i) {
    PathPoint p;
    p.i = i, p.j = 300;
    p.xy = dem.grid.cell_center(i, 300);
    plan.points.push_back(p);
  }
  DriveOptions o = options().drive;
  o.step_s = 60.0;
  bool ok = costs.ok();
  double samples = 0;
  for (auto _ : state) {
    auto d = simulate_drive(dem, *costs, nullptr, sky(), plan, o);
    ok = ok && d.ok();
    if (!ok) break;
    const DriveTotals& t = d->totals;
    ok = std::abs((t.energy_in_wh - t.energy_out_wh) - (t.final_energy_wh - t.initial_energy_wh)) <
         1e-6 * std::max(t.energy_out_wh, 1.0);
    samples += static_cast<double>(d->timeline.size());
    benchmark::DoNotOptimize(d);
  }
  if (!ok) state.SkipWithError("drive simulation failed or its books do not close");
  state.counters["samples_per_s"] = benchmark::Counter(samples, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DriveSimulation)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
