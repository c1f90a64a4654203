// The browser's DEM import (engine/terrain/import.hpp): the page decodes a GeoTIFF and hands the
// engine a float32 band, a geotransform, a projection (PROJ string or "geokeys: ..." text) and
// a nodata value. The input is those parts in a fixed little-endian layout, so scripts/fuzz can
// make seeds from GeoTIFFs that `ce8 terrain generate` wrote:
//   u8 flags (bit 0: repeat the values to fill width x height when that is at most 65536 cells;
//            bit 1: a nodata value is given)
//   u8 projection (0: terrain::kProjString, 1: the GeoKeys web/main.js writes for a generated
//                  file, 2: "geokeys: " + TEXT, 3: TEXT)
//   i32 width, i32 height, f64 geotransform[6], f64 nodata, u16 TEXT length, TEXT, f32 values...
// A DEM that imports is then processed like the page does (slope, normals, LOD meshes).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "engine/terrain/derived.hpp"
#include "engine/terrain/import.hpp"
#include "engine/terrain/mesh.hpp"
#include "engine/terrain/projection.hpp"
#include "fuzz_common.hpp"

namespace {

// What web/main.js writes for a file that `ce8 terrain generate` made.
const char* const kGeoKeys =
    "geokeys: GTModelTypeGeoKey=1 GTRasterTypeGeoKey=1 GeographicTypeGeoKey=32767 "
    "GeogAngularUnitsGeoKey=9102 GeogSemiMajorAxisGeoKey=1737400 GeogSemiMinorAxisGeoKey=1737400 "
    "ProjectedCSTypeGeoKey=32767 ProjectionGeoKey=32767 ProjCoordTransGeoKey=15 "
    "ProjLinearUnitsGeoKey=9001 ProjNatOriginLatGeoKey=-90 ProjStraightVertPoleLongGeoKey=0 "
    "ProjScaleAtNatOriginGeoKey=1 ProjFalseEastingGeoKey=0 ProjFalseNorthingGeoKey=0";

constexpr std::size_t kHeaderBytes = 1 + 1 + 4 + 4 + 6 * 8 + 8 + 2;
constexpr std::int64_t kMaxFilledCells = 65536;

template <class T>
T take(const std::uint8_t*& p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  p += sizeof v;
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ce8;
  if (size < kHeaderBytes) return 0;
  const std::uint8_t* p = data;
  const auto flags = take<std::uint8_t>(p);
  const auto proj_kind = take<std::uint8_t>(p);
  terrain::RasterImport r;
  r.width = take<std::int32_t>(p);
  r.height = take<std::int32_t>(p);
  for (double& g : r.geotransform) g = take<double>(p);
  const double nodata = take<double>(p);
  if (flags & 2) r.nodata = nodata;
  const std::size_t text_len = std::min<std::size_t>(take<std::uint16_t>(p), size - kHeaderBytes);
  const std::string text(reinterpret_cast<const char*>(p), text_len);
  p += text_len;
  switch (proj_kind % 4) {
    case 0:
      r.projection = terrain::kProjString;
      break;
    case 1:
      r.projection = kGeoKeys;
      break;
    case 2:
      r.projection = "geokeys: " + text;
      break;
    default:
      r.projection = text;
      break;
  }
  const std::size_t rest = static_cast<std::size_t>(data + size - p);
  std::vector<float> values(rest / sizeof(float));
  if (!values.empty()) std::memcpy(values.data(), p, values.size() * sizeof(float));
  const std::int64_t cells = std::int64_t{r.width} * r.height;
  if ((flags & 1) && !values.empty() && r.width > 0 && r.height > 0 && cells <= kMaxFilledCells) {
    std::vector<float> full(static_cast<std::size_t>(cells));
    for (std::size_t k = 0; k < full.size(); ++k) full[k] = values[k % values.size()];
    values.swap(full);
  }
  r.values = values;

  if (r.projection.rfind("geokeys:", 0) == 0) fuzz::check(terrain::geokeys_to_proj(r.projection));
  fuzz::check(terrain::check_import_size(r.width, r.height));
  auto dem = terrain::dem_from_raster(r);
  fuzz::check(dem);
  if (!dem) return 0;
  if (dem->width() != r.width || dem->height() != r.height) std::abort();
  for (const float h : dem->height_m)
    if (!std::isnan(h) && std::fabs(h) > terrain::kMaxImportAbsHeightM) std::abort();
  (void)terrain::slope_deg(*dem);
  (void)terrain::normals(*dem);
  fuzz::check(terrain::build_lod_terrain(*dem));
  return 0;
}
