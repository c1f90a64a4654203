// The real Moon built in: the PDS3 reader, the pole-aware reprojection of LDEM_4 and the layered
// LOLA terrain (terrain/pds3, terrain/cylindrical, terrain/lola_terrain).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/mission/catalogue.hpp"
#include "engine/terrain/cylindrical.hpp"
#include "engine/terrain/lola_data.hpp"
#include "engine/terrain/lola_terrain.hpp"
#include "engine/terrain/pds3.hpp"

namespace ce8::terrain {
namespace {

std::string embedded_text(const char* name) {
  for (const EmbeddedFile& f : embedded_lola_files())
    if (std::string(f.name) == name)
      return std::string(reinterpret_cast<const char*>(f.data), f.size);
  return {};
}

std::shared_ptr<const LolaTerrain> moon() {
  static auto m = LolaTerrain::builtin();
  EXPECT_TRUE(m) << m.error().message;
  return *m;
}

const char* kPolarLabel = R"(PDS_VERSION_ID = "PDS3"
RECORD_BYTES = 8
^IMAGE = ("T.IMG", 1)
OBJECT = IMAGE
  LINES = 2
  LINE_SAMPLES = 2
  SAMPLE_TYPE = PC_REAL
  SAMPLE_BITS = 32
  UNIT = KILOMETER
  SCALING_FACTOR = 1
  OFFSET = 1737.4
  MISSING_CONSTANT = 16#FF7FFFFB#
END_OBJECT = IMAGE
OBJECT = IMAGE_MAP_PROJECTION
  MAP_PROJECTION_TYPE = "POLAR STEREOGRAPHIC"
  A_AXIS_RADIUS = 1737.4 <KM>
  CENTER_LATITUDE = -90.0 <DEG>
  CENTER_LONGITUDE = 0.0 <DEG>
  MAP_SCALE = 20 <METERS/PIXEL>
  LINE_PROJECTION_OFFSET = 0.5 <PIXEL>
  SAMPLE_PROJECTION_OFFSET = 0.5 <PIXEL>
END_OBJECT = IMAGE_MAP_PROJECTION
END
)";

TEST(Pds3, ReadsTheShippedLdem4CapLabel) {
  auto l = parse_pds3_label(embedded_text("ldem4-cap.lbl"));
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->projection, Pds3Projection::kSimpleCylindrical);
  EXPECT_EQ(l->samples, 1440);
  EXPECT_EQ(l->lines, 80);
  EXPECT_EQ(l->sample_bytes, 2);
  EXPECT_DOUBLE_EQ(l->scaling_factor, 0.5);
  EXPECT_DOUBLE_EQ(l->offset, 0.0);  // the radius offset is dropped: heights above the sphere
  EXPECT_DOUBLE_EQ(l->map_resolution_ppd, 4.0);
  EXPECT_EQ(l->image_file, "ldem4-cap.img");
}

TEST(Pds3, FloatKilometreProductWithMissingConstant) {
  auto l = parse_pds3_label(kPolarLabel);
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_TRUE(l->is_float);
  EXPECT_DOUBLE_EQ(l->unit_m, 1000.0);
  EXPECT_DOUBLE_EQ(l->map_scale_m, 20.0);
  float v[4] = {-1.5f, 0.25f, 0.0f, 0.0f};
  const std::uint32_t missing = 0xFF7FFFFBu;
  std::memcpy(&v[2], &missing, 4);
  auto dem = pds3_polar(*l, std::as_bytes(std::span<const float>(v, 4)));
  ASSERT_TRUE(dem) << dem.error().message;
  EXPECT_FLOAT_EQ(dem->at(0, 0), -1500.0f);
  EXPECT_FLOAT_EQ(dem->at(1, 0), 250.0f);
  EXPECT_TRUE(is_nodata(dem->at(0, 1)));
  // Centred on the pole: cells of 20 m, outer edges at +-20 m.
  EXPECT_DOUBLE_EQ(dem->grid.x_min_m, -20.0);
  EXPECT_DOUBLE_EQ(dem->grid.y_max_m, 20.0);
}

TEST(Pds3, BadLabelsAreRefusedWithTheirReason) {
  std::string unknown = kPolarLabel;
  unknown.replace(unknown.find("POLAR STEREOGRAPHIC"), 19, "LAMBERT AZIMUTHAL");
  auto a = parse_pds3_label(unknown);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("unknown projection 'LAMBERT AZIMUTHAL'"), std::string::npos);

  std::string truncated = kPolarLabel;
  truncated.resize(truncated.find("OBJECT = IMAGE_MAP"));
  auto b = parse_pds3_label(truncated);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("no END"), std::string::npos) << b.error().message;

  EXPECT_FALSE(parse_pds3_label("GIF89a..."));

  auto l = parse_pds3_label(kPolarLabel);
  ASSERT_TRUE(l);
  auto small = check_pds3_size(*l, 15);
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().message.find("2 x 2 float32 samples (16 bytes)"), std::string::npos)
      << small.error().message;
  EXPECT_FALSE(check_pds3_size(*l, 1 << 20));  // a much larger file is another product
  EXPECT_TRUE(check_pds3_size(*l, 16));
}

TEST(Cylindrical, ExactAtSampleCentresAndSingleValuedAtThePole) {
  const LolaTerrain& m = *moon();
  (void)m;
  auto l = parse_pds3_label(embedded_text("ldem4-cap.lbl"));
  ASSERT_TRUE(l);
  std::string img = embedded_text("ldem4-cap.img");
  auto g = pds3_cylindrical(*l, RowSpan{0, l->lines}, std::as_bytes(std::span(img)));
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_NEAR(g->top_lat_deg, -70.125, 1e-12);
  EXPECT_NEAR(g->bottom_lat_deg(), -89.875, 1e-12);
  EXPECT_NEAR(g->left_lon_deg, 0.125, 1e-12);
  const CylindricalSampler s(*g);
  ASSERT_TRUE(s.reaches_south_pole());
  // A sample centre returns the (longitude-averaged) sample: Catmull-Rom interpolates.
  // At 84.625 S a latitude step spans 10.8 columns: the row is averaged over 11 of them.
  double mean = 0.0;
  for (int i = 119; i <= 129; ++i) mean += g->at(i, 58) / 11.0;
  EXPECT_NEAR(s.height_m(-84.625, 31.125), mean, 1e-3);
  // LDEM_4 puts about 5.1 km at Mons Mouton (84.6 S, 31 E) and -790 m at 31 W.
  EXPECT_GT(s.height_m(-84.6, 31.0), 4500.0f);
  EXPECT_LT(s.height_m(-84.6, 329.0), 0.0f);
  // The pole is one point: the same height from every longitude, and continuous around it.
  const float pole = s.height_m(-90.0, 0.0);
  for (double lon : {37.0, 123.4, 200.0, 359.9}) EXPECT_FLOAT_EQ(s.height_m(-90.0, lon), pole);
  for (double lon = 0.0; lon < 360.0; lon += 15.0) {
    // 3 m from the pole, on Shackleton's wall (slopes up to ~0.5): within 2 m of it.
    EXPECT_NEAR(s.height_m(-89.9999, lon), pole, 2.0) << lon;
    // 3 cm inside and outside the last row's ring agree (no step at the ring).
    EXPECT_NEAR(s.height_m(-89.874999, lon), s.height_m(-89.875001, lon), 0.1) << lon;
  }
  // Longitude wraps: 359.99 E and -0.01 E are the same place.
  EXPECT_FLOAT_EQ(s.height_m(-85.0, 359.99), s.height_m(-85.0, -0.01));
}

TEST(Cylindrical, ABandThatStopsShortOfTheAreaIsRefused) {
  auto l = parse_pds3_label(embedded_text("ldem4-cap.lbl"));
  ASSERT_TRUE(l);
  std::string img = embedded_text("ldem4-cap.img");
  // Only the rows down to 80 S: it does not reach the pole.
  const int rows = 40;
  auto g =
      pds3_cylindrical(*l, RowSpan{0, rows},
                       std::as_bytes(std::span(img)).first(static_cast<std::size_t>(rows) * 2880));
  ASSERT_TRUE(g) << g.error().message;
  auto r = reproject_to_polar(*g, regional_grid(64, 1000.0));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("does not reach the south pole"), std::string::npos)
      << r.error().message;
  // The whole cap reaches 70 S; a grid out to 60 S is refused, naming both extents.
  auto whole = pds3_cylindrical(*l, RowSpan{0, l->lines}, std::as_bytes(std::span(img)));
  ASSERT_TRUE(whole);
  auto far = reproject_to_polar(*whole, regional_grid(64, 15000.0));
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().message.find("does not reach the area"), std::string::npos)
      << far.error().message;
  EXPECT_TRUE(reproject_to_polar(*whole, regional_grid(64, 5000.0)));
}

TEST(LolaTerrain, MonsMoutonStandsWhereTheGazetteerPutsIt) {
  const LolaTerrain& m = *moon();
  // The plateau top (84.6 S, 31 E) is about 5 km above the sphere, 1.5 km above the ground
  // 40 km to its west-northwest, and higher than Shoemaker's floor by far.
  const double top = m.real_height_m(to_map(latlon_deg(-84.6, 31.0)));
  EXPECT_GT(top, 4500.0);
  EXPECT_LT(m.real_height_m(to_map(latlon_deg(-88.1, 45.9))), 0.0);  // Shoemaker's floor
}

TEST(LolaTerrain, FineGridsBlendWithoutSeams) {
  const LolaTerrain& m = *moon();
  ASSERT_EQ(m.layers().size(), 4u);
  // Walk across each fine grid's edge in 10 m steps: no jump larger than the ground's own slope
  // allows (a seam would be a step of tens to hundreds of metres).
  for (std::size_t k = 1; k < m.layers().size(); ++k) {
    const MapBounds b = m.layers()[k].bounds;
    const double y = 0.5 * (b.y_min_m + b.y_max_m);
    const double step = std::min(10.0, m.layers()[k].cell_m);
    double worst = 0.0;
    double prev = m.real_height_m({b.x_min_m - 500.0, y});
    for (double x = b.x_min_m - 500.0 + step; x < b.x_min_m + 2000.0; x += step) {
      const double h = m.real_height_m({x, y});
      worst = std::max(worst, std::fabs(h - prev) / step);
      prev = h;
    }
    EXPECT_LT(worst, 1.0) << m.layers()[k].name;  // at most a 45 deg slope, anywhere
  }
}

TEST(LolaTerrain, TheLoweredBoxOfThe200mGridIsGone) {
  const LolaTerrain& m = *moon();
  // Across the box edge (x = -9400 m) the 200 m data without the fix stepped by 130-155 m.
  // With the 40 m grid averaged in, the two sides agree with the 40 m grid itself.
  for (double y : {-7000.0, -10600.0, -14000.0}) {
    const double outside = m.real_height_m({-9700.0, y});
    const double inside = m.real_height_m({-9100.0, y});
    EXPECT_LT(std::fabs(outside - inside), 100.0) << y;
  }
}

TEST(LolaTerrain, SyntheticDetailIsSmallAndZeroMeanAgainstTheData) {
  const LolaTerrain& m = *moon();
  double sum = 0.0, sum2 = 0.0;
  int n = 0;
  for (int j = 0; j < 64; ++j)
    for (int i = 0; i < 64; ++i) {
      const MapXy p{-150000.0 + i * 4690.0, -150000.0 + j * 4690.0};
      const double d = m.height_m(p, 20.0) - m.real_height_m(p);  // a local tile's cells
      sum += d;
      sum2 += d * d;
      ++n;
      // The explorer's 600 m regional grid carries no synthetic detail at all.
      EXPECT_EQ(m.height_m(p, 600.0), m.real_height_m(p));
    }
  const double mean = sum / n, rms = std::sqrt(sum2 / n);
  EXPECT_LT(std::fabs(mean), 5.0);
  EXPECT_GT(rms, 5.0);   // there is detail
  EXPECT_LT(rms, 40.0);  // and it is small beside the kilometres of real relief
}

TEST(LolaTerrain, DescribesWhatIsRealWhere) {
  const LolaTerrain& m = *moon();
  const std::string regional = m.describe(regional_grid(1024, 600.0));
  EXPECT_NE(regional.find("LOLA LDEM_4"), std::string::npos) << regional;
  EXPECT_NE(regional.find("LOLA 40 m"), std::string::npos) << regional;
  EXPECT_EQ(regional.find("synthetic"), std::string::npos) << regional;  // none at 600 m
  const GridGeometry tile =
      GridGeometry::centered(to_map(latlon_deg(-85.3, 317.9)), 512, 512, 20.0);
  const std::string cabeus = m.describe(tile);
  EXPECT_EQ(cabeus.find("LOLA 40 m"), std::string::npos) << cabeus;
  EXPECT_NE(cabeus.find("7.6 km"), std::string::npos) << cabeus;
  EXPECT_NE(cabeus.find("synthetic"), std::string::npos) << cabeus;
  EXPECT_EQ(m.describe_short(tile), "Real Moon: LOLA 7.6 km; finer detail synthetic");
  EXPECT_EQ(m.describe_short(regional_grid(1024, 600.0)),
            "Real Moon: LOLA 7.6 km; 200 m, 40 m, 5 m where they reach");
}

// Each Chang'e-8 site stands where its description says, on the real terrain: a plateau top is
// high and flat with the ground falling away 50-70 km out; a ridge crest is high above the
// ground 10-20 km around it; a crater floor lies far below the crater's rim (~50 km out).
double ring_mean(const LolaTerrain& m, MapXy c, double r0, double r1, double* max = nullptr) {
  double sum = 0.0, top = -1e9;
  int n = 0;
  for (double r = r0; r <= r1; r += 0.5 * (r1 - r0))
    for (int k = 0; k < 24; ++k) {
      const double a = k * 3.14159265358979 / 12.0;
      const double v = m.real_height_m({c.x_m + r * std::cos(a), c.y_m + r * std::sin(a)});
      sum += v;
      top = std::max(top, v);
      ++n;
    }
  if (max) *max = top;
  return sum / n;
}

TEST(LolaTerrain, EverySiteIsWhereItsDescriptionSays) {
  auto cat = mission::load_embedded_catalogue();
  ASSERT_TRUE(cat) << cat.error().message;
  const LolaTerrain& m = *moon();
  ASSERT_FALSE(cat->sites.empty());
  for (const auto& site : cat->sites) {
    const MapXy c = to_map(latlon_deg(site.lat_deg, site.lon_deg));
    const double h = m.real_height_m(c);
    double near_max = 0.0;
    const double near = ring_mean(m, c, 2000.0, 5000.0, &near_max);
    if (site.setting == "plateau") {
      EXPECT_GT(h, 4000.0) << site.id;                                      // ~5 km high
      EXPECT_LT(std::fabs(h - near), 250.0) << site.id;                     // flat within 5 km
      EXPECT_GT(h, ring_mean(m, c, 50000.0, 70000.0) + 1000.0) << site.id;  // a high table
    } else if (site.setting == "ridge") {
      double around_max = 0.0;
      const double around = ring_mean(m, c, 10000.0, 20000.0, &around_max);
      EXPECT_GT(h, around + 500.0) << site.id;    // a crest between two deep craters
      EXPECT_GT(h, near_max - 100.0) << site.id;  // the highest ground within 5 km
    } else if (site.setting == "crater-floor") {
      EXPECT_LT(h, -2000.0) << site.id;  // Amundsen, Cabeus: floors 3.5-4 km down
      EXPECT_LT(h, ring_mean(m, c, 45000.0, 55000.0) - 1500.0) << site.id;  // below the rim
    } else {
      ADD_FAILURE() << site.id << ": no terrain check for setting '" << site.setting << "'";
    }
  }
}

std::uint64_t fnv1a(const Dem& d) {
  std::uint64_t h = 1469598103934665603ULL;
  for (float f : d.height_m) {
    unsigned char b[4];
    std::memcpy(b, &f, 4);
    for (unsigned char c : b) h = (h ^ c) * 1099511628211ULL;
  }
  return h;
}

TEST(LolaTerrain, SameBytesNativelyAndInWebAssembly) {
  // A window over Shackleton (all four layers' blending, the pole) and a 20 m tile at Cabeus
  // (LDEM_4 plus synthetic detail). Golden hashes recorded natively (x86-64, glibc); the same
  // test runs in WebAssembly (musl): the terrain uses no libm transcendental.
  const GridGeometry g1 = regional_grid(1024, 600.0).sub(490, 500, 48, 40);
  const GridGeometry g2 = local_tile_grid({"cabeus", "Cabeus", -85.3, 317.9}, 40, 20.0);
  auto a = generate(g1, *moon());
  auto b = generate(g2, *moon());
  ASSERT_TRUE(a && b);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%016llx %016llx", static_cast<unsigned long long>(fnv1a(*a)),
                static_cast<unsigned long long>(fnv1a(*b)));
  EXPECT_EQ(std::string(buf), "f72b00361a50442e 4393961d930e4ffe");
}

TEST(LolaTerrain, LocalTilesAgreeWithTheRegionalGrid) {
  // The explorer's local tiles (fine cells) and regional grid (coarse cells) sample one surface:
  // a tile averaged over each regional cell matches it, and better than one cell off.
  for (const LandingSite& site : landing_sites()) {
    const GridGeometry reg = regional_grid(2048, 300.0);
    const CellPos c = reg.latlon_to_cell(latlon_deg(site.lat_deg, site.lon_deg));
    const int i0 = static_cast<int>(c.i) - 12, j0 = static_cast<int>(c.j) - 12;
    auto regional = generate(reg.sub(i0, j0, 24, 24), *moon());
    auto local =
        generate(GridGeometry::centered(reg.sub(i0, j0, 24, 24).center(), 288, 288, 25.0), *moon());
    ASSERT_TRUE(regional && local);
    auto avg = downsample_mean(*local, 12);
    ASSERT_TRUE(avg);
    double sum2 = 0.0, shifted2 = 0.0;
    const int n = 22 * 22;
    for (int j = 1; j < 23; ++j)
      for (int i = 1; i < 23; ++i) {
        const double d = avg->at(i, j) - regional->at(i, j);
        const double ds = avg->at(i, j) - regional->at(i - 1, j - 1);
        sum2 += d * d;
        shifted2 += ds * ds;
      }
    const double rms = std::sqrt(sum2 / n), rms_shifted = std::sqrt(shifted2 / n);
    std::printf(
        "[ terrain  ] %s: local(25 m, block mean) - regional(300 m): RMS %.1f m; "
        "one-cell misregistration %.1f m\n",
        site.id, rms, rms_shifted);
    EXPECT_LT(rms, 30.0) << site.id;
    // Where real data finer than the regional cells exists (the ridge), registration shows: a
    // one-cell shift is much worse. (On LDEM_4 alone the surface is smooth at 300 m, and what
    // differs is the synthetic detail between 50 and 600 m, which the regional grid leaves out.)
    if (moon()->data_cell_m(to_map(latlon_deg(site.lat_deg, site.lon_deg))) < 300.0)
      EXPECT_LT(rms, 0.5 * rms_shifted) << site.id;
  }
}

}  // namespace
}  // namespace ce8::terrain
