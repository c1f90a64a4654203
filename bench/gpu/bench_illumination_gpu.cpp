// Issue 17, the GPU path: a year hourly (2028, 8784 instants) of illumination maps on real LOLA
// terrain around the pole (240 m cells, 64 directions: the same grid and horizon map as
// BM_IlluminationLolaYear in bench/bench_illumination.cpp) with render::IlluminationGpu, in a
// hidden SDL2 window's GL 3.3 core context. Natively only; run it under xvfb-run for Mesa's
// software rasteriser (llvmpipe) or on a desktop for the real GPU:
//   xvfb-run -a build/native/bench/ce8_bench_gpu --benchmark_filter=512
// Timed: uploads, every pass (each waited for), read-back and the cells decided on the CPU.
#include <SDL.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <optional>
#include <string>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"
#include "render/gl.hpp"
#include "render/illumination_gpu.hpp"

namespace {

using namespace ce8;

const terrain::Dem& lola_dem_of(int n) {
  static terrain::Dem d512, d1024;
  terrain::Dem& d = n == 1024 ? d1024 : d512;
  if (d.height_m.empty()) {
    auto moon = terrain::LolaTerrain::builtin();
    d = terrain::generate(terrain::GridGeometry::centered({0.0, 0.0}, n, n, 240.0), **moon).value();
  }
  return d;
}

void BM_IlluminationGpuLolaYear(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const terrain::Dem& d = lola_dem_of(n);
  static std::optional<Result<illumination::HorizonMap>> hz512, hz1024;
  auto& slot = n == 1024 ? hz1024 : hz512;
  if (!slot) slot.emplace(illumination::compute_horizon_map(d, {64, 0.0, true}, 2));
  const auto& hz = *slot;
  const illumination::TimeWindow w{time::parse_iso8601("2028-01-01").value(),
                                   time::parse_iso8601("2028-12-31T23:00:00Z").value(), 3600.0};
  bool ok = hz.ok();
  std::size_t cpu_cells = 0;
  std::int64_t instants = 0;
  std::string error;
  for (auto _ : state) {
    auto m = render::compute_illumination_map_gpu(d, *hz, w, static_cast<int>(state.range(1)),
                                                  &cpu_cells);
    ok = ok && m.ok();
    if (m.ok()) instants = m->instants;
    if (!m.ok()) error = m.error().message;
  }
  if (!ok || instants != 8784) state.SkipWithError(("GPU map failed: " + error).c_str());
  state.counters["cpu_cells"] = static_cast<double>(cpu_cells);
  state.counters["cell_instants_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * n * n * instants, benchmark::Counter::kIsRate);
}
// Args: cells, instants per pass.
BENCHMARK(BM_IlluminationGpuLolaYear)
    ->Args({512, 256})
    ->Args({1024, 256})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_Window* win = SDL_CreateWindow("bench", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
  SDL_GLContext ctx = win ? SDL_GL_CreateContext(win) : nullptr;
  if (!ctx) {
    std::fprintf(stderr, "GL 3.3 context: %s\n", SDL_GetError());
    return 1;
  }
  benchmark::AddCustomContext("gl_renderer",
                              reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  SDL_GL_DeleteContext(ctx);
  SDL_DestroyWindow(win);
  SDL_Quit();
  return 0;
}
