// The places the explorer knows by name: the four preliminary Chang'e-8 landing regions and the
// exact pole. One list for every panel (Landing sites flies to them, Sky and time looks at the
// sky from them). Other missions' sites are context only: the Sites panel lists them apart.
#pragma once

#include <array>

namespace ce8::ui {

struct NamedSite {
  const char* id;  // the catalogue's site id (assets/sites.json), or "south-pole"
  const char* name;
  const char* what;
  double lat_deg, lon_deg;  // selenographic latitude, east longitude
  float view_distance_m;    // how far the camera stands when it flies there
  const char* note;         // where the coordinates come from
};

// The same positions as assets/sites.json (the Sites panel takes the text from there, by id).
// Amundsen and Cabeus are the gazetteer crater centres rounded to 0.1 deg; the ridge point is the
// ridge's highest ground in the 200 m LOLA grid (assumed). Mons Mouton, the plateau long
// called Leibnitz Beta, has no published landing point: assumed on its flat top near the
// gazetteer centre (docs/mission.md). The terrain model (terrain::landing_sites()) follows.
inline constexpr std::array<NamedSite, 4> kLandingSites = {{
    {"leibnitz-beta", "Mons Mouton (Leibnitz Beta plateau)",
     "CNSA's named target (Apr 2025): the plateau between Malapert and Nobile", -84.6, 29.5,
     70000.0f, "assumed on the flat top, 4 km W of the gazetteer centre"},
    {"shackleton-de-gerlache-ridge", "Shackleton-de Gerlache ridge",
     "The connecting ridge: among the best-lit ground at the pole", -89.45, 222.7, 50000.0f,
     "assumed: the ridge's highest ground in the 200 m LOLA grid"},
    {"amundsen", "Amundsen crater", "103 km crater, centre -84.44, 83.07 E", -84.4, 83.1, 160000.0f,
     "IAU/USGS gazetteer, rounded"},
    {"cabeus", "Cabeus crater", "101 km crater, centre -85.33, 317.87 E", -85.3, 317.9, 160000.0f,
     "IAU/USGS gazetteer, rounded"},
}};

inline constexpr NamedSite kSouthPole = {
    "south-pole",
    "South pole",
    "The exact pole, -90 deg: azimuth 0 points along 0 deg E (see docs/ephemeris.md)",
    -90.0,
    0.0,
    420000.0f,
    "by definition"};

}  // namespace ce8::ui
