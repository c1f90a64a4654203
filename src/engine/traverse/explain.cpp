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
  DriveOutcome out;
  if (request.time_aware) {
    auto tp = plan_timed(dem, rover, sky, from, stops, timed_options(request));
    if (!tp) return tp.error();
    out.plan = std::move(tp->plan);
    out.drive = std::move(tp->drive);
    return out;
  }
  auto costs = build_cost_map(dem, rover, request.cost);
  if (!costs) return costs.error();
  PlanRequest req;
  req.start = from;
  req.stops = stops;
  req.time_budget_s = request.budget_s;
  req.cancel = request.cancel;
  auto p = plan_path(*costs, req);
  if (!p) return p.error();
  out.plan = std::move(*p);
  auto dr = simulate_drive(dem, *costs, nullptr, sky, out.plan, request.drive);
  if (!dr) return dr.error();
  out.drive = std::move(*dr);
  return out;
}

Result<EarliestStart> find_earliest_start(const terrain::Dem& dem, const RoverModel& rover,
                                          const ephemeris::SkyTable& sky, terrain::MapXy from,
                                          const std::vector<terrain::MapXy>& stops,
                                          const DriveRequest& request, const StartSearch& search) {
  if (!(search.step_s >= 60.0) || !(search.max_s >= 0.0) || !(search.budget_s > 0.0))
    return make_error("start search: the step must be at least 1 minute, the bound >= 0");
  const double wall0 = jobs::monotonic_seconds();
  EarliestStart res;
  // Plain drives: one route for all start times.
  std::optional<CostMap> costs;
  Plan route;
  if (!request.time_aware) {
    auto c = build_cost_map(dem, rover, request.cost);
    if (!c) return c.error();
    costs = std::move(*c);
    PlanRequest req;
    req.start = from;
    req.stops = stops;
    req.time_budget_s = request.budget_s;
    req.cancel = request.cancel;
    auto p = plan_path(*costs, req);
    if (!p) return p.error();
    route = std::move(*p);
  }
  for (double off = 0.0; off <= search.max_s + 1e-6; off += search.step_s) {
    if (res.tries > 0 && jobs::monotonic_seconds() - wall0 > search.budget_s) {
      res.budget_exhausted = true;
      break;
    }
    if (request.cancel && request.cancel->cancelled()) return make_error("start search cancelled");
    DriveRequest r = request;
    r.drive.start = time::add_seconds(request.drive.start, off);
    ++res.tries;
    res.searched_until_s = off;
    DriveOutcome o;
    if (request.time_aware) {
      auto tp = plan_timed(dem, rover, sky, from, stops, timed_options(r));
      if (!tp) {
        if (is_battery_failure(tp.error().message)) continue;
        return tp.error();
      }
      o.plan = std::move(tp->plan);
      o.drive = std::move(tp->drive);
    } else {
      auto dr = simulate_drive(dem, *costs, nullptr, sky, route, r.drive);
      if (!dr) return dr.error();
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
  return res;
}

std::string suggest_fix(const terrain::Dem& dem, const RoverModel& rover,
                        const ephemeris::SkyTable& sky, terrain::MapXy from,
                        const std::vector<terrain::MapXy>& stops, const DriveRequest& request,
                        const DriveResult& failed, const StartSearch& search) {
  if (failed.totals.feasible) return "";
  std::string why;
  if (!failed.timeline.empty() && failed.timeline.front().sun_visible_fraction <= 0.0)
    why = "the start is in shadow at " + short_utc(request.drive.start) + "; ";
  else if (failed.totals.reason.find("darkness") != std::string::npos)
    why = "the route runs into shadow before the battery is recharged; ";
  DriveRequest later = request;
  later.drive.start = time::add_seconds(request.drive.start, search.step_s);
  StartSearch s = search;
  s.max_s = std::max(0.0, search.max_s - search.step_s);
  auto es = find_earliest_start(dem, rover, sky, from, stops, later, s);
  char days[32];
  std::snprintf(days, sizeof days, "%.0f", search.max_s / 86400.0);
  if (es && es->found)
    return why + "start at " + short_utc(es->start) + " instead (the same request is feasible " +
           "then; --earliest-start finds it)" +
           (request.time_aware ? "" : ", or plan with --time-aware");
  if (es && es->budget_exhausted)
    return why + "no feasible start found in the searched time; try --earliest-start with a " +
           "larger --budget, --time-aware, or a closer goal";
  return why + "no start within " + days + " days makes this drive feasible: " +
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
