#include "engine/ephemeris/moon_orientation.hpp"

#include <cmath>

namespace ce8::ephemeris {
namespace {

// Rotation by `a` radians about an axis (active, right-handed).
Mat3 rot_x(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return Mat3{{{{1, 0, 0}, {0, c, -s}, {0, s, c}}}};
}
Mat3 rot_z(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return Mat3{{{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}}};
}

double wrap_2pi(double a) {
  a = std::fmod(a, 2.0 * kPi);
  return a < 0.0 ? a + 2.0 * kPi : a;
}

}  // namespace

Mat3 body_to_icrf_matrix(double pole_ra_rad, double pole_dec_rad, double prime_meridian_rad) {
  return rot_z(pole_ra_rad + kPi / 2.0) * rot_x(kPi / 2.0 - pole_dec_rad) *
         rot_z(prime_meridian_rad);
}

MoonOrientation moon_orientation_tdb(double d) {
  const double T = d / 36525.0;  // Julian centuries of TDB since J2000
  // Arguments E1..E13 in degrees (Archinal et al. 2011, Table 2 footnote).
  const double E[14] = {0.0,
                        125.045 - 0.0529921 * d,
                        250.089 - 0.1059842 * d,
                        260.008 + 13.0120009 * d,
                        176.625 + 13.3407154 * d,
                        357.529 + 0.9856003 * d,
                        311.589 + 26.4057084 * d,
                        134.963 + 13.0649930 * d,
                        276.617 + 0.3287146 * d,
                        34.226 + 1.7484877 * d,
                        15.134 - 0.1589763 * d,
                        119.743 + 0.0036096 * d,
                        239.961 + 0.1643573 * d,
                        25.053 + 12.9590088 * d};
  double s[14], c[14];
  for (int i = 1; i <= 13; ++i) {
    const double a = std::fmod(E[i], 360.0) * kDegToRad;
    s[i] = std::sin(a);
    c[i] = std::cos(a);
  }
  const double ra = 269.9949 + 0.0031 * T - 3.8787 * s[1] - 0.1204 * s[2] + 0.0700 * s[3] -
                    0.0172 * s[4] + 0.0072 * s[6] - 0.0052 * s[10] + 0.0043 * s[13];
  const double dec = 66.5392 + 0.0130 * T + 1.5419 * c[1] + 0.0239 * c[2] - 0.0278 * c[3] +
                     0.0068 * c[4] - 0.0029 * c[6] + 0.0009 * c[7] + 0.0008 * c[10] -
                     0.0009 * c[13];
  // The secular part of W is reduced modulo 360 before adding, to keep precision over centuries.
  const double w_secular = std::fmod(38.3213 + 13.17635815 * d - 1.4e-12 * d * d, 360.0);
  const double w = w_secular + 3.5610 * s[1] + 0.1208 * s[2] - 0.0642 * s[3] + 0.0158 * s[4] +
                   0.0252 * s[5] - 0.0066 * s[6] - 0.0047 * s[7] - 0.0046 * s[8] + 0.0028 * s[9] +
                   0.0052 * s[10] + 0.0040 * s[11] + 0.0019 * s[12] - 0.0044 * s[13];
  MoonOrientation o;
  o.pole_ra_rad = wrap_2pi(ra * kDegToRad);
  o.pole_dec_rad = dec * kDegToRad;
  o.prime_meridian_rad = wrap_2pi(w * kDegToRad);
  o.body_to_icrf = body_to_icrf_matrix(o.pole_ra_rad, o.pole_dec_rad, o.prime_meridian_rad);
  return o;
}

MoonOrientation moon_orientation(const time::Instant& t) {
  const time::JulianDate jd = time::tdb(t);
  return moon_orientation_tdb((jd.jd1 - time::kJ2000) + jd.jd2);
}

}  // namespace ce8::ephemeris
