// terrain/import: a raster and its georeference from a front end (the browser's GeoTIFF decoder)
// become a Dem, or a one-line error; nothing a file can get wrong crashes.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/terrain/import.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::terrain {
namespace {

// The GeoKeys GDAL writes for our GeoTIFFs (as geotiff.js reports them for `ce8 terrain generate`).
const char* kGdalKeys =
    "geokeys: GTModelTypeGeoKey=1 GTRasterTypeGeoKey=1 GeographicTypeGeoKey=32767 "
    "GeogAngularUnitsGeoKey=9102 GeogSemiMajorAxisGeoKey=1737400 GeogSemiMinorAxisGeoKey=1737400 "
    "ProjectedCSTypeGeoKey=32767 ProjectionGeoKey=32767 ProjCoordTransGeoKey=15 "
    "ProjLinearUnitsGeoKey=9001 ProjNatOriginLatGeoKey=-90 ProjFalseEastingGeoKey=0 "
    "ProjFalseNorthingGeoKey=0 ProjScaleAtNatOriginGeoKey=1 ProjStraightVertPoleLongGeoKey=0";

struct Fixture {
  std::vector<float> values;
  RasterImport raster;
  Fixture(int w, int h, const char* proj = kGdalKeys) : values(static_cast<size_t>(w) * h) {
    for (size_t k = 0; k < values.size(); ++k) values[k] = -4000.0f + static_cast<float>(k % 97);
    raster.width = w;
    raster.height = h;
    raster.values = values;
    const double gt[6] = {-102002.6, 100.0, 0.0, 112205.5, 0.0, -100.0};
    for (int k = 0; k < 6; ++k) raster.geotransform[k] = gt[k];
    raster.projection = proj;
  }
};

TEST(TerrainImport, GdalGeoKeysAreLunarPolarStereographic) {
  auto proj = geokeys_to_proj(kGdalKeys);
  ASSERT_TRUE(proj) << proj.error().message;
  EXPECT_TRUE(is_lunar_south_polar_stereographic(*proj)) << *proj;
}

TEST(TerrainImport, ValidRasterBecomesDemWithGeoreference) {
  Fixture f(128, 96);
  f.values[5] = -3.4028234663852886e38f;
  f.values[6] = std::nanf("");
  f.raster.nodata = -3.4028234663852886e38;
  auto dem = dem_from_raster(f.raster);
  ASSERT_TRUE(dem) << dem.error().message;
  EXPECT_EQ(dem->width(), 128);
  EXPECT_EQ(dem->height(), 96);
  EXPECT_DOUBLE_EQ(dem->cell_m(), 100.0);
  EXPECT_DOUBLE_EQ(dem->grid.x_min_m, -102002.6);
  EXPECT_DOUBLE_EQ(dem->grid.y_max_m, 112205.5);
  EXPECT_TRUE(is_nodata(dem->at(5, 0)));
  EXPECT_TRUE(is_nodata(dem->at(6, 0)));
  EXPECT_FLOAT_EQ(dem->at(7, 0), f.values[7]);
  // The PROJ string form works as well.
  Fixture p(8, 8, kProjString);
  EXPECT_TRUE(dem_from_raster(p.raster));
}

TEST(TerrainImport, SizeLimitsComeFirst) {
  EXPECT_FALSE(check_import_size(0, 10));
  EXPECT_FALSE(check_import_size(kMaxImportDimension + 1, 10));
  EXPECT_FALSE(check_import_size(-5, -5));
  EXPECT_TRUE(check_import_size(kMaxImportDimension, kMaxImportDimension));
  RasterImport r;  // claims a huge grid with no data: refused on size, nothing read
  r.width = 100000;
  r.height = 100000;
  auto dem = dem_from_raster(r);
  ASSERT_FALSE(dem);
  EXPECT_NE(dem.error().message.find("at most"), std::string::npos) << dem.error().message;
  Fixture f(16, 16);
  f.raster.values = std::span<const float>(f.values).first(100);  // truncated data
  EXPECT_FALSE(dem_from_raster(f.raster));
}

TEST(TerrainImport, WrongProjectionsAreRefusedWithTheReason) {
  const char* cases[] = {
      "",
      "geokeys:",
      "geokeys: GTModelTypeGeoKey=2 GeographicTypeGeoKey=4326",
      "geokeys: GTModelTypeGeoKey=1 ProjectedCSTypeGeoKey=3031",  // Antarctic polar stereo
      "geokeys: GTModelTypeGeoKey=1 ProjCoordTransGeoKey=1 GeogSemiMajorAxisGeoKey=1737400",
      "geokeys: GTModelTypeGeoKey=1 ProjCoordTransGeoKey=15 GeogSemiMajorAxisGeoKey=3396190 "
      "ProjNatOriginLatGeoKey=-90",  // Mars
      "geokeys: GTModelTypeGeoKey=1 ProjCoordTransGeoKey=15 GeogSemiMajorAxisGeoKey=1737400 "
      "ProjNatOriginLatGeoKey=90",  // north pole
      "+proj=stere +lat_0=90 +lon_0=0 +k=1 +R=1737400 +units=m",
      "+proj=longlat +R=1737400",
      "PROJCS[\"WGS 84 / Antarctic Polar Stereographic\"]",
  };
  for (const char* proj : cases) {
    Fixture f(8, 8, proj);
    auto dem = dem_from_raster(f.raster);
    ASSERT_FALSE(dem) << proj;
    EXPECT_FALSE(dem.error().message.empty());
    EXPECT_EQ(dem.error().message.find('\n'), std::string::npos);
  }
}

TEST(TerrainImport, BadGeoreferenceAndValuesAreRefused) {
  {
    Fixture f(8, 8);
    f.raster.geotransform[5] = -50.0;  // not square
    EXPECT_FALSE(dem_from_raster(f.raster));
  }
  {
    Fixture f(8, 8);
    f.raster.geotransform[2] = 1.0;  // rotated
    EXPECT_FALSE(dem_from_raster(f.raster));
  }
  {
    Fixture f(8, 8);
    f.raster.geotransform[0] = std::nan("");
    EXPECT_FALSE(dem_from_raster(f.raster));
  }
  {
    Fixture f(8, 8);
    f.raster.geotransform[0] = 4.0e6;  // beyond the hemisphere
    EXPECT_FALSE(dem_from_raster(f.raster));
  }
  {
    Fixture f(8, 8);
    f.values[3] = 1737400.0f;  // a radius, not a height
    EXPECT_FALSE(dem_from_raster(f.raster));
  }
  {
    Fixture f(8, 8);
    for (float& v : f.values) v = std::nanf("");
    auto dem = dem_from_raster(f.raster);
    ASSERT_FALSE(dem);
    EXPECT_NE(dem.error().message.find("nodata"), std::string::npos);
  }
}

}  // namespace
}  // namespace ce8::terrain
