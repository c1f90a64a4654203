#include "engine/traverse/explain.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "engine/jobs/jobs.hpp"

namespace ce8::traverse {
namespace {

bool is_battery_failure(const std::string& m) {
  return m.find("keeps the battery") != std::string::npos;
}

}  // namespace

TimedPlanOptions timed_options(const DriveRequest& r) {
  TimedPlanOptions o;
  o.drive = r.drive;
  o.cost = r.cost;
  o.max_grid = r.max_grid;
  o.wait_step_s = r.wait_step_s;
  o.time_budget_s = r.budget_s;
  o.threads = r.threads;
  o.cancel = r.cancel;
  return o;
}

std::string short_utc(const time::Instant& t) {
  auto s = time::format_iso8601(t, time::Scale::kUtc, 0);
  if (!s) return "?";
  std::string x = *s;  // 2028-10-28T06:00:00Z
  if (x.size() >= 16) x = x.substr(0, 10) + " " + x.substr(11, 5) + " UTC";
  return x;
}

Result<DriveOutcome> plan_and_drive(const terrain::Dem& dem, const RoverModel& rover,
                                    const ephemeris::SkyTable& sky, terrain::MapXy from,
                                    const std::vector<terrain::MapXy>& stops,
                                    const DriveRequest& request) {
  return jobs::run_to_end(plan_and_drive_sliced(dem, rover, sky, from, stops, request, nullptr));
}

jobs::Task<Result<DriveOutcome>> plan_and_drive_sliced(
    const terrain::Dem& dem, const RoverModel& rover, const ephemeris::SkyTable& sky,
    terrain::MapXy from, const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
    jobs::SliceClock* clock) {
  DriveOutcome out;
  if (request.time_aware) {
    const TimedPlanOptions options = timed_options(request);
    auto tp = co_await plan_timed_sliced(dem, rover, sky, from, stops, options, clock);
    if (!tp) co_return tp.error();
    out.plan = std::move(tp->plan);
    out.drive = std::move(tp->drive);
    co_return std::move(out);
  }
  auto costs = co_await build_cost_map_sliced(dem, rover, request.cost, {}, clock);
  if (!costs) co_return costs.error();
  PlanRequest req;
  req.start = from;
  req.stops = stops;
  req.time_budget_s = request.budget_s;
  req.cancel = request.cancel;
  auto p = co_await plan_path_sliced(*costs, req, clock);
  if (!p) co_return p.error();
  out.plan = std::move(*p);
  auto dr =
      co_await simulate_drive_sliced(dem, *costs, nullptr, sky, out.plan, request.drive, clock);
  if (!dr) co_return dr.error();
  out.drive = std::move(*dr);
  co_return std::move(out);
}

Result<EarliestStart> find_earliest_start(const terrain::Dem& dem, const RoverModel& rover,
                                          const ephemeris::SkyTable& sky, terrain::MapXy from,
                                          const std::vector<terrain::MapXy>& stops,
                                          const DriveRequest& request, const StartSearch& search) {
  return jobs::run_to_end(
      find_earliest_start_sliced(dem, rover, sky, from, stops, request, search, nullptr));
}

jobs::Task<Result<EarliestStart>> find_earliest_start_sliced(
    const terrain::Dem& dem, const RoverModel& rover, const ephemeris::SkyTable& sky,
    terrain::MapXy from, const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
    const StartSearch& search, jobs::SliceClock* clock) {
  if (!(search.step_s >= 60.0) || !(search.max_s >= 0.0) || !(search.budget_s > 0.0))
    co_return make_error("start search: the step must be at least 1 minute, the bound >= 0");
  const double wall0 = jobs::work_seconds(clock);
  EarliestStart res;
  // Plain drives: one route for all start times.
  std::optional<CostMap> costs;
  Plan route;
  if (!request.time_aware) {
    auto c = co_await build_cost_map_sliced(dem, rover, request.cost, {}, clock);
    if (!c) co_return c.error();
    costs = std::move(*c);
    PlanRequest req;
    req.start = from;
    req.stops = stops;
    req.time_budget_s = request.budget_s;
    req.cancel = request.cancel;
    auto p = co_await plan_path_sliced(*costs, req, clock);
    if (!p) co_return p.error();
    route = std::move(*p);
  }
  for (double off = 0.0; off <= search.max_s + 1e-6; off += search.step_s) {
    if (res.tries > 0 && jobs::work_seconds(clock) - wall0 > search.budget_s) {
      res.budget_exhausted = true;
      break;
    }
    if (request.cancel && request.cancel->cancelled())
      co_return make_error("start search cancelled");
    DriveRequest r = request;
    r.drive.start = time::add_seconds(request.drive.start, off);
    ++res.tries;
    res.searched_until_s = off;
    DriveOutcome o;
    if (request.time_aware) {
      const TimedPlanOptions options = timed_options(r);
      auto tp = co_await plan_timed_sliced(dem, rover, sky, from, stops, options, clock);
      if (!tp) {
        if (is_battery_failure(tp.error().message)) continue;
        co_return tp.error();
      }
      o.plan = std::move(tp->plan);
      o.drive = std::move(tp->drive);
    } else {
      auto dr = co_await simulate_drive_sliced(dem, *costs, nullptr, sky, route, r.drive, clock);
      if (!dr) co_return dr.error();
      o.plan = route;
      o.drive = std::move(*dr);
    }
    const bool ok = o.drive.totals.feasible;
    if (off == 0.0 || ok) res.outcome = std::move(o);
    if (ok) {
      res.found = true;
      res.start = r.drive.start;
      break;
    }
  }
  co_return std::move(res);
}

std::string suggest_fix(const terrain::Dem& dem, const RoverModel& rover,
                        const ephemeris::SkyTable& sky, terrain::MapXy from,
                        const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
                        const DriveResult& failed, const StartSearch& search) {
  return jobs::run_to_end(
      suggest_fix_sliced(dem, rover, sky, from, stops, request, failed, search, nullptr));
}

jobs::Task<std::string> suggest_fix_sliced(const terrain::Dem& dem, const RoverModel& rover,
                                           const ephemeris::SkyTable& sky, terrain::MapXy from,
                                           const std::vector<terrain::MapXy>& stops,
                                           const DriveRequest& request, const DriveResult& failed,
                                           const StartSearch& search, jobs::SliceClock* clock) {
  if (failed.totals.feasible) co_return std::string();
  std::string why;
  if (!failed.timeline.empty() && failed.timeline.front().sun_visible_fraction <= 0.0)
    why = "the start is in shadow at " + short_utc(request.drive.start) + "; ";
  else if (failed.totals.reason.find("darkness") != std::string::npos)
    why = "the route runs into shadow before the battery is recharged; ";
  DriveRequest later = request;
  later.drive.start = time::add_seconds(request.drive.start, search.step_s);
  StartSearch s = search;
  s.max_s = std::max(0.0, search.max_s - search.step_s);
  auto es = co_await find_earliest_start_sliced(dem, rover, sky, from, stops, later, s, clock);
  char days[32];
  std::snprintf(days, sizeof days, "%.0f", search.max_s / 86400.0);
  if (es && es->found)
    co_return why + "start at " + short_utc(es->start) + " instead (the same request is feasible " +
        "then; --earliest-start finds it)" +
        (request.time_aware ? "" : ", or plan with --time-aware");
  if (es && es->budget_exhausted)
    co_return why + "no feasible start found in the searched time; try --earliest-start with a " +
        "larger --budget, --time-aware, or a closer goal";
  co_return why + "no start within " + days + " days makes this drive feasible: " +
      (request.time_aware ? std::string("") : "plan with --time-aware, ") +
      "choose a goal on lit ground or closer to the start";
}

std::string suggest_for_planning_error(const std::string& message, bool time_aware) {
  if (is_battery_failure(message))
    return "try --earliest-start to search later start times (up to 30 days)" +
           std::string(time_aware ? "" : ", or --time-aware");
  return "";
}

}  // namespace ce8::traverse
