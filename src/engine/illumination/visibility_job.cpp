#include "engine/illumination/visibility_job.hpp"

#include "engine/scenario/terrain_frame.hpp"

namespace ce8::illumination {

bool CellFrames::matches(const terrain::GridGeometry& g) const {
  return grid.width == g.width && grid.height == g.height && grid.x_min_m == g.x_min_m &&
         grid.y_max_m == g.y_max_m && grid.cell_m == g.cell_m && frames.size() == g.cells();
}

Result<std::unique_ptr<SunVisibilityJob>> SunVisibilityJob::create(
    const terrain::Dem& dem, const HorizonMap& horizon, const Vec3& dir_body, double radius_rad,
    std::shared_ptr<const CellFrames> frames) {
  if (horizon.grid.width != dem.width() || horizon.grid.height != dem.height() ||
      horizon.elevation_rad.size() != dem.grid.cells() * horizon.directions())
    return make_error("the horizon map does not belong to this DEM");
  if (frames && !frames->matches(dem.grid))
    return make_error("the cell frames belong to another grid");
  std::unique_ptr<SunVisibilityJob> job(new SunVisibilityJob());
  job->dem_ = &dem;
  job->horizon_ = &horizon;
  job->dir_world_ = ephemeris::normalized(scenario::body_to_terrain_world(dir_body));
  job->radius_rad_ = radius_rad;
  if (!frames) {
    auto own = std::make_shared<CellFrames>();
    own->grid = dem.grid;
    own->frames.resize(dem.grid.cells());
    job->own_frames_ = own.get();
    frames = std::move(own);
  }
  job->frames_ = std::move(frames);
  job->out_.resize(dem.grid.cells());
  job->progress_.set_total(static_cast<std::uint64_t>(dem.height()));
  return job;
}

void SunVisibilityJob::do_row(int j) {
  const int W = dem_->width();
  const std::size_t row = static_cast<std::size_t>(j) * W;
  if (own_frames_) {
    for (int i = 0; i < W; ++i) {
      const PointFrame f = point_frame(dem_->grid.cell_center(i, j));
      own_frames_->frames[row + i] = {f.grid_x, f.grid_y, f.up};
    }
  }
  const CellFrames::Frame* frames = frames_->frames.data() + row;
  for (int i = 0; i < W; ++i) {
    if (terrain::is_nodata(dem_->height_m[row + i])) {
      out_[row + i] = terrain::kNodata;
      continue;
    }
    PointFrame f;
    f.grid_x = frames[i].grid_x;
    f.grid_y = frames[i].grid_y;
    f.up = frames[i].up;
    const AzElRad ae = grid_az_el(f, dir_world_);
    out_[row + i] = static_cast<float>(
        disk_fraction_above(ae.el_rad, radius_rad_, horizon_->elevation_toward(i, j, ae.az_rad)));
  }
}

jobs::JobState SunVisibilityJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_row_ >= dem_->height()) break;
    do_row(next_row_++);
    progress_.add(1);
  } while (jobs::monotonic_seconds() < t_end);
  if (next_row_ >= dem_->height()) {
    own_frames_ = nullptr;
    state_ = jobs::JobState::kDone;
  }
  return state_;
}

jobs::JobState SunVisibilityJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const int first = next_row_, rows = dem_->height() - next_row_;
  const bool finished = jobs::parallel_for(
      static_cast<std::size_t>(rows), threads,
      [&](std::size_t k) {
        do_row(first + static_cast<int>(k));
        progress_.add(1);
      },
      &cancel_);
  next_row_ = dem_->height();
  own_frames_ = nullptr;
  state_ = finished && !cancel_.cancelled() ? jobs::JobState::kDone : jobs::JobState::kCancelled;
  return state_;
}

}  // namespace ce8::illumination
