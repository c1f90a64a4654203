// Drive simulation along a plan through time (see drive.hpp for the model and the policy).
#include "engine/traverse/drive.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::traverse {
namespace {

using ephemeris::Vec3;
constexpr double kPi = std::numbers::pi;
constexpr double kDeg = 180.0 / kPi;

std::string fmt(const char* f, double a) {
  char b[64];
  std::snprintf(b, sizeof b, f, a);
  return b;
}

std::string utc_text(double tt_s) {
  auto t =
      time::format_iso8601(time::Instant::from_tt_seconds_since_j2000(tt_s), time::Scale::kUtc, 0);
  return t ? *t : fmt("TT+%.0fs", tt_s);
}

// Horizons at mast height and lander line of sight, computed per visited cell and cached.
class Environment {
 public:
  Environment(const terrain::Dem& dem, const illumination::HorizonMap* map, const RoverModel& rover,
              const DriveOptions& o)
      : dem_(dem), map_(map), rover_(rover), o_(o) {
    hopts_.directions = o.horizon_directions;
    hopts_.observer_height_m = rover.mast_height_m;
  }

  Status init(terrain::MapXy lander) {
    lander_ = lander;
    if (!dem_.grid.contains(lander)) return make_error("the lander position lies outside the DEM");
    lander_ground_ = ground(lander);
    if (std::isnan(lander_ground_)) return make_error("the lander position is on a nodata cell");
    illumination::HorizonOptions lo;
    lo.directions = o_.horizon_directions;
    lo.observer_height_m = o_.lander_antenna_m;
    auto h = illumination::horizon_at_point(dem_, lander, lo);
    if (!h) return make_error("lander horizon: " + h.error().message);
    lander_horizon_ = std::move(*h);
    lander_frame_ = illumination::point_frame(lander, lander_ground_ + o_.lander_antenna_m);
    return Ok{};
  }

  double ground(terrain::MapXy p) const {
    const float h = terrain::sample_bilinear(dem_, p);
    if (!terrain::is_nodata(h)) return h;
    const terrain::CellPos c = dem_.grid.to_cell(p);
    const int i = std::clamp(static_cast<int>(std::lround(c.i)), 0, dem_.width() - 1);
    const int j = std::clamp(static_cast<int>(std::lround(c.j)), 0, dem_.height() - 1);
    return dem_.at(i, j);
  }

  // Never below the sphere's own horizon (beyond the grid the ground is taken as a smooth
  // sphere, horizon.hpp; near the grid's edges the sweep and the ray march can report less).
  double horizon_toward(int i, int j, double grid_az) {
    const double dip =
        -std::acos(terrain::kMoonRadiusM / (terrain::kMoonRadiusM + rover_.mast_height_m));
    if (map_) {
      const double h = map_->elevation_toward(i, j, grid_az);
      return std::isnan(h) || h < dip ? dip : h;
    }
    const std::size_t key = static_cast<std::size_t>(j) * dem_.width() + i;
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      ++horizons_computed_;
      auto h = illumination::horizon_at_point(dem_, dem_.grid.cell_center(i, j), hopts_);
      std::vector<double> v = h ? std::move(*h) : std::vector<double>(hopts_.directions, -kPi / 2);
      it = cache_.emplace(key, std::move(v)).first;
    }
    return std::max(dip, interp(it->second, grid_az));
  }

  double lander_horizon_toward(double grid_az) const {
    const double dip =
        -std::acos(terrain::kMoonRadiusM / (terrain::kMoonRadiusM + o_.lander_antenna_m));
    return std::max(dip, interp(lander_horizon_, grid_az));
  }
  const illumination::PointFrame& lander_frame() const { return lander_frame_; }
  // Whether the horizon toward any direction at cell (i, j) is still to be ray-marched.
  bool needs_horizon(int i, int j) const {
    return !map_ && !cache_.count(static_cast<std::size_t>(j) * dem_.width() + i);
  }
  // Horizons ray-marched so far (the costly part of a step; the slices count them).
  std::size_t horizons_computed() const { return horizons_computed_; }

  // Straight line of sight between the lander antenna and the rover mast over the DEM (the
  // Moon's curvature lowers the chord by d (D - d) / 2R below the linear height profile).
  bool lander_in_view(int i, int j) {
    const std::size_t key = static_cast<std::size_t>(j) * dem_.width() + i;
    auto it = los_.find(key);
    if (it != los_.end()) return it->second;
    const terrain::MapXy r = dem_.grid.cell_center(i, j);
    const double h0 = lander_ground_ + o_.lander_antenna_m;
    const double h1 = ground(r) + rover_.mast_height_m;
    const double dx = r.x_m - lander_.x_m, dy = r.y_m - lander_.y_m;
    const double dist = std::hypot(dx, dy);
    const int n = static_cast<int>(std::ceil(dist / (0.5 * dem_.cell_m())));
    bool visible = true;
    for (int s = 1; s < n && visible; ++s) {
      const double f = static_cast<double>(s) / n, d = f * dist;
      const float h = terrain::sample_bilinear(
          dem_, terrain::MapXy{lander_.x_m + f * dx, lander_.y_m + f * dy});
      if (terrain::is_nodata(h)) continue;
      const double line = h0 + (h1 - h0) * f - d * (dist - d) / (2.0 * terrain::kMoonRadiusM);
      if (h > line) visible = false;
    }
    los_.emplace(key, visible);
    return visible;
  }

 private:
  static double interp(const std::vector<double>& hz, double az) {
    const int nd = static_cast<int>(hz.size());
    double x = az * (nd / (2.0 * kPi));
    x -= nd * std::floor(x / nd);
    int k0 = static_cast<int>(x);
    if (k0 >= nd) k0 -= nd;
    const double w = x - k0;
    const int k1 = k0 + 1 == nd ? 0 : k0 + 1;
    return (1.0 - w) * hz[k0] + w * hz[k1];
  }

  const terrain::Dem& dem_;
  const illumination::HorizonMap* map_;
  const RoverModel& rover_;
  const DriveOptions& o_;
  illumination::HorizonOptions hopts_;
  std::unordered_map<std::size_t, std::vector<double>> cache_;
  std::unordered_map<std::size_t, bool> los_;
  std::size_t horizons_computed_ = 0;
  terrain::MapXy lander_;
  double lander_ground_ = 0.0;
  std::vector<double> lander_horizon_;
  illumination::PointFrame lander_frame_;
};

struct Conditions {
  double sun_el = 0, sun_az = 0, sun_frac = 0, cos_inc = 0, earth_el = 0;
  bool earth_visible = false, lander_visible = false, link_up = false;
  double p_in = 0;
};

// The request's own checks (before anything is computed).
Status check_drive_request(const terrain::Dem& dem, const CostMap& costs,
                           const illumination::HorizonMap* horizon, const ephemeris::SkyTable& sky,
                           const Plan& plan, const DriveOptions& o) {
  if (plan.points.empty()) return make_error("the plan has no points");
  if (costs.grid.width != dem.width() || costs.grid.height != dem.height())
    return make_error("the cost map is not of this DEM");
  if (horizon && (horizon->grid.width != dem.width() || horizon->grid.height != dem.height()))
    return make_error("the horizon map is not of this DEM");
  if (!(o.step_s > 0.0) || o.step_s > 86400.0)
    return make_error("drive step must be in (0, 86400] s, got " + fmt("%g", o.step_s));
  if (!(o.initial_soc >= 0.0 && o.initial_soc <= 1.0))
    return make_error("initial state of charge must be in [0, 1], got " + fmt("%g", o.initial_soc));
  if (!(o.max_duration_s > 0.0) || !(o.max_wait_s >= 0.0) || !(o.stop_dwell_s >= 0.0))
    return make_error("drive durations must be positive");
  if (!(o.resume_margin > 0.0 && o.resume_margin <= 1.0))
    return make_error("resume margin must be in (0, 1]");
  if (o.horizon_directions < illumination::kMinDirections ||
      o.horizon_directions > illumination::kMaxDirections)
    return make_error("horizon directions must be in [4, 3600]");
  if (auto s = check_rover(costs.rover); !s) return s.error();
  const double t0 = o.start.tt_seconds_since_j2000();
  const double t_end = t0 + o.max_duration_s;
  if (!sky.contains(t0) || !sky.contains(t_end))
    return make_error("the sky table does not cover the drive window " + utc_text(t0) + " to " +
                      utc_text(t_end));
  return Ok{};
}

// The drive's state through time and its stages: parking (scheduled waits, stop dwells, link
// waits, recharging) and driving an edge, each step recorded on the timeline.
class DriveSimulation {
 public:
  DriveSimulation(const terrain::Dem& dem, const CostMap& costs, Environment& env,
                  const ephemeris::SkyTable& sky, const Plan& plan, const DriveOptions& o,
                  jobs::SliceClock* clock)
      : clock_(clock),
        dem_(dem),
        costs_(costs),
        rover_(costs.rover),
        env_(env),
        sky_(sky),
        plan_(plan),
        o_(o),
        n_(plan.points.size()) {
    cap_ = rover_.battery_wh * 3600.0;
    floor_j_ = rover_.min_soc * cap_;
    target_j_ = std::min(cap_, floor_j_ + o.resume_margin * cap_);
    t0_ = o.start.tt_seconds_since_j2000();
    t_ = t0_;
    e_ = o.initial_soc * cap_;
    tot().initial_energy_wh = e_ / 3600.0;
    tot().min_soc = o.initial_soc;
  }

  jobs::Task<DriveResult> run() {
    if (n_ > 1) set_edge();
    while (!failed_) {
      // Arrived at point k (u == 0): stop dwell, scheduled wait, link wait.
      const PathPoint& here = plan_.points[k_];
      if (here.stop_index >= 0 && o_.stop_dwell_s > 0.0) {
        const bool parked = co_await park(o_.stop_dwell_s, DriveMode::kAtStop, false, false);
        if (!parked) break;
      }
      if (k_ + 1 >= n_) break;
      if (here.wait_s > 0.0) {
        const bool waited = co_await park(here.wait_s, DriveMode::kWaiting, false, false);
        if (!waited) break;
      }
      if (o_.prefer_comm && (k_ == 0 || here.stop_index >= 0)) {
        const bool linked = co_await park(o_.max_wait_s, DriveMode::kWaiting, false, true);
        if (!linked) break;
      }
      const bool driven = co_await drive_edge();
      if (!driven) break;
      // Snap the distance to the edge's ground length (rounding).
      dist_ = std::round(dist_ * 1e6) / 1e6;
      ++k_;
      u_ = 0.0;
      if (k_ + 1 < n_) set_edge();
    }
    const Conditions c = conditions(position(), true);
    record(c, power_out(c, DriveMode::kWaiting), DriveMode::kDone, 0.0);
    finish_totals();
    co_return std::move(out_);
  }

 private:
  // Charges the step just simulated (a ray-marched horizon costs far more than the rest) and
  // says whether the slice is spent.
  bool step_spent() {
    if (!clock_) return false;
    const std::size_t h = env_.horizons_computed();
    const std::uint64_t units = 4 + 256 * (h - horizons_charged_);
    horizons_charged_ = h;
    if (clock_->spent(units)) return true;
    // The next step ray-marches a horizon: only early in a slice.
    int i = 0, j = 0;
    cell_of(position(), i, j);
    return env_.needs_horizon(i, j) && clock_->used_more_than(kHorizonStartFraction);
  }

  DriveTotals& tot() { return out_.totals; }

  terrain::MapXy position() const {
    if (k_ + 1 >= n_) return plan_.points[k_].xy;
    const terrain::MapXy a = plan_.points[k_].xy, b = plan_.points[k_ + 1].xy;
    return terrain::MapXy{a.x_m + u_ * (b.x_m - a.x_m), a.y_m + u_ * (b.y_m - a.y_m)};
  }

  void cell_of(terrain::MapXy p, int& i, int& j) const {
    const terrain::CellPos c = dem_.grid.to_cell(p);
    i = std::clamp(static_cast<int>(std::lround(c.i)), 0, dem_.width() - 1);
    j = std::clamp(static_cast<int>(std::lround(c.j)), 0, dem_.height() - 1);
  }

  // Sun, Earth and link at a point now.
  Conditions conditions(terrain::MapXy p, bool parked) {
    Conditions c;
    int i = 0, j = 0;
    cell_of(p, i, j);
    const double g = env_.ground(p);
    const illumination::PointFrame f = illumination::point_frame(p, g + rover_.mast_height_m);
    const Vec3 sb = sky_.sun_body_km(t_), eb = sky_.earth_body_km(t_);
    const Vec3 sw = scenario::body_to_terrain_world(ephemeris::normalized(sb));
    const Vec3 ew = scenario::body_to_terrain_world(1000.0 * eb);
    const illumination::AzElRad sa = illumination::grid_az_el(f, sw);
    c.sun_el = sa.el_rad;
    c.sun_az = illumination::geographic_azimuth(sa.az_rad, p);
    c.sun_frac = illumination::disk_fraction_above(
        sa.el_rad, std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb)),
        env_.horizon_toward(i, j, sa.az_rad));
    c.cos_inc = panel_cos_incidence(rover_, c.sun_el, c.sun_az, heading_, parked);
    c.p_in = panel_power_w(rover_, c.sun_frac, c.cos_inc);
    const double re = std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb));
    const illumination::AzElRad ea =
        illumination::grid_az_el(f, ephemeris::normalized(ew - f.position_m));
    c.earth_el = ea.el_rad;
    c.earth_visible = illumination::disk_fraction_above(
                          ea.el_rad, re, env_.horizon_toward(i, j, ea.az_rad)) >= 0.5;
    if (rover_.comm == CommRoute::kViaLander) {
      c.lander_visible = env_.lander_in_view(i, j);
      const illumination::PointFrame& lf = env_.lander_frame();
      const illumination::AzElRad la =
          illumination::grid_az_el(lf, ephemeris::normalized(ew - lf.position_m));
      const bool lander_sees_earth =
          illumination::disk_fraction_above(la.el_rad, re, env_.lander_horizon_toward(la.az_rad)) >=
          0.5;
      c.link_up = c.lander_visible && lander_sees_earth;
    } else {
      c.lander_visible = false;
      c.link_up = c.earth_visible;
    }
    return c;
  }

  // Driving draws the edge's mean power from the cost map (idle + driving + climbing work).
  double power_out(const Conditions& c, DriveMode mode) const {
    const PowerDraw& pw = rover_.power;
    double p = pw.idle_w;
    if (mode == DriveMode::kDriving)
      p = m_.time_s > 0.0 ? m_.energy_j / m_.time_s : pw.idle_w + pw.driving_w;
    if (mode == DriveMode::kAtStop) p += pw.instruments_w;
    if (c.sun_frac <= 0.0) p += pw.survival_w;
    if (c.link_up) p += pw.comm_w;
    return p;
  }

  void record(const Conditions& c, double p_out, DriveMode mode, double speed) {
    DriveSample s;
    s.tt_s = t_;
    s.time_utc = utc_text(t_);
    s.xy = position();
    const terrain::LatLon ll = terrain::to_latlon(s.xy);
    s.lat_deg = ll.lat_rad * kDeg;
    s.lon_deg = ll.lon_rad * kDeg;
    s.height_m = env_.ground(s.xy);
    s.heading_deg = heading_ * kDeg;
    s.speed_m_s = speed;
    s.slope_deg = mode == DriveMode::kDriving ? along_ : 0.0;
    s.sun_el_deg = c.sun_el * kDeg;
    s.sun_incidence_deg = std::acos(std::clamp(c.cos_inc, 0.0, 1.0)) * kDeg;
    s.sun_visible_fraction = c.sun_frac;
    s.earth_el_deg = c.earth_el * kDeg;
    s.earth_visible = c.earth_visible;
    s.lander_visible = c.lander_visible;
    s.link_up = c.link_up;
    s.power_in_w = c.p_in;
    s.power_out_w = p_out;
    s.soc = e_ / cap_;
    s.distance_m = dist_;
    s.mode = mode;
    out_.timeline.push_back(std::move(s));
  }

  // Integrates constant powers over dt; the battery is capped at capacity (curtailment).
  void advance(double dt, double p_in, double p_out, bool link) {
    const double raw = e_ + (p_in - p_out) * dt;
    const double curt = raw > cap_ ? raw - cap_ : 0.0;
    in_j_ += p_in * dt - curt;
    out_j_ += p_out * dt;
    curt_j_ += curt;
    e_ = raw - curt;
    if (e_ < 0.0) e_ = 0.0;  // only reachable with a zero floor and rounding
    t_ += dt;
    if (link) link_s_ += dt;
    tot().min_soc = std::min(tot().min_soc, e_ / cap_);
  }

  std::string where() const {
    const terrain::LatLon ll = terrain::to_latlon(position());
    char b[160];
    std::snprintf(b, sizeof b, "at %s near %.4f,%.4f (path point %zu of %zu, %.0f m driven)",
                  utc_text(t_).c_str(), ll.lat_rad * kDeg, ll.lon_rad * kDeg, k_ + 1, n_, dist_);
    return std::string(b);
  }

  void fail_with(const std::string& why) {
    if (!failed_) tot().reason = where() + ": " + why;
    failed_ = true;
  }

  std::string floor_text() const { return fmt("%.0f%%", rover_.min_soc * 100.0); }

  bool over_time_limit() {
    if (t_ - t0_ < o_.max_duration_s) return false;
    fail_with("the drive exceeds the " + fmt("%.0f", o_.max_duration_s / 86400.0) + "-day limit");
    return true;
  }

  // Parks for up to `duration` (or, with until_charged, until the charge reaches the resume
  // target; with until_link, until the link is up). Returns false when the drive failed.
  jobs::Task<bool> park(double duration, DriveMode mode, bool until_charged, bool until_link) {
    const double t_start = t_;
    while (true) {
      if (step_spent()) co_await clock_->pause();
      if (over_time_limit()) co_return false;
      const Conditions c = conditions(position(), true);
      if (until_charged && e_ >= target_j_ - 1e-9) co_return true;
      if (until_link && c.link_up) co_return true;
      const double waited = t_ - t_start;
      if (waited >= duration - 1e-9) {
        if (until_charged) {
          fail_with("no recharge to " + fmt("%.0f%%", target_j_ / cap_ * 100.0) + " within the " +
                    fmt("%.1f", duration / 86400.0) + "-day wait limit");
          co_return false;
        }
        co_return true;  // scheduled wait over (or no link within the limit: go anyway)
      }
      const double p_out = power_out(c, mode);
      double dt = std::min({o_.step_s, duration - waited, t0_ + o_.max_duration_s - t_});
      if (until_charged && c.p_in > p_out)
        dt = std::min(dt, std::max(1.0, (target_j_ - e_) / (c.p_in - p_out)));
      record(c, p_out, mode, 0.0);
      if (c.p_in < p_out && e_ + (c.p_in - p_out) * dt < floor_j_) {
        const double dt_floor =
            c.p_in < p_out ? std::max(0.0, (e_ - floor_j_) / (p_out - c.p_in)) : 0.0;
        advance(dt_floor, c.p_in, p_out, c.link_up);
        if (mode != DriveMode::kAtStop) wait_s_ += dt_floor;
        fail_with("the battery reaches the " + floor_text() + " floor while parked (" +
                  (c.sun_frac <= 0.0 ? std::string("in darkness, survival heating on")
                                     : "Sun " + fmt("%.0f%%", c.sun_frac * 100.0) +
                                           " visible, panel " + fmt("%.1f W", c.p_in)) +
                  ", drawing " + fmt("%.1f W", p_out) + ")");
        co_return false;
      }
      advance(dt, c.p_in, p_out, c.link_up);
      if (mode != DriveMode::kAtStop) wait_s_ += dt;
    }
  }

  void set_edge() {
    const PathPoint& a = plan_.points[k_];
    const PathPoint& b = plan_.points[k_ + 1];
    m_ = costs_.edge_metrics(a.i, a.j, b.i, b.j);
    along_ = m_.along_slope_deg;
    const double grid_az = std::atan2(b.xy.x_m - a.xy.x_m, b.xy.y_m - a.xy.y_m);
    heading_ = illumination::geographic_azimuth(grid_az, a.xy);
  }

  // Drives edge k to its end, parking to recharge where allowed. Returns false when the drive
  // failed.
  jobs::Task<bool> drive_edge() {
    if (!m_.passable || !(m_.time_s > 0.0)) {
      fail_with("the move to the next point is impassable for this rover (along-track slope " +
                fmt("%.1f", m_.along_slope_deg) + "°, cross slope " +
                fmt("%.1f", m_.cross_slope_deg) + "°)");
      co_return false;
    }
    const double speed = m_.length_m / m_.time_s;
    while (!failed_ && u_ < 1.0) {
      if (step_spent()) co_await clock_->pause();
      if (over_time_limit()) break;
      const Conditions c = conditions(position(), false);
      const double p_out = power_out(c, DriveMode::kDriving);
      double dt = std::min(o_.step_s, (1.0 - u_) * m_.time_s);
      const bool below = e_ < floor_j_ || (c.p_in < p_out && e_ + (c.p_in - p_out) * dt < floor_j_);
      if (below) {
        const double dt_floor = e_ >= floor_j_ && c.p_in < p_out
                                    ? std::min(dt, (e_ - floor_j_) / (p_out - c.p_in))
                                    : 0.0;
        if (dt_floor > 1e-6) {
          record(c, p_out, DriveMode::kDriving, speed);
          advance(dt_floor, c.p_in, p_out, c.link_up);
          u_ = std::min(1.0, u_ + dt_floor / m_.time_s);
          dist_ += dt_floor * speed;
        }
        if (!o_.allow_waiting) {
          fail_with("the battery would fall below the " + floor_text() +
                    " floor while driving (draw " + fmt("%.1f W", p_out) + ", panel " +
                    fmt("%.1f W", c.p_in) + ", Sun " + fmt("%.0f%%", c.sun_frac * 100.0) +
                    " visible) and waiting is not allowed");
          break;
        }
        const bool charged = co_await park(o_.max_wait_s, DriveMode::kWaiting, true, false);
        if (!charged) break;
        continue;
      }
      record(c, p_out, DriveMode::kDriving, speed);
      advance(dt, c.p_in, p_out, c.link_up);
      u_ += dt / m_.time_s;
      dist_ += dt * speed;
      if (u_ >= 1.0 - 1e-12) u_ = 1.0;
    }
    co_return !failed_;
  }

  void finish_totals() {
    DriveTotals& t = tot();
    t.distance_m = dist_;
    t.duration_h = (t_ - t0_) / 3600.0;
    t.energy_in_wh = in_j_ / 3600.0;
    t.energy_out_wh = out_j_ / 3600.0;
    t.curtailed_wh = curt_j_ / 3600.0;
    t.final_energy_wh = e_ / 3600.0;
    t.waiting_h = wait_s_ / 3600.0;
    t.link_up_fraction = t_ > t0_ ? link_s_ / (t_ - t0_) : 0.0;
    t.feasible = !failed_;
  }

  static constexpr double kHorizonStartFraction = 0.25;
  jobs::SliceClock* clock_;
  std::size_t horizons_charged_ = 0;
  const terrain::Dem& dem_;
  const CostMap& costs_;
  const RoverModel& rover_;
  Environment& env_;
  const ephemeris::SkyTable& sky_;
  const Plan& plan_;
  const DriveOptions& o_;
  const std::size_t n_;
  double cap_ = 0.0, floor_j_ = 0.0, target_j_ = 0.0, t0_ = 0.0;
  DriveResult out_;
  double t_ = 0.0, e_ = 0.0, dist_ = 0.0;
  double in_j_ = 0.0, out_j_ = 0.0, curt_j_ = 0.0, wait_s_ = 0.0, link_s_ = 0.0;
  std::size_t k_ = 0;  // current edge k -> k + 1 (or the last point)
  double u_ = 0.0;     // fraction of edge k done
  double heading_ = 0.0;
  CostMap::EdgeMetrics m_;
  double along_ = 0.0;
  bool failed_ = false;
};

}  // namespace

const char* drive_mode_name(DriveMode m) {
  switch (m) {
    case DriveMode::kDriving:
      return "driving";
    case DriveMode::kWaiting:
      return "waiting";
    case DriveMode::kAtStop:
      return "at_stop";
    case DriveMode::kDone:
      return "done";
  }
  return "?";
}

double panel_cos_incidence(const RoverModel& rover, double sun_el_rad, double sun_az_rad,
                           double heading_rad, bool parked) {
  double c = 0.0;
  switch (rover.panel_mount) {
    case PanelMount::kHorizontal:
      c = std::sin(sun_el_rad);
      break;
    case PanelMount::kSunTracking:
      c = 1.0;
      break;
    case PanelMount::kFixedVertical:
      c = parked ? std::cos(sun_el_rad)
                 : std::cos(sun_el_rad) *
                       std::cos(sun_az_rad - heading_rad - rover.panel_facing_deg / kDeg);
      break;
  }
  return c > 0.0 ? c : 0.0;
}

double panel_power_w(const RoverModel& rover, double sun_visible_fraction, double cos_incidence) {
  return kSolarConstantWm2 * rover.panel_area_m2 * rover.panel_efficiency * sun_visible_fraction *
         cos_incidence;
}

Result<DriveResult> simulate_drive(const terrain::Dem& dem, const CostMap& costs,
                                   const illumination::HorizonMap* horizon,
                                   const ephemeris::SkyTable& sky, const Plan& plan,
                                   const DriveOptions& o) {
  return jobs::run_to_end(simulate_drive_sliced(dem, costs, horizon, sky, plan, o, nullptr));
}

jobs::Task<Result<DriveResult>> simulate_drive_sliced(const terrain::Dem& dem, const CostMap& costs,
                                                      const illumination::HorizonMap* horizon,
                                                      const ephemeris::SkyTable& sky,
                                                      const Plan& plan, const DriveOptions& o,
                                                      jobs::SliceClock* clock) {
  if (auto s = check_drive_request(dem, costs, horizon, sky, plan, o); !s) co_return s.error();
  Environment env(dem, horizon, costs.rover, o);
  // The lander's horizon is ray-marched now: only early in a slice.
  if (clock && clock->used_more_than(0.25)) co_await clock->pause();
  if (auto s = env.init(o.lander_given ? o.lander_xy : plan.points.front().xy); !s)
    co_return s.error();
  if (clock && clock->spent(256)) co_await clock->pause();  // the lander's horizon
  DriveSimulation sim(dem, costs, env, sky, plan, o, clock);
  DriveResult result = co_await sim.run();
  co_return std::move(result);
}

std::string drive_to_json(const Plan& plan, const DriveResult& drive, const RoverModel& rover,
                          Objective objective) {
  nlohmann::json path = nlohmann::json::array();
  for (const PathPoint& p : plan.points) {
    nlohmann::json q = {{"lat", p.lat_deg}, {"lon", p.lon_deg},       {"x", p.xy.x_m},
                        {"y", p.xy.y_m},    {"height_m", p.height_m}, {"i", p.i},
                        {"j", p.j}};
    if (p.stop_index >= 0) q["stop_index"] = p.stop_index;
    if (p.wait_s > 0.0) q["wait_s"] = p.wait_s;
    path.push_back(std::move(q));
  }
  nlohmann::json tl = nlohmann::json::array();
  for (const DriveSample& s : drive.timeline) {
    tl.push_back({{"time_utc", s.time_utc},
                  {"lat", s.lat_deg},
                  {"lon", s.lon_deg},
                  {"x", s.xy.x_m},
                  {"y", s.xy.y_m},
                  {"height_m", s.height_m},
                  {"soc", s.soc},
                  {"power_in_w", s.power_in_w},
                  {"power_out_w", s.power_out_w},
                  {"sun_visible_fraction", s.sun_visible_fraction},
                  {"earth_visible", s.earth_visible},
                  {"lander_visible", s.lander_visible},
                  {"link_up", s.link_up},
                  {"heading_deg", s.heading_deg},
                  {"speed_m_s", s.speed_m_s},
                  {"slope_deg", s.slope_deg},
                  {"sun_el_deg", s.sun_el_deg},
                  {"sun_incidence_deg", s.sun_incidence_deg},
                  {"earth_el_deg", s.earth_el_deg},
                  {"distance_m", s.distance_m},
                  {"mode", drive_mode_name(s.mode)}});
  }
  const DriveTotals& t = drive.totals;
  nlohmann::json j;
  j["rover"] = rover.id;
  j["objective"] = objective_name(objective);
  j["path"] = std::move(path);
  j["timeline"] = std::move(tl);
  j["totals"] = {{"distance_m", t.distance_m},
                 {"duration_h", t.duration_h},
                 {"energy_in_wh", t.energy_in_wh},
                 {"energy_out_wh", t.energy_out_wh},
                 {"curtailed_wh", t.curtailed_wh},
                 {"initial_energy_wh", t.initial_energy_wh},
                 {"final_energy_wh", t.final_energy_wh},
                 {"min_soc", t.min_soc},
                 {"waiting_h", t.waiting_h},
                 {"link_up_fraction", t.link_up_fraction},
                 {"planned_cost", plan.cost},
                 {"feasible", t.feasible},
                 {"reason", t.reason},
                 {"suggestion", t.suggestion}};
  return j.dump(1) + "\n";
}

std::string timeline_to_csv(const DriveResult& drive) {
  std::string out =
      "time_utc,lat,lon,soc,power_in_w,power_out_w,sun_visible_fraction,earth_visible,"
      "lander_visible,link_up,x,y,height_m,heading_deg,speed_m_s,slope_deg,sun_el_deg,"
      "sun_incidence_deg,distance_m,mode\n";
  char line[512];
  for (const DriveSample& s : drive.timeline) {
    std::snprintf(line, sizeof line,
                  "%s,%.6f,%.6f,%.6f,%.4f,%.4f,%.5f,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.4f,%.3f,%.4f,"
                  "%.4f,%.2f,%s\n",
                  s.time_utc.c_str(), s.lat_deg, s.lon_deg, s.soc, s.power_in_w, s.power_out_w,
                  s.sun_visible_fraction, s.earth_visible ? 1 : 0, s.lander_visible ? 1 : 0,
                  s.link_up ? 1 : 0, s.xy.x_m, s.xy.y_m, s.height_m, s.heading_deg, s.speed_m_s,
                  s.slope_deg, s.sun_el_deg, s.sun_incidence_deg, s.distance_m,
                  drive_mode_name(s.mode));
    out += line;
  }
  return out;
}

}  // namespace ce8::traverse
