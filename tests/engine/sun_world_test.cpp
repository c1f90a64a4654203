// The terrain world frame: body-fixed directions map to south polar stereographic x/y with z up
// at the pole, and the local vertical over the map gives the Sun's true elevation anywhere.
#include "engine/scenario/terrain_frame.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/time/time.hpp"

namespace ce8::scenario {
namespace {

using ephemeris::Vec3;

void expect_vec(const Vec3& a, const Vec3& b, double tol = 1e-12) {
  EXPECT_NEAR(a.x, b.x, tol);
  EXPECT_NEAR(a.y, b.y, tol);
  EXPECT_NEAR(a.z, b.z, tol);
}

TEST(TerrainFrame, BodyAxesMapToTheStereographicAxes) {
  expect_vec(body_to_terrain_world({1, 0, 0}), {0, 1, 0});   // 0°E -> map +y
  expect_vec(body_to_terrain_world({0, 1, 0}), {1, 0, 0});   // 90°E -> map +x
  expect_vec(body_to_terrain_world({0, 0, -1}), {0, 0, 1});  // south pole's up -> +z
  expect_vec(terrain_world_to_body(body_to_terrain_world({0.3, -0.4, 0.5})), {0.3, -0.4, 0.5});
  // A proper rotation: x cross y = z in both frames.
  const Vec3 z =
      ephemeris::cross(body_to_terrain_world({1, 0, 0}), body_to_terrain_world({0, 1, 0}));
  expect_vec(z, body_to_terrain_world({0, 0, 1}));
}

TEST(TerrainFrame, AgreesWithTheProjectionForSurfacePoints) {
  // A point on the sphere near the pole, projected, lies in the direction of the world vector's
  // horizontal part (x = rho sin(lon), y = rho cos(lon)).
  const double lat = -85.0 * ephemeris::kDegToRad, lon = 123.0 * ephemeris::kDegToRad;
  const Vec3 body{std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
  const Vec3 w = body_to_terrain_world(body);
  const terrain::MapXy xy = terrain::to_map({lat, lon});
  EXPECT_NEAR(std::atan2(w.x, w.y), std::atan2(xy.x_m, xy.y_m), 1e-12);
  // The local vertical there is the body's radial direction.
  expect_vec(local_up_world(xy.x_m, xy.y_m), w, 1e-12);
}

TEST(TerrainFrame, SunElevationAtThePoleIsAsinOfWorldZ) {
  auto site = ephemeris::make_site_deg(-90.0, 0.0);
  ASSERT_TRUE(site.ok());
  const ephemeris::SiteFrame frame = ephemeris::site_frame(*site);
  for (const char* when :
       {"2028-03-09T00:00:00Z", "2029-01-15T06:00:00Z", "2030-09-01T18:00:00Z"}) {
    auto t = time::parse_iso8601(when);
    ASSERT_TRUE(t.ok());
    const ephemeris::SkyState sky = ephemeris::sky_state(*t);
    const Vec3 sun_world = ephemeris::normalized(body_to_terrain_world(sky.sun_body_km));
    const ephemeris::AzEl ae =
        ephemeris::az_el_of_direction(frame, ephemeris::normalized(sky.sun_body_km));
    EXPECT_NEAR(std::asin(sun_world.z), ae.el_rad, 1e-12) << when;
    // The pole's east-north-up is the world frame: azimuth from +y clockwise through +x.
    EXPECT_NEAR(ephemeris::wrap_pi(std::atan2(sun_world.x, sun_world.y) - ae.az_rad), 0.0, 1e-9)
        << when;
  }
}

TEST(TerrainFrame, LocalVerticalGivesTheSunElevationAwayFromThePole) {
  auto t = time::parse_iso8601("2028-03-09T00:00:00Z");
  ASSERT_TRUE(t.ok());
  const ephemeris::SkyState sky = ephemeris::sky_state(*t);
  const Vec3 sun_world = ephemeris::normalized(body_to_terrain_world(sky.sun_body_km));
  for (const auto& [lat_deg, lon_deg] :
       {std::pair{-84.44, 83.07}, std::pair{-85.33, 317.87}, std::pair{-89.36, 262.0}}) {
    auto site = ephemeris::make_site_deg(lat_deg, lon_deg);
    ASSERT_TRUE(site.ok());
    const ephemeris::AzEl ae = ephemeris::az_el_of_direction(
        ephemeris::site_frame(*site), ephemeris::normalized(sky.sun_body_km));
    const terrain::MapXy xy = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
    const double el = std::asin(ephemeris::dot(sun_world, local_up_world(xy.x_m, xy.y_m)));
    EXPECT_NEAR(el, ae.el_rad, 1e-9) << lat_deg << "," << lon_deg;
  }
}

}  // namespace
}  // namespace ce8::scenario
