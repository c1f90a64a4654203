// The Sun's visibility over a whole DEM for one instant, as a job: what the explorer's cast
// shadows upload each time the Sun has moved. The same numbers as disk_visibility_map
// (visibility.hpp), computed in row slices or on threads, so the browser's main thread never
// waits for them.
//
// Most of a map's cost is the geometry of each cell's local frame (the stereographic
// projection's trigonometry), which does not change with the Sun: a job computes those frames
// once (CellFrames) and later jobs on the same grid reuse them, leaving one atan2 and one asin
// per cell.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/visibility.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::illumination {

// The local frame of every cell of a grid (point_frame at its centre), row-major: 72 bytes a
// cell (19 MiB for the explorer's 512 x 512 shadow grid).
struct CellFrames {
  struct Frame {
    Vec3 grid_x, grid_y, up;
  };
  terrain::GridGeometry grid;
  std::vector<Frame> frames;
  bool matches(const terrain::GridGeometry& g) const;
};

class SunVisibilityJob final : public jobs::SteppedJob {
 public:
  // dir_body / radius_rad as in disk_visibility_map. `frames`: the frames of this grid from an
  // earlier job (frames()), or null to compute them. The job keeps references to the DEM and
  // the horizon map: keep both alive and unchanged until it ends.
  static Result<std::unique_ptr<SunVisibilityJob>> create(
      const terrain::Dem& dem, const HorizonMap& horizon, const Vec3& dir_body, double radius_rad,
      std::shared_ptr<const CellFrames> frames = nullptr);

  jobs::JobState step(double budget_s) override;
  double progress() const override { return progress_.fraction(); }
  jobs::JobState state() const override { return state_; }
  void cancel() override { cancel_.cancel(); }
  jobs::JobState run(int threads) override;

  // Valid once state() == kDone: the visible fraction per cell (0..1, NaN on nodata)...
  std::vector<float> take_result() { return std::move(out_); }
  // ...and the frames it used, for the next job on this grid.
  std::shared_ptr<const CellFrames> frames() const { return frames_; }

 private:
  SunVisibilityJob() = default;
  void do_row(int j);

  const terrain::Dem* dem_ = nullptr;
  const HorizonMap* horizon_ = nullptr;
  Vec3 dir_world_{};
  double radius_rad_ = 0.0;
  std::shared_ptr<const CellFrames> frames_;
  CellFrames* own_frames_ = nullptr;  // frames_ while this job fills them in
  std::vector<float> out_;
  int next_row_ = 0;
  jobs::JobState state_ = jobs::JobState::kRunning;
  jobs::CancelFlag cancel_;
  jobs::ProgressCounter progress_;
};

}  // namespace ce8::illumination
