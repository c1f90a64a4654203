#include "engine/illumination/horizon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ce8::illumination {
namespace {

using terrain::Dem;
using terrain::GridGeometry;

constexpr double kPi = 3.14159265358979323846;
constexpr double kR = terrain::kMoonRadiusM;
constexpr int kNearField = 8;  // columns marched exactly next to each observer
// Sweep lines per cell spacing across the direction. An observer takes its far horizon from
// the two lines beside it, blended by distance; with L lines per cell they are at most 1 / L
// cells away from its own line of sight. The observer queries stay at two per cell and
// direction; only the hull work grows with L.
#ifndef CE8_HORIZON_LINES_PER_CELL
#define CE8_HORIZON_LINES_PER_CELL 2
#endif
constexpr int kLinesPerCell = CE8_HORIZON_LINES_PER_CELL;
constexpr double kLineSpacing = 1.0 / kLinesPerCell;

// One sweep direction in "view" coordinates: u runs along the look direction over the major
// axis (the grid axis closer to the direction), v across it; a line of sight advances m cells
// in v per cell in u (|m| <= 1). Cell index = base + u * du + v * dv.
struct Sweep {
  int U = 0, V = 0;
  double m = 0.0;
  double step_m = 0.0;  // map distance per unit of u along the line
  long long base = 0, du = 0, dv = 0;
  long long c_min = 0, c_max = 0;  // lines v = c / L + m u, c integer (L = kLinesPerCell)
  long long lines() const { return c_max - c_min + 1; }
};

Sweep make_sweep(const GridGeometry& g, double az) {
  const double di = std::sin(az), dj = -std::cos(az);  // index space: j grows toward -y
  Sweep s;
  const long long W = g.width, H = g.height;
  if (std::fabs(di) >= std::fabs(dj)) {
    const int su = di > 0 ? 1 : -1;
    s.U = g.width;
    s.V = g.height;
    s.m = dj / std::fabs(di);
    s.base = su > 0 ? 0 : W - 1;
    s.du = su;
    s.dv = W;
  } else {
    const int su = dj > 0 ? 1 : -1;
    s.U = g.height;
    s.V = g.width;
    s.m = di / std::fabs(dj);
    s.base = su > 0 ? 0 : (H - 1) * W;
    s.du = su * W;
    s.dv = 1;
  }
  if (std::fabs(s.m) < 1e-12) s.m = 0.0;
  if (std::fabs(s.m) > 1.0 - 1e-12) s.m = s.m > 0 ? 1.0 : -1.0;
  s.step_m = g.cell_m * std::sqrt(1.0 + s.m * s.m);
  const double span = s.m * (s.U - 1);
  s.c_min = (static_cast<long long>(std::floor(-std::max(0.0, span))) - 1) * kLinesPerCell;
  s.c_max = (static_cast<long long>(std::ceil(s.V - std::min(0.0, span))) + 1) * kLinesPerCell;
  return s;
}

double edge_value(const HorizonOptions& o) {
  return o.curvature ? -std::acos(kR / (kR + o.observer_height_m)) : 0.0;
}

// With curvature on, the ground beyond the grid continues as a sphere at the observer's own
// ground height (an assumption: unknown terrain is taken as high as the cell). Seen by an eye
// `eye` metres above it, that ground starting at map distance `d_edge` rises at most to slope
//   sup over d >= d_edge of (-eye / d - k2 d),
// which is -2 sqrt(eye k2) (the sphere's dip, atan of it = -acos(R / (R + eye)) to first order)
// when the tangent distance sqrt(eye / k2) lies beyond the edge, else the slope at the edge.
// Taking the max with it keeps cells near the edge from seeing below the sphere's horizon when
// few grid samples lie ahead. Planar ("flat") mode follows planar tools such as r.horizon: only
// the grid's own terrain counts (-infinity here; a cell with nothing ahead gets 0).
inline double beyond_grid_slope(double eye, double k2, double d_edge) {
  if (k2 <= 0.0) return -std::numeric_limits<double>::infinity();
  if (eye > 0.0 && d_edge * d_edge <= eye / k2) return -2.0 * std::sqrt(eye * k2);
  return -eye / d_edge - k2 * d_edge;
}

// Splits a fractional minor coordinate into its lower cell and the weight of the upper one,
// snapping rounding noise (directions along the axes and diagonals hit cell centres exactly).
inline void split(double v, long long& vlo, double& f) {
  const double vf = std::floor(v + 1e-9);
  vlo = static_cast<long long>(vf);
  f = v - vf;
  if (f < 1e-9) f = 0.0;
}

// Terrain height where a line crosses column `u` at minor coordinate v (linear between the two
// neighbouring cells); NaN outside the grid or on nodata.
inline double sample_at(const float* H, const Sweep& s, long long u, double v) {
  long long vlo;
  double f;
  split(v, vlo, f);
  if (vlo < 0 || vlo >= s.V) return std::numeric_limits<double>::quiet_NaN();
  const long long idx = s.base + u * s.du + vlo * s.dv;
  if (f == 0.0) return H[idx];
  if (vlo + 1 >= s.V) return std::numeric_limits<double>::quiet_NaN();
  return (1.0 - f) * H[idx] + f * H[idx + s.dv];
}

// Sweeps lines [c0, c1) of one direction, adding each observer's blended horizon into `band`.
// `ts`/`gs` are scratch stacks of at least U entries. The first kNearField samples ahead of an
// observer are marched exactly along its own line of sight; the hull, which lags kNearField
// columns behind the observer, answers for everything farther (blended between the two lines
// beside the observer, where a lateral offset of under one cell matters little).
void sweep_lines(const Dem& dem, const Sweep& s, const HorizonOptions& o, long long c0,
                 long long c1, double* ts, double* gs, float* band) {
  const float* H = dem.height_m.data();
  const double k2 = o.curvature ? 1.0 / (2.0 * kR) : 0.0;  // G = h - k2 t^2
  const double kq = 2.0 * k2;                              // slope offset t0 / R
  const double edge = edge_value(o);
  const double eye = o.observer_height_m;
  const double ninf = -std::numeric_limits<double>::infinity();
  for (long long c = c0; c < c1; ++c) {
    const double cv = static_cast<double>(c) * kLineSpacing;
    int n = 0;
    for (int u = s.U - 1; u >= 0; --u) {
      // The sample kNearField + 1 columns ahead joins the hull.
      const int ua = u + kNearField + 1;
      if (ua < s.U) {
        const double h = sample_at(H, s, ua, cv + s.m * ua);
        if (h == h) {
          const double t = ua * s.step_m;
          const double g = h - k2 * t * t;
          while (n >= 2 && (gs[n - 1] - g) / (ts[n - 1] - t) <= (gs[n - 2] - g) / (ts[n - 2] - t))
            --n;
          ts[n] = t;
          gs[n] = g;
          ++n;
        }
      }
      const double v = cv + s.m * u;
      long long vlo;
      double f;
      split(v, vlo, f);
      const double t = u * s.step_m;
      const long long row = s.base + u * s.du;
      // Observers: the cells less than 1 / L from the line, weight 1 - L * distance (cell vlo
      // at distance f, cell vlo + 1 at 1 - f); over the lines of a direction each cell's
      // weights sum to 1.
      for (int side = 0; side < 2; ++side) {
        const long long vc = vlo + side;
        const double w = 1.0 - kLinesPerCell * (side == 0 ? f : 1.0 - f);
        if (w <= 1e-12 || vc < 0 || vc >= s.V) continue;
        const long long idx = row + vc * s.dv;
        const double z = static_cast<double>(H[idx]) + eye;
        // Where the observer's own line of sight leaves the grid (last sample q_last).
        long long q_last = s.U - 1 - u;
        if (s.m > 0.0)
          q_last =
              std::min(q_last, static_cast<long long>(std::floor((s.V - 1 - vc) / s.m + 1e-9)));
        else if (s.m < 0.0)
          q_last = std::min(q_last, static_cast<long long>(std::floor(vc / -s.m + 1e-9)));
        double best = beyond_grid_slope(eye, k2, static_cast<double>(q_last + 1) * s.step_m);
        // Near field: exact along the observer's own line.
        const int smax = std::min(kNearField, s.U - 1 - u);
        for (int q = 1; q <= smax; ++q) {
          const double h = sample_at(H, s, u + q, static_cast<double>(vc) + s.m * q);
          if (h != h) continue;
          const double d = q * s.step_m;
          best = std::max(best, (h - z) / d - k2 * d);
        }
        if (n > 0) {
          const double g0 = z - k2 * t * t;
          double far = (gs[n - 1] - g0) / (ts[n - 1] - t);
          for (int q = n - 2; q >= 0; --q) {
            const double sl = (gs[q] - g0) / (ts[q] - t);
            if (sl < far) break;
            far = sl;
          }
          best = std::max(best, far + kq * t);
        }
        const double a = best == ninf ? edge : std::atan(best);
        band[idx] += static_cast<float>(w * a);  // NaN heights propagate to NaN
      }
    }
  }
}

}  // namespace

Status check_horizon_request(const GridGeometry& grid, const HorizonOptions& o) {
  if (auto g = terrain::check_grid(grid); !g) return g.error();
  if (o.directions < kMinDirections || o.directions > kMaxDirections)
    return make_error("directions must be between " + std::to_string(kMinDirections) + " and " +
                      std::to_string(kMaxDirections) + ", got " + std::to_string(o.directions));
  if (!(o.observer_height_m >= 0.0) || !(o.observer_height_m <= kMaxObserverHeightM))
    return make_error("observer height must be between 0 and " +
                      std::to_string(static_cast<int>(kMaxObserverHeightM)) + " m");
  const double bytes = static_cast<double>(grid.cells()) * o.directions * sizeof(float);
  if (bytes > static_cast<double>(kMaxHorizonBytes))
    return make_error(
        "a horizon map of " + std::to_string(grid.width) + " x " + std::to_string(grid.height) +
        " cells in " + std::to_string(o.directions) + " directions needs " +
        std::to_string(static_cast<long long>(bytes / 1048576.0)) +
        " MiB, more than the limit of " + std::to_string(kMaxHorizonBytes / 1048576) +
        " MiB (cells x directions x 4 bytes); use fewer directions or a smaller grid");
  return Ok{};
}

double HorizonMap::azimuth_rad(int k) const { return 2.0 * kPi * k / options.directions; }

double HorizonMap::elevation_toward(int i, int j, double grid_az_rad) const {
  const int n = options.directions;
  double x = grid_az_rad / (2.0 * kPi) * n;
  x -= std::floor(x / n) * n;
  int k0 = static_cast<int>(x);
  if (k0 >= n) k0 = n - 1;
  const double w = x - k0;
  const int k1 = k0 + 1 == n ? 0 : k0 + 1;
  return (1.0 - w) * at(k0, i, j) + w * at(k1, i, j);
}

Result<HorizonJob> HorizonJob::create(const Dem& dem, const HorizonOptions& options) {
  if (auto ok = check_horizon_request(dem.grid, options); !ok) return ok.error();
  if (dem.height_m.size() != dem.grid.cells())
    return make_error("DEM heights do not match its grid size");
  HorizonJob job;
  job.dem_ = &dem;
  job.map_.grid = dem.grid;
  job.map_.options = options;
  job.map_.elevation_rad.assign(dem.grid.cells() * static_cast<std::size_t>(options.directions),
                                0.0f);
  std::uint64_t total = 0;
  for (int k = 0; k < options.directions; ++k)
    total += static_cast<std::uint64_t>(make_sweep(dem.grid, job.map_.azimuth_rad(k)).lines());
  job.progress_.set_total(total);
  return job;
}

HorizonJob::HorizonJob(HorizonJob&& o) noexcept
    : dem_(o.dem_),
      map_(std::move(o.map_)),
      state_(o.state_),
      next_dir_(o.next_dir_),
      next_line_(o.next_line_),
      scratch_(std::move(o.scratch_)) {
  progress_.set_total(o.progress_.total());
  progress_.add(o.progress_.done());
  if (o.cancel_.cancelled()) cancel_.cancel();
}

jobs::JobState HorizonJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  const int maxdim = std::max(map_.grid.width, map_.grid.height);
  if (scratch_.size() < 2 * static_cast<std::size_t>(maxdim)) scratch_.resize(2 * maxdim);
  const std::size_t cells = map_.cells();
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_dir_ >= map_.directions()) return state_ = jobs::JobState::kDone;
    const Sweep s = make_sweep(map_.grid, map_.azimuth_rad(next_dir_));
    // A slice: enough lines for roughly 64k samples.
    const long long chunk = std::max<long long>(1, 65536 / std::max(1, s.U));
    const long long c0 = s.c_min + next_line_;
    const long long c1 = std::min(s.c_max + 1, c0 + chunk);
    sweep_lines(*dem_, s, map_.options, c0, c1, scratch_.data(), scratch_.data() + maxdim,
                map_.elevation_rad.data() + cells * next_dir_);
    progress_.add(static_cast<std::uint64_t>(c1 - c0));
    next_line_ += c1 - c0;
    if (c1 > s.c_max) {
      ++next_dir_;
      next_line_ = 0;
    }
  } while (jobs::monotonic_seconds() < t_end);
  if (next_dir_ >= map_.directions()) state_ = jobs::JobState::kDone;
  return state_;
}

jobs::JobState HorizonJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  // Finish a direction that step() left half done, then spread whole directions over threads.
  while (next_line_ != 0 && state_ == jobs::JobState::kRunning) step(0.0);
  if (state_ != jobs::JobState::kRunning) return state_;
  const int first = next_dir_;
  const int count = map_.directions() - first;
  const int maxdim = std::max(map_.grid.width, map_.grid.height);
  const std::size_t cells = map_.cells();
  const bool finished = jobs::parallel_for(
      static_cast<std::size_t>(count), threads,
      [&](std::size_t item) {
        const int k = first + static_cast<int>(item);
        const Sweep s = make_sweep(map_.grid, map_.azimuth_rad(k));
        std::vector<double> stack(2 * static_cast<std::size_t>(maxdim));
        // Lines in blocks, so cancel and progress react within a direction.
        for (long long c0 = s.c_min; c0 <= s.c_max; c0 += 256) {
          if (cancel_.cancelled()) return;
          const long long c1 = std::min(s.c_max + 1, c0 + 256);
          sweep_lines(*dem_, s, map_.options, c0, c1, stack.data(), stack.data() + maxdim,
                      map_.elevation_rad.data() + cells * k);
          progress_.add(static_cast<std::uint64_t>(c1 - c0));
        }
      },
      &cancel_);
  next_dir_ = map_.directions();
  state_ = (finished && !cancel_.cancelled()) ? jobs::JobState::kDone : jobs::JobState::kCancelled;
  return state_;
}

Result<HorizonMap> compute_horizon_map(const Dem& dem, const HorizonOptions& options, int threads) {
  auto job = HorizonJob::create(dem, options);
  if (!job) return job.error();
  if (job->run(threads) != jobs::JobState::kDone)
    return make_error("horizon computation cancelled");
  return job->take_result();
}

double horizon_ray_march(const Dem& dem, terrain::CellPos at, double ground_m, double az,
                         const HorizonOptions& o) {
  const double di = std::sin(az), dj = -std::cos(az);
  const bool major_i = std::fabs(di) >= std::fabs(dj);
  const double a0 = major_i ? at.i : at.j;  // position along the major axis
  const double b0 = major_i ? at.j : at.i;
  const int su = major_i ? (di > 0 ? 1 : -1) : (dj > 0 ? 1 : -1);
  double m = major_i ? dj / std::fabs(di) : di / std::fabs(dj);
  if (std::fabs(m) < 1e-12) m = 0.0;
  if (std::fabs(m) > 1.0 - 1e-12) m = m > 0 ? 1.0 : -1.0;
  const int U = major_i ? dem.width() : dem.height();
  const int V = major_i ? dem.height() : dem.width();
  const double step_m = dem.cell_m() * std::sqrt(1.0 + m * m);
  const double k2 = o.curvature ? 1.0 / (2.0 * kR) : 0.0;
  const double z0 = ground_m + o.observer_height_m;
  double best = -std::numeric_limits<double>::infinity();
  double last_d = 0.0;  // distance of the last sample inside the grid
  int a = su > 0 ? static_cast<int>(std::floor(a0)) + 1 : static_cast<int>(std::ceil(a0)) - 1;
  const double first_d = std::fabs(a - a0) * step_m;
  for (; a >= 0 && a < U; a += su) {
    const double steps = std::fabs(a - a0);
    long long vlo;
    double f;
    split(b0 + m * steps, vlo, f);
    if (vlo < 0 || vlo >= V) continue;
    if (f > 0.0 && vlo + 1 >= V) continue;
    last_d = steps * step_m;
    auto height = [&](long long vv) {
      return major_i ? static_cast<double>(dem.at(a, static_cast<int>(vv)))
                     : static_cast<double>(dem.at(static_cast<int>(vv), a));
    };
    const double h = f > 0.0 ? (1.0 - f) * height(vlo) + f * height(vlo + 1) : height(vlo);
    if (h != h) continue;
    const double d = steps * step_m;
    best = std::max(best, (h - z0) / d - k2 * d);
  }
  best = std::max(
      best, beyond_grid_slope(o.observer_height_m, k2, last_d > 0.0 ? last_d + step_m : first_d));
  if (best == -std::numeric_limits<double>::infinity()) return edge_value(o);
  return std::atan(best);
}

Result<std::vector<double>> horizon_at_point(const Dem& dem, terrain::MapXy p,
                                             const HorizonOptions& options) {
  // The memory limit concerns full maps only: check the options on a one-cell grid.
  terrain::GridGeometry one = dem.grid;
  one.width = one.height = 1;
  if (auto ok = check_horizon_request(one, options); !ok) return ok.error();
  if (!dem.grid.contains(p)) return make_error("the point lies outside the DEM");
  const float ground = terrain::sample_bilinear(dem, p);
  if (terrain::is_nodata(ground)) return make_error("the point lies on nodata cells of the DEM");
  const terrain::CellPos c = dem.grid.to_cell(p);
  std::vector<double> out(static_cast<std::size_t>(options.directions));
  for (int k = 0; k < options.directions; ++k)
    out[k] = horizon_ray_march(dem, c, ground, 2.0 * kPi * k / options.directions, options);
  return out;
}

}  // namespace ce8::illumination
