// LOLA elevation products in PDS3 form (a detached .LBL label + a raw .IMG, or one file with the
// label attached), read without GDAL so the browser and the CLI share one reader:
//   - polar stereographic products (LDEM_75S_240M, LDEM_85S_20M, LDEM_87S_5MPP, ...) become a
//     Dem on their own grid (the project's projection, checked);
//   - simple cylindrical products (LDEM_4, LDEM_16, ..., LDEM_1024 and their latitude-band
//     crops) become a LatLonGrid, which terrain/cylindrical.hpp reprojects onto polar grids;
//   - samples: 16-bit signed or unsigned integers or 32-bit floats, either byte order, with
//     SCALING_FACTOR, OFFSET (an offset equal to the reference radius 1737.4 km is dropped, so
//     heights are above the sphere), UNIT metres or kilometres and MISSING_CONSTANT (nodata).
// A caller reads the label, asks which byte range of the image it needs (only the southern rows
// of a global product), reads that range and hands it over. Errors name the problem in one line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::terrain {

enum class Pds3Projection { kPolarStereographic, kSimpleCylindrical };

struct Pds3Label {
  int lines = 0, samples = 0;
  int sample_bytes = 0;  // 2 or 4
  bool is_float = false;
  bool is_signed = true;
  bool little_endian = true;
  double scaling_factor = 1.0;
  double offset = 0.0;               // in the label's unit
  double unit_m = 1.0;               // 1 (metres) or 1000 (kilometres)
  std::optional<double> missing_dn;  // raw stored value meaning "no data" (float or integer)
  Pds3Projection projection = Pds3Projection::kPolarStereographic;
  double center_lat_deg = 0.0, center_lon_deg = 0.0;
  double radius_m = 0.0;            // A_AXIS_RADIUS
  double map_scale_m = 0.0;         // metres per pixel (polar: everywhere; cylindrical: equator)
  double map_resolution_ppd = 0.0;  // pixels per degree (cylindrical)
  double line_offset = 0.0, sample_offset = 0.0;  // LINE/SAMPLE_PROJECTION_OFFSET
  std::string image_file;               // the data file the label points to ("" = attached)
  std::int64_t image_offset_bytes = 0;  // where the image starts in that file
  std::string product_id;

  std::int64_t row_bytes() const { return std::int64_t{samples} * sample_bytes; }
  std::int64_t image_bytes() const { return row_bytes() * lines; }
};

// Parses label text (ODL). Fails with a message naming the missing or unsupported keyword.
Result<Pds3Label> parse_pds3_label(std::string_view text);

// The label's own check against the data file: the image must fit in `file_bytes`, and a
// detached image file must not be larger than the label says (a different product).
Status check_pds3_size(const Pds3Label& label, std::int64_t file_bytes);

// Rows [first, first + count) of the image, as the byte range to read from the image file.
struct ByteRange {
  std::int64_t offset = 0, size = 0;
};
ByteRange pds3_rows_range(const Pds3Label& label, int first_row, int row_count);

// A simple cylindrical grid: row j has its centre at latitude top_lat_deg - j * step_deg,
// column i at longitude left_lon_deg + i * step_deg (east). Heights in metres, NaN = nodata.
struct LatLonGrid {
  int width = 0, height = 0;
  int first_row = 0;  // row of the product this grid's row 0 is (a crop keeps its position)
  double top_lat_deg = 0.0, left_lon_deg = 0.0, step_deg = 0.0;
  std::vector<float> height_m;
  std::string product_id;

  float at(int i, int j) const { return height_m[static_cast<std::size_t>(j) * width + i]; }
  bool full_longitude() const;  // the columns go all the way round
  double bottom_lat_deg() const { return top_lat_deg - (height - 1) * step_deg; }
};

// The product's rows whose centres lie at or south of `north_lat_deg`, plus two rows of margin
// for interpolation (all rows when the product does not reach that far north).
struct RowSpan {
  int first = 0, count = 0;
};
RowSpan pds3_rows_south_of(const Pds3Label& label, double north_lat_deg);

// Decodes rows of a simple cylindrical product (bytes = exactly those rows).
Result<LatLonGrid> pds3_cylindrical(const Pds3Label& label, RowSpan rows,
                                    std::span<const std::byte> bytes);
// Decodes a whole polar stereographic product (bytes = the whole image).
Result<Dem> pds3_polar(const Pds3Label& label, std::span<const std::byte> bytes);

}  // namespace ce8::terrain
