#include "app/app.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <algorithm>
#include <cmath>

#include <glm/trigonometric.hpp>

#include "app/platform.hpp"
#include "render/gl.hpp"

namespace ce8::app {
namespace {

constexpr int kTerrainCells = 513;          // placeholder grid (cells per side)
constexpr double kTerrainExtentM = 420000;  // covers the pole and all four candidate regions
constexpr double kMoonRadiusM = 1737400.0;
constexpr double kPi = 3.14159265358979323846;

// South polar stereographic (true scale at the pole), the terrain's projection.
glm::vec2 polar_stereographic(double lat_deg, double lon_deg) {
  const double rho = 2.0 * kMoonRadiusM * std::tan((90.0 + lat_deg) * kPi / 360.0);
  const double lon = lon_deg * kPi / 180.0;
  return {static_cast<float>(rho * std::sin(lon)), static_cast<float>(rho * std::cos(lon))};
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

void App::drawable_size(int& w, int& h) const { SDL_GL_GetDrawableSize(window_, &w, &h); }

bool App::frame() {
  switch (phase_) {
    case Phase::kCreateWindow:
      if (create_window()) phase_ = Phase::kBuildTerrain;
      return phase_ != Phase::kFailed;
    case Phase::kBuildTerrain:
      build_terrain();
      phase_ = Phase::kRunning;
      return true;
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
  if (!terrain_renderer_.init(error)) {
    fail("could not build the terrain shaders: " + error);
    return false;
  }
  ui_.status.platform = platform::name();
  const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  ui_.status.gl_renderer = std::string(renderer ? renderer : "?") + " / " + (version ? version : "?");
  return true;
}

void App::build_terrain() {
  terrain_ = terrain::make_placeholder_south_pole(kTerrainCells, kTerrainExtentM);
  terrain_renderer_.upload(terrain_);
  ui_.status.triangles = terrain_renderer_.triangle_count();
  const float half = static_cast<float>(kTerrainExtentM / 2.0);
  camera_.set_limits(800.0f, 900000.0f, half);
  reset_camera(false);
  last_ticks_ = SDL_GetTicks64();
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
    case SDL_MOUSEMOTION: {
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
      const float dx = e.tfinger.dx * static_cast<float>(w), dy = e.tfinger.dy * static_cast<float>(h);
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
  if (dt > 0.0f) {
    const float fps = 1.0f / dt;
    fps_smoothed_ = fps_smoothed_ == 0.0f ? fps : fps_smoothed_ * 0.95f + fps * 0.05f;
  }
  ui_.status.fps = fps_smoothed_;

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ui::draw(ui_);
  if (ui_.reset_view) {
    ui_.reset_view = false;
    reset_camera(true);
  }
  if (ui_.fly_to) {
    render::OrbitPose pose = camera_.goal();
    const glm::vec2 xy = polar_stereographic(ui_.fly_to->lat_deg, ui_.fly_to->lon_deg);
    pose.target_m = glm::vec3(xy, 0.0f);
    pose.distance_m = ui_.fly_to->distance_m;
    pose.pitch_rad = std::max(pose.pitch_rad, 0.5f);
    camera_.fly_to(pose);
    ui_.fly_to.reset();
  }
  ImGui::Render();

  int w = 1, h = 1;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  camera_.set_viewport(w, h);
  camera_.update(dt);
  glViewport(0, 0, w, h);
  glClearColor(0.015f, 0.018f, 0.03f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glFrontFace(GL_CCW);

  render::TerrainStyle style;
  const float az = glm::radians(ui_.view.sun_azimuth_deg);
  const float el = glm::radians(ui_.view.sun_elevation_deg);
  style.sun_dir = glm::vec3(std::sin(az) * std::cos(el), std::cos(az) * std::cos(el), std::sin(el));
  style.vertical_exaggeration = ui_.view.vertical_exaggeration;
  style.height_tint = ui_.view.height_tint;
  terrain_renderer_.draw(camera_.view_projection(), camera_.eye_m(), style);

  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(window_);
  if (++frames_ == 1) platform::on_first_frame();
}

}  // namespace ce8::app
