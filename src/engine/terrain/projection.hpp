// The project's terrain projection: south polar stereographic on the lunar sphere
// R = 1737.4 km, true scale at the pole (PROJ: kProjString). Exact spherical formulas both ways
// (Snyder, Map Projections: A Working Manual, eqs. 21-1..21-4 and 20-14..20-18, polar aspect):
//   rho = 2 R tan(pi/4 + lat/2),  x = rho sin(lon),  y = rho cos(lon)
//   lat = 2 atan(rho / 2R) - pi/2, lon = atan2(x, y)
// +x points toward 90°E, +y toward 0°E. Angles in radians; the *_deg helpers are for the edges.
#pragma once

#include <string>

namespace ce8::terrain {

inline constexpr double kMoonRadiusM = 1737400.0;
inline constexpr const char* kProjString =
    "+proj=stere +lat_0=-90 +lat_ts=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m "
    "+no_defs";

struct MapXy {
  double x_m = 0.0;
  double y_m = 0.0;
};

struct LatLon {
  double lat_rad = 0.0;
  double lon_rad = 0.0;  // east longitude, in [0, 2 pi) from the inverse
};

double deg_to_rad(double deg);
double rad_to_deg(double rad);
LatLon latlon_deg(double lat_deg, double lon_deg);

// Forward: latitude/longitude -> map x/y (metres). Uses the C library's tan/sin/cos.
MapXy to_map(const LatLon& p);
// Inverse: map x/y -> latitude/longitude, longitude in [0, 2 pi).
LatLon to_latlon(const MapXy& p);
// Point scale factor k at a latitude: 2 / (1 - sin(lat)) (1 at the pole, 1.0027 at 84°S).
// Ground distance = map distance / k.
double scale_factor(double lat_rad);

// The same projection with the deterministic elementary functions of detmath.hpp, for code
// whose output must be bit-identical natively and in WebAssembly (the generator).
MapXy to_map_deterministic(const LatLon& p);
double scale_factor_deterministic(double lat_rad);
LatLon to_latlon_deterministic(const MapXy& p);

// True when a PROJ.4 string describes this projection: +proj=stere, lat_0=-90, lon_0=0,
// true scale at the pole (lat_ts=-90 or k=1), no false easting/northing, a sphere of radius
// 1737400 m (R=, or a= with b= equal or no flattening), metres.
bool is_lunar_south_polar_stereographic(const std::string& proj4);

}  // namespace ce8::terrain
