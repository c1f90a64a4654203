#include "engine/scenario/first_picture.hpp"

#include <cmath>

#include "engine/ephemeris/sky.hpp"

namespace ce8::scenario {

GrazingMoment sky_at_site(const ephemeris::Site& site, const time::Instant& t) {
  const ephemeris::SkyState sky = ephemeris::sky_state(t);
  const ephemeris::SiteFrame f = ephemeris::site_frame(site);
  const ephemeris::AzEl sun = ephemeris::az_el(f, sky.sun_body_km);
  const ephemeris::AzEl earth = ephemeris::az_el(f, sky.earth_body_km);
  GrazingMoment m;
  m.when = t;
  m.sun_elevation_deg = sun.el_rad * ephemeris::kRadToDeg;
  m.sun_azimuth_deg = sun.az_rad * ephemeris::kRadToDeg;
  m.earth_elevation_deg = earth.el_rad * ephemeris::kRadToDeg;
  m.earth_azimuth_deg = earth.az_rad * ephemeris::kRadToDeg;
  m.elongation_deg =
      ephemeris::angle_between(sky.sun_body_km - f.position_km, sky.earth_body_km - f.position_km) *
      ephemeris::kRadToDeg;
  m.earth_illuminated_fraction = sky.earth_illuminated_fraction;
  return m;
}

std::optional<GrazingMoment> find_grazing_moment(const ephemeris::Site& site,
                                                 const time::Instant& from,
                                                 const time::Instant& until, double step_s) {
  const double span_s = time::seconds_between(from, until);
  if (!(step_s > 0.0) || !(span_s >= 0.0)) return std::nullopt;
  std::optional<GrazingMoment> best;
  double best_score = 0.0;
  const long steps = static_cast<long>(std::floor(span_s / step_s));
  for (long i = 0; i <= steps; ++i) {
    const GrazingMoment m = sky_at_site(site, time::add_seconds(from, i * step_s));
    if (m.sun_elevation_deg < kGrazingSunMinDeg || m.sun_elevation_deg > kGrazingSunMaxDeg ||
        m.earth_elevation_deg < kGrazingEarthMinDeg)
      continue;
    // Lower is better: degrees off the wanted elongation, and each degree of Earth elevation
    // worth five of them.
    const double score =
        std::fabs(m.elongation_deg - kGrazingElongationDeg) - 5.0 * m.earth_elevation_deg;
    if (!best || score < best_score) {
      best = m;
      best_score = score;
    }
  }
  return best;
}

}  // namespace ce8::scenario
