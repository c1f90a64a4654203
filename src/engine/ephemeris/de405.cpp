#include "engine/ephemeris/de405.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace ce8::ephemeris {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the DE405 table is little-endian and read as it is");

constexpr int kHeaderBytes = 12;
constexpr int kRowHeaderBytes = 16;
constexpr int kRecordDoubles = 1018;
constexpr int kRowBytes = kRowHeaderBytes + kRecordDoubles * 8;
constexpr int kExpectedRows = 1143;
constexpr double kFirstJd = 2436912.5;  // MJD 36912, the start of row 0
constexpr double kRecordDays = 32.0;

// Offsets from JPL's header.405 group 1050 (1-based, counting the two date words) minus 3.
constexpr int kEmbOffset = 231 - 3;
constexpr int kMoonOffset = 441 - 3;
constexpr int kSunOffset = 753 - 3;
constexpr int kLibrationOffset = 899 - 3;

// Active rotations (v' = R v) about the coordinate axes.
Mat3 rot_x(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return Mat3{{{{1, 0, 0}, {0, c, -s}, {0, s, c}}}};
}
Mat3 rot_y(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return Mat3{{{{c, 0, s}, {0, 1, 0}, {-s, 0, c}}}};
}
Mat3 rot_z(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return Mat3{{{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}}};
}

De405State state_of(const double p[3], const double v[3]) {
  return {{p[0], p[1], p[2]}, {v[0], v[1], v[2]}};
}

}  // namespace

Result<De405> De405::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open the DE405 table '" + path + "'"};
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  const std::size_t expected =
      static_cast<std::size_t>(kHeaderBytes) + static_cast<std::size_t>(kExpectedRows) * kRowBytes;
  if (bytes.size() != expected)
    return Error{"the DE405 table '" + path + "' has " + std::to_string(bytes.size()) +
                 " bytes, expected " + std::to_string(expected)};
  De405 eph;
  eph.rows_ = kExpectedRows;
  eph.records_.resize(static_cast<std::size_t>(kExpectedRows) * kRecordDoubles);
  for (int row = 0; row < kExpectedRows; ++row) {
    const char* p = bytes.data() + kHeaderBytes + static_cast<std::size_t>(row) * kRowBytes;
    std::uint32_t head[4];
    std::memcpy(head, p, sizeof head);
    if (head[1] != 1 || head[2] != 1 || head[3] != kRecordDoubles)
      return Error{"the DE405 table '" + path + "' has an unexpected header in row " +
                   std::to_string(row)};
    std::memcpy(eph.records_.data() + static_cast<std::size_t>(row) * kRecordDoubles,
                p + kRowHeaderBytes, kRecordDoubles * sizeof(double));
  }
  return eph;
}

double De405::first_jd_tdb() const { return kFirstJd; }
double De405::last_jd_tdb() const { return kFirstJd + kRecordDays * rows_; }

Status De405::eval(const time::JulianDate& tdb, const Series& s, int components, double* out,
                   double* rate) const {
  const double since_start = (tdb.jd1 - kFirstJd) + tdb.jd2;  // days
  if (!(since_start >= 0.0 && since_start <= kRecordDays * rows_))
    return Error{"date outside the DE405 table (JD " + std::to_string(tdb.jd1 + tdb.jd2) +
                 " TDB; it covers " + std::to_string(first_jd_tdb()) + " to " +
                 std::to_string(last_jd_tdb()) + ")"};
  const int row = std::min(static_cast<int>(since_start / kRecordDays), rows_ - 1);
  const double in_row = since_start - kRecordDays * row;
  const double span = kRecordDays / s.intervals;
  const int sub = std::min(static_cast<int>(in_row / span), s.intervals - 1);
  const double x = 2.0 * (in_row - span * sub) / span - 1.0;

  // Chebyshev polynomials T_k(x) and their derivatives.
  double t[32], dt[32];
  t[0] = 1.0, t[1] = x, dt[0] = 0.0, dt[1] = 1.0;
  for (int k = 2; k < s.coeffs; ++k) {
    t[k] = 2.0 * x * t[k - 1] - t[k - 2];
    dt[k] = 2.0 * t[k - 1] + 2.0 * x * dt[k - 1] - dt[k - 2];
  }
  const double* c = records_.data() + static_cast<std::size_t>(row) * kRecordDoubles + s.offset +
                    static_cast<std::size_t>(sub) * components * s.coeffs;
  for (int i = 0; i < components; ++i, c += s.coeffs) {
    double v = 0.0, r = 0.0;
    for (int k = s.coeffs - 1; k >= 0; --k) v += c[k] * t[k], r += c[k] * dt[k];
    out[i] = v;
    rate[i] = r * 2.0 / span;
  }
  return Ok{};
}

Result<De405State> De405::sun_barycentric(const time::JulianDate& tdb) const {
  double p[3], v[3];
  if (Status s = eval(tdb, {kSunOffset, 11, 2}, 3, p, v); !s) return s.error();
  return state_of(p, v);
}

Result<De405State> De405::earth_moon_barycentre(const time::JulianDate& tdb) const {
  double p[3], v[3];
  if (Status s = eval(tdb, {kEmbOffset, 13, 2}, 3, p, v); !s) return s.error();
  return state_of(p, v);
}

Result<De405State> De405::moon_geocentric(const time::JulianDate& tdb) const {
  double p[3], v[3];
  if (Status s = eval(tdb, {kMoonOffset, 13, 8}, 3, p, v); !s) return s.error();
  return state_of(p, v);
}

Result<De405State> De405::earth_barycentric(const time::JulianDate& tdb) const {
  auto emb = earth_moon_barycentre(tdb);
  if (!emb) return emb.error();
  auto moon = moon_geocentric(tdb);
  if (!moon) return moon.error();
  const double f = 1.0 / (1.0 + kDe405EarthMoonMassRatio);
  return De405State{emb->position_km - f * moon->position_km,
                    emb->velocity_km_per_day - f * moon->velocity_km_per_day};
}

Result<De405State> De405::moon_barycentric(const time::JulianDate& tdb) const {
  auto earth = earth_barycentric(tdb);
  if (!earth) return earth.error();
  auto moon = moon_geocentric(tdb);
  if (!moon) return moon.error();
  return De405State{earth->position_km + moon->position_km,
                    earth->velocity_km_per_day + moon->velocity_km_per_day};
}

Result<De405Librations> De405::librations(const time::JulianDate& tdb) const {
  double a[3], r[3];
  if (Status s = eval(tdb, {kLibrationOffset, 10, 4}, 3, a, r); !s) return s.error();
  return De405Librations{a[0], a[1], a[2], r[0], r[1], r[2]};
}

Result<Mat3> De405::pa_to_icrf(const time::JulianDate& tdb) const {
  auto l = librations(tdb);
  if (!l) return l.error();
  return rot_z(l->phi_rad) * rot_x(l->theta_rad) * rot_z(l->psi_rad);
}

Mat3 de403_pa_to_me() {
  // NAIF's TK frame: v_pa = [63.8986"]_3 [79.0768"]_2 [0.1462"]_1 v_me with [a]_k the frame
  // rotation (the inverse of the active one); its transpose, in active rotations:
  return rot_x(0.1462 * kArcsecToRad) * rot_y(79.0768 * kArcsecToRad) *
         rot_z(63.8986 * kArcsecToRad);
}

}  // namespace ce8::ephemeris
