// South polar stereographic georeference: known values, round trips, the PROJ-string check.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/terrain/dem.hpp"
#include "engine/terrain/detmath.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::terrain {
namespace {

TEST(TerrainProjection, KnownValues) {
  // The pole maps to the origin; 85°S lies at rho = 2 R tan(2.5°).
  const MapXy pole = to_map(latlon_deg(-90.0, 0.0));
  EXPECT_NEAR(pole.x_m, 0.0, 1e-9);
  EXPECT_NEAR(pole.y_m, 0.0, 1e-9);
  const double rho85 = 2.0 * kMoonRadiusM * std::tan(2.5 * detmath::kPi / 180.0);
  EXPECT_NEAR(rho85, 151713.0, 0.5);  // independent arithmetic: 3474800 * 0.04366094
  const MapXy lon0 = to_map(latlon_deg(-85.0, 0.0));  // +y toward 0°E
  EXPECT_NEAR(lon0.x_m, 0.0, 1e-6);
  EXPECT_NEAR(lon0.y_m, rho85, 1e-6);
  const MapXy lon90 = to_map(latlon_deg(-85.0, 90.0));  // +x toward 90°E
  EXPECT_NEAR(lon90.x_m, rho85, 1e-6);
  EXPECT_NEAR(lon90.y_m, 0.0, 1e-6);
  const MapXy lon180 = to_map(latlon_deg(-85.0, 180.0));
  EXPECT_NEAR(lon180.y_m, -rho85, 1e-6);
  // Near the pole, map distance equals arc length (true scale at the pole).
  const MapXy near = to_map(latlon_deg(-89.99, 45.0));
  const double arc = kMoonRadiusM * 0.01 * detmath::kPi / 180.0;
  EXPECT_NEAR(std::hypot(near.x_m, near.y_m), arc, 1e-3);
  EXPECT_DOUBLE_EQ(scale_factor(deg_to_rad(-90.0)), 1.0);
  EXPECT_NEAR(scale_factor(deg_to_rad(-84.0)), 1.00274, 1e-5);
}

TEST(TerrainProjection, RoundTrip) {
  for (double lat = -89.999; lat < -80.0; lat += 0.731)
    for (double lon = 0.0; lon < 360.0; lon += 17.3) {
      const LatLon p = latlon_deg(lat, lon);
      const LatLon q = to_latlon(to_map(p));
      EXPECT_NEAR(rad_to_deg(q.lat_rad), lat, 1e-10);
      EXPECT_NEAR(rad_to_deg(q.lon_rad), lon, 1e-8) << lat << " " << lon;
      const MapXy d = to_map_deterministic(p), l = to_map(p);
      EXPECT_NEAR(d.x_m, l.x_m, 1e-7);  // deterministic math agrees with libm to < 0.1 um
      EXPECT_NEAR(d.y_m, l.y_m, 1e-7);
    }
}

TEST(TerrainProjection, DeterministicMathMatchesLibm) {
  for (double x = -30.0; x < 30.0; x += 0.0137) {
    EXPECT_NEAR(detmath::sin(x), std::sin(x), 4e-16 * 8);
    EXPECT_NEAR(detmath::cos(x), std::cos(x), 4e-16 * 8);
    EXPECT_NEAR(detmath::atan(x), std::atan(x), 1e-15);
    EXPECT_NEAR(detmath::atan2(x, 0.7 - x), std::atan2(x, 0.7 - x), 2e-15);
  }
  for (double x = 1e-3; x < 1e3; x *= 1.37) {
    EXPECT_NEAR(detmath::log(x), std::log(x), 1e-14);
    EXPECT_NEAR(detmath::pow(x, 0.85) / std::pow(x, 0.85), 1.0, 1e-14);
  }
  EXPECT_NEAR(detmath::exp(-5.5), std::exp(-5.5), 1e-17);
}

TEST(TerrainProjection, GridGeoreference) {
  const GridGeometry g = GridGeometry::centered({1000.0, -2000.0}, 10, 20, 5.0);
  const MapBounds b = g.bounds();
  EXPECT_DOUBLE_EQ(b.x_min_m, 975.0);
  EXPECT_DOUBLE_EQ(b.x_max_m, 1025.0);
  EXPECT_DOUBLE_EQ(b.y_min_m, -2050.0);
  EXPECT_DOUBLE_EQ(b.y_max_m, -1950.0);
  const MapXy c = g.cell_center(0, 0);
  EXPECT_DOUBLE_EQ(c.x_m, 977.5);
  EXPECT_DOUBLE_EQ(c.y_m, -1952.5);
  const CellPos back = g.to_cell(g.cell_center(7, 13));
  EXPECT_NEAR(back.i, 7.0, 1e-12);
  EXPECT_NEAR(back.j, 13.0, 1e-12);
  const CellPos viall = g.latlon_to_cell(g.cell_latlon(3, 4));
  EXPECT_NEAR(viall.i, 3.0, 1e-6);
  EXPECT_NEAR(viall.j, 4.0, 1e-6);
}

TEST(TerrainProjection, ProjStringCheck) {
  EXPECT_TRUE(is_lunar_south_polar_stereographic(kProjString));
  EXPECT_TRUE(is_lunar_south_polar_stereographic(
      "+proj=stere +lat_0=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +a=1737400 +b=1737400 +units=m"));
  EXPECT_FALSE(is_lunar_south_polar_stereographic(  // north pole
      "+proj=stere +lat_0=90 +lat_ts=90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m"));
  EXPECT_FALSE(is_lunar_south_polar_stereographic(  // Earth
      "+proj=stere +lat_0=-90 +lat_ts=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m"));
  EXPECT_FALSE(is_lunar_south_polar_stereographic(  // true scale at 71°S
      "+proj=stere +lat_0=-90 +lat_ts=-71 +lon_0=0 +x_0=0 +y_0=0 +R=1737400 +units=m"));
  EXPECT_FALSE(is_lunar_south_polar_stereographic("+proj=longlat +R=1737400 +no_defs"));
  EXPECT_FALSE(is_lunar_south_polar_stereographic(""));
}

}  // namespace
}  // namespace ce8::terrain
