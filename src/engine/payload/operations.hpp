// Payload operations: a manifest scheduled at a landing site over a window of up to a lunar day
// and night, against the lander's power (solar panels and battery), Sun and Earth visibility and
// each payload's constraints.
//
// Visibility comes through a function, so the source can be swapped: flat_horizon_visibility()
// uses the ephemeris (Sun and Earth elevation above the flat local horizon at the site); terrain
// horizons (a Sun hidden behind a crater rim) arrive with the illumination work and plug in as
// another VisibilityFn without changing the scheduler.
//
// The scheduler steps through the window (default 15 min). In each step, in manifest order
// (the manifest's order is its priority) and with needs_quiet payloads considered last, a
// payload runs when it still wants hours today (hours_per_day, counted per 24 h from the
// start), its constraints hold (needs_sunlight: some of the Sun's disc above the horizon;
// must_not_see_sun: none of it; needs_earth_in_view: the Earth's centre above the horizon;
// needs_quiet: no `noisy` payload running in the step), and, for lander-powered payloads, the
// payload power allocation is not exceeded and the battery stays above its floor at the end of
// the step. The platform and the standby draw of lander-powered payloads are always on; when
// the battery empties, the must_survive_night payloads are reported lost.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/site.hpp"
#include "engine/mission/catalogue.hpp"
#include "engine/payload/manifest.hpp"
#include "engine/time/time.hpp"

namespace ce8::payload {

inline constexpr double kMaxWindowDays = 30.0;  // a lunar day and night is 29.53 days
inline constexpr double kMinStepS = 60.0;
inline constexpr double kMaxStepS = 6.0 * 3600.0;

struct Visibility {
  double sun_el_rad = 0.0;
  double earth_el_rad = 0.0;
  double sun_visible_fraction = 0.0;  // of the solar disc above the horizon, 0..1
  bool earth_in_view = false;
};
using VisibilityFn = std::function<Visibility(const time::Instant&)>;

// Sun and Earth over the flat local horizon at `site` (ephemeris fast path fitted over the
// window). Fails on a bad window.
Result<VisibilityFn> flat_horizon_visibility(const ephemeris::Site& site, const time::Instant& from,
                                             const time::Instant& until);

// Fraction of a disc of angular radius r whose centre stands at elevation e above a flat
// horizon (both radians).
double disc_fraction_above(double e_rad, double r_rad);

struct ScheduleOptions {
  double step_s = 900.0;
};

struct Sample {      // one step, conditions at its start
  double t_s = 0.0;  // seconds since the window start
  double sun_el_deg = 0.0, earth_el_deg = 0.0;
  double solar_w = 0.0, load_w = 0.0, battery_wh = 0.0;  // battery at the end of the step
};

struct Segment {
  int payload = 0;  // index into Schedule::payloads
  double start_s = 0.0, end_s = 0.0;
};

struct PayloadRun {
  std::string id, name;
  bool powered_by_lander = true;
  double wanted_hours = 0.0, hours = 0.0, energy_wh = 0.0, data_mb = 0.0;
  // Hours it wanted to run but could not, by reason.
  double blocked_sun_down_h = 0.0, blocked_sun_up_h = 0.0, blocked_earth_h = 0.0,
         blocked_noise_h = 0.0, blocked_power_h = 0.0;
  bool lost = false;  // a must_survive_night payload whose survival power ran out
};

struct Conflict {
  std::string payload_id;  // empty for the whole lander
  std::string kind;        // "power", "noise", "battery-empty", "lost", "short"
  double start_s = 0.0;    // first occurrence, seconds since the window start
  double hours = 0.0;
  std::string message;
};

struct Schedule {
  time::Instant from;
  double step_s = 900.0;
  std::vector<PayloadRun> payloads;
  std::vector<Sample> samples;
  std::vector<std::vector<std::uint8_t>> running;  // [payload][step] 1 = operating
  std::vector<Segment> segments;
  std::vector<Conflict> conflicts;
  double solar_wh = 0.0, consumed_wh = 0.0, spilled_wh = 0.0;
  double battery_start_wh = 0.0, battery_min_wh = 0.0, battery_end_wh = 0.0;
  double battery_floor_wh = 0.0, battery_capacity_wh = 0.0;
  double data_mb = 0.0;
  double sun_up_fraction = 0.0, earth_in_view_fraction = 0.0;
  double window_s() const { return step_s * static_cast<double>(samples.size()); }
};

// Checks the window (until after from, at most kMaxWindowDays) and the step, then schedules.
Result<Schedule> simulate_operations(const mission::Catalogue& catalogue, const Manifest& manifest,
                                     const time::Instant& from, const time::Instant& until,
                                     const VisibilityFn& visibility,
                                     const ScheduleOptions& options = {});

}  // namespace ce8::payload
