// `ce8 payloads budget|simulate`: a manifest's mass/power/data budgets against the mission's
// rules, and its operations schedule at a landing site over a time window.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "engine/mission/catalogue_files.hpp"
#include "engine/payload/budget.hpp"

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
    json e = {{"rule", x.rule}, {"value", round_to(x.value, 3)}, {"limit", x.limit},
              {"limit_assumed", x.limit_assumed}, {"message", x.message}};
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
}

}  // namespace ce8::cli
