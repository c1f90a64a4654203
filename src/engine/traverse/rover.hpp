// Rover engineering models for traverse planning and drive simulation (issue 6).
//
// The models are data: each entry of assets/rovers.json carries a "model" object with the
// fields below (the catalogue's own fields, mass/name/owner, stay where issue 7 put them).
// Values that are not published are assumptions: the entry's "assumed" table names each such
// field ("model.battery_wh": "Not published: ... basis ...") and the UI shows that text next
// to the field, where users may edit it. The builtin models come from the embedded catalogue
// (mission/embedded.hpp), so the browser needs no file access.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/result.hpp"

namespace ce8::traverse {

enum class PanelMount {
  kFixedVertical,  // panel normal horizontal, facing `panel_facing_deg` from the rover's heading
  kHorizontal,     // panel normal = local vertical
  kSunTracking,    // panel normal follows the Sun (incidence 0 while the Sun is up)
};
enum class CommRoute {
  kDirectToEarth,  // needs the Earth above the rover's local horizon
  kViaLander,      // needs line of sight to the lander (which relays to Earth or a relay orbiter)
};

// Electrical power drawn in each mode, watts.
struct PowerDraw {
  double idle_w = 0.0;         // avionics on, parked in sunlight
  double driving_w = 0.0;      // in addition to idle while driving
  double survival_w = 0.0;     // heating and survival, in addition to idle, while in shadow
  double comm_w = 0.0;         // in addition, while the link is up (assumed whenever possible)
  double instruments_w = 0.0;  // in addition, during science stops
};

struct RoverModel {
  std::string id;  // catalogue id, e.g. "pk-suparco-rover"
  std::string name;
  double mass_kg = 0.0;
  double length_m = 0.0, width_m = 0.0, height_m = 0.0;
  double top_speed_m_s = 0.0;
  // Slope limits in degrees: along the direction of travel uphill and downhill, across it.
  double max_slope_up_deg = 0.0, max_slope_down_deg = 0.0, max_cross_slope_deg = 0.0;
  double max_obstacle_m = 0.0;  // largest step/rock it can climb
  double panel_area_m2 = 0.0;
  double panel_efficiency = 0.0;  // 0..1, at normal incidence, incl. losses
  PanelMount panel_mount = PanelMount::kFixedVertical;
  double panel_facing_deg = 0.0;  // kFixedVertical only: panel normal, clockwise from heading
  double battery_wh = 0.0;
  double min_soc = 0.2;  // planning floor, fraction of battery_wh
  PowerDraw power;
  double mast_height_m = 0.0;  // camera/antenna height above ground (horizons are taken there)
  CommRoute comm = CommRoute::kDirectToEarth;
  // Field name ("battery_wh", "power.driving_w", ...) -> why the value was chosen. A field not
  // listed here is a published value (see the catalogue entry's sources).
  std::map<std::string, std::string> assumed;
};

// Solar constant at 1 au, W/m^2 (assumption: the Sun-Moon distance is taken as 1 au for power).
inline constexpr double kSolarConstantWm2 = 1361.0;

// Range checks on every field; the message names the field and its allowed range:
// "rover 'x': model.battery_wh must be in [1, 100000], got -3".
Status check_rover(const RoverModel& rover);

// Parses the "rovers" catalogue text (assets/rovers.json): every entry with a "model" object.
Result<std::vector<RoverModel>> parse_rover_models(std::string_view rovers_json);
// The embedded catalogue's models (parsed once; the build checked them).
const std::vector<RoverModel>& builtin_rovers();
// A builtin model by id; the error lists the known ids.
Result<RoverModel> find_rover(std::string_view id);

// JSON form (same field names as assets/rovers.json "model", plus id, name, mass_kg, assumed),
// as `ce8 rovers` prints it; rover_from_json accepts the same (for edited models) and checks it.
nlohmann::json rover_to_json(const RoverModel& rover);
Result<RoverModel> rover_from_json(const nlohmann::json& j);

}  // namespace ce8::traverse
