// Maps split for several processes (ce8 under MPI, src/cli/parallel): a block of directions
// (compute_horizon_directions) and a band of rows (IlluminationJob::create_rows) hold exactly
// the values of the whole map, bit for bit, however the work is cut.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "engine/core/big_buffer.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/generator.hpp"

namespace {

using namespace ce8;
using namespace ce8::illumination;

terrain::Dem rough_dem() {
  auto d = terrain::generate(terrain::GridGeometry::centered(
      terrain::to_map(terrain::latlon_deg(-89.4, 220.0)), 40, 36, 120.0));
  EXPECT_TRUE(d.ok());
  d->at(5, 7) = terrain::kNodata;  // a hole: NaN in both
  return std::move(d.value());
}

bool same_bits(const float* a, const float* b, std::size_t n) {
  return std::memcmp(a, b, n * sizeof(float)) == 0;
}

TEST(IlluminationSplit, DirectionBlocksEqualTheWholeMap) {
  const terrain::Dem dem = rough_dem();
  HorizonOptions o;
  o.directions = 12;
  o.observer_height_m = 2.0;
  auto whole = compute_horizon_map(dem, o, 2);
  ASSERT_TRUE(whole.ok());
  const std::size_t cells = dem.grid.cells();
  for (const auto& [first, count] : std::vector<std::pair<int, int>>{{0, 5}, {5, 1}, {6, 6}}) {
    BigVector<float> block(cells * count);
    ASSERT_TRUE(compute_horizon_directions(dem, o, first, count, block.data(), 2).ok());
    EXPECT_TRUE(same_bits(block.data(), whole->elevation_rad.data() + cells * first, cells * count))
        << "directions " << first << " + " << count;
  }
  BigVector<float> none(cells);
  EXPECT_FALSE(compute_horizon_directions(dem, o, 10, 3, none.data()).ok());  // past the last
}

// Each method (sector tables, per instant): a band from create_rows equals the same rows of the
// whole map computed with that method.
void expect_row_bands_equal_the_whole_map(IlluminationMethod method) {
  const terrain::Dem dem = rough_dem();
  HorizonOptions o;
  o.directions = 16;
  auto hz = compute_horizon_map(dem, o, 2);
  ASSERT_TRUE(hz.ok());
  auto from = time::parse_iso8601("2028-10-01T00:00:00Z");
  auto until = time::parse_iso8601("2028-10-20T00:00:00Z");
  ASSERT_TRUE(from.ok() && until.ok());
  const TimeWindow w{*from, *until, 3 * 3600.0};
  IlluminationOptions io;
  io.method = method;
  auto whole = compute_illumination_map(dem, *hz, w, 2, io);
  ASSERT_TRUE(whole.ok());
  const int W = dem.width(), H = dem.height();
  int lit_somewhere = 0;
  for (float v : whole->percent_lit) lit_somewhere += v > 0.0f && v < 100.0f;
  EXPECT_GT(lit_somewhere, 0);  // a window where light and shadow both occur
  for (const auto& [j0, j1] : std::vector<std::pair<int, int>>{{0, 11}, {11, 12}, {12, H}}) {
    // The band's horizons, band-major over its rows only.
    const std::size_t band = static_cast<std::size_t>(j1 - j0) * W;
    std::vector<float> rows(band * o.directions);
    for (int k = 0; k < o.directions; ++k)
      std::memcpy(
          rows.data() + band * k,
          hz->elevation_rad.data() + dem.grid.cells() * k + static_cast<std::size_t>(j0) * W,
          band * sizeof(float));
    auto job = IlluminationJob::create_rows(dem, o, rows.data(), j0, j1, w, method);
    ASSERT_TRUE(job.ok());
    ASSERT_EQ(job->run(2), jobs::JobState::kDone);
    const IlluminationMap part = job->take_result();
    EXPECT_EQ(part.first_row, j0);
    EXPECT_EQ(part.rows, j1 - j0);
    const std::size_t at = static_cast<std::size_t>(j0) * W;
    EXPECT_TRUE(same_bits(part.percent_lit.data(), whole->percent_lit.data() + at, band));
    EXPECT_TRUE(same_bits(part.percent_earth.data(), whole->percent_earth.data() + at, band));
    EXPECT_TRUE(same_bits(part.longest_dark_h.data(), whole->longest_dark_h.data() + at, band));
    EXPECT_TRUE(same_bits(part.permanent_shadow.data(), whole->permanent_shadow.data() + at, band));
  }
  EXPECT_FALSE(IlluminationJob::create_rows(dem, o, hz->elevation_rad.data(), 5, H + 1, w).ok());
}

TEST(IlluminationSplit, RowBandsEqualTheWholeMapBySectorTables) {
  expect_row_bands_equal_the_whole_map(IlluminationMethod::kSectorTables);
}

TEST(IlluminationSplit, RowBandsEqualTheWholeMapPerInstant) {
  expect_row_bands_equal_the_whole_map(IlluminationMethod::kPerInstant);
}

}  // namespace
