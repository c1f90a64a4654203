// The sky as the 3D view draws it: the Sun, the Earth and the stars as directions in the
// terrain's world frame (scenario/terrain_frame.hpp), seen from one viewpoint on or above the
// map, with their true angular sizes, the Earth's phase and the earthshine it casts.
//
// The Sun and the Earth are topocentric: their vectors from the Moon's centre (ephemeris::
// SkyState, apparent directions) minus the viewpoint's position, so the Earth's parallax (up to
// 0.26 deg between the Moon's centre and its surface) is in. Stars are fixed in ICRF and turned
// into the world frame with the Moon's orientation at the same instant.
//
// Earthshine (the light the Earth's day side throws onto the Moon): the illuminance of a
// Lambertian sphere of Bond albedo A, radius R at distance d, at phase angle alpha, relative to
// the sunlight at the Moon:
//     E_earth / E_sun = A (R / d)^2 * (2/3) * Phi(alpha),
//     Phi(alpha) = (sin alpha + (pi - alpha) cos alpha) / pi    (Lambert sphere phase law)
// With A = 0.30, R = 6371 km, d = 384 400 km this is 5.5e-5 at full Earth (alpha = 0), about
// 10 lux against the Sun's 130 000: far below what a display shows next to sunlit ground, so
// the renderer multiplies it by kEarthshineDisplayGain (documented in docs/sky.md).
#pragma once

#include <vector>

#include "engine/ephemeris/sky.hpp"
#include "engine/ephemeris/vec.hpp"

namespace ce8::scenario {

inline constexpr double kEarthBondAlbedo = 0.30;
inline constexpr double kEarthMeanRadiusKm = 6371.0;
// The earthshine shown on screen is this many times the physical ratio (see above).
inline constexpr double kEarthshineDisplayGain = 600.0;

struct SkyBody {
  ephemeris::Vec3 dir_world;        // unit vector from the viewpoint, world frame
  double angular_radius_rad = 0.0;  // seen from the viewpoint
  double distance_km = 0.0;         // from the viewpoint
  double elevation_rad = 0.0;       // above the viewpoint's true local horizontal
  double azimuth_rad = 0.0;         // clockwise from local north, [0, 2 pi)
};

struct SkyScene {
  SkyBody sun;
  SkyBody earth;
  ephemeris::Vec3 sun_from_earth_world;  // unit, Earth -> Sun: lights the Earth's disc
  double earth_phase_angle_rad = 0.0;    // Sun-Earth-viewpoint angle
  double earth_illuminated_fraction = 0.0;
  double earthshine_ratio = 0.0;  // E_earth / E_sun at the viewpoint (physical, unscaled)
  // The ICRF -> world rotation at this instant (rows: world x, y, z in ICRF), for stars.
  ephemeris::Mat3 icrf_to_world;
};

// The scene seen from map point (x_m, y_m) at height_m above the reference sphere.
SkyScene sky_scene(const ephemeris::SkyState& sky, double x_m, double y_m, double height_m);

// Lambert-sphere phase law Phi(alpha) (1 at alpha = 0, 0 at pi).
double lambert_phase(double phase_angle_rad);

// A star: ICRF unit direction and visual magnitude.
struct Star {
  ephemeris::Vec3 dir_icrf;
  float magnitude = 0.0f;
  const char* name = nullptr;  // real stars only
};

// The brightest real stars (J2000 positions, V magnitudes; docs/sky.md lists the source).
const std::vector<Star>& bright_stars();
// `count` faint decorative stars (magnitude 3.5..6.5), spread uniformly over the sphere by a
// fixed seed: not a catalogue, a backdrop (docs/sky.md says so).
std::vector<Star> backdrop_stars(int count, unsigned seed);

}  // namespace ce8::scenario
