// The traverse pipeline both front ends run (traverse/request.hpp): stepped in slices (the
// explorer in the single-threaded browser build) it gives what run_traverse (ce8 traverse)
// gives; the settings' defaults and the sky-table window are one rule.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/terrain/dem.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/traverse/request.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {
namespace {

terrain::Dem rolling_dem() {
  const terrain::MapXy c = terrain::to_map(terrain::latlon_deg(-89.45, 222.7));
  terrain::Dem dem = *terrain::make_dem(terrain::GridGeometry::centered(c, 64, 64, 20.0), 0.0f);
  for (int j = 0; j < 64; ++j)
    for (int i = 0; i < 64; ++i)
      dem.at(i, j) = static_cast<float>(6.0 * std::sin(i * 0.2) * std::cos(j * 0.15));
  return dem;
}

TraverseRequest request(bool time_aware) {
  const terrain::Dem dem = rolling_dem();
  TraverseSettings s;
  s.start_time = *time::parse_iso8601("2028-10-14T00:00:00");
  s.time_aware = time_aware;
  s.objective = time_aware ? Objective::kEnergy : Objective::kTime;
  s.return_home = true;
  s.max_grid = 32;
  s.max_days = 5.0;
  s.search_days = 2.0;
  const terrain::MapXy a = dem.grid.cell_center(8, 10), b = dem.grid.cell_center(50, 40);
  return make_traverse_request(dem, "test grid", *find_rover("chinese-rover"), a, {b}, s);
}

TEST(TraverseRequest, SettingsBecomeTheRequest) {
  const TraverseRequest r = request(false);
  ASSERT_EQ(r.stops.size(), 2u);  // the goal, then home
  EXPECT_DOUBLE_EQ(r.stops.back().x_m, r.start.x_m);
  EXPECT_DOUBLE_EQ(r.plan.drive.max_duration_s, 5 * 86400.0);
  EXPECT_DOUBLE_EQ(r.plan.drive.max_wait_s, 5 * 86400.0);  // the wait limit never exceeds it
  EXPECT_FALSE(r.plan.drive.lander_given);
  EXPECT_DOUBLE_EQ(r.suggestion_search.max_s, 2 * 86400.0);
  EXPECT_DOUBLE_EQ(r.suggestion_search.budget_s, 40.0);  // 2 x the 20 s budget
  // The sky table starts at the departure and covers the drive, the start search and an hour.
  const SkyWindow w =
      traverse_sky_window(r.plan.drive.start, r.plan.drive.max_duration_s, r.sky_search_s);
  EXPECT_DOUBLE_EQ(w.from.tt_seconds_since_j2000(), r.plan.drive.start.tt_seconds_since_j2000());
  EXPECT_NEAR(time::seconds_between(w.from, w.until), 7 * 86400.0 + 3600.0, 1e-6);
  auto sky = build_traverse_sky(r);
  ASSERT_TRUE(sky.ok()) << sky.error().message;
  EXPECT_DOUBLE_EQ(sky->start_tt_s(), w.from.tt_seconds_since_j2000());
}

void expect_same_plan(bool time_aware) {
  TraverseJob stepped(request(time_aware));
  int steps = 0;
  std::vector<int> stages;  // the stages the steps were in, in order
  while (stepped.state() == jobs::JobState::kRunning) {
    if (stages.empty() || stages.back() != stepped.stage()) stages.push_back(stepped.stage());
    EXPECT_LT(stepped.progress(), 1.0);
    stepped.step(0.0);
    ASSERT_LT(++steps, 1'000'000);
  }
  EXPECT_GT(steps, 4);  // a zero budget ends every step after a few work units
  ASSERT_EQ(stepped.state(), jobs::JobState::kDone) << stepped.error();
  // Plain: sky, cost map, path, drive; time-aware: sky, plan through time.
  const std::vector<int> expected =
      time_aware ? std::vector<int>{0, 1} : std::vector<int>{0, 1, 2, 3};
  EXPECT_EQ(stages, expected);
  EXPECT_EQ(stepped.progress(), 1.0);
  auto whole = run_traverse(request(time_aware));
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  const TraverseResult& a = *stepped.result();
  EXPECT_EQ(a.grid, "test grid");
  EXPECT_EQ(a.time_aware, time_aware);
  EXPECT_GT(a.plan.points.size(), 2u);
  EXPECT_EQ(drive_to_json(a.plan, a.drive, a.rover, a.objective),
            drive_to_json(whole->plan, whole->drive, whole->rover, whole->objective));
  EXPECT_GE(a.planning_s, a.stage_s[0]);
}

TEST(TraverseRequest, SteppedJobAndRunGiveTheSamePlan) { expect_same_plan(false); }
TEST(TraverseRequest, SteppedJobAndRunGiveTheSameTimeAwarePlan) { expect_same_plan(true); }

TEST(TraverseRequest, CancelledAndFailedJobsSayWhy) {
  TraverseJob cancelled(request(false));
  cancelled.cancel();
  EXPECT_EQ(cancelled.step(0.0), jobs::JobState::kCancelled);
  EXPECT_FALSE(cancelled.error().empty());
  EXPECT_EQ(cancelled.result(), nullptr);

  TraverseRequest off = request(false);
  off.stops.front().x_m += 1e6;  // a goal off the map
  auto r = run_traverse(std::move(off));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("map"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace ce8::traverse
