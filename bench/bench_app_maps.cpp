// The explorer's illumination maps on the CPU, computed as the app computes them for
// compute_maps with "backend": "cpu" (src/app/illumination_view.cpp): the built-in LOLA regional
// terrain (1024² cells of 600 m, src/app/app_internal.hpp) block-averaged x2 to 512² cells of
// 1200 m (kShadowCells), its horizon map in 32 directions (kShadowDirections; outside the timed
// loop), then IlluminationJob::run(threads) over kAppMapsDays from kAppMapsFrom every
// kAppMapsStepH hours. Args: threads. scripts/bench_browser sends the same request to the page
// and compares the maps' summary numbers (the counters below) with the browser's status, so the
// table's columns are the same computation.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <optional>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"
#include "engine/time/time.hpp"

namespace {

using namespace ce8;
using namespace ce8::illumination;

// The window scripts/bench_browser asks the page for (set_clock, then compute_maps).
constexpr const char* kAppMapsFrom = "2028-01-01T00:00:00Z";
constexpr double kAppMapsDays = 90.0;
constexpr double kAppMapsStepH = 1.0;

struct AppMapsInput {
  terrain::Dem small;
  HorizonMap horizon;
};

// The app's terrain and horizon map, once (the app's terrain build, then start_horizon()).
const AppMapsInput* app_maps_input() {
  static std::unique_ptr<AppMapsInput> input = []() -> std::unique_ptr<AppMapsInput> {
    auto moon = terrain::LolaTerrain::builtin();
    if (!moon) return nullptr;
    auto dem = terrain::generate(terrain::regional_grid(1024, 600.0), **moon);
    if (!dem) return nullptr;
    auto small = terrain::downsample_mean(*dem, 2);
    if (!small) return nullptr;
    auto out = std::make_unique<AppMapsInput>();
    out->small = std::move(*small);
    HorizonOptions options;
    options.directions = 32;
    auto hz = compute_horizon_map(out->small, options, 2);
    if (!hz) return nullptr;
    out->horizon = std::move(*hz);
    return out;
  }();
  return input.get();
}

void BM_AppMaps(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const AppMapsInput* in = app_maps_input();
  if (!in) {
    state.SkipWithError("the app's terrain or horizon map failed");
    return;
  }
  TimeWindow w;
  w.from = time::parse_iso8601(kAppMapsFrom, time::Scale::kUtc).value();
  w.until = time::Instant::from_tt_seconds_since_j2000(w.from.tt_seconds_since_j2000() +
                                                       kAppMapsDays * 86400.0);
  w.step_s = kAppMapsStepH * 3600.0;
  std::optional<IlluminationMap> last;
  bool ok = true;
  for (auto _ : state) {
    // Timed: the job's run(threads), as the app's status job_s (its thread's run).
    state.PauseTiming();
    auto job = IlluminationJob::create(in->small, in->horizon, w);
    state.ResumeTiming();
    ok = ok && job.ok() && job->run(threads) == jobs::JobState::kDone;
    if (ok) last = job->take_result();
  }
  if (!ok || !last) {
    state.SkipWithError("illumination map failed");
    return;
  }
  // The summary the app's status gives (IlluminationView::summarize).
  double lit = 0.0;
  long long cells = 0, shadow = 0;
  for (std::size_t k = 0; k < last->percent_lit.size(); ++k) {
    if (!std::isfinite(last->percent_lit[k])) continue;
    ++cells;
    lit += last->percent_lit[k];
    shadow += last->permanent_shadow[k] > 0.5f;
  }
  state.counters["instants"] = static_cast<double>(last->instants);
  state.counters["cells"] = static_cast<double>(cells);
  state.counters["shadow_cells"] = static_cast<double>(shadow);
  state.counters["mean_percent_lit"] = cells > 0 ? lit / static_cast<double>(cells) : 0.0;
  state.counters["grid_width"] = in->small.grid.width;
  state.counters["cell_m"] = in->small.grid.cell_m;
  state.counters["directions"] = in->horizon.directions();
  state.counters["window_days"] = kAppMapsDays;
  state.counters["step_hours"] = kAppMapsStepH;
}
BENCHMARK(BM_AppMaps)
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
