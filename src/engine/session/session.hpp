// The explorer's session: everything a visitor's work consists of, in one place outside the UI.
// The clock (through its one controller), the sky at the clock's instant, the site the sky is
// seen from, the rover and its stops, the payload manifest, the view, the overlay, the planned
// drive, the language and whether the panels show. Panels read it and keep only their widget
// state; commands (app/commands) change it; scenarios and saved sessions capture and apply it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/ephemeris/sky.hpp"
#include "engine/payload/manifest.hpp"
#include "engine/scenario/clock_controller.hpp"
#include "engine/traverse/request.hpp"

namespace ce8::session {

struct ViewSettings {
  float vertical_exaggeration = 1.0f;  // true scale by default
  int color_mode = 0;  // 0 shaded regolith, 1 height ramp, 2 slope ramp (render::DemColorMode)
  // The Sun follows the simulation clock; "Manual light" overrides it with these two angles
  // (azimuth from map +y, i.e. 0 deg E at the pole, clockwise; elevation above the map plane).
  bool manual_light = false;
  float sun_azimuth_deg = 135.0f;
  float sun_elevation_deg = 6.0f;
};

// A point picked on the terrain by clicking it.
struct MapPick {
  double lat_deg = -90.0, lon_deg = 0.0;
  double height_m = 0.0;
};

// The illumination overlays, in the order the panel and the commands number them.
enum class Overlay { kNone = 0, kPercentLit = 1, kEarthInView = 2, kPermanentShadow = 3 };
inline constexpr int kOverlayCount = 4;
const char* overlay_name(Overlay o);  // "none", "lit", "earth", "shadow"
std::optional<Overlay> overlay_from_name(const std::string& name);

// The languages of the page and the tour; panel labels follow where translated.
inline constexpr const char* kLanguages[] = {"en", "zh", "ur", "tr"};
bool is_language(const std::string& code);

// Which site the Sky and time panel looks from: 0 = the exact pole, 1..4 = the landing sites in
// catalogue order, kSkySiteMapClick = the last map click.
inline constexpr int kSkySiteMapClick = 5;

struct Session {
  scenario::ClockController clock;
  ephemeris::SkyState sky;  // the Sun and Earth at clock.now(), see update_sky()
  int sky_site = 0;
  std::optional<MapPick> map_click;
  std::string rover;                             // chosen rover id ("" = none)
  std::vector<std::pair<double, double>> stops;  // (lat_deg, lon_deg): start, then the goals
  payload::Manifest manifest;                    // the manifest builder's list, by priority
  ViewSettings view;
  Overlay overlay = Overlay::kNone;
  std::shared_ptr<const traverse::TraverseResult> traverse;  // the last planned drive
  std::string language = "en";
  bool panels_visible = true;

  // Recomputes the sky when the clock moved since the last call (once per frame, after input
  // and UI). True when it did.
  bool update_sky();

 private:
  std::uint64_t sky_revision_ = ~std::uint64_t{0};
};

}  // namespace ce8::session
