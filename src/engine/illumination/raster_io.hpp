// Multi-band float32 GeoTIFF output for horizon and illumination maps (native builds only, via
// GDAL; implemented in raster_io_native.cpp). Same conventions as terrain::write_geotiff:
// polar stereographic georeference, NaN -> nodata -3.4028235e38, DEFLATE (level 1, float
// predictor, blocks compressed on all cores), written to a
// temporary name in the same folder and renamed when complete (no partial file on failure).
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::illumination {

struct Band {
  const float* data = nullptr;  // grid.cells() values, row-major
  std::string description;     // band description (e.g. "horizon_deg_az_90")
};

Status write_bands_geotiff(const terrain::GridGeometry& grid, const std::vector<Band>& bands,
                           const std::string& path, const std::string& description);

}  // namespace ce8::illumination
