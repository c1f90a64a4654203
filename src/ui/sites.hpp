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

// Crater centres from the IAU/USGS gazetteer. The ridge point lies between Shackleton and
// de Gerlache (assumed: midpoint). Leibnitz Beta has no published coordinates; the camera
// goes to Shoemaker's rim region beside it (assumed) until the catalogue fixes a value.
inline constexpr std::array<NamedSite, 4> kLandingSites = {{
    {"Leibnitz Beta plateau", "CNSA's named target (Apr 2025): a high plateau beside Shoemaker",
     -88.1, 30.0, 70000.0f, "position assumed: no published coordinates"},
    {"Shackleton-de Gerlache ridge", "The connecting ridge: among the best-lit ground at the pole",
     -89.36, 262.0, 50000.0f, "assumed midpoint of the ridge"},
    {"Amundsen crater", "103 km crater, centre -84.44, 83.07 E", -84.44, 83.07, 160000.0f,
     "IAU/USGS gazetteer"},
    {"Cabeus crater", "101 km crater, centre -85.33, 317.87 E", -85.33, 317.87, 160000.0f,
     "IAU/USGS gazetteer"},
}};

inline constexpr NamedSite kSouthPole = {
    "South pole", "The exact pole, -90 deg: azimuth 0 points along 0 deg E (see docs/ephemeris.md)",
    -90.0,        0.0,
    420000.0f,    "by definition"};

}  // namespace ce8::ui
