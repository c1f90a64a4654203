#include "engine/traverse/request.hpp"

#include <algorithm>
#include <utility>

#include "engine/traverse/timed_planner.hpp"

namespace ce8::traverse {
namespace {

// First line only: front ends show one line.
std::string one_line(std::string s) {
  const auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

}  // namespace

TraverseRequest make_traverse_request(terrain::Dem dem, std::string grid, RoverModel rover,
                                      terrain::MapXy start, std::vector<terrain::MapXy> goals,
                                      const TraverseSettings& s) {
  TraverseRequest r;
  r.dem = std::move(dem);
  r.grid = std::move(grid);
  r.rover = std::move(rover);
  r.start = start;
  r.stops = std::move(goals);
  if (s.return_home) r.stops.push_back(start);
  DriveOptions& d = r.plan.drive;
  d.start = s.start_time;
  d.step_s = s.step_s;
  d.initial_soc = s.initial_soc;
  d.allow_waiting = s.allow_waiting;
  d.prefer_comm = s.prefer_comm;
  d.max_duration_s = s.max_days * 86400.0;
  d.max_wait_s = std::min(d.max_wait_s, d.max_duration_s);
  d.stop_dwell_s = s.dwell_s;
  if (s.lander) d.lander_xy = *s.lander, d.lander_given = true;
  r.plan.cost.objective = s.objective;
  r.plan.time_aware = s.time_aware;
  r.plan.max_grid = s.max_grid;
  r.plan.wait_step_s = s.wait_step_s;
  r.plan.budget_s = s.budget_s;
  r.plan.threads = std::max(1, s.threads);
  r.suggestion_search.step_s = s.search_step_s;
  r.suggestion_search.max_s = s.search_days * 86400.0;
  r.suggestion_search.budget_s = s.suggestion_budget_s >= 0.0 ? s.suggestion_budget_s
                                 : s.time_aware               ? 2.0 * s.budget_s
                                                              : std::min(60.0, 2.0 * s.budget_s);
  r.sky_search_s = s.search_days * 86400.0;
  return r;
}

SkyWindow traverse_sky_window(const time::Instant& start, double max_duration_s, double search_s) {
  return {start, time::add_seconds(start, search_s + max_duration_s + 3600.0)};
}

Result<ephemeris::SkyTable> build_traverse_sky(const TraverseRequest& request) {
  const SkyWindow w = traverse_sky_window(request.plan.drive.start,
                                          request.plan.drive.max_duration_s, request.sky_search_s);
  return ephemeris::SkyTable::build(w.from, w.until);
}

const char* traverse_stage_name(int stage, bool time_aware) {
  switch (stage) {
    case 0:
      return "Sun and Earth positions";
    case 1:
      return time_aware ? "Planning through time" : "Cost map";
    case 2:
      return "Searching the path";
    default:
      return "Simulating the drive";
  }
}

TraverseJob::TraverseJob(TraverseRequest request) : request_(std::move(request)) {
  request_.plan.cancel = &cancel_;
}

double TraverseJob::progress() const {
  if (state() == jobs::JobState::kDone) return 1.0;
  return static_cast<double>(stage()) / kStages;
}

jobs::JobState TraverseJob::step(double /*budget_s*/) {
  if (state() != jobs::JobState::kRunning) return state();
  if (wall0_ < 0.0) wall0_ = jobs::monotonic_seconds();
  if (cancel_.cancelled()) {
    error_ = "Planning cancelled.";
    state_.store(jobs::JobState::kCancelled, std::memory_order_release);
    return state();
  }
  const int stage = std::clamp(stage_.load(), 0, kStages - 1);
  const double t0 = jobs::monotonic_seconds();
  const bool done = run_stage();
  stage_s_[stage] += jobs::monotonic_seconds() - t0;
  if (!done) return state();
  if (result_) {
    result_->stage_s = stage_s_;
    result_->planning_s = jobs::monotonic_seconds() - wall0_;
  }
  // Published last: a thread that sees the final state sees the result or the error.
  state_.store(outcome_, std::memory_order_release);
  return state();
}

jobs::JobState TraverseJob::run(int /*threads*/) {
  while (step(0.0) == jobs::JobState::kRunning) {
  }
  return state();
}

bool TraverseJob::fail(const std::string& message) {
  error_ = one_line(message);
  outcome_ = cancel_.cancelled() ? jobs::JobState::kCancelled : jobs::JobState::kFailed;
  return true;
}

void TraverseJob::finish(Plan plan, DriveResult drive) {
  const TraverseRequest& r = request_;
  auto res = std::make_shared<TraverseResult>();
  res->rover = r.rover;
  res->objective = r.plan.cost.objective;
  res->time_aware = r.plan.time_aware;
  res->grid = r.grid;
  res->plan = std::move(plan);
  res->drive = std::move(drive);
  if (!res->drive.totals.feasible)
    res->drive.totals.suggestion = one_line(suggest_fix(r.dem, r.rover, *sky_, r.start, r.stops,
                                                        r.plan, res->drive, r.suggestion_search));
  result_ = std::move(res);
  outcome_ = jobs::JobState::kDone;
}

bool TraverseJob::run_stage() {
  const TraverseRequest& r = request_;
  switch (stage_.load()) {
    case 0: {
      auto sky = build_traverse_sky(r);
      if (!sky) return fail("sky table: " + sky.error().message);
      sky_.emplace(std::move(*sky));
      stage_ = 1;
      return false;
    }
    case 1: {
      if (r.plan.time_aware) {
        auto tp = plan_timed(r.dem, r.rover, *sky_, r.start, r.stops, timed_options(r.plan));
        if (!tp) return fail(tp.error().message);
        finish(std::move(tp->plan), std::move(tp->drive));
        break;
      }
      auto costs = build_cost_map(r.dem, r.rover, r.plan.cost);
      if (!costs) return fail(costs.error().message);
      costs_.emplace(std::move(*costs));
      stage_ = 2;
      return false;
    }
    case 2: {
      PlanRequest req;
      req.start = r.start;
      req.stops = r.stops;
      req.time_budget_s = r.plan.budget_s;
      req.cancel = &cancel_;
      auto plan = plan_path(*costs_, req);
      if (!plan) return fail(plan.error().message);
      plan_.emplace(std::move(*plan));
      stage_ = 3;
      return false;
    }
    default: {
      auto drive = simulate_drive(r.dem, *costs_, nullptr, *sky_, *plan_, r.plan.drive);
      if (!drive) return fail(drive.error().message);
      finish(std::move(*plan_), std::move(*drive));
      break;
    }
  }
  return true;
}

Result<TraverseResult> run_traverse(TraverseRequest request) {
  TraverseJob job(std::move(request));
  if (job.run(1) != jobs::JobState::kDone) return make_error(job.error());
  return std::move(*job.result());
}

}  // namespace ce8::traverse
