// The traverse job in bounded steps (issue 16: the single-threaded browser build slices heavy
// work into steps of at most 16 ms): a plan stepped with a tiny budget, or a few work units per
// step, equals the plan run in one go, byte for byte, and no step does more than its bounded
// work (counted with the job's own SliceClock, not the wall clock).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/jobs/task.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/projection.hpp"
#include "engine/traverse/request.hpp"
#include "engine/traverse/rover.hpp"

namespace ce8::traverse {
namespace {

// Rolling ground with a ridge the rover has to go around.
terrain::Dem hills_dem(int n, bool ridge_wall) {
  const terrain::MapXy c = terrain::to_map(terrain::latlon_deg(-89.45, 222.7));
  terrain::Dem dem = *terrain::make_dem(terrain::GridGeometry::centered(c, n, n, 20.0), 0.0f);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double ridge = (ridge_wall && std::abs(i - n / 2) < 2 && j > n / 5) ? 40.0 : 0.0;
      dem.at(i, j) = static_cast<float>(6.0 * std::sin(i * 0.2) * std::cos(j * 0.15) + ridge);
    }
  return dem;
}

struct Case {
  bool time_aware = false;
  double initial_soc = 1.0;
  bool allow_waiting = true;
  const char* start = "2028-10-14T00:00:00";
};

TraverseRequest request(const Case& c) {
  // The time-aware search over (cell, time, energy) is the slow one: a smaller map for it.
  const int n = c.time_aware ? 64 : 96;
  const terrain::Dem dem = hills_dem(n, !c.time_aware);
  TraverseSettings s;
  s.start_time = *time::parse_iso8601(c.start);
  s.time_aware = c.time_aware;
  s.objective = Objective::kTime;
  s.initial_soc = c.initial_soc;
  s.allow_waiting = c.allow_waiting;
  s.return_home = true;
  s.max_grid = 32;
  s.max_days = c.time_aware ? 3.0 : 5.0;
  s.search_days = 2.0;
  const terrain::MapXy a = dem.grid.cell_center(n / 10, 7 * n / 10);
  const terrain::MapXy b = dem.grid.cell_center(n - n / 10, 6 * n / 10);
  return make_traverse_request(dem, "test grid", *find_rover("chinese-rover"), a, {b}, s);
}

std::string json_of(const TraverseJob& job) {
  const TraverseResult& r = *job.result();
  return drive_to_json(r.plan, r.drive, r.rover, r.objective) + "\n" + r.drive.totals.suggestion;
}

// Steps the job `max_units` work units at a time and checks every step's work.
std::string stepped_by_units(const Case& c, std::uint64_t max_units, std::uint64_t& steps,
                             std::vector<int>& stages) {
  TraverseJob job(request(c));
  steps = 0;
  while (job.state() == jobs::JobState::kRunning) {
    if (stages.empty() || stages.back() != job.stage()) stages.push_back(job.stage());
    job.step_within(1.0, max_units);
    ++steps;
    if (steps > 10'000'000) break;
  }
  EXPECT_EQ(job.state(), jobs::JobState::kDone) << job.error();
  if (job.state() != jobs::JobState::kDone) return "";
  const jobs::SliceClock& clock = job.clock();
  // A step ends at the first charge that reaches the limit.
  EXPECT_LE(clock.max_units_in_slice(), max_units - 1 + clock.max_charge());
  // The largest single item: a ray-marched horizon (256 units) or a grid pass over 1/256 of a
  // 96 x 96 grid; never a whole stage.
  EXPECT_LE(clock.max_charge(), 4u + 256u);
  // Work is spread over many steps: at least one step per (limit + largest item) units.
  EXPECT_GE(steps, clock.units() / (max_units + clock.max_charge()));
  EXPECT_GT(steps, 100u);
  return json_of(job);
}

void expect_slicing_invisible(const Case& c, const std::vector<int>& expected_stages,
                              const std::vector<std::uint64_t>& units_per_step) {
  auto whole = run_traverse(request(c));
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  const std::string reference =
      drive_to_json(whole->plan, whole->drive, whole->rover, whole->objective) + "\n" +
      whole->drive.totals.suggestion;

  // A huge budget: one step.
  TraverseJob big(request(c));
  EXPECT_EQ(big.step(1e9), jobs::JobState::kDone) << big.error();
  EXPECT_EQ(json_of(big), reference);

  // A tiny time budget: many steps.
  TraverseJob tiny(request(c));
  int tiny_steps = 0;
  while (tiny.step(1e-9) == jobs::JobState::kRunning) ++tiny_steps;
  ASSERT_EQ(tiny.state(), jobs::JobState::kDone) << tiny.error();
  EXPECT_GT(tiny_steps, 20);
  EXPECT_EQ(json_of(tiny), reference);

  // A few work units per step.
  for (std::uint64_t units : units_per_step) {
    std::uint64_t steps = 0;
    std::vector<int> stages;
    EXPECT_EQ(stepped_by_units(c, units, steps, stages), reference) << units << " units per step";
    EXPECT_EQ(stages, expected_stages);
  }
}

TEST(TraverseSlicing, PlainPlanInBoundedStepsEqualsTheWholeRun) {
  expect_slicing_invisible({}, {0, 1, 2, 3}, {1, 7});
}

TEST(TraverseSlicing, TimeAwarePlanInBoundedStepsEqualsTheWholeRun) {
  Case c;
  c.time_aware = true;
  expect_slicing_invisible(c, {0, 1}, {200});
}

TEST(TraverseSlicing, InfeasibleDriveAndItsSuggestionInBoundedSteps) {
  // A nearly empty battery and no waiting: the drive fails, and the later-start search behind
  // the suggestion runs sliced too.
  Case c;
  c.initial_soc = 0.32;
  c.allow_waiting = false;
  c.start = "2028-10-20T00:00:00";
  auto whole = run_traverse(request(c));
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_FALSE(whole->drive.totals.feasible);
  EXPECT_FALSE(whole->drive.totals.suggestion.empty());
  expect_slicing_invisible(c, {0, 1, 2, 3}, {1, 7});
}

TEST(TraverseSlicing, CancelBetweenSlicesStopsTheJob) {
  TraverseJob job(request({}));
  for (int k = 0; k < 50 && job.state() == jobs::JobState::kRunning; ++k) job.step_within(1.0, 4);
  ASSERT_EQ(job.state(), jobs::JobState::kRunning);
  job.cancel();
  while (job.step_within(1.0, 4) == jobs::JobState::kRunning) {
  }
  EXPECT_EQ(job.state(), jobs::JobState::kCancelled);
  EXPECT_EQ(job.result(), nullptr);
  EXPECT_FALSE(job.error().empty());
}

}  // namespace
}  // namespace ce8::traverse
