// The explorer application: owns the window, the GL context, Dear ImGui, the renderer, the
// camera and the UI model. One `bool frame()` drives everything; start-up phases are states
// inside it, so the browser (which owns the loop) and the desktop run the same code.
#pragma once

#include <SDL.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/frame_profile.hpp"
#include "app/illumination_view.hpp"
#include "app/panel_renderer.hpp"
#include "app/sky_view.hpp"
#include "app/traverse_view.hpp"
#include "engine/jobs/background.hpp"
#include "engine/session/commands.hpp"
#include "engine/session/session.hpp"
#include "engine/terrain/build_job.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/derived.hpp"
#include "engine/terrain/import.hpp"
#include "engine/terrain/lola_terrain.hpp"
#include "engine/terrain/mesh.hpp"
#include "render/camera.hpp"
#include "render/dem_renderer.hpp"
#include "render/fingerprint.hpp"
#include "render/render_scale.hpp"
#include "render/scene_target.hpp"
#include "ui/ui.hpp"

namespace ce8::app {

class App {
 public:
  App() = default;
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Runs one step: start-up work or one rendered frame. Returns false when the app should
  // stop (window closed, fatal error).
  bool frame();

  bool failed() const { return phase_ == Phase::kFailed; }
  uint64_t frames_rendered() const { return frames_; }
  SDL_Window* window() const { return window_; }
  // Size of the drawable in pixels (for screenshots).
  void drawable_size(int& w, int& h) const;

  // Terrain import (the page's decoded GeoTIFF, platform_web.cpp): validated now; on success the
  // terrain is rebuilt over the next frames (the current one stays drawn until then) and the
  // camera flies to it. On failure the UI banner shows the one-line reason. True if accepted.
  bool import_raster(const terrain::RasterImport& raster, const std::string& name);
  // The same for a grid already decoded (a LOLA PDS3 product, platform_web.cpp).
  bool import_dem(terrain::Dem dem, const std::string& name);
  // The page could not read a file: shown in the banner, the terrain stays as it is.
  void import_failed(const std::string& message);
  // Carries out one command: the panels' (queued during the UI), the page's (ce8_command), the
  // desktop command line's, the tests' and the tour's. Replies {"ok": true, ...} or
  // {"ok": false, "error": "one-line reason"}; a refused command changes nothing.
  nlohmann::json execute(const session::Command& command);
  // Parses a command from JSON and executes it; the reply as JSON text.
  std::string execute_json(std::string_view text);
  // The explorer's state for the page and tests, one JSON object (see docs/commands.md).
  nlohmann::json status() const;
  const session::Session& session() const { return session_; }

  // Ground view (app_sky.cpp): stand at the site at eye height (2 m), looking along the compass
  // heading (degrees clockwise from local north; NaN: toward the Sun); a local tile is built
  // around the site. False (nothing changes) for a bad latitude or a site off the terrain.
  bool stand_here(double lat_deg, double lon_deg, double heading_deg);
  // Back to the orbit camera, above the place stood at (no-op when orbiting).
  void orbit_view();
  bool ground_view() const { return camera_.mode() == render::CameraMode::kGround; }

  // A lost GL context (WebGL, app_gl.cpp): frames are not drawn while it is lost; when it comes
  // back every GL object is made again (shaders, terrain, shadow map, overlay, sky, Dear ImGui's)
  // and the session goes on unchanged. False (and the app fails) when that is impossible.
  void gl_context_lost();
  bool gl_context_restored();
  // The visitor's work as text (app_gl.cpp): the scenario JSON (scenario/scenario.hpp) of the
  // session, and applying one (checked fully first; on error nothing changes and the reply
  // names the problem). For the page's saved session (web/session.js).
  std::string capture_session_json() const;
  nlohmann::json apply_session_json(std::string_view text);

 private:
  // Sites viewed from further than this get no local tile (the tile would be a few pixels).
  static constexpr float kTileMaxViewDistanceM = 200000.0f;

  // Commands (app_commands.cpp).
  struct ResolvedPlace {
    double lat_deg = -90.0, lon_deg = 0.0;
    float view_distance_m = 40000.0f;
    std::string name;
  };
  Result<ResolvedPlace> resolve_place(const session::Place& place);
  nlohmann::json execute_traverse(const session::Command& command);
  void play_traverse_when_planned();  // a play_traverse that came while its plan was running
  void run_panel_commands();          // the commands the panels queued this frame
  void fly_camera_to(double lat_deg, double lon_deg, float distance_m,
                     std::optional<float> pitch_deg, std::optional<float> heading_deg);
  const char* view_mode_name() const { return ground_view() ? "ground" : "orbit"; }
  void publish_status();  // the status object to the page when it changed

  enum class Phase { kCreateWindow, kGenerateTerrain, kRunning, kQuit, kFailed };

  bool create_window();
  void generate_terrain_step();
  Result<terrain::TerrainBuildJob> start_builtin_job(const terrain::GridGeometry& grid);
  void handle_event(const SDL_Event& e);
  // One frame's stages (app.cpp).
  void render();
  float advance_frame_time();  // wall seconds since the last frame (at most 0.25)
  void apply_link_once();      // a shared link (#s=...) on the first running frame
  void run_ui();               // the panels, then the commands they queued
  void present_frame(int w, int h, const glm::vec3& sun, float dt);
  render::DemStyle scene_style(const glm::vec3& sun, float target_h_px);
  std::uint64_t scene_fingerprint(const render::DemStyle& style, int w, int h, float scale) const;
  void draw_scene(int w, int h, const render::DemStyle& style);
  void fail(const std::string& message);
  void apply_render_scale_setting();
  void reset_camera(bool smooth);
  // Sky and ground view (app_sky.cpp).
  void show_first_picture();
  void follow_ground();
  float ground_height_m(float x_m, float y_m) const;  // the local tile where it has data
  // A click on the terrain (no drag): the camera ray at window pixel (x, y) meets the
  // heightfield; the point becomes the Sky panel's "map click" site.
  void pick_terrain(int x_px, int y_px);

  // Background terrain work while the app runs: the main terrain replaced (an import, or back to
  // the built-in model) or a local tile around the site flown to. One terrain::TerrainBuildJob
  // (heights, normals, meshes) on a worker thread, or in slices where there are no threads;
  // then uploaded in one go.
  struct TerrainBuild {
    bool local_tile = false;  // else: replaces the main terrain
    bool builtin = true;      // the built-in model (else an imported file)
    std::string source;       // name for the Terrain panel
    std::string what;         // progress label
    std::unique_ptr<jobs::BackgroundJob> job;
    terrain::Dem dem;  // the finished job's results
    terrain::LodTerrain lod;
    double started_s = 0.0;
  };
  void step_terrain_build();
  void finish_terrain_build(TerrainBuild& b);
  void start_local_tile(double lat_deg, double lon_deg);
  void restore_builtin();
  void terrain_changed();  // updates the panel, the page and the camera limits
  void draw_overlays(const glm::mat4& view_proj, const glm::vec3& sun_world);
  glm::vec3 sun_world() const;
  // Moves the camera to show this map area right of `covered_left_px` (window points).
  void frame_map_area(
      const ui::MapRect& r,
      float covered_left_px);  // toward the Sun (terrain world frame), as the terrain is lit

  Phase phase_ = Phase::kCreateWindow;
  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  bool imgui_ready_ = false;
  PanelRenderer panel_renderer_;              // Dear ImGui's output, with no GL state queries
  render::SceneTarget scene_target_;          // the scene below full resolution
  render::RenderScaleGovernor render_scale_;  // how far below
  std::uint64_t drawn_scene_key_ = 0;         // fingerprint of the scene last drawn
  std::uint64_t drawn_panels_key_ = 0;        // and of the panels
  bool scene_drawn_ = false;                  // the last frame drew the scene
  render::DemRenderer dem_renderer_;
  render::OrbitCamera camera_;
  // The terrain: one TerrainBuildJob before the first frame (on a worker thread, or in slices
  // of the frame budget: the page never freezes), then uploaded once.
  std::unique_ptr<jobs::BackgroundJob> startup_job_;
  terrain::Dem dem_;
  std::optional<TerrainBuild> build_;
  bool builtin_ = true;
  bool play_when_planned_ = false;  // play_traverse waits for the plan in flight
  std::string source_ = "Built-in LOLA terrain";
  // The real Moon (LOLA data embedded in the engine), loaded once, shared by every build.
  std::shared_ptr<const terrain::LolaTerrain> moon_;
  std::string moon_note_, moon_note_short_;  // what the regional terrain shows is real
  render::DemRenderer tile_renderer_;        // the local tile (none: nothing uploaded)
  terrain::Dem tile_dem_;
  glm::vec4 tile_rect_{0.0f, 0.0f, -1.0f, -1.0f};  // map area the tile draws (x0, y0, x1, y1)
  session::Session session_;       // the visitor's work: clock, site, rover, view, results
  ui::UiModel ui_{session_};       // the panels' widget state (reads session_)
  IlluminationView illumination_;  // cast shadows, maps, timeline (after the terrain is up)
  bool shadows_reported_ = false;
  SkyView sky_view_;         // the Sun, the Earth, the stars; earthshine; their labels
  std::string sky_status_;   // last sky status sent to the page
  TraverseView traverse_;    // rover path planning, path and rover drawing
  std::string status_sent_;  // the last status object sent to the page (JSON text)
  uint64_t frames_ = 0;
  // Where a frame's time goes (the status object's "frame_ms").
  FrameProfile frame_profile_;
  bool url_scenario_checked_ = false;  // a #s=... link is applied on the first running frame
  bool gl_lost_ = false;               // the GL context is lost: no drawing until restored
  uint64_t last_ticks_ = 0;
  float last_dt_s_ = 0.0f;
  float fps_smoothed_ = 0.0f;

  // Touch: active fingers (normalised coords) for one-finger orbit and two-finger pinch/pan.
  std::unordered_map<int64_t, SDL_FPoint> fingers_;
  bool touch_owned_by_ui_ = false;
  // Left-button press not taken by the UI: where it began and how far the pointer has moved since.
  bool click_pending_ = false;
  int click_x_ = 0, click_y_ = 0;
  float click_travel_px_ = 0.0f;
};

}  // namespace ce8::app
