// The horizon map's jobs (progressive, threaded, by direction): they run the sweep's passes
// (horizon_sweep.hpp, horizon.cpp) direction by direction.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/horizon_geometry.hpp"
#include "engine/illumination/horizon_sweep.hpp"

namespace ce8::illumination {

using horizon_detail::HeightLayouts;
using horizon_detail::kPi;
using terrain::Dem;
using terrain::GridGeometry;

namespace {

// The DEM's heights transposed (for the directions that run on the transposed grid).
BigVector<float> transposed_heights(const Dem& dem) {
  BigVector<float> t(dem.grid.cells());
  horizon_detail::transpose_grid(dem.height_m.data(), dem.grid.width, dem.grid.height, t.data());
  return t;
}

}  // namespace

Status check_horizon_request(const GridGeometry& grid, const HorizonOptions& o) {
  if (auto g = terrain::check_grid(grid); !g) return g.error();
  if (o.directions < kMinDirections || o.directions > kMaxDirections)
    return make_error("directions must be between " + std::to_string(kMinDirections) + " and " +
                      std::to_string(kMaxDirections) + ", got " + std::to_string(o.directions));
  if (o.lines_per_cell < 1 || o.lines_per_cell > kMaxLinesPerCell)
    return make_error("lines per cell must be between 1 and " + std::to_string(kMaxLinesPerCell) +
                      ", got " + std::to_string(o.lines_per_cell));
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
  // Fresh BigVector storage reads zeros (core/big_buffer.hpp) without a fill by this thread;
  // the sweeps add into it.
  job.map_.elevation_rad.resize(dem.grid.cells() * static_cast<std::size_t>(options.directions));
  std::uint64_t total = 0;
  for (int k = 0; k < options.directions; ++k)
    total += static_cast<std::uint64_t>(horizon_detail::sweep_line_count(
        dem.grid, job.map_.azimuth_rad(k), options.lines_per_cell));
  job.progress_.set_total(total);
  return job;
}

HorizonJob::~HorizonJob() = default;

HorizonJob::HorizonJob(HorizonJob&& o) noexcept
    : dem_(o.dem_),
      map_(std::move(o.map_)),
      state_(o.state_),
      next_dir_(o.next_dir_),
      next_line_(o.next_line_),
      next_nf_row_(o.next_nf_row_),
      scratch_(std::move(o.scratch_)),
      near_(std::move(o.near_)),
      work_(std::move(o.work_)),
      transposed_(std::move(o.transposed_)),
      plan_(std::move(o.plan_)) {
  progress_.set_total(o.progress_.total());
  progress_.add(o.progress_.done());
  if (o.cancel_.cancelled()) cancel_.cancel();
}

jobs::JobState HorizonJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  const int maxdim = std::max(map_.grid.width, map_.grid.height);
  if (scratch_.size() < 4 * static_cast<std::size_t>(maxdim)) scratch_.resize(4 * maxdim);
  const std::size_t cells = map_.cells();
  if (near_.size() != cells) near_.resize(cells);
  if (work_.size() != cells) work_.resize(cells);  // fresh: reads zero (finish() clears it)
  if (transposed_.size() != cells) transposed_ = transposed_heights(*dem_);
  const HeightLayouts heights{dem_->height_m.data(), transposed_.data()};
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_dir_ >= map_.directions()) return state_ = jobs::JobState::kDone;
    if (next_nf_row_ == 0 && next_line_ == 0)
      plan_ = std::make_unique<DirectionPlan>(map_.grid, map_.azimuth_rad(next_dir_), map_.options);
    const DirectionPlan& plan = *plan_;
    float* band = map_.elevation_rad.data() + cells * next_dir_;  // zero (see create())
    float* out = plan.transposed() ? work_.data() : band;
    if (next_nf_row_ < plan.layout_height()) {
      // Near field first, in slices of rows (roughly 64k cells).
      const int rows = std::max(1, 65536 / std::max(1, plan.layout_width()));
      const int j1 = std::min(plan.layout_height(), next_nf_row_ + rows);
      plan.near_field(heights, next_nf_row_, j1, near_.data());
      next_nf_row_ = j1;
      continue;
    }
    // A slice: enough lines for roughly 64k samples.
    const long long chunk = std::max<long long>(1, 65536 / std::max(1, plan.layout_width()));
    const long long c0 = plan.first_line() + next_line_;
    const long long c1 = std::min(plan.line_end(), c0 + chunk);
    plan.sweep(heights, c0, c1, scratch_.data(), near_.data(), out);
    progress_.add(static_cast<std::uint64_t>(c1 - c0));
    next_line_ += c1 - c0;
    if (c1 >= plan.line_end()) {
      plan.finish(out, band);
      ++next_dir_;
      next_line_ = 0;
      next_nf_row_ = 0;
      plan_.reset();
    }
  } while (jobs::monotonic_seconds() < t_end);
  if (next_dir_ >= map_.directions()) state_ = jobs::JobState::kDone;
  return state_;
}

jobs::JobState HorizonJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  // Finish a direction that step() left half done, then spread whole directions over threads.
  while ((next_line_ != 0 || next_nf_row_ != 0) && state_ == jobs::JobState::kRunning) step(0.0);
  if (state_ != jobs::JobState::kRunning) return state_;
  near_.clear();
  near_.shrink_to_fit();
  work_.clear();
  work_.shrink_to_fit();
  plan_.reset();
  const int first = next_dir_;
  const int count = map_.directions() - first;
  const int maxdim = std::max(map_.grid.width, map_.grid.height);
  const std::size_t cells = map_.cells();
  if (transposed_.size() != cells) transposed_ = transposed_heights(*dem_);
  const HeightLayouts heights{dem_->height_m.data(), transposed_.data()};
  // Scratch bands (near-field slopes, and the transposed directions' output), one pair per
  // running direction, reused: fresh memory is expensive on first touch (page faults, and on
  // these virtual machines host-side faults too: ~0.2 s per 256 MiB). A direction leaves its
  // output scratch zero again (DirectionPlan::finish), as fresh storage reads.
  struct Scratch {
    BigVector<float> near, out;
  };
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Scratch>> pool;
  const auto acquire = [&] {
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (pool.empty()) {
      auto b = std::make_unique<Scratch>();
      b->near.resize(cells);
      b->out.resize(cells);
      return b;
    }
    auto b = std::move(pool.back());
    pool.pop_back();
    return b;
  };
  const auto release = [&](std::unique_ptr<Scratch> b) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    pool.push_back(std::move(b));
  };
  const bool finished = jobs::parallel_for(
      static_cast<std::size_t>(count), threads,
      [&](std::size_t item) {
        const int k = first + static_cast<int>(item);
        const DirectionPlan plan(map_.grid, map_.azimuth_rad(k), map_.options);
        std::vector<double> stack(4 * static_cast<std::size_t>(maxdim));  // hull stacks
        auto scratch = acquire();
        float* band = map_.elevation_rad.data() + cells * k;  // zero (see create())
        float* out = plan.transposed() ? scratch->out.data() : band;
        plan.near_field(heights, 0, plan.layout_height(), scratch->near.data());
        // Lines in blocks, so cancel and progress react within a direction.
        for (long long c0 = plan.first_line(); c0 < plan.line_end(); c0 += 256) {
          if (cancel_.cancelled()) return;  // (its scratch is dropped, not pooled)
          const long long c1 = std::min(plan.line_end(), c0 + 256);
          plan.sweep(heights, c0, c1, stack.data(), scratch->near.data(), out);
          progress_.add(static_cast<std::uint64_t>(c1 - c0));
        }
        plan.finish(out, band);
        release(std::move(scratch));
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

Status compute_horizon_directions(const Dem& dem, const HorizonOptions& options, int first,
                                  int count, float* bands, int threads) {
  GridGeometry one_row = dem.grid;  // the options, checked as for a map of one row
  one_row.height = 1;
  if (auto ok = check_horizon_request(one_row, options); !ok) return ok.error();
  if (auto ok = terrain::check_grid(dem.grid); !ok) return ok.error();
  if (dem.height_m.size() != dem.grid.cells())
    return make_error("DEM heights do not match its grid size");
  if (first < 0 || count < 0 || first + count > options.directions)
    return make_error("directions " + std::to_string(first) + " to " +
                      std::to_string(first + count - 1) + " are not all among the " +
                      std::to_string(options.directions));
  const std::size_t cells = dem.grid.cells();
  const double bytes = static_cast<double>(cells) * count * sizeof(float);
  if (bytes > static_cast<double>(kMaxHorizonBytes))
    return make_error(std::to_string(count) + " directions of a " + std::to_string(dem.grid.width) +
                      " x " + std::to_string(dem.grid.height) + " horizon map need " +
                      std::to_string(static_cast<long long>(bytes / 1048576.0)) +
                      " MiB, more than the limit of " + std::to_string(kMaxHorizonBytes / 1048576) +
                      " MiB per process");
  HorizonMap geometry;  // azimuths only
  geometry.grid = dem.grid;
  geometry.options = options;
  const int maxdim = std::max(dem.grid.width, dem.grid.height);
  const BigVector<float> transposed = transposed_heights(dem);
  const HeightLayouts heights{dem.height_m.data(), transposed.data()};
  jobs::parallel_for(static_cast<std::size_t>(count), threads, [&](std::size_t item) {
    const int k = first + static_cast<int>(item);
    const DirectionPlan plan(dem.grid, geometry.azimuth_rad(k), options);
    std::vector<double> stack(4 * static_cast<std::size_t>(maxdim));    // hull stacks
    BigVector<float> near(cells), work(plan.transposed() ? cells : 0);  // work reads zero
    float* band = bands + cells * item;
    float* out = plan.transposed() ? work.data() : band;
    plan.near_field(heights, 0, plan.layout_height(), near.data());
    plan.sweep(heights, plan.first_line(), plan.line_end(), stack.data(), near.data(), out);
    plan.finish(out, band);
  });
  return Ok{};
}

}  // namespace ce8::illumination
