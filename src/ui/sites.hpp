// The places the explorer knows by name: the four preliminary Chang'e-8 landing regions and the
// exact pole. One list for every panel (Landing sites flies to them, Sky and time looks at the
// sky from them).
#pragma once

#include <array>

namespace ce8::ui {

struct NamedSite {
  const char* name;
  const char* what;
  double lat_deg, lon_deg;  // selenographic latitude, east longitude
  float view_distance_m;    // how far the camera stands when it flies there
  const char* note;         // where the coordinates come from
};

// The same positions as assets/sites.json and the terrain model (terrain::landing_sites()):
// Amundsen and Cabeus are the gazetteer crater centres rounded to 0.1 deg; the ridge point is the
// midpoint of the modelled Shackleton-de Gerlache ridge (assumed); Leibnitz Beta has no published
// coordinates: assumed plateau centre next to Shoemaker (docs/mission.md).
inline constexpr std::array<NamedSite, 4> kLandingSites = {{
    {"Leibnitz Beta plateau", "CNSA's named target (Apr 2025): a high plateau beside Shoemaker",
     -86.3, 38.0, 70000.0f, "position assumed: no published coordinates"},
    {"Shackleton-de Gerlache ridge", "The connecting ridge: among the best-lit ground at the pole",
     -89.4515, 259.517, 50000.0f, "assumed midpoint of the ridge"},
    {"Amundsen crater", "103 km crater, centre -84.44, 83.07 E", -84.4, 83.1, 160000.0f,
     "IAU/USGS gazetteer, rounded"},
    {"Cabeus crater", "101 km crater, centre -85.33, 317.87 E", -85.3, 317.9, 160000.0f,
     "IAU/USGS gazetteer, rounded"},
}};

inline constexpr NamedSite kSouthPole = {
    "South pole", "The exact pole, -90 deg: azimuth 0 points along 0 deg E (see docs/ephemeris.md)",
    -90.0,        0.0,
    420000.0f,    "by definition"};

}  // namespace ce8::ui
