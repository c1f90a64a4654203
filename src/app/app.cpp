// The explorer's life cycle and frame: start-up phases, the window and GL context, one frame's
// stages (clock, UI and commands, background work, sky, scene), the overlays. Terrain builds
// live in app_terrain.cpp, input and picking in app_input.cpp, commands in app_commands.cpp.
#include "app/app.hpp"

#include <imgui.h>
#include <imgui_impl_sdl2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <glm/matrix.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec4.hpp>

#include "app/app_internal.hpp"
#include "app/label_fonts.hpp"
#include "app/labels.hpp"
#include "app/platform.hpp"
#include "engine/core/parse.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "render/gl.hpp"
#include "ui/label_language.hpp"
#include "ui/scenario_bridge.hpp"

namespace ce8::app {

using detail::kShadowBudgetS;
using detail::now_s;

App::~App() {
  if (imgui_ready_) {
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

void App::drawable_size(int& w, int& h) const { SDL_GL_GetDrawableSize(window_, &w, &h); }

bool App::frame() {
  switch (phase_) {
    case Phase::kCreateWindow:
      if (create_window()) phase_ = Phase::kGenerateTerrain;
      return phase_ != Phase::kFailed;
    case Phase::kGenerateTerrain:
      generate_terrain_step();
      return phase_ != Phase::kFailed;
    case Phase::kRunning: {
      SDL_Event e;
      while (SDL_PollEvent(&e)) handle_event(e);
      if (phase_ != Phase::kRunning) return false;
      if (gl_lost_) return true;  // nothing to draw on until the context is restored
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
    if (io.Fonts->AddFontFromFileTTF(font.c_str(), 16.0f * pixel_ratio, &cfg, kRanges)) {
      io.FontGlobalScale = 1.0f / pixel_ratio;
      load_label_fonts(font, 16.0f * pixel_ratio);  // Chinese and Urdu panel labels
    }
  }
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  imgui_ready_ = true;

  std::string error;
  if (!panel_renderer_.init(error)) {
    fail("could not build the panel shaders: " + error);
    return false;
  }
  if (!dem_renderer_.init(error) || !tile_renderer_.init(error)) {
    fail("could not build the terrain shaders: " + error);
    return false;
  }
  if (!sky_view_.init(error)) {
    fail("could not build the sky shaders: " + error);
    return false;
  }
  if (!scene_target_.init(error)) {
    fail("could not build the scene shaders: " + error);
    return false;
  }
  apply_render_scale_setting();
  ui_.terrain.can_import = platform::can_import_files();
  ui_.classroom.can_use_files = platform::can_use_files();
  ui_.traverse.can_use_files = platform::can_use_files();
  ui_.classroom.page_url = platform::page_url();
  ui_.status.platform = platform::name();
  frame_profile_.set_gpu_sync(platform::profile_frames());
  const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  ui_.status.gl_renderer =
      std::string(renderer ? renderer : "?") + " / " + (version ? version : "?");
  return true;
}

// A fixed scene resolution when the user asked for one (0.5 to 1); anything else is refused
// with a notice and the governor decides.
void App::apply_render_scale_setting() {
  const std::string setting = platform::render_scale_setting();
  if (setting.empty()) return;
  const auto value = parse_finite_number(setting);
  if (value && *value >= render::RenderScaleGovernor::kMinScale &&
      *value <= render::RenderScaleGovernor::kMaxScale) {
    render_scale_.set_fixed(static_cast<float>(*value));
    return;
  }
  platform::on_notice("render_scale must be a number from 0.5 to 1 (got \"" + setting +
                      "\"); the resolution adapts to the frame rate");
}

void App::render() {
  frame_profile_.begin_frame();
  const float dt = advance_frame_time();
  // The one simulation clock moves first (play, spans, drive playback); input and the UI may
  // then move it again; the sky follows once, after both.
  session_.clock.advance(dt);
  int w = 1, h = 1;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  camera_.set_viewport(w, h);
  camera_.update(dt);

  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  apply_link_once();
  run_ui();
  frame_profile_.mark(FrameProfile::kUi);
  step_terrain_build();
  follow_ground();  // the ground view's eye stays at eye height over the (finest) terrain
  traverse_.update(dem_, tile_renderer_.has_terrain() ? &tile_dem_ : nullptr, ui_, now_s());
  play_traverse_when_planned();
  if (ui_.traverse.frame_route) {
    frame_map_area(*ui_.traverse.frame_route,
                   ui_.panels.traverse ? ui_.traverse.panel_right_px : 0.0f);
    ui_.traverse.frame_route.reset();
  }
  frame_profile_.mark(FrameProfile::kJobs);
  session_.update_sky();
  const glm::vec3 sun = sun_world();
  sky_view_.update(session_.sky, camera_, h);
  frame_profile_.mark(FrameProfile::kSky);
  draw_overlays(camera_.view_projection(), sun);
  ImGui::Render();
  publish_status();
  frame_profile_.mark(FrameProfile::kUi);
  present_frame(w, h, sun, dt);
  frame_profile_.end_frame();
}

// Draws the scene at the resolution the governor allows (full on a real GPU) and the panels at
// full resolution. A scene the same as the last one drawn is not drawn again (the scene target
// still holds it); in the browser a frame with nothing new draws nothing at all, and the page
// keeps showing the last one.
void App::present_frame(int w, int h, const glm::vec3& sun, float dt) {
  if (scene_drawn_) render_scale_.update(dt);  // only back-to-back draws time the drawing
  const float scale = render_scale_.scale();
  const render::DemStyle style = scene_style(sun, static_cast<float>(h) * scale);
  const std::uint64_t scene_key = scene_fingerprint(style, w, h, scale);
  const std::uint64_t panels_key = panel_renderer_.fingerprint(ImGui::GetDrawData());
  const bool scene_same = scene_key == drawn_scene_key_;
  scene_drawn_ = false;
  if (scene_same && panels_key == drawn_panels_key_ && platform::keeps_last_frame()) return;
  const bool scaled = scene_target_.begin(w, h, scale);
  if (!scaled || !scene_same) {
    draw_scene(scaled ? scene_target_.width() : w, scaled ? scene_target_.height() : h, style);
    drawn_scene_key_ = scene_key;
    scene_drawn_ = true;
  }
  if (scaled) scene_target_.present(w, h);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  panel_renderer_.draw(ImGui::GetDrawData());
  drawn_panels_key_ = panels_key;
  frame_profile_.mark(FrameProfile::kImGuiDraw);
  SDL_GL_SwapWindow(window_);
  frame_profile_.mark(FrameProfile::kSwap);
  if (++frames_ == 1) platform::on_first_frame();
}

float App::advance_frame_time() {
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
  return dt;
}

// A shared link (#s=...) is applied once, on the first running frame.
void App::apply_link_once() {
  if (url_scenario_checked_) return;
  url_scenario_checked_ = true;
  const std::string fragment = platform::url_fragment();
  if (fragment.rfind("#s=", 0) != 0) return;
  if (ui::load_scenario_text(fragment, ui_).ok()) {
    platform::on_notice("Shared link applied");
  } else {
    ui_.status.error = "Shared link: " + ui_.classroom.scenario_message;
    platform::on_notice(ui_.status.error);
  }
}

// The panels draw (they see the camera pose for scenarios), then their commands run.
void App::run_ui() {
  const render::OrbitPose& p = camera_.goal();
  ui_.classroom.camera = {p.target_m.x, p.target_m.y, p.distance_m, glm::degrees(p.yaw_rad),
                          glm::degrees(p.pitch_rad)};
  ui::set_label_language(session_.language);
  if (session_.panels_visible) ui::draw(ui_);
  run_panel_commands();
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
}

void App::publish_status() {
  if (std::string sky = sky_view_.status_json(camera_); sky != sky_status_) {
    sky_status_ = std::move(sky);
    platform::on_sky_status(sky_status_);
  }
  std::string text = status().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text == status_sent_) return;
  status_sent_ = std::move(text);
  platform::on_status(status_sent_);
}

// The terrain's style for this frame (cast shadows and the overlay once their maps are ready,
// the Sun, earthshine, the local tile's hole). Also advances the cast shadows' work.
render::DemStyle App::scene_style(const glm::vec3& sun, float target_h_px) {
  render::DemStyle style;
  style.sun_dir = sun;
  // Cast shadows: the engine's Sun visibility per cell for this Sun (horizon map built in the
  // background; until then the terrain is drawn without them).
  illumination_.update(dem_, build_.has_value(), style.sun_dir, ui_, dem_renderer_, kShadowBudgetS,
                       now_s());
  frame_profile_.mark(FrameProfile::kJobs);
  style.cast_shadows = ui_.illumination.cast_shadows && ui_.illumination.shadows_ready;
  style.overlay = session_.overlay != session::Overlay::kNone && ui_.illumination.maps_ready;
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
  style.vertical_exaggeration = session_.view.vertical_exaggeration;
  style.mode = static_cast<render::DemColorMode>(session_.view.color_mode);
  style.pixels_per_radian = target_h_px / camera_.fov_y_rad();
  sky_view_.apply_to(style, camera_);  // earthshine; the ground view's curvature
  if (tile_renderer_.has_terrain()) style.hole_m = tile_rect_;
  return style;
}

// Everything the scene's pixels depend on: the target's size, the camera, the sky's instant, the
// terrain's style and what the renderers hold. Equal fingerprints draw equal pictures.
std::uint64_t App::scene_fingerprint(const render::DemStyle& style, int w, int h,
                                     float scale) const {
  render::Fingerprint f;
  f.add(w).add(h).add(scale).add(session_.clock.now_tt_s());
  const glm::mat4 vp = camera_.view_projection();
  f.add_bytes(&vp, sizeof vp);
  const glm::vec3 eye = camera_.eye_m();
  f.add_bytes(&eye, sizeof eye);
  f.add_bytes(&style.sun_dir, sizeof style.sun_dir)
      .add_bytes(&style.earth_dir, sizeof style.earth_dir);
  f.add_bytes(&style.hole_m, sizeof style.hole_m)
      .add_bytes(&style.curvature_m, sizeof style.curvature_m);
  f.add(style.vertical_exaggeration).add(static_cast<int>(style.mode)).add(style.pixels_per_radian);
  f.add(style.cast_shadows).add(style.overlay).add(style.earthshine).add(style.earth_radius_rad);
  f.add(style.height_min_m).add(style.height_max_m).add(style.slope_max_deg);
  f.add(dem_renderer_.revision()).add(tile_renderer_.revision()).add(tile_renderer_.has_terrain());
  return f.value();
}

void App::draw_scene(int w, int h, const render::DemStyle& style) {
  glViewport(0, 0, w, h);
  glClearColor(0.0f, 0.0f, 0.0f, 1.0f);  // the airless sky is black, also by day
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  sky_view_.draw(camera_);  // stars, the Sun and the Earth, behind the terrain
  frame_profile_.mark(FrameProfile::kSky);
  glEnable(GL_DEPTH_TEST);
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glFrontFace(GL_CCW);
  dem_renderer_.draw(camera_.view_projection(), camera_.eye_m(), style);
  long long triangles = dem_renderer_.stats().triangles;
  if (tile_renderer_.has_terrain()) {
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
  frame_profile_.mark(FrameProfile::kTerrain);
}

glm::vec3 App::sun_world() const {
  if (session_.view.manual_light) {
    const float az = glm::radians(session_.view.sun_azimuth_deg);
    const float el = glm::radians(session_.view.sun_elevation_deg);
    return glm::vec3(std::sin(az) * std::cos(el), std::cos(az) * std::cos(el), std::sin(el));
  }
  // The clock's Sun: its body-fixed direction in the terrain's world frame (stereographic
  // x/y, z up at the pole: world = (body_y, body_x, -body_z), see scenario/terrain_frame.hpp).
  // The shader tilts each normal to its true local vertical, so every point gets the Sun's
  // true elevation there, grazing (at most about 1.6 deg at the pole) as it really is.
  const ephemeris::Vec3 w =
      scenario::body_to_terrain_world(ephemeris::normalized(session_.sky.sun_body_km));
  return glm::vec3(static_cast<float>(w.x), static_cast<float>(w.y), static_cast<float>(w.z));
}

void App::draw_overlays(const glm::mat4& view_proj, const glm::vec3& sun_world) {
  const ImGuiIO& io = ImGui::GetIO();
  LabelView v;
  v.view_proj = view_proj;
  v.eye_m = camera_.eye_m();
  v.screen_w = io.DisplaySize.x;
  v.screen_h = io.DisplaySize.y;
  v.vertical_exaggeration = session_.view.vertical_exaggeration;
  v.target_distance_m = camera_.pose().distance_m;
  v.dem = &dem_;
  v.detail = tile_renderer_.has_terrain() ? &tile_dem_ : nullptr;
  v.features = builtin_;
  sky_view_.draw_labels(ImGui::GetBackgroundDrawList(), v, camera_);  // "Sun", "Earth"
  if (ui_.terrain.labels) draw_labels(ImGui::GetBackgroundDrawList(), v, session_.map_click);
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
  // Only with the panels: on the start screen and in the tour the page's chrome owns the view.
  if (!job.empty() && session_.panels_visible) {
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

}  // namespace ce8::app
