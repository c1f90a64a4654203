// South-pole terrain: generation of the regional grid and of local tiles, slope/normals, LOD
// mesh build. The same sources run natively and as WebAssembly (under node). Each result is
// checked around the timed loop. Generation benchmarks report the measured peak heap of the
// work (peak_heap_MiB, from bench/heap_counter) next to the grid's own size (grid_MiB).
#include <benchmark/benchmark.h>

#include <cmath>

#include "engine/terrain/derived.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/mesh.hpp"
#include "heap_counter.hpp"

namespace {

using namespace ce8::terrain;

// Regional grid (225 m cells, centred on the pole) at N x N cells; N = 2048 is the default
// regional grid.
void BM_TerrainGenerateRegional(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const GridGeometry g = regional_grid(n, kRegionalCellM * kRegionalSize / n);
  float check = 0.0f;
  ce8::bench::reset_peak_heap();
  for (auto _ : state) {
    auto dem = generate(g);
    benchmark::DoNotOptimize(dem->height_m.data());
    check = height_stats(*dem).min_height_m;
  }
  // Shackleton's floor and the crater floors lie kilometres below the datum.
  if (!(check < -2000.0f)) state.SkipWithError("regional grid has no crater floors");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
  state.counters["peak_heap_MiB"] =
      static_cast<double>(ce8::bench::peak_heap_bytes_since_reset()) / 1048576.0;
  state.counters["grid_MiB"] = 4.0 * n * n / 1048576.0;
}
BENCHMARK(BM_TerrainGenerateRegional)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond);

// A local tile of 5 m cells on the Leibnitz Beta plateau (4096 = the default 20 km tile).
void BM_TerrainGenerateLocalTile(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const GridGeometry g = local_tile_grid(landing_sites()[0], n, 5.0);
  double check = 0.0;
  ce8::bench::reset_peak_heap();
  for (auto _ : state) {
    auto dem = generate(g);
    benchmark::DoNotOptimize(dem->height_m.data());
    check = height_stats(*dem).mean_height_m;
  }
  if (!(check > 3000.0)) state.SkipWithError("the plateau top should be kilometres high");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
  state.counters["peak_heap_MiB"] =
      static_cast<double>(ce8::bench::peak_heap_bytes_since_reset()) / 1048576.0;
  state.counters["grid_MiB"] = 4.0 * n * n / 1048576.0;
}
BENCHMARK(BM_TerrainGenerateLocalTile)
    ->Arg(1024)
    ->Arg(4096)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

Dem bench_dem(int n) { return generate(local_tile_grid(landing_sites()[2], n, 20.0)).value(); }

void BM_TerrainSlope(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Dem dem = bench_dem(n);
  float check = 0.0f;
  for (auto _ : state) {
    Dem s = slope_deg(dem);
    benchmark::DoNotOptimize(s.height_m.data());
    check = height_stats(s).max_height_m;
  }
  if (!(check > 1.0f && check < 90.0f)) state.SkipWithError("slope out of range");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
}
BENCHMARK(BM_TerrainSlope)->Arg(1024)->Unit(benchmark::kMillisecond);

void BM_TerrainNormals(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Dem dem = bench_dem(n);
  float check = 0.0f;
  for (auto _ : state) {
    auto nn = normals(dem);
    benchmark::DoNotOptimize(nn.data());
    check = nn[nn.size() / 2].z;
  }
  if (!(check > 0.0f && check <= 1.0f)) state.SkipWithError("normal not pointing up");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
}
BENCHMARK(BM_TerrainNormals)->Arg(1024)->Unit(benchmark::kMillisecond);

void BM_TerrainLodMesh(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Dem dem = bench_dem(n);
  std::size_t check = 0;
  for (auto _ : state) {
    auto lod = build_lod_terrain(dem);
    benchmark::DoNotOptimize(lod->meshes.data());
    check = lod->meshes.size();
  }
  const std::size_t chunks = static_cast<std::size_t>((n - 1 + 63) / 64);
  if (check != chunks * chunks * 5) state.SkipWithError("wrong number of chunk meshes");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
}
BENCHMARK(BM_TerrainLodMesh)->Arg(1024)->Unit(benchmark::kMillisecond);

}  // namespace
