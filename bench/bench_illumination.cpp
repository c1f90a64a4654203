// Horizon maps (1024 x 1024, 64 directions, 1, 2 and 4 threads) and illumination maps over time,
// natively and as WebAssembly (threads are used only where the build has them). Checked around
// the timed loop: horizons within +-90 deg, lit percent within 0..100.
#include <benchmark/benchmark.h>

#include <cmath>
#include <optional>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"

namespace {

using namespace ce8;
using namespace ce8::illumination;

const terrain::Dem& dem_of(int n) {
  static terrain::Dem d256, d1024;
  terrain::Dem& d = n == 1024 ? d1024 : d256;
  if (d.height_m.empty()) {
    // The regional model around the pole at 1024 x 1024 cells of 240 m (245 km).
    d = terrain::generate(terrain::regional_grid(n, 245760.0 / n)).value();
  }
  return d;
}

void BM_HorizonMap(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  HorizonOptions o{64, 0.0, true};
  if (state.range(2) > 0) o.lines_per_cell = static_cast<int>(state.range(2));
  const terrain::Dem& d = dem_of(n);
  bool ok = true;
  for (auto _ : state) {
    auto m = compute_horizon_map(d, o, threads);
    ok = ok && m.ok() && std::fabs(m->at(0, n / 2, n / 2)) < 1.6;
    benchmark::DoNotOptimize(m);
  }
  if (!ok) state.SkipWithError("horizon map failed");
  state.counters["cell_dirs_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * n * n * 64, benchmark::Counter::kIsRate);
}
// Args: cells, threads, sweep lines per cell (2, the default; 1, the fast setting).
BENCHMARK(BM_HorizonMap)
    ->Args({256, 1, 2})
    ->Args({1024, 1, 2})
    ->Args({1024, 2, 2})
    ->Args({1024, 4, 2})
    ->Args({1024, 1, 1})
    ->Args({1024, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// One month hourly on 256 x 256 cells: cost per cell-instant, to extrapolate a year on 1024^2.
void BM_IlluminationMap(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  const terrain::Dem& d = dem_of(n);
  auto hz = compute_horizon_map(d, {64, 0.0, true}, threads);
  const TimeWindow w{time::parse_iso8601("2028-01-01").value(),
                     time::parse_iso8601("2028-01-31").value(), 3600.0};
  bool ok = hz.ok();
  std::int64_t instants = 0;
  for (auto _ : state) {
    auto m = compute_illumination_map(d, *hz, w, threads);
    ok = ok && m.ok() && m->percent_lit[0] >= 0.0f && m->percent_lit[0] <= 100.0f;
    if (m.ok()) instants = m->instants;
  }
  if (!ok) state.SkipWithError("illumination map failed");
  state.counters["cell_instants_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * n * n * instants, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IlluminationMap)
    ->Args({256, 1})
    ->Args({256, 2})
    ->Args({256, 4})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The benchmark: one year hourly (2028, 8784 instants) on 1024 x 1024 cells with a
// 64-direction horizon map (computed outside the timed loop). Minutes per run: scripts/bench
// leaves it out; scripts/bench_horizon_grass runs it.
void BM_IlluminationYear(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  const terrain::Dem& d = dem_of(n);
  static Result<HorizonMap> hz = compute_horizon_map(d, {64, 0.0, true}, 2);
  const TimeWindow w{time::parse_iso8601("2028-01-01").value(),
                     time::parse_iso8601("2028-12-31T23:00:00Z").value(), 3600.0};
  bool ok = hz.ok();
  std::int64_t instants = 0;
  for (auto _ : state) {
    auto m = compute_illumination_map(d, *hz, w, threads);
    ok = ok && m.ok() && m->percent_lit[0] >= 0.0f && m->percent_lit[0] <= 100.0f;
    if (m.ok()) instants = m->instants;
  }
  if (!ok || instants != 8784) state.SkipWithError("illumination map failed");
  state.counters["cell_instants_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * n * n * instants, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IlluminationYear)
    ->Args({1024, 1})
    ->Args({1024, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Issue 17: a year hourly (2028, 8784 instants) on real LOLA terrain around the pole (240 m
// cells: 512^2 = 123 km, 1024^2 = 246 km), 64 directions. Args: cells, threads, method (0: the
// sector tables, the default; 1: the per-instant reference). Run by name, e.g.
// --benchmark_filter=BM_IlluminationLolaYear (the reference rows take minutes).
const terrain::Dem& lola_dem_of(int n) {
  static terrain::Dem d512, d1024;
  terrain::Dem& d = n == 1024 ? d1024 : d512;
  if (d.height_m.empty()) {
    auto moon = terrain::LolaTerrain::builtin();
    d = terrain::generate(terrain::GridGeometry::centered({0.0, 0.0}, n, n, 240.0), **moon).value();
  }
  return d;
}

void BM_IlluminationLolaYear(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  IlluminationOptions o;
  o.method =
      state.range(2) == 1 ? IlluminationMethod::kPerInstant : IlluminationMethod::kSectorTables;
  const terrain::Dem& d = lola_dem_of(n);
  // Each size's horizon map once, when first asked for (outside the timed loop).
  static std::optional<Result<HorizonMap>> hz512, hz1024;
  std::optional<Result<HorizonMap>>& slot = n == 1024 ? hz1024 : hz512;
  if (!slot) slot.emplace(compute_horizon_map(d, {64, 0.0, true}, 2));
  const Result<HorizonMap>& hz = *slot;
  const TimeWindow w{time::parse_iso8601("2028-01-01").value(),
                     time::parse_iso8601("2028-12-31T23:00:00Z").value(), 3600.0};
  bool ok = hz.ok();
  std::int64_t instants = 0;
  for (auto _ : state) {
    auto m = compute_illumination_map(d, *hz, w, threads, o);
    ok = ok && m.ok() && m->percent_lit[0] >= 0.0f && m->percent_lit[0] <= 100.0f;
    if (m.ok()) instants = m->instants;
  }
  if (!ok || instants != 8784) state.SkipWithError("illumination map failed");
  state.counters["cell_instants_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * n * n * instants, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IlluminationLolaYear)
    ->Args({512, 1, 0})
    ->Args({512, 2, 0})
    ->Args({1024, 1, 0})
    ->Args({1024, 2, 0})
    ->Args({512, 1, 1})
    ->Args({512, 2, 1})
    ->Args({1024, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
