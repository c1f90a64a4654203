// `ce8 traverse`: plan a rover drive on a DEM and simulate it through time.
//   ce8 traverse --dem FILE.tif --rover ID --from LAT,LON --to LAT,LON --start ISO8601
//       [--objective time|energy|distance|risk] [--out FILE] [--format json|csv]
//       [--via LAT,LON ...] [--return] [--time-aware] [--rover-file FILE.json] [--step DUR]
//       [--initial-soc F] [--height M] [--max-days D] [--budget S] [--no-wait] [--prefer-comm]
//       [--dwell DUR] [--lander LAT,LON] [--max-grid N] [--wait-step DUR]
//       [--earliest-start [--search-step 6h] [--search-days 30]]
//   An infeasible drive's error line and totals.suggestion say what would work
//   (traverse::suggest_fix). JSON: path (lat, lon, x, y, height_m), timeline (time_utc, lat, lon,
//   soc 0..1, power_in_w, power_out_w, sun_visible_fraction, earth_visible, ...), totals
//   (distance_m, duration_h, energy_in_wh, energy_out_wh, min_soc, feasible, reason). CSV: the
//   timeline. Exit status: 0 feasible drive; 1 computation failed: the planning time budget ran
//   out, no schedule keeps the battery above the floor (--time-aware), or the simulated drive is
//   infeasible (then the result is still written and the reason is on stderr); 2 bad input
//   (syntax, unknown rover, points off the map or on impassable ground, unreachable goal).
// `ce8 rovers`: the builtin rover models as JSON {"rovers": [...]}.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/parse.hpp"
#include "engine/ephemeris/sky_table.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem_io.hpp"
#include "engine/time/time.hpp"
#include "engine/traverse/drive.hpp"
#include "engine/traverse/explain.hpp"
#include "engine/traverse/planner.hpp"
#include "engine/traverse/request.hpp"
#include "engine/traverse/rover.hpp"
#include "engine/traverse/timed_planner.hpp"

namespace ce8::cli {
namespace {

using namespace ce8::traverse;

std::string describe_bounds(const terrain::GridGeometry& g) {
  const terrain::MapBounds b = g.bounds();
  char buf[160];
  std::snprintf(buf, sizeof buf, "the DEM covers x %.0f..%.0f m, y %.0f..%.0f m", b.x_min_m,
                b.x_max_m, b.y_min_m, b.y_max_m);
  return buf;
}

std::string fmt_days(double d) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", d);
  return b;
}

bool is_computation_failure(const std::string& m) {
  return m.find("budget") != std::string::npos || m.find("cancelled") != std::string::npos ||
         m.find("keeps the battery") != std::string::npos;
}

// The command line as typed.
struct TraverseArgs {
  std::string dem, rover, rover_file, from, to, start, objective = "time", out, format = "json",
                                                       step = "10m", dwell = "0s", lander,
                                                       wait_step = "1h", search_step = "6h";
  std::vector<std::string> via;
  bool back = false, time_aware = false, no_wait = false, prefer_comm = false,
       earliest_start = false;
  double search_days = 30.0;
  double initial_soc = 1.0, height_m = -1.0, max_days = 30.0, budget_s = 20.0;
  int max_grid = 256;
};

void add_traverse_options(CLI::App* cmd, TraverseArgs& a) {
  cmd->add_option("--dem", a.dem, "Input DEM (GeoTIFF or PDS3)")->required();
  cmd->add_option("--rover", a.rover, "Rover id (see ce8 rovers)");
  cmd->add_option("--rover-file", a.rover_file,
                  "Rover model JSON (as ce8 rovers prints one entry; overrides --rover)");
  cmd->add_option("--from", a.from, "Start LAT,LON in degrees (the lander)")->required();
  cmd->add_option("--to", a.to, "Goal LAT,LON in degrees")->required();
  cmd->add_option("--via", a.via, "Intermediate stop LAT,LON (repeat --via for more, in order)")
      ->allow_extra_args(false);
  cmd->add_flag("--return", a.back, "Drive back to the start after the goal");
  cmd->add_option("--start", a.start, "Start time, ISO 8601 UTC")->required();
  cmd->add_option("--objective", a.objective, "time (default), energy, distance or risk");
  cmd->add_option("--out", a.out, "Output file (default: stdout)");
  cmd->add_option("--format", a.format, "json (default) or csv (the timeline)");
  cmd->add_flag("--time-aware", a.time_aware,
                "Plan in space and time (battery floor, waiting for sunlight, link windows)");
  cmd->add_option("--step", a.step, "Largest simulation step (default 10m)");
  cmd->add_option("--initial-soc", a.initial_soc, "Initial state of charge 0..1 (default 1)");
  cmd->add_option("--height", a.height_m, "Mast/camera height in metres (overrides the model)");
  cmd->add_option("--max-days", a.max_days, "Longest drive in days (default 30)");
  cmd->add_option("--budget", a.budget_s, "Planning wall-clock budget in seconds (default 20)");
  cmd->add_flag("--no-wait", a.no_wait, "Never park to recharge (infeasible instead)");
  cmd->add_flag("--prefer-comm", a.prefer_comm, "Leave stops only with the link up");
  cmd->add_option("--dwell", a.dwell, "Time spent at each stop with instruments on (e.g. 1h)");
  cmd->add_option("--lander", a.lander, "Lander LAT,LON for via-lander links (default: --from)");
  cmd->add_option("--max-grid", a.max_grid, "Time-aware planning grid side limit (default 256)");
  cmd->add_option("--wait-step", a.wait_step, "Time-aware waiting granularity (default 1h)");
  cmd->add_flag("--earliest-start", a.earliest_start,
                "Search forward from --start (every --search-step, up to --search-days) for the "
                "first start whose drive is feasible; reported as earliest_start in the JSON");
  cmd->add_option("--search-step", a.search_step, "Start search step (default 6h)");
  cmd->add_option("--search-days", a.search_days, "Start search bound in days (default 30)");
}

// What the arguments mean, checked (cheap checks, before the DEM is read).
struct TraverseInputs {
  RoverModel rover;
  Objective objective = Objective::kTime;
  terrain::MapXy from, to, lander;
  std::vector<terrain::MapXy>
      goals;  // the vias and the goal (--return: the request adds the start)
  time::Instant start;
  double step_s = 0.0, dwell_s = 0.0, wait_step_s = 0.0, search_step_s = 0.0;
};

Result<RoverModel> load_rover(const TraverseArgs& a) {
  RoverModel rover;
  if (!a.rover_file.empty()) {
    std::ifstream in(a.rover_file, std::ios::binary);
    if (!in) return make_error("--rover-file: cannot read '" + a.rover_file + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    const nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded())
      return make_error("--rover-file: '" + a.rover_file + "' is not valid JSON");
    auto r = rover_from_json(j);
    if (!r) return make_error("--rover-file: " + r.error().message);
    rover = std::move(*r);
  } else {
    if (a.rover.empty()) return make_error("--rover ID or --rover-file FILE is required");
    auto r = find_rover(a.rover);
    if (!r) return make_error("--rover: " + r.error().message);
    rover = std::move(*r);
  }
  if (a.height_m >= 0.0) rover.mast_height_m = a.height_m;
  if (auto s = check_rover(rover); !s) return s.error();
  return rover;
}

Status parse_traverse_points(const TraverseArgs& a, TraverseInputs& in) {
  auto from = parse_polar_point_option("--from", a.from);
  if (!from) return from.error();
  auto to = parse_polar_point_option("--to", a.to);
  if (!to) return to.error();
  in.from = *from;
  in.to = *to;
  for (const std::string& v : a.via) {
    auto p = parse_polar_point_option("--via", v);
    if (!p) return p.error();
    in.goals.push_back(*p);
  }
  in.goals.push_back(in.to);
  if (!a.lander.empty()) {
    auto l = parse_polar_point_option("--lander", a.lander);
    if (!l) return l.error();
    in.lander = *l;
  }
  return Ok{};
}

Result<TraverseInputs> parse_traverse_args(const TraverseArgs& a) {
  TraverseInputs in;
  if (a.format != "json" && a.format != "csv")
    return make_error("--format must be json or csv, got '" + a.format + "'");
  auto objective = parse_objective(a.objective);
  if (!objective) return make_error("--objective: " + objective.error().message);
  in.objective = *objective;
  if (!a.out.empty())
    if (auto s = check_output_path(a.out); !s) return s.error();
  auto rover = load_rover(a);
  if (!rover) return rover.error();
  in.rover = std::move(*rover);
  if (auto s = parse_traverse_points(a, in); !s) return s.error();
  auto start = time::parse_iso8601(a.start);
  if (!start) return make_error("--start: " + start.error().message);
  in.start = *start;
  auto step = parse_duration_option("--step", a.step, 1.0, 86400.0);
  if (!step) return step.error();
  auto dwell = parse_duration_option("--dwell", a.dwell, 0.0, INFINITY);
  if (!dwell) return dwell.error();
  auto wait_step = parse_duration_option("--wait-step", a.wait_step, 60.0, 86400.0);
  if (!wait_step) return wait_step.error();
  in.step_s = *step, in.dwell_s = *dwell, in.wait_step_s = *wait_step;
  if (!(a.initial_soc >= 0.0 && a.initial_soc <= 1.0))
    return make_error("--initial-soc must be between 0 and 1");
  if (!(a.max_days > 0.0 && a.max_days <= 200.0))
    return make_error("--max-days must be between 0 and 200");
  if (!(a.budget_s > 0.0 && a.budget_s <= 3600.0))
    return make_error("--budget must be between 0 and 3600 seconds");
  if (a.max_grid < 16 || a.max_grid > 1024) return make_error("--max-grid must be in 16..1024");
  auto search_step = parse_duration_option("--search-step", a.search_step, 60.0, 30 * 86400.0);
  if (!search_step) return search_step.error();
  in.search_step_s = *search_step;
  if (!(a.search_days >= 0.0 && a.search_days <= 60.0))
    return make_error("--search-days must be between 0 and 60");
  return in;
}

Status check_points_on_map(const terrain::Dem& dem, const TraverseArgs& a,
                           const TraverseInputs& in) {
  auto on_map = [&](const terrain::MapXy& p, const std::string& what) -> Status {
    if (dem.grid.contains(p)) return Ok{};
    return make_error(what + " lies off the map (" + describe_bounds(dem.grid) + ")");
  };
  if (auto s = on_map(in.from, "--from " + a.from); !s) return s;
  if (auto s = on_map(in.to, "--to " + a.to); !s) return s;
  for (std::size_t q = 0; q < a.via.size(); ++q)
    if (auto s = on_map(in.goals[q], "--via " + a.via[q]); !s) return s;
  if (!a.lander.empty())
    if (auto s = on_map(in.lander, "--lander " + a.lander); !s) return s;
  return Ok{};
}

TraverseSettings make_settings(const TraverseArgs& a, const TraverseInputs& in) {
  TraverseSettings s;
  s.start_time = in.start;
  s.objective = in.objective;
  s.time_aware = a.time_aware;
  s.allow_waiting = !a.no_wait;
  s.prefer_comm = a.prefer_comm;
  s.return_home = a.back;
  s.initial_soc = a.initial_soc;
  s.step_s = in.step_s;
  s.dwell_s = in.dwell_s;
  s.max_days = a.max_days;
  if (!a.lander.empty()) s.lander = in.lander;
  s.max_grid = a.max_grid;
  s.wait_step_s = in.wait_step_s;
  s.budget_s = a.budget_s;
  s.threads = jobs::hardware_threads();
  s.search_step_s = in.search_step_s;
  s.search_days = a.search_days;
  return s;
}

// The planned drive and, with --earliest-start, what the start search found.
struct TraverseOutcome {
  Plan plan;
  DriveResult drive;
  nlohmann::json earliest;
};

int plan_error(const TraverseArgs& a, const std::string& m) {
  const std::string hint = suggest_for_planning_error(m, a.time_aware);
  return fail(m + (hint.empty() || a.earliest_start ? "" : "; " + hint),
              is_computation_failure(m) ? kFailed : kBadInput);
}

// --earliest-start: the first feasible start time. Returns kOk or the exit status.
int earliest_start(const TraverseArgs& a, const TraverseRequest& r, TraverseOutcome& out) {
  auto sky = build_traverse_sky(r);
  if (!sky) return fail(sky.error().message);
  StartSearch search = r.suggestion_search;
  search.budget_s = a.time_aware ? std::max(60.0, 3.0 * a.budget_s) : 60.0;
  auto es = find_earliest_start(r.dem, r.rover, *sky, r.start, r.stops, r.plan, search);
  if (!es) return plan_error(a, es.error().message);
  const time::Instant& start = r.plan.drive.start;
  const double delay_s = es->start.tt_seconds_since_j2000() - start.tt_seconds_since_j2000();
  out.earliest = {{"requested_start_utc", short_utc(start)},
                  {"found", es->found},
                  {"start_utc", es->found ? short_utc(es->start) : std::string()},
                  {"delay_h", es->found ? delay_s / 3600.0 : -1.0},
                  {"tries", es->tries},
                  {"step_h", search.step_s / 3600.0},
                  {"searched_h", es->searched_until_s / 3600.0},
                  {"budget_exhausted", es->budget_exhausted}};
  if (!es->found && es->outcome.plan.points.empty())
    return fail("--earliest-start: no start within " + fmt_days(a.search_days) + " days (every " +
                    a.search_step +
                    ") has a schedule that keeps the battery above the floor; "
                    "choose a goal on lit ground or closer to the start",
                kFailed);
  out.plan = std::move(es->outcome.plan);
  out.drive = std::move(es->outcome.drive);
  if (!es->found)
    out.drive.totals.suggestion = "no start within " + fmt_days(a.search_days) + " days (every " +
                                  a.search_step + ") makes this drive feasible" +
                                  (es->budget_exhausted ? " in the search budget" : "") +
                                  ": choose a goal on lit ground or closer to the start";
  return kOk;
}

// One drive from --start through the pipeline the explorer runs (traverse/request.hpp); an
// infeasible one carries a suggestion. Returns kOk or the exit status.
int plan_once(const TraverseArgs& a, TraverseRequest r, TraverseOutcome& out) {
  auto res = run_traverse(std::move(r));
  if (!res) return plan_error(a, res.error().message);
  out.plan = std::move(res->plan);
  out.drive = std::move(res->drive);
  return kOk;
}

// The result on stdout or in --out (then a JSON summary on stdout); exit 1 when infeasible.
int write_traverse_output(const TraverseArgs& a, const TraverseInputs& in, const TraverseOutcome& r,
                          double wall_s) {
  std::string text = a.format == "csv" ? timeline_to_csv(r.drive)
                                       : drive_to_json(r.plan, r.drive, in.rover, in.objective);
  if (a.format == "json" && a.earliest_start) {
    nlohmann::json j = nlohmann::json::parse(text);
    j["earliest_start"] = r.earliest;
    text = j.dump(1) + "\n";
  }
  const DriveTotals& t = r.drive.totals;
  if (a.out.empty()) {
    std::cout << text;
    std::cout.flush();
  } else {
    if (auto s = write_file_atomically(a.out, text); !s) return fail(s.error().message);
    nlohmann::json j = {{"file", a.out},
                        {"points", r.plan.points.size()},
                        {"samples", r.drive.timeline.size()},
                        {"distance_m", t.distance_m},
                        {"duration_h", t.duration_h},
                        {"min_soc", t.min_soc},
                        {"feasible", t.feasible},
                        {"reason", t.reason},
                        {"suggestion", t.suggestion},
                        {"seconds", wall_s}};
    if (a.earliest_start) j["earliest_start"] = r.earliest;
    std::cout << j.dump(2) << "\n";
  }
  if (!t.feasible)
    return fail("drive infeasible: " + t.reason + (t.suggestion.empty() ? "" : "; " + t.suggestion),
                kFailed);
  return kOk;
}

int run_traverse(const TraverseArgs& a) {
  auto in = parse_traverse_args(a);
  if (!in) return fail(in.error().message);
  auto dem = terrain::read_dem(a.dem);
  if (!dem) return fail(dem.error().message);
  if (auto s = check_points_on_map(*dem, a, *in); !s) return fail(s.error().message);
  TraverseRequest request = make_traverse_request(std::move(*dem), a.dem, in->rover, in->from,
                                                  in->goals, make_settings(a, *in));
  TraverseOutcome outcome;
  const double wall0 = jobs::monotonic_seconds();
  const int status = a.earliest_start ? earliest_start(a, request, outcome)
                                      : plan_once(a, std::move(request), outcome);
  if (status != kOk) return status;
  return write_traverse_output(a, *in, outcome, jobs::monotonic_seconds() - wall0);
}

}  // namespace

void register_traverse(CLI::App& app, Runner& runner) {
  auto a = std::make_shared<TraverseArgs>();
  auto* cmd = app.add_subcommand(
      "traverse",
      "Plan a rover drive between points on a DEM and simulate it through time (power, "
      "battery, Sun, Earth/lander link)");
  add_traverse_options(cmd, *a);
  cmd->callback([&runner, a] { runner.action = [a]() -> int { return run_traverse(*a); }; });
}

void register_rovers(CLI::App& app, Runner& runner) {
  auto* cmd = app.add_subcommand(
      "rovers", "List the builtin rover models (ids and parameters, assumptions marked) as JSON");
  cmd->callback([&runner] {
    runner.action = []() -> int {
      nlohmann::json list = nlohmann::json::array();
      for (const traverse::RoverModel& r : traverse::builtin_rovers())
        list.push_back(traverse::rover_to_json(r));
      nlohmann::json j;
      j["rovers"] = std::move(list);
      std::cout << j.dump(2) << "\n";
      return kOk;
    };
  });
}

}  // namespace ce8::cli
