// Illumination over time: maps of percent lit, percent Earth in view, longest darkness and
// permanent shadow over a window, and per-site time series. Sun and Earth directions come from
// the fast path (ephemeris::SkyTable, fitted once per window); per cell and instant the work is
// a few dot products, the horizon interpolated at the body's azimuth and the disk fraction.
//
// Instants: from, from + step, ... up to and including `until` (n = floor((until-from)/step) + 1),
// each standing for one step of time. Percent lit = mean Sun disk fraction x 100 (disk
// weighted); percent Earth = mean Earth disk fraction x 100 (Earth parallax from each cell,
// about 0.26 deg, included; the Sun's, <= 2.4 arcsec, left out); longest darkness = the longest
// run of consecutive instants with no part of the Sun visible, times the step, in hours;
// permanently shadowed = no part of the Sun visible at any instant of the window.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/time/time.hpp"

namespace ce8::illumination {

// At most this many instants per window (the map keeps 64 bytes of Sun/Earth data per instant,
// 64 MB at the limit; a site series keeps one row per instant). 1,000,000 = 114 years hourly.
inline constexpr std::int64_t kMaxInstants = 1000000;

struct TimeWindow {
  time::Instant from;
  time::Instant until;
  double step_s = 3600.0;
};

// Number of instants, after checking: step > 0, until after from, instants <= kMaxInstants.
Result<std::int64_t> check_window(const TimeWindow& w);

// What every cell's evaluation starts from, per instant of a window (terrain world frame, from
// the SkyTable fitted over the window): sun[4q..4q+3] = the Sun's unit direction and angular
// radius (rad); earth[4q..4q+3] = the Earth's vector from the Moon's centre (m) and angular
// radius. The CPU paths and the GPU integrator (src/render/illumination_gpu) read the same.
struct BodyTracks {
  std::int64_t instants = 0;
  std::vector<double> sun, earth;
};
Result<BodyTracks> body_tracks(const TimeWindow& w);

// The plain per-instant definition at one cell (i, j) of `dem` with data, over `tracks` (of a
// window with step `step_s`): what IlluminationMethod::kPerInstant gives that cell. The GPU
// integrator's exact fallback for the few cells its float arithmetic cannot decide.
struct CellIllumination {
  float percent_lit = 0.0f, percent_earth = 0.0f, longest_dark_h = 0.0f, permanent_shadow = 0.0f;
};
CellIllumination per_instant_cell(const terrain::Dem& dem, const HorizonMap& horizon,
                                  const BodyTracks& tracks, double step_s, int i, int j);

// How the maps are integrated (docs/illumination.md):
//  - kSectorTables (default): per tile of the grid, the window's instants binned by azimuth into
//    tables of summed disk fractions; percent lit / Earth within 0.1 percentage points of the
//    per-instant definition, longest darkness and permanent shadow exactly as it.
//  - kPerInstant: the plain definition, every cell at every instant (the reference).
enum class IlluminationMethod { kSectorTables, kPerInstant };

struct IlluminationOptions {
  IlluminationMethod method = IlluminationMethod::kSectorTables;
  // Rows [row_begin, row_end) only (row_end < 0: to the last row); the map then holds just
  // those rows (IlluminationMap::first_row, rows), the same values as the whole map's.
  int row_begin = 0;
  int row_end = -1;
};

struct IlluminationMap {
  terrain::GridGeometry grid;
  std::int64_t instants = 0;
  // The rows held: all of the grid's, or a band [first_row, first_row + rows) of them
  // (IlluminationOptions::row_begin/row_end, IlluminationJob::create_rows); the arrays hold
  // rows x grid.width values.
  int first_row = 0;
  int rows = 0;
  // Row-major like the DEM, NaN on nodata cells.
  std::vector<float> percent_lit;
  std::vector<float> percent_earth;
  std::vector<float> longest_dark_h;
  std::vector<float> permanent_shadow;  // 1 or 0
};

// Progressive / threaded map computation: work items are tiles (kSectorTables) or blocks of
// rows (kPerInstant). Holds references to the DEM and horizon map: keep them alive until the
// job ends.
class IlluminationJob final : public jobs::SteppedJob {
 public:
  static Result<IlluminationJob> create(const terrain::Dem& dem, const HorizonMap& horizon,
                                        const TimeWindow& window,
                                        const IlluminationOptions& options = {});
  // Only the rows [row_begin, row_end) of the map, from the horizons of just those rows
  // (band-major: horizon_rows[k * (row_end - row_begin) * width + (j - row_begin) * width + i],
  // radians, `options.directions` bands), e.g. one process's share of a map split into row
  // bands (src/cli/parallel). Each row gets the same values as in the whole map computed with
  // the same method.
  static Result<IlluminationJob> create_rows(
      const terrain::Dem& dem, const HorizonOptions& options, const float* horizon_rows,
      int row_begin, int row_end, const TimeWindow& window,
      IlluminationMethod method = IlluminationMethod::kSectorTables);
  jobs::JobState step(double budget_s) override;
  double progress() const override { return progress_.fraction(); }
  jobs::JobState state() const override { return state_; }
  void cancel() override { cancel_.cancel(); }
  jobs::JobState run(int threads) override;
  IlluminationMap take_result() { return std::move(map_); }
  const IlluminationMap& result() const { return map_; }

  IlluminationJob(IlluminationJob&& o) noexcept;
  IlluminationJob& operator=(IlluminationJob&&) = delete;

 private:
  IlluminationJob() = default;
  // create and create_rows: the horizons of rows [row_begin, row_end) at horizon_rows, bands
  // band_stride values apart.
  static Result<IlluminationJob> create_band(const terrain::Dem& dem, const HorizonOptions& options,
                                             const float* horizon_rows, std::size_t band_stride,
                                             int row_begin, int row_end, const TimeWindow& window,
                                             IlluminationMethod method);
  void do_row(int j);
  void do_item(std::size_t item);
  std::size_t items() const;
  const terrain::Dem* dem_ = nullptr;
  IlluminationMethod method_ = IlluminationMethod::kSectorTables;
  // Horizons of rows [row_begin_, row_end_), band-major with bands hz_band_stride_ apart
  // (a whole HorizonMap is the band from row 0 with a stride of the grid's cells).
  const float* hz_rows_ = nullptr;
  std::size_t hz_band_stride_ = 0;
  int directions_ = 0;
  double observer_height_m_ = 0.0;
  int row_begin_ = 0, row_end_ = 0;
  int tile_ = 0;     // tile side (cells), kSectorTables
  int tiles_x_ = 0;  // tiles per row band
  IlluminationMap map_;
  double step_s_ = 0.0;
  // Per instant (world frame): Sun unit direction and angular radius, Earth vector (m) and radius.
  std::vector<double> sun_;    // 4 per instant
  std::vector<double> earth_;  // 4 per instant
  double sun_r_max_ = 0.0;     // largest disk radii over the window (quick-test thresholds)
  double earth_r_max_ = 0.0;
  double sun_r_min_ = 0.0;  // smallest (table steps)
  double earth_r_min_ = 0.0;
  jobs::ProgressCounter progress_;
  jobs::CancelFlag cancel_;
  jobs::JobState state_ = jobs::JobState::kRunning;
  std::size_t next_item_ = 0;
};

Result<IlluminationMap> compute_illumination_map(const terrain::Dem& dem, const HorizonMap& horizon,
                                                 const TimeWindow& window, int threads = 1,
                                                 const IlluminationOptions& options = {});

struct SiteSample {
  time::Instant when;
  double sun_az_rad = 0.0;  // geographic azimuth (clockwise from north)
  double sun_el_rad = 0.0;  // Sun centre, above the local horizontal
  double horizon_toward_sun_rad = 0.0;
  double sun_visible_fraction = 0.0;
  double earth_az_rad = 0.0;
  double earth_el_rad = 0.0;  // topocentric (parallax included)
  double horizon_toward_earth_rad = 0.0;
  double earth_visible_fraction = 0.0;
};

// The series at one map point: its horizon by ray marching in options.directions directions
// (observer height included), the Sun and Earth from a SkyTable over the window. With
// `far_dem`, the horizon is layered: `dem` near the site, `far_dem` beyond it
// (horizon_at_point_layered in far_horizon.hpp).
Result<std::vector<SiteSample>> site_time_series(const terrain::Dem& dem, terrain::MapXy site,
                                                 const TimeWindow& window,
                                                 const HorizonOptions& options,
                                                 const terrain::Dem* far_dem = nullptr);

}  // namespace ce8::illumination
