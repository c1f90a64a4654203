#include "engine/terrain/detmath.hpp"

#include <cmath>

namespace ce8::terrain::detmath {
namespace {

// sin and cos on [-pi/4, pi/4] by their Taylor series (enough terms for double precision).
double sin_kernel(double x) {
  const double x2 = x * x;
  double term = x, sum = x;
  for (int n = 1; n <= 11; ++n) {
    term = -term * x2 / ((2.0 * n) * (2.0 * n + 1.0));
    sum += term;
  }
  return sum;
}

double cos_kernel(double x) {
  const double x2 = x * x;
  double term = 1.0, sum = 1.0;
  for (int n = 1; n <= 11; ++n) {
    term = -term * x2 / ((2.0 * n - 1.0) * (2.0 * n));
    sum += term;
  }
  return sum;
}

// Reduces x to r in [-pi/4, pi/4] and the quadrant q (x = r + q pi/2). Two-part pi/2 keeps
// the reduction accurate for the arguments the generator uses (|x| < 1e6).
double reduce(double x, int& q) {
  constexpr double kHalfPiHi = 1.5707963267341256e+00;
  constexpr double kHalfPiLo = 6.0771005065061922e-11;
  const double k = floor(x / kHalfPi + 0.5);
  q = static_cast<int>(static_cast<int64_t>(k) & 3);
  return (x - k * kHalfPiHi) - k * kHalfPiLo;
}

}  // namespace

double floor(double x) { return std::floor(x); }

double sin(double x) {
  int q = 0;
  const double r = reduce(x, q);
  switch (q) {
    case 0:
      return sin_kernel(r);
    case 1:
      return cos_kernel(r);
    case 2:
      return -sin_kernel(r);
    default:
      return -cos_kernel(r);
  }
}

double cos(double x) {
  int q = 0;
  const double r = reduce(x, q);
  switch (q) {
    case 0:
      return cos_kernel(r);
    case 1:
      return -sin_kernel(r);
    case 2:
      return -cos_kernel(r);
    default:
      return sin_kernel(r);
  }
}

double tan(double x) { return sin(x) / cos(x); }

double atan(double x) {
  // Reduce to |t| <= tan(pi/12) with atan(x) = pi/2 - atan(1/x) and
  // atan(x) = pi/6 + atan((x sqrt3 - 1) / (x + sqrt3)), then a Taylor series.
  const bool neg = x < 0.0;
  double t = neg ? -x : x;
  double offset = 0.0;
  bool invert = false;
  if (t > 1.0) {
    t = 1.0 / t;
    invert = true;
  }
  constexpr double kTan15 = 0.26794919243112270;
  constexpr double kSqrt3 = 1.73205080756887729;
  if (t > kTan15) {
    t = (t * kSqrt3 - 1.0) / (t + kSqrt3);
    offset = kPi / 6.0;
  }
  const double t2 = t * t;
  double term = t, sum = t;
  for (int n = 1; n <= 14; ++n) {
    term = -term * t2;
    sum += term / (2.0 * n + 1.0);
  }
  double r = offset + sum;
  if (invert) r = kHalfPi - r;
  return neg ? -r : r;
}

double atan2(double y, double x) {
  if (x > 0.0) return atan(y / x);
  if (x < 0.0) return y >= 0.0 ? atan(y / x) + kPi : atan(y / x) - kPi;
  if (y > 0.0) return kHalfPi;
  if (y < 0.0) return -kHalfPi;
  return 0.0;
}

double exp(double x) {
  if (x < -700.0) return 0.0;
  if (x > 700.0) x = 700.0;
  // x = k ln2 + r, |r| <= ln2/2; e^r by Taylor; 2^k by repeated squaring-free scaling.
  constexpr double kLn2 = 0.69314718055994530942;
  const double k = floor(x / kLn2 + 0.5);
  const double r = x - k * kLn2;
  double term = 1.0, sum = 1.0;
  for (int n = 1; n <= 18; ++n) {
    term = term * r / n;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));  // exact scaling by a power of two
}

double log(double x) {
  if (!(x > 0.0)) return -1e300;
  int e = 0;
  const double m = std::frexp(x, &e);  // exact: x = m 2^e, m in [0.5, 1)
  // log(m) = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 1/3.
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double term = s, sum = s;
  for (int n = 1; n <= 24; ++n) {
    term *= s2;
    sum += term / (2.0 * n + 1.0);
  }
  constexpr double kLn2 = 0.69314718055994530942;
  return 2.0 * sum + e * kLn2;
}

double pow(double x, double y) { return exp(y * log(x)); }

double smoothstep(double e0, double e1, double x) {
  double t = (x - e0) / (e1 - e0);
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  return t * t * (3.0 - 2.0 * t);
}

}  // namespace ce8::terrain::detmath
