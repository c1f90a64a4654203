// Orientation of the Moon: the IAU/WGCCRE rotation model (Archinal et al. 2011, Celest. Mech.
// Dyn. Astr. 109:101-135, Table 2; unchanged in the 2015 report, Archinal et al. 2018), with every
// periodic term E1..E13. It gives the direction of the Moon's north pole (right ascension alpha0,
// declination delta0 in ICRF) and the prime meridian angle W, and so the rotation between the
// Moon body-fixed frame and ICRF.
//
// The body-fixed frame this defines approximates the lunar "mean Earth / polar axis" (ME) frame
// in which LOLA products are delivered: the IAU model was fitted to it and agrees to about 150 m
// on the surface (a few arcseconds), per Archinal et al. 2011. Selenographic latitude and east
// longitude below are in this frame.
#pragma once

#include "engine/ephemeris/vec.hpp"
#include "engine/time/time.hpp"

namespace ce8::ephemeris {

struct MoonOrientation {
  double pole_ra_rad = 0.0;         // alpha0, ICRF
  double pole_dec_rad = 0.0;        // delta0, ICRF
  double prime_meridian_rad = 0.0;  // W, in [0, 2 pi)
  Mat3 body_to_icrf;                // v_icrf = body_to_icrf * v_body (columns: body x, y, z axes)
};

// Orientation at `days_tdb`, days of TDB since J2000.0 (JD 2451545.0 TDB).
MoonOrientation moon_orientation_tdb(double days_tdb);
// Orientation at instant `t` (TDB from ERFA).
MoonOrientation moon_orientation(const time::Instant& t);

// The rotation matrix from pole and prime meridian: Rz(alpha0 + 90 deg) Rx(90 deg - delta0) Rz(W).
Mat3 body_to_icrf_matrix(double pole_ra_rad, double pole_dec_rad, double prime_meridian_rad);

}  // namespace ce8::ephemeris
