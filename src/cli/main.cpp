// `ce8`: the Chang'e-8 Mission Explorer's command-line tool. Machine-readable output on stdout,
// messages on stderr; exit 0 on success, 1 when a computation fails, 2 on bad input.
#include <cstdio>
#include <iostream>

#include "cli/command.hpp"
#include "cli/parallel/cluster.hpp"
#include "engine/core/result.hpp"
#include "engine/core/version.hpp"

namespace ce8::cli {

int fail(const std::string& message, int code) {
  // One line whatever the message quotes (engine/core/result.hpp escapes control characters);
  // under MPI from rank 0 only (every rank fails together, cli/parallel/cluster.hpp).
  if (!parallel::is_root()) return code;
  std::fprintf(stderr, "ce8: error: %s\n", one_line_message(message).c_str());
  return code;
}

}  // namespace ce8::cli

int main(int argc, char** argv) {
  using namespace ce8::cli;
  parallel::ClusterSession cluster(argc, argv);  // MPI's ranks in an MPI build, else a no-op
  CLI::App app{
      "ce8: the Chang'e-8 Mission Explorer on the command line (lunar south-pole ephemerides,\n"
      "terrain, illumination, rover traverses and payload operations)",
      "ce8"};
  app.set_version_flag("--version", std::string("ce8 ") + ce8::version());
  app.require_subcommand(0, 1);
  app.footer(
      "Negative option values are read as written: --site -89.5,130.\n"
      "Exit status: 0 success, 1 computation failed, 2 bad input.");

  Runner runner;
  register_version(app, runner);
  register_ephemeris(app, runner);
  register_terrain(app, runner);
  register_horizon(app, runner);
  register_illumination(app, runner);
  register_catalogue(app, runner);
  register_payloads(app, runner);
  register_scenario(app, runner);
  register_exercise(app, runner);
  register_traverse_cost(app, runner);
  register_traverse(app, runner);
  register_rovers(app, runner);
  register_batch(app, runner);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);  // help on stdout, exit 0
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line naming the problem, then a pointer to --help; exit 2.
    std::string what = e.what();
    if (what.empty()) what = e.get_name();
    return fail(what + " (see ce8 --help)", kBadInput);
  }
  if (parallel::size() > 1 && runner.action) {
    const std::string name = app.get_subcommands().front()->get_name();
    if (name != "horizon" && name != "illumination" && name != "batch")
      return fail("ce8 " + name + " runs on one process, not on " +
                  std::to_string(parallel::size()) +
                  " MPI ranks (horizon, illumination and batch split over ranks)");
  }
  if (!runner.action) {
    if (parallel::is_root()) std::cout << app.help();
    return kOk;
  }
  return runner.action();
}
