#include "render/camera.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/mat3x3.hpp>

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

namespace {
constexpr float kOrbitFovRad = 0.785398f;                                // 45 deg
constexpr float kGroundMinFovRad = 0.2618f, kGroundMaxFovRad = 1.5708f;  // 15 .. 90 deg
constexpr float kGroundMaxPitchRad = 1.45f;
}  // namespace

float OrbitCamera::fov_y_rad() const {
  return mode_ == CameraMode::kGround ? ground_.fov_y_rad : kOrbitFovRad;
}

void OrbitCamera::stand_at(const GroundPose& pose) {
  const bool was_ground = mode_ == CameraMode::kGround;
  mode_ = CameraMode::kGround;
  ground_goal_ = pose;
  ground_goal_.pitch_rad = std::clamp(pose.pitch_rad, -kGroundMaxPitchRad, kGroundMaxPitchRad);
  ground_goal_.fov_y_rad = std::clamp(pose.fov_y_rad, kGroundMinFovRad, kGroundMaxFovRad);
  if (!was_ground) {
    ground_ = ground_goal_;
  } else {
    ground_.eye_m = ground_goal_.eye_m;
    // Turn the short way round.
    const float two_pi = 6.2831853f;
    ground_.heading_rad = ground_goal_.heading_rad +
                          std::remainder(ground_.heading_rad - ground_goal_.heading_rad, two_pi);
  }
}

void OrbitCamera::orbit(float dx_px, float dy_px) {
  if (mode_ == CameraMode::kGround) {
    // The scene follows the pointer: one pixel turns the view by what a pixel covers.
    const float rad_per_px = ground_goal_.fov_y_rad / static_cast<float>(height_px_);
    ground_goal_.heading_rad -= dx_px * rad_per_px;
    ground_goal_.pitch_rad = std::clamp(ground_goal_.pitch_rad + dy_px * rad_per_px,
                                        -kGroundMaxPitchRad, kGroundMaxPitchRad);
    return;
  }
  goal_.yaw_rad -= dx_px * 0.005f;
  goal_.pitch_rad += dy_px * 0.005f;
  clamp_goal();
}

void OrbitCamera::pan(float dx_px, float dy_px) {
  if (mode_ == CameraMode::kGround) return;  // standing still
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
  if (mode_ == CameraMode::kGround) {
    ground_goal_.fov_y_rad =
        std::clamp(ground_goal_.fov_y_rad * factor, kGroundMinFovRad, kGroundMaxFovRad);
    return;
  }
  goal_.distance_m *= factor;
  clamp_goal();
}

void OrbitCamera::fly_to(const OrbitPose& pose) {
  mode_ = CameraMode::kOrbit;
  goal_ = pose;
  clamp_goal();
}

void OrbitCamera::jump_to(const OrbitPose& pose) {
  mode_ = CameraMode::kOrbit;
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
  if (mode_ == CameraMode::kGround) {
    ground_.eye_m = ground_goal_.eye_m;
    ground_.heading_rad = lerp(ground_.heading_rad, ground_goal_.heading_rad);
    ground_.pitch_rad = lerp(ground_.pitch_rad, ground_goal_.pitch_rad);
    ground_.fov_y_rad =
        std::exp(lerp(std::log(ground_.fov_y_rad), std::log(ground_goal_.fov_y_rad)));
    const float moving = std::abs(ground_goal_.heading_rad - ground_.heading_rad) +
                         std::abs(ground_goal_.pitch_rad - ground_.pitch_rad) +
                         std::abs(std::log(ground_goal_.fov_y_rad / ground_.fov_y_rad));
    return moving > 1e-4f;
  }
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

namespace {
glm::vec3 ground_forward(const GroundPose& g) {
  const float cp = std::cos(g.pitch_rad);
  return glm::vec3(std::sin(g.heading_rad) * cp, std::cos(g.heading_rad) * cp,
                   std::sin(g.pitch_rad));
}
}  // namespace

glm::vec3 OrbitCamera::eye_m() const {
  if (mode_ == CameraMode::kGround) return ground_.eye_m;
  const float cp = std::cos(current_.pitch_rad), sp = std::sin(current_.pitch_rad);
  const float cy = std::cos(current_.yaw_rad), sy = std::sin(current_.yaw_rad);
  // Camera sits behind the target (opposite the view direction) and above it.
  const glm::vec3 back(-sy * cp, -cy * cp, sp);
  return current_.target_m + back * current_.distance_m;
}

glm::mat4 OrbitCamera::view() const {
  if (mode_ == CameraMode::kGround)
    return glm::lookAt(ground_.eye_m, ground_.eye_m + ground_forward(ground_),
                       glm::vec3(0.0f, 0.0f, 1.0f));
  return glm::lookAt(eye_m(), current_.target_m, glm::vec3(0.0f, 0.0f, 1.0f));
}

glm::mat4 OrbitCamera::projection() const {
  const float aspect = static_cast<float>(width_px_) / static_cast<float>(height_px_);
  if (mode_ == CameraMode::kGround)
    return glm::perspective(ground_.fov_y_rad, aspect, 0.5f, 400000.0f);
  const float d = current_.distance_m;
  return glm::perspective(kOrbitFovRad, aspect, std::max(d * 0.01f, 1.0f), d * 20.0f);
}

glm::mat4 OrbitCamera::sky_view_projection() const {
  const float aspect = static_cast<float>(width_px_) / static_cast<float>(height_px_);
  return glm::perspective(fov_y_rad(), aspect, 0.05f, 10.0f) * glm::mat4(glm::mat3(view()));
}

}  // namespace ce8::render
