// The App's terrain: the built-in LOLA terrain built before the first frame, then background
// builds while it runs (an import, back to the built-in model, a local tile around a site).
// Every build is one terrain::TerrainBuildJob run through jobs::BackgroundJob: on a worker
// thread natively and in the threaded WebAssembly variant, in slices of the frame otherwise.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "app/platform.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::app {

using detail::kBackgroundBudgetS;
using detail::kTerrainCellM;
using detail::kTerrainCells;
using detail::kTileCellM;
using detail::kTileCells;
using detail::now_s;

Result<terrain::TerrainBuildJob> App::start_builtin_job(const terrain::GridGeometry& grid) {
  if (!moon_) {
    auto moon = terrain::LolaTerrain::builtin();
    if (!moon) return moon.error();
    moon_ = std::move(*moon);
  }
  return terrain::TerrainBuildJob::generate(grid, moon_);
}

namespace {
// Work per browser frame while the loader shows: the loader needs only a few frames a second,
// and every frame costs the browser its own time (with software GL and a busy machine, most of
// a frame), so larger slices bring the first frame sooner.
constexpr double kLoadingBudgetS = 0.08;
}  // namespace

void App::generate_terrain_step() {
  if (!startup_job_) {
    const terrain::GridGeometry grid = terrain::regional_grid(kTerrainCells, kTerrainCellM);
    auto job = start_builtin_job(grid);
    moon_note_ = moon_ ? moon_->describe(grid) : std::string();
    moon_note_short_ = moon_ ? moon_->describe_short(grid) : std::string();
    if (!job) return fail("could not start the terrain: " + job.error().message);
    startup_job_ = std::make_unique<jobs::BackgroundJob>(
        std::make_unique<terrain::TerrainBuildJob>(std::move(*job)));
  }
  const jobs::JobState state = startup_job_->poll(kLoadingBudgetS);
  const auto& build = startup_job_->as<terrain::TerrainBuildJob>();
  platform::on_loading_progress(
      static_cast<float>(startup_job_->progress()),
      build.stage() == 0 ? "Shaping the south-pole terrain" : "Building the 3D view");
  if (state == jobs::JobState::kRunning) {
    // On a worker thread: the desktop loop would spin until it ends.
    if (startup_job_->mode() == jobs::BackgroundJob::Mode::kThread) SDL_Delay(1);
    return;
  }
  auto& done = startup_job_->as<terrain::TerrainBuildJob>();
  if (state != jobs::JobState::kDone) return fail("could not build the terrain: " + done.error());
  dem_ = done.take_dem();
  const terrain::LodTerrain lod = done.take_lod();
  startup_job_.reset();
  dem_renderer_.upload(dem_, lod);
  terrain_changed();
  show_first_picture();  // the clock and the camera (app_sky.cpp)
  session_.sky = ephemeris::sky_state(session_.clock.now());
  last_ticks_ = SDL_GetTicks64();
  phase_ = Phase::kRunning;
}

void App::terrain_changed() {
  const terrain::MapBounds b = dem_.grid.bounds();
  const float half = static_cast<float>(std::max(b.x_max_m - b.x_min_m, b.y_max_m - b.y_min_m) / 2);
  camera_.set_ground_center(static_cast<float>((b.x_min_m + b.x_max_m) / 2),
                            static_cast<float>((b.y_min_m + b.y_max_m) / 2));
  camera_.set_limits(std::min(300.0f, half * 0.05f), std::max(900000.0f, half * 4.0f), half);
  ui_.terrain.source = source_;
  ui_.terrain.data_note = builtin_ ? moon_note_ : std::string();
  ui_.terrain.data_note_short = builtin_ ? moon_note_short_ : std::string();
  ui_.terrain.width = dem_.grid.width;
  ui_.terrain.height = dem_.grid.height;
  ui_.terrain.cell_m = dem_.grid.cell_m;
  ui_.terrain.min_height_m = dem_renderer_.min_height_m();
  ui_.terrain.max_height_m = dem_renderer_.max_height_m();
  platform::on_terrain_changed(source_, dem_.grid.width, dem_.grid.height, dem_.grid.cell_m);
}

bool App::import_raster(const terrain::RasterImport& raster, const std::string& name) {
  if (phase_ != Phase::kRunning) {
    import_failed("the explorer is still starting; try again in a moment");
    return false;
  }
  auto dem = terrain::dem_from_raster(raster);
  if (!dem) {
    import_failed(dem.error().message);
    return false;
  }
  return import_dem(std::move(*dem), name);
}

bool App::import_dem(terrain::Dem decoded, const std::string& name) {
  if (phase_ != Phase::kRunning) {
    import_failed("the explorer is still starting; try again in a moment");
    return false;
  }
  Result<terrain::Dem> dem = std::move(decoded);
  // Drawn at most kTerrainCells per side (every LOD level of every chunk lives on the GPU).
  const int longest = std::max(dem->grid.width, dem->grid.height);
  if (longest > kTerrainCells) {
    auto smaller = terrain::downsample_mean(*dem, (longest + kTerrainCells - 1) / kTerrainCells);
    if (!smaller) {
      import_failed(smaller.error().message);
      return false;
    }
    dem = std::move(smaller);
  }
  TerrainBuild b;
  b.builtin = false;
  b.source = name.size() > 80 ? name.substr(0, 77) + "..." : name;
  b.what = "Meshing " + b.source;
  b.job = std::make_unique<jobs::BackgroundJob>(
      std::make_unique<terrain::TerrainBuildJob>(terrain::TerrainBuildJob::mesh(std::move(*dem))));
  b.started_s = now_s();
  build_ = std::move(b);  // replaces any unfinished work (a local tile, an earlier import)
  return true;
}

void App::import_failed(const std::string& message) {
  ui_.status.error = "Import failed: " + message;
  platform::on_import_result(false, message);
}

void App::restore_builtin() {
  auto job = start_builtin_job(terrain::regional_grid(kTerrainCells, kTerrainCellM));
  if (!job) {
    ui_.status.error = job.error().message;
    return;
  }
  TerrainBuild b;
  b.source = "Built-in LOLA terrain";
  b.what = "Shaping the south-pole terrain";
  b.job = std::make_unique<jobs::BackgroundJob>(
      std::make_unique<terrain::TerrainBuildJob>(std::move(*job)));
  b.started_s = now_s();
  build_ = std::move(b);
}

void App::start_local_tile(double lat_deg, double lon_deg) {
  if (build_ && !build_->local_tile) return;  // the main terrain is being replaced
  const terrain::LandingSite site{"fly-to", "site", lat_deg, lon_deg};
  const terrain::GridGeometry grid = terrain::local_tile_grid(site, kTileCells, kTileCellM);
  const terrain::MapXy c = grid.center();
  if (tile_renderer_.has_terrain() && tile_dem_.grid.contains(c) &&
      std::hypot(tile_dem_.grid.center().x_m - c.x_m, tile_dem_.grid.center().y_m - c.y_m) < 500.0)
    return;  // already there
  auto job = start_builtin_job(grid);
  if (!job) return;
  TerrainBuild b;
  b.local_tile = true;
  char what[96];
  std::snprintf(what, sizeof what, "Local tile %d x %d cells of %.0f m", kTileCells, kTileCells,
                kTileCellM);
  b.what = what;
  b.source = what;
  b.job = std::make_unique<jobs::BackgroundJob>(
      std::make_unique<terrain::TerrainBuildJob>(std::move(*job)));
  b.started_s = now_s();
  build_ = std::move(b);  // replaces (cancels) an unfinished tile
}

void App::step_terrain_build() {
  if (!build_) {
    ui_.terrain.job.clear();
    return;
  }
  TerrainBuild& b = *build_;
  // Sliced (no threads): at least kBackgroundBudgetS, at most half the frame time, so the view
  // keeps moving; BackgroundJob caps a slice at 16 ms. With threads poll() only looks.
  const double budget_s = std::max(0.5 * static_cast<double>(last_dt_s_), kBackgroundBudgetS);
  const jobs::JobState state = b.job->poll(budget_s);
  ui_.terrain.job = b.what;
  ui_.terrain.job_progress = static_cast<float>(b.job->progress());
  if (state == jobs::JobState::kRunning) return;
  auto& job = b.job->as<terrain::TerrainBuildJob>();
  if (state != jobs::JobState::kDone) {
    const std::string why = state == jobs::JobState::kCancelled ? "cancelled" : job.error();
    ui_.status.error = "Terrain: " + why;
    if (!b.local_tile && !b.builtin) platform::on_import_result(false, why);
    build_.reset();
    ui_.terrain.job.clear();
    return;
  }
  b.dem = job.take_dem();
  b.lod = job.take_lod();
  b.job.reset();
  TerrainBuild done = std::move(*build_);
  build_.reset();
  ui_.terrain.job.clear();
  finish_terrain_build(done);
}

void App::finish_terrain_build(TerrainBuild& b) {
  const double took_s = now_s() - b.started_s;
  if (b.local_tile) {
    tile_renderer_.upload(b.dem, b.lod);
    const terrain::MapBounds r = b.dem.grid.bounds();
    const float half = static_cast<float>(b.dem.grid.cell_m * 0.5);
    // The mesh spans the outer cell centres: the regional terrain leaves out exactly that.
    tile_rect_ = glm::vec4(r.x_min_m + half, r.y_min_m + half, r.x_max_m - half, r.y_max_m - half);
    tile_dem_ = std::move(b.dem);
    char text[160];
    std::snprintf(text, sizeof text, "%s, built in %.1f s", b.what.c_str(), took_s);
    ui_.terrain.local_tile = text;
    if (moon_) ui_.terrain.local_tile += ". " + moon_->describe(tile_dem_.grid);
    platform::on_local_tile(text);
    return;
  }
  illumination_.reset();  // its jobs read the old terrain
  dem_renderer_.upload(b.dem, b.lod);
  dem_ = std::move(b.dem);
  tile_renderer_.clear();
  tile_dem_ = {};
  tile_rect_ = glm::vec4(0.0f, 0.0f, -1.0f, -1.0f);
  ui_.terrain.local_tile.clear();
  builtin_ = b.builtin;
  source_ = b.source;
  session_.map_click.reset();
  terrain_changed();
  if (builtin_) {
    reset_camera(true);
  } else {
    const terrain::MapBounds bb = dem_.grid.bounds();
    const terrain::HeightStats hs = terrain::height_stats(dem_);
    render::OrbitPose pose = camera_.goal();
    pose.target_m = glm::vec3(static_cast<float>((bb.x_min_m + bb.x_max_m) / 2),
                              static_cast<float>((bb.y_min_m + bb.y_max_m) / 2),
                              static_cast<float>(hs.mean_height_m));
    pose.distance_m =
        static_cast<float>(std::max(bb.x_max_m - bb.x_min_m, bb.y_max_m - bb.y_min_m));
    pose.pitch_rad = 0.6f;
    camera_.fly_to(pose);
    char text[200];
    std::snprintf(text, sizeof text, "%s: %d x %d cells of %.1f m, drawn in %.1f s",
                  source_.c_str(), dem_.grid.width, dem_.grid.height, dem_.grid.cell_m, took_s);
    platform::on_import_result(true, text);
  }
}

}  // namespace ce8::app
