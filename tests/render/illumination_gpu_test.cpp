// The GPU illumination integrator (render::IlluminationGpu) against the CPU's plain per-instant
// definition (IlluminationMethod::kPerInstant) on real LOLA terrain, in a hidden SDL2 window
// with a GL 3.3 core context (run under xvfb-run: Mesa's llvmpipe): percent lit and percent
// Earth within 0.1 percentage points, longest darkness within one step, permanent shadow
// identical, on every cell. Also: passes of different sizes give the same maps, nodata cells
// stay NaN, a horizon map of another DEM and a grid larger than the GPU's textures are refused.
// Exit status 0 when all hold.
#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"
#include "render/gl.hpp"
#include "render/illumination_gpu.hpp"

namespace {

using namespace ce8;
using illumination::IlluminationMap;

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
  }
}

terrain::Dem lola_dem(double lat_deg, double lon_deg, int n, double cell_m) {
  static auto moon = terrain::LolaTerrain::builtin();
  const terrain::MapXy c = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  auto d = terrain::generate(terrain::GridGeometry::centered(c, n, n, cell_m), **moon);
  if (!d) {
    std::fprintf(stderr, "DEM: %s\n", d.error().message.c_str());
    std::exit(1);
  }
  return std::move(d.value());
}

illumination::TimeWindow window(const char* from, const char* until, double step_h) {
  return {time::parse_iso8601(from).value(), time::parse_iso8601(until).value(), step_h * 3600.0};
}

// Every cell within the tolerances; NaN exactly where the reference has NaN.
void compare(const IlluminationMap& gpu, const IlluminationMap& ref, double step_h,
             const char* name) {
  double worst_lit = 0.0, worst_earth = 0.0, worst_dark = 0.0;
  int psr = 0, psr_mismatch = 0, partly = 0, nan_mismatch = 0;
  for (std::size_t q = 0; q < ref.grid.cells(); ++q) {
    if (std::isnan(ref.percent_lit[q]) || std::isnan(gpu.percent_lit[q])) {
      nan_mismatch += std::isnan(ref.percent_lit[q]) != std::isnan(gpu.percent_lit[q]) ||
                      std::isnan(ref.permanent_shadow[q]) != std::isnan(gpu.permanent_shadow[q]);
      continue;
    }
    worst_lit = std::max(worst_lit, std::fabs(double(gpu.percent_lit[q]) - ref.percent_lit[q]));
    worst_earth =
        std::max(worst_earth, std::fabs(double(gpu.percent_earth[q]) - ref.percent_earth[q]));
    worst_dark = std::max(
        worst_dark, std::fabs(double(gpu.longest_dark_h[q]) - ref.longest_dark_h[q]) / step_h);
    psr += ref.permanent_shadow[q] == 1.0f;
    psr_mismatch += gpu.permanent_shadow[q] != ref.permanent_shadow[q];
    partly += ref.percent_lit[q] > 1.0f && ref.percent_lit[q] < 99.0f;
  }
  std::printf(
      "%s: lit worst %.4f pp, Earth worst %.4f pp, darkness worst %.1f steps, %d PSR "
      "cells (%d differ), %d partly lit\n",
      name, worst_lit, worst_earth, worst_dark, psr, psr_mismatch, partly);
  const std::string n = name;
  check(worst_lit <= 0.1, n + ": percent lit within 0.1 pp");
  check(worst_earth <= 0.1, n + ": percent Earth within 0.1 pp");
  check(worst_dark <= 1.0 + 1e-6, n + ": longest darkness within one step");
  check(psr_mismatch == 0, n + ": permanent shadow identical");
  check(nan_mismatch == 0, n + ": nodata cells NaN in both");
  check(partly > static_cast<int>(ref.grid.cells() / 4), n + ": horizons matter here");
}

void agreement(terrain::Dem d, const illumination::HorizonOptions& ho,
               const illumination::TimeWindow& w, const char* name, bool with_nodata) {
  if (with_nodata)  // a hole in the grid: a few cells without data
    for (int j = 5; j < 9; ++j)
      for (int i = 20; i < 26; ++i) d.height_m[static_cast<std::size_t>(j) * d.width() + i] = NAN;
  auto hz = illumination::compute_horizon_map(d, ho, 2);
  if (!hz) {
    check(false, std::string(name) + ": horizon map: " + hz.error().message);
    return;
  }
  illumination::IlluminationOptions per_instant;
  per_instant.method = illumination::IlluminationMethod::kPerInstant;
  auto ref = illumination::compute_illumination_map(d, *hz, w, 2, per_instant);
  std::size_t cpu_cells = 0;
  auto gpu = render::compute_illumination_map_gpu(d, *hz, w, 256, &cpu_cells);
  if (!ref || !gpu) {
    check(false, std::string(name) + ": " + (ref ? gpu.error() : ref.error()).message);
    return;
  }
  std::printf("%s: %zu of %zu cells decided on the CPU\n", name, cpu_cells, d.grid.cells());
  compare(*gpu, *ref, w.step_s / 3600.0, name);
  // Passes of 37 instants (the runs of darkness cross the passes) give the same maps.
  auto small = render::compute_illumination_map_gpu(d, *hz, w, 37);
  check(small.ok(), std::string(name) + ": passes of 37 instants");
  if (!small) return;
  int differ = 0;
  for (std::size_t q = 0; q < d.grid.cells(); ++q)
    if (!std::isnan(gpu->percent_lit[q]))
      differ += std::fabs(small->percent_lit[q] - gpu->percent_lit[q]) > 1e-3f ||
                small->longest_dark_h[q] != gpu->longest_dark_h[q] ||
                small->permanent_shadow[q] != gpu->permanent_shadow[q];
  check(differ == 0, std::string(name) + ": the batch size changes nothing");
}

void refuses_what_the_gpu_cannot_hold() {
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  std::string why;
  check(render::illumination_gpu_supported(512, 512, 64, &why), "512² x 64 directions fits");
  check(!render::illumination_gpu_supported(max_size + 1, 8, 16, &why) &&
            why.find("larger than the GPU's textures") != std::string::npos,
        "a grid wider than the GPU's textures is refused: " + why);
  check(
      render::is_software_renderer("llvmpipe (LLVM 15.0.6, 256 bits)") &&
          render::is_software_renderer(
              "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)") &&
          !render::is_software_renderer("NVIDIA GeForce RTX 3060/PCIe/SSE2"),
      "software renderers are recognised");
}

void refuses_a_foreign_horizon() {
  const terrain::Dem a = lola_dem(-89.9, 0.0, 16, 240.0), b = lola_dem(-89.9, 0.0, 20, 240.0);
  auto hz = illumination::compute_horizon_map(a, {16, 0.0, true}, 1);
  auto m = render::compute_illumination_map_gpu(b, *hz, window("2028-01-01", "2028-01-02", 1.0));
  check(!m.ok() && m.error().message.find("horizon") != std::string::npos,
        "a horizon map of another DEM is refused");
}

}  // namespace

int main() {
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_Window* win =
      SDL_CreateWindow("illumination gpu", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
  SDL_GLContext ctx = win ? SDL_GL_CreateContext(win) : nullptr;
  if (!ctx) {
    std::fprintf(stderr, "GL 3.3 context: %s\n", SDL_GetError());
    return 1;
  }
  std::printf("GL renderer: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  // Shackleton and its rim at the pole, a year hourly, 64 directions (PSR cells here).
  agreement(lola_dem(-89.9, 0.0, 64, 240.0), {64, 0.0, true},
            window("2028-01-01", "2028-12-31T23:00:00Z", 1.0), "pole, year hourly", false);
  // Farther from the pole, a 2 m mast, 32 directions, 3 months every 2 hours, a nodata hole.
  agreement(lola_dem(-86.0, 300.0, 48, 400.0), {32, 2.0, true},
            window("2028-03-01", "2028-06-01", 2.0), "86S, mast, nodata", true);
  // A fine 20 m grid on the Shackleton rim (steep walls), 2 m mast, 2 months hourly.
  agreement(lola_dem(-89.45, 222.0, 80, 20.0), {64, 2.0, true},
            window("2028-01-01", "2028-03-01", 1.0), "rim 20 m, 2 months", false);
  refuses_a_foreign_horizon();
  refuses_what_the_gpu_cannot_hold();
  SDL_GL_DeleteContext(ctx);
  SDL_DestroyWindow(win);
  SDL_Quit();
  if (failures) std::fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
