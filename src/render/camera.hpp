// An orbit camera over the terrain: yaw/pitch around a target point, distance for zoom, and
// panning that moves the target across the ground. Motion is smoothed toward goal values so
// drags, wheel steps and fly-to jumps glide instead of snapping.
//
// Ground mode (stand_at): the eye stands at one point (a person's eye height above the ground)
// and looks around: a drag turns the view (the scene follows the pointer), the wheel or a pinch
// changes the field of view, panning does nothing. The near plane is 0.5 m so the ground at
// one's feet is drawn, the far plane 400 km (the highest south-polar massifs are seen from
// further than 100 km). fly_to / jump_to go back to orbiting.
#pragma once

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

namespace ce8::render {

struct OrbitPose {
  glm::vec3 target_m{0.0f};  // the point looked at (world metres, z up)
  float distance_m = 150000.0f;
  float yaw_rad = 0.6f;     // around +z, 0 = looking toward +y
  float pitch_rad = 0.75f;  // above the horizontal plane
};

struct GroundPose {
  glm::vec3 eye_m{0.0f};      // world metres
  float heading_rad = 0.0f;   // look direction's azimuth in the map: 0 = +y, clockwise (as yaw)
  float pitch_rad = 0.0f;     // look direction above the map plane
  float fov_y_rad = 1.0472f;  // vertical field of view (60 deg)
};

enum class CameraMode { kOrbit, kGround };

class OrbitCamera {
 public:
  void set_limits(float min_distance_m, float max_distance_m, float ground_half_extent_m);
  void set_viewport(int width_px, int height_px);
  // The centre of the ground the target is kept over (the terrain's centre; default the pole).
  void set_ground_center(float x_m, float y_m) { center_x_m_ = x_m, center_y_m_ = y_m; }

  // Input, in screen pixels (drag deltas) and wheel notches.
  void orbit(float dx_px, float dy_px);
  void pan(float dx_px, float dy_px);
  void zoom(float notches);            // positive = closer
  void zoom_by(float factor);          // multiply the distance (pinch)
  void fly_to(const OrbitPose& pose);  // smooth move, e.g. to a landing site
  void jump_to(const OrbitPose& pose);
  // Ground mode: stand at pose.eye_m looking along heading/pitch (the look turns smoothly from
  // the current one when already standing).
  void stand_at(const GroundPose& pose);
  // Ground mode: the eye's height (the terrain under it changed, e.g. a finer tile arrived).
  void set_ground_eye_z(float z_m) { ground_goal_.eye_m.z = ground_.eye_m.z = z_m; }
  CameraMode mode() const { return mode_; }
  const GroundPose& ground_pose() const { return ground_; }
  float fov_y_rad() const;

  // Advance the smoothing by dt seconds; returns true while still moving.
  bool update(float dt_s);

  const OrbitPose& pose() const { return current_; }
  const OrbitPose& goal() const { return goal_; }
  glm::vec3 eye_m() const;
  glm::mat4 view() const;
  glm::mat4 projection() const;
  glm::mat4 view_projection() const { return projection() * view(); }
  // The sky at infinity: the view's rotation only, with near/far planes around unit distance.
  glm::mat4 sky_view_projection() const;

 private:
  void clamp_goal();

  CameraMode mode_ = CameraMode::kOrbit;
  GroundPose ground_, ground_goal_;
  OrbitPose current_, goal_;
  int width_px_ = 1, height_px_ = 1;
  float min_distance_m_ = 500.0f, max_distance_m_ = 600000.0f, half_extent_m_ = 100000.0f;
  float center_x_m_ = 0.0f, center_y_m_ = 0.0f;
};

}  // namespace ce8::render
