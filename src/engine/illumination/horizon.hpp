// Horizon maps: for every DEM cell, the elevation angle of the local horizon in N directions.
//
// Directions are grid azimuths: direction k points toward az_k = k * 2 pi / N, clockwise from
// the grid's +y axis (toward 0°E in the south polar stereographic grid; +x = 90°E). Because
// the projection is conformal, a grid azimuth is a true angle in the cell's tangent plane,
// measured from the image of the map's +y axis; the geographic azimuth (clockwise from north)
// is grid_az - north_grid_az(x, y), with north pointing to the pole, along -(x, y)
// (visibility.hpp has the conversions).
//
// Model: a line of sight from a cell centre at height h0 (+ observer height) over the ground at
// map distance d sees terrain height h at elevation atan((h - h0) / d - d / (2 R)) (the second
// term is the Moon's curvature, R = 1737.4 km, parabolic approximation: its error is below
// 0.1% of the drop up to 100 km; options.curvature = false drops it, like planar tools). Map
// metres are used as ground metres (the point scale is 1 at the pole, 1.0027 at 84°S).
// Terrain is sampled where each line crosses the grid's columns (or rows, for directions
// closer to the y axis), interpolated linearly between the two neighbouring cells; beyond the
// grid the ground is assumed to continue as a smooth sphere at
// the cell's own height (an assumption: unknown terrain as high as the cell) and counts like
// terrain, so no cell sees lower than that sphere lets it; a cell with no terrain ahead gets
// -acos(R / (R + observer)). In flat mode only the grid's terrain counts (nothing ahead: 0),
// as in planar tools.
//
// Algorithm (Stewart 1998, "Fast horizon computation at all points of a terrain with
// visibility and shading applications", IEEE TVCG 4(1)): per direction, the grid is swept
// along parallel lines half a cell apart; walking each line from its far end, the upper convex
// hull of the profile behind is kept on a stack (amortised O(1) per sample), and the horizon
// of an observer is the tangent from it to that hull. The curvature term is folded in exactly
// by hulling G(t) = h(t) - t^2 / (2R) instead of h (slopes then differ by a constant t0 / R).
// An observer cell lies between two lines (at most half a cell from either); its far horizon
// is queried on both (with its own height) and blended linearly by its distance to them; the
// first 8 columns ahead are marched exactly on its own line, in a separate pass per direction
// whose samples lie at the same offsets from every cell (so it runs as vector code). Cost
// O(N * cells), independent of the horizon distance; ray marching is O(N * cells * grid width).
//
// Nodata cells are no obstacles and get NaN horizons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/core/big_buffer.hpp"
#include "engine/core/result.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::illumination {

inline constexpr int kMinDirections = 4;
inline constexpr int kMaxDirections = 3600;
// Largest horizon map held in memory (cells x directions x 4 bytes): 2 GiB.
inline constexpr std::int64_t kMaxHorizonBytes = std::int64_t{2} << 30;
inline constexpr double kMaxObserverHeightM = 10000.0;
inline constexpr int kMaxLinesPerCell = 8;

struct HorizonOptions {
  int directions = 64;             // N, kMinDirections..kMaxDirections
  double observer_height_m = 0.0;  // eye above the ground (2 m rover mast, 10 m tower), >= 0
  bool curvature = true;           // false: planar ("flat") geometry, as r.horizon
  // Sweep lines per cell spacing (1..kMaxLinesPerCell): an observer's far horizon comes from
  // lines at most 1 / L cells beside its own line of sight; the sweep's cost grows with L.
  // Against exact ray marching (tests: rough 48 x 48 terrain, 16 directions, 2 m mast):
  // L = 1 mean 0.019 deg, p99 0.39 deg (as far off as GRASS r.horizon's own nearest-cell
  // rounding on the diagonals); L = 2 (default) 0.0085, 0.18; L = 4 0.0041, 0.062.
  int lines_per_cell = 2;
  // With curvature, the ground beyond the grid is taken as a sphere at each cell's own height
  // (see above). false: only the grid's terrain counts, and a cell with nothing ahead gets
  // -90 deg (nothing seen; in the sweep also a cell whose neighbouring line sees nothing, at the
  // grid's edge); layered horizons (far_horizon.hpp) turn it off for the fine DEM, whose
  // surroundings the far DEM then supplies.
  bool sphere_beyond_grid = true;
};

// Checks options and memory (cells x directions x 4 bytes <= kMaxHorizonBytes) before
// anything is allocated; the message names the violated limit.
Status check_horizon_request(const terrain::GridGeometry& grid, const HorizonOptions& options);

struct HorizonMap {
  terrain::GridGeometry grid;
  HorizonOptions options;
  // Band-major: elevation_rad[k * cells + j * width + i] = horizon elevation (radians) of cell
  // (i, j) toward direction k. NaN where the cell is nodata.
  BigVector<float> elevation_rad;  // zeroed by its allocator, no fill pass (core/big_buffer.hpp)

  int directions() const { return options.directions; }
  std::size_t cells() const { return grid.cells(); }
  float at(int k, int i, int j) const {
    return elevation_rad[static_cast<std::size_t>(k) * cells() +
                         static_cast<std::size_t>(j) * grid.width + i];
  }
  // Grid azimuth of direction k (radians).
  double azimuth_rad(int k) const;
  // Horizon of cell (i, j) toward any grid azimuth, interpolated linearly between the two
  // neighbouring directions.
  double elevation_toward(int i, int j, double grid_az_rad) const;
};

// Progressive / threaded horizon computation (see jobs.hpp): work items are directions; a
// direction is swept in slices of lines, so step() returns within its budget even for big grids.
// The job holds a reference to the DEM: keep it alive and unchanged until the job ends.
struct DirectionPlan;  // per-direction tables (horizon.cpp)

class HorizonJob final : public jobs::SteppedJob {
 public:
  // Fails on bad options or when the map would exceed the memory limit (nothing allocated).
  static Result<HorizonJob> create(const terrain::Dem& dem, const HorizonOptions& options);

  jobs::JobState step(double budget_s) override;
  double progress() const override { return progress_.fraction(); }
  jobs::JobState state() const override { return state_; }
  void cancel() override { cancel_.cancel(); }
  jobs::JobState run(int threads) override;

  // The finished map (valid when state() == kDone); moves it out of the job.
  HorizonMap take_result() { return std::move(map_); }
  const HorizonMap& result() const { return map_; }

  HorizonJob(HorizonJob&& other) noexcept;
  ~HorizonJob() override;
  HorizonJob& operator=(HorizonJob&&) = delete;

 private:
  HorizonJob() = default;
  const terrain::Dem* dem_ = nullptr;
  HorizonMap map_;
  jobs::ProgressCounter progress_;  // in lines swept, over all directions
  jobs::CancelFlag cancel_;
  jobs::JobState state_ = jobs::JobState::kRunning;
  int next_dir_ = 0;         // progressive state: direction being swept
  long long next_line_ = 0;  // and its next line (relative to the first)
  int next_nf_row_ = 0;      // near-field pass of that direction: next grid row
  std::vector<double> scratch_;
  BigVector<float> near_;                // near-field slopes of the direction being swept
  BigVector<float> work_;                // its output when it runs on the transposed grid
  BigVector<float> transposed_;          // the DEM's heights, transposed
  std::unique_ptr<DirectionPlan> plan_;  // that direction's tables, built once
};

// Blocking convenience: the whole map on `threads` threads (1: inline). For progress and
// cancel use HorizonJob (create, then run(threads) on a worker thread or step() per frame).
Result<HorizonMap> compute_horizon_map(const terrain::Dem& dem, const HorizonOptions& options,
                                       int threads = 1);

// Directions [first, first + count) of the map only, band-major into `bands` (count x cells
// floats that read zero on entry, e.g. fresh BigVector storage): band d gets direction
// first + d with exactly the values compute_horizon_map gives it. For splitting a map over
// processes by direction (src/cli/parallel); the memory limit applies to these bands
// (count x cells x 4 bytes <= kMaxHorizonBytes), not to the whole map.
Status compute_horizon_directions(const terrain::Dem& dem, const HorizonOptions& options, int first,
                                  int count, float* bands, int threads = 1);

// Reference ray marching for validation (and single points): the horizon of an observer at
// fractional cell position `at` with ground height `ground_m` toward grid azimuth az, sampled at
// every crossing of the grid's columns (or rows) exactly like the sweep, out to the grid edge.
// O(grid width) per call.
double horizon_ray_march(const terrain::Dem& dem, terrain::CellPos at, double ground_m,
                         double grid_az_rad, const HorizonOptions& options);

// The whole map by ray marching every cell in every direction (horizon_ray_march): exact up to
// the linear interpolation between cells, and O(N * cells * grid width), so far slower than
// the sweep (minutes for 1024 x 1024 x 16). The reference that measures the sweep's and other
// tools' accuracy (scripts/grass_horizon_check --exact, `ce8 horizon --method raymarch`).
Result<HorizonMap> compute_horizon_map_raymarch(const terrain::Dem& dem,
                                                const HorizonOptions& options, int threads = 1);

// The horizon of one point (e.g. a landing site) in `options.directions` directions by ray
// marching (no full map needed): element k toward grid azimuth k * 2 pi / N. Fails when the
// point lies outside the grid or on nodata.
Result<std::vector<double>> horizon_at_point(const terrain::Dem& dem, terrain::MapXy p,
                                             const HorizonOptions& options);

}  // namespace ce8::illumination
