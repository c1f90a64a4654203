// What the explorer does before it can draw the real terrain: generate the regional grid
// (progressively, in row bands), derive normals and build the LOD chunk meshes. Used to pick a
// default grid the browser builds in a few seconds. Each result is checked around the timed loop.
#include <benchmark/benchmark.h>

#include "engine/terrain/derived.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/mesh.hpp"
#include "engine/terrain/progressive.hpp"

namespace {

using namespace ce8::terrain;

// Same 460.8 km extent as the default regional grid, n x n cells (512: 900 m, 1024: 450 m).
GridGeometry extent_grid(int n) { return regional_grid(n, kRegionalCellM * kRegionalSize / n); }

// Progressive generation in 8 ms bands (as a page would do between frames).
void BM_DemPrepGenerateProgressive(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  float check = 0.0f;
  for (auto _ : state) {
    auto job = ProgressiveDem::start(extent_grid(n));
    while (!job->done()) job->step_for(0.008);
    Dem dem = std::move(*job).take().value();
    check = height_stats(dem).min_height_m;
    benchmark::DoNotOptimize(dem.height_m.data());
  }
  if (!(check < -2000.0f)) state.SkipWithError("regional grid has no crater floors");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
  state.counters["cell_m"] = kRegionalCellM * kRegionalSize / n;
  state.counters["grid_MiB"] = 4.0 * n * n / 1048576.0;
}
BENCHMARK(BM_DemPrepGenerateProgressive)
    ->Arg(512)
    ->Arg(1024)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Normals + every chunk at every level (64-cell chunks, 5 levels), as upload() receives them.
void BM_DemPrepLodMeshes(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Dem dem = generate(extent_grid(n)).value();
  std::size_t vertices = 0, indices = 0;
  for (auto _ : state) {
    auto lod = build_lod_terrain(dem);
    vertices = indices = 0;
    for (const auto& m : lod->meshes) {
      vertices += m.positions.size();
      indices += m.indices.size();
    }
    benchmark::DoNotOptimize(lod->meshes.data());
  }
  if (vertices == 0) state.SkipWithError("no meshes");
  state.counters["vertices"] = static_cast<double>(vertices);
  state.counters["indices"] = static_cast<double>(indices);
}
BENCHMARK(BM_DemPrepLodMeshes)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond);

}  // namespace
