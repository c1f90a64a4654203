// The built-in south-pole model: determinism (bit-identical natively and in WebAssembly),
// catalogue craters where the gazetteer puts them, regional grid and local tiles agreeing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/terrain/derived.hpp"
#include "engine/terrain/generator.hpp"

namespace ce8::terrain {
namespace {

std::uint64_t fnv1a(const Dem& d) {
  std::uint64_t h = 1469598103934665603ULL;
  for (float v : d.height_m) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int k = 0; k < 4; ++k) {
      h ^= (bits >> (8 * k)) & 0xffu;
      h *= 1099511628211ULL;
    }
  }
  return h;
}

const CatalogueCrater& crater(const std::string& name) {
  for (const auto& c : catalogue_craters())
    if (name == c.name) return c;
  static CatalogueCrater none{};
  ADD_FAILURE() << "no crater " << name;
  return none;
}

TEST(TerrainGenerator, SameSeedSameBytesOnEveryTarget) {
  // A regional-resolution window over Shackleton and a 2 m local tile on the ridge site.
  // (The grids are pinned: the regional default and the ridge site changed with the LOLA
  // terrain; the synthetic model itself did not.)
  const GridGeometry g1 = regional_grid(2048, 225.0).sub(1000, 1010, 48, 40);
  const GridGeometry g2 = local_tile_grid({"ridge", "ridge", -89.4515, 259.517}, 40, 2.0);
  auto a = generate(g1, {42}), b = generate(g1, {42}), c = generate(g1, {43});
  auto t = generate(g2, {42});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && t.ok());
  EXPECT_EQ(a->height_m, b->height_m);
  EXPECT_NE(a->height_m, c->height_m);
  // Golden hashes of the float32 bytes, recorded natively (x86-64, glibc). The same test runs in
  // WebAssembly (musl) and must give the same bits: the model uses no libm transcendental.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%016llx %016llx", static_cast<unsigned long long>(fnv1a(*a)),
                static_cast<unsigned long long>(fnv1a(*t)));
  EXPECT_EQ(std::string(buf), "6149db7b78fb8b42 6a19f066426f21d1");
}

// Radial profile of the DEM around a catalogue crater: the median height over 360 azimuths at
// ground radius r (map radius r * k); the median ignores neighbours covering a few azimuths.
double ring_median(const Dem& dem, MapXy c, double k, double r_ground) {
  std::vector<double> v;
  for (int a = 0; a < 360; ++a) {
    const double th = a * 3.14159265358979 / 180.0;
    const float h = sample_bilinear(
        dem, MapXy{c.x_m + r_ground * k * std::sin(th), c.y_m + r_ground * k * std::cos(th)});
    if (!std::isnan(h)) v.push_back(h);
  }
  if (v.empty()) return std::nan("");
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

class CraterPlacement : public ::testing::TestWithParam<const char*> {};

TEST_P(CraterPlacement, RimAndFloorWhereTheGazetteerPutsThem) {
  const CatalogueCrater& cc = crater(GetParam());
  const double radius_m = cc.diameter_km * 500.0;
  const MapXy center = to_map(latlon_deg(cc.lat_deg, cc.lon_deg));
  const double k = scale_factor(deg_to_rad(cc.lat_deg));
  // 160 x 160 cells spanning 3.2 radii: cells of 2% of the radius.
  const double cell = 3.2 * radius_m * k / 160.0;
  auto dem = generate(GridGeometry::centered(center, 160, 160, cell));
  ASSERT_TRUE(dem.ok());

  // Rim crest: along each of 360 azimuths, the radius of the highest point between 0.7 and
  // 1.4 radii; their median is within 3% of D/2.
  std::vector<double> crest_r, crest_h;
  for (int a = 0; a < 360; ++a) {
    const double th = a * 3.14159265358979 / 180.0;
    double br = 0.0, bh = -1e30;
    for (double s = 0.7; s <= 1.4; s += 0.005) {
      const double r = s * radius_m * k;
      const float h = sample_bilinear(
          *dem, MapXy{center.x_m + r * std::sin(th), center.y_m + r * std::cos(th)});
      if (h > bh) {
        bh = h;
        br = s * radius_m;
      }
    }
    crest_r.push_back(br);
    crest_h.push_back(bh);
  }
  std::sort(crest_r.begin(), crest_r.end());
  std::sort(crest_h.begin(), crest_h.end());
  const double best_r = crest_r[180], best_h = crest_h[180];
  EXPECT_NEAR(best_r / radius_m, 1.0, 0.03) << cc.name;

  // Floor: the centroid of the depression (cells below the surroundings at 1.45 radii,
  // weighted by their depth below them, within 1.1 radii) lies near the published centre, and
  // the floor is far below the rim and the surroundings.
  const CraterShape shape = crater_shape(cc.diameter_km * 1000.0, cc.depth_km * 1000.0);
  const double outside = ring_median(*dem, center, k, 1.45 * radius_m);
  double sx = 0.0, sy = 0.0, sw = 0.0;
  float lowest = 1e30f;
  for (int j = 0; j < dem->height(); ++j)
    for (int i = 0; i < dem->width(); ++i) {
      const MapXy p = dem->grid.cell_center(i, j);
      if (std::hypot(p.x_m - center.x_m, p.y_m - center.y_m) / k > 1.1 * radius_m) continue;
      const double w = std::max(0.0, outside - dem->at(i, j));
      sx += w * p.x_m;
      sy += w * p.y_m;
      sw += w;
      lowest = std::min(lowest, dem->at(i, j));
    }
  ASSERT_GT(sw, 0.0);
  const double off = std::hypot(sx / sw - center.x_m, sy / sw - center.y_m) / k;
  std::printf(
      "[ terrain  ] %-11s rim radius %.3f of D/2, depression centroid %.3f R from "
      "centre, rim-floor %.0f m\n",
      cc.name, best_r / radius_m, off / radius_m, best_h - lowest);
  EXPECT_LT(off, 0.1 * radius_m) << cc.name;
  EXPECT_GT(best_h - lowest, 0.7 * (shape.depth_m)) << cc.name;
  EXPECT_LT(lowest, outside - 0.5 * shape.depth_m) << cc.name;  // floor below surroundings
  EXPECT_GT(best_h, outside) << cc.name;                        // rim above surroundings
}

INSTANTIATE_TEST_SUITE_P(Gazetteer, CraterPlacement,
                         ::testing::Values("Shackleton", "de Gerlache", "Shoemaker", "Haworth",
                                           "Faustini", "Sverdrup", "Cabeus", "Amundsen", "Nobile"));

TEST(TerrainGenerator, CraterProfilesFollowPike) {
  const CraterShape shackleton = crater_shape(21000.0, 4200.0);
  EXPECT_EQ(shackleton.floor_diameter_m, 0.0);  // simple bowl
  EXPECT_NEAR(crater_profile_m(shackleton, 0.0), -4200.0, 1e-6);
  const CraterShape small = crater_shape(1000.0);
  EXPECT_NEAR(small.depth_m / small.diameter_m, 0.196, 0.005);  // d/D ~ 0.2 for simple craters
  const CraterShape cabeus = crater_shape(100600.0);
  EXPECT_GT(cabeus.floor_diameter_m, 0.4 * cabeus.diameter_m);
  EXPECT_LT(cabeus.depth_m / cabeus.diameter_m, 0.06);  // complex: shallower
  EXPECT_GT(cabeus.peak_height_m, 0.0);
  EXPECT_EQ(cabeus.terraces, 3);
  EXPECT_GT(crater_profile_m(cabeus, 0.0), crater_profile_m(cabeus, 0.3 * 50300.0));  // peak
  // Continuous at the rim, positive ejecta decaying outward, zero beyond 3 radii.
  EXPECT_NEAR(crater_profile_m(cabeus, 50300.0 * 0.99999), cabeus.rim_height_m, 1.0);
  EXPECT_NEAR(crater_profile_m(cabeus, 50300.0 * 1.00001), cabeus.rim_height_m, 1.0);
  EXPECT_GT(crater_profile_m(cabeus, 80000.0), crater_profile_m(cabeus, 120000.0));
  EXPECT_EQ(crater_profile_m(cabeus, 160000.0), 0.0);
}

TEST(TerrainGenerator, MassifPlateauAndRidgeStandOut) {
  const SouthPoleModel model;
  const double cell = 225.0;
  auto h = [&](double lat, double lon) {
    return model.height_m(to_map(latlon_deg(lat, lon)), cell);
  };
  EXPECT_GT(h(-86.0, 0.0) - h(-84.0, 340.0), 4000.0);  // Malapert rises > 4 km
  const double plateau = h(landing_sites()[0].lat_deg, landing_sites()[0].lon_deg);
  const double shoemaker_floor = h(-88.14, 45.91);
  EXPECT_GT(plateau - shoemaker_floor, 8000.0);  // about 10 km of relief
  // The synthetic ridge's midpoint (the real ridge site lies elsewhere on real data).
  const MapXy r = to_map(latlon_deg(-89.4515, 259.517));
  // Higher on the ridge crest than 10 km to either side of it.
  const double crest = model.height_m(r, cell);
  EXPECT_GT(crest, model.height_m({r.x_m - 1500.0, r.y_m - 10000.0}, cell));
  EXPECT_GT(crest, model.height_m({r.x_m + 1500.0, r.y_m + 10000.0}, cell));
}

TEST(TerrainGenerator, RegionalGridCoversEverySiteAndThePole) {
  const GridGeometry g = regional_grid();
  EXPECT_TRUE(g.contains({0.0, 0.0}));
  for (const LandingSite& s : landing_sites()) {
    const MapBounds b = local_tile_grid(s).bounds();
    EXPECT_TRUE(g.contains({b.x_min_m, b.y_min_m}) && g.contains({b.x_max_m, b.y_max_m})) << s.id;
  }
}

TEST(TerrainGenerator, LocalTilesAgreeWithTheRegionalGrid) {
  for (const LandingSite& site : landing_sites()) {
    // Regional cells (225 m) around the site, and a 25 m local tile over the same ground.
    const GridGeometry reg = regional_grid(2048, 225.0);
    const CellPos c = reg.latlon_to_cell(latlon_deg(site.lat_deg, site.lon_deg));
    const int i0 = static_cast<int>(c.i) - 12, j0 = static_cast<int>(c.j) - 12;
    auto regional = generate(reg.sub(i0, j0, 24, 24));
    auto local = generate(GridGeometry::centered(reg.sub(i0, j0, 24, 24).center(), 216, 216, 25.0));
    ASSERT_TRUE(regional.ok() && local.ok());
    // The local tile averaged over each regional cell (9 x 9 local cells).
    auto avg = downsample_mean(*local, 9);
    ASSERT_TRUE(avg.ok());
    double sum2 = 0.0, shifted2 = 0.0, var = 0.0, mean = 0.0;
    const int n = 22 * 22;
    for (int j = 1; j < 23; ++j)
      for (int i = 1; i < 23; ++i) mean += regional->at(i, j) / n;
    for (int j = 1; j < 23; ++j)
      for (int i = 1; i < 23; ++i) {
        const double d = avg->at(i, j) - regional->at(i, j);
        const double ds = avg->at(i, j) - regional->at(i - 1, j - 1);
        sum2 += d * d;
        shifted2 += ds * ds;
        var += (regional->at(i, j) - mean) * (regional->at(i, j) - mean);
      }
    const double rms = std::sqrt(sum2 / n), rms_shifted = std::sqrt(shifted2 / n);
    const double sd = std::sqrt(var / n);
    std::printf(
        "[ terrain  ] %s: local(25 m, block mean) - regional(225 m): RMS %.1f m; "
        "one-cell misregistration %.1f m; relief SD %.1f m\n",
        site.id, rms, rms_shifted, sd);
    EXPECT_LT(rms, 25.0) << site.id;
    EXPECT_LT(rms, 0.5 * rms_shifted) << site.id;  // registration matters: a shift is worse
  }
}

}  // namespace
}  // namespace ce8::terrain
