#include "engine/illumination/illumination_map.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/far_horizon.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"

namespace ce8::illumination {
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kRowsPerItem = 4;

// atan(t) for t in [0, 1]: t > tan(pi/8) is reduced by atan(t) = pi/4 + atan((t-1)/(t+1)), then
// the Taylor series to t^15 on |u| <= tan(pi/8) = 0.4142: error below 0.4142^17 / 17 = 2e-8 rad.
// Branches follow the Sun's slowly changing azimuth, so they predict well.
inline double atan_unit(double t) {
  double base = 0.0;
  if (t > 0.41421356237309503) {
    base = kPi / 4.0;
    t = (t - 1.0) / (t + 1.0);
  }
  const double u = t * t;
  const double p =
      1.0 +
      u * (-1.0 / 3 +
           u * (1.0 / 5 + u * (-1.0 / 7 + u * (1.0 / 9 + u * (-1.0 / 11 +
                                                              u * (1.0 / 13 + u * (-1.0 / 15)))))));
  return base + t * p;
}

// atan2(y, x) in [0, 2 pi) to 2e-8 rad, without libm (std::atan2 dominated the slow path).
inline double fast_atan2_2pi(double y, double x) {
  const double ax = std::fabs(x), ay = std::fabs(y);
  const double mx = std::max(ax, ay), mn = std::min(ax, ay);
  if (!(mx > 0.0)) return 0.0;
  double a = atan_unit(mn / mx);
  if (ay > ax) a = kPi / 2.0 - a;
  if (x < 0.0) a = kPi - a;
  if (y < 0.0) a = 2.0 * kPi - a;
  return a;
}

// Elevation atan2(s_up, |s_horizontal|) (= asin of s_up for a unit vector) to 2e-8 rad.
inline double fast_elevation(double s_up, double s_hor) {
  const double au = std::fabs(s_up);
  double a = au <= s_hor ? atan_unit(au / s_hor) : kPi / 2.0 - atan_unit(s_hor / au);
  return s_up < 0.0 ? -a : a;
}

// asin(x) = atan2(x, sqrt(1 - x^2)) for the elevation of a unit vector: a series for small
// |x| (polar Sun and Earth stay within a few degrees of the horizon; error < 1e-8 rad for
// |x| <= 0.25), the polynomial atan otherwise.
inline double elevation_of(double s_up, double s_hor) {
  if (std::fabs(s_up) <= 0.25) {
    const double u = s_up * s_up;
    return s_up * (1.0 + u * (1.0 / 6 + u * (3.0 / 40 + u * (15.0 / 336 + u * (105.0 / 3456)))));
  }
  return fast_elevation(s_up, s_hor);
}

// Per cell, the horizon's directions, with per-sector extremes, and one body's current sector
// (k such that its azimuth lies in [az_k, az_k+1)), tracked from instant to instant: the Sun
// and the Earth move a fraction of a sector per step, so the sector is found with a couple of
// cross products instead of an atan2, and most instants are decided against the sector's
// extremes (exact: the interpolated horizon lies between them) without interpolating.
struct Directions {
  std::vector<double> dx, dy;  // unit vector of direction k in the grid frame (x, y)
  double step = 0.0;           // 2 pi / N
  explicit Directions(int n) : dx(n + 1), dy(n + 1), step(2.0 * kPi / n) {
    for (int k = 0; k <= n; ++k) {
      dx[k] = std::sin(k * step);
      dy[k] = std::cos(k * step);
    }
  }
};

struct SectorTracker {
  int k = -1;
  // Visible fraction of a disk of radius r centred at unit direction (sx, sy, su) in the
  // cell's (grid x, grid y, up) frame, above horizon h (N values, hs_lo/hs_hi: per-sector
  // min/max of the two ends).
  double fraction(double sx, double sy, double su, double r, const float* h, const float* hs_lo,
                  const float* hs_hi, int n, const Directions& D) {
    // sin(az - az_k) * |s_hor| = sx dy_k - sy dx_k, cos likewise.
    if (k >= 0) {
      int moves = 0;
      for (;;) {
        const double a0 = sx * D.dy[k] - sy * D.dx[k];
        const double b0 = sx * D.dx[k] + sy * D.dy[k];
        const double a1 = sx * D.dy[k + 1] - sy * D.dx[k + 1];
        if (a0 >= 0.0 && a1 < 0.0 && b0 > 0.0) break;
        if (++moves > 2) {
          k = -1;
          break;
        }
        if (a0 < 0.0 && b0 > 0.0) {
          k = k == 0 ? n - 1 : k - 1;
        } else {
          k = k + 1 == n ? 0 : k + 1;
        }
      }
    }
    if (k < 0) {
      const double x = fast_atan2_2pi(sx, sy) * (n / (2.0 * kPi));
      k = static_cast<int>(x);
      if (k >= n) k -= n;
      if (k < 0) k = 0;
    }
    const double el = elevation_of(su, std::sqrt(sx * sx + sy * sy));
    if (el - r >= hs_hi[k]) return 1.0;
    if (el + r <= hs_lo[k]) return 0.0;
    const double a = sx * D.dy[k] - sy * D.dx[k];
    const double b = sx * D.dx[k] + sy * D.dy[k];
    double ang = a <= b ? atan_unit(a / b) : kPi / 2.0 - atan_unit(b / a);  // az - az_k, >= 0
    double w = ang / D.step;
    w = w >= 0.0 ? std::min(w, 1.0) : 0.0;  // also NaN (Sun at the zenith) -> 0
    const int k1 = k + 1 == n ? 0 : k + 1;
    return disk_fraction_above(el, r, h[k] + w * (h[k1] - h[k]));
  }
};

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

Result<IlluminationJob> IlluminationJob::create(const terrain::Dem& dem, const HorizonMap& horizon,
                                                const TimeWindow& window) {
  if (horizon.grid.width != dem.width() || horizon.grid.height != dem.height() ||
      horizon.elevation_rad.size() != dem.grid.cells() * horizon.directions())
    return make_error("the horizon map does not belong to this DEM");
  return create_rows(dem, horizon.options, horizon.elevation_rad.data(), 0, dem.height(), window);
}

Result<IlluminationJob> IlluminationJob::create_rows(const terrain::Dem& dem,
                                                     const HorizonOptions& options,
                                                     const float* horizon_rows, int row_begin,
                                                     int row_end, const TimeWindow& window) {
  auto n = check_window(window);
  if (!n) return n.error();
  if (row_begin < 0 || row_end > dem.height() || row_begin > row_end ||
      (!horizon_rows && row_end > row_begin) || options.directions < kMinDirections ||
      options.directions > kMaxDirections)
    return make_error("the rows or horizons asked for do not belong to this DEM");
  auto table = ephemeris::SkyTable::build(window.from, window.until);
  if (!table) return table.error();
  IlluminationJob job;
  job.dem_ = &dem;
  job.hz_rows_ = horizon_rows;
  job.hz_band_stride_ = static_cast<std::size_t>(row_end - row_begin) * dem.width();
  job.directions_ = options.directions;
  job.observer_height_m_ = options.observer_height_m;
  job.row_begin_ = row_begin;
  job.row_end_ = row_end;
  job.next_row_ = row_begin;
  job.step_s_ = window.step_s;
  job.map_.grid = dem.grid;
  job.map_.instants = *n;
  job.map_.first_row = row_begin;
  job.map_.rows = row_end - row_begin;
  const std::size_t cells = job.hz_band_stride_;
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
    job.sun_r_max_ = std::max(job.sun_r_max_, S[3]);
    job.earth_r_max_ = std::max(job.earth_r_max_, E[3]);
  }
  job.progress_.set_total(static_cast<std::uint64_t>(row_end - row_begin));
  return job;
}

IlluminationJob::IlluminationJob(IlluminationJob&& o) noexcept
    : dem_(o.dem_),
      hz_rows_(o.hz_rows_),
      hz_band_stride_(o.hz_band_stride_),
      directions_(o.directions_),
      observer_height_m_(o.observer_height_m_),
      row_begin_(o.row_begin_),
      row_end_(o.row_end_),
      map_(std::move(o.map_)),
      step_s_(o.step_s_),
      sun_(std::move(o.sun_)),
      earth_(std::move(o.earth_)),
      sun_r_max_(o.sun_r_max_),
      earth_r_max_(o.earth_r_max_),
      state_(o.state_),
      next_row_(o.next_row_) {
  progress_.set_total(o.progress_.total());
  progress_.add(o.progress_.done());
  if (o.cancel_.cancelled()) cancel_.cancel();
}

// Cell-major: per cell, the loop over instants touches the cell's N horizon values (copied
// for the row into a contiguous block, so they stay in L1) and the Sun/Earth tables (32 bytes
// per instant, streamed). Per instant and body: one dot product with the cell's up vector and a
// compare against per-cell thresholds in sine space (computed once per cell with the window's
// largest disk radius, so they are conservative); only when the disk may touch the horizon band
// [hmin, hmax] the azimuth (fast atan2) and the horizon interpolation are needed. The Earth
// direction is topocentric (its parallax across the grid is up to 2 degrees).
void IlluminationJob::do_row(int j) {
  const int W = dem_->width();
  const int nd = directions_;
  const std::size_t cells = hz_band_stride_;  // between the bands of the rows' horizons
  const std::int64_t n = map_.instants;
  // The row's horizons, cell-major: hrow[i * nd + k].
  std::vector<float> hrow(static_cast<std::size_t>(W) * nd);
  {
    const float* src = hz_rows_ + static_cast<std::size_t>(j - row_begin_) * W;
    for (int k = 0; k < nd; ++k) {
      const float* band = src + k * cells;
      for (int i = 0; i < W; ++i) hrow[static_cast<std::size_t>(i) * nd + k] = band[i];
    }
  }
  const double* sun = sun_.data();
  const double* earth = earth_.data();
  const Directions D(nd);
  std::vector<float> hs_lo(nd), hs_hi(nd);
  for (int i = 0; i < W; ++i) {
    const std::size_t idx = static_cast<std::size_t>(j - row_begin_) * W + i;  // in map_
    const float h0 = dem_->height_m[static_cast<std::size_t>(j) * W + i];
    if (terrain::is_nodata(h0)) {
      map_.percent_lit[idx] = map_.percent_earth[idx] = map_.longest_dark_h[idx] =
          map_.permanent_shadow[idx] = terrain::kNodata;
      continue;
    }
    const float* hz = hrow.data() + static_cast<std::size_t>(i) * nd;
    float hmin = hz[0], hmax = hz[0];
    for (int k = 0; k < nd; ++k) {
      const float a = hz[k], b = hz[k + 1 == nd ? 0 : k + 1];
      hs_lo[k] = std::min(a, b);
      hs_hi[k] = std::max(a, b);
      hmin = std::min(hmin, a);
      hmax = std::max(hmax, a);
    }
    SectorTracker sun_sector, earth_sector;
    const PointFrame f = point_frame(dem_->grid.cell_center(i, j), h0 + observer_height_m_);
    const double ux = f.up.x, uy = f.up.y, uz = f.up.z;
    const double xx = f.grid_x.x, xy = f.grid_x.y, xz = f.grid_x.z;
    const double yx = f.grid_y.x, yy = f.grid_y.y, yz = f.grid_y.z;
    const double px = f.position_m.x, py = f.position_m.y, pz = f.position_m.z;
    // sin(el) above s_hi: the disk clears every horizon; below s_lo: it is under all of them.
    const double s_hi = std::sin(std::min(1.5, hmax + sun_r_max_));
    const double s_lo = std::sin(std::max(-1.5, hmin - sun_r_max_));
    const double e_hi = std::sin(std::min(1.5, hmax + earth_r_max_));
    const double e_lo = std::sin(std::max(-1.5, hmin - earth_r_max_));
    double lit = 0.0, seen = 0.0;
    std::int64_t run = 0, longest = 0;
    bool ever = false;
    for (std::int64_t q = 0; q < n; ++q) {
      const double* S = sun + 4 * q;
      const double su = S[0] * ux + S[1] * uy + S[2] * uz;
      double fs;
      if (su > s_hi) {
        fs = 1.0;
      } else if (su < s_lo) {
        fs = 0.0;
      } else {
        fs = sun_sector.fraction(S[0] * xx + S[1] * xy + S[2] * xz,
                                 S[0] * yx + S[1] * yy + S[2] * yz, su, S[3], hz, hs_lo.data(),
                                 hs_hi.data(), nd, D);
      }
      lit += fs;
      if (fs > 0.0) {
        ever = true;
        run = 0;
      } else if (++run > longest) {
        longest = run;
      }
      const double* E = earth + 4 * q;
      const double ex = E[0] - px, ey = E[1] - py, ez = E[2] - pz;  // from the cell
      const double inv = 1.0 / std::sqrt(ex * ex + ey * ey + ez * ez);
      const double eu = (ex * ux + ey * uy + ez * uz) * inv;
      double fe;
      if (eu > e_hi) {
        fe = 1.0;
      } else if (eu < e_lo) {
        fe = 0.0;
      } else {
        fe = earth_sector.fraction((ex * xx + ey * xy + ez * xz) * inv,
                                   (ex * yx + ey * yy + ez * yz) * inv, eu, E[3], hz, hs_lo.data(),
                                   hs_hi.data(), nd, D);
      }
      seen += fe;
    }
    map_.percent_lit[idx] = static_cast<float>(100.0 * lit / n);
    map_.percent_earth[idx] = static_cast<float>(100.0 * seen / n);
    map_.longest_dark_h[idx] = static_cast<float>(longest * step_s_ / 3600.0);
    map_.permanent_shadow[idx] = ever ? 0.0f : 1.0f;
  }
}

jobs::JobState IlluminationJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_row_ >= row_end_) return state_ = jobs::JobState::kDone;
    do_row(next_row_++);
    progress_.add(1);
  } while (jobs::monotonic_seconds() < t_end);
  if (next_row_ >= row_end_) state_ = jobs::JobState::kDone;
  return state_;
}

jobs::JobState IlluminationJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const int first = next_row_;
  const int rows = row_end_ - first;
  const std::size_t items = static_cast<std::size_t>((rows + kRowsPerItem - 1) / kRowsPerItem);
  const bool finished = jobs::parallel_for(
      items, threads,
      [&](std::size_t item) {
        const int j0 = first + static_cast<int>(item) * kRowsPerItem;
        const int j1 = std::min(row_end_, j0 + kRowsPerItem);
        for (int j = j0; j < j1; ++j) {
          if (cancel_.cancelled()) return;
          do_row(j);
          progress_.add(1);
        }
      },
      &cancel_);
  next_row_ = row_end_;
  state_ = (finished && !cancel_.cancelled()) ? jobs::JobState::kDone : jobs::JobState::kCancelled;
  return state_;
}

Result<IlluminationMap> compute_illumination_map(const terrain::Dem& dem, const HorizonMap& horizon,
                                                 const TimeWindow& window, int threads) {
  auto job = IlluminationJob::create(dem, horizon, window);
  if (!job) return job.error();
  if (job->run(threads) != jobs::JobState::kDone)
    return make_error("illumination computation cancelled");
  return job->take_result();
}

Result<std::vector<SiteSample>> site_time_series(const terrain::Dem& dem, terrain::MapXy site,
                                                 const TimeWindow& window,
                                                 const HorizonOptions& options,
                                                 const terrain::Dem* far_dem) {
  auto n = check_window(window);
  if (!n) return n.error();
  auto hz = far_dem ? horizon_at_point_layered(dem, *far_dem, site, options)
                    : horizon_at_point(dem, site, options);
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
    s.sun_visible_fraction =
        disk_fraction_above(sa.el_rad, std::asin(ephemeris::kSunRadiusKm / ephemeris::norm(sb)),
                            s.horizon_toward_sun_rad);
    s.earth_az_rad = geographic_azimuth(ea.az_rad, site);
    s.earth_el_rad = ea.el_rad;
    s.horizon_toward_earth_rad = horizon_toward(ea.az_rad);
    s.earth_visible_fraction =
        disk_fraction_above(ea.el_rad, std::asin(ephemeris::kEarthRadiusKm / ephemeris::norm(eb)),
                            s.horizon_toward_earth_rad);
    out.push_back(s);
  }
  return out;
}

}  // namespace ce8::illumination
