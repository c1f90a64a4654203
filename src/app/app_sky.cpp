// The App's sky and ground-view entry points (the rest of App is in app.cpp): standing at a site
// at eye height, back to orbiting, and the first picture the explorer opens on.
#include <algorithm>
#include <cmath>

#include <glm/trigonometric.hpp>

#include "app/app.hpp"
#include "engine/ephemeris/site.hpp"
#include "engine/scenario/clock.hpp"
#include "engine/scenario/first_picture.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::app {

namespace {

constexpr float kEyeHeightM = 2.0f;

glm::vec2 site_xy(double lat_deg, double lon_deg) {
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  return {static_cast<float>(p.x_m), static_cast<float>(p.y_m)};
}

}  // namespace

float App::ground_height_m(float x_m, float y_m) const {
  const terrain::MapXy p{x_m, y_m};
  if (tile_renderer_.has_terrain() && tile_dem_.grid.contains(p)) {
    const float h = terrain::sample_bilinear(tile_dem_, p);
    if (std::isfinite(h)) return h;
  }
  const float h = terrain::sample_bilinear(dem_, p);
  return std::isfinite(h) ? h : 0.0f;
}

bool App::stand_here(double lat_deg, double lon_deg, double heading_deg) {
  auto site = ephemeris::make_site_deg(lat_deg, lon_deg);
  if (!site || phase_ != Phase::kRunning) return false;
  const glm::vec2 xy = site_xy(lat_deg, lon_deg);
  if (!dem_.grid.contains(terrain::MapXy{xy.x, xy.y})) return false;  // off the terrain
  // The heading as a compass azimuth at the site (toward the Sun when not given), turned into
  // the map's heading through the site's north and east (world frame).
  const ephemeris::SiteFrame f = ephemeris::site_frame(*site);
  double az = heading_deg * ephemeris::kDegToRad;
  if (!std::isfinite(heading_deg)) {
    const ephemeris::AzEl sun = ephemeris::az_el(f, session_.sky.sun_body_km);
    az = sun.az_rad;
  }
  const ephemeris::Vec3 north = scenario::body_to_terrain_world(f.north);
  const ephemeris::Vec3 east = scenario::body_to_terrain_world(f.east);
  const ephemeris::Vec3 look = std::cos(az) * north + std::sin(az) * east;
  render::GroundPose pose;
  pose.eye_m = glm::vec3(
      xy, ground_height_m(xy.x, xy.y) * session_.view.vertical_exaggeration + kEyeHeightM);
  pose.heading_rad = static_cast<float>(std::atan2(look.x, look.y));
  pose.pitch_rad = glm::radians(1.5f);  // the horizon a little below the middle
  pose.fov_y_rad = glm::radians(50.0f);
  camera_.stand_at(pose);
  // The 20 m tile around the site: the ground at one's feet (the regional cells are 600 m).
  if (builtin_ && ui_.terrain.local_tiles) start_local_tile(lat_deg, lon_deg);
  return true;
}

void App::orbit_view() {
  if (camera_.mode() != render::CameraMode::kGround) return;
  // Back above the place one stood at, looking the same way.
  const render::GroundPose& g = camera_.ground_pose();
  render::OrbitPose pose = camera_.goal();
  pose.target_m = glm::vec3(g.eye_m.x, g.eye_m.y, g.eye_m.z - kEyeHeightM);
  pose.distance_m = 12000.0f;
  pose.yaw_rad = g.heading_rad;
  pose.pitch_rad = 0.45f;
  camera_.fly_to(pose);
}

void App::follow_ground() {
  if (camera_.mode() != render::CameraMode::kGround) return;
  const glm::vec3 eye = camera_.eye_m();
  camera_.set_ground_eye_z(ground_height_m(eye.x, eye.y) * session_.view.vertical_exaggeration +
                           kEyeHeightM);
}

void App::show_first_picture() {
  // The clock at the documented grazing instant over the ridge (scenario/first_picture.hpp).
  if (!session_.clock.seek_iso8601_utc(scenario::kFirstPictureUtc)) return reset_camera(false);
  session_.update_sky();
  // A low camera south of the ridge site looking across it toward the Sun and the Earth: both
  // low in the sky, a few degrees above the middle of the view.
  auto site =
      ephemeris::make_site_deg(scenario::kFirstPictureLatDeg, scenario::kFirstPictureLonDeg);
  const glm::vec2 xy = site_xy(scenario::kFirstPictureLatDeg, scenario::kFirstPictureLonDeg);
  const ephemeris::SiteFrame f = ephemeris::site_frame(*site);
  const ephemeris::Vec3 sun = ephemeris::normalized(session_.sky.sun_body_km - f.position_km);
  const ephemeris::Vec3 earth = ephemeris::normalized(session_.sky.earth_body_km - f.position_km);
  // Landscape frames both (55 deg apart); a portrait phone is too narrow, so it faces the Earth.
  int w = 1, h = 1;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  const ephemeris::Vec3 aim = w < h ? earth : ephemeris::normalized(sun + earth);
  const ephemeris::Vec3 mid = scenario::body_to_terrain_world(aim);
  render::OrbitPose pose;
  pose.target_m = glm::vec3(xy, ground_height_m(xy.x, xy.y) * session_.view.vertical_exaggeration);
  pose.yaw_rad = static_cast<float>(std::atan2(mid.x, mid.y));
  pose.distance_m = 26000.0f;
  pose.pitch_rad = 0.16f;
  // No local tile here: at 26 km the regional grid carries the view, and the start stays free
  // for the cast shadows (a tile starts with "stand here" or "Fly there").
  camera_.jump_to(pose);
}

}  // namespace ce8::app
