// The sky the 3D view draws (scenario/sky_scene.hpp) and the first picture's instant
// (scenario/first_picture.hpp): directions agree with the engine's az/el, sizes and phase are
// the true ones, earthshine follows the Lambert-sphere law, stars land where RA/Dec say.
#include "engine/scenario/sky_scene.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/scenario/first_picture.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/time/time.hpp"

namespace ce8::scenario {
namespace {

using ephemeris::kDegToRad;
using ephemeris::kRadToDeg;
using ephemeris::Vec3;

time::Instant utc(const char* iso) { return *time::parse_iso8601(iso); }

TEST(SkyScene, SunAndEarthMatchTheSitesAzimuthAndElevation) {
  const time::Instant t = utc("2028-10-25T06:00:00Z");
  const ephemeris::SkyState sky = ephemeris::sky_state(t);
  const double lat = -89.45, lon = 222.7;
  const terrain::MapXy xy = terrain::to_map(terrain::latlon_deg(lat, lon));
  const SkyScene s = sky_scene(sky, xy.x_m, xy.y_m, 0.0);
  const ephemeris::SiteFrame f = ephemeris::site_frame(*ephemeris::make_site_deg(lat, lon));
  const ephemeris::AzEl sun = ephemeris::az_el(f, sky.sun_body_km);
  const ephemeris::AzEl earth = ephemeris::az_el(f, sky.earth_body_km);
  EXPECT_NEAR(s.sun.elevation_rad, sun.el_rad, 1e-9);
  EXPECT_NEAR(s.earth.elevation_rad, earth.el_rad, 1e-9);
  EXPECT_NEAR(s.earth.azimuth_rad, earth.az_rad, 1e-9);
  // The world-frame direction gives the same elevation over the map's true local vertical.
  const Vec3 up = local_up_world(xy.x_m, xy.y_m);
  EXPECT_NEAR(std::asin(ephemeris::dot(s.earth.dir_world, up)), earth.el_rad, 1e-6);
  EXPECT_NEAR(std::asin(ephemeris::dot(s.sun.dir_world, up)), sun.el_rad, 1e-6);
  // True sizes: the Sun about 0.53 deg across, the Earth about 1.9 deg.
  EXPECT_NEAR(2.0 * s.sun.angular_radius_rad * kRadToDeg, 0.53, 0.02);
  EXPECT_NEAR(2.0 * s.earth.angular_radius_rad * kRadToDeg, 1.9, 0.1);
  // The Earth's parallax: from the surface it is not where it is from the Moon's centre.
  const double parallax_deg =
      ephemeris::angle_between(s.earth.dir_world,
                               body_to_terrain_world(ephemeris::normalized(sky.earth_body_km))) *
      kRadToDeg;
  EXPECT_GT(parallax_deg, 0.05);
  EXPECT_LT(parallax_deg, 0.3);
}

TEST(SkyScene, EarthPhaseAndEarthshineFollowTheGeometry) {
  for (const char* iso : {"2028-10-25T06:00:00Z", "2028-11-02T00:00:00Z", "2028-11-10T00:00:00Z"}) {
    const ephemeris::SkyState sky = ephemeris::sky_state(utc(iso));
    const SkyScene s = sky_scene(sky, 0.0, 0.0, 0.0);
    // From the pole the phase is the centre's to within the parallax.
    EXPECT_NEAR(s.earth_illuminated_fraction, sky.earth_illuminated_fraction, 0.01) << iso;
    // Earth -> Sun is opposite to the Sun-Earth-viewpoint angle's other leg.
    const Vec3 earth_to_viewer = -1.0 * s.earth.dir_world;
    EXPECT_NEAR(ephemeris::angle_between(s.sun_from_earth_world, earth_to_viewer),
                s.earth_phase_angle_rad, 1e-6)
        << iso;
    const double r = kEarthMeanRadiusKm / s.earth.distance_km;
    EXPECT_NEAR(s.earthshine_ratio,
                kEarthBondAlbedo * r * r * 2.0 / 3.0 * lambert_phase(s.earth_phase_angle_rad),
                1e-12);
  }
  EXPECT_DOUBLE_EQ(lambert_phase(0.0), 1.0);
  EXPECT_NEAR(lambert_phase(ephemeris::kPi / 2.0), 1.0 / ephemeris::kPi, 1e-12);
  EXPECT_NEAR(lambert_phase(ephemeris::kPi), 0.0, 1e-12);
  // Full Earth: about 5.5e-5 of sunlight (about 7 lux of the Sun's 130 000).
  const double r = kEarthMeanRadiusKm / 384400.0;
  EXPECT_NEAR(kEarthBondAlbedo * r * r * 2.0 / 3.0, 5.5e-5, 0.2e-5);
}

TEST(SkyScene, StarsSitWhereTheirRightAscensionAndDeclinationSay) {
  const auto& stars = bright_stars();
  ASSERT_GE(stars.size(), 60u);
  const Star* sirius = nullptr;
  const Star* polaris = nullptr;
  for (const Star& s : stars) {
    EXPECT_NEAR(ephemeris::norm(s.dir_icrf), 1.0, 1e-12) << s.name;
    if (std::string(s.name) == "Sirius") sirius = &s;
    if (std::string(s.name) == "Polaris") polaris = &s;
  }
  ASSERT_TRUE(sirius && polaris);
  // Sirius: RA 6h45m08.9s, Dec -16 42 58.
  EXPECT_NEAR(std::atan2(sirius->dir_icrf.y, sirius->dir_icrf.x) * kRadToDeg, 101.287, 0.01);
  EXPECT_NEAR(std::asin(sirius->dir_icrf.z) * kRadToDeg, -16.716, 0.01);
  EXPECT_GT(polaris->dir_icrf.z, std::sin(89.2 * kDegToRad));
  // ICRF -> world is a rotation, and the Moon's north pole (ICRF) is world -z (down at the
  // south pole), so Polaris, near the Earth's pole, is never seen from there.
  const ephemeris::SkyState sky = ephemeris::sky_state(utc("2028-10-25T00:00:00Z"));
  const SkyScene s = sky_scene(sky, 0.0, 0.0, 0.0);
  EXPECT_NEAR(ephemeris::determinant(s.icrf_to_world), 1.0, 1e-12);
  const Vec3 pole_icrf = sky.moon.body_to_icrf * Vec3{0.0, 0.0, 1.0};
  const Vec3 pole_world = s.icrf_to_world * pole_icrf;
  EXPECT_NEAR(pole_world.z, -1.0, 1e-9);
  EXPECT_LT((s.icrf_to_world * polaris->dir_icrf).z, -0.8);
  // The backdrop is the same every time, on the sphere, within its magnitudes.
  const auto a = backdrop_stars(500, 7), b = backdrop_stars(500, 7);
  ASSERT_EQ(a.size(), 500u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].dir_icrf.x, b[i].dir_icrf.x);
    EXPECT_NEAR(ephemeris::norm(a[i].dir_icrf), 1.0, 1e-9);
    EXPECT_GE(a[i].magnitude, 3.5f);
    EXPECT_LE(a[i].magnitude, 6.5f);
  }
}

TEST(FirstPicture, TheSunGrazesAndTheEarthIsUpAtTheDocumentedInstant) {
  const ephemeris::Site site = *ephemeris::make_site_deg(kFirstPictureLatDeg, kFirstPictureLonDeg);
  const GrazingMoment m = sky_at_site(site, utc(kFirstPictureUtc));
  EXPECT_GE(m.sun_elevation_deg, kGrazingSunMinDeg);
  EXPECT_LE(m.sun_elevation_deg, kGrazingSunMaxDeg);
  EXPECT_LT(std::abs(m.sun_elevation_deg), 1.0);  // within a degree of the horizon
  EXPECT_GE(m.earth_elevation_deg, kGrazingEarthMinDeg);
  // Both fit one view, and the Earth shows a crescent or more, not a lost new Earth.
  EXPECT_LT(m.elongation_deg, 75.0);
  EXPECT_GT(m.earth_illuminated_fraction, 0.05);
}

TEST(FirstPicture, TheSearchFindsTheDocumentedInstant) {
  // A day either side of the documented instant, hourly: the search lands on it.
  const ephemeris::Site site = *ephemeris::make_site_deg(kFirstPictureLatDeg, kFirstPictureLonDeg);
  const time::Instant t = utc(kFirstPictureUtc);
  const auto m = find_grazing_moment(site, time::add_seconds(t, -86400.0),
                                     time::add_seconds(t, 86400.0), 3600.0);
  ASSERT_TRUE(m.has_value());
  EXPECT_NEAR(time::seconds_between(t, m->when), 0.0, 1.0);
  // A step that is not positive or a span that ends before it starts: nothing.
  EXPECT_FALSE(find_grazing_moment(site, t, t, 0.0).has_value());  // no step
  EXPECT_FALSE(find_grazing_moment(site, t, time::add_seconds(t, -10.0), 60.0).has_value());
}

}  // namespace
}  // namespace ce8::scenario
