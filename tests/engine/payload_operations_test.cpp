// The operations scheduler, driven by a synthetic visibility function (so every condition is
// known) and once by the real ephemeris at a landing site.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/mission/catalogue.hpp"
#include "engine/payload/operations.hpp"

namespace ce8::payload {
namespace {

const mission::Catalogue& cat() {
  static const mission::Catalogue c = mission::load_embedded_catalogue().value();
  return c;
}
time::Instant t0() { return time::parse_iso8601("2028-10-20T00:00:00Z").value(); }

// Sun up for the first `day_h` hours of every `period_h`, Earth up in the second half of
// every day.
VisibilityFn square_days(double day_h, double period_h) {
  const time::Instant start = t0();
  return [=](const time::Instant& t) {
    const double h = time::seconds_between(start, t) / 3600.0;
    Visibility v;
    const bool up = std::fmod(h, period_h) < day_h;
    v.sun_el_rad = up ? 0.02 : -0.02;
    v.sun_visible_fraction = up ? 1.0 : 0.0;
    v.earth_in_view = std::fmod(h, 24.0) >= 12.0;
    v.earth_el_rad = v.earth_in_view ? 0.05 : -0.05;
    return v;
  };
}

TEST(PayloadOperations, ConstraintsAreNeverBroken) {
  Manifest m{"",
             {"pk-suparco-rover", "lander-isru", "lander-seismometer", "lander-soft-xray-telescope",
              "lander-earth-imager", "lander-ecosystem"}};
  const time::Instant until = time::add_seconds(t0(), 10 * 86400.0);
  auto r = simulate_operations(cat(), m, t0(), until, square_days(72.0, 144.0));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Schedule& s = *r;
  ASSERT_EQ(s.samples.size(), 960u);
  const auto vis = square_days(72.0, 144.0);
  std::vector<const mission::Payload*> ps = resolve(m, cat());
  double ran_total = 0.0;
  for (std::size_t k = 0; k < s.samples.size(); ++k) {
    const Visibility v = vis(time::add_seconds(t0(), s.samples[k].t_s));
    bool noisy = false;
    for (std::size_t i = 0; i < ps.size(); ++i)
      if (s.running[i][k] && ps[i]->noisy) noisy = true;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      if (!s.running[i][k]) continue;
      ran_total += 1;
      const auto& c = ps[i]->constraints;
      if (c.needs_sunlight) EXPECT_GT(v.sun_visible_fraction, 0.0) << ps[i]->id << " step " << k;
      if (c.must_not_see_sun) EXPECT_EQ(v.sun_visible_fraction, 0.0) << ps[i]->id;
      if (c.needs_earth_in_view) EXPECT_TRUE(v.earth_in_view) << ps[i]->id;
      if (c.needs_quiet) EXPECT_FALSE(noisy) << ps[i]->id << " ran next to a noisy payload";
    }
  }
  EXPECT_GT(ran_total, 100.0);
  // Hours per day are respected: the rover wants 8 h a day.
  EXPECT_LE(s.payloads[0].hours, 8.0 * 10 + 1e-9);
  EXPECT_GT(s.payloads[0].hours, 0.0);
}

TEST(PayloadOperations, BatteryFloorHoldsForOperations) {
  // A long night: operations must stop at the floor; only the platform and standby loads
  // may take the battery below it.
  Manifest m{"", {"lander-soft-xray-telescope", "lander-seismometer", "th-neutron-analyser"}};
  const time::Instant until = time::add_seconds(t0(), 14 * 86400.0);
  auto r = simulate_operations(cat(), m, t0(), until, square_days(24.0, 24.0 * 14));
  ASSERT_TRUE(r.ok());
  const Schedule& s = *r;
  double prev = s.battery_start_wh;
  bool any_power_block = false;
  for (std::size_t k = 0; k < s.samples.size(); ++k) {
    bool any_running = false;
    for (std::size_t i = 0; i < s.payloads.size(); ++i) any_running |= s.running[i][k] != 0;
    if (any_running && s.samples[k].solar_w == 0.0)
      EXPECT_GE(s.samples[k].battery_wh, s.battery_floor_wh - 1e-6) << "step " << k;
    prev = s.samples[k].battery_wh;
  }
  (void)prev;
  for (const auto& c : s.conflicts) any_power_block |= c.kind == "power";
  EXPECT_TRUE(any_power_block);
  EXPECT_LT(s.battery_min_wh, s.battery_floor_wh);  // the platform alone drains it further
  // Energy balance: start + solar - consumed - spilled = end (nothing empties here... or clamps).
  if (s.battery_min_wh > 0.0)
    EXPECT_NEAR(s.battery_start_wh + s.solar_wh - s.consumed_wh - s.spilled_wh, s.battery_end_wh,
                1e-6);
}

TEST(PayloadOperations, EmptyBatteryLosesNightSurvivors) {
  mission::Catalogue c = cat();
  c.lander_power.battery_wh = 100.0;  // far too small for a night
  Manifest m{"", {"lander-seismometer", "pk-suparco-rover"}};
  auto r = simulate_operations(c, m, t0(), time::add_seconds(t0(), 6 * 86400.0),
                               square_days(24.0, 96.0));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->payloads[0].lost);   // the seismometer must survive the night
  EXPECT_FALSE(r->payloads[1].lost);  // the rover does not promise to
  bool empty = false;
  for (const auto& k : r->conflicts) empty |= k.kind == "battery-empty";
  EXPECT_TRUE(empty);
}

TEST(PayloadOperations, RejectsBadWindows) {
  Manifest m{"", {"pk-suparco-rover"}};
  const auto vis = square_days(1, 2);
  EXPECT_FALSE(simulate_operations(cat(), m, t0(), t0(), vis).ok());
  EXPECT_FALSE(
      simulate_operations(cat(), m, t0(), time::add_seconds(t0(), 31 * 86400.0), vis).ok());
  ScheduleOptions o;
  o.step_s = 1.0;
  EXPECT_FALSE(simulate_operations(cat(), m, t0(), time::add_seconds(t0(), 86400.0), vis, o).ok());
}

TEST(PayloadOperations, DiscFraction) {
  EXPECT_DOUBLE_EQ(disc_fraction_above(0.0, 0.01), 0.5);
  EXPECT_DOUBLE_EQ(disc_fraction_above(0.02, 0.01), 1.0);
  EXPECT_DOUBLE_EQ(disc_fraction_above(-0.02, 0.01), 0.0);
  EXPECT_GT(disc_fraction_above(0.005, 0.01), 0.5);
  EXPECT_LT(disc_fraction_above(-0.005, 0.01), 0.5);
}

TEST(PayloadOperations, RealSkyAtLeibnitzBeta) {
  const mission::LandingSite* lb = cat().find_site("leibnitz-beta");
  ASSERT_NE(lb, nullptr);
  auto site = ephemeris::make_site_deg(lb->lat_deg, lb->lon_deg);
  ASSERT_TRUE(site.ok());
  const time::Instant until = time::add_seconds(t0(), 29.5 * 86400.0);
  auto vis = flat_horizon_visibility(*site, t0(), until);
  ASSERT_TRUE(vis.ok());
  Manifest m{"", {"pk-suparco-rover", "lander-soft-xray-telescope"}};
  auto r = simulate_operations(cat(), m, t0(), until, *vis);
  ASSERT_TRUE(r.ok());
  // Over a synodic month on Mons Mouton (84.6 deg S) the Sun is up part of the time, not always
  // and not never, and it never climbs more than about 1.5 + (90 - |latitude|) deg above the flat
  // horizon.
  EXPECT_GT(r->sun_up_fraction, 0.2);
  EXPECT_LT(r->sun_up_fraction, 0.8);
  const double max_el = 1.6 + (90.0 - std::abs(lb->lat_deg)) + 0.3;
  for (const auto& x : r->samples) EXPECT_LT(x.sun_el_deg, max_el);
  for (std::size_t k = 0; k < r->samples.size(); ++k) {
    if (r->running[0][k]) EXPECT_GT(r->samples[k].sun_el_deg, -0.3);  // needs sunlight
    if (r->running[1][k]) EXPECT_LT(r->samples[k].sun_el_deg, 0.3);   // must not see the Sun
  }
  EXPECT_GT(r->payloads[0].hours, 0.0);
}

}  // namespace
}  // namespace ce8::payload
