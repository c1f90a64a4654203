// Why a rover drive is infeasible and what would work (issue 13): one drive request run end to
// end (plan + simulation, plain or time-aware), a search for the earliest start time from which
// the drive is feasible, and a one-line suggestion for an infeasible drive. Used by
// `ce8 traverse` (error line, JSON `totals.suggestion`, `--earliest-start`) and the app.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/planner.hpp"
#include "engine/traverse/timed_planner.hpp"

namespace ce8::traverse {

struct DriveRequest {
  DriveOptions drive;       // start time, battery, waiting policy
  CostOptions cost;         // objective
  bool time_aware = false;  // plan_timed instead of plan_path + simulate_drive
  int max_grid = 256;       // time-aware planning grid
  double wait_step_s = 3600.0;
  double budget_s = 20.0;  // wall-clock budget of one planning run
  int threads = 1;
  const jobs::CancelFlag* cancel = nullptr;
};

struct DriveOutcome {
  Plan plan;
  DriveResult drive;
};

// The timed planner's options for a drive request (shared by explain.cpp and request.cpp).
TimedPlanOptions timed_options(const DriveRequest& r);

// Plans and simulates one drive. Errors: bad input (points on impassable ground, unreachable
// goals) and failed planning, with the planners' messages.
Result<DriveOutcome> plan_and_drive(const terrain::Dem& dem, const RoverModel& rover,
                                    const ephemeris::SkyTable& sky, terrain::MapXy from,
                                    const std::vector<terrain::MapXy>& stops,
                                    const DriveRequest& request);
// The resumable forms of plan_and_drive, find_earliest_start and suggest_fix charge their work
// to `clock` (may be null; see jobs/task.hpp). The arguments must outlive the task.
jobs::Task<Result<DriveOutcome>> plan_and_drive_sliced(
    const terrain::Dem& dem, const RoverModel& rover, const ephemeris::SkyTable& sky,
    terrain::MapXy from, const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
    jobs::SliceClock* clock);

struct StartSearch {
  double step_s = 6 * 3600.0;   // tries start, start + step, ...
  double max_s = 30 * 86400.0;  // up to start + max_s
  double budget_s = 60.0;       // wall clock for the whole search
};

struct EarliestStart {
  bool found = false;
  time::Instant start;            // the first feasible start (when found)
  int tries = 0;                  // start times tried
  double searched_until_s = 0.0;  // seconds after the requested start that were searched
  bool budget_exhausted = false;  // the wall-clock budget ended the search early
  DriveOutcome outcome;           // the drive from `start` (found) or from the requested start
};

// Tries start times request.drive.start + k x step (k = 0, 1, ...) up to max_s and returns the
// first whose drive is feasible. Plain drives keep one route (planned once: the route does not
// depend on time), time-aware drives are re-planned per start. The sky table must cover
// [start, start + max_s + drive.max_duration_s]. Errors: as plan_and_drive, except that a
// time-aware plan with no schedule keeping the battery floor counts as infeasible.
Result<EarliestStart> find_earliest_start(const terrain::Dem& dem, const RoverModel& rover,
                                          const ephemeris::SkyTable& sky, terrain::MapXy from,
                                          const std::vector<terrain::MapXy>& stops,
                                          const DriveRequest& request, const StartSearch& search);
jobs::Task<Result<EarliestStart>> find_earliest_start_sliced(
    const terrain::Dem& dem, const RoverModel& rover, const ephemeris::SkyTable& sky,
    terrain::MapXy from, const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
    const StartSearch& search, jobs::SliceClock* clock);

// One line for an infeasible drive: why (the start in shadow at the start time, the battery at
// its floor in darkness) and what would work (the first later start, found by a short
// find_earliest_start, from which the same request is feasible; else time-aware planning, a
// closer goal). Empty for a feasible drive. The sky table must cover the search (see above).
std::string suggest_fix(const terrain::Dem& dem, const RoverModel& rover,
                        const ephemeris::SkyTable& sky, terrain::MapXy from,
                        const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
                        const DriveResult& failed, const StartSearch& search = {});
jobs::Task<std::string> suggest_fix_sliced(const terrain::Dem& dem, const RoverModel& rover,
                                           const ephemeris::SkyTable& sky, terrain::MapXy from,
                                           const std::vector<terrain::MapXy>& stops,
                                           const DriveRequest& request, const DriveResult& failed,
                                           const StartSearch& search, jobs::SliceClock* clock);

// A suggestion for a planning error message (no route keeps the battery floor, planning budget):
// empty when there is nothing to add.
std::string suggest_for_planning_error(const std::string& message, bool time_aware);

// "2028-10-28 06:00 UTC"
std::string short_utc(const time::Instant& t);

}  // namespace ce8::traverse
