// The App's input: mouse, wheel, touch (one finger orbits, two pinch and pan), keys, a click
// that picks a point on the terrain, and camera moves (reset, framing an area, standing at a
// site).
#include <imgui.h>
#include <imgui_impl_sdl2.h>

#include <algorithm>
#include <cmath>

#include <glm/matrix.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec4.hpp>

#include "app/app.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::app {

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
  const double exaggeration = session_.view.vertical_exaggeration;
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
  session_.map_click = pick;
  session_.sky_site = ui::kSkySiteMapClick;
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
      std::isfinite(ground) ? ground * session_.view.vertical_exaggeration : pose.target_m.z);
  pose.distance_m = static_cast<float>(d);
  camera_.fly_to(pose);
}

}  // namespace ce8::app
