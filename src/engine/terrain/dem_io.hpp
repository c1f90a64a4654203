// DEM files through GDAL: GeoTIFF and LOLA PDS3 (IMG + LBL) import, GeoTIFF export. Native
// builds only (implemented in dem_io_native.cpp, which the WebAssembly build leaves out; the
// browser decodes GeoTIFF in the page and hands the engine a Dem).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::terrain {

struct ReadLimits {
  std::int64_t max_file_bytes = std::int64_t{4} << 30;  // 4 GiB
  int max_dimension = kMaxGridDimension;
  std::int64_t max_cells = kMaxGridCells;
  // Simple cylindrical products (LDEM_4, LDEM_16, ...) are reprojected onto a polar grid
  // centred on the pole that reaches this latitude (or the product's own northern edge, if
  // nearer the pole), with cells of `cylindrical_cell_m` (0: the product's latitude spacing).
  double cylindrical_cap_lat_deg = -80.0;
  double cylindrical_cell_m = 0.0;
  // The cap was asked for (ce8 terrain import --cap-lat): a product whose rows stop short of it
  // is refused instead of the cap shrinking to fit.
  bool cylindrical_cap_required = false;
};

// Reads band 1 of a GeoTIFF, or a LOLA PDS3 product (the .LBL label, or the .IMG with a .LBL
// next to it, or an IMG with an attached label) with the engine's own reader (terrain/pds3.hpp):
// polar stereographic products on their grid, simple cylindrical ones reprojected (see
// ReadLimits). Checks, before reading pixels: the file exists and
// is within the size limit, GDAL recognises it, the grid is within the limits, the
// georeference is north-up with square cells, and the projection is lunar south polar
// stereographic (kProjString; equivalent variant A/B definitions accepted). Other projections
// are rejected with a message naming what was found (reproject with gdalwarp first).
// Nodata values become NaN. PDS3 scaling (SCALING_FACTOR/OFFSET, UNIT km or m) is applied; an
// offset equal to the reference radius 1737.4 km is dropped so heights are above the sphere.
Result<Dem> read_dem(const std::string& path, const ReadLimits& limits = {});

struct GeoTiffOptions {
  std::string description;  // stored as the TIFF image description (e.g. "synthetic model")
  bool compress = true;     // DEFLATE (level 1) with floating-point predictor, on all cores
};

// Writes a float32 single-band GeoTIFF with the polar stereographic georeference and a nodata
// value (-3.4028235e38, for NaN cells), unit "m". Written to a temporary file in the same
// folder, then renamed over `path` (core/atomic_file.hpp): on any failure nothing is left
// behind and an existing file is intact.
Status write_geotiff(const Dem& dem, const std::string& path, const GeoTiffOptions& options = {});

// One band of a multi-band file: grid.cells() values, row-major; NaN becomes nodata.
struct RasterBand {
  const float* data = nullptr;
  std::string description;  // band description (e.g. "horizon_deg_grid_az_90")
  std::string unit;         // unit type ("m", "deg"; empty: none)
};

// Any number of float32 bands on `grid` into one GeoTIFF (band-interleaved, tiled), with the
// same conventions as write_geotiff.
Status write_bands_geotiff(const GridGeometry& grid, const std::vector<RasterBand>& bands,
                           const std::string& path, const GeoTiffOptions& options = {});

}  // namespace ce8::terrain
