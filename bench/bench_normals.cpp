// Surface normals of the placeholder terrain: the per-frame-independent preprocessing the
// renderer needs for every terrain tile.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>

#include "engine/terrain/placeholder.hpp"

namespace {

void BM_PlaceholderNormals(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const auto field = ce8::terrain::make_placeholder_south_pole(n, 120000.0);
  double check = 0.0;
  for (auto _ : state) {
    auto normals = ce8::terrain::compute_normals(field);
    benchmark::DoNotOptimize(normals.data());
    check = normals[normals.size() / 2].z;
  }
  // The result is checked around the timed loop: every normal is a unit vector pointing up.
  if (!(check > 0.0 && check <= 1.0)) state.SkipWithError("normal out of range");
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
}
BENCHMARK(BM_PlaceholderNormals)->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond);

void BM_PlaceholderGenerate(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto field = ce8::terrain::make_placeholder_south_pole(n, 120000.0);
    benchmark::DoNotOptimize(field.heights_m.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * n);
}
BENCHMARK(BM_PlaceholderGenerate)->Arg(256)->Unit(benchmark::kMillisecond);

}  // namespace
