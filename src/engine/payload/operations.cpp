#include "engine/payload/operations.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>

#include "engine/ephemeris/sky.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/payload/budget.hpp"

namespace ce8::payload {
namespace {
constexpr double kPi = std::numbers::pi;
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

namespace {

Status check_operations_request(double window, const VisibilityFn& visibility,
                                const ScheduleOptions& options) {
  if (!(window > 0.0)) return make_error("the end of the window must come after its start");
  if (window > kMaxWindowDays * 86400.0 + 1e-6)
    return make_error("the window is longer than " + std::to_string(int(kMaxWindowDays)) +
                      " days (a lunar day and night)");
  if (!(options.step_s >= kMinStepS && options.step_s <= kMaxStepS))
    return make_error("the step must be between 1 minute and 6 hours");
  if (!visibility) return make_error("no visibility function");
  return Ok{};
}

// Evaluation order: manifest order, needs_quiet payloads last.
std::vector<std::size_t> evaluation_order(const std::vector<const mission::Payload*>& payloads) {
  std::vector<std::size_t> order;
  const std::size_t n = payloads.size();
  for (std::size_t i = 0; i < n; ++i)
    if (!payloads[i]->constraints.needs_quiet) order.push_back(i);
  for (std::size_t i = 0; i < n; ++i)
    if (payloads[i]->constraints.needs_quiet) order.push_back(i);
  return order;
}

// The step-by-step schedule: per step the Sun and Earth, which payloads run (in evaluation
// order, each against its constraints and the lander's power), then the battery.
class OperationsSimulation {
 public:
  OperationsSimulation(const mission::Catalogue& catalogue, const Manifest& manifest,
                       const time::Instant& from, double window, const VisibilityFn& visibility,
                       const ScheduleOptions& options)
      : catalogue_(catalogue),
        lp_(catalogue.lander_power),
        payloads_(resolve(manifest, catalogue)),
        order_(evaluation_order(payloads_)),
        from_(from),
        window_(window),
        visibility_(visibility),
        dt_(options.step_s),
        dt_h_(dt_ / 3600.0),
        steps_(static_cast<std::size_t>(std::ceil(window / dt_ - 1e-9))) {
    const std::size_t n = payloads_.size();
    s_.from = from;
    s_.step_s = dt_;
    s_.battery_capacity_wh = lp_.battery_wh;
    s_.battery_floor_wh = lp_.battery_floor_fraction * lp_.battery_wh;
    s_.battery_start_wh = lp_.battery_start_fraction * lp_.battery_wh;
    s_.running.assign(n, std::vector<std::uint8_t>(steps_, 0));
    for (const auto* p : payloads_) {
      PayloadRun r;
      r.id = p->id;
      r.name = p->name;
      r.powered_by_lander = p->powered_by_lander;
      r.wanted_hours = p->hours_per_day * window / 86400.0;
      s_.payloads.push_back(r);
    }
    battery_ = s_.battery_start_wh;
    s_.battery_min_wh = battery_;
    used_today_.assign(n, 0.0);
  }

  Schedule run() {
    for (std::size_t k = 0; k < steps_; ++k) run_step(k);
    s_.battery_end_wh = battery_;
    s_.sun_up_fraction = steps_ ? double(sun_up_steps_) / double(steps_) : 0.0;
    s_.earth_in_view_fraction = steps_ ? double(earth_steps_) / double(steps_) : 0.0;
    for (std::size_t i = 0; i < payloads_.size(); ++i) {
      note_short_run(i);
      add_segments(i);
    }
    return std::move(s_);
  }

 private:
  void conflict(const std::string& id, const char* kind, double t, const std::string& msg) {
    auto key = std::make_pair(id, std::string(kind));
    auto it = conflict_index_.find(key);
    if (it == conflict_index_.end()) {
      conflict_index_[key] = s_.conflicts.size();
      s_.conflicts.push_back({id, kind, t, dt_h_, msg});
    } else {
      s_.conflicts[it->second].hours += dt_h_;
    }
  }

  // What one step of the window adds to the schedule.
  struct Step {
    std::size_t k = 0;
    double t = 0.0, step_h = 0.0;
    Visibility v;
    bool sun_up = false;
    double solar_w = 0.0;
    double load_w = 0.0;
    double payload_w = 0.0;  // operating lander-powered payloads, against the allocation
    bool noisy_running = false;
  };

  void run_step(std::size_t k) {
    Step st;
    st.k = k;
    st.t = static_cast<double>(k) * dt_;
    st.step_h = std::min(dt_, window_ - st.t) / 3600.0;  // the last step may be short
    const long d = static_cast<long>(std::floor(st.t / 86400.0));
    if (d != day_) {
      day_ = d;
      std::fill(used_today_.begin(), used_today_.end(), 0.0);
    }
    st.v = visibility_(time::add_seconds(from_, st.t));
    st.sun_up = st.v.sun_visible_fraction > 0.0;
    sun_up_steps_ += st.sun_up ? 1 : 0;
    earth_steps_ += st.v.earth_in_view ? 1 : 0;
    st.solar_w = lp_.solar_peak_w * st.v.sun_visible_fraction * std::cos(st.v.sun_el_rad);
    st.load_w = lp_.platform_w;
    for (const auto* p : payloads_)
      if (p->powered_by_lander) st.load_w += p->standby_w;
    for (std::size_t i : order_) try_run_payload(i, st);
    // Standby energy of lander-powered payloads that did not run.
    for (std::size_t i = 0; i < payloads_.size(); ++i)
      if (payloads_[i]->powered_by_lander && !s_.running[i][k])
        s_.payloads[i].energy_wh += payloads_[i]->standby_w * st.step_h;
    update_battery(st);
  }

  // Runs payload i in this step unless a constraint or the power blocks it.
  void try_run_payload(std::size_t i, Step& st) {
    const mission::Payload& p = *payloads_[i];
    PayloadRun& r = s_.payloads[i];
    const double step_h = st.step_h;
    if (p.hours_per_day <= 0.0 || used_today_[i] + 1e-9 >= p.hours_per_day) return;
    const auto& c = p.constraints;
    if (c.needs_sunlight && !st.sun_up) {
      r.blocked_sun_down_h += step_h;
      return;
    }
    if (c.must_not_see_sun && st.sun_up) {
      r.blocked_sun_up_h += step_h;
      return;
    }
    if (c.needs_earth_in_view && !st.v.earth_in_view) {
      r.blocked_earth_h += step_h;
      return;
    }
    if (c.needs_quiet && st.noisy_running) {
      r.blocked_noise_h += step_h;
      conflict(p.id, "noise", st.t,
               p.name + ": needs quiet, but a noisy payload (rover, robot, drill) was operating");
      return;
    }
    if (p.powered_by_lander) {
      const double extra_w = p.power_w - p.standby_w;
      const double after =
          std::min(battery_ + (st.solar_w - st.load_w - extra_w) * step_h, lp_.battery_wh);
      // A payload that draws nothing extra (a passive one) never waits for power.
      if (extra_w > 0.0 && (st.payload_w + p.power_w > catalogue_.budget.payload_power_w + 1e-9 ||
                            after < s_.battery_floor_wh)) {
        r.blocked_power_h += step_h;
        conflict(p.id, "power", st.t,
                 p.name + ": not enough power (battery floor or payload power allocation)");
        return;
      }
      st.load_w += extra_w;
      st.payload_w += p.power_w;
      r.energy_wh += p.power_w * step_h;
    }
    s_.running[i][st.k] = 1;
    used_today_[i] += step_h;
    r.hours += step_h;
    const double mb = data_mb(p.data_kbps, step_h);
    r.data_mb += mb;
    s_.data_mb += mb;
    if (p.noisy) st.noisy_running = true;
  }

  // Solar in, loads out, spill above capacity; an empty battery loses the payloads that must
  // survive the night.
  void update_battery(const Step& st) {
    const double step_h = st.step_h;
    s_.solar_wh += st.solar_w * step_h;
    s_.consumed_wh += st.load_w * step_h;
    battery_ += (st.solar_w - st.load_w) * step_h;
    if (battery_ > lp_.battery_wh) {
      s_.spilled_wh += battery_ - lp_.battery_wh;
      battery_ = lp_.battery_wh;
    }
    if (battery_ < 0.0) {
      battery_ = 0.0;
      conflict("", "battery-empty", st.t,
               "the lander's battery ran empty: the platform and survival heaters were not "
               "covered");
      for (std::size_t i = 0; i < payloads_.size(); ++i)
        if (payloads_[i]->constraints.must_survive_night && !s_.payloads[i].lost) {
          s_.payloads[i].lost = true;
          conflict(payloads_[i]->id, "lost", st.t,
                   payloads_[i]->name + ": must survive the night, but its survival power ran out");
        }
    }
    s_.battery_min_wh = std::min(s_.battery_min_wh, battery_);
    s_.samples.push_back(
        {st.t, st.v.sun_el_rad * kDeg, st.v.earth_el_rad * kDeg, st.solar_w, st.load_w, battery_});
  }

  void note_short_run(std::size_t i) {
    const PayloadRun& r = s_.payloads[i];
    if (r.wanted_hours > 0.0 && r.hours < 0.5 * r.wanted_hours) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " ran %.1f of the %.1f h it wanted", r.hours, r.wanted_hours);
      conflict(r.id, "short", 0.0, r.name + ":" + buf);
      s_.conflicts.back().hours = r.wanted_hours - r.hours;
    }
  }

  // Segments: runs of consecutive operating steps.
  void add_segments(std::size_t i) {
    for (std::size_t k = 0; k < steps_;) {
      if (!s_.running[i][k]) {
        ++k;
        continue;
      }
      std::size_t e = k;
      while (e < steps_ && s_.running[i][e]) ++e;
      s_.segments.push_back({static_cast<int>(i), k * dt_, std::min(e * dt_, window_)});
      k = e;
    }
  }

  const mission::Catalogue& catalogue_;
  const mission::LanderPower& lp_;
  const std::vector<const mission::Payload*> payloads_;
  const std::vector<std::size_t> order_;
  const time::Instant from_;
  const double window_;
  const VisibilityFn& visibility_;
  const double dt_, dt_h_;
  const std::size_t steps_;
  Schedule s_;
  std::map<std::pair<std::string, std::string>, std::size_t> conflict_index_;
  double battery_ = 0.0;
  std::vector<double> used_today_;
  long day_ = -1;
  std::size_t sun_up_steps_ = 0, earth_steps_ = 0;
};

}  // namespace

Result<Schedule> simulate_operations(const mission::Catalogue& catalogue, const Manifest& manifest,
                                     const time::Instant& from, const time::Instant& until,
                                     const VisibilityFn& visibility,
                                     const ScheduleOptions& options) {
  const double window = time::seconds_between(from, until);
  if (auto st = check_operations_request(window, visibility, options); !st) return st.error();
  return OperationsSimulation(catalogue, manifest, from, window, visibility, options).run();
}

}  // namespace ce8::payload
