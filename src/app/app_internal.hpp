// Settings and helpers shared by the App's files (app.cpp, app_terrain.cpp, app_input.cpp,
// app_commands.cpp); not part of the App's interface.
#pragma once

#include <SDL.h>

namespace ce8::app::detail {

// The built-in terrain in the browser and the desktop app: the real Moon (LOLA, embedded) on
// 1024 x 1024 cells of 600 m (614 km across: the whole cap to 80 S), spread over frames; the
// CLI makes finer grids and local tiles.
inline constexpr int kTerrainCells = 1024;
inline constexpr double kTerrainCellM = 600.0;
// Work per frame while starting, keeps the page alive.
inline constexpr double kFrameBudgetS = 0.015;
// Background terrain work while the explorer runs (import, local tiles): a smaller share of each
// frame, so the view keeps moving at a usable rate.
inline constexpr double kBackgroundBudgetS = 0.010;
// Shadow and illumination-map work per frame once the explorer runs (horizon map, maps), where
// they run in slices (no threads): the most a slice may take (jobs::kMaxSliceS).
inline constexpr double kShadowBudgetS = 0.016;
// Local tiles: 512 x 512 cells of 20 m (10.24 km square) centred on the site flown to. Measured
// in WebAssembly (Chromium, SwiftShader, 2 shared cores): see the Terrain panel's "built in" time.
inline constexpr int kTileCells = 512;
inline constexpr double kTileCellM = 20.0;

inline double now_s() {
  return static_cast<double>(SDL_GetPerformanceCounter()) /
         static_cast<double>(SDL_GetPerformanceFrequency());
}

}  // namespace ce8::app::detail
