// GDAL-backed piecewise GeoTIFF writer (native only; see geotiff_stream.hpp).
#include <optional>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "engine/core/atomic_file.hpp"
#include "engine/terrain/gdal_quiet_native.hpp"
#include "engine/terrain/geotiff_stream.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::terrain {
namespace {

constexpr double kFileNodata = -3.4028234663852886e+38;  // lowest float32, as dem_io_native.cpp

}  // namespace

struct GeoTiffStream::State {
  GridGeometry grid;
  std::string path;
  std::optional<AtomicFile> file;
  GDALDatasetH ds = nullptr;
  int bands = 0;
  std::vector<float> row;
  ~State() {
    if (ds) GDALClose(ds);  // the AtomicFile then removes the temporary file
  }
};

GeoTiffStream::GeoTiffStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
GeoTiffStream::GeoTiffStream(GeoTiffStream&&) noexcept = default;
GeoTiffStream& GeoTiffStream::operator=(GeoTiffStream&&) noexcept = default;
GeoTiffStream::~GeoTiffStream() = default;

const std::string& GeoTiffStream::temp_path() const { return state_->file->temp_path(); }

Result<GeoTiffStream> GeoTiffStream::create(const GridGeometry& grid,
                                            const std::vector<BandInfo>& bands,
                                            const std::string& path,
                                            const GeoTiffOptions& options) {
  if (auto s = check_grid(grid); !s) return s.error();
  if (bands.empty()) return make_error("no bands to write");
  auto file = AtomicFile::create(path);
  if (!file) return file.error();
  auto st = std::make_unique<State>();
  st->grid = grid;
  st->path = path;
  st->bands = static_cast<int>(bands.size());
  st->row.resize(static_cast<std::size_t>(grid.width));
  st->file.emplace(std::move(*file));

  QuietGdal quiet;
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  if (!drv) return make_error("GDAL has no GeoTIFF driver");
  char** opts = nullptr;
  if (options.compress) {
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "3");
    opts = CSLSetNameValue(opts, "ZLEVEL", "1");
    opts = CSLSetNameValue(opts, "NUM_THREADS", "ALL_CPUS");
  }
  opts = CSLSetNameValue(opts, "TILED", "YES");
  if (bands.size() > 1) opts = CSLSetNameValue(opts, "INTERLEAVE", "BAND");
  // Compressed sizes are unknown in advance: BigTIFF as soon as the raw pixels pass 2 GiB.
  const double raw = static_cast<double>(grid.cells()) * bands.size() * sizeof(float);
  opts = CSLSetNameValue(opts, "BIGTIFF", raw > 2.0 * 1024 * 1024 * 1024 ? "YES" : "IF_SAFER");
  st->ds = GDALCreate(drv, st->file->temp_path().c_str(), grid.width, grid.height,
                      static_cast<int>(bands.size()), GDT_Float32, opts);
  CSLDestroy(opts);
  if (!st->ds) return make_error("cannot create '" + path + "'" + gdal_reason());
  bool ok = true;
  double gt[6];
  grid.geotransform(gt);
  ok = ok && GDALSetGeoTransform(st->ds, gt) == CE_None;
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  ok = ok && OSRImportFromProj4(srs, kProjString) == OGRERR_NONE;
  ok = ok && GDALSetSpatialRef(st->ds, srs) == CE_None;
  OSRDestroySpatialReference(srs);
  if (!options.description.empty())
    GDALSetMetadataItem(st->ds, "TIFFTAG_IMAGEDESCRIPTION", options.description.c_str(), nullptr);
  for (std::size_t b = 0; ok && b < bands.size(); ++b) {
    GDALRasterBandH band = GDALGetRasterBand(st->ds, static_cast<int>(b) + 1);
    ok = GDALSetRasterNoDataValue(band, kFileNodata) == CE_None;
    if (!bands[b].description.empty()) GDALSetDescription(band, bands[b].description.c_str());
    if (!bands[b].unit.empty()) GDALSetRasterUnitType(band, bands[b].unit.c_str());
  }
  if (!ok) return make_error("cannot write '" + path + "'" + gdal_reason());
  return GeoTiffStream(std::move(st));
}

Status GeoTiffStream::write_rows(int band, int row, int rows, const float* values) {
  State& s = *state_;
  if (!s.ds) return make_error("'" + s.path + "' is already closed");
  if (band < 0 || band >= s.bands || row < 0 || rows < 0 || row + rows > s.grid.height)
    return make_error("rows " + std::to_string(row) + "+" + std::to_string(rows) + " of band " +
                      std::to_string(band + 1) + " lie outside '" + s.path + "'");
  QuietGdal quiet;
  GDALRasterBandH h = GDALGetRasterBand(s.ds, band + 1);
  const int w = s.grid.width;
  for (int j = 0; j < rows; ++j) {
    const float* src = values + static_cast<std::size_t>(j) * w;
    for (int i = 0; i < w; ++i)
      s.row[i] = is_nodata(src[i]) ? static_cast<float>(kFileNodata) : src[i];
    if (GDALRasterIO(h, GF_Write, 0, row + j, w, 1, s.row.data(), w, 1, GDT_Float32, 0, 0) !=
        CE_None)
      return make_error("cannot write '" + s.path + "'" + gdal_reason());
  }
  return Ok{};
}

Status GeoTiffStream::commit() {
  State& s = *state_;
  if (!s.ds) return make_error("'" + s.path + "' is already closed");
  QuietGdal quiet;
  GDALFlushCache(s.ds);
  const bool failed = CPLGetLastErrorType() >= CE_Failure;
  const std::string reason = gdal_reason();
  GDALClose(s.ds);
  s.ds = nullptr;
  if (failed || CPLGetLastErrorType() >= CE_Failure)
    return make_error("cannot write '" + s.path + "'" + (reason.empty() ? gdal_reason() : reason));
  return s.file->commit();
}

}  // namespace ce8::terrain
