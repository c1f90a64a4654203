// `ce8 version`: the version and the versions of the libraries the engine was built with, as
// JSON (the same as `ce8 --version`, machine-readable).
#include <iostream>

#include <erfa.h>
#include <erfaextra.h>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "engine/core/version.hpp"

namespace ce8::cli {

void register_version(CLI::App& app, Runner& runner) {
  auto* sub = app.add_subcommand("version", "Print the version of ce8 and its libraries as JSON");
  sub->callback([&runner] {
    runner.action = [] {
      nlohmann::json j;
      j["ce8"] = ce8::version();
      j["erfa"] = eraVersion();
      j["sofa"] = eraSofaVersion();
      std::cout << j.dump(2) << "\n";
      return kOk;
    };
  });
}

}  // namespace ce8::cli
