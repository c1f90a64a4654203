// Progressive generation: bands of rows over several calls give the same bytes as generate().
#include <gtest/gtest.h>

#include <cstring>

#include "engine/terrain/generator.hpp"
#include "engine/terrain/progressive.hpp"

namespace {

using namespace ce8::terrain;

void expect_bit_identical(const Dem& a, const Dem& b) {
  ASSERT_EQ(a.height_m.size(), b.height_m.size());
  EXPECT_EQ(0,
            std::memcmp(a.height_m.data(), b.height_m.data(), a.height_m.size() * sizeof(float)));
  EXPECT_EQ(a.grid.x_min_m, b.grid.x_min_m);
  EXPECT_EQ(a.grid.y_max_m, b.grid.y_max_m);
  EXPECT_EQ(a.grid.cell_m, b.grid.cell_m);
}

TEST(TerrainProgressive, BandsAreBitIdenticalToOneShot) {
  const GridGeometry g = regional_grid(64, 7200.0);
  const Dem ref = generate(g).value();
  auto job = ProgressiveDem::start(g);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->progress(), 0.0);
  int calls = 0;
  while (!job->done()) {
    const int n = job->step(5);  // uneven bands: 5 does not divide 64
    EXPECT_GT(n, 0);
    ++calls;
    EXPECT_NEAR(job->progress(), job->rows_done() / 64.0, 1e-12);
  }
  EXPECT_EQ(calls, 13);
  EXPECT_EQ(job->progress(), 1.0);
  EXPECT_EQ(job->step(5), 0);
  auto dem = std::move(*job).take();
  ASSERT_TRUE(dem.ok());
  expect_bit_identical(*dem, ref);
}

TEST(TerrainProgressive, LocalTileWithInexactOriginIsBitIdentical) {
  // A landing-site tile: its origin is an arbitrary double, where a sub-grid origin would round.
  const GridGeometry g = local_tile_grid(landing_sites()[1], 48, 37.5);
  GeneratorOptions opt;
  opt.seed = 42;
  const Dem ref = generate(g, opt).value();
  auto job = ProgressiveDem::start(g, opt);
  ASSERT_TRUE(job.ok());
  while (!job->done()) job->step_for(0.0);  // zero budget: still one row per call
  expect_bit_identical(std::move(*job).take().value(), ref);
}

TEST(TerrainProgressive, PartialShowsRowsSoFarAndCancelStops) {
  auto job = ProgressiveDem::start(regional_grid(64, 7200.0));
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->step(10), 10);
  EXPECT_FALSE(is_nodata(job->partial().at(3, 9)));
  EXPECT_TRUE(is_nodata(job->partial().at(3, 10)));
  auto early = ProgressiveDem::start(regional_grid(64, 7200.0));
  EXPECT_FALSE(std::move(*early).take().ok());  // not finished
  job->cancel();
  EXPECT_TRUE(job->cancelled());
  EXPECT_EQ(job->step(10), 0);
  EXPECT_EQ(job->rows_done(), 10);
  auto r = std::move(*job).take();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cancelled"), std::string::npos);
}

TEST(TerrainProgressive, RefusesOversizedGrid) {
  auto job = ProgressiveDem::start(regional_grid(20000, 10.0));
  ASSERT_FALSE(job.ok());
  EXPECT_FALSE(job.error().message.empty());
}

}  // namespace
