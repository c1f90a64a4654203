// A terrain build as one background job (jobs::SteppedJob, run through jobs::BackgroundJob):
// the grid's heights from a height model (the built-in LOLA terrain) row by row, then the
// normals, then every LOD chunk mesh. The explorer's start-up terrain, its background rebuilds
// and its local tiles all use it; an imported DEM starts at the normals. Stepped, a slice does
// rows or chunks until its budget is spent (the normals are one item); run(threads) spreads the
// rows and the chunks over threads. The heights are bit-identical to ProgressiveDem's and
// generate()'s on the same grid (the same cell-centre expression and model).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/mesh.hpp"

namespace ce8::terrain {

class TerrainBuildJob final : public jobs::SteppedJob {
 public:
  // Heights of `grid` from `model` first (checks the grid, allocates it).
  static Result<TerrainBuildJob> generate(const GridGeometry& grid,
                                          std::shared_ptr<const HeightModel> model,
                                          const MeshOptions& options = {});
  // A DEM at hand (an import): normals and meshes only.
  static TerrainBuildJob mesh(Dem dem, const MeshOptions& options = {});

  jobs::JobState step(double budget_s) override;
  double progress() const override;
  jobs::JobState state() const override { return state_.load(std::memory_order_acquire); }
  void cancel() override { cancel_.cancel(); }
  jobs::JobState run(int threads) override;

  // 0: heights, 1: normals, 2: meshes (for a progress label).
  int stage() const { return stage_.load(std::memory_order_relaxed); }
  // Why the job failed (state() == kFailed).
  const std::string& error() const { return error_; }
  // The finished grid and meshes (state() == kDone); moved out.
  Dem take_dem() { return std::move(dem_); }
  LodTerrain take_lod() { return std::move(lod_); }

  TerrainBuildJob(TerrainBuildJob&& o) noexcept;
  TerrainBuildJob& operator=(TerrainBuildJob&&) = delete;

 private:
  TerrainBuildJob() = default;
  void generate_row(int j);
  Status begin_meshes();  // the normals and the mesh table
  Status mesh_item(int k);
  int mesh_total() const { return lod_.chunks_x * lod_.chunks_y * lod_.levels; }
  jobs::JobState finish(jobs::JobState s);

  Dem dem_;
  std::shared_ptr<const HeightModel> model_;  // null: the heights are given
  MeshOptions options_;
  std::vector<glm::vec3> normals_;
  LodTerrain lod_;
  std::atomic<int> stage_{0};
  int next_row_ = 0;
  int next_mesh_ = 0;
  jobs::ProgressCounter rows_done_, meshes_done_;
  jobs::CancelFlag cancel_;
  std::atomic<jobs::JobState> state_{jobs::JobState::kRunning};
  std::string error_;
};

}  // namespace ce8::terrain
