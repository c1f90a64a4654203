// `ce8 exercise list|check`: the classroom exercises (docs/classroom.md). `check` reads the
// answer from a scenario file and/or options and prints the report (JSON or Markdown).
#include <cmath>
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "engine/exercise/exercise.hpp"
#include "engine/mission/catalogue_files.hpp"
#include "engine/payload/manifest.hpp"
#include "engine/scenario/scenario.hpp"

namespace ce8::cli {

std::string catalogue_dir(const std::string& assets_option);  // cmd_catalogue.cpp

namespace {

struct Options {
  std::string id, scenario, site, manifest, from = "2028-10-25T00:00:00Z", assets,
                                            format = "markdown";
  double days = 29.53;
};

int run_list() {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& e : exercise::exercises())
    j.push_back({{"id", e.id}, {"title", e.title}, {"goal", e.goal}});
  std::cout << j.dump(2) << "\n";
  return kOk;
}

int run_check(const Options& o) {
  if (o.format != "json" && o.format != "markdown")
    return fail("--format must be json or markdown");
  auto cat = mission::load_catalogue_dir_or_embedded(catalogue_dir(o.assets));
  if (!cat) return fail("catalogue: " + cat.error().message);
  const auto& c = cat->catalogue;
  exercise::Answer a;
  auto from = time::parse_iso8601(o.from);
  if (!from) return fail("invalid --from: " + from.error().message);
  a.from = from.value();
  a.days = o.days;
  if (!o.scenario.empty()) {
    auto text = mission::read_text_file(o.scenario, scenario::kMaxScenarioBytes);
    if (!text) return fail("--scenario '" + o.scenario + "': " + text.error().message);
    auto s = scenario::scenario_from_text(text.value(), &c);
    if (!s) return fail("--scenario '" + o.scenario + "': " + s.error().message);
    a.site_id = s->site.id == "south-pole" ? "" : s->site.id;
    a.lat_deg = s->site.lat_deg;
    a.lon_deg = s->site.lon_deg;
    a.payload_ids = s->manifest;
    a.from = time::Instant::from_tt_seconds_since_j2000(s->clock.tt_s);
  }
  if (!o.site.empty()) {
    const auto comma = o.site.find(',');
    if (comma == std::string::npos) {
      a.site_id = o.site;
    } else {
      auto p = parse_lat_lon_option("--site", o.site);
      if (!p) return fail(p.error().message);
      a.lat_deg = p->lat_deg;
      a.lon_deg = p->lon_deg;
      a.site_id.clear();
    }
  }
  if (!o.manifest.empty()) {
    auto text = mission::read_text_file(o.manifest, payload::kMaxManifestBytes);
    if (!text) return fail("--manifest: " + text.error().message);
    auto m = payload::parse_manifest(text.value(), c);
    if (!m) return fail("--manifest '" + o.manifest + "': " + m.error().message);
    a.payload_ids = m->payload_ids;
  }
  auto r = exercise::check_exercise(o.id, a, c);
  if (!r) return fail(r.error().message);
  std::cout << (o.format == "json" ? r->to_json() + "\n" : r->to_markdown());
  return kOk;
}

}  // namespace

void register_exercise(CLI::App& app, Runner& runner) {
  static Options o;
  auto* cmd = app.add_subcommand("exercise", "Classroom exercises: list them, check an answer");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "The built-in exercises (JSON)");
  list->callback([&runner]() { runner.action = []() { return run_list(); }; });
  auto* check = cmd->add_subcommand("check", "Check an answer and print the report");
  check->add_option("id", o.id, "site-choice, manifest-200kg or survive-night")->required();
  check->add_option("--scenario", o.scenario,
                    "scenario file with the answer (site, time, manifest)");
  check->add_option("--site", o.site, "site id (e.g. leibnitz-beta) or LAT,LON");
  check->add_option("--manifest", o.manifest, "manifest JSON file");
  check->add_option("--from", o.from, "start of the window, ISO 8601 UTC (default 2028-10-25)");
  check->add_option("--days", o.days, "window length in days (default 29.53, at most 30)");
  check->add_option("--format", o.format, "markdown (default) or json");
  check->add_option("--assets", o.assets, "directory with the catalogue JSON files");
  check->callback([&runner]() { runner.action = []() { return run_check(o); }; });
}

}  // namespace ce8::cli
