// The places the explorer knows by name: Chang'e-8's candidate landing sites, taken from the
// mission catalogue (assets/sites.json, embedded) in its order, and the exact pole. One list for
// every panel and the commands (Landing sites flies to them, Sky and time looks from them, the
// tour names them by id). Other missions' sites are context only (the catalogue's
// context_sites; the Sites panel lists them apart).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ce8::ui {

struct NamedSite {
  std::string id;  // the catalogue's site id, or "south-pole"
  std::string name;
  double lat_deg = -90.0, lon_deg = 0.0;  // selenographic latitude, east longitude
  float view_distance_m = 70000.0f;       // how far the camera stands when it flies there
  std::string note;                       // where the coordinates come from, in one sentence
};

// Chang'e-8's candidate sites (empty only if the embedded catalogue failed to load, which its
// build-time check prevents). sky_site k (1-based) is landing_sites()[k - 1].
std::span<const NamedSite> landing_sites();
const NamedSite& south_pole();
// The site with this id or alias ("mons-mouton" is "leibnitz-beta"), or null.
const NamedSite* find_landing_site(std::string_view id);
// Its 1-based index (the Sky panel's sky_site), 0 for "south-pole", -1 if unknown.
int landing_site_index(std::string_view id);

}  // namespace ce8::ui
