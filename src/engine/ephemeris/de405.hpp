// A reader of JPL's DE405 planetary and lunar ephemeris, as Debian's `casacore-data-jpl-de405`
// ships it (a casacore table, public domain, 1959-12-10 to 2060-01-30 TDB). The engine does not
// need it (the browser has no such file; sky.hpp uses ERFA's series): it is an independent
// reference for tests and checks, to ephemeris-grade accuracy (DE405 agrees with DE431 to a few
// milliarcseconds for the Moon, see ../shared/REFERENCE-DATA.md).
//
// File layout (found by testing; casacore does not document it): a 12-byte header, then one row
// per 32 days, each a 16-byte array header (0, 1, 1, 1018 as 32-bit little-endian integers)
// and 1018 little-endian doubles: one DE405 record without its leading Julian-date pair (1016
// coefficients) and two zeros. Row i covers MJD(TDB) 36912 + 32 i to 36912 + 32 (i + 1). Inside
// a record, JPL's standard layout (`header.405`, group 1050).
//
// Positions are in km, ICRF axes; the Sun and the Earth-Moon barycentre are barycentric, the
// Moon geocentric. The librations are the 3-1-3 Euler angles (phi, theta, psi) of the Moon's
// principal-axis (PA) frame: icrf_to_pa = Rz(psi) Rx(theta) Rz(phi) as frame rotations, so the
// PA pole is at RA phi - 90 deg, Dec 90 deg - theta, and psi is its prime meridian angle.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/ephemeris/vec.hpp"
#include "engine/time/time.hpp"

namespace ce8::ephemeris {

inline constexpr const char* kDe405DefaultPath =
    "/usr/share/casacore/data/ephemerides/DE405/table.f0i";
inline constexpr double kDe405EarthMoonMassRatio = 81.30056;  // EMRAT of DE405
inline constexpr double kDe405AuKm = 149597870.691;           // AU of DE405

struct De405State {
  Vec3 position_km;
  Vec3 velocity_km_per_day;
};

// Libration angles of the principal-axis frame (rad) and their rates (rad/day).
struct De405Librations {
  double phi_rad = 0.0, theta_rad = 0.0, psi_rad = 0.0;
  double phi_rate = 0.0, theta_rate = 0.0, psi_rate = 0.0;
};

class De405 {
 public:
  // Reads the whole table (9.3 MB). Fails with a message if the file is missing, has the wrong
  // size or an unexpected row header.
  static Result<De405> load(const std::string& path = kDe405DefaultPath);

  // The TDB Julian dates covered, [first, last].
  double first_jd_tdb() const;
  double last_jd_tdb() const;

  // All at a TDB Julian date (two parts, e.g. time::tdb(t)); dates outside the table fail.
  Result<De405State> sun_barycentric(const time::JulianDate& tdb) const;
  Result<De405State> earth_moon_barycentre(const time::JulianDate& tdb) const;
  Result<De405State> moon_geocentric(const time::JulianDate& tdb) const;
  // Earth = EMB - Moon / (1 + EMRAT); Moon = Earth + Moon(geocentric).
  Result<De405State> earth_barycentric(const time::JulianDate& tdb) const;
  Result<De405State> moon_barycentric(const time::JulianDate& tdb) const;
  Result<De405Librations> librations(const time::JulianDate& tdb) const;
  // The PA frame's body -> ICRF rotation (v_icrf = m * v_pa) from the libration angles.
  Result<Mat3> pa_to_icrf(const time::JulianDate& tdb) const;

 private:
  struct Series {
    int offset;     // 0-based index of the first coefficient inside a record
    int coeffs;     // per component
    int intervals;  // sub-intervals per 32-day record
  };
  // Evaluates `components` Chebyshev series (value and derivative per day) into out/rate.
  Status eval(const time::JulianDate& tdb, const Series& s, int components, double* out,
              double* rate) const;

  std::vector<double> records_;  // rows x kRecordDoubles
  int rows_ = 0;
};

// The constant rotation from DE403/DE405's principal-axis frame to the mean-Earth/polar-axis
// (ME) frame: v_me = m * v_pa. Angles (63.8986, 79.0768, 0.1462) arcsec about axes (3, 2, 1)
// from Konopliv et al. 2001 (Icarus 150, 1-18), as NAIF's lunar frame kernel moon_060721.tf
// (frame MOON_ME_DE403) uses them; a rotation of about 0.0282 deg (860 m on the surface).
Mat3 de403_pa_to_me();

}  // namespace ce8::ephemeris
