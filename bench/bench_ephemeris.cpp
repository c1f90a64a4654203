// Sun and Earth directions seen from the Moon: the full theory (ERFA eraEpv00 + eraMoon98 + the
// IAU rotation model, light time and aberration) against the SkyTable fast path, per sample.
#include <benchmark/benchmark.h>

#include <cmath>

#include "engine/ephemeris/site.hpp"
#include "engine/ephemeris/sky.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/time/time.hpp"

namespace {

using namespace ce8;

time::Instant window_start() { return *time::parse_iso8601("2028-01-01T00:00:00Z"); }
constexpr double kWindowS = 366.0 * 86400.0;
constexpr double kStepS = 3607.3;  // about hourly, not commensurate with the pieces

double check_angle(const ephemeris::Vec3& fast, double tt_s) {
  const auto full = ephemeris::sky_state(time::Instant::from_tt_seconds_since_j2000(tt_s));
  return ephemeris::angle_between(fast, full.sun_body_km);
}

void BM_SunEarthFull(benchmark::State& state) {
  const auto t0 = window_start();
  double off = 0.0;
  ephemeris::Vec3 sun;
  double tt = 0.0;
  for (auto _ : state) {
    const auto t = time::add_seconds(t0, off);
    const auto s = ephemeris::sky_state(t);
    sun = ephemeris::normalized(s.sun_body_km);
    benchmark::DoNotOptimize(sun);
    benchmark::DoNotOptimize(s.earth_body_km);
    tt = t.tt_seconds_since_j2000();
    off = std::fmod(off + kStepS, kWindowS);
  }
  // Checked around the timed loop: the last direction is a unit vector and is the Sun's.
  if (!(std::abs(ephemeris::norm(sun) - 1.0) < 1e-12 && check_angle(sun, tt) < 1e-12))
    state.SkipWithError("full evaluation disagrees with itself");
  state.SetItemsProcessed(state.iterations());  // one Sun + one Earth direction per item
}
BENCHMARK(BM_SunEarthFull);

void BM_SunEarthSkyTable(benchmark::State& state) {
  const auto t0 = window_start();
  const auto table =
      ephemeris::SkyTable::build(t0, time::add_seconds(t0, kWindowS));  // outside the timing
  if (!table) {
    state.SkipWithError(table.error().message.c_str());
    return;
  }
  const double start = t0.tt_seconds_since_j2000();
  double off = 0.0;
  ephemeris::Vec3 sun;
  double tt = 0.0;
  for (auto _ : state) {
    tt = start + off;
    sun = table->sun_dir_body(tt);
    const auto earth = table->earth_dir_body(tt);
    benchmark::DoNotOptimize(sun);
    benchmark::DoNotOptimize(earth);
    off = std::fmod(off + kStepS, kWindowS);
  }
  // Checked around the timed loop: the last fast direction agrees with the full theory.
  const double err = check_angle(sun, tt);
  if (!(err < 1e-3 * ephemeris::kArcsecToRad)) state.SkipWithError("fast path error > 1 mas");
  state.counters["err_arcsec"] = err / ephemeris::kArcsecToRad;
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SunEarthSkyTable);

// The per-cell part of an illumination map: Sun elevation at many sites for one instant.
void BM_SunElevationPerCell(benchmark::State& state) {
  const auto t0 = window_start();
  const auto table = ephemeris::SkyTable::build(t0, time::add_seconds(t0, 86400.0 * 4));
  const auto sun = table->sun_dir_body(t0.tt_seconds_since_j2000() + 3600.0);
  constexpr int kCells = 4096;
  std::vector<ephemeris::SiteFrame> cells;
  for (int i = 0; i < kCells; ++i)
    cells.push_back(
        ephemeris::site_frame(*ephemeris::make_site_deg(-89.0 + (i % 64) * 0.01, i * 0.087)));
  double sum = 0.0;
  for (auto _ : state) {
    sum = 0.0;
    for (const auto& c : cells) sum += ephemeris::az_el_of_direction(c, sun).el_rad;
    benchmark::DoNotOptimize(sum);
  }
  // Near the south pole the Sun is within a few degrees of the horizon everywhere.
  if (!(std::abs(sum / kCells) < 0.1)) state.SkipWithError("implausible mean elevation");
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_SunElevationPerCell);

void BM_SkyTableBuildOneYear(benchmark::State& state) {
  const auto t0 = window_start();
  std::size_t pieces = 0;
  for (auto _ : state) {
    auto table = ephemeris::SkyTable::build(t0, time::add_seconds(t0, kWindowS));
    pieces = table->pieces();
    benchmark::DoNotOptimize(pieces);
  }
  state.counters["pieces"] = static_cast<double>(pieces);
  if (pieces < 183 || pieces > 184) state.SkipWithError("unexpected number of pieces");
}
BENCHMARK(BM_SkyTableBuildOneYear)->Unit(benchmark::kMillisecond);

}  // namespace
