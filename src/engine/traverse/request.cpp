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

jobs::Task<Result<ephemeris::SkyTable>> build_traverse_sky_sliced(const TraverseRequest& request,
                                                                  jobs::SliceClock* clock) {
  const SkyWindow w = traverse_sky_window(request.plan.drive.start,
                                          request.plan.drive.max_duration_s, request.sky_search_s);
  auto builder = ephemeris::SkyTableBuilder::start(w.from, w.until);
  if (!builder) co_return builder.error();
  // One full Sun and Earth evaluation is about 64 work units.
  while (!builder->fit_next())
    if (clock && clock->spent(64)) co_await clock->pause();
  co_return builder->take();
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

TraverseJob::~TraverseJob() = default;

double TraverseJob::progress() const {
  if (state() == jobs::JobState::kDone) return 1.0;
  return static_cast<double>(stage()) / kStages;
}

jobs::JobState TraverseJob::step(double budget_s) { return step_within(budget_s, 0); }

jobs::JobState TraverseJob::step_within(double budget_s, std::uint64_t max_units) {
  return advance(true, budget_s, max_units);
}

jobs::JobState TraverseJob::run(int /*threads*/) { return advance(false, 0.0, 0); }

jobs::JobState TraverseJob::advance(bool sliced, double budget_s, std::uint64_t max_units) {
  if (state() != jobs::JobState::kRunning) return state();
  if (wall0_ < 0.0) wall0_ = jobs::monotonic_seconds();
  if (cancel_.cancelled()) {
    error_ = "Planning cancelled.";
    state_.store(jobs::JobState::kCancelled, std::memory_order_release);
    return state();
  }
  if (!runner_) runner_ = std::make_unique<jobs::TaskRunner<bool>>(pipeline(), clock_);
  stage_mark_s_ = jobs::monotonic_seconds();
  bool done = false;
  if (sliced) {
    done = runner_->advance(budget_s, max_units);
  } else {
    // On a worker thread: slices of 50 ms back to back, so that a cancel (the owner replanning
    // and waiting for this thread) is seen within one slice, in every stage.
    while (!(done = runner_->advance(0.05))) {
      if (cancel_.cancelled()) {
        error_ = "Planning cancelled.";
        state_.store(jobs::JobState::kCancelled, std::memory_order_release);
        return state();
      }
    }
  }
  stage_s_[std::clamp(stage(), 0, kStages - 1)] += jobs::monotonic_seconds() - stage_mark_s_;
  if (!done) return state();
  if (result_) {
    result_->stage_s = stage_s_;
    result_->planning_s = jobs::monotonic_seconds() - wall0_;
  }
  // Published last: a thread that sees the final state sees the result or the error.
  state_.store(outcome_, std::memory_order_release);
  return state();
}

void TraverseJob::enter_stage(int stage) {
  const double now = jobs::monotonic_seconds();
  stage_s_[std::clamp(this->stage(), 0, kStages - 1)] += now - stage_mark_s_;
  stage_mark_s_ = now;
  stage_.store(stage, std::memory_order_relaxed);
}

bool TraverseJob::fail(const std::string& message) {
  error_ = one_line(message);
  outcome_ = cancel_.cancelled() ? jobs::JobState::kCancelled : jobs::JobState::kFailed;
  return true;
}

jobs::Task<bool> TraverseJob::finish(Plan plan, DriveResult drive) {
  const TraverseRequest& r = request_;
  auto res = std::make_shared<TraverseResult>();
  res->rover = r.rover;
  res->objective = r.plan.cost.objective;
  res->time_aware = r.plan.time_aware;
  res->grid = r.grid;
  res->plan = std::move(plan);
  res->drive = std::move(drive);
  if (!res->drive.totals.feasible) {
    const std::string suggestion = co_await suggest_fix_sliced(
        r.dem, r.rover, *sky_, r.start, r.stops, r.plan, res->drive, r.suggestion_search, &clock_);
    res->drive.totals.suggestion = one_line(suggestion);
  }
  result_ = std::move(res);
  outcome_ = jobs::JobState::kDone;
  co_return true;
}

jobs::Task<bool> TraverseJob::pipeline() {
  const TraverseRequest& r = request_;
  auto sky = co_await build_traverse_sky_sliced(r, &clock_);
  if (!sky) co_return fail("sky table: " + sky.error().message);
  sky_.emplace(std::move(*sky));
  enter_stage(1);
  if (r.plan.time_aware) {
    const TimedPlanOptions options = timed_options(r.plan);
    auto tp = co_await plan_timed_sliced(r.dem, r.rover, *sky_, r.start, r.stops, options, &clock_);
    if (!tp) co_return fail(tp.error().message);
    co_return co_await finish(std::move(tp->plan), std::move(tp->drive));
  }
  auto costs = co_await build_cost_map_sliced(r.dem, r.rover, r.plan.cost, {}, &clock_);
  if (!costs) co_return fail(costs.error().message);
  costs_.emplace(std::move(*costs));
  enter_stage(2);
  PlanRequest req;
  req.start = r.start;
  req.stops = r.stops;
  req.time_budget_s = r.plan.budget_s;
  req.cancel = &cancel_;
  auto plan = co_await plan_path_sliced(*costs_, req, &clock_);
  if (!plan) co_return fail(plan.error().message);
  plan_.emplace(std::move(*plan));
  enter_stage(3);
  auto drive =
      co_await simulate_drive_sliced(r.dem, *costs_, nullptr, *sky_, *plan_, r.plan.drive, &clock_);
  if (!drive) co_return fail(drive.error().message);
  co_return co_await finish(std::move(*plan_), std::move(*drive));
}

Result<TraverseResult> run_traverse(TraverseRequest request) {
  TraverseJob job(std::move(request));
  if (job.run(1) != jobs::JobState::kDone) return make_error(job.error());
  return std::move(*job.result());
}

}  // namespace ce8::traverse
