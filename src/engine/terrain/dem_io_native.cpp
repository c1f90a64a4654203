// GDAL-backed DEM import/export (native only; see dem_io.hpp).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include "engine/core/atomic_file.hpp"
#include "engine/core/limits.hpp"
#include "engine/terrain/cylindrical.hpp"
#include "engine/terrain/dem_io.hpp"
#include "engine/terrain/gdal_quiet_native.hpp"
#include "engine/terrain/pds3.hpp"

namespace ce8::terrain {
namespace {

namespace fs = std::filesystem;

constexpr double kFileNodata = -3.4028234663852886e+38;  // lowest float32

struct DatasetCloser {
  GDALDatasetH h = nullptr;
  ~DatasetCloser() {
    if (h) GDALClose(h);
  }
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// For a PDS3 .IMG with a detached label, the label is what GDAL opens.
std::string label_for(const std::string& path) {
  const fs::path p(path);
  if (lower(p.extension().string()) != ".img") return path;
  for (const char* ext : {".LBL", ".lbl"}) {
    fs::path lbl = p;
    lbl.replace_extension(ext);
    std::error_code ec;
    if (fs::is_regular_file(lbl, ec)) return lbl.string();
  }
  return path;
}

std::string proj4_of(OGRSpatialReferenceH srs) {
  char* text = nullptr;
  if (OSRExportToProj4(srs, &text) != OGRERR_NONE || !text) {
    CPLFree(text);
    return {};
  }
  std::string s = text;
  CPLFree(text);
  return s;
}

Result<std::string> read_bytes(const std::string& path, std::int64_t offset, std::int64_t size) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return make_error("cannot open '" + path + "'");
  std::string out(static_cast<std::size_t>(size), '\0');
  const bool ok = std::fseek(f, static_cast<long>(offset), SEEK_SET) == 0 &&
                  std::fread(out.data(), 1, out.size(), f) == out.size();
  std::fclose(f);
  if (!ok) return make_error("cannot read " + std::to_string(size) + " bytes of '" + path + "'");
  return out;
}

bool starts_with_pds_label(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char head[32] = {};
  const std::size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  const std::string s(head, n);
  const auto first = s.find_first_not_of(" \t\r\n");
  return first != std::string::npos && s.compare(first, 14, "PDS_VERSION_ID") == 0;
}

// The image file a label names, found next to the label (any letter case).
std::string image_path(const std::string& label_path, const Pds3Label& l) {
  if (l.image_file.empty()) return label_path;  // attached label
  const fs::path dir = fs::path(label_path).parent_path();
  const fs::path direct = dir / l.image_file;
  std::error_code ec;
  if (fs::is_regular_file(direct, ec)) return direct.string();
  for (const auto& e : fs::directory_iterator(dir.empty() ? fs::path(".") : dir, ec))
    if (lower(e.path().filename().string()) == lower(l.image_file)) return e.path().string();
  return direct.string();
}

Result<Dem> read_pds3(const std::string& label_path, const ReadLimits& limits) {
  std::error_code ec;
  const auto label_bytes = fs::file_size(label_path, ec);
  auto text = read_bytes(label_path, 0, std::min<std::int64_t>(label_bytes, 256 * 1024));
  if (!text) return text.error();
  auto label = parse_pds3_label(*text);
  if (!label) return make_error("'" + label_path + "': " + label.error().message);
  const std::string img = image_path(label_path, *label);
  if (!fs::is_regular_file(img, ec))
    return make_error("'" + label_path + "' names the image file '" + label->image_file +
                      "', which is not next to it");
  if (label->projection == Pds3Projection::kPolarStereographic &&
      (label->samples > limits.max_dimension || label->lines > limits.max_dimension))
    return make_error("'" + label_path + "' is " + std::to_string(label->samples) + "x" +
                      std::to_string(label->lines) + " cells, over the limit of " +
                      std::to_string(limits.max_dimension) + " cells per side");
  const auto img_bytes = static_cast<std::int64_t>(fs::file_size(img, ec));
  if (auto s = check_pds3_size(*label, img_bytes); !s)
    return make_error("'" + label_path + "': " + s.error().message);
  if (label->projection == Pds3Projection::kPolarStereographic) {
    const ByteRange r = pds3_rows_range(*label, 0, label->lines);
    auto bytes = read_bytes(img, r.offset, r.size);
    if (!bytes) return bytes.error();
    auto dem = pds3_polar(*label, std::as_bytes(std::span(*bytes)));
    if (!dem) return make_error("'" + label_path + "': " + dem.error().message);
    return dem;
  }
  auto plan =
      plan_cylindrical_import(*label, limits.cylindrical_cap_lat_deg, limits.cylindrical_cell_m,
                              limits.cylindrical_cap_required, 0);
  if (!plan) return make_error("'" + label_path + "': " + plan.error().message);
  const GridGeometry& target = plan->target;
  const double cap = plan->cap_lat_deg;
  if (target.width > limits.max_dimension)
    return make_error("'" + label_path + "' reprojected to the cap from " +
                      std::to_string(static_cast<int>(cap)) + " deg would take " +
                      std::to_string(target.width) + " cells per side, over the limit of " +
                      std::to_string(limits.max_dimension) +
                      ": choose coarser cells or a smaller cap");
  auto bytes = read_bytes(img, plan->range.offset, plan->range.size);
  if (!bytes) return bytes.error();
  auto grid = pds3_cylindrical(*label, plan->rows, std::as_bytes(std::span(*bytes)));
  if (!grid) return make_error("'" + label_path + "': " + grid.error().message);
  auto dem = reproject_to_polar(*grid, target);
  if (!dem) return make_error("'" + label_path + "': " + dem.error().message);
  return dem;
}

}  // namespace

Result<Dem> read_dem(const std::string& path, const ReadLimits& limits) {
  if (path.size() > kMaxArgumentBytes)
    return make_error("the DEM file path is longer than " + std::to_string(kMaxArgumentBytes) +
                      " bytes");
  std::error_code ec;
  if (!fs::exists(path, ec)) return make_error("DEM file '" + path + "' does not exist");
  if (!fs::is_regular_file(path, ec)) return make_error("'" + path + "' is not a regular file");
  const auto bytes = fs::file_size(path, ec);
  if (ec) return make_error("cannot read the size of '" + path + "': " + ec.message());
  if (static_cast<std::int64_t>(bytes) > limits.max_file_bytes)
    return make_error("'" + path + "' is " + std::to_string(bytes) +
                      " bytes, over the file size limit of " +
                      std::to_string(limits.max_file_bytes) + " bytes");
  if (bytes == 0) return make_error("'" + path + "' is empty");

  const std::string open_path = label_for(path);
  if (starts_with_pds_label(open_path)) return read_pds3(open_path, limits);
  QuietGdal quiet;
  const char* const drivers[] = {"GTiff", "PDS", "PDS4", nullptr};
  DatasetCloser ds;
  ds.h =
      GDALOpenEx(open_path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr);
  if (!ds.h) {
    const std::string reason = gdal_reason();
    CPLErrorReset();
    DatasetCloser any;
    any.h =
        GDALOpenEx(open_path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (any.h)
      return make_error("'" + path + "' is a " +
                        GDALGetDriverShortName(GDALGetDatasetDriver(any.h)) +
                        " file: unsupported format (expected GeoTIFF or PDS3 IMG+LBL)");
    return make_error("'" + path + "' is not a readable GeoTIFF or PDS3 DEM" + reason);
  }
  const int w = GDALGetRasterXSize(ds.h), h = GDALGetRasterYSize(ds.h);
  if (GDALGetRasterCount(ds.h) < 1) return make_error("'" + path + "' has no raster band");
  if (w <= 0 || h <= 0) return make_error("'" + path + "' has an empty grid");
  if (w > limits.max_dimension || h > limits.max_dimension)
    return make_error("'" + path + "' is " + std::to_string(w) + "x" + std::to_string(h) +
                      " cells, over the limit of " + std::to_string(limits.max_dimension) +
                      " cells per side");
  if (static_cast<std::int64_t>(w) * h > limits.max_cells)
    return make_error("'" + path + "' has " + std::to_string(static_cast<std::int64_t>(w) * h) +
                      " cells, over the limit of " + std::to_string(limits.max_cells));

  double gt[6];
  if (GDALGetGeoTransform(ds.h, gt) != CE_None)
    return make_error("'" + path + "' has no georeference (geotransform)");
  if (gt[2] != 0.0 || gt[4] != 0.0)
    return make_error("'" + path + "' has a rotated georeference: not supported");
  if (!(gt[1] > 0.0) || !(gt[5] < 0.0) || std::fabs(gt[1] + gt[5]) > 1e-9 * std::fabs(gt[1]))
    return make_error("'" + path + "' does not have square north-up cells (pixel size " +
                      std::to_string(gt[1]) + " x " + std::to_string(gt[5]) + "): not supported");

  OGRSpatialReferenceH srs = GDALGetSpatialRef(ds.h);
  if (!srs)
    return make_error("'" + path +
                      "' has no projection; expected lunar south polar "
                      "stereographic (" +
                      std::string(kProjString) + ")");
  const std::string proj4 = proj4_of(srs);
  if (!is_lunar_south_polar_stereographic(proj4))
    return make_error("'" + path + "' is in an unsupported projection '" +
                      (proj4.empty() ? std::string("unknown") : proj4) +
                      "'; expected lunar south polar stereographic (" + kProjString +
                      "); reproject it with gdalwarp first");

  GridGeometry g;
  g.width = w;
  g.height = h;
  g.x_min_m = gt[0];
  g.y_max_m = gt[3];
  g.cell_m = gt[1];
  auto dem = make_dem(g);
  if (!dem) return dem.error();

  GDALRasterBandH band = GDALGetRasterBand(ds.h, 1);
  {
    // A corrupt header can claim thousands of pixel-interleaved samples per cell: decoding one
    // block of band 1 then means decoding every band of it (a 1.3 KB fuzzed file claiming 20993
    // samples kept GDAL busy for 38 s). Refuse before reading.
    int bx = 0, by = 0;
    GDALGetBlockSize(band, &bx, &by);
    const char* il = GDALGetMetadataItem(ds.h, "INTERLEAVE", "IMAGE_STRUCTURE");
    const bool pixel = il && std::string(il) == "PIXEL";
    const double block_bytes = static_cast<double>(bx) * by *
                               GDALGetDataTypeSizeBytes(GDALGetRasterDataType(band)) *
                               (pixel ? GDALGetRasterCount(ds.h) : 1);
    constexpr double kMaxBlockBytes = 256.0 * 1024 * 1024;
    if (block_bytes > kMaxBlockBytes)
      return make_error("'" + path + "' stores " + std::to_string(GDALGetRasterCount(ds.h)) +
                        " bands per " + std::to_string(bx) + "x" + std::to_string(by) +
                        " block: decoding one block would take " +
                        std::to_string(static_cast<long long>(block_bytes / (1024 * 1024))) +
                        " MiB, over the limit of 256 MiB (a corrupt or unusual file)");
  }
  if (GDALRasterIO(band, GF_Read, 0, 0, w, h, dem->height_m.data(), w, h, GDT_Float32, 0, 0) !=
      CE_None)
    return make_error("cannot read the heights of '" + path +
                      "': the file is truncated or "
                      "corrupt" +
                      gdal_reason());

  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
  int has_scale = 0, has_offset = 0;
  double scale = GDALGetRasterScale(band, &has_scale);
  double offset = GDALGetRasterOffset(band, &has_offset);
  if (!has_scale) scale = 1.0;
  if (!has_offset) offset = 0.0;
  const std::string unit = lower(GDALGetRasterUnitType(band));
  double unit_m = 1.0;
  if (unit == "km" || unit == "kilometer" || unit == "kilometers" || unit == "kilometre")
    unit_m = 1000.0;
  // LOLA float products store kilometres with OFFSET = 1737.4 (radius = value + offset); GDAL's
  // PDS driver does not always report the unit, so that offset also identifies kilometres.
  if (unit.empty() && std::fabs(offset - kMoonRadiusM / 1000.0) < 1e-6) unit_m = 1000.0;
  // An offset equal to the reference radius turns stored heights into radii: drop it.
  if (std::fabs(offset * unit_m - kMoonRadiusM) < 1.0) offset = 0.0;
  const float nodata_f = static_cast<float>(nodata);
  for (float& v : dem->height_m) {
    if ((has_nodata && (v == nodata_f || (std::isnan(nodata) && std::isnan(v)))) ||
        !std::isfinite(v)) {
      v = kNodata;
      continue;
    }
    if (scale != 1.0 || offset != 0.0 || unit_m != 1.0)
      v = static_cast<float>((v * scale + offset) * unit_m);
  }
  return dem;
}

Status write_geotiff(const Dem& dem, const std::string& path, const GeoTiffOptions& options) {
  if (dem.height_m.size() != dem.grid.cells())
    return make_error("DEM heights do not match its grid size");
  return write_bands_geotiff(dem.grid, {{dem.height_m.data(), "", "m"}}, path, options);
}

Status write_bands_geotiff(const GridGeometry& grid, const std::vector<RasterBand>& bands,
                           const std::string& path, const GeoTiffOptions& options) {
  if (auto s = check_grid(grid); !s) return s.error();
  if (bands.empty()) return make_error("no bands to write");
  auto file = AtomicFile::create(path);  // removed again unless committed
  if (!file) return file.error();

  QuietGdal quiet;
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  if (!drv) return make_error("GDAL has no GeoTIFF driver");
  char** opts = nullptr;
  if (options.compress) {
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "3");
    // Level 1: for 1024^2 x 64 horizon bands 1 s faster than the default 6, file 1.5% larger.
    opts = CSLSetNameValue(opts, "ZLEVEL", "1");
    opts = CSLSetNameValue(opts, "NUM_THREADS", "ALL_CPUS");  // compress blocks in parallel
  }
  opts = CSLSetNameValue(opts, "TILED", "YES");
  if (bands.size() > 1) {
    opts = CSLSetNameValue(opts, "INTERLEAVE", "BAND");
    opts = CSLSetNameValue(opts, "BIGTIFF", "IF_SAFER");
  }
  GDALDatasetH ds = GDALCreate(drv, file->temp_path().c_str(), grid.width, grid.height,
                               static_cast<int>(bands.size()), GDT_Float32, opts);
  CSLDestroy(opts);
  if (!ds) return make_error("cannot create '" + path + "'" + gdal_reason());

  bool ok = true;
  double gt[6];
  grid.geotransform(gt);
  ok = ok && GDALSetGeoTransform(ds, gt) == CE_None;
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  ok = ok && OSRImportFromProj4(srs, kProjString) == OGRERR_NONE;
  ok = ok && GDALSetSpatialRef(ds, srs) == CE_None;
  OSRDestroySpatialReference(srs);
  if (!options.description.empty())
    GDALSetMetadataItem(ds, "TIFFTAG_IMAGEDESCRIPTION", options.description.c_str(), nullptr);
  std::vector<float> row(static_cast<std::size_t>(grid.width));
  for (std::size_t b = 0; ok && b < bands.size(); ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds, static_cast<int>(b) + 1);
    ok = GDALSetRasterNoDataValue(band, kFileNodata) == CE_None;
    if (!bands[b].description.empty()) GDALSetDescription(band, bands[b].description.c_str());
    if (!bands[b].unit.empty()) GDALSetRasterUnitType(band, bands[b].unit.c_str());
    for (int j = 0; ok && j < grid.height; ++j) {
      const float* src = bands[b].data + static_cast<std::size_t>(j) * grid.width;
      for (int i = 0; i < grid.width; ++i)
        row[i] = is_nodata(src[i]) ? static_cast<float>(kFileNodata) : src[i];
      ok = GDALRasterIO(band, GF_Write, 0, j, grid.width, 1, row.data(), grid.width, 1, GDT_Float32,
                        0, 0) == CE_None;
    }
  }
  const std::string reason = gdal_reason();
  GDALClose(ds);
  if (!ok || CPLGetLastErrorType() >= CE_Failure)
    return make_error("cannot write '" + path + "'" + (reason.empty() ? gdal_reason() : reason));
  return file->commit();
}

}  // namespace ce8::terrain
