// The sky in the 3D view: the Sun, the Earth (with its phase) and the stars drawn behind the
// terrain for the clock's instant, earthshine handed to the terrain shader, the "Sun" and
// "Earth" labels, and a status line for the page (window.ce8Status.sky: where the two bodies
// are on screen, for tests and the tour).
//
// Frames: in the orbit view the sky is drawn in the terrain's world frame, as seen from the
// point the camera looks at. In the ground view (OrbitCamera::stand_at) the terrain around the
// eye is drawn flat with the Moon's curvature applied around the eye (DemStyle::curvature_m), so
// its horizontal is the map plane there; the sky is turned by the small rotation that takes the
// eye's true local vertical to +z (0.55 deg at the ridge site), so every body stands at its true
// elevation above the drawn horizon.
#pragma once

#include <string>

#include <imgui.h>

#include <glm/mat3x3.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "app/labels.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/scenario/sky_scene.hpp"
#include "render/camera.hpp"
#include "render/dem_renderer.hpp"
#include "render/sky_renderer.hpp"

namespace ce8::app {

struct SkyBodyOnScreen {
  float x = 0.0f, y = 0.0f;  // window points (CSS pixels in the browser)
  float radius_px = 0.0f;
  bool on_screen = false;            // in front of the camera and inside the window
  bool visible = false;              // and not behind the terrain
  float lit_x = 0.0f, lit_y = 0.0f;  // Earth: a point on its lit side
};

class SkyView {
 public:
  bool init(std::string& error);  // GL: shaders, the star buffer
  // Forgets the GL objects (a lost context); init() makes them again.
  void release_gl() {
    renderer_.release_gl();
    ready_ = false;
  }
  // Every frame, before drawing: the scene for the camera (eye height above the ground for the
  // ground view is the camera's business).
  void update(const ephemeris::SkyState& sky, const render::OrbitCamera& camera, int viewport_h_px);
  void draw(const render::OrbitCamera& camera);  // the sky, before the terrain
  // Earthshine and, in the ground view, the curvature around the eye.
  void apply_to(render::DemStyle& style, const render::OrbitCamera& camera) const;
  // The two labels (and where the bodies are on screen, for status_json).
  void draw_labels(ImDrawList* list, const LabelView& view, const render::OrbitCamera& camera);
  // One line of JSON: view, Sun and Earth (screen position, elevation, azimuth), the Earth's
  // phase and the earthshine ratio.
  std::string status_json(const render::OrbitCamera& camera) const;
  const scenario::SkyScene& scene() const { return scene_; }

 private:
  SkyBodyOnScreen locate(const glm::vec3& dir_drawn, float radius_rad, const LabelView& view,
                         const render::OrbitCamera& camera) const;

  render::SkyRenderer renderer_;
  scenario::SkyScene scene_;
  glm::mat3 world_to_drawn_{1.0f};
  float pixels_per_radian_ = 1000.0f;
  SkyBodyOnScreen sun_, earth_;
  bool ready_ = false;
};

}  // namespace ce8::app
