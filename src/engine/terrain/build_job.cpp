#include "engine/terrain/build_job.hpp"

#include <algorithm>
#include <utility>

#include "engine/terrain/derived.hpp"

namespace ce8::terrain {

namespace {
// Share of the progress bar per stage when heights are generated (the normals are quick).
constexpr double kHeightsShare = 0.75;
}  // namespace

Result<TerrainBuildJob> TerrainBuildJob::generate(const GridGeometry& grid,
                                                  std::shared_ptr<const HeightModel> model,
                                                  const MeshOptions& options) {
  if (!model) return make_error("no height model");
  auto dem = make_dem(grid, kNodata);
  if (!dem) return dem.error();
  TerrainBuildJob job;
  job.dem_ = std::move(*dem);
  job.model_ = std::move(model);
  job.options_ = options;
  job.rows_done_.set_total(static_cast<std::uint64_t>(grid.height));
  return job;
}

TerrainBuildJob TerrainBuildJob::mesh(Dem dem, const MeshOptions& options) {
  TerrainBuildJob job;
  job.dem_ = std::move(dem);
  job.options_ = options;
  job.stage_ = 1;
  return job;
}

TerrainBuildJob::TerrainBuildJob(TerrainBuildJob&& o) noexcept
    : dem_(std::move(o.dem_)),
      model_(std::move(o.model_)),
      options_(o.options_),
      normals_(std::move(o.normals_)),
      lod_(std::move(o.lod_)),
      stage_(o.stage_.load()),
      next_row_(o.next_row_),
      next_mesh_(o.next_mesh_),
      state_(o.state_.load()),
      error_(std::move(o.error_)) {
  rows_done_.set_total(o.rows_done_.total());
  rows_done_.add(o.rows_done_.done());
  meshes_done_.set_total(o.meshes_done_.total());
  meshes_done_.add(o.meshes_done_.done());
}

double TerrainBuildJob::progress() const {
  const double meshes = meshes_done_.total() ? meshes_done_.fraction() : 0.0;
  if (!model_) return meshes;
  return kHeightsShare * rows_done_.fraction() + (1.0 - kHeightsShare) * meshes;
}

void TerrainBuildJob::generate_row(int j) {
  const GridGeometry& g = dem_.grid;
  for (int i = 0; i < g.width; ++i)
    dem_.at(i, j) = static_cast<float>(model_->height_m(g.cell_center(i, j), g.cell_m));
  rows_done_.add(1);
}

Status TerrainBuildJob::begin_meshes() {
  if (options_.levels < 1 || options_.levels > 16)
    return make_error("mesh levels must be between 1 and 16");
  if (options_.chunk_cells < 2 || (options_.chunk_cells >> (options_.levels - 1)) < 1)
    return make_error("chunk_cells must be at least 2^(levels-1)");
  if (dem_.width() < 2 || dem_.height() < 2) return make_error("DEM too small for a mesh");
  normals_ = normals(dem_);
  lod_ = {};
  lod_.chunk_cells = options_.chunk_cells;
  lod_.levels = options_.levels;
  lod_.chunks_x =
      std::max(1, (dem_.grid.width - 1 + options_.chunk_cells - 1) / options_.chunk_cells);
  lod_.chunks_y =
      std::max(1, (dem_.grid.height - 1 + options_.chunk_cells - 1) / options_.chunk_cells);
  lod_.meshes.resize(static_cast<std::size_t>(mesh_total()));
  meshes_done_.set_total(static_cast<std::uint64_t>(mesh_total()));
  stage_ = 2;
  return Ok{};
}

Status TerrainBuildJob::mesh_item(int k) {
  const int level = k % lod_.levels;
  const int chunk = k / lod_.levels;
  auto mesh = build_chunk_mesh(dem_, normals_, chunk % lod_.chunks_x, chunk / lod_.chunks_x, level,
                               options_);
  if (!mesh) return mesh.error();
  lod_.meshes[static_cast<std::size_t>(k)] = std::move(*mesh);
  meshes_done_.add(1);
  return Ok{};
}

jobs::JobState TerrainBuildJob::finish(jobs::JobState s) {
  if (s == jobs::JobState::kDone) normals_ = {};
  state_.store(s, std::memory_order_release);
  return s;
}

jobs::JobState TerrainBuildJob::step(double budget_s) {
  if (state() != jobs::JobState::kRunning) return state();
  const double until = jobs::monotonic_seconds() + budget_s;
  do {
    if (cancel_.cancelled()) return finish(jobs::JobState::kCancelled);
    if (stage_ == 0) {
      generate_row(next_row_++);
      if (next_row_ >= dem_.grid.height) stage_ = 1;
    } else if (stage_ == 1) {
      if (auto begun = begin_meshes(); !begun) {
        error_ = begun.error().message;
        return finish(jobs::JobState::kFailed);
      }
    } else {
      if (next_mesh_ >= mesh_total()) return finish(jobs::JobState::kDone);
      if (auto made = mesh_item(next_mesh_++); !made) {
        error_ = made.error().message;
        return finish(jobs::JobState::kFailed);
      }
    }
  } while (jobs::monotonic_seconds() < until);
  return state();
}

jobs::JobState TerrainBuildJob::run(int threads) {
  if (state() != jobs::JobState::kRunning) return state();
  if (stage_ == 0) {
    const int first = next_row_;
    const bool all = jobs::parallel_for(
        static_cast<std::size_t>(dem_.grid.height - first), threads,
        [&](std::size_t k) { generate_row(first + static_cast<int>(k)); }, &cancel_);
    if (!all) return finish(jobs::JobState::kCancelled);
    next_row_ = dem_.grid.height;
    stage_ = 1;
  }
  if (stage_ == 1) {
    if (auto begun = begin_meshes(); !begun) {
      error_ = begun.error().message;
      return finish(jobs::JobState::kFailed);
    }
  }
  std::atomic<bool> failed{false};
  const int first = next_mesh_;
  const bool all = jobs::parallel_for(
      static_cast<std::size_t>(mesh_total() - first), threads,
      [&](std::size_t k) {
        if (failed.load()) return;
        auto made = mesh_item(first + static_cast<int>(k));
        if (!made && !failed.exchange(true)) error_ = made.error().message;  // the first one
      },
      &cancel_);
  if (failed.load()) return finish(jobs::JobState::kFailed);
  if (!all) return finish(jobs::JobState::kCancelled);
  next_mesh_ = mesh_total();
  return finish(jobs::JobState::kDone);
}

}  // namespace ce8::terrain
