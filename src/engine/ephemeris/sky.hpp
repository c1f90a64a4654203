// The Sun and the Earth seen from the Moon's centre: the full evaluation.
//
// Sources (all through ERFA): the Earth's barycentric and heliocentric position and velocity
// from eraEpv00 (a fit to DE405, a few km), the Moon's geocentric position and velocity from
// eraMoon98 (Meeus's ELP-2000/82 truncation: RMS 2.9 arcsec, worst 18 arcsec in direction,
// RMS 6 km, worst 32 km in distance, 1963-2036). Vectors are in ICRF/BCRS axes (GCRS axes for
// the Moon coincide with them at this accuracy) and in the Moon body-fixed frame of
// moon_orientation.hpp.
//
// "Apparent" directions include the light time from the body to the Moon (iterated) and the
// stellar aberration due to the Moon's barycentric velocity (eraAb); gravitational light
// deflection (milliarcseconds) is left out. Distances are the light-time corrected geometric
// distances.
#pragma once

#include "engine/ephemeris/moon_orientation.hpp"
#include "engine/ephemeris/vec.hpp"
#include "engine/time/time.hpp"

namespace ce8::ephemeris {

inline constexpr double kAuKm = 149597870.7;        // IAU 2012 astronomical unit
inline constexpr double kSunRadiusKm = 695700.0;    // IAU 2015 nominal solar radius
inline constexpr double kEarthRadiusKm = 6378.137;  // equatorial (WGS 84 / GRS 80)
inline constexpr double kSpeedOfLightKmS = 299792.458;

struct SkyState {
  time::Instant when;
  MoonOrientation moon;
  Vec3 sun_icrf_km;    // Moon centre -> Sun, apparent direction, length = distance, ICRF axes
  Vec3 earth_icrf_km;  // Moon centre -> Earth, the same
  Vec3 sun_body_km;    // the same two in the Moon body-fixed frame
  Vec3 earth_body_km;
  double sun_distance_km = 0.0;
  double earth_distance_km = 0.0;
  double sun_angular_radius_rad = 0.0;  // asin(R / d) seen from the Moon's centre
  double earth_angular_radius_rad = 0.0;
  double earth_phase_angle_rad = 0.0;       // Sun-Earth-Moon angle at the Earth
  double earth_illuminated_fraction = 0.0;  // Earth's phase seen from the Moon, 0 (new) .. 1 (full)
};

// Full evaluation of everything above at instant `t` (about 20 us natively).
SkyState sky_state(const time::Instant& t);

// Geometric vectors without light time or aberration, ICRF axes, km, for validation:
// the Moon seen from the Earth's centre and the Sun seen from the Earth's centre.
struct GeocentricState {
  Vec3 moon_km;
  Vec3 sun_km;
};
GeocentricState geocentric_state(const time::Instant& t);

}  // namespace ce8::ephemeris
