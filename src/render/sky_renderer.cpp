#include "render/sky_renderer.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/type_ptr.hpp>

namespace ce8::render {

namespace {

constexpr float kCorners[6][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, -1}, {1, 1}, {-1, 1}};
// The glow reaches this many Sun radii, and at least this many pixels.
constexpr float kGlowSunRadii = 40.0f;
constexpr float kGlowMinPx = 90.0f;

void set_attributes() {
  const GLsizei stride = 6 * sizeof(float);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, nullptr);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(12));
  glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(20));
}

}  // namespace

SkyRenderer::~SkyRenderer() { release_gl(); }

void SkyRenderer::release_gl() {
  if (star_vbo_) glDeleteBuffers(1, &star_vbo_);
  if (quad_vbo_) glDeleteBuffers(1, &quad_vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  star_vbo_ = quad_vbo_ = vao_ = 0;
  star_vertices_ = 0;
  program_.release();
}

bool SkyRenderer::init(std::string& error) {
  if (!program_.build("sky.vert", "sky.frag", error)) return false;
  u_vp_ = program_.uniform("u_sky_view_proj");
  u_rotation_ = program_.uniform("u_rotation");
  u_mode_ = program_.uniform("u_mode");
  u_body_dir_ = program_.uniform("u_body_dir");
  u_body_half_ = program_.uniform("u_body_half_rad");
  u_px_ = program_.uniform("u_px_per_rad");
  u_star_gain_ = program_.uniform("u_star_gain");
  u_glow_scale_ = program_.uniform("u_glow_scale");
  u_sun_from_earth_ = program_.uniform("u_sun_from_earth");
  u_earth_exposure_ = program_.uniform("u_earth_exposure");
  if (!vao_) glGenVertexArrays(1, &vao_);
  if (!quad_vbo_) {
    std::vector<float> quad;
    for (const auto& c : kCorners) quad.insert(quad.end(), {0.0f, 0.0f, 1.0f, c[0], c[1], 0.0f});
    glGenBuffers(1, &quad_vbo_);
    glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(quad.size() * sizeof(float)), quad.data(),
                 GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
  return true;
}

void SkyRenderer::set_stars(const std::vector<SkyStar>& stars) {
  std::vector<float> v;
  v.reserve(stars.size() * 36);
  for (const SkyStar& s : stars)
    for (const auto& c : kCorners)
      v.insert(v.end(), {s.dir_icrf.x, s.dir_icrf.y, s.dir_icrf.z, c[0], c[1], s.magnitude});
  if (!star_vbo_) glGenBuffers(1, &star_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, star_vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(v.size() * sizeof(float)), v.data(),
               GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  star_vertices_ = static_cast<int>(stars.size() * 6);
}

void SkyRenderer::draw(const glm::mat4& sky_view_proj, const SkyFrame& f) {
  if (!program_.id()) return;
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glUseProgram(program_.id());
  glUniformMatrix4fv(u_vp_, 1, GL_FALSE, glm::value_ptr(sky_view_proj));
  glUniformMatrix3fv(u_rotation_, 1, GL_FALSE, glm::value_ptr(f.icrf_to_drawn));
  glUniform1f(u_px_, f.pixels_per_radian);
  glUniform1f(u_star_gain_, std::clamp(f.star_gain, 0.0f, 1.0f));
  glUniform3f(u_sun_from_earth_, f.sun_from_earth.x, f.sun_from_earth.y, f.sun_from_earth.z);
  glUniform1f(u_earth_exposure_, std::clamp(f.earth_exposure, 0.0f, 1.0f));
  glBindVertexArray(vao_);

  // Stars and the glow add light; the discs cover what is behind them.
  glBlendFunc(GL_ONE, GL_ONE);
  if (star_vertices_ > 0) {
    glBindBuffer(GL_ARRAY_BUFFER, star_vbo_);
    set_attributes();
    glUniform1i(u_mode_, 0);
    glDrawArrays(GL_TRIANGLES, 0, star_vertices_);
  }
  glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
  set_attributes();
  auto body = [&](int mode, const glm::vec3& dir, float half_rad) {
    glUniform1i(u_mode_, mode);
    glUniform3f(u_body_dir_, dir.x, dir.y, dir.z);
    glUniform1f(u_body_half_, half_rad);
    glDrawArrays(GL_TRIANGLES, 0, 6);
  };
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  body(3, f.earth_dir, f.earth_radius_rad);
  const float glow_half =
      std::max(kGlowSunRadii * f.sun_radius_rad, kGlowMinPx / std::max(f.pixels_per_radian, 1.0f));
  glUniform1f(u_glow_scale_, glow_half / std::max(f.sun_radius_rad, 1e-6f));
  glBlendFunc(GL_ONE, GL_ONE);
  body(1, f.sun_dir, glow_half);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  body(2, f.sun_dir, f.sun_radius_rad);

  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glUseProgram(0);
  glDisable(GL_BLEND);
  glDepthMask(GL_TRUE);
}

}  // namespace ce8::render
