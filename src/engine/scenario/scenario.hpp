// A scenario: the whole user state of the explorer (site, time, rover, manifest, traverse,
// view) as plain data, its JSON file form and its shareable URL form.
//
// JSON (docs/classroom.md; every field optional except "kind" and "version"):
//   {"kind": "ce8-scenario", "version": 1,
//    "site": {"id": "leibnitz-beta", "lat_deg": -84.6, "lon_deg": 29.5, "height_m": 0},
//    "clock": {"tt_s": 909316869.184, "utc": "2028-10-25T00:00:00.000Z", "speed_index": 2,
//              "playing": false},
//    "rover": "pk-suparco-rover", "manifest": ["it-laser-retroreflector", ...],
//    "traverse": [[-86.3, 38.0], [-86.31, 38.2]],
//    "view": {"target_x_m": 0, "target_y_m": 0, "distance_m": 40000, "yaw_deg": 0,
//             "pitch_deg": 35, "vertical_exaggeration": 1, "color_mode": 0,
//             "panels": ["about", "sites", "sky", "terrain"]}}
// "clock.tt_s" (TT seconds since J2000) is the exact instant; "utc" is for people (when both
// are given they must agree within a second; either alone is enough).
//
// URL form: "#s=" + base64url (no padding) of the compact JSON. Doubles are written in their
// shortest round-trip form, so JSON -> Scenario -> JSON -> Scenario is exact, and so is the URL.
//
// Parsing never throws (WebAssembly aborts on exceptions): limits first (64 KiB, depth 8), then a
// non-throwing parse, then strict checks (types, ranges, unknown keys, 64 payloads, 256
// waypoints); errors are one line naming the field: "scenario: view.pitch_deg must be ...".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/mission/catalogue.hpp"

namespace ce8::scenario {

inline constexpr std::size_t kMaxScenarioBytes = 64 * 1024;
inline constexpr int kMaxScenarioDepth = 8;
inline constexpr std::size_t kMaxScenarioPayloads = 64;
inline constexpr std::size_t kMaxScenarioWaypoints = 256;
inline constexpr int kScenarioVersion = 1;

// Named sites a scenario may refer to ("" = a custom point, e.g. a map click). "mons-mouton" is
// the IAU name of the Leibnitz Beta plateau: the same site as "leibnitz-beta" (which old links
// use and the app writes).
inline constexpr const char* kScenarioSiteIds[] = {"south-pole",  "leibnitz-beta",
                                                   "mons-mouton", "shackleton-de-gerlache-ridge",
                                                   "amundsen",    "cabeus"};
// Panel names a scenario may list as open.
inline constexpr const char* kScenarioPanelNames[] = {
    "participants", "sites", "payloads",   "traverse", "illumination", "sky",
    "about",        "view",  "operations", "terrain",  "exercises",    "scenario"};

struct ScenarioSite {
  std::string id;  // one of kScenarioSiteIds, or "" for a custom point
  double lat_deg = -90.0, lon_deg = 0.0, height_m = 0.0;
  bool operator==(const ScenarioSite&) const = default;
};

struct ScenarioClock {
  double tt_s = 0.0;    // TT seconds since J2000.0 (time::Instant::tt_seconds_since_j2000)
  int speed_index = 2;  // into kClockSpeeds
  bool playing = false;
  bool operator==(const ScenarioClock&) const = default;
};

struct Waypoint {
  double lat_deg = 0.0, lon_deg = 0.0;
  bool operator==(const Waypoint&) const = default;
};

struct ScenarioView {
  double target_x_m = 0.0, target_y_m = 0.0;  // camera target on the polar stereographic map
  double distance_m = 420000.0;
  double yaw_deg = 0.0, pitch_deg = 35.0;
  double vertical_exaggeration = 1.0;
  int color_mode = 0;               // 0 shaded, 1 height, 2 slope
  std::vector<std::string> panels;  // open panels, names from kScenarioPanelNames
  bool operator==(const ScenarioView&) const = default;
};

struct Scenario {
  ScenarioSite site;
  ScenarioClock clock;
  std::string rover;                  // rover id ("" = none chosen)
  std::vector<std::string> manifest;  // payload ids, in priority order
  std::vector<Waypoint> traverse;
  ScenarioView view;
  bool operator==(const Scenario&) const = default;
};

// Range checks on every field; with a catalogue, manifest ids and the rover id must be in it.
Status validate_scenario(const Scenario& s, const mission::Catalogue* catalogue);

// Compact (indent < 0) or pretty JSON. The scenario should be valid (validate_scenario).
std::string scenario_to_json(const Scenario& s, int indent = -1);
Result<Scenario> scenario_from_json(std::string_view text, const mission::Catalogue* catalogue);

// "#s=" + base64url(compact JSON).
std::string scenario_to_url_fragment(const Scenario& s);
// Accepts a whole URL ("https://host/page#s=..."), "#s=...", "s=..." or the bare base64url text.
Result<Scenario> scenario_from_url(std::string_view text, const mission::Catalogue* catalogue);
// JSON if the text starts with '{' (after blanks), else the URL form.
Result<Scenario> scenario_from_text(std::string_view text, const mission::Catalogue* catalogue);

// base64url without padding (RFC 4648 section 5); decode rejects bad characters and lengths.
std::string base64url_encode(std::string_view bytes);
Result<std::string> base64url_decode(std::string_view text);

}  // namespace ce8::scenario
