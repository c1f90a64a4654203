// Visibility and time integration: the point frame agrees with the ephemeris' site frame, disk
// fractions, and the consistency of illumination maps (lit within 0..100, permanently shadowed
// cells never lit, a higher observer is never darker).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"

namespace {

using namespace ce8;
using namespace ce8::illumination;
constexpr double kPi = 3.14159265358979323846;

TEST(IlluminationVisibility, PointFrameMatchesEphemerisSiteFrame) {
  for (double lat : {-89.9, -88.0, -85.5}) {
    for (double lon : {0.0, 45.0, 130.0, 259.5}) {
      const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(lat, lon));
      const PointFrame f = point_frame(p);
      auto site = ephemeris::make_site_deg(lat, lon);
      ASSERT_TRUE(site.ok());
      const ephemeris::SiteFrame sf = ephemeris::site_frame(*site);
      for (const ephemeris::Vec3 dir_body :
           {ephemeris::Vec3{0.3, 0.9, -0.05}, ephemeris::Vec3{-0.7, 0.2, 0.01}}) {
        const ephemeris::Vec3 d = ephemeris::normalized(dir_body);
        const ephemeris::AzEl ref = ephemeris::az_el_of_direction(sf, d);
        const AzElRad g = grid_az_el(f, scenario::body_to_terrain_world(d));
        EXPECT_NEAR(g.el_rad, ref.el_rad, 1e-9);
        EXPECT_NEAR(std::remainder(geographic_azimuth(g.az_rad, p) - ref.az_rad, 2 * kPi), 0.0,
                    1e-9)
            << lat << " " << lon;
      }
    }
  }
}

TEST(IlluminationVisibility, DiskFraction) {
  const double r = 0.0047;
  EXPECT_DOUBLE_EQ(disk_fraction_above(0.1, r, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(disk_fraction_above(-0.1, r, 0.0), 0.0);
  EXPECT_NEAR(disk_fraction_above(0.02, r, 0.02), 0.5, 1e-12);
  // Symmetry and monotonicity.
  double last = 0.0;
  for (double x = -1.2; x <= 1.2; x += 0.05) {
    const double f = disk_fraction_above(x * r, r, 0.0);
    EXPECT_NEAR(f + disk_fraction_above(-x * r, r, 0.0), 1.0, 1e-12);
    EXPECT_GE(f, last);
    last = f;
  }
}

terrain::Dem crater_dem(int n, double cell_m) {
  // A bowl 3 km deep near the pole: its floor sits in permanent shadow.
  auto d = terrain::make_dem(terrain::GridGeometry::centered({0.0, 0.0}, n, n, cell_m), 0.0f);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double r = std::hypot(i - n / 2.0, j - n / 2.0) / (n / 4.0);
      d->at(i, j) =
          static_cast<float>(r < 1.0 ? -3000.0 * (1.0 - r * r) : 300.0 * std::exp(-(r - 1.0) * 3));
    }
  return std::move(d.value());
}

TEST(IlluminationVisibility, MapConsistency) {
  const terrain::Dem d = crater_dem(48, 400.0);
  auto from = time::parse_iso8601("2028-01-01T00:00:00Z");
  auto until = time::parse_iso8601("2028-03-01T00:00:00Z");
  ASSERT_TRUE(from.ok() && until.ok());
  const TimeWindow w{*from, *until, 6 * 3600.0};
  auto low = compute_horizon_map(d, {32, 0.0, true}, 2);
  auto high = compute_horizon_map(d, {32, 10.0, true}, 2);
  ASSERT_TRUE(low.ok() && high.ok());
  auto ml = compute_illumination_map(d, *low, w, 2);
  auto mh = compute_illumination_map(d, *high, w, 1);
  ASSERT_TRUE(ml.ok() && mh.ok()) << (ml.ok() ? "" : ml.error().message);
  int psr = 0, lit_somewhere = 0;
  for (std::size_t q = 0; q < d.grid.cells(); ++q) {
    EXPECT_GE(ml->percent_lit[q], 0.0f);
    EXPECT_LE(ml->percent_lit[q], 100.0f);
    EXPECT_GE(ml->percent_earth[q], 0.0f);
    EXPECT_LE(ml->percent_earth[q], 100.0f);
    EXPECT_LE(ml->longest_dark_h[q], (ml->instants * 6.0) + 1e-3);
    if (ml->permanent_shadow[q] == 1.0f) {
      ++psr;
      EXPECT_EQ(ml->percent_lit[q], 0.0f);
      EXPECT_NEAR(ml->longest_dark_h[q], ml->instants * 6.0, 1e-3);
    }
    if (ml->percent_lit[q] > 0.0f) ++lit_somewhere;
    EXPECT_GE(mh->percent_lit[q], ml->percent_lit[q] - 1e-4f);
    EXPECT_GE(mh->percent_earth[q], ml->percent_earth[q] - 1e-4f);
  }
  EXPECT_GT(psr, 0);            // the crater floor
  EXPECT_GT(lit_somewhere, 0);  // the rim
  // Progressive stepping gives the same map as the threaded run.
  auto job = IlluminationJob::create(d, *low, w);
  ASSERT_TRUE(job.ok());
  while (job->step(0.0) == jobs::JobState::kRunning) {
  }
  EXPECT_EQ(job->result().percent_lit, ml->percent_lit);
}

TEST(IlluminationVisibility, SiteSeriesAgreesWithTheMapAtACell) {
  const terrain::Dem d = crater_dem(48, 400.0);
  auto from = time::parse_iso8601("2028-01-01T00:00:00Z");
  auto until = time::parse_iso8601("2028-01-15T00:00:00Z");
  const TimeWindow w{*from, *until, 3 * 3600.0};
  auto hz = compute_horizon_map(d, {64, 2.0, true});
  ASSERT_TRUE(hz.ok());
  auto m = compute_illumination_map(d, *hz, w);
  ASSERT_TRUE(m.ok());
  const int i = 36, j = 24;  // on the outer slope
  auto s = site_time_series(d, d.grid.cell_center(i, j), w, {64, 2.0, true});
  ASSERT_TRUE(s.ok()) << s.error().message;
  double lit = 0.0;
  for (const SiteSample& x : *s) {
    lit += x.sun_visible_fraction;
    EXPECT_GE(x.sun_visible_fraction, 0.0);
    EXPECT_LE(x.sun_visible_fraction, 1.0);
  }
  EXPECT_NEAR(100.0 * lit / s->size(), m->percent_lit[j * 48 + i], 2.0);
}

// The per-instant reference path (conservative sine-space thresholds, polynomial atan2, contiguous
// horizons) against the plain definition, every instant through libm: grid_az_el,
// elevation_toward and disk_fraction_above, Sun from the same ephemeris, for every cell.
TEST(IlluminationVisibility, MapMatchesPlainPerInstantDefinition) {
  const terrain::Dem d = crater_dem(24, 800.0);
  auto from = time::parse_iso8601("2028-01-01T00:00:00Z");
  auto until = time::parse_iso8601("2028-02-01T00:00:00Z");
  const TimeWindow w{*from, *until, 2 * 3600.0};
  auto hz = compute_horizon_map(d, {64, 2.0, true});
  ASSERT_TRUE(hz.ok());
  IlluminationOptions per_instant;
  per_instant.method = IlluminationMethod::kPerInstant;
  auto m = compute_illumination_map(d, *hz, w, 1, per_instant);
  ASSERT_TRUE(m.ok());
  auto table = ephemeris::SkyTable::build(*from, *until);
  ASSERT_TRUE(table.ok());
  const double t0 = from->tt_seconds_since_j2000();
  double worst_lit = 0.0, worst_earth = 0.0;
  int partial = 0;
  for (int j = 0; j < 24; ++j)
    for (int i = 0; i < 24; ++i) {
      const std::size_t idx = static_cast<std::size_t>(j) * 24 + i;
      const PointFrame f = point_frame(d.grid.cell_center(i, j), d.at(i, j) + 2.0);
      double lit = 0.0, earth = 0.0;
      for (std::int64_t q = 0; q < m->instants; ++q) {
        const double t = t0 + q * w.step_s;
        const ephemeris::Vec3 sb = table->sun_body_km(t), eb = table->earth_body_km(t);
        const ephemeris::Vec3 sw = scenario::body_to_terrain_world(ephemeris::normalized(sb));
        const ephemeris::Vec3 ew =
            ephemeris::normalized(scenario::body_to_terrain_world(1000.0 * eb) - f.position_m);
        const AzElRad sa = grid_az_el(f, sw), ea = grid_az_el(f, ew);
        const double fs =
            disk_fraction_above(sa.el_rad, std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb)),
                                hz->elevation_toward(i, j, sa.az_rad));
        if (fs > 0.0 && fs < 1.0) ++partial;
        lit += fs;
        earth += disk_fraction_above(ea.el_rad,
                                     std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb)),
                                     hz->elevation_toward(i, j, ea.az_rad));
      }
      worst_lit = std::max(worst_lit, std::fabs(100.0 * lit / m->instants - m->percent_lit[idx]));
      worst_earth =
          std::max(worst_earth, std::fabs(100.0 * earth / m->instants - m->percent_earth[idx]));
    }
  EXPECT_GT(partial, 100);     // the disk straddles horizons often enough to exercise the slow path
  EXPECT_LT(worst_lit, 1e-3);  // percentage points (float output: ~1e-5)
  EXPECT_LT(worst_earth, 1e-3);
}

TEST(IlluminationVisibility, BadWindows) {
  auto a = time::parse_iso8601("2028-01-01T00:00:00Z");
  auto b = time::parse_iso8601("2128-01-01T00:00:00Z");
  EXPECT_FALSE(check_window({*a, *a, 3600.0}).ok());
  EXPECT_FALSE(check_window({*b, *a, 3600.0}).ok());
  EXPECT_FALSE(check_window({*a, *b, 0.0}).ok());
  EXPECT_FALSE(check_window({*a, *b, 60.0}).ok());  // 52 million instants
  EXPECT_TRUE(check_window({*a, *b, 86400.0}).ok());
}

}  // namespace
