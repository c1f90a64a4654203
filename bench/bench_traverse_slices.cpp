// The explorer's traverse job in frame-sized slices (issue 16: the single-threaded browser build
// slices heavy work into steps of at most 16 ms), natively and as WebAssembly: a drive across
// the 512 x 512, 20 m local tile the explorer generates for the first landing site, with the
// settings the Traverse panel uses without threads (8 s planning budget, 128-cell time-aware
// planning grid). The job is stepped with jobs::kMaxSliceS per step as BackgroundJob does.
// Counters: longest_step_ms (the longest single step; longest_step_cpu_ms its processor time,
// robust on a loaded machine), steps, and longest_stage_ms, the longest
// of the four stages run whole (what one step took when the job stepped a stage at a time).
// Checked around the timed loop: the sliced plan equals the plan run at once, byte for byte.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "engine/jobs/background.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/traverse/request.hpp"
#include "engine/traverse/rover.hpp"

namespace {

using namespace ce8;
using namespace ce8::traverse;

const terrain::Dem& local_tile() {
  static const terrain::Dem dem =
      terrain::generate(terrain::local_tile_grid(terrain::landing_sites()[0], 512, 20.0)).value();
  return dem;
}

// The passable cell nearest (i, j) on a cost map of the tile (searching outwards).
terrain::MapXy passable_near(const CostMap& map, int i, int j) {
  for (int r = 0; r < 64; ++r)
    for (int dj = -r; dj <= r; ++dj)
      for (int di = -r; di <= r; ++di) {
        const int a = i + di, b = j + dj;
        if (a < 0 || b < 0 || a >= map.grid.width || b >= map.grid.height) continue;
        if (map.passable[map.index(a, b)]) return map.grid.cell_center(a, b);
      }
  return map.grid.cell_center(i, j);
}

TraverseRequest tile_request(bool time_aware) {
  const terrain::Dem& dem = local_tile();
  const RoverModel rover = find_rover("chinese-rover").value();
  const CostMap map = build_cost_map(dem, rover, CostOptions{}).value();
  TraverseSettings s;
  s.start_time = *time::parse_iso8601(time_aware ? "2028-10-20T00:00:00" : "2028-10-14T00:00:00");
  s.time_aware = time_aware;
  s.objective = Objective::kTime;
  s.budget_s = 8.0;
  s.threads = 1;
  s.max_grid = 128;
  s.suggestion_budget_s = 5.0;
  // The start in the west, the goal the first of a few eastern spots the rover can reach: about
  // 7 km away (plain), 0.6 km (time-aware: a schedule through light and shadow).
  const terrain::MapXy from = passable_near(map, 96, 256);
  terrain::MapXy to = from;
  const std::vector<std::pair<int, int>> goals =
      time_aware ? std::vector<std::pair<int, int>>{{126, 256}, {126, 280}, {120, 230}}
                 : std::vector<std::pair<int, int>>{{420, 300}, {400, 200}, {380, 380}};
  for (const auto& [i, j] : goals) {
    PlanRequest req;
    req.start = from;
    req.stops = {passable_near(map, i, j)};
    if (plan_path(map, req).ok()) {
      to = req.stops.front();
      break;
    }
  }
  return make_traverse_request(dem, "local tile", rover, from, {to}, s);
}

std::string json_of(const TraverseResult& r) {
  return drive_to_json(r.plan, r.drive, r.rover, r.objective) + r.drive.totals.suggestion;
}

void BM_TraverseJobSlices(benchmark::State& state) {
  const bool time_aware = state.range(0) != 0;
  // The whole job at once: the reference result and each stage's time.
  TraverseJob whole(tile_request(time_aware));
  if (whole.run(1) != jobs::JobState::kDone) {
    state.SkipWithError(whole.error().c_str());
    return;
  }
  const std::array<double, 4> stages = whole.stage_s();
  double longest_step = 0.0, total = 0.0;
  double longest_cpu = 0.0;  // processor time: robust against a loaded machine
  int longest_stage = -1;
  std::size_t steps = 0;
  std::string sliced;
  for (auto _ : state) {
    TraverseJob job(tile_request(time_aware));
    longest_step = longest_cpu = total = 0.0;
    steps = 0;
    for (;;) {
      const double t0 = jobs::monotonic_seconds();
      const std::clock_t c0 = std::clock();
      const jobs::JobState st = job.step(jobs::kMaxSliceS);
      const double dt = jobs::monotonic_seconds() - t0;
      longest_cpu = std::max(longest_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      if (dt > longest_step) longest_stage = job.stage();
      longest_step = std::max(longest_step, dt);
      total += dt;
      ++steps;
      if (st != jobs::JobState::kRunning) break;
    }
    if (job.state() != jobs::JobState::kDone) {
      state.SkipWithError(job.error().c_str());
      return;
    }
    sliced = json_of(*job.result());
  }
  if (sliced != json_of(*whole.result()))
    state.SkipWithError("the sliced plan differs from the plan run at once");
  state.counters["longest_step_ms"] = 1000.0 * longest_step;
  state.counters["longest_step_cpu_ms"] = 1000.0 * longest_cpu;
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["work_ms"] = 1000.0 * total;
  state.counters["longest_stage_ms"] = 1000.0 * *std::max_element(stages.begin(), stages.end());
  state.counters["longest_step_stage"] = longest_stage;
  state.counters["feasible"] = whole.result()->drive.totals.feasible;
  state.counters["sky_table_ms"] = 1000.0 * stages[0];
  state.counters["path_km"] = whole.result()->plan.distance_m / 1000.0;
}
BENCHMARK(BM_TraverseJobSlices)
    ->ArgName("time_aware")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
