#include "engine/terrain/placeholder.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <glm/geometric.hpp>

namespace ce8::terrain {
namespace {

TEST(PlaceholderTerrain, IsDeterministicAndFinite) {
  const Heightfield a = make_placeholder_south_pole(65, 120000.0);
  const Heightfield b = make_placeholder_south_pole(65, 120000.0);
  ASSERT_EQ(a.heights_m.size(), 65u * 65u);
  EXPECT_EQ(a.heights_m, b.heights_m);
  for (float h : a.heights_m) ASSERT_TRUE(std::isfinite(h));
}

TEST(PlaceholderTerrain, ShackletonIsADeepBowlNearThePole) {
  // Shackleton (-89.67, 130.8 E, 21 km) lies about 10 km from the pole toward +x, -y.
  const Heightfield f = make_placeholder_south_pole(241, 120000.0);
  const double rho = 2.0 * 1737400.0 * std::tan((90.0 - 89.67) * M_PI / 360.0);
  const double x = rho * std::sin(130.8 * M_PI / 180.0), y = rho * std::cos(130.8 * M_PI / 180.0);
  const int i = static_cast<int>(std::lround(x / f.cell_m + (f.width - 1) / 2.0));
  const int j = static_cast<int>(std::lround((f.height - 1) / 2.0 - y / f.cell_m));
  const float floor_h = f.at(i, j);
  const float rim_h = f.at(i + static_cast<int>(10500.0 / f.cell_m), j);
  EXPECT_LT(floor_h, rim_h - 2500.0f) << "crater floor should lie kilometres below its rim";
}

TEST(Normals, FlatGroundPointsUpAndSlopeTiltsAway) {
  Heightfield f;
  f.width = f.height = 3;
  f.cell_m = 10.0;
  // Height rises 10 m per cell toward +x: a 45 degree slope facing -x.
  f.heights_m = {0, 10, 20, 0, 10, 20, 0, 10, 20};
  const auto n = compute_normals(f);
  const glm::vec3 c = n[4];
  EXPECT_NEAR(c.x, -std::sqrt(0.5f), 1e-6);
  EXPECT_NEAR(c.y, 0.0f, 1e-6);
  EXPECT_NEAR(c.z, std::sqrt(0.5f), 1e-6);
  for (const auto& v : n) EXPECT_NEAR(glm::length(v), 1.0f, 1e-6);
}

}  // namespace
}  // namespace ce8::terrain
