// A DEM from a raster handed over by a front end (the browser page decodes GeoTIFF files with
// the `geotiff` npm package and passes the first band as float32 plus its georeference). The
// engine checks everything a file can get wrong, before and after allocating:
//   - size: at most kMaxImportDimension cells per side and kMaxImportCells cells (checked first;
//     the page checks the same limits before it allocates anything);
//   - georeference: a north-up GDAL geotransform with square cells, finite, inside the southern
//     hemisphere of the projection (rho < 2R, i.e. the grid lies south of the equator);
//   - projection: lunar south polar stereographic (terrain::is_lunar_south_polar_stereographic),
//     given as a PROJ string ("+proj=stere ...") or as GeoTIFF GeoKeys written
//     "geokeys: Name=value Name=value ..." (numeric keys only; EPSG codes are refused: every
//     EPSG projected system is terrestrial);
//   - values: the nodata value and non-finite values become NaN (nodata); heights must be metres
//     above the 1737.4 km sphere (|h| <= 30 km), at least one cell must hold data.
// Errors are values with a one-line message naming the problem.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::terrain {

inline constexpr int kMaxImportDimension = 4096;
inline constexpr std::int64_t kMaxImportCells = std::int64_t{4096} * 4096;  // 64 MiB float32
inline constexpr double kMaxImportAbsHeightM = 30000.0;

struct RasterImport {
  int width = 0, height = 0;
  std::span<const float> values;  // row-major, width * height, row 0 at the top (+y) edge
  double geotransform[6] = {0, 0, 0, 0, 0, 0};  // GDAL order
  std::string projection;                       // PROJ string or "geokeys: ..." (see above)
  std::optional<double> nodata;
};

// The size check alone (so a caller can refuse before allocating).
Status check_import_size(int width, int height);

// Turns a GeoKey description ("geokeys: ProjCoordTransGeoKey=15 ...") into a PROJ string, or an
// error naming what is missing or not lunar.
Result<std::string> geokeys_to_proj(const std::string& description);

Result<Dem> dem_from_raster(const RasterImport& raster);

}  // namespace ce8::terrain
