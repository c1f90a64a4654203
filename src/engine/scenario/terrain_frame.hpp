// The terrain's world frame and the Moon body-fixed frame.
//
// The explorer draws terrain in the south polar stereographic map plane (terrain/projection.hpp):
// world x = map x (toward 90°E), world y = map y (toward 0°E), world z = height, up at the pole.
// At the pole itself this is exactly the local east-north-up frame of ephemeris::site_frame
// (which fixes the pole's "north" along body +x, 0°E, and "east" along body +y, 90°E; up is
// body -z). So a direction in the body-fixed frame maps to the world frame as
//     world = (body_y, body_x, -body_z)
// (a proper rotation: swapping two axes and negating the third keeps the determinant +1).
//
// Away from the pole the map is flat but the Moon is not: the local vertical at map point
// (x, y) leans away from the pole by the angular distance c = 2 atan(rho / 2R), rho = |(x, y)|.
// local_up_world() gives it, so the Sun's true elevation at any map point is
// asin(dot(sun_world, local_up_world(x, y))) (the terrain shader tilts normals the same way).
#pragma once

#include <cmath>

#include "engine/ephemeris/vec.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::scenario {

// A body-fixed direction (or vector) in the terrain's world frame.
inline ephemeris::Vec3 body_to_terrain_world(const ephemeris::Vec3& body) {
  return {body.y, body.x, -body.z};
}
inline ephemeris::Vec3 terrain_world_to_body(const ephemeris::Vec3& world) {
  return {world.y, world.x, -world.z};
}

// The local vertical (unit vector, world frame) at map point (x_m, y_m).
inline ephemeris::Vec3 local_up_world(double x_m, double y_m) {
  const double rho = std::hypot(x_m, y_m);
  if (rho <= 0.0) return {0.0, 0.0, 1.0};
  const double c = 2.0 * std::atan(rho / (2.0 * terrain::kMoonRadiusM));
  const double s = std::sin(c) / rho;
  return {x_m * s, y_m * s, std::cos(c)};
}

}  // namespace ce8::scenario
