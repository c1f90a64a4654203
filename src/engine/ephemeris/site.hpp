// A point on the Moon and the sky seen from it: selenographic position, the local
// east-north-up frame, azimuth/elevation and sub-solar / sub-Earth points.
//
// The Moon is a sphere of radius 1737.4 km here (the terrain grids' reference sphere); heights
// are above it. Latitude is selenographic (planetocentric) and longitude east, in the Moon
// body-fixed frame of moon_orientation.hpp.
//
// Azimuth is measured from north clockwise (through east) in [0, 2 pi); elevation is the angle
// above the local horizontal plane (perpendicular to the sphere's radius), no refraction.
// At the exact poles (|latitude| = 90 deg) every direction is south (north pole) or north (south
// pole), so the frame is fixed by convention: the longitude given is ignored and the frame is the
// limit reached along the prime meridian (longitude 0). At the south pole "north" then points
// along the body +x axis (towards 0 deg E) and "east" along +y (towards 90 deg E); at the north
// pole "north" points along -x and "east" along +y.
#pragma once

#include "engine/core/result.hpp"
#include "engine/ephemeris/vec.hpp"

namespace ce8::ephemeris {

inline constexpr double kMoonRadiusKm = 1737.4;

struct Site {
  double lat_rad = 0.0;
  double lon_rad = 0.0;  // east, in (-pi, pi]
  double height_m = 0.0;
};

// Validates and builds a site from degrees: latitude in [-90, 90], any finite longitude (wrapped
// into (-180, 180]), height in [-20 km, +1000 km].
Result<Site> make_site_deg(double lat_deg, double lon_deg, double height_m = 0.0);

struct SiteFrame {
  Vec3 position_km;  // from the Moon's centre, body-fixed
  Vec3 east, north, up;
};
SiteFrame site_frame(const Site& site);

struct AzEl {
  double az_rad = 0.0;  // [0, 2 pi), clockwise from north
  double el_rad = 0.0;  // [-pi/2, pi/2]
};

// Topocentric azimuth/elevation of a target given by its body-fixed vector from the Moon's
// centre (km): the site's offset from the centre (parallax) is taken into account.
AzEl az_el(const SiteFrame& frame, const Vec3& target_from_centre_km);
// Azimuth/elevation of a direction (unit vector, body-fixed), no parallax: for very distant
// targets or per-cell map loops. For the Sun, the parallax left out is at most 2.4 arcsec.
AzEl az_el_of_direction(const SiteFrame& frame, const Vec3& direction);

struct SurfacePoint {
  double lat_rad = 0.0;
  double lon_rad = 0.0;  // east, (-pi, pi]
};
// The point under a target given by its body-fixed vector from the Moon's centre (the sub-solar
// point for the Sun vector, the sub-Earth point for the Earth vector).
SurfacePoint sub_point(const Vec3& target_from_centre);

// Wraps an angle into (-pi, pi].
double wrap_pi(double a);

}  // namespace ce8::ephemeris
