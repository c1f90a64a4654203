// Multi-band float32 GeoTIFF output for horizon and illumination maps (native builds only): the
// terrain module's writer (terrain::write_bands_geotiff, dem_io.hpp) with its conventions:
// polar stereographic georeference, NaN -> nodata -3.4028235e38, DEFLATE, written to a
// temporary name in the same folder and renamed when complete (no partial file on failure).
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/dem_io.hpp"

namespace ce8::illumination {

using Band = terrain::RasterBand;

inline Status write_bands_geotiff(const terrain::GridGeometry& grid, const std::vector<Band>& bands,
                                  const std::string& path, const std::string& description) {
  return terrain::write_bands_geotiff(grid, bands, path, {description, true});
}

}  // namespace ce8::illumination
