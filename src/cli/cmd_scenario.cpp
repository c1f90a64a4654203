// `ce8 scenario check|url|decode`: validate a scenario file (the explorer's whole state), print
// it normalised with its shareable URL form, or read a URL back to JSON.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "engine/mission/catalogue_files.hpp"
#include "engine/scenario/scenario.hpp"

namespace ce8::cli {

std::string catalogue_dir(const std::string& assets_option);  // cmd_catalogue.cpp

namespace {

struct Options {
  std::string file, url, assets;
};

Result<scenario::Scenario> load(const Options& o, bool from_url) {
  auto cat = mission::load_catalogue_dir_or_embedded(catalogue_dir(o.assets));
  if (!cat) return make_error("catalogue: " + cat.error().message);
  if (from_url) return scenario::scenario_from_url(o.url, &cat->catalogue);
  auto text = mission::read_text_file(o.file, scenario::kMaxScenarioBytes);
  if (!text) return make_error("'" + o.file + "': " + text.error().message);
  auto s = scenario::scenario_from_text(text.value(), &cat->catalogue);
  if (!s) return make_error("'" + o.file + "': " + s.error().message);
  return s;
}

int run(const Options& o, const char* what) {
  const std::string mode = what;
  auto s = load(o, mode == "decode");
  if (!s) return fail(s.error().message);
  if (mode == "url") {
    std::cout << scenario::scenario_to_url_fragment(s.value()) << "\n";
  } else if (mode == "decode") {
    std::cout << scenario::scenario_to_json(s.value(), 2) << "\n";
  } else {
    nlohmann::json j;
    j["valid"] = true;
    j["scenario"] = nlohmann::json::parse(scenario::scenario_to_json(s.value(), -1));
    j["url"] = scenario::scenario_to_url_fragment(s.value());
    std::cout << j.dump(2) << "\n";
  }
  return kOk;
}

}  // namespace

void register_scenario(CLI::App& app, Runner& runner) {
  static Options o;
  auto* cmd = app.add_subcommand(
      "scenario", "Scenario files (the explorer's whole state): check, URL form, decode");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand(
      "check", "Validate a scenario (JSON or URL text in a file); print it normalised + its URL");
  check->add_option("file", o.file, "scenario JSON file (docs/classroom.md)")->required();
  check->add_option("--assets", o.assets, "directory with the catalogue JSON files");
  check->callback([&runner]() { runner.action = []() { return run(o, "check"); }; });
  auto* url = cmd->add_subcommand("url", "Print the shareable URL fragment (#s=...) of a scenario");
  url->add_option("file", o.file, "scenario JSON file")->required();
  url->add_option("--assets", o.assets, "directory with the catalogue JSON files");
  url->callback([&runner]() { runner.action = []() { return run(o, "url"); }; });
  auto* dec = cmd->add_subcommand("decode", "Read a scenario URL (or #s=...) back to JSON");
  dec->add_option("url", o.url, "the link or its #s=... part")->required();
  dec->add_option("--assets", o.assets, "directory with the catalogue JSON files");
  dec->callback([&runner]() { runner.action = []() { return run(o, "decode"); }; });
}

}  // namespace ce8::cli
