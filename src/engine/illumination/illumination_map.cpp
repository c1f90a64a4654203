#include "engine/illumination/illumination_map.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"

namespace ce8::illumination {
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kRowsPerItem = 4;

// Horizon toward azimuth az from N equally spaced values (stride apart in memory).
inline double interp_horizon(const float* h, std::size_t stride, int n, double az) {
  double x = az * (n / (2.0 * kPi));
  int k0 = static_cast<int>(x);
  if (k0 >= n) k0 -= n;
  if (k0 < 0) k0 = 0;
  const double w = x - std::floor(x);
  const int k1 = k0 + 1 == n ? 0 : k0 + 1;
  return (1.0 - w) * h[k0 * stride] + w * h[k1 * stride];
}

}  // namespace

Result<std::int64_t> check_window(const TimeWindow& w) {
  if (!(w.step_s > 0.0) || !std::isfinite(w.step_s))
    return make_error("the time step must be positive");
  const double span = time::seconds_between(w.from, w.until);
  if (!(span > 0.0)) return make_error("the time window is empty: --until must be after --from");
  const double n = std::floor(span / w.step_s) + 1.0;
  if (n > static_cast<double>(kMaxInstants))
    return make_error("the window has " + std::to_string(static_cast<long long>(n)) +
                      " instants, more than the limit of " + std::to_string(kMaxInstants) +
                      " (use a longer step or a shorter window)");
  return static_cast<std::int64_t>(n);
}

Result<IlluminationJob> IlluminationJob::create(const terrain::Dem& dem,
                                                const HorizonMap& horizon,
                                                const TimeWindow& window) {
  auto n = check_window(window);
  if (!n) return n.error();
  if (horizon.grid.width != dem.width() || horizon.grid.height != dem.height() ||
      horizon.elevation_rad.size() != dem.grid.cells() * horizon.directions())
    return make_error("the horizon map does not belong to this DEM");
  auto table = ephemeris::SkyTable::build(window.from, window.until);
  if (!table) return table.error();
  IlluminationJob job;
  job.dem_ = &dem;
  job.horizon_ = &horizon;
  job.step_s_ = window.step_s;
  job.map_.grid = dem.grid;
  job.map_.instants = *n;
  const std::size_t cells = dem.grid.cells();
  job.map_.percent_lit.assign(cells, 0.0f);
  job.map_.percent_earth.assign(cells, 0.0f);
  job.map_.longest_dark_h.assign(cells, 0.0f);
  job.map_.permanent_shadow.assign(cells, 0.0f);
  job.sun_.resize(4 * static_cast<std::size_t>(*n));
  job.earth_.resize(4 * static_cast<std::size_t>(*n));
  const double t0 = window.from.tt_seconds_since_j2000();
  for (std::int64_t q = 0; q < *n; ++q) {
    const double t = t0 + q * window.step_s;
    const ephemeris::Vec3 s = table->sun_body_km(t), e = table->earth_body_km(t);
    const double ds = ephemeris::norm(s), de = ephemeris::norm(e);
    const ephemeris::Vec3 sw = scenario::body_to_terrain_world((1.0 / ds) * s);
    const ephemeris::Vec3 ew = scenario::body_to_terrain_world(1000.0 * e);
    double* S = &job.sun_[4 * q];
    S[0] = sw.x, S[1] = sw.y, S[2] = sw.z, S[3] = std::asin(ephemeris::kSunRadiusKm / ds);
    double* E = &job.earth_[4 * q];
    E[0] = ew.x, E[1] = ew.y, E[2] = ew.z, E[3] = std::asin(ephemeris::kEarthRadiusKm / de);
  }
  job.progress_.set_total(static_cast<std::uint64_t>(dem.height()));
  return job;
}

IlluminationJob::IlluminationJob(IlluminationJob&& o) noexcept
    : dem_(o.dem_),
      horizon_(o.horizon_),
      map_(std::move(o.map_)),
      step_s_(o.step_s_),
      sun_(std::move(o.sun_)),
      earth_(std::move(o.earth_)),
      state_(o.state_),
      next_row_(o.next_row_) {
  progress_.set_total(o.progress_.total());
  progress_.add(o.progress_.done());
  if (o.cancel_.cancelled()) cancel_.cancel();
}

void IlluminationJob::do_row(int j) {
  const int W = dem_->width();
  const int nd = horizon_->directions();
  const std::size_t cells = dem_->grid.cells();
  const std::int64_t n = map_.instants;
  for (int i = 0; i < W; ++i) {
    const std::size_t idx = static_cast<std::size_t>(j) * W + i;
    const float h0 = dem_->height_m[idx];
    if (terrain::is_nodata(h0)) {
      map_.percent_lit[idx] = map_.percent_earth[idx] = map_.longest_dark_h[idx] =
          map_.permanent_shadow[idx] = terrain::kNodata;
      continue;
    }
    const float* hz = horizon_->elevation_rad.data() + idx;
    float hmin = hz[0], hmax = hz[0];
    for (int k = 1; k < nd; ++k) {
      hmin = std::min(hmin, hz[k * cells]);
      hmax = std::max(hmax, hz[k * cells]);
    }
    const PointFrame f =
        point_frame(dem_->grid.cell_center(i, j), h0 + horizon_->options.observer_height_m);
    const double ux = f.up.x, uy = f.up.y, uz = f.up.z;
    // Quick tests in sine space: sin(el) > sin(hmax + r) means fully above every horizon.
    double lit = 0.0, earth = 0.0;
    std::int64_t run = 0, longest = 0;
    bool ever = false;
    for (std::int64_t q = 0; q < n; ++q) {
      const double* S = &sun_[4 * q];
      const double r = S[3];
      const double se = S[0] * ux + S[1] * uy + S[2] * uz;
      double fs;
      if (se > std::sin(std::min(1.5, hmax + r))) {
        fs = 1.0;
      } else if (se < std::sin(std::max(-1.5, hmin - r))) {
        fs = 0.0;
      } else {
        const ephemeris::Vec3 d{S[0], S[1], S[2]};
        const AzElRad ae = grid_az_el(f, d);
        fs = disk_fraction_above(ae.el_rad, r, interp_horizon(hz, cells, nd, ae.az_rad));
      }
      lit += fs;
      if (fs > 0.0) {
        ever = true;
        run = 0;
      } else if (++run > longest) {
        longest = run;
      }
      const double* E = &earth_[4 * q];
      ephemeris::Vec3 e{E[0] - f.position_m.x, E[1] - f.position_m.y,
                        E[2] - f.position_m.z};  // both from the Moon's centre
      e = ephemeris::normalized(e);
      const double ee = e.x * ux + e.y * uy + e.z * uz;
      const double re = E[3];
      double fe;
      if (ee > std::sin(std::min(1.5, hmax + re))) {
        fe = 1.0;
      } else if (ee < std::sin(std::max(-1.5, hmin - re))) {
        fe = 0.0;
      } else {
        const AzElRad ae = grid_az_el(f, e);
        fe = disk_fraction_above(ae.el_rad, re, interp_horizon(hz, cells, nd, ae.az_rad));
      }
      earth += fe;
    }
    map_.percent_lit[idx] = static_cast<float>(100.0 * lit / n);
    map_.percent_earth[idx] = static_cast<float>(100.0 * earth / n);
    map_.longest_dark_h[idx] = static_cast<float>(longest * step_s_ / 3600.0);
    map_.permanent_shadow[idx] = ever ? 0.0f : 1.0f;
  }
}

jobs::JobState IlluminationJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_row_ >= dem_->height()) return state_ = jobs::JobState::kDone;
    do_row(next_row_++);
    progress_.add(1);
  } while (jobs::monotonic_seconds() < t_end);
  if (next_row_ >= dem_->height()) state_ = jobs::JobState::kDone;
  return state_;
}

jobs::JobState IlluminationJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const int first = next_row_;
  const int rows = dem_->height() - first;
  const std::size_t items = static_cast<std::size_t>((rows + kRowsPerItem - 1) / kRowsPerItem);
  const bool finished = jobs::parallel_for(
      items, threads,
      [&](std::size_t item) {
        const int j0 = first + static_cast<int>(item) * kRowsPerItem;
        const int j1 = std::min(dem_->height(), j0 + kRowsPerItem);
        for (int j = j0; j < j1; ++j) {
          if (cancel_.cancelled()) return;
          do_row(j);
          progress_.add(1);
        }
      },
      &cancel_);
  next_row_ = dem_->height();
  state_ = (finished && !cancel_.cancelled()) ? jobs::JobState::kDone : jobs::JobState::kCancelled;
  return state_;
}

Result<IlluminationMap> compute_illumination_map(const terrain::Dem& dem,
                                                 const HorizonMap& horizon,
                                                 const TimeWindow& window, int threads) {
  auto job = IlluminationJob::create(dem, horizon, window);
  if (!job) return job.error();
  if (job->run(threads) != jobs::JobState::kDone)
    return make_error("illumination computation cancelled");
  return job->take_result();
}

Result<std::vector<SiteSample>> site_time_series(const terrain::Dem& dem, terrain::MapXy site,
                                                 const TimeWindow& window,
                                                 const HorizonOptions& options) {
  auto n = check_window(window);
  if (!n) return n.error();
  auto hz = horizon_at_point(dem, site, options);
  if (!hz) return hz.error();
  auto table = ephemeris::SkyTable::build(window.from, window.until);
  if (!table) return table.error();
  const double ground = terrain::sample_bilinear(dem, site);
  const PointFrame f = point_frame(site, ground + options.observer_height_m);
  const int nd = options.directions;
  auto horizon_toward = [&](double az) {
    double x = az * (nd / (2.0 * kPi));
    int k0 = static_cast<int>(x);
    if (k0 >= nd) k0 -= nd;
    const double w = x - std::floor(x);
    const int k1 = k0 + 1 == nd ? 0 : k0 + 1;
    return (1.0 - w) * (*hz)[k0] + w * (*hz)[k1];
  };
  std::vector<SiteSample> out;
  out.reserve(static_cast<std::size_t>(*n));
  for (std::int64_t q = 0; q < *n; ++q) {
    SiteSample s;
    s.when = time::add_seconds(window.from, q * window.step_s);
    const double t = s.when.tt_seconds_since_j2000();
    const ephemeris::Vec3 sb = table->sun_body_km(t), eb = table->earth_body_km(t);
    const ephemeris::Vec3 sw = scenario::body_to_terrain_world(ephemeris::normalized(sb));
    const ephemeris::Vec3 ew = scenario::body_to_terrain_world(1000.0 * eb);
    const ephemeris::Vec3 etopo = ephemeris::normalized(ew - f.position_m);  // from the site
    const AzElRad sa = grid_az_el(f, sw), ea = grid_az_el(f, etopo);
    s.sun_az_rad = geographic_azimuth(sa.az_rad, site);
    s.sun_el_rad = sa.el_rad;
    s.horizon_toward_sun_rad = horizon_toward(sa.az_rad);
    s.sun_visible_fraction = disk_fraction_above(
        sa.el_rad, std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb)), s.horizon_toward_sun_rad);
    s.earth_az_rad = geographic_azimuth(ea.az_rad, site);
    s.earth_el_rad = ea.el_rad;
    s.horizon_toward_earth_rad = horizon_toward(ea.az_rad);
    s.earth_visible_fraction = disk_fraction_above(
        ea.el_rad, std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb)),
        s.horizon_toward_earth_rad);
    out.push_back(s);
  }
  return out;
}

}  // namespace ce8::illumination
