#include "render/camera.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

namespace ce8::render {

void OrbitCamera::set_limits(float min_distance_m, float max_distance_m,
                             float ground_half_extent_m) {
  min_distance_m_ = min_distance_m;
  max_distance_m_ = max_distance_m;
  half_extent_m_ = ground_half_extent_m;
  clamp_goal();
}

void OrbitCamera::set_viewport(int width_px, int height_px) {
  width_px_ = std::max(width_px, 1);
  height_px_ = std::max(height_px, 1);
}

void OrbitCamera::orbit(float dx_px, float dy_px) {
  goal_.yaw_rad -= dx_px * 0.005f;
  goal_.pitch_rad += dy_px * 0.005f;
  clamp_goal();
}

void OrbitCamera::pan(float dx_px, float dy_px) {
  // One pixel moves the ground by about what it covers at the target's distance.
  const float metres_per_px =
      2.0f * goal_.distance_m * std::tan(glm::radians(22.5f)) / static_cast<float>(height_px_);
  const float c = std::cos(goal_.yaw_rad), s = std::sin(goal_.yaw_rad);
  const glm::vec3 right(c, -s, 0.0f), forward(s, c, 0.0f);
  goal_.target_m += (-dx_px * right + dy_px * forward) * metres_per_px;
  clamp_goal();
}

void OrbitCamera::zoom(float notches) { zoom_by(std::pow(0.85f, notches)); }

void OrbitCamera::zoom_by(float factor) {
  goal_.distance_m *= factor;
  clamp_goal();
}

void OrbitCamera::fly_to(const OrbitPose& pose) {
  goal_ = pose;
  clamp_goal();
}

void OrbitCamera::jump_to(const OrbitPose& pose) {
  goal_ = pose;
  clamp_goal();
  current_ = goal_;
}

void OrbitCamera::clamp_goal() {
  goal_.distance_m = std::clamp(goal_.distance_m, min_distance_m_, max_distance_m_);
  goal_.pitch_rad = std::clamp(goal_.pitch_rad, 0.05f, 1.55f);
  goal_.target_m.x =
      std::clamp(goal_.target_m.x, center_x_m_ - half_extent_m_, center_x_m_ + half_extent_m_);
  goal_.target_m.y =
      std::clamp(goal_.target_m.y, center_y_m_ - half_extent_m_, center_y_m_ + half_extent_m_);
}

bool OrbitCamera::update(float dt_s) {
  // Exponential smoothing, frame-rate independent: ~90% of the way in 0.25 s.
  const float k = 1.0f - std::exp(-std::max(dt_s, 0.0f) * 9.0f);
  auto lerp = [k](float a, float b) { return a + (b - a) * k; };
  current_.target_m += (goal_.target_m - current_.target_m) * k;
  // Zoom in log space so it feels uniform at every scale.
  current_.distance_m = std::exp(lerp(std::log(current_.distance_m), std::log(goal_.distance_m)));
  current_.yaw_rad = lerp(current_.yaw_rad, goal_.yaw_rad);
  current_.pitch_rad = lerp(current_.pitch_rad, goal_.pitch_rad);
  const float moving = glm::length(goal_.target_m - current_.target_m) / goal_.distance_m +
                       std::abs(std::log(goal_.distance_m / current_.distance_m)) +
                       std::abs(goal_.yaw_rad - current_.yaw_rad) +
                       std::abs(goal_.pitch_rad - current_.pitch_rad);
  return moving > 1e-4f;
}

glm::vec3 OrbitCamera::eye_m() const {
  const float cp = std::cos(current_.pitch_rad), sp = std::sin(current_.pitch_rad);
  const float cy = std::cos(current_.yaw_rad), sy = std::sin(current_.yaw_rad);
  // Camera sits behind the target (opposite the view direction) and above it.
  const glm::vec3 back(-sy * cp, -cy * cp, sp);
  return current_.target_m + back * current_.distance_m;
}

glm::mat4 OrbitCamera::view() const {
  return glm::lookAt(eye_m(), current_.target_m, glm::vec3(0.0f, 0.0f, 1.0f));
}

glm::mat4 OrbitCamera::projection() const {
  const float aspect = static_cast<float>(width_px_) / static_cast<float>(height_px_);
  const float d = current_.distance_m;
  return glm::perspective(glm::radians(45.0f), aspect, std::max(d * 0.01f, 1.0f), d * 20.0f);
}

}  // namespace ce8::render
