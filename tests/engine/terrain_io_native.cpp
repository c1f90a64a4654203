// GDAL import/export (native only): round trip, PDS3 label import, limits, atomic writes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/terrain/dem_io.hpp"
#include "engine/terrain/generator.hpp"

namespace ce8::terrain {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("ce8_terrain_io_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(TerrainIo, GeoTiffRoundTripKeepsHeightsGeoreferenceAndNodata) {
  const fs::path dir = scratch("roundtrip");
  auto dem = generate(local_tile_grid(landing_sites()[1], 48, 30.0));
  ASSERT_TRUE(dem.ok());
  dem->at(3, 4) = kNodata;
  const std::string path = (dir / "dem.tif").string();
  ASSERT_TRUE(write_geotiff(*dem, path).ok());
  auto back = read_dem(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->width(), 48);
  EXPECT_DOUBLE_EQ(back->grid.x_min_m, dem->grid.x_min_m);
  EXPECT_DOUBLE_EQ(back->grid.y_max_m, dem->grid.y_max_m);
  EXPECT_DOUBLE_EQ(back->cell_m(), 30.0);
  EXPECT_TRUE(is_nodata(back->at(3, 4)));
  EXPECT_EQ(height_stats(*back).nodata_count, 1);
  for (std::size_t k = 0; k < dem->height_m.size(); ++k)
    if (!is_nodata(dem->height_m[k])) ASSERT_EQ(back->height_m[k], dem->height_m[k]);
  // Only the finished file is in the folder: no temporary left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(TerrainIo, FailedWriteLeavesNothingAndKeepsTheOldFile) {
  const fs::path dir = scratch("atomic");
  auto dem = make_dem(GridGeometry::centered({}, 8, 8, 10.0), 1.0f);
  ASSERT_TRUE(dem.ok());
  EXPECT_FALSE(write_geotiff(*dem, (dir / "missing" / "x.tif").string()).ok());
  const std::string path = (dir / "keep.tif").string();
  { std::ofstream(path) << "old"; }
  Dem broken = *dem;
  broken.height_m.resize(3);  // inconsistent: refused before anything is written
  EXPECT_FALSE(write_geotiff(broken, path).ok());
  std::ifstream in(path);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(TerrainIo, LimitsAreCheckedBeforeReadingPixels) {
  const fs::path dir = scratch("limits");
  auto dem = make_dem(GridGeometry::centered({}, 40, 20, 10.0), 1.0f);
  const std::string path = (dir / "d.tif").string();
  ASSERT_TRUE(write_geotiff(*dem, path).ok());
  ReadLimits small;
  small.max_dimension = 32;
  auto r = read_dem(path, small);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("limit of 32 cells per side"), std::string::npos)
      << r.error().message;
  small = {};
  small.max_file_bytes = 100;
  r = read_dem(path, small);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("file size limit"), std::string::npos);
}

// A LOLA-style PDS3 product: float kilometres above 1737.4 km, detached label.
void write_pds(const fs::path& dir, const std::string& label_extra, bool with_projection) {
  const int w = 8, h = 6;
  std::vector<float> v(w * h);
  for (int k = 0; k < w * h; ++k) v[k] = 0.001f * static_cast<float>(k);
  std::ofstream(dir / "LDEM_T.IMG", std::ios::binary)
      .write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * 4));
  std::ofstream lbl(dir / "LDEM_T.LBL");
  lbl << "PDS_VERSION_ID = \"PDS3\"\nRECORD_TYPE = FIXED_LENGTH\nRECORD_BYTES = 32\n"
         "FILE_RECORDS = 6\n^IMAGE = \"LDEM_T.IMG\"\nOBJECT = IMAGE\n  LINES = 6\n"
         "  LINE_SAMPLES = 8\n  SAMPLE_TYPE = PC_REAL\n  SAMPLE_BITS = 32\n"
         "  UNIT = KILOMETER\n  SCALING_FACTOR = 1\n  OFFSET = 1737.4\n"
      << label_extra << "END_OBJECT = IMAGE\n";
  if (with_projection)
    lbl << "OBJECT = IMAGE_MAP_PROJECTION\n  MAP_PROJECTION_TYPE = \"POLAR STEREOGRAPHIC\"\n"
           "  A_AXIS_RADIUS = 1737.4 <KM>\n  B_AXIS_RADIUS = 1737.4 <KM>\n"
           "  C_AXIS_RADIUS = 1737.4 <KM>\n  POSITIVE_LONGITUDE_DIRECTION = \"EAST\"\n"
           "  CENTER_LATITUDE = -90.0 <DEG>\n  CENTER_LONGITUDE = 0.0 <DEG>\n"
           "  MAP_PROJECTION_ROTATION = 0.0\n  MAP_SCALE = 20 <METERS/PIXEL>\n"
           "  LINE_PROJECTION_OFFSET = 2.5 <PIXEL>\n  SAMPLE_PROJECTION_OFFSET = 3.5 <PIXEL>\n"
           "END_OBJECT = IMAGE_MAP_PROJECTION\n";
  lbl << "END\n";
}

TEST(TerrainIo, ReadsLolaPds3Products) {
  const fs::path dir = scratch("pds");
  write_pds(dir, "", true);
  for (const char* name : {"LDEM_T.IMG", "LDEM_T.LBL"}) {
    auto dem = read_dem((dir / name).string());
    ASSERT_TRUE(dem.ok()) << dem.error().message;
    EXPECT_EQ(dem->width(), 8);
    EXPECT_EQ(dem->height(), 6);
    EXPECT_DOUBLE_EQ(dem->cell_m(), 20.0);
    EXPECT_NEAR(dem->at(0, 0), 0.0, 1e-3);  // km above 1737.4 km -> metres above sphere
    EXPECT_NEAR(dem->at(7, 5), 47.0, 1e-3);
  }
}

TEST(TerrainIo, RejectsPds3WithoutProjectionOrWithBrokenLabel) {
  const fs::path dir = scratch("pds_bad");
  write_pds(dir, "", false);
  auto r = read_dem((dir / "LDEM_T.LBL").string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("georeference"), std::string::npos) << r.error().message;
  const fs::path dir2 = scratch("pds_bad2");
  write_pds(dir2, "  SAMPLE_BITS = 0\n", true);
  fs::resize_file(dir2 / "LDEM_T.IMG", 10);  // and a truncated image
  EXPECT_FALSE(read_dem((dir2 / "LDEM_T.LBL").string()).ok());
}

}  // namespace
}  // namespace ce8::terrain
