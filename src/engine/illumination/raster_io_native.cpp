#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include "engine/illumination/raster_io.hpp"

namespace ce8::illumination {
namespace {

namespace fs = std::filesystem;
constexpr double kFileNodata = -3.4028234663852886e+38;  // lowest float32

struct QuietGdal {
  QuietGdal() {
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

std::string gdal_reason() {
  const char* msg = CPLGetLastErrorMsg();
  return (msg && *msg) ? std::string(": ") + msg : std::string();
}

}  // namespace

Status write_bands_geotiff(const terrain::GridGeometry& grid, const std::vector<Band>& bands,
                           const std::string& path, const std::string& description) {
  if (auto s = terrain::check_grid(grid); !s) return s.error();
  if (bands.empty()) return make_error("no bands to write");
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error("cannot write '" + path + "': folder '" + dir.string() + "' does not exist");
  if (fs::is_directory(target, ec)) return make_error("cannot write '" + path + "': a folder");
  std::string tmp = (dir / (target.filename().string() + ".partial-XXXXXX")).string();
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return make_error("cannot create a temporary file in '" + dir.string() + "'");
  close(fd);

  QuietGdal quiet;
  auto fail = [&](const std::string& what) -> Status {
    std::remove(tmp.c_str());
    return make_error(what);
  };
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  if (!drv) return fail("GDAL has no GeoTIFF driver");
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
  opts = CSLSetNameValue(opts, "PREDICTOR", "3");
  opts = CSLSetNameValue(opts, "TILED", "YES");
  opts = CSLSetNameValue(opts, "INTERLEAVE", "BAND");
  opts = CSLSetNameValue(opts, "BIGTIFF", "IF_SAFER");
  opts = CSLSetNameValue(opts, "NUM_THREADS", "ALL_CPUS");  // compress blocks in parallel
  opts = CSLSetNameValue(opts, "ZLEVEL", "1");
  GDALDatasetH ds = GDALCreate(drv, tmp.c_str(), grid.width, grid.height,
                               static_cast<int>(bands.size()), GDT_Float32, opts);
  CSLDestroy(opts);
  if (!ds) return fail("cannot create '" + path + "'" + gdal_reason());
  bool ok = true;
  double gt[6];
  grid.geotransform(gt);
  ok = ok && GDALSetGeoTransform(ds, gt) == CE_None;
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  ok = ok && OSRImportFromProj4(srs, terrain::kProjString) == OGRERR_NONE;
  ok = ok && GDALSetSpatialRef(ds, srs) == CE_None;
  OSRDestroySpatialReference(srs);
  if (!description.empty())
    GDALSetMetadataItem(ds, "TIFFTAG_IMAGEDESCRIPTION", description.c_str(), nullptr);
  std::vector<float> row(static_cast<std::size_t>(grid.width));
  for (std::size_t b = 0; ok && b < bands.size(); ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds, static_cast<int>(b) + 1);
    ok = GDALSetRasterNoDataValue(band, kFileNodata) == CE_None;
    if (!bands[b].description.empty()) GDALSetDescription(band, bands[b].description.c_str());
    for (int j = 0; ok && j < grid.height; ++j) {
      const float* src = bands[b].data + static_cast<std::size_t>(j) * grid.width;
      for (int i = 0; i < grid.width; ++i)
        row[i] = std::isnan(src[i]) ? static_cast<float>(kFileNodata) : src[i];
      ok = GDALRasterIO(band, GF_Write, 0, j, grid.width, 1, row.data(), grid.width, 1,
                        GDT_Float32, 0, 0) == CE_None;
    }
  }
  const std::string reason = gdal_reason();
  GDALClose(ds);
  if (!ok || CPLGetLastErrorType() >= CE_Failure)
    return fail("cannot write '" + path + "'" + (reason.empty() ? gdal_reason() : reason));
  fs::permissions(tmp,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                      fs::perms::others_read,
                  ec);
  fs::rename(tmp, target, ec);
  if (ec) return fail("cannot move the finished file to '" + path + "': " + ec.message());
  return Ok{};
}

}  // namespace ce8::illumination
