// Drive simulation along a plan through time (see drive.hpp for the model and the policy).
#include "engine/traverse/drive.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::traverse {
namespace {

using ephemeris::Vec3;
constexpr double kPi = 3.14159265358979323846;
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
  const RoverModel& rover = costs.rover;
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
  if (auto s = check_rover(rover); !s) return s.error();
  const double t0 = o.start.tt_seconds_since_j2000();
  const double t_end = t0 + o.max_duration_s;
  if (!sky.contains(t0) || !sky.contains(t_end))
    return make_error("the sky table does not cover the drive window " + utc_text(t0) + " to " +
                      utc_text(t_end));

  Environment env(dem, horizon, rover, o);
  if (auto s = env.init(o.lander_given ? o.lander_xy : plan.points.front().xy); !s)
    return s.error();

  const double cap = rover.battery_wh * 3600.0;
  const double floor_j = rover.min_soc * cap;
  const double target_j = std::min(cap, floor_j + o.resume_margin * cap);
  const PowerDraw& pw = rover.power;
  const std::size_t n = plan.points.size();

  DriveResult out;
  DriveTotals& tot = out.totals;
  double t = t0, e = o.initial_soc * cap, dist = 0.0;
  double in_j = 0.0, out_j = 0.0, curt_j = 0.0, wait_s = 0.0, link_s = 0.0;
  tot.initial_energy_wh = e / 3600.0;
  tot.min_soc = o.initial_soc;
  std::size_t k = 0;  // current edge k -> k + 1 (or the last point)
  double u = 0.0;     // fraction of edge k done
  double heading = 0.0;
  CostMap::EdgeMetrics m;
  double along = 0.0;
  bool failed = false;

  auto position = [&]() {
    if (k + 1 >= n) return plan.points[k].xy;
    const terrain::MapXy a = plan.points[k].xy, b = plan.points[k + 1].xy;
    return terrain::MapXy{a.x_m + u * (b.x_m - a.x_m), a.y_m + u * (b.y_m - a.y_m)};
  };
  auto cell_of = [&](terrain::MapXy p, int& i, int& j) {
    const terrain::CellPos c = dem.grid.to_cell(p);
    i = std::clamp(static_cast<int>(std::lround(c.i)), 0, dem.width() - 1);
    j = std::clamp(static_cast<int>(std::lround(c.j)), 0, dem.height() - 1);
  };
  auto conditions = [&](terrain::MapXy p, bool parked) {
    Conditions c;
    int i = 0, j = 0;
    cell_of(p, i, j);
    const double g = env.ground(p);
    const illumination::PointFrame f = illumination::point_frame(p, g + rover.mast_height_m);
    const Vec3 sb = sky.sun_body_km(t), eb = sky.earth_body_km(t);
    const Vec3 sw = scenario::body_to_terrain_world(ephemeris::normalized(sb));
    const Vec3 ew = scenario::body_to_terrain_world(1000.0 * eb);
    const illumination::AzElRad sa = illumination::grid_az_el(f, sw);
    c.sun_el = sa.el_rad;
    c.sun_az = illumination::geographic_azimuth(sa.az_rad, p);
    c.sun_frac = illumination::disk_fraction_above(
        sa.el_rad, std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb)),
        env.horizon_toward(i, j, sa.az_rad));
    c.cos_inc = panel_cos_incidence(rover, c.sun_el, c.sun_az, heading, parked);
    c.p_in = panel_power_w(rover, c.sun_frac, c.cos_inc);
    const double re = std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb));
    const illumination::AzElRad ea =
        illumination::grid_az_el(f, ephemeris::normalized(ew - f.position_m));
    c.earth_el = ea.el_rad;
    c.earth_visible = illumination::disk_fraction_above(ea.el_rad, re,
                                                        env.horizon_toward(i, j, ea.az_rad)) >= 0.5;
    if (rover.comm == CommRoute::kViaLander) {
      c.lander_visible = env.lander_in_view(i, j);
      const illumination::PointFrame& lf = env.lander_frame();
      const illumination::AzElRad la =
          illumination::grid_az_el(lf, ephemeris::normalized(ew - lf.position_m));
      const bool lander_sees_earth =
          illumination::disk_fraction_above(la.el_rad, re, env.lander_horizon_toward(la.az_rad)) >=
          0.5;
      c.link_up = c.lander_visible && lander_sees_earth;
    } else {
      c.lander_visible = false;
      c.link_up = c.earth_visible;
    }
    return c;
  };
  // Driving draws the edge's mean power from the cost map (idle + driving + climbing work).
  auto power_out = [&](const Conditions& c, DriveMode mode) {
    double p = pw.idle_w;
    if (mode == DriveMode::kDriving)
      p = m.time_s > 0.0 ? m.energy_j / m.time_s : pw.idle_w + pw.driving_w;
    if (mode == DriveMode::kAtStop) p += pw.instruments_w;
    if (c.sun_frac <= 0.0) p += pw.survival_w;
    if (c.link_up) p += pw.comm_w;
    return p;
  };
  auto record = [&](const Conditions& c, double p_out, DriveMode mode, double speed) {
    DriveSample s;
    s.tt_s = t;
    s.time_utc = utc_text(t);
    s.xy = position();
    const terrain::LatLon ll = terrain::to_latlon(s.xy);
    s.lat_deg = ll.lat_rad * kDeg;
    s.lon_deg = ll.lon_rad * kDeg;
    s.height_m = env.ground(s.xy);
    s.heading_deg = heading * kDeg;
    s.speed_m_s = speed;
    s.slope_deg = mode == DriveMode::kDriving ? along : 0.0;
    s.sun_el_deg = c.sun_el * kDeg;
    s.sun_incidence_deg = std::acos(std::clamp(c.cos_inc, 0.0, 1.0)) * kDeg;
    s.sun_visible_fraction = c.sun_frac;
    s.earth_el_deg = c.earth_el * kDeg;
    s.earth_visible = c.earth_visible;
    s.lander_visible = c.lander_visible;
    s.link_up = c.link_up;
    s.power_in_w = c.p_in;
    s.power_out_w = p_out;
    s.soc = e / cap;
    s.distance_m = dist;
    s.mode = mode;
    out.timeline.push_back(std::move(s));
  };
  // Integrates constant powers over dt; the battery is capped at capacity (curtailment).
  auto advance = [&](double dt, double p_in, double p_out, bool link) {
    const double raw = e + (p_in - p_out) * dt;
    const double curt = raw > cap ? raw - cap : 0.0;
    in_j += p_in * dt - curt;
    out_j += p_out * dt;
    curt_j += curt;
    e = raw - curt;
    if (e < 0.0) e = 0.0;  // only reachable with a zero floor and rounding
    t += dt;
    if (link) link_s += dt;
    tot.min_soc = std::min(tot.min_soc, e / cap);
  };
  auto where = [&]() {
    const terrain::LatLon ll = terrain::to_latlon(position());
    char b[160];
    std::snprintf(b, sizeof b, "at %s near %.4f,%.4f (path point %zu of %zu, %.0f m driven)",
                  utc_text(t).c_str(), ll.lat_rad * kDeg, ll.lon_rad * kDeg, k + 1, n, dist);
    return std::string(b);
  };
  auto fail_with = [&](const std::string& why) {
    if (!failed) tot.reason = where() + ": " + why;
    failed = true;
  };
  auto floor_text = [&]() { return fmt("%.0f%%", rover.min_soc * 100.0); };

  // Parks for up to `duration` (or, with until_charged, until the charge reaches the resume
  // target; with until_link, until the link is up). Returns false when the drive failed.
  auto park = [&](double duration, DriveMode mode, bool until_charged, bool until_link) {
    const double t_start = t;
    while (true) {
      if (t - t0 >= o.max_duration_s) {
        fail_with("the drive exceeds the " + fmt("%.0f", o.max_duration_s / 86400.0) +
                  "-day limit");
        return false;
      }
      const Conditions c = conditions(position(), true);
      if (until_charged && e >= target_j - 1e-9) return true;
      if (until_link && c.link_up) return true;
      const double waited = t - t_start;
      if (waited >= duration - 1e-9) {
        if (until_charged) {
          fail_with("no recharge to " + fmt("%.0f%%", target_j / cap * 100.0) + " within the " +
                    fmt("%.1f", duration / 86400.0) + "-day wait limit");
          return false;
        }
        return true;  // scheduled wait over (or no link within the limit: go anyway)
      }
      const double p_out = power_out(c, mode);
      double dt = std::min({o.step_s, duration - waited, t0 + o.max_duration_s - t});
      if (until_charged && c.p_in > p_out)
        dt = std::min(dt, std::max(1.0, (target_j - e) / (c.p_in - p_out)));
      record(c, p_out, mode, 0.0);
      if (c.p_in < p_out && e + (c.p_in - p_out) * dt < floor_j) {
        const double dt_floor =
            c.p_in < p_out ? std::max(0.0, (e - floor_j) / (p_out - c.p_in)) : 0.0;
        advance(dt_floor, c.p_in, p_out, c.link_up);
        if (mode != DriveMode::kAtStop) wait_s += dt_floor;
        fail_with("the battery reaches the " + floor_text() + " floor while parked (" +
                  (c.sun_frac <= 0.0 ? std::string("in darkness, survival heating on")
                                     : "Sun " + fmt("%.0f%%", c.sun_frac * 100.0) +
                                           " visible, panel " + fmt("%.1f W", c.p_in)) +
                  ", drawing " + fmt("%.1f W", p_out) + ")");
        return false;
      }
      advance(dt, c.p_in, p_out, c.link_up);
      if (mode != DriveMode::kAtStop) wait_s += dt;
    }
  };

  auto set_edge = [&]() {
    const PathPoint& a = plan.points[k];
    const PathPoint& b = plan.points[k + 1];
    m = costs.edge_metrics(a.i, a.j, b.i, b.j);
    along = m.along_slope_deg;
    const double grid_az = std::atan2(b.xy.x_m - a.xy.x_m, b.xy.y_m - a.xy.y_m);
    heading = illumination::geographic_azimuth(grid_az, a.xy);
  };
  if (n > 1) set_edge();

  while (!failed) {
    // Arrived at point k (u == 0): stop dwell, scheduled wait, link wait.
    const PathPoint& here = plan.points[k];
    if (here.stop_index >= 0 && o.stop_dwell_s > 0.0 &&
        !park(o.stop_dwell_s, DriveMode::kAtStop, false, false))
      break;
    if (k + 1 >= n) break;
    if (here.wait_s > 0.0 && !park(here.wait_s, DriveMode::kWaiting, false, false)) break;
    if (o.prefer_comm && (k == 0 || here.stop_index >= 0) &&
        !park(o.max_wait_s, DriveMode::kWaiting, false, true))
      break;
    // Drive edge k.
    if (!m.passable || !(m.time_s > 0.0)) {
      fail_with("the move to the next point is impassable for this rover (along-track slope " +
                fmt("%.1f", m.along_slope_deg) + "°, cross slope " +
                fmt("%.1f", m.cross_slope_deg) + "°)");
      break;
    }
    const double speed = m.length_m / m.time_s;
    while (!failed && u < 1.0) {
      if (t - t0 >= o.max_duration_s) {
        fail_with("the drive exceeds the " + fmt("%.0f", o.max_duration_s / 86400.0) +
                  "-day limit");
        break;
      }
      const Conditions c = conditions(position(), false);
      const double p_out = power_out(c, DriveMode::kDriving);
      double dt = std::min(o.step_s, (1.0 - u) * m.time_s);
      const bool below = e < floor_j || (c.p_in < p_out && e + (c.p_in - p_out) * dt < floor_j);
      if (below) {
        const double dt_floor =
            e >= floor_j && c.p_in < p_out ? std::min(dt, (e - floor_j) / (p_out - c.p_in)) : 0.0;
        if (dt_floor > 1e-6) {
          record(c, p_out, DriveMode::kDriving, speed);
          advance(dt_floor, c.p_in, p_out, c.link_up);
          u = std::min(1.0, u + dt_floor / m.time_s);
          dist += dt_floor * speed;
        }
        if (!o.allow_waiting) {
          fail_with("the battery would fall below the " + floor_text() +
                    " floor while driving (draw " + fmt("%.1f W", p_out) + ", panel " +
                    fmt("%.1f W", c.p_in) + ", Sun " + fmt("%.0f%%", c.sun_frac * 100.0) +
                    " visible) and waiting is not allowed");
          break;
        }
        if (!park(o.max_wait_s, DriveMode::kWaiting, true, false)) break;
        continue;
      }
      record(c, p_out, DriveMode::kDriving, speed);
      advance(dt, c.p_in, p_out, c.link_up);
      u += dt / m.time_s;
      dist += dt * speed;
      if (u >= 1.0 - 1e-12) u = 1.0;
    }
    if (failed) break;
    // Snap the distance to the edge's ground length (rounding).
    dist = std::round(dist * 1e6) / 1e6;
    ++k;
    u = 0.0;
    if (k + 1 < n) set_edge();
  }

  {
    const Conditions c = conditions(position(), true);
    record(c, power_out(c, DriveMode::kWaiting), DriveMode::kDone, 0.0);
  }
  tot.distance_m = dist;
  tot.duration_h = (t - t0) / 3600.0;
  tot.energy_in_wh = in_j / 3600.0;
  tot.energy_out_wh = out_j / 3600.0;
  tot.curtailed_wh = curt_j / 3600.0;
  tot.final_energy_wh = e / 3600.0;
  tot.waiting_h = wait_s / 3600.0;
  tot.link_up_fraction = t > t0 ? link_s / (t - t0) : 0.0;
  tot.feasible = !failed;
  return out;
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
