// A multi-band float32 GeoTIFF written piece by piece: rows of any band, in any order, so a map
// larger than one process's memory can be written as it arrives (one band or one band of rows
// at a time; ce8 under MPI, src/cli/parallel). Same file conventions as write_bands_geotiff
// (dem_io.hpp): polar stereographic georeference, NaN -> nodata -3.4028235e38, tiled,
// band-interleaved, DEFLATE, BigTIFF when needed. Written to a temporary file in the target's
// folder and renamed by commit(); destroyed without commit(), nothing is left behind.
// Native builds only (implemented in geotiff_stream_native.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/dem_io.hpp"

namespace ce8::terrain {

struct BandInfo {
  std::string description;  // band description (e.g. "percent_time_lit")
  std::string unit;         // unit type ("deg", "%"; empty: none)
};

class GeoTiffStream {
 public:
  // Creates the temporary file with every band declared (pixels not yet written).
  static Result<GeoTiffStream> create(const GridGeometry& grid, const std::vector<BandInfo>& bands,
                                      const std::string& path, const GeoTiffOptions& options = {});
  // Rows [row, row + rows) of band `band` (0-based): rows x grid.width values, row-major.
  Status write_rows(int band, int row, int rows, const float* values);
  // Closes the file and renames it over the target path.
  Status commit();
  // The temporary file being written (for a signal handler that must remove it).
  const std::string& temp_path() const;

  GeoTiffStream(GeoTiffStream&&) noexcept;
  GeoTiffStream& operator=(GeoTiffStream&&) noexcept;
  ~GeoTiffStream();

 private:
  struct State;
  explicit GeoTiffStream(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ce8::terrain
