// `ce8 payloads budget|simulate`: a manifest's mass/power/data budgets against the mission's
// rules, and its operations schedule at a landing site over a time window.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "engine/core/parse.hpp"
#include "engine/ephemeris/site.hpp"
#include "engine/mission/catalogue_files.hpp"
#include "engine/payload/budget.hpp"
#include "engine/payload/operations.hpp"
#include "engine/time/time.hpp"

namespace ce8::cli {

std::string catalogue_dir(const std::string& assets_option);  // cmd_catalogue.cpp

namespace {

using json = nlohmann::json;

struct Options {
  std::string manifest, assets, site, from, until, step = "15m", format = "json";
};

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  const double r = std::round(v * f) / f;
  return r == 0.0 ? 0.0 : r;
}

struct Loaded {
  mission::Catalogue catalogue;
  payload::Manifest manifest;
};

Result<Loaded> load_inputs(const Options& o) {
  auto cat = mission::load_catalogue_dir_or_embedded(catalogue_dir(o.assets));
  if (!cat) return make_error("catalogue: " + cat.error().message);
  auto text = mission::read_text_file(o.manifest, payload::kMaxManifestBytes);
  if (!text) return make_error("--manifest: " + text.error().message);
  auto m = payload::parse_manifest(text.value(), cat->catalogue);
  if (!m) return make_error("--manifest '" + o.manifest + "': " + m.error().message);
  return Loaded{std::move(cat->catalogue), std::move(m.value())};
}

json budget_json(const payload::BudgetReport& r) {
  const auto& t = r.totals;
  json j;
  j["totals"] = {{"payload_count", t.payload_count},
                 {"international_count", t.international_count},
                 {"mass_kg", round_to(t.mass_kg, 3)},
                 {"international_mass_kg", round_to(t.international_mass_kg, 3)},
                 {"lander_power_w", round_to(t.lander_power_w, 3)},
                 {"standby_power_w", round_to(t.standby_power_w, 3)},
                 {"own_power_w", round_to(t.own_power_w, 3)},
                 {"data_mb_per_day", round_to(t.data_mb_per_day, 3)}};
  j["limits"] = {{"international_allocation_kg", r.rules.international_allocation_kg},
                 {"max_single_payload_kg", r.rules.max_single_payload_kg},
                 {"payload_power_w", r.rules.payload_power_w},
                 {"payload_data_mb_per_day", r.rules.payload_data_mb_per_day}};
  j["within_budget"] = r.within_budget();
  json v = json::array();
  for (const auto& x : r.violations) {
    json e = {{"rule", x.rule},
              {"value", round_to(x.value, 3)},
              {"limit", x.limit},
              {"limit_assumed", x.limit_assumed},
              {"message", x.message}};
    if (!x.payload_id.empty()) e["payload_id"] = x.payload_id;
    v.push_back(e);
  }
  j["violations"] = v;
  return j;
}

int run_budget(const Options& o) {
  auto in = load_inputs(o);
  if (!in) return fail(in.error().message);
  json j;
  j["manifest"] = {{"name", in->manifest.name}, {"payloads", in->manifest.payload_ids}};
  j.update(budget_json(payload::evaluate_budget(in->manifest, in->catalogue)));
  std::cout << j.dump(2) << "\n";
  return kOk;
}

// "LAT,LON" in degrees.
Result<ephemeris::Site> parse_site(const std::string& text) {
  auto p = parse_lat_lon_option("--site", text);
  if (!p) return p.error();
  auto site = ephemeris::make_site_deg(p->lat_deg, p->lon_deg, 0.0);
  if (!site) return make_error("--site: " + site.error().message);
  return site;
}

std::string iso(const time::Instant& t) {
  auto s = time::format_iso8601(t, time::Scale::kUtc, 0);
  return s ? s.value() : std::string("?");
}

int run_simulate(const Options& o) {
  if (o.format != "json" && o.format != "csv") return fail("--format must be json or csv");
  auto site = parse_site(o.site);
  if (!site) return fail(site.error().message);
  auto from = time::parse_iso8601(o.from);
  if (!from) return fail("invalid --from: " + from.error().message);
  auto until = time::parse_iso8601(o.until);
  if (!until) return fail("invalid --until: " + until.error().message);
  auto step = parse_duration_option("--step", o.step, payload::kMinStepS, payload::kMaxStepS);
  if (!step) return fail(step.error().message);
  auto in = load_inputs(o);
  if (!in) return fail(in.error().message);
  if (!(time::seconds_between(*from, *until) > 0.0)) return fail("--until must come after --from");
  if (time::seconds_between(*from, *until) > payload::kMaxWindowDays * 86400.0 + 1e-6)
    return fail("--from/--until window longer than 30 days (a lunar day and night)");
  auto vis = payload::flat_horizon_visibility(*site, *from, *until);
  if (!vis) return fail(vis.error().message, kFailed);
  payload::ScheduleOptions opt;
  opt.step_s = step.value();
  auto sched = payload::simulate_operations(in->catalogue, in->manifest, *from, *until, *vis, opt);
  if (!sched) return fail(sched.error().message);
  const payload::Schedule& s = sched.value();

  if (o.format == "csv") {
    std::ostringstream out;
    out << "time_utc,sun_el_deg,earth_el_deg,solar_w,load_w,battery_wh";
    for (const auto& p : s.payloads) out << "," << p.id;
    out << "\n";
    for (std::size_t k = 0; k < s.samples.size(); ++k) {
      const auto& x = s.samples[k];
      char buf[200];
      std::snprintf(buf, sizeof buf, ",%.4f,%.4f,%.2f,%.2f,%.2f", x.sun_el_deg, x.earth_el_deg,
                    x.solar_w, x.load_w, x.battery_wh);
      out << iso(time::add_seconds(s.from, x.t_s)) << buf;
      for (std::size_t i = 0; i < s.payloads.size(); ++i) out << "," << int(s.running[i][k]);
      out << "\n";
    }
    std::cout << out.str();
    return kOk;
  }
  json j;
  j["manifest"] = {{"name", in->manifest.name}, {"payloads", in->manifest.payload_ids}};
  j["site"] = {{"lat_deg", site->lat_rad * 180.0 / M_PI},
               {"lon_deg", site->lon_rad * 180.0 / M_PI}};
  j["from_utc"] = iso(*from);
  j["until_utc"] = iso(*until);
  j["step_s"] = s.step_s;
  j["visibility"] = "flat local horizon (terrain horizons: see docs/mission.md)";
  json pays = json::array();
  for (const auto& p : s.payloads)
    pays.push_back({{"id", p.id},
                    {"name", p.name},
                    {"powered_by", p.powered_by_lander ? "lander" : "own"},
                    {"wanted_hours", round_to(p.wanted_hours, 3)},
                    {"hours", round_to(p.hours, 3)},
                    {"energy_wh", round_to(p.energy_wh, 3)},
                    {"data_mb", round_to(p.data_mb, 3)},
                    {"blocked_hours",
                     {{"sun_down", round_to(p.blocked_sun_down_h, 3)},
                      {"sun_up", round_to(p.blocked_sun_up_h, 3)},
                      {"earth_down", round_to(p.blocked_earth_h, 3)},
                      {"noise", round_to(p.blocked_noise_h, 3)},
                      {"power", round_to(p.blocked_power_h, 3)}}},
                    {"lost", p.lost}});
  j["payloads"] = pays;
  json segs = json::array();
  for (const auto& g : s.segments)
    segs.push_back({{"payload_id", s.payloads[g.payload].id},
                    {"start_utc", iso(time::add_seconds(s.from, g.start_s))},
                    {"end_utc", iso(time::add_seconds(s.from, g.end_s))},
                    {"hours", round_to((g.end_s - g.start_s) / 3600.0, 3)}});
  j["schedule"] = segs;
  json conf = json::array();
  for (const auto& c : s.conflicts)
    conf.push_back({{"payload_id", c.payload_id},
                    {"kind", c.kind},
                    {"first_utc", iso(time::add_seconds(s.from, c.start_s))},
                    {"hours", round_to(c.hours, 3)},
                    {"message", c.message}});
  j["conflicts"] = conf;
  j["totals"] = {{"solar_wh", round_to(s.solar_wh, 1)},
                 {"consumed_wh", round_to(s.consumed_wh, 1)},
                 {"spilled_wh", round_to(s.spilled_wh, 1)},
                 {"battery_start_wh", round_to(s.battery_start_wh, 1)},
                 {"battery_min_wh", round_to(s.battery_min_wh, 1)},
                 {"battery_end_wh", round_to(s.battery_end_wh, 1)},
                 {"battery_floor_wh", round_to(s.battery_floor_wh, 1)},
                 {"data_mb", round_to(s.data_mb, 3)},
                 {"sun_up_fraction", round_to(s.sun_up_fraction, 4)},
                 {"earth_in_view_fraction", round_to(s.earth_in_view_fraction, 4)}};
  std::cout << j.dump(2) << "\n";
  return kOk;
}

}  // namespace

void register_payloads(CLI::App& app, Runner& runner) {
  static Options o;
  auto* cmd = app.add_subcommand("payloads", "Payload budgets and operations for a manifest");
  cmd->require_subcommand(1);
  auto* budget = cmd->add_subcommand(
      "budget", "Mass, power and data totals of a manifest and the rules it breaks (JSON)");
  budget->add_option("--manifest", o.manifest, "manifest JSON file (see docs/mission.md)")
      ->required();
  budget->add_option("--assets", o.assets, "directory with the catalogue JSON files");
  budget->callback([&runner]() { runner.action = []() { return run_budget(o); }; });

  auto* sim = cmd->add_subcommand(
      "simulate", "Schedule a manifest's operations at a site over a window (JSON or CSV)");
  sim->add_option("--manifest", o.manifest, "manifest JSON file (see docs/mission.md)")->required();
  sim->add_option("--site", o.site, "LAT,LON in degrees (east longitude)")->required();
  sim->add_option("--from", o.from, "window start, ISO 8601 UTC")->required();
  sim->add_option("--until", o.until, "window end, ISO 8601 UTC (at most 30 days after --from)")
      ->required();
  sim->add_option("--step", o.step, "time step (1m..6h, default 15m)");
  sim->add_option("--format", o.format, "json (default) or csv");
  sim->add_option("--assets", o.assets, "directory with the catalogue JSON files");
  sim->callback([&runner]() { runner.action = []() { return run_simulate(o); }; });
}

}  // namespace ce8::cli
