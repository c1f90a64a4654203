#include "engine/illumination/illumination_map.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/ephemeris/sky.hpp"
#include "engine/illumination/far_horizon.hpp"
#include "engine/illumination/illumination_instant.hpp"
#include "engine/illumination/illumination_tiles.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/scenario/terrain_frame.hpp"

namespace ce8::illumination {
namespace {
using detail::kPi;

// The per-instant definition over instants [0, n) for one cell.
CellIllumination integrate_cell(detail::CellInstants& cell, const double* sun, const double* earth,
                                std::int64_t n, double step_s) {
  double lit = 0.0, seen = 0.0;
  std::int64_t run = 0, longest = 0;
  bool ever = false;
  for (std::int64_t q = 0; q < n; ++q) {
    const double fs = cell.sun_fraction(sun + 4 * q);
    lit += fs;
    if (fs > 0.0) {
      ever = true;
      run = 0;
    } else if (++run > longest) {
      longest = run;
    }
    seen += cell.earth_fraction(earth + 4 * q);
  }
  CellIllumination c;
  c.percent_lit = static_cast<float>(100.0 * lit / n);
  c.percent_earth = static_cast<float>(100.0 * seen / n);
  c.longest_dark_h = static_cast<float>(longest * step_s / 3600.0);
  c.permanent_shadow = ever ? 0.0f : 1.0f;
  return c;
}

}  // namespace

CellIllumination per_instant_cell(const terrain::Dem& dem, const HorizonMap& horizon,
                                  const BodyTracks& tracks, double step_s, int i, int j) {
  const int nd = horizon.directions();
  std::vector<float> hz(static_cast<std::size_t>(nd));
  for (int k = 0; k < nd; ++k) hz[static_cast<std::size_t>(k)] = horizon.at(k, i, j);
  double sun_r_max = 0.0, earth_r_max = 0.0;
  for (std::int64_t q = 0; q < tracks.instants; ++q) {
    sun_r_max = std::max(sun_r_max, tracks.sun[4 * q + 3]);
    earth_r_max = std::max(earth_r_max, tracks.earth[4 * q + 3]);
  }
  const float h0 = dem.height_m[static_cast<std::size_t>(j) * dem.width() + i];
  const PointFrame f =
      point_frame(dem.grid.cell_center(i, j), h0 + horizon.options.observer_height_m);
  const detail::Directions D(nd);
  detail::CellInstants cell(hz.data(), nd, D, f, sun_r_max, earth_r_max);
  return integrate_cell(cell, tracks.sun.data(), tracks.earth.data(), tracks.instants, step_s);
}

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

Result<BodyTracks> body_tracks(const TimeWindow& window) {
  auto n = check_window(window);
  if (!n) return n.error();
  auto table = ephemeris::SkyTable::build(window.from, window.until);
  if (!table) return table.error();
  BodyTracks tracks;
  tracks.instants = *n;
  tracks.sun.resize(4 * static_cast<std::size_t>(*n));
  tracks.earth.resize(4 * static_cast<std::size_t>(*n));
  const double t0 = window.from.tt_seconds_since_j2000();
  for (std::int64_t q = 0; q < *n; ++q) {
    const double t = t0 + q * window.step_s;
    const ephemeris::Vec3 s = table->sun_body_km(t), e = table->earth_body_km(t);
    const double ds = ephemeris::norm(s), de = ephemeris::norm(e);
    const ephemeris::Vec3 sw = scenario::body_to_terrain_world((1.0 / ds) * s);
    const ephemeris::Vec3 ew = scenario::body_to_terrain_world(1000.0 * e);
    double* S = &tracks.sun[4 * q];
    S[0] = sw.x, S[1] = sw.y, S[2] = sw.z, S[3] = std::asin(ephemeris::kSunRadiusKm / ds);
    double* E = &tracks.earth[4 * q];
    E[0] = ew.x, E[1] = ew.y, E[2] = ew.z, E[3] = std::asin(ephemeris::kEarthRadiusKm / de);
  }
  return tracks;
}

Result<IlluminationJob> IlluminationJob::create(const terrain::Dem& dem, const HorizonMap& horizon,
                                                const TimeWindow& window,
                                                const IlluminationOptions& options) {
  if (horizon.grid.width != dem.width() || horizon.grid.height != dem.height() ||
      horizon.elevation_rad.size() != dem.grid.cells() * horizon.directions())
    return make_error("the horizon map does not belong to this DEM");
  const int row_end = options.row_end < 0 ? dem.height() : options.row_end;
  if (options.row_begin < 0 || options.row_begin >= row_end || row_end > dem.height())
    return make_error("the row range [" + std::to_string(options.row_begin) + ", " +
                      std::to_string(row_end) + ") is not inside the grid's " +
                      std::to_string(dem.height()) + " rows");
  // The map's horizons as a row band: its rows from row_begin on, bands a grid's cells apart.
  const float* rows =
      horizon.elevation_rad.data() + static_cast<std::size_t>(options.row_begin) * dem.width();
  return create_band(dem, horizon.options, rows, dem.grid.cells(), options.row_begin, row_end,
                     window, options.method);
}

Result<IlluminationJob> IlluminationJob::create_rows(const terrain::Dem& dem,
                                                     const HorizonOptions& options,
                                                     const float* horizon_rows, int row_begin,
                                                     int row_end, const TimeWindow& window,
                                                     IlluminationMethod method) {
  if (row_begin < 0 || row_end > dem.height() || row_begin > row_end ||
      (!horizon_rows && row_end > row_begin))
    return make_error("the rows or horizons asked for do not belong to this DEM");
  return create_band(dem, options, horizon_rows,
                     static_cast<std::size_t>(row_end - row_begin) * dem.width(), row_begin,
                     row_end, window, method);
}

Result<IlluminationJob> IlluminationJob::create_band(const terrain::Dem& dem,
                                                     const HorizonOptions& options,
                                                     const float* horizon_rows,
                                                     std::size_t band_stride, int row_begin,
                                                     int row_end, const TimeWindow& window,
                                                     IlluminationMethod method) {
  auto n = check_window(window);
  if (!n) return n.error();
  if (options.directions < kMinDirections || options.directions > kMaxDirections)
    return make_error("the rows or horizons asked for do not belong to this DEM");
  auto tracks = body_tracks(window);
  if (!tracks) return tracks.error();
  IlluminationJob job;
  job.dem_ = &dem;
  job.method_ = method;
  job.hz_rows_ = horizon_rows;
  job.hz_band_stride_ = band_stride;
  job.directions_ = options.directions;
  job.observer_height_m_ = options.observer_height_m;
  job.row_begin_ = row_begin;
  job.row_end_ = row_end;
  job.tile_ = detail::tile_side_cells(dem.grid);
  job.tiles_x_ = (dem.width() + job.tile_ - 1) / job.tile_;
  job.step_s_ = window.step_s;
  job.map_.grid = dem.grid;
  job.map_.instants = *n;
  job.map_.first_row = row_begin;
  job.map_.rows = row_end - row_begin;
  const std::size_t cells = static_cast<std::size_t>(row_end - row_begin) * dem.width();
  job.map_.percent_lit.assign(cells, 0.0f);
  job.map_.percent_earth.assign(cells, 0.0f);
  job.map_.longest_dark_h.assign(cells, 0.0f);
  job.map_.permanent_shadow.assign(cells, 0.0f);
  job.sun_ = std::move(tracks->sun);
  job.earth_ = std::move(tracks->earth);
  job.sun_r_min_ = job.earth_r_min_ = 1.0;
  for (std::int64_t q = 0; q < *n; ++q) {
    const double rs = job.sun_[4 * q + 3], re = job.earth_[4 * q + 3];
    job.sun_r_max_ = std::max(job.sun_r_max_, rs);
    job.earth_r_max_ = std::max(job.earth_r_max_, re);
    job.sun_r_min_ = std::min(job.sun_r_min_, rs);
    job.earth_r_min_ = std::min(job.earth_r_min_, re);
  }
  job.progress_.set_total(job.items());
  return job;
}

IlluminationJob::IlluminationJob(IlluminationJob&& o) noexcept
    : dem_(o.dem_),
      method_(o.method_),
      hz_rows_(o.hz_rows_),
      hz_band_stride_(o.hz_band_stride_),
      directions_(o.directions_),
      observer_height_m_(o.observer_height_m_),
      row_begin_(o.row_begin_),
      row_end_(o.row_end_),
      tile_(o.tile_),
      tiles_x_(o.tiles_x_),
      map_(std::move(o.map_)),
      step_s_(o.step_s_),
      sun_(std::move(o.sun_)),
      earth_(std::move(o.earth_)),
      sun_r_max_(o.sun_r_max_),
      earth_r_max_(o.earth_r_max_),
      sun_r_min_(o.sun_r_min_),
      earth_r_min_(o.earth_r_min_),
      state_(o.state_),
      next_item_(o.next_item_) {
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
  const detail::Directions D(nd);
  for (int i = 0; i < W; ++i) {
    const std::size_t idx = static_cast<std::size_t>(j - row_begin_) * W + i;  // in map_
    const float h0 = dem_->height_m[static_cast<std::size_t>(j) * W + i];
    if (terrain::is_nodata(h0)) {
      map_.percent_lit[idx] = map_.percent_earth[idx] = map_.longest_dark_h[idx] =
          map_.permanent_shadow[idx] = terrain::kNodata;
      continue;
    }
    const PointFrame f = point_frame(dem_->grid.cell_center(i, j), h0 + observer_height_m_);
    detail::CellInstants cell(hrow.data() + static_cast<std::size_t>(i) * nd, nd, D, f, sun_r_max_,
                              earth_r_max_);
    const CellIllumination c = integrate_cell(cell, sun, earth, n, step_s_);
    map_.percent_lit[idx] = c.percent_lit;
    map_.percent_earth[idx] = c.percent_earth;
    map_.longest_dark_h[idx] = c.longest_dark_h;
    map_.permanent_shadow[idx] = c.permanent_shadow;
  }
}

std::size_t IlluminationJob::items() const {
  if (method_ == IlluminationMethod::kPerInstant || row_end_ == row_begin_)
    return static_cast<std::size_t>(row_end_ - row_begin_);
  // Tiles are aligned to the whole grid, so a band gives the same values as the whole map.
  const int bands = (row_end_ - 1) / tile_ - row_begin_ / tile_ + 1;
  return static_cast<std::size_t>(bands) * tiles_x_;
}

void IlluminationJob::do_item(std::size_t item) {
  if (method_ == IlluminationMethod::kPerInstant) {
    do_row(row_begin_ + static_cast<int>(item));
    return;
  }
  const int band = static_cast<int>(item / tiles_x_), col = static_cast<int>(item % tiles_x_);
  const int j0 = (row_begin_ / tile_ + band) * tile_;
  const int j1 = std::min(dem_->height(), j0 + tile_);
  const int i0 = col * tile_, i1 = std::min(dem_->width(), i0 + tile_);
  detail::WindowSamples w;
  w.sun = sun_.data();
  w.earth = earth_.data();
  w.instants = map_.instants;
  w.step_s = step_s_;
  w.sun_r_min = sun_r_min_, w.sun_r_max = sun_r_max_;
  w.earth_r_min = earth_r_min_, w.earth_r_max = earth_r_max_;
  detail::HorizonRows hz;
  hz.elevation_rad = hz_rows_;
  hz.band_stride = hz_band_stride_;
  hz.row_begin = row_begin_;
  hz.row_end = row_end_;
  hz.directions = directions_;
  hz.observer_height_m = observer_height_m_;
  detail::compute_tile_by_sectors(*dem_, hz, w, i0, i1, j0, j1, map_);
}

jobs::JobState IlluminationJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  const std::size_t total = items();
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_item_ >= total) return state_ = jobs::JobState::kDone;
    do_item(next_item_++);
    progress_.add(1);
  } while (jobs::monotonic_seconds() < t_end);
  if (next_item_ >= total) state_ = jobs::JobState::kDone;
  return state_;
}

jobs::JobState IlluminationJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const std::size_t first = next_item_, total = items();
  const bool finished = jobs::parallel_for(
      total - first, threads,
      [&](std::size_t item) {
        if (cancel_.cancelled()) return;
        do_item(first + item);
        progress_.add(1);
      },
      &cancel_);
  next_item_ = total;
  state_ = (finished && !cancel_.cancelled()) ? jobs::JobState::kDone : jobs::JobState::kCancelled;
  return state_;
}

Result<IlluminationMap> compute_illumination_map(const terrain::Dem& dem, const HorizonMap& horizon,
                                                 const TimeWindow& window, int threads,
                                                 const IlluminationOptions& options) {
  auto job = IlluminationJob::create(dem, horizon, window, options);
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
