#include "app/sky_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec4.hpp>

#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"
#include "ui/label_language.hpp"

namespace ce8::app {

namespace {

// The decorative backdrop behind the real bright stars (docs/sky.md).
constexpr int kBackdropStars = 1800;
constexpr unsigned kBackdropSeed = 20280101u;
constexpr float kMoonRadiusM = 1737400.0f;

glm::vec3 to_glm(const ephemeris::Vec3& v) {
  return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)};
}

// The rotation taking unit vector `up` to +z (about the axis perpendicular to both).
glm::mat3 rotation_to_z(const glm::vec3& up) {
  const glm::vec3 z(0.0f, 0.0f, 1.0f);
  const glm::vec3 axis = glm::cross(up, z);
  const float s = glm::length(axis), c = glm::dot(up, z);
  if (s < 1e-9f) return glm::mat3(1.0f);
  const glm::vec3 k = axis / s;
  // Rodrigues: R = I + sin K + (1 - cos) K^2 (glm matrices are column-major).
  const glm::mat3 K(0.0f, k.z, -k.y, -k.z, 0.0f, k.x, k.y, -k.x, 0.0f);
  return glm::mat3(1.0f) + s * K + (1.0f - c) * (K * K);
}

// A name and a detail line beside a body: right of it, or left where the window ends.
void label(ImDrawList* list, const LabelView& view, const SkyBodyOnScreen& at_body,
           const char* name, const char* detail, ImU32 name_colour, ImU32 detail_colour) {
  const float gap = std::max(at_body.radius_px, 4.0f) + 10.0f;
  const float width = std::max(ImGui::CalcTextSize(name).x, ImGui::CalcTextSize(detail).x);
  float x = at_body.x + gap;
  if (x + width > view.screen_w - 6.0f) x = at_body.x - gap - width;
  const ImVec2 at(x, at_body.y - 16.0f);
  halo_text(list, at, name_colour, 1.0f, name);
  halo_text(list, ImVec2(at.x, at.y + 17.0f), detail_colour, 0.8f, detail);
}

bool ground(const render::OrbitCamera& camera) {
  return camera.mode() == render::CameraMode::kGround;
}

}  // namespace

bool SkyView::init(std::string& error) {
  if (!renderer_.init(error)) return false;
  std::vector<render::SkyStar> stars;
  auto add = [&stars](const scenario::Star& s) {
    stars.push_back({to_glm(s.dir_icrf), s.magnitude});
  };
  for (const scenario::Star& s : scenario::bright_stars()) add(s);
  for (const scenario::Star& s : scenario::backdrop_stars(kBackdropStars, kBackdropSeed)) add(s);
  renderer_.set_stars(stars);
  ready_ = true;
  return true;
}

void SkyView::update(const ephemeris::SkyState& sky, const render::OrbitCamera& camera,
                     int viewport_h_px) {
  const bool on_ground = ground(camera);
  const glm::vec3 at = on_ground ? camera.eye_m() : camera.pose().target_m;
  scene_ = scenario::sky_scene(sky, at.x, at.y, on_ground ? std::max(at.z, 0.0f) : 0.0);
  world_to_drawn_ = glm::mat3(1.0f);
  if (on_ground) {
    const ephemeris::Vec3 up = scenario::local_up_world(at.x, at.y);
    world_to_drawn_ = rotation_to_z(to_glm(up));
  }
  pixels_per_radian_ = static_cast<float>(std::max(viewport_h_px, 1)) / camera.fov_y_rad();
}

void SkyView::draw(const render::OrbitCamera& camera) {
  if (!ready_) return;
  render::SkyFrame f;
  glm::mat3 icrf_to_world;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      icrf_to_world[c][r] = static_cast<float>(scene_.icrf_to_world.m[r][c]);
  f.icrf_to_drawn = world_to_drawn_ * icrf_to_world;
  f.sun_dir = world_to_drawn_ * to_glm(scene_.sun.dir_world);
  f.sun_radius_rad = static_cast<float>(scene_.sun.angular_radius_rad);
  f.earth_dir = world_to_drawn_ * to_glm(scene_.earth.dir_world);
  f.earth_radius_rad = static_cast<float>(scene_.earth.angular_radius_rad);
  f.sun_from_earth = world_to_drawn_ * to_glm(scene_.sun_from_earth_world);
  f.pixels_per_radian = pixels_per_radian_;
  // A camera pointed near the Sun sees fewer stars (shorter exposure); the eye, dazzled, too.
  f.star_gain = sun_.visible ? 0.55f : 1.0f;
  renderer_.draw(camera.sky_view_projection(), f);
}

void SkyView::apply_to(render::DemStyle& style, const render::OrbitCamera& camera) const {
  style.earth_dir = to_glm(scene_.earth.dir_world);
  style.earth_radius_rad = static_cast<float>(scene_.earth.angular_radius_rad);
  style.earthshine = static_cast<float>(scene_.earthshine_ratio * scenario::kEarthshineDisplayGain);
  if (ground(camera)) {
    const glm::vec3 eye = camera.eye_m();
    style.curvature_m = glm::vec4(eye.x, eye.y, 0.0f, 1.0f);
  }
}

SkyBodyOnScreen SkyView::locate(const glm::vec3& dir, float radius_rad, const LabelView& view,
                                const render::OrbitCamera& camera) const {
  SkyBodyOnScreen s;
  const glm::mat4 vp = camera.sky_view_projection();
  const glm::vec4 c = vp * glm::vec4(dir, 1.0f);
  if (c.w <= 1e-6f) return s;
  const float nx = c.x / c.w, ny = c.y / c.w;
  s.x = (nx * 0.5f + 0.5f) * view.screen_w;
  s.y = (0.5f - ny * 0.5f) * view.screen_h;
  s.radius_px = radius_rad * view.screen_h / camera.fov_y_rad();
  s.on_screen = nx >= -1.0f && nx <= 1.0f && ny >= -1.0f && ny <= 1.0f;
  if (!s.on_screen) return s;
  // Behind the terrain? March from the eye along the direction (drawn frame: with the
  // curvature drop in the ground view), at growing steps out to 400 km.
  const glm::vec3 eye = camera.eye_m();
  const bool curved = ground(camera);
  s.visible = true;
  for (float d = 20.0f; d < 400000.0f; d *= 1.12f) {
    const glm::vec3 q = eye + dir * d;
    const float h = view_height_at(view, q.x, q.y);
    if (!std::isfinite(h)) continue;
    const float dx = q.x - eye.x, dy = q.y - eye.y;
    const float drop = curved ? (dx * dx + dy * dy) / (2.0f * kMoonRadiusM) : 0.0f;
    if (h * view.vertical_exaggeration - drop > q.z) {
      s.visible = false;
      break;
    }
  }
  return s;
}

void SkyView::draw_labels(ImDrawList* list, const LabelView& view,
                          const render::OrbitCamera& camera) {
  const glm::vec3 sun_dir = world_to_drawn_ * to_glm(scene_.sun.dir_world);
  const glm::vec3 earth_dir = world_to_drawn_ * to_glm(scene_.earth.dir_world);
  const float earth_r = static_cast<float>(scene_.earth.angular_radius_rad);
  sun_ = locate(sun_dir, static_cast<float>(scene_.sun.angular_radius_rad), view, camera);
  earth_ = locate(earth_dir, earth_r, view, camera);
  // A point on the Earth's lit side: 0.88 of its radius from the centre toward the Sun.
  const glm::vec3 helper =
      std::abs(earth_dir.z) < 0.95f ? glm::vec3(0.0f, 0.0f, 1.0f) : glm::vec3(1.0f, 0.0f, 0.0f);
  const glm::vec3 right = glm::normalize(glm::cross(earth_dir, helper));
  const glm::vec3 up = glm::cross(right, earth_dir);
  const glm::vec3 sfe = world_to_drawn_ * to_glm(scene_.sun_from_earth_world);
  glm::vec2 lit(glm::dot(sfe, right), glm::dot(sfe, up));
  lit = glm::length(lit) > 1e-6f ? glm::normalize(lit) : glm::vec2(0.0f);
  const glm::vec3 lit_dir =
      glm::normalize(earth_dir + (lit.x * right + lit.y * up) * std::tan(0.88f * earth_r));
  const SkyBodyOnScreen lit_at = locate(lit_dir, 0.0f, view, camera);
  earth_.lit_x = lit_at.x;
  earth_.lit_y = lit_at.y;

  char detail[96];
  if (sun_.visible) {
    std::snprintf(detail, sizeof detail, "%.1f\xC2\xB0 up",
                  scene_.sun.elevation_rad * ephemeris::kRadToDeg);
    label(list, view, sun_, ui::tr("Sun"), detail, rgba(1.0f, 0.86f, 0.45f, 1.0f),
          rgba(0.85f, 0.80f, 0.70f, 1.0f));
  }
  if (earth_.visible) {
    std::snprintf(detail, sizeof detail, "%.0f%% lit, %.1f\xC2\xB0 up",
                  100.0 * scene_.earth_illuminated_fraction,
                  scene_.earth.elevation_rad * ephemeris::kRadToDeg);
    label(list, view, earth_, ui::tr("Earth"), detail, rgba(0.62f, 0.82f, 1.0f, 1.0f),
          rgba(0.70f, 0.78f, 0.88f, 1.0f));
  }
}

std::string SkyView::status_json(const render::OrbitCamera& camera) const {
  auto body = [](const char* name, const SkyBodyOnScreen& s, const scenario::SkyBody& b) {
    char t[320];
    std::snprintf(t, sizeof t,
                  "\"%s\":{\"x\":%.1f,\"y\":%.1f,\"radius_px\":%.2f,\"on_screen\":%s,"
                  "\"visible\":%s,\"elevation_deg\":%.3f,\"azimuth_deg\":%.3f,"
                  "\"angular_diameter_deg\":%.4f",
                  name, s.x, s.y, s.radius_px, s.on_screen ? "true" : "false",
                  s.visible ? "true" : "false", b.elevation_rad * ephemeris::kRadToDeg,
                  b.azimuth_rad * ephemeris::kRadToDeg,
                  2.0 * b.angular_radius_rad * ephemeris::kRadToDeg);
    return std::string(t);
  };
  char tail[200];
  std::snprintf(tail, sizeof tail,
                ",\"lit_x\":%.1f,\"lit_y\":%.1f,\"illuminated_fraction\":%.4f},"
                "\"earthshine_ratio\":%.3g,\"stars\":%d}",
                earth_.lit_x, earth_.lit_y, scene_.earth_illuminated_fraction,
                scene_.earthshine_ratio, renderer_.star_count());
  return std::string("{\"view\":\"") + (ground(camera) ? "ground" : "orbit") + "\"," +
         body("sun", sun_, scene_.sun) + "}," + body("earth", earth_, scene_.earth) + tail;
}

}  // namespace ce8::app
