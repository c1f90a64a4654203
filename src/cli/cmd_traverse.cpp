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
#include "engine/traverse/rover.hpp"
#include "engine/traverse/timed_planner.hpp"

namespace ce8::cli {
namespace {

bool parse_point(const std::string& option, const std::string& text, terrain::MapXy& out,
                 std::string& why) {
  why = option + " must be LAT,LON in degrees, got '" + text + "'";
  auto p = parse_lat_lon(text);
  if (!p) return false;
  if (p->lat_deg > -60.0) {
    why = option + " latitude must be between -90 and -60 degrees (south polar grid), got " +
          text.substr(0, text.find(','));
    return false;
  }
  out = terrain::to_map(terrain::latlon_deg(p->lat_deg, p->lon_deg));
  return true;
}

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

}  // namespace

void register_traverse(CLI::App& app, Runner& runner) {
  struct Args {
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
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "traverse",
      "Plan a rover drive between points on a DEM and simulate it through time (power, "
      "battery, Sun, Earth/lander link)");
  cmd->add_option("--dem", a->dem, "Input DEM (GeoTIFF or PDS3)")->required();
  cmd->add_option("--rover", a->rover, "Rover id (see ce8 rovers)");
  cmd->add_option("--rover-file", a->rover_file,
                  "Rover model JSON (as ce8 rovers prints one entry; overrides --rover)");
  cmd->add_option("--from", a->from, "Start LAT,LON in degrees (the lander)")->required();
  cmd->add_option("--to", a->to, "Goal LAT,LON in degrees")->required();
  cmd->add_option("--via", a->via, "Intermediate stop LAT,LON (repeat --via for more, in order)")
      ->allow_extra_args(false);
  cmd->add_flag("--return", a->back, "Drive back to the start after the goal");
  cmd->add_option("--start", a->start, "Start time, ISO 8601 UTC")->required();
  cmd->add_option("--objective", a->objective, "time (default), energy, distance or risk");
  cmd->add_option("--out", a->out, "Output file (default: stdout)");
  cmd->add_option("--format", a->format, "json (default) or csv (the timeline)");
  cmd->add_flag("--time-aware", a->time_aware,
                "Plan in space and time (battery floor, waiting for sunlight, link windows)");
  cmd->add_option("--step", a->step, "Largest simulation step (default 10m)");
  cmd->add_option("--initial-soc", a->initial_soc, "Initial state of charge 0..1 (default 1)");
  cmd->add_option("--height", a->height_m, "Mast/camera height in metres (overrides the model)");
  cmd->add_option("--max-days", a->max_days, "Longest drive in days (default 30)");
  cmd->add_option("--budget", a->budget_s, "Planning wall-clock budget in seconds (default 20)");
  cmd->add_flag("--no-wait", a->no_wait, "Never park to recharge (infeasible instead)");
  cmd->add_flag("--prefer-comm", a->prefer_comm, "Leave stops only with the link up");
  cmd->add_option("--dwell", a->dwell, "Time spent at each stop with instruments on (e.g. 1h)");
  cmd->add_option("--lander", a->lander, "Lander LAT,LON for via-lander links (default: --from)");
  cmd->add_option("--max-grid", a->max_grid, "Time-aware planning grid side limit (default 256)");
  cmd->add_option("--wait-step", a->wait_step, "Time-aware waiting granularity (default 1h)");
  cmd->add_flag("--earliest-start", a->earliest_start,
                "Search forward from --start (every --search-step, up to --search-days) for the "
                "first start whose drive is feasible; reported as earliest_start in the JSON");
  cmd->add_option("--search-step", a->search_step, "Start search step (default 6h)");
  cmd->add_option("--search-days", a->search_days, "Start search bound in days (default 30)");
  cmd->callback([&runner, a] {
    runner.action = [a]() -> int {
      using namespace ce8::traverse;
      // Arguments first (cheap checks before reading the DEM).
      if (a->format != "json" && a->format != "csv")
        return fail("--format must be json or csv, got '" + a->format + "'");
      auto objective = parse_objective(a->objective);
      if (!objective) return fail("--objective: " + objective.error().message);
      if (!a->out.empty())
        if (auto s = check_output_path(a->out); !s) return fail(s.error().message);
      RoverModel rover;
      if (!a->rover_file.empty()) {
        std::ifstream in(a->rover_file, std::ios::binary);
        if (!in) return fail("--rover-file: cannot read '" + a->rover_file + "'");
        std::stringstream ss;
        ss << in.rdbuf();
        const nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
        if (j.is_discarded())
          return fail("--rover-file: '" + a->rover_file + "' is not valid JSON");
        auto r = rover_from_json(j);
        if (!r) return fail("--rover-file: " + r.error().message);
        rover = std::move(*r);
      } else {
        if (a->rover.empty()) return fail("--rover ID or --rover-file FILE is required");
        auto r = find_rover(a->rover);
        if (!r) return fail("--rover: " + r.error().message);
        rover = std::move(*r);
      }
      if (a->height_m >= 0.0) rover.mast_height_m = a->height_m;
      if (auto s = check_rover(rover); !s) return fail(s.error().message);
      terrain::MapXy from, to, lander;
      std::string why;
      if (!parse_point("--from", a->from, from, why)) return fail(why);
      if (!parse_point("--to", a->to, to, why)) return fail(why);
      std::vector<terrain::MapXy> stops;
      for (const std::string& v : a->via) {
        terrain::MapXy p;
        if (!parse_point("--via", v, p, why)) return fail(why);
        stops.push_back(p);
      }
      stops.push_back(to);
      if (a->back) stops.push_back(from);
      if (!a->lander.empty() && !parse_point("--lander", a->lander, lander, why)) return fail(why);
      auto start = time::parse_iso8601(a->start);
      if (!start) return fail("--start: " + start.error().message);
      auto step = time::parse_duration_s(a->step);
      if (!step) return fail("--step: " + step.error().message);
      if (!(*step > 0.0) || *step > 86400.0)
        return fail("--step must be between 1s and 1d, got '" + a->step + "'");
      auto dwell = time::parse_duration_s(a->dwell);
      if (!dwell || *dwell < 0.0)
        return fail("--dwell must be a duration >= 0, got '" + a->dwell + "'");
      auto wait_step = time::parse_duration_s(a->wait_step);
      if (!wait_step || *wait_step < 60.0 || *wait_step > 86400.0)
        return fail("--wait-step must be between 1m and 1d, got '" + a->wait_step + "'");
      if (!(a->initial_soc >= 0.0 && a->initial_soc <= 1.0))
        return fail("--initial-soc must be between 0 and 1");
      if (!(a->max_days > 0.0 && a->max_days <= 200.0))
        return fail("--max-days must be between 0 and 200");
      if (!(a->budget_s > 0.0 && a->budget_s <= 3600.0))
        return fail("--budget must be between 0 and 3600 seconds");
      if (a->max_grid < 16 || a->max_grid > 1024) return fail("--max-grid must be in 16..1024");
      auto search_step = time::parse_duration_s(a->search_step);
      if (!search_step || *search_step < 60.0 || *search_step > 30 * 86400.0)
        return fail("--search-step must be between 1m and 30d, got '" + a->search_step + "'");
      if (!(a->search_days >= 0.0 && a->search_days <= 60.0))
        return fail("--search-days must be between 0 and 60");

      auto dem = terrain::read_dem(a->dem);
      if (!dem) return fail(dem.error().message);
      auto off_map = [&](const terrain::MapXy& p, const std::string& what) {
        return !dem->grid.contains(p)
                   ? what + " lies off the map (" + describe_bounds(dem->grid) + ")"
                   : std::string();
      };
      if (auto m = off_map(from, "--from " + a->from); !m.empty()) return fail(m);
      if (auto m = off_map(to, "--to " + a->to); !m.empty()) return fail(m);
      for (std::size_t q = 0; q < a->via.size(); ++q)
        if (auto m = off_map(stops[q], "--via " + a->via[q]); !m.empty()) return fail(m);
      if (!a->lander.empty())
        if (auto m = off_map(lander, "--lander " + a->lander); !m.empty()) return fail(m);

      DriveOptions d;
      d.start = *start;
      d.step_s = *step;
      d.initial_soc = a->initial_soc;
      d.allow_waiting = !a->no_wait;
      d.prefer_comm = a->prefer_comm;
      d.max_duration_s = a->max_days * 86400.0;
      d.max_wait_s = std::min(d.max_wait_s, d.max_duration_s);
      d.stop_dwell_s = *dwell;
      if (!a->lander.empty()) d.lander_xy = lander, d.lander_given = true;
      // The sky covers the drive and a search for a later start (--earliest-start, suggestions).
      auto sky = ephemeris::SkyTable::build(
          *start, time::add_seconds(*start, a->search_days * 86400.0 + d.max_duration_s + 3600.0));
      if (!sky) return fail(sky.error().message);
      CostOptions co;
      co.objective = *objective;
      DriveRequest req;
      req.drive = d;
      req.cost = co;
      req.time_aware = a->time_aware;
      req.max_grid = a->max_grid;
      req.wait_step_s = *wait_step;
      req.budget_s = a->budget_s;
      req.threads = jobs::hardware_threads();
      StartSearch search;
      search.step_s = *search_step;
      search.max_s = a->search_days * 86400.0;
      search.budget_s = a->time_aware ? std::max(60.0, 3.0 * a->budget_s) : 60.0;

      Plan plan;
      DriveResult drive;
      nlohmann::json earliest;
      const double wall0 = jobs::monotonic_seconds();
      auto plan_error = [&](const std::string& m) {
        const std::string hint = suggest_for_planning_error(m, a->time_aware);
        return fail(m + (hint.empty() || a->earliest_start ? "" : "; " + hint),
                    is_computation_failure(m) ? kFailed : kBadInput);
      };
      if (a->earliest_start) {
        auto es = find_earliest_start(*dem, rover, *sky, from, stops, req, search);
        if (!es) return plan_error(es.error().message);
        earliest = {
            {"requested_start_utc", short_utc(*start)},
            {"found", es->found},
            {"start_utc", es->found ? short_utc(es->start) : std::string()},
            {"delay_h",
             es->found
                 ? (es->start.tt_seconds_since_j2000() - start->tt_seconds_since_j2000()) / 3600.0
                 : -1.0},
            {"tries", es->tries},
            {"step_h", search.step_s / 3600.0},
            {"searched_h", es->searched_until_s / 3600.0},
            {"budget_exhausted", es->budget_exhausted}};
        if (!es->found && es->outcome.plan.points.empty())
          return fail("--earliest-start: no start within " + fmt_days(a->search_days) +
                          " days (every " + a->search_step +
                          ") has a schedule that keeps the battery above the floor; "
                          "choose a goal on lit ground or closer to the start",
                      kFailed);
        plan = std::move(es->outcome.plan);
        drive = std::move(es->outcome.drive);
        if (!es->found)
          drive.totals.suggestion = "no start within " + fmt_days(a->search_days) +
                                    " days (every " + a->search_step +
                                    ") makes this drive feasible" +
                                    (es->budget_exhausted ? " in the search budget" : "") +
                                    ": choose a goal on lit ground or closer to the start";
      } else {
        auto r = plan_and_drive(*dem, rover, *sky, from, stops, req);
        if (!r) return plan_error(r.error().message);
        plan = std::move(r->plan);
        drive = std::move(r->drive);
        if (!drive.totals.feasible) {
          StartSearch quick = search;
          quick.budget_s = std::min(search.budget_s, 2.0 * a->budget_s);
          drive.totals.suggestion = suggest_fix(*dem, rover, *sky, from, stops, req, drive, quick);
        }
      }
      const double wall_s = jobs::monotonic_seconds() - wall0;
      std::string text = a->format == "csv" ? timeline_to_csv(drive)
                                            : drive_to_json(plan, drive, rover, *objective);
      if (a->format == "json" && a->earliest_start) {
        nlohmann::json j = nlohmann::json::parse(text);
        j["earliest_start"] = earliest;
        text = j.dump(1) + "\n";
      }
      if (a->out.empty()) {
        std::cout << text;
        std::cout.flush();
      } else {
        if (auto s = write_file_atomically(a->out, text); !s) return fail(s.error().message);
        const DriveTotals& t = drive.totals;
        nlohmann::json j = {{"file", a->out},
                            {"points", plan.points.size()},
                            {"samples", drive.timeline.size()},
                            {"distance_m", t.distance_m},
                            {"duration_h", t.duration_h},
                            {"min_soc", t.min_soc},
                            {"feasible", t.feasible},
                            {"reason", t.reason},
                            {"suggestion", t.suggestion},
                            {"seconds", wall_s}};
        if (a->earliest_start) j["earliest_start"] = earliest;
        std::cout << j.dump(2) << "\n";
      }
      if (!drive.totals.feasible)
        return fail("drive infeasible: " + drive.totals.reason +
                        (drive.totals.suggestion.empty() ? "" : "; " + drive.totals.suggestion),
                    kFailed);
      return kOk;
    };
  });
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
