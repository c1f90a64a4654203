// The explorer's commands: one typed vocabulary for everything that changes the session or the
// view. Panels, the page (one exported entry taking JSON), the desktop command line, tests and
// the tour all issue these, and one dispatcher (app/command_dispatcher) carries them out.
//
// JSON form: {"cmd": "<name>", ...arguments}; command_from_json() checks names, types and
// ranges and answers a one-line error naming the problem. Times are ISO 8601 UTC text; sites are
// catalogue ids (resolved by the dispatcher, which knows the catalogue). docs/commands.md lists
// every command with its arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/session/session.hpp"
#include "engine/time/time.hpp"

namespace ce8::session {

// A place: a catalogue site id, or a latitude and east longitude in degrees.
struct Place {
  std::string site;  // "" = use lat/lon
  double lat_deg = -90.0, lon_deg = 0.0;
};

namespace cmd {
struct FlyTo {
  Place place;
  std::optional<float> distance_m;  // default: the site's own viewing distance
  std::optional<float> pitch_deg, heading_deg;
};
struct StandHere {
  Place place;
  std::optional<float> heading_deg;  // default: toward the Sun
};
struct Orbit {};
struct SelectSite {
  std::string site;
};
struct SetClock {
  time::Instant at;
};
struct Play {
  double speed_s_per_s = 3600.0;
};
struct Pause {};
struct FollowSpan {
  scenario::ClockSpan span;
};
struct SetOverlay {
  Overlay overlay = Overlay::kNone;
  bool slope = false;  // "slope": no map; the terrain coloured by its slope instead
};
struct ShowPanels {
  bool visible = true;
};
struct OpenPanel {
  std::string name;  // see kPanelNames
  bool open = true;
};
struct SetLanguage {
  std::string lang;
};
struct PlanTraverse {
  std::vector<std::pair<double, double>> stops;  // start then goals, (lat_deg, lon_deg)
  std::string rover;                             // "" = the one chosen
  int objective = 0;                             // 0 time, 1 energy, 2 distance, 3 risk
  bool time_aware = false;
};
struct ReplanTraverse {};
struct PlayTraverse {
  bool on = true;
};
struct SeekTraverse {
  double fraction = 0.0;
};
struct ExportTraverse {
  bool json = false;
};
// Where the illumination maps are integrated: the GPU when it is faster (a hardware GPU with
// float render targets), or the one asked for (the GPU falls back to the CPU on any GL error).
enum class MapsBackend { kAuto, kGpu, kCpu };
struct ComputeMaps {
  std::optional<float> window_days, step_hours;
  MapsBackend backend = MapsBackend::kAuto;
  // Threads of the CPU computation, 1..jobs::BackgroundJob::max_threads() (1 in the
  // single-threaded WebAssembly build); none: the build's default (default_threads()).
  std::optional<int> threads;
};
struct OpenImport {};
struct RestoreBuiltin {};
struct ResetView {};
struct GetStatus {};
}  // namespace cmd

using Command =
    std::variant<cmd::FlyTo, cmd::StandHere, cmd::Orbit, cmd::SelectSite, cmd::SetClock, cmd::Play,
                 cmd::Pause, cmd::FollowSpan, cmd::SetOverlay, cmd::ShowPanels, cmd::OpenPanel,
                 cmd::SetLanguage, cmd::PlanTraverse, cmd::ReplanTraverse, cmd::PlayTraverse,
                 cmd::SeekTraverse, cmd::ExportTraverse, cmd::ComputeMaps, cmd::OpenImport,
                 cmd::RestoreBuiltin, cmd::ResetView, cmd::GetStatus>;

// The panels a command can open, by name.
// ("ilrs" is accepted for "participants", the ILRS partners panel; scenarios use these names.)
inline constexpr const char* kPanelNames[] = {"participants", "sites",   "payloads",  "traverse",
                                              "illumination", "sky",     "about",     "view",
                                              "operations",   "terrain", "exercises", "scenario"};

// The command's JSON name ("fly_to", ...).
const char* command_name(const Command& c);
// Parses one command; the error names the command, the argument and what was wrong.
Result<Command> command_from_json(std::string_view text);
// The names of every command, for docs and errors.
std::vector<std::string> command_names();

}  // namespace ce8::session
