// Ephemeris: checked against published worked examples (Meeus, Astronomical Algorithms, 2nd ed.,
// examples 25.b, 47.a and 53.a), known eclipse and lunar-phase instants, physical bounds of the
// Moon's orbit and rotation, and (for the fast path) against the full evaluation.
#include <gtest/gtest.h>

#include <erfa.h>

#include <algorithm>
#include <cmath>

#include "engine/ephemeris/moon_orientation.hpp"
#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/time/time.hpp"

namespace ce8::ephemeris {
namespace {

time::Instant at(const char* s, time::Scale scale = time::Scale::kUtc) {
  auto r = time::parse_iso8601(s, scale);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : time::Instant{};
}

double deg(double rad) { return rad * kRadToDeg; }

// Ecliptic longitude/latitude (deg) of an ICRF vector referred to the mean ecliptic and equinox
// of date (IAU 2006, eraEcm06), the frame of Meeus's series.
void ecliptic_of_date(const time::Instant& t, const Vec3& v, double* lon_deg, double* lat_deg) {
  double rm[3][3];
  eraEcm06(t.tt.jd1, t.tt.jd2, rm);
  double p[3] = {v.x, v.y, v.z}, q[3];
  eraRxp(rm, p, q);
  double lon = 0, lat = 0;
  eraC2s(q, &lon, &lat);
  *lon_deg = deg(eraAnp(lon));
  *lat_deg = deg(lat);
}

TEST(MoonOrientation, RotationMatrixIsProperAndMatchesThePole) {
  for (double d : {-9000.0, 0.0, 123.456, 10227.5, 36525.0}) {
    const MoonOrientation o = moon_orientation_tdb(d);
    const Mat3& m = o.body_to_icrf;
    const Mat3 mtm = m.transpose() * m;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) EXPECT_NEAR(mtm.m[i][j], i == j ? 1.0 : 0.0, 1e-14);
    EXPECT_NEAR(determinant(m), 1.0, 1e-14);
    // The body z axis (third column) is the pole at (alpha0, delta0).
    const Vec3 z = m.column(2);
    EXPECT_NEAR(z.x, std::cos(o.pole_dec_rad) * std::cos(o.pole_ra_rad), 1e-14);
    EXPECT_NEAR(z.y, std::cos(o.pole_dec_rad) * std::sin(o.pole_ra_rad), 1e-14);
    EXPECT_NEAR(z.z, std::sin(o.pole_dec_rad), 1e-14);
    // The body x axis lies W from the ascending node (ICRF RA alpha0 + 90 deg) along the equator.
    const Vec3 node{-std::sin(o.pole_ra_rad), std::cos(o.pole_ra_rad), 0.0};
    EXPECT_NEAR(std::cos(o.prime_meridian_rad), dot(m.column(0), node), 1e-14);
    EXPECT_GE(o.prime_meridian_rad, 0.0);
    EXPECT_LT(o.prime_meridian_rad, 2 * kPi);
  }
}

TEST(MoonOrientation, MatchesCspiceIauMoonFrame) {
  // CSPICE sxform('IAU_MOON', 'J2000') at 14610 days TDB after J2000 with the pck00011.tpc Moon
  // constants (the same Archinal et al. model), rotation part, as published in a public test.
  const double spice[3][3] = {{5.720547105837333e-1, 8.198082524397307e-1, -2.5842548842481546e-2},
                              {-7.61073769862349e-1, 5.187960000245592e-1, -3.8938082539594815e-1},
                              {-3.0581060303147345e-1, 2.424152214491336e-1, 9.207142528946177e-1}};
  const MoonOrientation o = moon_orientation_tdb(14610.0);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(o.body_to_icrf.m[i][j], spice[i][j], 1e-11);
}

TEST(MoonOrientation, MeanPoleAndRotationRateAreThePublishedConstants) {
  // Averaging over one 18.6-year nodal period (E1) removes the large periodic terms, leaving
  // alpha0 = 269.9949 + 0.0031 T, delta0 = 66.5392 + 0.0130 T (Archinal et al. 2011).
  const int n = 6798;  // days in 18.6 years
  double ra = 0, dec = 0;
  for (int i = 0; i < n; ++i) {
    const MoonOrientation o = moon_orientation_tdb(i - n / 2.0);
    ra += deg(o.pole_ra_rad);
    dec += deg(o.pole_dec_rad);
  }
  EXPECT_NEAR(ra / n, 269.9949, 0.01);
  EXPECT_NEAR(dec / n, 66.5392, 0.01);
  // At J2000 the E1 terms dominate: alpha0 about 269.9949 - 3.8787 sin 125.045 = 266.8, which
  // is why the instantaneous pole is not the constant term.
  const MoonOrientation j2000 = moon_orientation_tdb(0.0);
  EXPECT_NEAR(deg(j2000.pole_ra_rad), 266.86, 0.05);
  EXPECT_NEAR(deg(j2000.pole_dec_rad), 65.64, 0.05);
  // Mean rotation: 13.17635815 deg/day, i.e. one sidereal month of 27.3217 days.
  const double w0 = moon_orientation_tdb(0.0).prime_meridian_rad;
  const double w1 = moon_orientation_tdb(27.321661 * 250).prime_meridian_rad;
  EXPECT_NEAR(deg(wrap_pi(w1 - w0)), 0.0, 1.0);
}

TEST(Geocentric, MeeusExample47aMoon) {
  // Meeus ex. 47.a, 1992 April 12, 0h TD: geometric lambda = 133.162655 deg, beta = -3.229126,
  // distance 368409.7 km (mean ecliptic and equinox of date).
  const auto t = at("1992-04-12T00:00:00", time::Scale::kTt);
  const GeocentricState g = geocentric_state(t);
  double lon = 0, lat = 0;
  ecliptic_of_date(t, g.moon_km, &lon, &lat);
  // Measured: +0.74 arcsec in longitude, 0.00 in latitude, -0.02 km (eraMoon98 vs Meeus).
  EXPECT_NEAR(lon, 133.162655, 3.0 / 3600);
  EXPECT_NEAR(lat, -3.229126, 3.0 / 3600);
  EXPECT_NEAR(norm(g.moon_km), 368409.7, 2.0);
}

TEST(Geocentric, MeeusExample25bSun) {
  // Meeus ex. 25.b, 1992 October 13.0 TD (VSOP87): geometric lambda = 199.907347 deg (FK5),
  // beta = +0.62 arcsec, R = 0.99760775 au.
  const auto t = at("1992-10-13T00:00:00", time::Scale::kTt);
  const GeocentricState g = geocentric_state(t);
  double lon = 0, lat = 0;
  ecliptic_of_date(t, g.sun_km, &lon, &lat);
  // Measured: -0.23 arcsec in longitude, +0.13 arcsec in latitude.
  EXPECT_NEAR(lon, 199.907347, 1.0 / 3600);
  EXPECT_NEAR(lat * 3600, 0.62, 1.0);
  // Measured: 0.99760854 au, 7.9e-7 au (118 km) from Meeus's truncated VSOP87; irrelevant for
  // directions seen from the Moon (0.0002 arcsec).
  EXPECT_NEAR(norm(g.sun_km) / kAuKm, 0.99760775, 1e-6);
}

TEST(Sky, MeeusExample53aLibrationAndSelenographicSun) {
  // Meeus ex. 53.a, 1992 April 12, 0h TD: total libration l = -1.23 deg, b = +4.20 deg (the
  // sub-Earth point), selenographic Sun l0 = 67.89 deg, b0 = +1.46 deg (the sub-solar point).
  // Meeus uses Cassini's laws with Eckhardt's physical librations; we use the IAU rotation model,
  // an independent route to the same mean-Earth frame.
  const auto t = at("1992-04-12T00:00:00", time::Scale::kTt);
  const SkyState s = sky_state(t);
  const SurfacePoint e = sub_point(s.earth_body_km);
  const SurfacePoint sun = sub_point(s.sun_body_km);
  // Measured: Earth (-1.229, 4.173), Sun (67.895, 1.4505). Longitudes agree to Meeus's rounding;
  // latitudes are 0.027 and 0.0095 deg lower, the pattern of a 0.027 deg tilt of the pole about
  // the body y axis between the two models (see docs/ephemeris.md).
  EXPECT_NEAR(deg(e.lon_rad), -1.23, 0.01);
  EXPECT_NEAR(deg(e.lat_rad), 4.20, 0.035);
  EXPECT_NEAR(deg(sun.lon_rad), 67.89, 0.01);
  EXPECT_NEAR(deg(sun.lat_rad), 1.46, 0.015);
}

TEST(Sky, TotalLunarEclipseHidesTheSunBehindTheEarth) {
  // Total lunar eclipse of 2022 November 8, greatest eclipse 10:59:11 UTC (NASA/Espenak,
  // gamma = 0.2570): seen from the Moon, the Earth's disk covers the Sun's.
  const SkyState s = sky_state(at("2022-11-08T10:59:11Z"));
  const double sep = angle_between(s.sun_icrf_km, s.earth_icrf_km);
  EXPECT_LT(deg(sep), 0.5);
  EXPECT_GT(deg(sep), 0.05);  // gamma 0.257 is not a central eclipse
  EXPECT_LT(sep + s.sun_angular_radius_rad, s.earth_angular_radius_rad);
  EXPECT_LT(s.earth_illuminated_fraction, 0.001);  // the Moon sees the Earth's night side
  // And half a lunation earlier or later the Sun is far from the Earth.
  const SkyState later = sky_state(at("2022-11-23T10:59:11Z"));
  EXPECT_GT(deg(angle_between(later.sun_icrf_km, later.earth_icrf_km)), 150.0);
}

TEST(Sky, EarthPhaseIsFullAtNewMoonAndNewAtFullMoon) {
  // New Moon 2024-01-11 11:57 UTC, full Moon 2024-01-25 17:54 UTC (USNO phases).
  const SkyState nm = sky_state(at("2024-01-11T11:57:00Z"));
  const SkyState fm = sky_state(at("2024-01-25T17:54:00Z"));
  EXPECT_GT(nm.earth_illuminated_fraction, 0.99);
  EXPECT_LT(fm.earth_illuminated_fraction, 0.01);
  // At first quarter (2024-01-18 03:53 UTC) the Earth seen from the Moon is about half lit.
  const SkyState fq = sky_state(at("2024-01-18T03:53:00Z"));
  EXPECT_NEAR(fq.earth_illuminated_fraction, 0.5, 0.03);
}

TEST(Sky, DistancesAndAngularSizesStayInPhysicalBounds) {
  double dmin = 1e12, dmax = 0, smin = 1e12, smax = 0;
  double sub_e_lat = 0, sub_e_lon = 0, sub_s_lat = 0;
  const auto t0 = at("2028-01-01T00:00:00Z");
  for (int i = 0; i < 4 * 366; ++i) {
    const SkyState s = sky_state(time::add_seconds(t0, i * 6 * 3600.0));
    dmin = std::min(dmin, s.earth_distance_km);
    dmax = std::max(dmax, s.earth_distance_km);
    const double sr = 2 * deg(s.sun_angular_radius_rad);
    smin = std::min(smin, sr);
    smax = std::max(smax, sr);
    const SurfacePoint e = sub_point(s.earth_body_km);
    sub_e_lat = std::max(sub_e_lat, std::abs(deg(e.lat_rad)));
    sub_e_lon = std::max(sub_e_lon, std::abs(deg(e.lon_rad)));
    sub_s_lat = std::max(sub_s_lat, std::abs(deg(sub_point(s.sun_body_km).lat_rad)));
  }
  // Centre-to-centre Earth-Moon distance: about 356,400 to 406,700 km.
  EXPECT_GT(dmin, 356000.0);
  EXPECT_LT(dmin, 362000.0);
  EXPECT_LT(dmax, 407000.0);
  EXPECT_GT(dmax, 404000.0);
  // The Sun's angular diameter: 0.524 to 0.542 deg.
  EXPECT_GT(smin, 0.520);
  EXPECT_LT(smax, 0.546);
  // Libration: the sub-Earth point stays within about 6.7 deg of latitude and 8 deg of longitude
  // of the mean centre of the disk, and reaches near those limits within a year.
  EXPECT_LT(sub_e_lat, 6.9);
  EXPECT_GT(sub_e_lat, 6.0);
  EXPECT_LT(sub_e_lon, 8.2);
  EXPECT_GT(sub_e_lon, 6.5);
  // The lunar equator is tilted 1.54 deg to the ecliptic, so the sub-solar latitude stays within
  // about 1.6 deg.
  EXPECT_LT(sub_s_lat, 1.6);
  EXPECT_GT(sub_s_lat, 1.3);
}

TEST(Sky, SubSolarLongitudeMovesWithTheSynodicMonth) {
  // Mean rate -360 / 29.530589 = -12.1907 deg/day (the Sun moves west over the surface).
  const auto t0 = at("2028-01-01T00:00:00Z");
  double prev = sub_point(sky_state(t0).sun_body_km).lon_rad, total = 0;
  const int days = 295;  // about ten lunations
  for (int i = 1; i <= days; ++i) {
    const double lon = sub_point(sky_state(time::add_seconds(t0, i * 86400.0)).sun_body_km).lon_rad;
    total += wrap_pi(lon - prev);
    prev = lon;
  }
  EXPECT_NEAR(deg(total) / days, -360.0 / 29.530589, 0.02);
}

TEST(Site, FrameIsRightHandedAndPolesFollowTheConvention) {
  for (double lat : {-90.0, -89.5, -45.0, 0.0, 30.0, 90.0}) {
    for (double lon : {-170.0, 0.0, 130.0}) {
      auto site = make_site_deg(lat, lon, 100.0);
      ASSERT_TRUE(site.ok());
      const SiteFrame f = site_frame(*site);
      EXPECT_NEAR(norm(f.east), 1.0, 1e-14);
      EXPECT_NEAR(norm(f.north), 1.0, 1e-14);
      EXPECT_NEAR(norm(f.up), 1.0, 1e-14);
      EXPECT_NEAR(dot(f.east, f.north), 0.0, 1e-14);
      const Vec3 c = cross(f.east, f.north);
      EXPECT_NEAR(dot(c, f.up), 1.0, 1e-14);
      EXPECT_NEAR(norm(f.position_km), kMoonRadiusKm + 0.1, 1e-9);
    }
  }
  // South pole: north points to 0 deg E (+x), east to 90 deg E (+y), whatever longitude is given.
  const SiteFrame sp = site_frame(*make_site_deg(-90.0, 130.0));
  EXPECT_NEAR(sp.north.x, 1.0, 1e-15);
  EXPECT_NEAR(sp.east.y, 1.0, 1e-15);
  EXPECT_NEAR(sp.up.z, -1.0, 1e-15);
  // A target towards +y from the south pole is due east: azimuth 90 deg, on the horizon.
  const AzEl ae = az_el_of_direction(sp, Vec3{0, 1, 0});
  EXPECT_NEAR(deg(ae.az_rad), 90.0, 1e-12);
  EXPECT_NEAR(deg(ae.el_rad), 0.0, 1e-12);
  // Close to the pole along the prime meridian the frame tends to the pole's.
  const SiteFrame near = site_frame(*make_site_deg(-89.999999, 0.0));
  EXPECT_NEAR(dot(near.north, sp.north), 1.0, 1e-9);
}

TEST(Site, InvalidSitesAreErrors) {
  EXPECT_FALSE(make_site_deg(-90.5, 0).ok());
  EXPECT_FALSE(make_site_deg(91, 0).ok());
  EXPECT_FALSE(make_site_deg(NAN, 0).ok());
  EXPECT_FALSE(make_site_deg(0, INFINITY).ok());
  EXPECT_FALSE(make_site_deg(0, 0, -50000).ok());
  auto w = make_site_deg(0, 270);
  ASSERT_TRUE(w.ok());
  EXPECT_NEAR(deg(w->lon_rad), -90.0, 1e-12);
}

TEST(Site, SouthPoleSunStaysLowAndEarthSwingsAboutSixPointSevenDegrees) {
  // Sun centre at the south pole: never more than about 1.6 deg high (19 years, every 12 h).
  const SiteFrame pole = site_frame(*make_site_deg(-90.0, 0.0));
  const auto t0 = at("2026-01-01T00:00:00Z");
  double sun_max = -90, earth_max = -90, earth_min = 90;
  for (int i = 0; i < 19 * 731; ++i) {
    const SkyState s = sky_state(time::add_seconds(t0, i * 43200.0));
    sun_max = std::max(sun_max, deg(az_el(pole, s.sun_body_km).el_rad));
    if (i < 731) {
      const double e = deg(az_el(pole, s.earth_body_km).el_rad);
      earth_max = std::max(earth_max, e);
      earth_min = std::min(earth_min, e);
    }
  }
  EXPECT_LT(sun_max, 1.6);
  EXPECT_GT(sun_max, 1.5);
  // Earth: about +-6.7 deg, shifted 0.26 deg down by the parallax of a surface observer.
  EXPECT_GT(earth_max, 6.0);
  EXPECT_LT(earth_max, 6.9);
  EXPECT_LT(earth_min, -6.3);
  EXPECT_GT(earth_min, -7.2);
}

TEST(Site, AzimuthAndElevationAgreeWithSubPoints) {
  // At the sub-solar point the Sun is at the zenith; 90 deg away it is on the horizon.
  const SkyState s = sky_state(at("2028-05-01T00:00:00Z"));
  const SurfacePoint ss = sub_point(s.sun_body_km);
  const Site zen{ss.lat_rad, ss.lon_rad, 0.0};
  EXPECT_NEAR(deg(az_el(site_frame(zen), s.sun_body_km).el_rad), 90.0, 1e-3);
  // The sub-Earth point: the Earth at the zenith (topocentric, exactly on the line).
  const SurfacePoint se = sub_point(s.earth_body_km);
  EXPECT_NEAR(deg(az_el(site_frame(Site{se.lat_rad, se.lon_rad, 0}), s.earth_body_km).el_rad), 90.0,
              1e-6);
  // On the equator at 90 deg east of the sub-solar longitude... the Sun is on the horizon within
  // the sub-solar latitude.
  const Site east{0.0, wrap_pi(ss.lon_rad + kPi / 2), 0.0};
  const AzEl h = az_el(site_frame(east), s.sun_body_km);
  EXPECT_LT(std::abs(deg(h.el_rad)), 1.6);
  EXPECT_NEAR(deg(h.az_rad), 270.0, 2.0);  // the Sun lies to the west of that site
}

TEST(SkyTable, FastPathMatchesTheFullEvaluation) {
  const auto start = at("2028-01-01T00:00:00Z");
  const auto end = at("2029-01-01T00:00:00Z");
  auto table = SkyTable::build(start, end);
  ASSERT_TRUE(table.ok()) << table.error().message;
  double max_sun = 0, max_earth = 0, max_dist = 0;
  const double span = time::seconds_between(start, end);
  const int n = 2000;
  for (int i = 0; i <= n; ++i) {
    // Irregular sample times, including both window ends and piece boundaries.
    const double off = (i == n) ? span : std::fmod(i * 15791.37, span);
    const auto t = time::add_seconds(start, off);
    const SkyState s = sky_state(t);
    const double ts = t.tt_seconds_since_j2000();
    max_sun = std::max(max_sun, angle_between(table->sun_body_km(ts), s.sun_body_km));
    max_earth = std::max(max_earth, angle_between(table->earth_body_km(ts), s.earth_body_km));
    max_dist = std::max(max_dist, std::abs(norm(table->earth_body_km(ts)) - s.earth_distance_km));
  }
  // Documented in docs/ephemeris.md: under 1 milliarcsecond in direction, metres in distance.
  EXPECT_LT(max_sun / kArcsecToRad, 0.001);
  EXPECT_LT(max_earth / kArcsecToRad, 0.001);
  EXPECT_LT(max_dist, 0.01);
  std::printf("SkyTable max error vs full: Sun %.2e arcsec, Earth %.2e arcsec, %.2e km\n",
              max_sun / kArcsecToRad, max_earth / kArcsecToRad, max_dist);
  // A coarse table (8-day pieces, degree 6) is measurably worse: the test can fail.
  auto coarse = SkyTable::build(start, end, {8.0, 6});
  ASSERT_TRUE(coarse.ok());
  double max_coarse = 0;
  for (int i = 0; i < 500; ++i) {
    const auto t = time::add_seconds(start, std::fmod(i * 61231.7, span));
    max_coarse =
        std::max(max_coarse, angle_between(coarse->earth_body_km(t.tt_seconds_since_j2000()),
                                           sky_state(t).earth_body_km));
  }
  EXPECT_GT(max_coarse / kArcsecToRad, 0.01);
}

TEST(SkyTable, BadWindowsAreErrors) {
  const auto a = at("2028-01-01T00:00:00Z");
  EXPECT_FALSE(SkyTable::build(a, a).ok());
  EXPECT_FALSE(SkyTable::build(time::add_seconds(a, 10), a).ok());
  EXPECT_FALSE(SkyTable::build(a, time::add_seconds(a, 300.0 * 365.25 * 86400)).ok());
  EXPECT_FALSE(SkyTable::build(a, time::add_seconds(a, 86400), {0.0, 12}).ok());
  EXPECT_FALSE(SkyTable::build(a, time::add_seconds(a, 86400), {2.0, 0}).ok());
}

}  // namespace
}  // namespace ce8::ephemeris
