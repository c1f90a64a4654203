// Draws the sky behind the terrain: stars, the Sun's glow and disc, and the Earth with its phase
// (the terminator comes from lighting a sphere by the Earth -> Sun direction, so the phase is the
// true Sun-Earth-viewer geometry). Directions are at infinity: the caller gives the camera's
// sky view-projection (rotation only, OrbitCamera::sky_view_projection) and every direction in
// the frame it draws (the terrain's world frame, or the ground view's frame, see SkyFrame).
//
// Usage (GL context current): SkyRenderer s; s.init(err); s.set_stars(stars);
//   each frame, before the terrain: s.draw(sky_vp, frame)  (no depth writes; the terrain
//   drawn next covers what lies below its horizon).
#pragma once

#include <string>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "render/gl.hpp"
#include "render/shader.hpp"

namespace ce8::render {

struct SkyStar {
  glm::vec3 dir_icrf{0.0f, 0.0f, 1.0f};
  float magnitude = 6.0f;
};

struct SkyFrame {
  glm::mat3 icrf_to_drawn{1.0f};  // stars
  glm::vec3 sun_dir{0.0f, 0.0f, 1.0f};
  float sun_radius_rad = 0.00465f;
  glm::vec3 earth_dir{0.0f, 1.0f, 0.0f};
  float earth_radius_rad = 0.0166f;
  glm::vec3 sun_from_earth{0.0f, 0.0f, 1.0f};  // unit, Earth -> Sun
  float pixels_per_radian = 1000.0f;
  float star_gain = 1.0f;       // 0..1
  float earth_exposure = 1.0f;  // 0..1
};

class SkyRenderer {
 public:
  SkyRenderer() = default;
  ~SkyRenderer();
  SkyRenderer(const SkyRenderer&) = delete;
  SkyRenderer& operator=(const SkyRenderer&) = delete;

  bool init(std::string& error);  // compiles sky.vert / sky.frag
  // Deletes every GL object (after a lost context: init() and set_stars() make them again).
  void release_gl();
  void set_stars(const std::vector<SkyStar>& stars);
  // Leaves depth testing and writing off, blending off, the program unbound.
  void draw(const glm::mat4& sky_view_proj, const SkyFrame& frame);
  int star_count() const { return star_vertices_ / 6; }

 private:
  Program program_;
  GLuint vao_ = 0, star_vbo_ = 0, quad_vbo_ = 0;
  int star_vertices_ = 0;
  GLint u_vp_ = -1, u_rotation_ = -1, u_mode_ = -1, u_body_dir_ = -1, u_body_half_ = -1, u_px_ = -1,
        u_star_gain_ = -1, u_glow_scale_ = -1, u_sun_from_earth_ = -1, u_earth_exposure_ = -1;
};

}  // namespace ce8::render
