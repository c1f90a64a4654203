// `ce8 catalogue participants|sites|payloads|rovers|mission`: one kind of the mission catalogue
// as JSON. The catalogue is read from --assets DIR, else from the source tree's assets/ (the
// path the build recorded), else the copy embedded at build time; it is checked in full first.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "engine/mission/catalogue_files.hpp"

namespace ce8::cli {

// --assets DIR, else the source tree's assets/ as the build recorded it (when it still exists),
// else "" (the embedded copy). Also used by cmd_payloads.cpp.
std::string catalogue_dir(const std::string& assets_option) {
  if (!assets_option.empty()) return assets_option;
#ifdef CE8_SOURCE_ASSETS_DIR
  if (std::filesystem::exists(std::string(CE8_SOURCE_ASSETS_DIR) + "/payloads.json"))
    return CE8_SOURCE_ASSETS_DIR;
#endif
  return "";
}

void register_catalogue(CLI::App& app, Runner& runner) {
  auto* cmd =
      app.add_subcommand("catalogue",
                         "Print one kind of the mission catalogue as JSON (participants, sites, "
                         "payloads, rovers, mission)");
  static std::string kind, assets;
  cmd->add_option("kind", kind, "participants | sites | payloads | rovers | mission")
      ->required()
      ->check(CLI::IsMember({"participants", "sites", "payloads", "rovers", "mission"}));
  cmd->add_option("--assets", assets, "directory with the catalogue JSON files");
  cmd->callback([&runner]() {
    runner.action = []() {
      auto loaded = mission::load_catalogue_dir_or_embedded(catalogue_dir(assets));
      if (!loaded) return fail("catalogue: " + loaded.error().message);
      const mission::CatalogueFiles& f = loaded->files;
      const std::string& text = kind == "participants" ? f.participants
                                : kind == "sites"      ? f.sites
                                : kind == "payloads"   ? f.payloads
                                : kind == "rovers"     ? f.rovers
                                                       : f.mission;
      const auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded()) return fail("catalogue: " + kind + ".json is not valid JSON", kFailed);
      std::cout << j.dump(2) << "\n";
      return static_cast<int>(kOk);
    };
  });
}

}  // namespace ce8::cli
