// The sector-table path of the illumination maps (the default) against the plain per-instant
// definition (IlluminationMethod::kPerInstant) on real LOLA terrain: percent lit and percent
// Earth within 0.1 percentage points, longest darkness within one step, permanent shadow
// identical; a row band computed alone equals the same rows of the whole map.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"

namespace ce8::illumination {
namespace {

const terrain::LolaTerrain& moon() {
  static auto m = terrain::LolaTerrain::builtin();
  return **m;
}

terrain::Dem lola_dem(double lat_deg, double lon_deg, int n, double cell_m) {
  const terrain::MapXy c = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  auto d = terrain::generate(terrain::GridGeometry::centered(c, n, n, cell_m), moon());
  EXPECT_TRUE(d.ok());
  return std::move(d.value());
}

struct Agreement {
  double worst_lit = 0.0, worst_earth = 0.0, mean_lit = 0.0, worst_dark_steps = 0.0;
  int psr_cells = 0, psr_mismatch = 0, partly_lit = 0;
};

Agreement compare(const IlluminationMap& fast, const IlluminationMap& ref, double step_h) {
  Agreement a;
  const std::size_t cells = ref.grid.cells();
  for (std::size_t q = 0; q < cells; ++q) {
    const double dl = std::fabs(fast.percent_lit[q] - ref.percent_lit[q]);
    a.worst_lit = std::max(a.worst_lit, dl);
    a.mean_lit += dl / cells;
    a.worst_earth =
        std::max(a.worst_earth,
                 static_cast<double>(std::fabs(fast.percent_earth[q] - ref.percent_earth[q])));
    a.worst_dark_steps = std::max(
        a.worst_dark_steps, std::fabs(fast.longest_dark_h[q] - ref.longest_dark_h[q]) / step_h);
    a.psr_cells += ref.permanent_shadow[q] == 1.0f;
    a.psr_mismatch += fast.permanent_shadow[q] != ref.permanent_shadow[q];
    a.partly_lit += ref.percent_lit[q] > 1.0f && ref.percent_lit[q] < 99.0f;
  }
  return a;
}

void expect_agreement(const terrain::Dem& d, const HorizonOptions& ho, const TimeWindow& w,
                      bool expect_psr) {
  auto hz = compute_horizon_map(d, ho, 2);
  ASSERT_TRUE(hz.ok());
  IlluminationOptions reference;
  reference.method = IlluminationMethod::kPerInstant;
  auto ref = compute_illumination_map(d, *hz, w, 2, reference);
  auto fast = compute_illumination_map(d, *hz, w, 2);
  ASSERT_TRUE(ref.ok() && fast.ok());
  const Agreement a = compare(*fast, *ref, w.step_s / 3600.0);
  EXPECT_LE(a.worst_lit, 0.1);
  EXPECT_LE(a.worst_earth, 0.1);
  EXPECT_LE(a.worst_dark_steps, 1.0 + 1e-6);
  EXPECT_EQ(a.psr_mismatch, 0);
  EXPECT_GT(a.partly_lit, static_cast<int>(d.grid.cells() / 4));  // horizons matter here
  if (expect_psr) EXPECT_GT(a.psr_cells, 0);
  std::printf(
      "lit worst %.4f mean %.5f pp, Earth worst %.4f pp, darkness worst %.1f steps, "
      "%d PSR cells\n",
      a.worst_lit, a.mean_lit, a.worst_earth, a.worst_dark_steps, a.psr_cells);
}

TimeWindow window(const char* from, const char* until, double step_h) {
  return {time::parse_iso8601(from).value(), time::parse_iso8601(until).value(), step_h * 3600.0};
}

// Shackleton and its rim at the pole (LOLA 200 m / 40 m data), a year hourly.
TEST(IlluminationSectorTables, MatchesPerInstantAtThePoleOverAYear) {
  const terrain::Dem d = lola_dem(-89.9, 0.0, 64, 240.0);
  expect_agreement(d, {64, 0.0, true}, window("2028-01-01", "2028-12-31T23:00:00Z", 1.0), true);
}

// Farther from the pole (the Sun higher, the frames tilted more across a tile), a 2 m mast,
// 32 directions, 3 months every 2 hours.
TEST(IlluminationSectorTables, MatchesPerInstantAwayFromThePole) {
  const terrain::Dem d = lola_dem(-86.0, 300.0, 48, 400.0);
  expect_agreement(d, {32, 2.0, true}, window("2028-03-01", "2028-06-01", 2.0), false);
}

// A fine 20 m grid on the Shackleton rim (tiles of 64 cells, a partial one at the edge).
TEST(IlluminationSectorTables, MatchesPerInstantOnAFineGrid) {
  const terrain::Dem d = lola_dem(-89.45, 222.0, 80, 20.0);
  expect_agreement(d, {64, 2.0, true}, window("2028-01-01", "2028-03-01", 1.0), false);
}

TEST(IlluminationSectorTables, RowBandEqualsTheSameRowsOfTheWholeMap) {
  const terrain::Dem d = lola_dem(-89.9, 0.0, 40, 240.0);
  auto hz = compute_horizon_map(d, {32, 0.0, true}, 2);
  ASSERT_TRUE(hz.ok());
  const TimeWindow w = window("2028-01-01", "2028-02-01", 3.0);
  auto whole = compute_illumination_map(d, *hz, w, 2);
  IlluminationOptions band;
  band.row_begin = 13;
  band.row_end = 29;
  auto part = compute_illumination_map(d, *hz, w, 2, band);
  ASSERT_TRUE(whole.ok() && part.ok());
  EXPECT_EQ(part->first_row, 13);
  EXPECT_EQ(part->rows, 16);
  ASSERT_EQ(part->percent_lit.size(), std::size_t{16 * 40});
  for (int j = 13; j < 29; ++j)
    for (int i = 0; i < 40; ++i) {
      const std::size_t k = static_cast<std::size_t>(j) * 40 + i;
      const std::size_t b = static_cast<std::size_t>(j - 13) * 40 + i;  // in the band
      EXPECT_EQ(part->percent_lit[b], whole->percent_lit[k]);
      EXPECT_EQ(part->percent_earth[b], whole->percent_earth[k]);
      EXPECT_EQ(part->longest_dark_h[b], whole->longest_dark_h[k]);
      EXPECT_EQ(part->permanent_shadow[b], whole->permanent_shadow[k]);
    }
  band.row_end = 41;
  EXPECT_FALSE(IlluminationJob::create(d, *hz, w, band).ok());
}

}  // namespace
}  // namespace ce8::illumination
