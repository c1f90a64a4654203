// The explorer's first picture: a telling moment over the real south pole, the Sun grazing the
// horizon (long shadows) and the Earth low in the sky, found with the engine's own ephemeris.
//
// find_grazing_moment() scans a time span at a site and keeps the instant that best shows both:
// the Sun's centre between kGrazingSunMinDeg and kGrazingSunMaxDeg above the flat local horizon,
// the Earth at least kGrazingEarthMinDeg up, and among those the one whose Earth stands closest
// to kGrazingElongationDeg from the Sun (so one view frames both and the Earth shows a crescent,
// not a new Earth lost in the glare) and highest.
//
// kFirstPictureUtc is what that search returns for the Shackleton-de Gerlache ridge over 2028
// (hourly steps from 2028-01-01T00:00Z): 2028-08-10 09:00 UTC, the Sun 0.81 deg up at azimuth
// 78.9 deg, the Earth 6.1 deg up at azimuth 133.8 deg, 55 deg apart, a 21 % crescent.
// tests/engine/sky_scene_test.cpp checks the conditions there and that the search finds it.
#pragma once

#include <optional>

#include "engine/ephemeris/site.hpp"
#include "engine/time/time.hpp"

namespace ce8::scenario {

inline constexpr double kGrazingSunMinDeg = 0.2;
inline constexpr double kGrazingSunMaxDeg = 1.0;
inline constexpr double kGrazingEarthMinDeg = 1.0;
inline constexpr double kGrazingElongationDeg = 55.0;

// The first picture: the ridge site and the instant (UTC).
inline constexpr double kFirstPictureLatDeg = -89.45;
inline constexpr double kFirstPictureLonDeg = 222.7;
inline constexpr const char* kFirstPictureUtc = "2028-08-10T09:00:00Z";

struct GrazingMoment {
  time::Instant when;
  double sun_elevation_deg = 0.0, sun_azimuth_deg = 0.0;
  double earth_elevation_deg = 0.0, earth_azimuth_deg = 0.0;
  double elongation_deg = 0.0;  // Sun-Earth angle seen from the site
  double earth_illuminated_fraction = 0.0;
};

// The Sun and the Earth at `site` at instant `t` (topocentric, flat local horizon).
GrazingMoment sky_at_site(const ephemeris::Site& site, const time::Instant& t);

// The best grazing moment in [from, until] at steps of step_s seconds; nullopt when no step
// meets the three conditions (or the span or step is not positive).
std::optional<GrazingMoment> find_grazing_moment(const ephemeris::Site& site,
                                                 const time::Instant& from,
                                                 const time::Instant& until, double step_s);

}  // namespace ce8::scenario
