#include "engine/payload/operations.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "engine/ephemeris/sky.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/payload/budget.hpp"

namespace ce8::payload {
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = 180.0 / kPi;
}  // namespace

double disc_fraction_above(double e, double r) {
  if (r <= 0.0) return e > 0.0 ? 1.0 : 0.0;
  if (e >= r) return 1.0;
  if (e <= -r) return 0.0;
  // The horizon cuts the disc at h = -e/r radii from its centre; the part above is the
  // circular segment beyond h: (acos h - h sqrt(1 - h^2)) / pi of the disc.
  const double h = -e / r;
  return (std::acos(h) - h * std::sqrt(1.0 - h * h)) / kPi;
}

Result<VisibilityFn> flat_horizon_visibility(const ephemeris::Site& site, const time::Instant& from,
                                             const time::Instant& until) {
  const time::Instant a = time::add_seconds(from, -3600.0);
  const time::Instant b = time::add_seconds(until, 3600.0);
  auto table = ephemeris::SkyTable::build(a, b);
  if (!table) return table.error();
  const ephemeris::SiteFrame frame = ephemeris::site_frame(site);
  return VisibilityFn([t = std::move(table.value()), frame](const time::Instant& when) {
    const double s = when.tt_seconds_since_j2000();
    const ephemeris::Vec3 sun = t.sun_body_km(s);
    const ephemeris::Vec3 earth = t.earth_body_km(s);
    Visibility v;
    v.sun_el_rad = ephemeris::az_el(frame, sun).el_rad;
    v.earth_el_rad = ephemeris::az_el(frame, earth).el_rad;
    const double sun_r = std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sun));
    v.sun_visible_fraction = disc_fraction_above(v.sun_el_rad, sun_r);
    v.earth_in_view = v.earth_el_rad > 0.0;
    return v;
  });
}

Result<Schedule> simulate_operations(const mission::Catalogue& catalogue, const Manifest& manifest,
                                     const time::Instant& from, const time::Instant& until,
                                     const VisibilityFn& visibility,
                                     const ScheduleOptions& options) {
  const double window = time::seconds_between(from, until);
  if (!(window > 0.0)) return make_error("the end of the window must come after its start");
  if (window > kMaxWindowDays * 86400.0 + 1e-6)
    return make_error("the window is longer than " + std::to_string(int(kMaxWindowDays)) +
                      " days (a lunar day and night)");
  if (!(options.step_s >= kMinStepS && options.step_s <= kMaxStepS))
    return make_error("the step must be between 1 minute and 6 hours");
  if (!visibility) return make_error("no visibility function");

  const auto payloads = resolve(manifest, catalogue);
  const mission::LanderPower& lp = catalogue.lander_power;
  const double dt = options.step_s, dt_h = dt / 3600.0;
  const std::size_t steps = static_cast<std::size_t>(std::ceil(window / dt - 1e-9));
  const std::size_t n = payloads.size();

  Schedule s;
  s.from = from;
  s.step_s = dt;
  s.battery_capacity_wh = lp.battery_wh;
  s.battery_floor_wh = lp.battery_floor_fraction * lp.battery_wh;
  s.battery_start_wh = lp.battery_start_fraction * lp.battery_wh;
  s.running.assign(n, std::vector<std::uint8_t>(steps, 0));
  for (const auto* p : payloads) {
    PayloadRun r;
    r.id = p->id;
    r.name = p->name;
    r.powered_by_lander = p->powered_by_lander;
    r.wanted_hours = p->hours_per_day * window / 86400.0;
    s.payloads.push_back(r);
  }
  // Evaluation order: manifest order, needs_quiet payloads last.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < n; ++i)
    if (!payloads[i]->constraints.needs_quiet) order.push_back(i);
  for (std::size_t i = 0; i < n; ++i)
    if (payloads[i]->constraints.needs_quiet) order.push_back(i);

  std::map<std::pair<std::string, std::string>, std::size_t> conflict_index;
  auto conflict = [&](const std::string& id, const char* kind, double t, const std::string& msg) {
    auto key = std::make_pair(id, std::string(kind));
    auto it = conflict_index.find(key);
    if (it == conflict_index.end()) {
      conflict_index[key] = s.conflicts.size();
      s.conflicts.push_back({id, kind, t, dt_h, msg});
    } else {
      s.conflicts[it->second].hours += dt_h;
    }
  };

  double battery = s.battery_start_wh;
  s.battery_min_wh = battery;
  std::vector<double> used_today(n, 0.0);
  long day = -1;
  std::size_t sun_up_steps = 0, earth_steps = 0;
  for (std::size_t k = 0; k < steps; ++k) {
    const double t = static_cast<double>(k) * dt;
    const double step_h = std::min(dt, window - t) / 3600.0;  // the last step may be short
    const long d = static_cast<long>(std::floor(t / 86400.0));
    if (d != day) {
      day = d;
      std::fill(used_today.begin(), used_today.end(), 0.0);
    }
    const Visibility v = visibility(time::add_seconds(from, t));
    const bool sun_up = v.sun_visible_fraction > 0.0;
    sun_up_steps += sun_up ? 1 : 0;
    earth_steps += v.earth_in_view ? 1 : 0;
    const double solar_w = lp.solar_peak_w * v.sun_visible_fraction * std::cos(v.sun_el_rad);

    double load_w = lp.platform_w;
    for (const auto* p : payloads)
      if (p->powered_by_lander) load_w += p->standby_w;
    double payload_w = 0.0;  // operating lander-powered payloads, against the allocation
    bool noisy_running = false;

    for (std::size_t i : order) {
      const mission::Payload& p = *payloads[i];
      PayloadRun& r = s.payloads[i];
      if (p.hours_per_day <= 0.0 || used_today[i] + 1e-9 >= p.hours_per_day) continue;
      const auto& c = p.constraints;
      if (c.needs_sunlight && !sun_up) { r.blocked_sun_down_h += step_h; continue; }
      if (c.must_not_see_sun && sun_up) { r.blocked_sun_up_h += step_h; continue; }
      if (c.needs_earth_in_view && !v.earth_in_view) { r.blocked_earth_h += step_h; continue; }
      if (c.needs_quiet && noisy_running) {
        r.blocked_noise_h += step_h;
        conflict(p.id, "noise", t, p.name + ": needs quiet, but a noisy payload (rover, robot, "
                                            "drill) was operating");
        continue;
      }
      if (p.powered_by_lander) {
        const double extra_w = p.power_w - p.standby_w;
        const double after = std::min(battery + (solar_w - load_w - extra_w) * step_h, lp.battery_wh);
        // A payload that draws nothing extra (a passive one) never waits for power.
        if (extra_w > 0.0 && (payload_w + p.power_w > catalogue.budget.payload_power_w + 1e-9 ||
                              after < s.battery_floor_wh)) {
          r.blocked_power_h += step_h;
          conflict(p.id, "power", t, p.name + ": not enough power (battery floor or payload "
                                              "power allocation)");
          continue;
        }
        load_w += extra_w;
        payload_w += p.power_w;
        r.energy_wh += p.power_w * step_h;
      }
      s.running[i][k] = 1;
      used_today[i] += step_h;
      r.hours += step_h;
      const double mb = data_mb(p.data_kbps, step_h);
      r.data_mb += mb;
      s.data_mb += mb;
      if (p.noisy) noisy_running = true;
    }
    // Standby energy of lander-powered payloads that did not run.
    for (std::size_t i = 0; i < n; ++i)
      if (payloads[i]->powered_by_lander && !s.running[i][k])
        s.payloads[i].energy_wh += payloads[i]->standby_w * step_h;

    s.solar_wh += solar_w * step_h;
    s.consumed_wh += load_w * step_h;
    battery += (solar_w - load_w) * step_h;
    if (battery > lp.battery_wh) {
      s.spilled_wh += battery - lp.battery_wh;
      battery = lp.battery_wh;
    }
    if (battery < 0.0) {
      battery = 0.0;
      conflict("", "battery-empty", t, "the lander's battery ran empty: the platform and survival "
                                       "heaters were not covered");
      for (std::size_t i = 0; i < n; ++i)
        if (payloads[i]->constraints.must_survive_night && !s.payloads[i].lost) {
          s.payloads[i].lost = true;
          conflict(payloads[i]->id, "lost", t, payloads[i]->name +
                   ": must survive the night, but its survival power ran out");
        }
    }
    s.battery_min_wh = std::min(s.battery_min_wh, battery);
    s.samples.push_back({t, v.sun_el_rad * kDeg, v.earth_el_rad * kDeg, solar_w, load_w, battery});
  }
  s.battery_end_wh = battery;
  s.sun_up_fraction = steps ? double(sun_up_steps) / double(steps) : 0.0;
  s.earth_in_view_fraction = steps ? double(earth_steps) / double(steps) : 0.0;

  for (std::size_t i = 0; i < n; ++i) {
    const PayloadRun& r = s.payloads[i];
    if (r.wanted_hours > 0.0 && r.hours < 0.5 * r.wanted_hours) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " ran %.1f of the %.1f h it wanted", r.hours, r.wanted_hours);
      conflict(r.id, "short", 0.0, r.name + ":" + buf);
      s.conflicts.back().hours = r.wanted_hours - r.hours;
    }
    // Segments: runs of consecutive operating steps.
    for (std::size_t k = 0; k < steps;) {
      if (!s.running[i][k]) { ++k; continue; }
      std::size_t e = k;
      while (e < steps && s.running[i][e]) ++e;
      s.segments.push_back({static_cast<int>(i), k * dt, std::min(e * dt, window)});
      k = e;
    }
  }
  return s;
}

}  // namespace ce8::payload
