// Level-of-detail meshes: vertex layout, heights, winding, errors and crack-hiding skirts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "engine/terrain/derived.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/mesh.hpp"

namespace ce8::terrain {
namespace {

Dem sample_dem() {
  // 97 x 81 cells (not a multiple of the chunk size) of real model terrain near Shackleton.
  return generate(local_tile_grid(landing_sites()[3], 97, 60.0).sub(0, 0, 97, 81)).value();
}

TEST(TerrainMesh, LevelZeroIsTheGrid) {
  const Dem dem = sample_dem();
  MeshOptions opt;
  opt.chunk_cells = 32;
  opt.levels = 4;
  auto lod = build_lod_terrain(dem, opt);
  ASSERT_TRUE(lod.ok()) << lod.error().message;
  EXPECT_EQ(lod->chunks_x, 3);
  EXPECT_EQ(lod->chunks_y, 3);
  const ChunkMesh& m = lod->at(1, 1, 0);
  EXPECT_EQ(m.skirt_first_index % 3, 0u);
  EXPECT_EQ(m.height_error_m, 0.0f);
  // 33 x 33 surface vertices, then the skirt ring (4 * 32).
  ASSERT_EQ(m.positions.size(), 33u * 33u + 4u * 32u);
  for (int r = 0; r <= 32; ++r)
    for (int c = 0; c <= 32; ++c) {
      const glm::vec3 p = m.positions[r * 33 + c];
      const MapXy w = dem.grid.cell_center(32 + c, 32 + r);
      ASSERT_NEAR(p.x + m.origin.x_m, w.x_m, 1e-2);
      ASSERT_NEAR(p.y + m.origin.y_m, w.y_m, 1e-2);
      ASSERT_EQ(p.z, dem.at(32 + c, 32 + r));
    }
  // Surface triangles face up (counter-clockwise from above).
  for (std::size_t t = 0; t < m.skirt_first_index; t += 3) {
    const glm::vec3 a = m.positions[m.indices[t]], b = m.positions[m.indices[t + 1]],
                    c = m.positions[m.indices[t + 2]];
    ASSERT_GT(glm::cross(b - a, c - a).z, 0.0f);
  }
  EXPECT_EQ(m.skirt_first_index, 32u * 32u * 6u);
}

TEST(TerrainMesh, CoarserLevelsHaveFewerVerticesAndSkirtsCoverTheCracks) {
  const Dem dem = sample_dem();
  MeshOptions opt;
  opt.chunk_cells = 32;
  opt.levels = 4;
  auto lod = build_lod_terrain(dem, opt);
  ASSERT_TRUE(lod.ok());
  for (int l = 1; l < 4; ++l) {
    const ChunkMesh& m = lod->at(0, 0, l);
    const std::size_t n = 32 / (1u << l) + 1;
    EXPECT_EQ(m.skirt_first_index, (n - 1) * (n - 1) * 6);
    EXPECT_GE(m.height_error_m, lod->at(0, 0, l - 1).height_error_m * 0.99f);
    EXPECT_GT(m.height_error_m, 0.0f);
  }
  // Chunk (0,0) at level 0 beside chunk (1,0) at level 3: along their shared edge the coarse
  // chunk's edge is linear between its vertices; the gap to the fine edge must be hidden by
  // both skirts.
  const ChunkMesh& coarse = lod->at(1, 0, 3);
  const ChunkMesh& fine = lod->at(0, 0, 0);
  double gap = 0.0;
  for (int j = 0; j <= 32; ++j) {
    const int j0 = (j / 8) * 8, j1 = std::min(j0 + 8, 32);
    const double f = j1 == j0 ? 0.0 : static_cast<double>(j - j0) / (j1 - j0);
    const double edge = dem.at(32, j0) + (dem.at(32, j1) - dem.at(32, j0)) * f;
    gap = std::max(gap, std::fabs(edge - dem.at(32, j)));
  }
  EXPECT_GT(gap, 0.0);
  EXPECT_GE(coarse.skirt_depth_m, gap);
  EXPECT_GE(fine.skirt_depth_m, gap);
  // Choosing a level: near the viewer the finest, far away a coarse one.
  EXPECT_EQ(choose_level(*lod, 1, 1, 10.0, 1000.0), 0);
  EXPECT_EQ(choose_level(*lod, 1, 1, 1e7, 1000.0), 3);
}

TEST(TerrainMesh, RejectsBadOptions) {
  const Dem dem = sample_dem();
  MeshOptions opt;
  opt.chunk_cells = 4;
  opt.levels = 5;
  EXPECT_FALSE(build_lod_terrain(dem, opt).ok());
  EXPECT_FALSE(build_chunk_mesh(dem, normals(dem), 9, 0, 0).ok());
}

}  // namespace
}  // namespace ce8::terrain
