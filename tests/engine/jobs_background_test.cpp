// The one job protocol (jobs::BackgroundJob): the same job gives the same result on a thread
// and in slices; slices stay within their budget; cancel stops either way. The terrain build
// job (heights, normals, LOD meshes) matches generate() + build_lod_terrain() byte for byte.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>

#include "engine/jobs/background.hpp"
#include "engine/terrain/build_job.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/mesh.hpp"

namespace {

using namespace ce8;
using jobs::BackgroundJob;
using jobs::JobState;

std::unique_ptr<terrain::TerrainBuildJob> small_build(int cells = 96) {
  const terrain::GridGeometry g = terrain::regional_grid(cells, 7200.0);
  auto job = terrain::TerrainBuildJob::generate(g, std::make_shared<terrain::SouthPoleModel>());
  EXPECT_TRUE(job.ok());
  return std::make_unique<terrain::TerrainBuildJob>(std::move(*job));
}

void expect_same_build(terrain::TerrainBuildJob& job, int cells) {
  const terrain::GridGeometry g = terrain::regional_grid(cells, 7200.0);
  const terrain::Dem ref = terrain::generate(g).value();
  const terrain::LodTerrain ref_lod = terrain::build_lod_terrain(ref).value();
  const terrain::Dem dem = job.take_dem();
  const terrain::LodTerrain lod = job.take_lod();
  ASSERT_EQ(dem.height_m.size(), ref.height_m.size());
  EXPECT_EQ(0, std::memcmp(dem.height_m.data(), ref.height_m.data(),
                           ref.height_m.size() * sizeof(float)));
  ASSERT_EQ(lod.meshes.size(), ref_lod.meshes.size());
  EXPECT_EQ(lod.chunks_x, ref_lod.chunks_x);
  for (std::size_t k = 0; k < lod.meshes.size(); ++k) {
    ASSERT_EQ(lod.meshes[k].positions.size(), ref_lod.meshes[k].positions.size()) << k;
    EXPECT_EQ(0, std::memcmp(lod.meshes[k].positions.data(), ref_lod.meshes[k].positions.data(),
                             lod.meshes[k].positions.size() * sizeof(glm::vec3)))
        << k;
    EXPECT_EQ(lod.meshes[k].indices, ref_lod.meshes[k].indices) << k;
  }
}

TEST(JobsBackground, TerrainBuildInSlicesMatchesOneShot) {
  BackgroundJob bg(small_build(), BackgroundJob::Mode::kSlices, 4);
  EXPECT_EQ(bg.mode(), BackgroundJob::Mode::kSlices);
  EXPECT_EQ(bg.threads(), 1);
  int polls = 0;
  double last = 0.0;
  JobState s;
  while ((s = bg.poll(0.0)) == JobState::kRunning) {  // the smallest slices: one item each
    ++polls;
    EXPECT_GE(bg.progress(), last);
    last = bg.progress();
  }
  ASSERT_EQ(s, JobState::kDone);
  EXPECT_GT(polls, 96);  // every row was its own slice
  EXPECT_DOUBLE_EQ(bg.progress(), 1.0);
  expect_same_build(bg.as<terrain::TerrainBuildJob>(), 96);
}

TEST(JobsBackground, TerrainBuildOnThreadsMatchesOneShot) {
  BackgroundJob bg(small_build(), BackgroundJob::Mode::kThread, 3);
  if (!jobs::threads_available()) {
    EXPECT_EQ(bg.mode(), BackgroundJob::Mode::kSlices);  // falls back, same protocol
  }
  JobState s;
  while ((s = bg.poll(0.005)) == JobState::kRunning) {
  }
  ASSERT_EQ(s, JobState::kDone);
  expect_same_build(bg.as<terrain::TerrainBuildJob>(), 96);
}

TEST(JobsBackground, SlicesAreCappedAtTheFrameBudget) {
  // A budget far over the cap: one poll must not run the whole (multi-second) build.
  BackgroundJob bg(small_build(512), BackgroundJob::Mode::kSlices, 1);
  const double t0 = jobs::monotonic_seconds();
  EXPECT_EQ(bg.poll(10.0), JobState::kRunning);
  const double took = jobs::monotonic_seconds() - t0;
  // One slice: the cap plus at most one work item (a 512-cell row), never seconds.
  EXPECT_LT(took, jobs::kMaxSliceS + 0.25);
  EXPECT_LT(bg.progress(), 0.9);
}

TEST(JobsBackground, CancelStopsSlicesAndThreads) {
  for (auto mode : {BackgroundJob::Mode::kSlices, BackgroundJob::Mode::kThread}) {
    BackgroundJob bg(small_build(384), mode, 2);
    bg.poll(0.001);
    bg.cancel();
    JobState s;
    while ((s = bg.poll(0.001)) == JobState::kRunning) {
    }
    EXPECT_EQ(s, JobState::kCancelled);
  }
}

TEST(JobsBackground, MeshOnlyBuildOfAGivenDem) {
  const terrain::GridGeometry g = terrain::regional_grid(64, 7200.0);
  auto job = std::make_unique<terrain::TerrainBuildJob>(
      terrain::TerrainBuildJob::mesh(terrain::generate(g).value()));
  EXPECT_EQ(job->stage(), 1);
  BackgroundJob bg(std::move(job));
  JobState s;
  while ((s = bg.poll(0.004)) == JobState::kRunning) {
  }
  ASSERT_EQ(s, JobState::kDone);
  expect_same_build(bg.as<terrain::TerrainBuildJob>(), 64);
}

}  // namespace
