// The cast shadows' job (SunVisibilityJob): the same visible fractions as disk_visibility_map,
// bit for bit, whether it runs on threads, in slices or with the cell frames of an earlier job;
// frames of another grid and a horizon of another DEM are refused; cancel stops it.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/illumination/visibility.hpp"
#include "engine/illumination/visibility_job.hpp"

namespace {

using namespace ce8;
using namespace ce8::illumination;

// A crater at the pole (odd size: the centre cell sits on the pole itself) with a few nodata
// cells on its rim.
terrain::Dem polar_crater(int n, double cell_m) {
  auto d = terrain::make_dem(terrain::GridGeometry::centered({0.0, 0.0}, n, n, cell_m), 0.0f);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double r = std::hypot(i - n / 2, j - n / 2) / (n / 4.0);
      d->at(i, j) =
          static_cast<float>(r < 1.0 ? -2500.0 * (1.0 - r * r) : 200.0 * std::exp(-(r - 1.0) * 2));
    }
  for (int k = 0; k < 5; ++k) d->at(n / 4 + k, n / 4) = terrain::kNodata;
  return std::move(d.value());
}

// The Sun low over the pole: about 1 degree up, from body longitude `lon`.
Vec3 low_sun(double lon) {
  const Vec3 v{std::cos(lon), std::sin(lon), -0.018};
  return ephemeris::normalized(v);
}

void expect_same(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  int partial = 0;
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (std::isnan(want[k])) {
      EXPECT_TRUE(std::isnan(got[k])) << "cell " << k;
      continue;
    }
    ASSERT_EQ(got[k], want[k]) << "cell " << k;
    if (want[k] > 0.0f && want[k] < 1.0f) ++partial;
  }
  EXPECT_GT(partial, 0);  // the Sun's disk is cut by some horizon: the test sees fractions
}

constexpr double kSunRadius = 0.00465;

TEST(SunVisibilityJob, SameAsTheMapOnThreadsInSlicesAndWithSharedFrames) {
  const terrain::Dem d = polar_crater(61, 500.0);
  auto horizon = compute_horizon_map(d, {32, 2.0, true}, 2);
  ASSERT_TRUE(horizon.ok());
  auto want = disk_visibility_map(d, *horizon, low_sun(0.3), kSunRadius);
  ASSERT_TRUE(want.ok());

  auto threaded = SunVisibilityJob::create(d, *horizon, low_sun(0.3), kSunRadius);
  ASSERT_TRUE(threaded.ok());
  EXPECT_EQ((*threaded)->run(2), jobs::JobState::kDone);
  expect_same((*threaded)->take_result(), *want);

  auto sliced = SunVisibilityJob::create(d, *horizon, low_sun(0.3), kSunRadius);
  ASSERT_TRUE(sliced.ok());
  int steps = 0;
  while ((*sliced)->step(0.0) == jobs::JobState::kRunning) ++steps;
  EXPECT_EQ((*sliced)->state(), jobs::JobState::kDone);
  EXPECT_GE(steps, d.height() - 1);  // a row at a time with no budget
  EXPECT_DOUBLE_EQ((*sliced)->progress(), 1.0);
  expect_same((*sliced)->take_result(), *want);

  // The frames of the first job serve a later Sun.
  auto frames = (*threaded)->frames();
  ASSERT_TRUE(frames && frames->matches(d.grid));
  for (double lon : {1.9, 4.4}) {
    auto later = SunVisibilityJob::create(d, *horizon, low_sun(lon), kSunRadius, frames);
    ASSERT_TRUE(later.ok());
    EXPECT_EQ((*later)->run(1), jobs::JobState::kDone);
    EXPECT_EQ((*later)->frames(), frames);
    auto map = disk_visibility_map(d, *horizon, low_sun(lon), kSunRadius);
    ASSERT_TRUE(map.ok());
    expect_same((*later)->take_result(), *map);
  }
}

TEST(SunVisibilityJob, RefusesFramesOrHorizonOfAnotherGridAndStopsOnCancel) {
  const terrain::Dem d = polar_crater(31, 500.0);
  const terrain::Dem other = polar_crater(33, 500.0);
  auto horizon = compute_horizon_map(d, {16, 2.0, true}, 1);
  auto other_horizon = compute_horizon_map(other, {16, 2.0, true}, 1);
  ASSERT_TRUE(horizon.ok() && other_horizon.ok());
  auto wrong = SunVisibilityJob::create(d, *other_horizon, low_sun(0.0), kSunRadius);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("horizon map"), std::string::npos);

  auto other_job = SunVisibilityJob::create(other, *other_horizon, low_sun(0.0), kSunRadius);
  ASSERT_TRUE(other_job.ok());
  ASSERT_EQ((*other_job)->run(1), jobs::JobState::kDone);
  auto mixed =
      SunVisibilityJob::create(d, *horizon, low_sun(0.0), kSunRadius, (*other_job)->frames());
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error().message.find("another grid"), std::string::npos);

  auto job = SunVisibilityJob::create(d, *horizon, low_sun(0.0), kSunRadius);
  ASSERT_TRUE(job.ok());
  (*job)->step(0.0);
  (*job)->cancel();
  EXPECT_EQ((*job)->step(1.0), jobs::JobState::kCancelled);
  EXPECT_LT((*job)->progress(), 1.0);
}

}  // namespace
