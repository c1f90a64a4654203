// Layered horizons (far_horizon.hpp): a fine tile over a coarse regional grid. A distant
// mountain that exists only on the coarse grid must raise the tile's horizon toward it, as a
// single big fine DEM holding both would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "engine/illumination/far_horizon.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"

namespace {

using namespace ce8;
using namespace ce8::illumination;
using terrain::Dem;
using terrain::GridGeometry;

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = 180.0 / kPi;
constexpr int kDirs = 32;
constexpr double kCoarseM = 200.0, kFineM = 20.0;
constexpr int kCoarseN = 150, kFineN = 64;  // 30 km regional grid, 1.28 km tile
// The mountain: 2.5 km high, sigma 1.5 km, centred 10 km east (+x) and 4 km north (+y) of the
// tile, so its summit lies toward grid azimuth atan2(10, 4) = 68.2 deg.
constexpr double kMountX = 10000.0, kMountY = 4000.0;

double coarse_height(double x, double y) {
  const double dx = x - kMountX, dy = y - kMountY;
  return 2500.0 * std::exp(-(dx * dx + dy * dy) / (2.0 * 1500.0 * 1500.0)) +
         40.0 * std::sin(x / 3000.0) * std::cos(y / 4000.0);
}

struct Scene {
  Dem coarse, fine, big;  // big: the fine resolution over the whole coarse extent, tile pasted in
};

Scene make_scene() {
  Scene s;
  s.coarse =
      terrain::make_dem(GridGeometry::centered({0.0, 0.0}, kCoarseN, kCoarseN, kCoarseM)).value();
  for (int j = 0; j < kCoarseN; ++j)
    for (int i = 0; i < kCoarseN; ++i) {
      const terrain::MapXy p = s.coarse.grid.cell_center(i, j);
      s.coarse.at(i, j) = static_cast<float>(coarse_height(p.x_m, p.y_m));
    }
  // The tile: the coarse surface plus metre-scale detail of its own.
  s.fine = terrain::resample(s.coarse, GridGeometry::centered({0.0, 0.0}, kFineN, kFineN, kFineM))
               .value();
  for (int j = 0; j < kFineN; ++j)
    for (int i = 0; i < kFineN; ++i)
      s.fine.at(i, j) += static_cast<float>(3.0 * std::sin(0.7 * i) * std::cos(0.5 * j));
  const int bn = static_cast<int>(kCoarseN * kCoarseM / kFineM);
  s.big = terrain::resample(s.coarse, GridGeometry::centered({0.0, 0.0}, bn, bn, kFineM)).value();
  const int off = (bn - kFineN) / 2;  // both grids centred on (0, 0) with even sizes: aligned
  for (int j = 0; j < kFineN; ++j)
    for (int i = 0; i < kFineN; ++i) s.big.at(off + i, off + j) = s.fine.at(i, j);
  return s;
}

const Scene& scene() {
  static const Scene s = make_scene();
  return s;
}

// The reference: the tile cell's horizon by ray marching the single big fine DEM.
double reference(const Scene& s, int i, int j, int k, const HorizonOptions& o) {
  const int off = (s.big.width() - kFineN) / 2;
  return horizon_ray_march(s.big, {static_cast<double>(off + i), static_cast<double>(off + j)},
                           s.fine.at(i, j), 2.0 * kPi * k / o.directions, o);
}

TEST(IlluminationFarHorizon, DistantMountainRaisesTheTileHorizonLikeOneBigDem) {
  const Scene& s = scene();
  HorizonOptions o;
  o.directions = kDirs;
  o.observer_height_m = 2.0;
  auto tile_only = compute_horizon_map(s.fine, o);
  ASSERT_TRUE(tile_only.ok()) << tile_only.error().message;
  FarLayerStats st;
  auto layered = compute_layered_horizon_map(s.fine, s.coarse, o, 2, {}, &st);
  ASSERT_TRUE(layered.ok()) << layered.error().message;
  EXPECT_EQ(st.lattice_width, 5);  // columns 0, 16, 32, 48, 63
  // Toward the mountain (grid azimuth 67.5 deg = direction 6) from the tile centre: the tile
  // alone sees its own gentle ground, the layered map the mountain, as the big DEM does.
  const int c = kFineN / 2, k_mount = 6;
  const double ref = reference(s, c, c, k_mount, o);
  EXPECT_GT(ref * kDeg, 10.0);
  EXPECT_LT(tile_only->at(k_mount, c, c) * kDeg, 1.0);
  EXPECT_NEAR(layered->at(k_mount, c, c) * kDeg, ref * kDeg, 0.05);
  // Every 3rd cell (edges included), every direction, against the big DEM's ray march.
  double sum = 0.0, worst = 0.0, worst_mount = 0.0, worst_all = 0.0;
  int n = 0;
  for (int j = 0; j < kFineN; j += 3)
    for (int i = 0; i < kFineN; i += 3)
      for (int k = 0; k < kDirs; ++k) {
        const double e = std::fabs(layered->at(k, i, j) - reference(s, i, j, k, o)) * kDeg;
        sum += e;
        ++n;
        worst_all = std::max(worst_all, e);
        if (i < 3 || j < 3 || i > kFineN - 4 || j > kFineN - 4) continue;
        worst = std::max(worst, e);
        if (k >= 5 && k <= 7) worst_mount = std::max(worst_mount, e);
      }
  std::printf(
      "layered vs big-DEM ray march: mean %.4f deg, max %.4f deg (edge cells included %.4f "
      "deg), toward the mountain max %.4f deg; far DEM raised %.1f%% of cell-directions\n",
      sum / n, worst, worst_all, worst_mount, 100.0 * st.raised_fraction);
  // Tolerances: the far terrain is sampled at the coarse columns (linear between 200 m cells)
  // instead of every 20 m on its bilinear surface (the mountain's curvature makes that a few
  // metres at 10 km, ~0.03 deg), the lattice blends four corners' far samples (first-order
  // exact), and the tile's near field comes from the sweep instead of ray marching (its error on
  // smooth ground is ~0.01 deg, illumination_horizon_test). Cells within 3 of the tile's edge are
  // left out of the maxima: there the tile's 3 m detail meets the coarse surface a few tens of
  // metres away (3 m at 60 m is 2.9 deg), which the lattice does not resolve; they stay in the
  // mean.
  EXPECT_LT(worst, 0.5);
}

TEST(IlluminationFarHorizon, LayeredIsNeverBelowTheTileTerrainAlone) {
  const Scene& s = scene();
  HorizonOptions o;
  o.directions = 16;
  o.sphere_beyond_grid = false;  // the tile's own terrain, nothing assumed beyond it
  auto near = compute_horizon_map(s.fine, o);
  ASSERT_TRUE(near.ok());
  auto layered = compute_layered_horizon_map(s.fine, s.coarse, o);
  ASSERT_TRUE(layered.ok());
  for (std::size_t q = 0; q < near->elevation_rad.size(); ++q) {
    const int cell = static_cast<int>(q % near->cells());
    const int i = cell % kFineN, j = cell / kFineN;
    if (i == 0 || j == 0 || i == kFineN - 1 || j == kFineN - 1) continue;  // edge rule
    ASSERT_GE(layered->elevation_rad[q], near->elevation_rad[q]) << q;
  }
}

TEST(IlluminationFarHorizon, SiteHorizonMatchesTheBigDemAndFeedsTheSeries) {
  const Scene& s = scene();
  HorizonOptions o;
  o.directions = kDirs;
  const terrain::MapXy p = s.fine.grid.cell_center(20, 40);
  auto hz = horizon_at_point_layered(s.fine, s.coarse, p, o);
  ASSERT_TRUE(hz.ok()) << hz.error().message;
  for (int k = 0; k < kDirs; ++k)
    EXPECT_NEAR((*hz)[k] * kDeg, reference(s, 20, 40, k, o) * kDeg, 0.05) << k;
  // The series uses the layered horizon when given the far DEM.
  const auto from = time::parse_iso8601("2028-10-01T00:00:00Z").value();
  const TimeWindow w{from, time::add_seconds(from, 6 * 3600.0), 3600.0};
  auto with = site_time_series(s.fine, p, w, o, &s.coarse);
  ASSERT_TRUE(with.ok()) << with.error().message;
  auto without = site_time_series(s.fine, p, w, o);
  ASSERT_TRUE(without.ok());
  ASSERT_EQ(with->size(), 7u);
  for (const SiteSample& q : *with) EXPECT_TRUE(std::isfinite(q.horizon_toward_sun_rad));
}

TEST(IlluminationFarHorizon, FineDemOutsideTheFarDemIsRefusedAndNothingChanges) {
  const Scene& s = scene();
  Dem outside =
      terrain::make_dem(GridGeometry::centered({14900.0, 0.0}, 32, 32, kFineM), 10.0f).value();
  auto ok = check_far_dem(outside, s.coarse);
  ASSERT_FALSE(ok.ok());
  const std::string& m = ok.error().message;
  EXPECT_NE(m.find("is not inside the far DEM"), std::string::npos) << m;
  EXPECT_NE(m.find("+x edge"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos);
  HorizonOptions o;
  o.directions = 8;
  auto map = compute_horizon_map(outside, o);
  ASSERT_TRUE(map.ok());
  const std::vector<float> before(map->elevation_rad.begin(), map->elevation_rad.end());
  EXPECT_FALSE(layer_far_horizon(*map, outside, s.coarse).ok());
  EXPECT_TRUE(std::equal(before.begin(), before.end(), map->elevation_rad.begin()));
  EXPECT_FALSE(compute_layered_horizon_map(outside, s.coarse, o).ok());
  EXPECT_FALSE(horizon_at_point_layered(outside, s.coarse, outside.grid.center(), o).ok());
  FarHorizonOptions bad;
  bad.lattice_cells = 0;
  EXPECT_FALSE(layer_far_horizon(*map, s.fine, s.coarse, bad).ok());
}

}  // namespace
