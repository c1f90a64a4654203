// Drive simulation and time-aware planning (issue 6): energy bookkeeping closes, infeasible
// drives name when/where/why, waiting for sunlight rescues a drive, panel power follows the
// mount (checked against the ephemeris' own site frame, not the drive code's geometry), Earth
// and lander visibility flip behind synthetic ridges, and the time-aware planner keeps the
// battery above the floor, waits through darkness and changes its answer with the objective.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/timed_planner.hpp"

namespace {

using namespace ce8;
using namespace ce8::traverse;
constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = 180.0 / kPi;
constexpr double kSiteLat = -88.0, kSiteLon = 0.0;

RoverModel test_rover() {
  RoverModel r;
  r.id = "test-rover";
  r.name = "Test rover";
  r.mass_kg = 35;
  r.length_m = 1.0, r.width_m = 0.8, r.height_m = 0.6;
  r.top_speed_m_s = 0.05;
  r.max_slope_up_deg = 20, r.max_slope_down_deg = 20, r.max_cross_slope_deg = 15;
  r.max_obstacle_m = 0.2;
  r.panel_area_m2 = 0.5;
  r.panel_efficiency = 0.2;
  r.panel_mount = PanelMount::kSunTracking;
  r.battery_wh = 100;
  r.min_soc = 0.2;
  r.power = {5.0, 15.0, 10.0, 0.0, 10.0};
  r.mast_height_m = 1.5;
  r.comm = CommRoute::kDirectToEarth;
  return r;
}

time::Instant t2030() { return *time::parse_iso8601("2030-01-01T00:00:00"); }

const ephemeris::SkyTable& sky() {
  static const ephemeris::SkyTable table =
      *ephemeris::SkyTable::build(t2030(), time::add_seconds(t2030(), 120 * 86400.0));
  return table;
}

// Independent reference: the ephemeris' topocentric Sun/Earth at a site (no DEM involved).
ephemeris::AzEl sun_at(double lat, double lon, double tt_s) {
  const ephemeris::SiteFrame f = ephemeris::site_frame(*ephemeris::make_site_deg(lat, lon));
  return ephemeris::az_el(f, sky().sun_body_km(tt_s));
}
ephemeris::AzEl earth_at(double lat, double lon, double tt_s) {
  const ephemeris::SiteFrame f = ephemeris::site_frame(*ephemeris::make_site_deg(lat, lon));
  return ephemeris::az_el(f, sky().earth_body_km(tt_s));
}

// First hour after `from_s` (TT s) where pred(sun elevation in degrees at the site) holds.
template <class Pred>
double find_hour(double from_s, Pred pred) {
  for (double t = from_s; t < from_s + 100 * 86400.0; t += 3600.0)
    if (pred(t)) return t;
  ADD_FAILURE() << "no such hour";
  return from_s;
}
double sun_el_deg(double t) { return sun_at(kSiteLat, kSiteLon, t).el_rad * kDeg; }

// A time with the Sun well up and staying up for three days.
double lit_time() {
  return find_hour(t2030().tt_seconds_since_j2000(), [](double t) {
    for (double u = 0; u <= 3 * 86400.0; u += 6 * 3600.0)
      if (sun_el_deg(t + u) < 1.0) return false;
    return true;
  });
}

terrain::Dem flat_dem(int w, int h, double cell = 20.0) {
  const terrain::MapXy c = terrain::to_map(terrain::latlon_deg(kSiteLat, kSiteLon));
  return *terrain::make_dem(terrain::GridGeometry::centered(c, w, h, cell), 0.0f);
}

// Straight path along row j from column i0 to i1 (one-cell edges).
Plan row_plan(const terrain::Dem& dem, int i0, int i1, int j) {
  Plan p;
  const int step = i1 >= i0 ? 1 : -1;
  for (int i = i0;; i += step) {
    PathPoint q;
    q.i = i, q.j = j;
    q.xy = dem.grid.cell_center(i, j);
    const terrain::LatLon ll = terrain::to_latlon(q.xy);
    q.lat_deg = ll.lat_rad * kDeg, q.lon_deg = ll.lon_rad * kDeg;
    q.height_m = dem.at(i, j);
    p.points.push_back(q);
    if (i == i1) break;
  }
  p.points.back().stop_index = 0;
  return p;
}

CostMap costs_for(const terrain::Dem& dem, const RoverModel& r) {
  auto c = build_cost_map(dem, r, CostOptions{});
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return std::move(*c);
}

DriveOptions opts_at(double tt_s) {
  DriveOptions o;
  o.start = time::Instant::from_tt_seconds_since_j2000(tt_s);
  o.step_s = 300.0;
  o.max_duration_s = 20 * 86400.0;
  o.max_wait_s = 10 * 86400.0;
  return o;
}

void expect_closes(const DriveResult& d) {
  const DriveTotals& t = d.totals;
  const double scale = std::max({t.energy_in_wh, t.energy_out_wh, t.initial_energy_wh, 1e-3});
  EXPECT_NEAR(t.energy_in_wh - t.energy_out_wh, t.final_energy_wh - t.initial_energy_wh,
              1e-6 * scale);
  // The timeline tells the same story: sum of (in - out) x dt minus curtailment.
  double net_j = 0.0;
  for (std::size_t q = 0; q + 1 < d.timeline.size(); ++q)
    net_j += (d.timeline[q].power_in_w - d.timeline[q].power_out_w) *
             (d.timeline[q + 1].tt_s - d.timeline[q].tt_s);
  EXPECT_NEAR(net_j / 3600.0 - t.curtailed_wh, t.final_energy_wh - t.initial_energy_wh,
              1e-6 * scale);
  // And the state of charge in the timeline matches the stored energy.
  EXPECT_NEAR(d.timeline.back().soc * (t.initial_energy_wh / d.timeline.front().soc),
              t.final_energy_wh, 1e-6 * scale);
}

// A flat floor inside a ring wall 1500 m high: the floor never sees the Sun or the Earth.
terrain::Dem pit_dem() {
  terrain::Dem dem = flat_dem(128, 128);
  for (int j = 0; j < 128; ++j)
    for (int i = 0; i < 128; ++i) {
      const double r = std::hypot(i - 63.5, j - 63.5) * 20.0;
      if (r > 800.0) dem.at(i, j) = static_cast<float>(std::min(1500.0, (r - 800.0) * 10.0));
    }
  return dem;
}

TEST(TraverseDrive, PanelPowerFollowsMount) {
  const terrain::Dem dem = flat_dem(64, 64);
  const double t = lit_time();
  const Plan plan = row_plan(dem, 10, 50, 32);
  const double s_a_eff = kSolarConstantWm2 * 0.5 * 0.2;
  for (PanelMount mount :
       {PanelMount::kHorizontal, PanelMount::kSunTracking, PanelMount::kFixedVertical}) {
    RoverModel r = test_rover();
    r.panel_mount = mount;
    r.panel_facing_deg = 90.0;  // right-hand side
    const CostMap costs = costs_for(dem, r);
    DriveOptions o = opts_at(t);
    o.step_s = 60.0;
    auto d = simulate_drive(dem, costs, nullptr, sky(), plan, o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    ASSERT_GT(d->timeline.size(), 3u);
    for (const DriveSample& s : {d->timeline.front(), d->timeline[d->timeline.size() / 2]}) {
      ASSERT_EQ(s.mode, DriveMode::kDriving);
      const ephemeris::AzEl sun = sun_at(s.lat_deg, s.lon_deg, s.tt_s);
      ASSERT_GT(sun.el_rad * kDeg, 0.8);
      EXPECT_NEAR(s.sun_visible_fraction, 1.0, 1e-9);
      EXPECT_NEAR(s.sun_el_deg, sun.el_rad * kDeg, 0.01);
      double expect = 0.0;
      if (mount == PanelMount::kHorizontal) expect = s_a_eff * std::sin(sun.el_rad);
      if (mount == PanelMount::kSunTracking) expect = s_a_eff;
      if (mount == PanelMount::kFixedVertical) {
        // Driving toward map +x: geographic heading 90° - longitude at the point.
        const double heading = (90.0 - s.lon_deg) / kDeg;
        // (the drive takes the heading at the edge's start: meridians converge by ~0.02° per cell)
        EXPECT_NEAR(std::remainder(s.heading_deg / kDeg - heading, 2 * kPi), 0.0, 1e-3);
        expect = s_a_eff * std::cos(sun.el_rad) *
                 std::max(0.0, std::cos(sun.az_rad - heading - kPi / 2));
      }
      EXPECT_NEAR(s.power_in_w, expect, 1e-3 * s_a_eff) << static_cast<int>(mount);
    }
    // Parked at the end: a vertical panel is turned to the Sun (cos el), the others unchanged.
    const DriveSample& end = d->timeline.back();
    ASSERT_EQ(end.mode, DriveMode::kDone);
    const ephemeris::AzEl sun = sun_at(end.lat_deg, end.lon_deg, end.tt_s);
    const double parked = mount == PanelMount::kHorizontal    ? std::sin(sun.el_rad)
                          : mount == PanelMount::kSunTracking ? 1.0
                                                              : std::cos(sun.el_rad);
    EXPECT_NEAR(end.power_in_w, s_a_eff * parked, 1e-3 * s_a_eff);
  }
}

TEST(TraverseDrive, EnergyClosesLitShadowedAndMixed) {
  RoverModel r = test_rover();
  r.battery_wh = 2000;  // never near the floor here
  // Lit (with curtailment: full battery and a panel stronger than the draw while parked).
  {
    const terrain::Dem dem = flat_dem(64, 64);
    auto d = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), row_plan(dem, 5, 60, 20),
                            opts_at(lit_time()));
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_TRUE(d->totals.feasible) << d->totals.reason;
    EXPECT_GT(d->totals.energy_in_wh, 0.0);
    EXPECT_NEAR(d->totals.distance_m, 55 * 20.0, 1e-6);
    expect_closes(*d);
  }
  // Shadowed: the floor of a deep pit.
  {
    const terrain::Dem dem = pit_dem();
    DriveOptions o = opts_at(lit_time());
    o.initial_soc = 0.9;
    auto d = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), row_plan(dem, 40, 90, 64), o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_TRUE(d->totals.feasible) << d->totals.reason;
    for (const DriveSample& s : d->timeline) EXPECT_EQ(s.sun_visible_fraction, 0.0);
    EXPECT_EQ(d->totals.energy_in_wh, 0.0);
    EXPECT_LT(d->totals.final_energy_wh, d->totals.initial_energy_wh);
    expect_closes(*d);
  }
  // Mixed: a scheduled 6-day wait across sunset, then the drive.
  {
    const terrain::Dem dem = flat_dem(64, 64);
    const double set = find_hour(lit_time(), [](double t) { return sun_el_deg(t) < -0.5; });
    Plan plan = row_plan(dem, 5, 30, 20);
    plan.points.front().wait_s = 6 * 86400.0;
    DriveOptions o = opts_at(set - 3 * 86400.0);
    o.step_s = 1800.0;
    auto d = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), plan, o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    int lit = 0, dark = 0;
    for (const DriveSample& s : d->timeline) {
      if (s.sun_visible_fraction == 0.0) ++dark;
      if (s.sun_visible_fraction > 0.5) ++lit;
    }
    EXPECT_GT(lit, 10);
    EXPECT_GT(dark, 10);
    expect_closes(*d);
  }
}

TEST(TraverseDrive, InfeasibleDriveNamesTimePlaceAndCause) {
  RoverModel r = test_rover();
  r.battery_wh = 10;  // 8 Wh above the floor, the drive needs ~130 Wh
  const terrain::Dem dem = pit_dem();
  const Plan plan = row_plan(dem, 30, 100, 64);
  DriveOptions o = opts_at(lit_time());
  o.allow_waiting = false;
  auto d = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), plan, o);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_FALSE(d->totals.feasible);
  const std::string& why = d->totals.reason;
  EXPECT_NE(why.find("2030-"), std::string::npos) << why;      // when
  EXPECT_NE(why.find("near -88."), std::string::npos) << why;  // where
  EXPECT_NE(why.find("floor"), std::string::npos) << why;      // why
  EXPECT_NE(why.find("waiting is not allowed"), std::string::npos) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos);
  EXPECT_GE(d->totals.min_soc, r.min_soc - 1e-9);
  EXPECT_LT(d->totals.distance_m, 70 * 20.0);
  // With waiting allowed it parks, but in the pit no Sun comes: still infeasible, in darkness.
  o.allow_waiting = true;
  auto d2 = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), plan, o);
  ASSERT_TRUE(d2.ok());
  EXPECT_FALSE(d2->totals.feasible);
  EXPECT_NE(d2->totals.reason.find("darkness"), std::string::npos) << d2->totals.reason;
  EXPECT_GE(d2->totals.min_soc, r.min_soc - 1e-9);
  expect_closes(*d2);
}

TEST(TraverseDrive, WaitingForSunlightMakesTheDriveFeasible) {
  RoverModel r = test_rover();
  r.battery_wh = 20;
  r.panel_area_m2 = 0.1;
  r.panel_efficiency = 0.147;  // ~20 W in full Sun
  r.power = {5.0, 40.0, 10.0, 0.0, 0.0};
  const terrain::Dem dem = flat_dem(100, 64);
  const Plan plan = row_plan(dem, 5, 85, 20);  // 1.6 km, ~9 h at 45 W against ~20 W in
  DriveOptions o = opts_at(lit_time());
  o.allow_waiting = false;
  auto no_wait = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), plan, o);
  ASSERT_TRUE(no_wait.ok());
  EXPECT_FALSE(no_wait->totals.feasible);
  o.allow_waiting = true;
  auto wait = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), plan, o);
  ASSERT_TRUE(wait.ok());
  EXPECT_TRUE(wait->totals.feasible) << wait->totals.reason;
  EXPECT_GT(wait->totals.waiting_h, 1.0);
  EXPECT_GE(wait->totals.min_soc, r.min_soc - 1e-9);
  EXPECT_NEAR(wait->totals.distance_m, 80 * 20.0, 1e-6);
  // Rough independent energy balance: waiting made up the deficit of driving.
  const double drive_h = 80 * 20.0 / r.top_speed_m_s / 3600.0;
  EXPECT_NEAR(wait->totals.duration_h, drive_h + wait->totals.waiting_h, 1e-6);
  expect_closes(*wait);
}

TEST(TraverseDrive, EarthVisibilityFlipsBehindARidge) {
  // Toward the Earth (map +y from 0°E) a 500 m block covers the western half of the map,
  // 60..600 m from the path; the eastern half is open.
  const double t = find_hour(t2030().tt_seconds_since_j2000(), [](double u) {
    const ephemeris::AzEl e = earth_at(kSiteLat, kSiteLon, u);
    return e.el_rad * kDeg > 2.0 && std::abs(std::remainder(e.az_rad, 2 * kPi)) < 10.0 / kDeg;
  });
  terrain::Dem dem = flat_dem(160, 64);
  const int j_path = 50;
  for (int j = 0; j < 64; ++j)
    for (int i = 0; i < 80; ++i) {
      const double ahead = (j_path - j) * 20.0;  // +y is toward smaller j
      if (ahead >= 60.0 && ahead <= 600.0) dem.at(i, j) = 500.0f;
    }
  RoverModel r = test_rover();
  r.battery_wh = 2000;
  auto d = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), row_plan(dem, 5, 155, j_path),
                          opts_at(t));
  ASSERT_TRUE(d.ok()) << d.error().message;
  int hidden = 0, seen = 0;
  const double x_mid = dem.grid.cell_center(80, 0).x_m;
  for (const DriveSample& s : d->timeline) {
    if (s.xy.x_m < x_mid - 300.0) {
      EXPECT_FALSE(s.earth_visible) << s.xy.x_m;
      ++hidden;
    } else if (s.xy.x_m > x_mid + 300.0) {
      const ephemeris::AzEl e = earth_at(s.lat_deg, s.lon_deg, s.tt_s);
      EXPECT_EQ(s.earth_visible, e.el_rad > 0.0) << s.xy.x_m;
      EXPECT_TRUE(s.link_up == s.earth_visible);
      ++seen;
    }
  }
  EXPECT_GT(hidden, 3);
  EXPECT_GT(seen, 3);
}

TEST(TraverseDrive, LanderVisibilityFlipsBehindARidge) {
  // Lander at column 10, antenna 3 m; a 30 m ridge across columns 40-41; rover mast 1 m.
  terrain::Dem dem = flat_dem(120, 16);
  for (int j = 0; j < 16; ++j) dem.at(40, j) = dem.at(41, j) = 30.0f;
  RoverModel r = test_rover();
  r.battery_wh = 2000;
  r.comm = CommRoute::kViaLander;
  r.mast_height_m = 1.0;
  r.max_slope_up_deg = r.max_slope_down_deg = 60;  // let it cross the ridge
  r.max_cross_slope_deg = 60;
  r.max_obstacle_m = 5;
  DriveOptions o = opts_at(lit_time());
  o.lander_antenna_m = 3.0;
  o.lander_xy = dem.grid.cell_center(10, 8);
  o.lander_given = true;
  auto d = simulate_drive(dem, costs_for(dem, r), nullptr, sky(), row_plan(dem, 12, 110, 8), o);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_TRUE(d->totals.feasible) << d->totals.reason;
  const double x_ridge = dem.grid.cell_center(40, 0).x_m;
  int before = 0, behind = 0;
  for (const DriveSample& s : d->timeline) {
    const double dx = s.xy.x_m - x_ridge;
    if (dx < -40.0) {
      EXPECT_TRUE(s.lander_visible) << dx;
      ++before;
    }
    // Behind: the sight line at the ridge is below 3 m, far under its 30 m top.
    if (dx > 60.0) {
      EXPECT_FALSE(s.lander_visible) << dx;
      ++behind;
    }
    if (!s.lander_visible) EXPECT_FALSE(s.link_up);
  }
  EXPECT_GT(before, 3);
  EXPECT_GT(behind, 3);
}

// Time-aware planning before sunrise on flat ground (the Sun below the horizon, rising within
// days): a drive that cannot be made in the dark.
struct Dawn {
  terrain::Dem dem = flat_dem(128, 128);
  double start_s = 0.0;
  Dawn() {
    const double dark = find_hour(lit_time(), [](double t) { return sun_el_deg(t) < -1.0; });
    const double rise = find_hour(dark, [](double t) { return sun_el_deg(t) > -0.2; });
    start_s = rise - 36 * 3600.0;  // a day and a half of darkness left
  }
};

RoverModel dawn_rover() {
  RoverModel r = test_rover();
  r.battery_wh = 400;
  r.power = {1.0, 31.0, 1.0, 0.0, 0.0};  // 32 W driving, 2 W parked in the dark
  r.panel_area_m2 = 0.5;
  r.panel_efficiency = 0.2;  // 136 W in full Sun
  return r;
}

TEST(TraverseTimedPlanner, WaitsThroughDarknessAndKeepsTheFloor) {
  const Dawn dawn;
  const RoverModel r = dawn_rover();
  const terrain::MapXy a = dawn.dem.grid.cell_center(10, 64),
                       b = dawn.dem.grid.cell_center(110, 64);
  TimedPlanOptions o;
  o.drive = opts_at(dawn.start_s);
  o.drive.initial_soc = 0.8;  // 240 Wh above the floor: the 2 km drive needs ~360 Wh in the dark
  o.max_grid = 64;
  o.time_budget_s = 60.0;
  // Sanity: the start is dark and the straight drive fails even though it may park.
  const CostMap costs = costs_for(dawn.dem, r);
  PlanRequest req;
  req.start = a;
  req.stops = {b};
  auto plain = plan_path(costs, req);
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  auto plain_drive = simulate_drive(dawn.dem, costs, nullptr, sky(), *plain, o.drive);
  ASSERT_TRUE(plain_drive.ok());
  EXPECT_EQ(plain_drive->timeline.front().sun_visible_fraction, 0.0);
  EXPECT_FALSE(plain_drive->totals.feasible);

  auto tp = plan_timed(dawn.dem, r, sky(), a, {b}, o);
  ASSERT_TRUE(tp.ok()) << tp.error().message;
  EXPECT_TRUE(tp->drive.totals.feasible) << tp->drive.totals.reason;
  EXPECT_GE(tp->drive.totals.min_soc, r.min_soc - 1e-9);
  for (const DriveSample& s : tp->drive.timeline) EXPECT_GE(s.soc, r.min_soc - 1e-9);
  EXPECT_GT(tp->drive.totals.waiting_h, 6.0);
  double scheduled = 0.0;
  for (const PathPoint& p : tp->plan.points) scheduled += p.wait_s;
  EXPECT_GT(scheduled, 0.0);
  EXPECT_EQ(tp->plan.points.back().stop_index, 0);
  const terrain::MapXy end = tp->plan.points.back().xy;
  EXPECT_LT(std::hypot(end.x_m - b.x_m, end.y_m - b.y_m), 20.0);
  expect_closes(tp->drive);
}

// Energy drawn from the battery: the part of the consumption the panel did not cover.
double drawn_wh(const DriveResult& d) {
  double j = 0.0;
  for (std::size_t q = 0; q + 1 < d.timeline.size(); ++q)
    j += std::max(0.0, d.timeline[q].power_out_w - d.timeline[q].power_in_w) *
         (d.timeline[q + 1].tt_s - d.timeline[q].tt_s);
  return j / 3600.0;
}

TEST(TraverseTimedPlanner, ObjectivesDiffer) {
  // With a big battery the drive can be made in the dark: "time" goes now, "energy" waits for
  // the Sun (parked in the dark the rover draws 2 W, driving in the dark 32 W).
  const Dawn dawn;
  RoverModel r = dawn_rover();
  r.battery_wh = 2000;
  const terrain::MapXy a = dawn.dem.grid.cell_center(10, 64),
                       b = dawn.dem.grid.cell_center(110, 64);
  TimedPlanOptions o;
  o.drive = opts_at(dawn.start_s);
  o.max_grid = 64;
  o.time_budget_s = 60.0;
  o.cost.objective = Objective::kTime;
  auto fast = plan_timed(dawn.dem, r, sky(), a, {b}, o);
  ASSERT_TRUE(fast.ok()) << fast.error().message;
  o.cost.objective = Objective::kEnergy;
  auto frugal = plan_timed(dawn.dem, r, sky(), a, {b}, o);
  ASSERT_TRUE(frugal.ok()) << frugal.error().message;
  ASSERT_TRUE(fast->drive.totals.feasible);
  ASSERT_TRUE(frugal->drive.totals.feasible);
  EXPECT_LT(fast->drive.totals.duration_h, frugal->drive.totals.duration_h - 6.0);
  EXPECT_LT(drawn_wh(frugal->drive), drawn_wh(fast->drive) - 50.0);
  EXPECT_LT(fast->drive.totals.waiting_h, 0.5);
}

TEST(TraverseTimedPlanner, BadInput) {
  const terrain::Dem dem = flat_dem(32, 32);
  TimedPlanOptions o;
  o.drive = opts_at(lit_time());
  const terrain::MapXy a = dem.grid.cell_center(2, 2);
  auto none = plan_timed(dem, test_rover(), sky(), a, {}, o);
  EXPECT_FALSE(none.ok());
  auto off = plan_timed(dem, test_rover(), sky(), a, {terrain::MapXy{1e6, 1e6}}, o);
  ASSERT_FALSE(off.ok());
  EXPECT_NE(off.error().message.find("off the map"), std::string::npos);
  // Never a hang: a tiny wall-clock budget ends the search with a message naming it.
  {
    const Dawn dawn;
    TimedPlanOptions tight;
    tight.drive = opts_at(dawn.start_s);
    tight.max_grid = 128;
    tight.time_budget_s = 1e-4;
    auto tp = plan_timed(dawn.dem, dawn_rover(), sky(), dawn.dem.grid.cell_center(5, 5),
                         {dawn.dem.grid.cell_center(120, 120)}, tight);
    ASSERT_FALSE(tp.ok());
    EXPECT_NE(tp.error().message.find("budget"), std::string::npos) << tp.error().message;
  }
  // The sky table must cover the window.
  o.drive.max_duration_s = 400 * 86400.0;
  auto sky_short = plan_timed(dem, test_rover(), sky(), a, {dem.grid.cell_center(20, 20)}, o);
  EXPECT_FALSE(sky_short.ok());
}

}  // namespace
