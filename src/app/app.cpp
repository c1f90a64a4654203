#include "app/app.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <glm/matrix.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec4.hpp>

#include "app/labels.hpp"
#include "app/platform.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/scenario/clock.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"
#include "render/gl.hpp"
#include "ui/scenario_bridge.hpp"

namespace ce8::app {
namespace {

// The built-in terrain in the browser and the desktop app: the real Moon (LOLA, embedded) on
// 1024 x 1024 cells of 600 m (614 km across: the whole cap to 80 S), spread over frames; the
// CLI makes finer grids and local tiles.
constexpr int kTerrainCells = 1024;
constexpr double kTerrainCellM = 600.0;
constexpr double kFrameBudgetS = 0.015;  // work per frame while building, keeps the page alive
// Background terrain work while the explorer runs (import, local tiles): a smaller share of each
// frame, so the view keeps moving at a usable rate.
constexpr double kBackgroundBudgetS = 0.010;
// Shadow and illumination-map work per frame once the explorer runs (horizon map, maps).
constexpr double kShadowBudgetS = 0.008;
// Local tiles: 512 x 512 cells of 20 m (10.24 km square) centred on the site flown to. Measured
// in WebAssembly (Chromium, SwiftShader, 2 shared cores): see the Terrain panel's "built in" time.
constexpr int kTileCells = 512;
constexpr double kTileCellM = 20.0;
// Sites viewed from further than this get no local tile (the tile would be a few pixels).
constexpr float kTileMaxViewDistanceM = 200000.0f;

double now_s() {
  return static_cast<double>(SDL_GetPerformanceCounter()) /
         static_cast<double>(SDL_GetPerformanceFrequency());
}

glm::vec2 map_xy(double lat_deg, double lon_deg) {
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  return {static_cast<float>(p.x_m), static_cast<float>(p.y_m)};
}

}  // namespace

App::~App() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  if (gl_) SDL_GL_DeleteContext(gl_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

void App::fail(const std::string& message) {
  platform::report_fatal(message);
  phase_ = Phase::kFailed;
}

void App::set_clock_unix(double unix_s) {
  auto t = scenario::instant_from_unix_seconds(unix_s);
  if (!t) return;
  ui_.clock.playing = false;
  ui_.clock.now = *t;
}

void App::drawable_size(int& w, int& h) const { SDL_GL_GetDrawableSize(window_, &w, &h); }

bool App::frame() {
  switch (phase_) {
    case Phase::kCreateWindow:
      if (create_window()) phase_ = Phase::kGenerateTerrain;
      return phase_ != Phase::kFailed;
    case Phase::kGenerateTerrain:
      generate_terrain_step();
      return phase_ != Phase::kFailed;
    case Phase::kBuildMeshes:
      build_meshes_step();
      return phase_ != Phase::kFailed;
    case Phase::kRunning: {
      SDL_Event e;
      while (SDL_PollEvent(&e)) handle_event(e);
      if (phase_ != Phase::kRunning) return false;
      render();
      return true;
    }
    case Phase::kQuit:
    case Phase::kFailed:
      return false;
  }
  return false;
}

bool App::create_window() {
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    fail(std::string("could not start SDL: ") + SDL_GetError());
    return false;
  }
  platform::set_gl_attributes();
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
  window_ = SDL_CreateWindow("Chang'e-8 Mission Explorer", SDL_WINDOWPOS_CENTERED,
                             SDL_WINDOWPOS_CENTERED, 1280, 800,
                             SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!window_) {
    fail(std::string("could not open a window: ") + SDL_GetError());
    return false;
  }
  gl_ = SDL_GL_CreateContext(window_);
  if (!gl_) {
    fail(std::string("could not create an OpenGL/WebGL2 context: ") + SDL_GetError());
    return false;
  }
  SDL_GL_MakeCurrent(window_, gl_);
  SDL_GL_SetSwapInterval(1);
  platform::sync_window_size(window_);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout starts the same for every visitor
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  int win_w = 1, draw_w = 1, h = 1;
  SDL_GetWindowSize(window_, &win_w, &h);
  SDL_GL_GetDrawableSize(window_, &draw_w, &h);
  const float pixel_ratio = std::max(1.0f, static_cast<float>(draw_w) / std::max(win_w, 1));
  ui::apply_style(1.0f);
  const std::string font = platform::font_path();
  if (!font.empty()) {
    // Latin, Latin-1, Latin Extended-A (Türkiye's ü and ğ) and general punctuation.
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0};
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    if (io.Fonts->AddFontFromFileTTF(font.c_str(), 16.0f * pixel_ratio, &cfg, kRanges))
      io.FontGlobalScale = 1.0f / pixel_ratio;
  }
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui_ImplOpenGL3_Init(platform::imgui_glsl_version());
  imgui_ready_ = true;

  std::string error;
  if (!dem_renderer_.init(error) || !tile_renderer_.init(error)) {
    fail("could not build the terrain shaders: " + error);
    return false;
  }
  if (!sky_view_.init(error)) {
    fail("could not build the sky shaders: " + error);
    return false;
  }
  ui_.terrain.can_import = platform::can_import_files();
  ui_.classroom.can_use_files = platform::can_use_files();
  ui_.traverse.can_use_files = platform::can_use_files();
  ui_.classroom.page_url = platform::page_url();
  ui_.status.platform = platform::name();
  const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  ui_.status.gl_renderer =
      std::string(renderer ? renderer : "?") + " / " + (version ? version : "?");
  return true;
}

Result<terrain::ProgressiveDem> App::start_builtin_job(const terrain::GridGeometry& grid) {
  if (!moon_) {
    auto moon = terrain::LolaTerrain::builtin();
    if (!moon) return moon.error();
    moon_ = std::move(*moon);
  }
  return terrain::ProgressiveDem::start(grid, moon_);
}

void App::generate_terrain_step() {
  if (!dem_job_) {
    const terrain::GridGeometry grid = terrain::regional_grid(kTerrainCells, kTerrainCellM);
    auto job = start_builtin_job(grid);
    moon_note_ = moon_ ? moon_->describe(grid) : std::string();
    moon_note_short_ = moon_ ? moon_->describe_short(grid) : std::string();
    if (!job) return fail("could not start the terrain: " + job.error().message);
    dem_job_.emplace(std::move(*job));
  }
  dem_job_->step_for(kFrameBudgetS);
  platform::on_loading_progress(0.8f * static_cast<float>(dem_job_->progress()),
                                "Shaping the south-pole terrain");
  if (!dem_job_->done()) return;
  auto dem = std::move(*dem_job_).take();
  dem_job_.reset();
  if (!dem) return fail("could not build the terrain: " + dem.error().message);
  dem_ = std::move(*dem);
  dem_normals_ = terrain::normals(dem_);
  const terrain::MeshOptions options;
  lod_ = {};
  lod_.chunk_cells = options.chunk_cells;
  lod_.levels = options.levels;
  lod_.chunks_x = (dem_.grid.width - 1 + options.chunk_cells - 1) / options.chunk_cells;
  lod_.chunks_y = (dem_.grid.height - 1 + options.chunk_cells - 1) / options.chunk_cells;
  next_mesh_ = 0;
  phase_ = Phase::kBuildMeshes;
}

void App::build_meshes_step() {
  const int total = lod_.chunks_x * lod_.chunks_y * lod_.levels;
  const double until = now_s() + kFrameBudgetS;
  while (next_mesh_ < total && now_s() < until) {
    const int level = next_mesh_ % lod_.levels;
    const int chunk = next_mesh_ / lod_.levels;
    auto mesh = terrain::build_chunk_mesh(dem_, dem_normals_, chunk % lod_.chunks_x,
                                          chunk / lod_.chunks_x, level);
    if (!mesh) return fail("could not mesh the terrain: " + mesh.error().message);
    lod_.meshes.push_back(std::move(*mesh));
    ++next_mesh_;
  }
  platform::on_loading_progress(0.8f + 0.2f * static_cast<float>(next_mesh_) / total,
                                "Building the 3D view");
  if (next_mesh_ < total) return;
  dem_renderer_.upload(dem_, lod_);
  lod_ = {};  // the GPU has it now
  dem_normals_ = {};
  terrain_changed();
  show_first_picture();  // the clock and the camera (app_sky.cpp)
  ui_.sky = ephemeris::sky_state(ui_.clock.now);
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
  b.dem = std::move(*dem);
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
  b.gen.emplace(std::move(*job));
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
  b.gen.emplace(std::move(*job));
  b.started_s = now_s();
  build_ = std::move(b);
}

void App::step_terrain_build() {
  if (!build_) {
    ui_.terrain.job.clear();
    return;
  }
  TerrainBuild& b = *build_;
  // At least kBackgroundBudgetS, at most half the frame time (slow software-GL frames would
  // otherwise stretch a one-second job over many seconds), never more than 40 ms.
  const double budget_s =
      std::clamp(0.5 * static_cast<double>(last_dt_s_), kBackgroundBudgetS, 0.040);
  const double until = now_s() + budget_s;
  float progress = 0.0f;
  if (b.gen) {
    b.gen->step_for(budget_s);
    if (!b.gen->done()) {
      ui_.terrain.job = b.what;
      ui_.terrain.job_progress = 0.75f * static_cast<float>(b.gen->progress());
      return;
    }
    auto dem = std::move(*b.gen).take();
    b.gen.reset();
    if (!dem) {
      ui_.status.error = "Terrain: " + dem.error().message;
      build_.reset();
      return;
    }
    b.dem = std::move(*dem);
    ui_.terrain.job_progress = 0.75f;
    return;  // normals next frame
  }
  const float gen_share = b.builtin || b.local_tile ? 0.75f : 0.0f;
  if (b.next_mesh < 0) {
    b.normals = terrain::normals(b.dem);
    const terrain::MeshOptions options;
    b.lod.chunk_cells = options.chunk_cells;
    b.lod.levels = options.levels;
    b.lod.chunks_x =
        std::max(1, (b.dem.grid.width - 1 + options.chunk_cells - 1) / options.chunk_cells);
    b.lod.chunks_y =
        std::max(1, (b.dem.grid.height - 1 + options.chunk_cells - 1) / options.chunk_cells);
    b.next_mesh = 0;
    ui_.terrain.job = b.what;
    return;
  }
  const int total = b.lod.chunks_x * b.lod.chunks_y * b.lod.levels;
  while (b.next_mesh < total && now_s() < until) {
    const int level = b.next_mesh % b.lod.levels;
    const int chunk = b.next_mesh / b.lod.levels;
    auto mesh = terrain::build_chunk_mesh(b.dem, b.normals, chunk % b.lod.chunks_x,
                                          chunk / b.lod.chunks_x, level);
    if (!mesh) {
      ui_.status.error = "Terrain: " + mesh.error().message;
      if (!b.local_tile && !b.builtin) platform::on_import_result(false, mesh.error().message);
      build_.reset();
      return;
    }
    b.lod.meshes.push_back(std::move(*mesh));
    ++b.next_mesh;
  }
  progress = gen_share + (1.0f - gen_share) * static_cast<float>(b.next_mesh) / total;
  ui_.terrain.job = b.what;
  ui_.terrain.job_progress = progress;
  if (b.next_mesh < total) return;
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
  ui_.map_click.reset();
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

void App::reset_camera(bool smooth) {
  render::OrbitPose pose;
  pose.target_m = glm::vec3(0.0f, -20000.0f, 0.0f);
  pose.distance_m = 330000.0f;
  pose.yaw_rad = 0.35f;
  pose.pitch_rad = 0.62f;
  if (smooth)
    camera_.fly_to(pose);
  else
    camera_.jump_to(pose);
}

void App::handle_event(const SDL_Event& e) {
  ImGui_ImplSDL2_ProcessEvent(&e);
  const ImGuiIO& io = ImGui::GetIO();
  switch (e.type) {
    case SDL_QUIT:
      phase_ = Phase::kQuit;
      break;
    case SDL_MOUSEBUTTONDOWN:
      if (e.button.button == SDL_BUTTON_LEFT && !io.WantCaptureMouse) {
        click_pending_ = true;
        click_x_ = e.button.x;
        click_y_ = e.button.y;
        click_travel_px_ = 0.0f;
      }
      break;
    case SDL_MOUSEBUTTONUP:
      // A press and release with (almost) no motion is a click: pick the point under it.
      if (e.button.button == SDL_BUTTON_LEFT && click_pending_ && click_travel_px_ < 4.0f)
        pick_terrain(click_x_, click_y_);
      click_pending_ = false;
      break;
    case SDL_MOUSEMOTION: {
      if (click_pending_)
        click_travel_px_ += std::abs(static_cast<float>(e.motion.xrel)) +
                            std::abs(static_cast<float>(e.motion.yrel));
      if (e.motion.which == SDL_TOUCH_MOUSEID || io.WantCaptureMouse) break;
      const bool shift = (SDL_GetModState() & KMOD_SHIFT) != 0;
      if ((e.motion.state & SDL_BUTTON_LMASK) && !shift)
        camera_.orbit(static_cast<float>(e.motion.xrel), static_cast<float>(e.motion.yrel));
      else if ((e.motion.state & (SDL_BUTTON_RMASK | SDL_BUTTON_MMASK)) ||
               ((e.motion.state & SDL_BUTTON_LMASK) && shift))
        camera_.pan(static_cast<float>(e.motion.xrel), static_cast<float>(e.motion.yrel));
      break;
    }
    case SDL_MOUSEWHEEL:
      if (!io.WantCaptureMouse) camera_.zoom(e.wheel.preciseY);
      break;
    case SDL_FINGERDOWN:
      if (fingers_.empty()) touch_owned_by_ui_ = io.WantCaptureMouse;
      fingers_[e.tfinger.fingerId] = {e.tfinger.x, e.tfinger.y};
      break;
    case SDL_FINGERUP:
      fingers_.erase(e.tfinger.fingerId);
      break;
    case SDL_FINGERMOTION: {
      auto it = fingers_.find(e.tfinger.fingerId);
      if (it == fingers_.end() || touch_owned_by_ui_) break;
      int w = 1, h = 1;
      SDL_GetWindowSize(window_, &w, &h);
      const float dx = e.tfinger.dx * static_cast<float>(w),
                  dy = e.tfinger.dy * static_cast<float>(h);
      if (fingers_.size() == 1) {
        camera_.orbit(dx, dy);
      } else if (fingers_.size() == 2) {
        // Pinch: the change in finger spread zooms; the shared motion pans.
        const SDL_FPoint other = std::find_if(fingers_.begin(), fingers_.end(), [&](auto& f) {
                                   return f.first != e.tfinger.fingerId;
                                 })->second;
        const SDL_FPoint before = it->second;
        const SDL_FPoint after = {e.tfinger.x, e.tfinger.y};
        const float d0 = std::hypot((before.x - other.x) * w, (before.y - other.y) * h);
        const float d1 = std::hypot((after.x - other.x) * w, (after.y - other.y) * h);
        if (d0 > 1.0f && d1 > 1.0f) camera_.zoom_by(d0 / d1);
        camera_.pan(dx * 0.5f, dy * 0.5f);
      }
      it->second = {e.tfinger.x, e.tfinger.y};
      break;
    }
    case SDL_KEYDOWN:
      if (!io.WantCaptureKeyboard && e.key.keysym.sym == SDLK_r) reset_camera(true);
      break;
    default:
      break;
  }
}

void App::render() {
  platform::sync_window_size(window_);
  const uint64_t now = SDL_GetTicks64();
  const float dt = std::min(static_cast<float>(now - last_ticks_) / 1000.0f, 0.25f);
  last_ticks_ = now;
  last_dt_s_ = dt;
  if (dt > 0.0f) {
    const float fps = 1.0f / dt;
    fps_smoothed_ = fps_smoothed_ == 0.0f ? fps : fps_smoothed_ * 0.95f + fps * 0.05f;
  }
  ui_.status.fps = fps_smoothed_;

  // The one simulation clock moves first; everything time-dependent reads it this frame.
  ui_.clock.advance(dt);
  ui_.sky = ephemeris::sky_state(ui_.clock.now);
  const double clock_before_ui_s = ui_.clock.now.tt_seconds_since_j2000();

  int w = 1, h = 1;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  camera_.set_viewport(w, h);
  camera_.update(dt);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  // Scenarios: a shared link (#s=...) is applied once the terrain is up; every frame the panels
  // see the camera pose, and a scenario they apply moves the camera and the address bar.
  if (!url_scenario_checked_) {
    url_scenario_checked_ = true;
    const std::string fragment = platform::url_fragment();
    if (fragment.rfind("#s=", 0) == 0) {
      if (ui::load_scenario_text(fragment, ui_).ok()) {
        platform::on_notice("Shared link applied");
      } else {
        ui_.status.error = "Shared link: " + ui_.classroom.scenario_message;
        platform::on_notice(ui_.status.error);
      }
    }
  }
  {
    const render::OrbitPose& p = camera_.goal();
    ui_.classroom.camera = {p.target_m.x, p.target_m.y, p.distance_m, glm::degrees(p.yaw_rad),
                            glm::degrees(p.pitch_rad)};
  }
  ui::draw(ui_);
  if (ui_.classroom.set_camera) {
    render::OrbitPose pose = camera_.goal();
    const ui::CameraPose& c = *ui_.classroom.set_camera;
    pose.target_m = glm::vec3(static_cast<float>(c.target_x_m), static_cast<float>(c.target_y_m),
                              pose.target_m.z);
    pose.distance_m = static_cast<float>(c.distance_m);
    pose.yaw_rad = glm::radians(static_cast<float>(c.yaw_deg));
    pose.pitch_rad = glm::radians(static_cast<float>(c.pitch_deg));
    camera_.fly_to(pose);
    ui_.classroom.set_camera.reset();
  }
  if (ui_.classroom.set_url_hash) {
    platform::set_url_fragment(*ui_.classroom.set_url_hash);
    ui_.classroom.set_url_hash.reset();
  }
  if (ui_.illumination.set_clock_tt_s) {  // a click on the timeline
    ui_.clock.now = time::Instant::from_tt_seconds_since_j2000(*ui_.illumination.set_clock_tt_s);
    ui_.illumination.set_clock_tt_s.reset();
  }
  if (ui_.terrain.import_requested) {
    ui_.terrain.import_requested = false;
    platform::open_import_dialog();
  }
  if (ui_.terrain.restore_builtin) {
    ui_.terrain.restore_builtin = false;
    restore_builtin();
  }
  if (ui_.reset_view) {
    ui_.reset_view = false;
    reset_camera(true);
  }
  if (ui_.fly_to) {
    render::OrbitPose pose = camera_.goal();
    const glm::vec2 xy = map_xy(ui_.fly_to->lat_deg, ui_.fly_to->lon_deg);
    // Look at the ground there (a close view of a high plateau would otherwise orbit a point
    // inside the terrain and see nothing).
    const float ground = terrain::sample_bilinear(dem_, terrain::MapXy{xy.x, xy.y});
    pose.target_m =
        glm::vec3(xy, std::isfinite(ground) ? ground * ui_.view.vertical_exaggeration : 0.0f);
    pose.distance_m = ui_.fly_to->distance_m;
    pose.pitch_rad = std::max(pose.pitch_rad, 0.5f);
    camera_.fly_to(pose);
    if (builtin_ && ui_.terrain.local_tiles && ui_.fly_to->distance_m <= kTileMaxViewDistanceM)
      start_local_tile(ui_.fly_to->lat_deg, ui_.fly_to->lon_deg);
    ui_.fly_to.reset();
  }
  step_terrain_build();
  follow_ground();  // the ground view's eye stays at eye height over the (finest) terrain
  traverse_.update(dem_, tile_renderer_.has_terrain() ? &tile_dem_ : nullptr, ui_, now_s());
  if (ui_.traverse.frame_route) {
    frame_map_area(*ui_.traverse.frame_route,
                   ui_.panels.traverse ? ui_.traverse.panel_right_px : 0.0f);
    ui_.traverse.frame_route.reset();
  }
  // The panels may have moved the clock (slider, typed time, "Now", drive playback): light with
  // the new time.
  if (ui_.clock.now.tt_seconds_since_j2000() != clock_before_ui_s)
    ui_.sky = ephemeris::sky_state(ui_.clock.now);
  const glm::vec3 sun = sun_world();
  sky_view_.update(ui_.sky, camera_, h);
  draw_overlays(camera_.view_projection(), sun);
  ImGui::Render();
  {
    std::string status = sky_view_.status_json(camera_);
    if (status != sky_status_) {
      sky_status_ = std::move(status);
      platform::on_sky_status(sky_status_);
    }
  }
  {
    std::string status = traverse_.status_json(ui_);
    if (status != traverse_status_) {
      traverse_status_ = std::move(status);
      platform::on_traverse_status(traverse_status_);
    }
  }

  glViewport(0, 0, w, h);
  glClearColor(0.0f, 0.0f, 0.0f, 1.0f);  // the airless sky is black, also by day
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  sky_view_.draw(camera_);  // stars, the Sun and the Earth, behind the terrain
  glEnable(GL_DEPTH_TEST);
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glFrontFace(GL_CCW);

  render::DemStyle style;
  style.sun_dir = sun;
  // Cast shadows: the engine's Sun visibility per cell for this Sun (horizon map built in the
  // background; until then the terrain is drawn without them).
  illumination_.update(dem_, build_.has_value(), style.sun_dir, ui_, dem_renderer_, kShadowBudgetS,
                       now_s());
  style.cast_shadows = ui_.illumination.cast_shadows && ui_.illumination.shadows_ready;
  style.overlay = ui_.illumination.overlay != 0 && ui_.illumination.maps_ready;
  if (ui_.illumination.shadows_ready && !shadows_reported_) {
    shadows_reported_ = true;
    const ShadowStats& st = illumination_.stats();
    platform::on_shadows(true, st.horizon_wall_s, st.horizon_work_s, st.update_ms,
                         static_cast<double>(st.horizon_bytes));
  } else if (!ui_.illumination.shadows_ready) {
    shadows_reported_ = false;
  }
  if (shadows_reported_)
    platform::on_shadow_update(illumination_.stats().updates, illumination_.stats().update_ms);
  style.vertical_exaggeration = ui_.view.vertical_exaggeration;
  style.mode = static_cast<render::DemColorMode>(ui_.view.color_mode);
  style.pixels_per_radian = static_cast<float>(h) / camera_.fov_y_rad();
  sky_view_.apply_to(style, camera_);  // earthshine; the ground view's curvature
  const bool tile = tile_renderer_.has_terrain();
  if (tile) style.hole_m = tile_rect_;
  dem_renderer_.draw(camera_.view_projection(), camera_.eye_m(), style);
  long long triangles = dem_renderer_.stats().triangles;
  if (tile) {
    render::DemStyle tile_style = style;
    tile_style.hole_m = glm::vec4(0.0f, 0.0f, -1.0f, -1.0f);
    // The 20 m tile keeps its own lighting: the 900 m shadow texture would smear over its detail.
    tile_style.cast_shadows = false;
    tile_style.overlay = false;
    tile_style.height_min_m = dem_renderer_.min_height_m();  // one height ramp for both
    tile_style.height_max_m = dem_renderer_.max_height_m();
    tile_renderer_.draw(camera_.view_projection(), camera_.eye_m(), tile_style);
    triangles += tile_renderer_.stats().triangles;
  }
  ui_.status.triangles = static_cast<int>(triangles);

  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(window_);
  if (++frames_ == 1) platform::on_first_frame();
}

void App::frame_map_area(const ui::MapRect& r, float covered_left_px) {
  // The camera keeps its direction and looks at the area from a distance that shows all of it
  // in the part of the window right of `covered_left_px` (a panel), centred there.
  const ImGuiIO& io = ImGui::GetIO();
  const float w = std::max(io.DisplaySize.x, 1.0f), h = std::max(io.DisplaySize.y, 1.0f);
  const float left = std::clamp(covered_left_px, 0.0f, 0.6f * w);
  const double tan_y = std::tan(glm::radians(45.0) / 2.0), tan_x = tan_y * w / h;
  const double extent = std::max({r.x1_m - r.x0_m, r.y1_m - r.y0_m, 100.0});
  const double visible = (w - left) / w;
  render::OrbitPose pose = camera_.goal();
  const double d = std::max({1200.0, 1.25 * extent / (visible * 2.0 * tan_x),
                             1.25 * extent * std::sin(pose.pitch_rad) / (2.0 * tan_y)});
  const double shift_m = (0.5 * left / w) * 2.0 * d * tan_x;  // toward the screen's right
  const glm::mat4 view = camera_.view();
  glm::vec2 right(view[0][0], view[1][0]);
  right = glm::length(right) > 1e-6f ? glm::normalize(right) : glm::vec2(1.0f, 0.0f);
  const double cx = 0.5 * (r.x0_m + r.x1_m), cy = 0.5 * (r.y0_m + r.y1_m);
  const float ground = terrain::sample_bilinear(dem_, terrain::MapXy{cx, cy});
  pose.target_m = glm::vec3(
      static_cast<float>(cx - right.x * shift_m), static_cast<float>(cy - right.y * shift_m),
      std::isfinite(ground) ? ground * ui_.view.vertical_exaggeration : pose.target_m.z);
  pose.distance_m = static_cast<float>(d);
  camera_.fly_to(pose);
}

glm::vec3 App::sun_world() const {
  if (ui_.view.manual_light) {
    const float az = glm::radians(ui_.view.sun_azimuth_deg);
    const float el = glm::radians(ui_.view.sun_elevation_deg);
    return glm::vec3(std::sin(az) * std::cos(el), std::cos(az) * std::cos(el), std::sin(el));
  }
  // The clock's Sun: its body-fixed direction in the terrain's world frame (stereographic
  // x/y, z up at the pole: world = (body_y, body_x, -body_z), see scenario/terrain_frame.hpp).
  // The shader tilts each normal to its true local vertical, so every point gets the Sun's
  // true elevation there, grazing (at most about 1.6 deg at the pole) as it really is.
  const ephemeris::Vec3 w =
      scenario::body_to_terrain_world(ephemeris::normalized(ui_.sky.sun_body_km));
  return glm::vec3(static_cast<float>(w.x), static_cast<float>(w.y), static_cast<float>(w.z));
}

void App::draw_overlays(const glm::mat4& view_proj, const glm::vec3& sun_world) {
  const ImGuiIO& io = ImGui::GetIO();
  LabelView v;
  v.view_proj = view_proj;
  v.eye_m = camera_.eye_m();
  v.screen_w = io.DisplaySize.x;
  v.screen_h = io.DisplaySize.y;
  v.vertical_exaggeration = ui_.view.vertical_exaggeration;
  v.target_distance_m = camera_.pose().distance_m;
  v.dem = &dem_;
  v.detail = tile_renderer_.has_terrain() ? &tile_dem_ : nullptr;
  v.features = builtin_;
  sky_view_.draw_labels(ImGui::GetBackgroundDrawList(), v, camera_);  // "Sun", "Earth"
  if (ui_.terrain.labels) draw_labels(ImGui::GetBackgroundDrawList(), v, ui_.map_click);
  // The rover's path, stops and the rover over the labels (still under the panels).
  traverse_.draw(ImGui::GetBackgroundDrawList(), v, ui_, sun_world);
  std::string job = ui_.terrain.job;
  float job_progress = ui_.terrain.job_progress;
  if (job.empty() && ui_.illumination.shadow_job_running && ui_.illumination.cast_shadows) {
    job = "Computing shadows…";
    job_progress = ui_.illumination.shadow_progress;
  } else if (job.empty() && ui_.illumination.maps_running) {
    job = "Illumination maps";
    job_progress = ui_.illumination.maps_progress;
  }
  if (!job.empty()) {
    // A small progress pill at the bottom centre, above the 3D view.
    char text[160];
    std::snprintf(text, sizeof text, "%s  %3.0f%%", job.c_str(), 100.0f * job_progress);
    ImDrawList* list = ImGui::GetForegroundDrawList();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 at(io.DisplaySize.x * 0.5f - size.x * 0.5f, io.DisplaySize.y - size.y - 74.0f);
    const ImVec2 lo(at.x - 12, at.y - 6), hi(at.x + size.x + 12, at.y + size.y + 8);
    list->AddRectFilled(lo, hi, IM_COL32(10, 14, 22, 210), 8.0f);
    list->AddRectFilled(ImVec2(lo.x, hi.y - 3), ImVec2(lo.x + (hi.x - lo.x) * job_progress, hi.y),
                        IM_COL32(250, 200, 64, 255), 2.0f);
    list->AddText(at, IM_COL32(235, 235, 240, 255), text);
  }
}

void App::pick_terrain(int x_px, int y_px) {
  // Window pixels -> normalised device coordinates (the drawable may be larger: HiDPI).
  int win_w = 1, win_h = 1;
  SDL_GetWindowSize(window_, &win_w, &win_h);
  const float ndc_x =
      2.0f * (static_cast<float>(x_px) + 0.5f) / static_cast<float>(std::max(win_w, 1)) - 1.0f;
  const float ndc_y =
      1.0f - 2.0f * (static_cast<float>(y_px) + 0.5f) / static_cast<float>(std::max(win_h, 1));
  const glm::mat4 inv = glm::inverse(camera_.view_projection());
  const glm::vec4 near_h = inv * glm::vec4(ndc_x, ndc_y, -1.0f, 1.0f);
  const glm::vec4 far_h = inv * glm::vec4(ndc_x, ndc_y, 1.0f, 1.0f);
  const glm::dvec3 a = glm::dvec3(glm::vec3(near_h) / near_h.w);
  const glm::dvec3 b = glm::dvec3(glm::vec3(far_h) / far_h.w);
  const glm::dvec3 dir = b - a;
  if (std::abs(dir.z) < 1e-9) return;  // looking along the horizon: no ground under the ray
  // Meet the plane z = h, then take h as the terrain height under that point, and repeat: a few
  // steps converge for any view that is not grazing the ground.
  const double exaggeration = ui_.view.vertical_exaggeration;
  double h = 0.0, x = 0.0, y = 0.0;
  for (int iter = 0; iter < 8; ++iter) {
    const double t = (h * exaggeration - a.z) / dir.z;
    if (t < 0.0) return;  // the ground is behind the camera
    x = a.x + t * dir.x;
    y = a.y + t * dir.y;
    const double next = terrain::sample_bilinear(dem_, terrain::MapXy{x, y});
    if (!std::isfinite(next)) return;  // off the map
    if (std::abs(next - h) < 0.5) break;
    h = next;
  }
  const terrain::LatLon ll = terrain::to_latlon({x, y});
  double lon_deg = terrain::rad_to_deg(ll.lon_rad);
  if (lon_deg >= 360.0) lon_deg -= 360.0;
  const ui::MapPick pick{terrain::rad_to_deg(ll.lat_rad), lon_deg, h};
  if (ui_.panels.traverse && ui_.traverse.pick != 0) {
    ui_.traverse.clicked = pick;  // the Traverse panel's start or next goal
    return;
  }
  ui_.map_click = pick;
  ui_.sky_site = ui::kSkySiteMapClick;
}

void App::plan_traverse(double from_lat, double from_lon, double to_lat, double to_lon,
                        const std::string& rover, int objective, bool time_aware) {
  ui_.panels.traverse = true;
  if (!rover.empty()) ui_.classroom.rover = rover;
  ui_.classroom.traverse = {{from_lat, from_lon}, {to_lat, to_lon}};
  ui_.traverse.objective = std::clamp(objective, 0, 3);
  ui_.traverse.time_aware = time_aware;
  ui_.traverse.plan_requested = true;
}

void App::seek_traverse(double fraction) {
  const auto r = ui_.traverse.result;
  if (!r || r->drive.timeline.empty()) return;
  const double t0 = r->drive.timeline.front().tt_s, t1 = r->drive.timeline.back().tt_s;
  ui_.traverse.playing = false;
  ui_.clock.playing = false;
  ui_.clock.now =
      time::Instant::from_tt_seconds_since_j2000(t0 + std::clamp(fraction, 0.0, 1.0) * (t1 - t0));
}

void App::export_traverse(bool json) {
  const auto r = ui_.traverse.result;
  if (!r) return;
  const std::string base = ui_.traverse.export_base.empty() ? "traverse" : ui_.traverse.export_base;
  if (json)
    ui_.traverse.export_request =
        ui::TraverseExport{base + ".json", "application/json",
                           traverse::drive_to_json(r->plan, r->drive, r->rover, r->objective)};
  else
    ui_.traverse.export_request =
        ui::TraverseExport{base + ".csv", "text/csv", traverse::timeline_to_csv(r->drive)};
}

}  // namespace ce8::app
