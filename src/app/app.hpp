// The explorer application: owns the window, the GL context, Dear ImGui, the renderer, the
// camera and the UI model. One `bool frame()` drives everything; start-up phases are states
// inside it, so the browser (which owns the loop) and the desktop run the same code.
#pragma once

#include <SDL.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/terrain/dem.hpp"
#include "engine/terrain/derived.hpp"
#include "engine/terrain/mesh.hpp"
#include "engine/terrain/progressive.hpp"
#include "render/camera.hpp"
#include "render/dem_renderer.hpp"
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

 private:
  enum class Phase { kCreateWindow, kGenerateTerrain, kBuildMeshes, kRunning, kQuit, kFailed };

  bool create_window();
  void generate_terrain_step();
  void build_meshes_step();
  void handle_event(const SDL_Event& e);
  void render();
  void fail(const std::string& message);
  void reset_camera(bool smooth);
  // A click on the terrain (no drag): the camera ray at window pixel (x, y) meets the
  // heightfield; the point becomes the Sky panel's "map click" site.
  void pick_terrain(int x_px, int y_px);

  Phase phase_ = Phase::kCreateWindow;
  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  bool imgui_ready_ = false;
  render::DemRenderer dem_renderer_;
  render::OrbitCamera camera_;
  // The terrain: generated in row bands over the first frames (the page never freezes), then
  // meshed chunk by chunk, then uploaded once.
  std::optional<terrain::ProgressiveDem> dem_job_;
  terrain::Dem dem_;
  std::vector<glm::vec3> dem_normals_;
  terrain::LodTerrain lod_;
  int next_mesh_ = 0;
  ui::UiModel ui_;
  uint64_t frames_ = 0;
  uint64_t last_ticks_ = 0;
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
