// DEM grid: limits, sampling, windows, resampling, statistics, derived layers.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/terrain/dem.hpp"
#include "engine/terrain/derived.hpp"

namespace ce8::terrain {
namespace {

// A tilted plane z = a x + b y + c on a small grid.
Dem plane(double a, double b, double c, int w = 16, int h = 12, double cell = 10.0) {
  auto d = make_dem(GridGeometry::centered({5000.0, -3000.0}, w, h, cell));
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const MapXy p = d->grid.cell_center(i, j);
      d->at(i, j) = static_cast<float>(a * (p.x_m - 5000.0) + b * (p.y_m + 3000.0) + c);
    }
  return std::move(d).value();
}

TEST(TerrainDem, LimitsAreCheckedBeforeAllocating) {
  auto zero = make_dem(GridGeometry::centered({}, 0, 10, 1.0));
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("positive"), std::string::npos);
  auto huge = make_dem(GridGeometry::centered({}, kMaxGridDimension + 1, 10, 1.0));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("16384"), std::string::npos) << huge.error().message;
  EXPECT_FALSE(make_dem(GridGeometry::centered({}, 4, 4, 0.0)).ok());
  EXPECT_FALSE(make_dem(GridGeometry::centered({}, 4, 4, std::nan(""))).ok());
}

TEST(TerrainDem, BilinearIsExactOnPlanes) {
  const Dem d = plane(0.3, -0.2, 100.0);
  for (double x = 4935.0; x <= 5065.0; x += 3.7)
    for (double y = -3045.0; y <= -2955.0; y += 4.1) {
      const double expect = 0.3 * (x - 5000.0) - 0.2 * (y + 3000.0) + 100.0;
      EXPECT_NEAR(sample_bilinear(d, MapXy{x, y}), expect, 1e-3) << x << " " << y;
    }
  EXPECT_TRUE(std::isnan(sample_bilinear(d, MapXy{6000.0, -3000.0})));  // outside
}

TEST(TerrainDem, NodataPropagatesAndIsCounted) {
  Dem d = plane(0.0, 0.0, 7.0);
  d.at(5, 5) = kNodata;
  d.at(6, 5) = kNodata;
  const HeightStats s = height_stats(d);
  EXPECT_EQ(s.nodata_count, 2);
  EXPECT_FLOAT_EQ(s.min_height_m, 7.0f);
  EXPECT_TRUE(std::isnan(sample_bilinear(d, CellPos{5.5, 5.5})));
  EXPECT_FLOAT_EQ(sample_bilinear(d, CellPos{1.5, 1.5}), 7.0f);
  const Dem sl = slope_deg(d);
  EXPECT_TRUE(std::isnan(sl.at(4, 4)));  // touches nodata
  EXPECT_FLOAT_EQ(sl.at(1, 1), 0.0f);
}

TEST(TerrainDem, WindowKeepsGeoreference) {
  const Dem d = plane(0.3, -0.2, 100.0);
  auto w = window(d, 3, 4, 5, 6);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->width(), 5);
  EXPECT_FLOAT_EQ(w->at(0, 0), d.at(3, 4));
  EXPECT_FLOAT_EQ(w->at(4, 5), d.at(7, 9));
  const MapXy a = w->grid.cell_center(2, 2), b = d.grid.cell_center(5, 6);
  EXPECT_DOUBLE_EQ(a.x_m, b.x_m);
  EXPECT_DOUBLE_EQ(a.y_m, b.y_m);
  EXPECT_FALSE(window(d, 14, 0, 5, 2).ok());
}

TEST(TerrainDem, ResampleAndDownsample) {
  const Dem d = plane(0.3, -0.2, 100.0, 32, 32, 10.0);
  const GridGeometry fine = GridGeometry::centered({5000.0, -3000.0}, 50, 50, 5.0);
  auto r = resample(d, fine);
  ASSERT_TRUE(r.ok());
  for (int j = 2; j < 48; ++j)
    for (int i = 2; i < 48; ++i) {
      const MapXy p = fine.cell_center(i, j);
      EXPECT_NEAR(r->at(i, j), 0.3 * (p.x_m - 5000.0) - 0.2 * (p.y_m + 3000.0) + 100.0, 1e-3);
    }
  auto m = downsample_mean(d, 4);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->width(), 8);
  EXPECT_DOUBLE_EQ(m->cell_m(), 40.0);
  const MapXy c = m->grid.cell_center(3, 3);
  EXPECT_NEAR(m->at(3, 3), 0.3 * (c.x_m - 5000.0) - 0.2 * (c.y_m + 3000.0) + 100.0, 1e-3);
}

TEST(TerrainDerived, SlopeAspectNormalsOnPlane) {
  // z rises 1 m per metre toward +x: 45°, facing (downhill) west = 270°.
  const Dem d = plane(1.0, 0.0, 0.0);
  const Dem s = slope_deg(d), a = aspect_deg(d);
  const auto n = normals(d);
  for (int j = 0; j < d.height(); ++j)
    for (int i = 0; i < d.width(); ++i) {
      EXPECT_NEAR(s.at(i, j), 45.0, i == 0 || i == d.width() - 1 ? 20.0 : 1e-4);
      EXPECT_NEAR(a.at(i, j), 270.0, 1e-4);
    }
  const glm::vec3 c = n[static_cast<std::size_t>(5) * d.width() + 5];
  EXPECT_NEAR(c.x, -std::sqrt(0.5), 1e-6);
  EXPECT_NEAR(c.y, 0.0, 1e-6);
  EXPECT_NEAR(c.z, std::sqrt(0.5), 1e-6);
  // Rising toward +y: faces south (180°).
  EXPECT_NEAR(aspect_deg(plane(0.0, 0.5, 0.0)).at(5, 5), 180.0, 1e-4);
  EXPECT_NEAR(slope_deg(plane(0.0, 0.5, 0.0)).at(5, 5), std::atan(0.5) * 180.0 / 3.14159265358979,
              1e-4);
  // Roughness: largest difference in 3x3 = 2 cells * 10 m * 1 m/m along x.
  EXPECT_NEAR(roughness_m(d).at(5, 5), 20.0, 1e-4);
}

}  // namespace
}  // namespace ce8::terrain
