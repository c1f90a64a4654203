// Internal to the illumination maps: the per-instant evaluation of one cell (the reference
// definition, also the exact fallback of the sector-table path in illumination_tiles.cpp).
// Sun directions are unit vectors in the terrain world frame; a cell sees them in its
// PointFrame (grid x, grid y, up); the horizon between two directions is interpolated linearly.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/illumination/visibility.hpp"

namespace ce8::illumination::detail {

inline constexpr double kPi = 3.14159265358979323846;

// atan(t) for t in [0, 1]: t > tan(pi/8) is reduced by atan(t) = pi/4 + atan((t-1)/(t+1)), then
// the Taylor series to t^15 on |u| <= tan(pi/8) = 0.4142: error below 0.4142^17 / 17 = 2e-8 rad.
// Branches follow the Sun's slowly changing azimuth, so they predict well.
inline double atan_unit(double t) {
  double base = 0.0;
  if (t > 0.41421356237309503) {
    base = kPi / 4.0;
    t = (t - 1.0) / (t + 1.0);
  }
  const double u = t * t;
  const double p =
      1.0 +
      u * (-1.0 / 3 +
           u * (1.0 / 5 + u * (-1.0 / 7 + u * (1.0 / 9 + u * (-1.0 / 11 +
                                                              u * (1.0 / 13 + u * (-1.0 / 15)))))));
  return base + t * p;
}

// atan2(y, x) in [0, 2 pi) to 2e-8 rad, without libm (std::atan2 dominated the slow path).
inline double fast_atan2_2pi(double y, double x) {
  const double ax = std::fabs(x), ay = std::fabs(y);
  const double mx = std::max(ax, ay), mn = std::min(ax, ay);
  if (!(mx > 0.0)) return 0.0;
  double a = atan_unit(mn / mx);
  if (ay > ax) a = kPi / 2.0 - a;
  if (x < 0.0) a = kPi - a;
  if (y < 0.0) a = 2.0 * kPi - a;
  return a;
}

// Elevation atan2(s_up, |s_horizontal|) (= asin of s_up for a unit vector) to 2e-8 rad.
inline double fast_elevation(double s_up, double s_hor) {
  const double au = std::fabs(s_up);
  double a = au <= s_hor ? atan_unit(au / s_hor) : kPi / 2.0 - atan_unit(s_hor / au);
  return s_up < 0.0 ? -a : a;
}

// asin(x) = atan2(x, sqrt(1 - x^2)) for the elevation of a unit vector: a series for small
// |x| (polar Sun and Earth stay within a few degrees of the horizon; error < 1e-8 rad for
// |x| <= 0.25), the polynomial atan otherwise.
inline double elevation_of(double s_up, double s_hor) {
  if (std::fabs(s_up) <= 0.25) {
    const double u = s_up * s_up;
    return s_up * (1.0 + u * (1.0 / 6 + u * (3.0 / 40 + u * (15.0 / 336 + u * (105.0 / 3456)))));
  }
  return fast_elevation(s_up, s_hor);
}

// Per cell, the horizon's directions, with per-sector extremes, and one body's current sector
// (k such that its azimuth lies in [az_k, az_k+1)), tracked from instant to instant: the Sun
// and the Earth move a fraction of a sector per step, so the sector is found with a couple of
// cross products instead of an atan2, and most instants are decided against the sector's
// extremes (exact: the interpolated horizon lies between them) without interpolating.
struct Directions {
  std::vector<double> dx, dy;  // unit vector of direction k in the grid frame (x, y)
  double step = 0.0;           // 2 pi / N
  explicit Directions(int n) : dx(n + 1), dy(n + 1), step(2.0 * kPi / n) {
    for (int k = 0; k <= n; ++k) {
      dx[k] = std::sin(k * step);
      dy[k] = std::cos(k * step);
    }
  }
};

struct SectorTracker {
  int k = -1;
  // Visible fraction of a disk of radius r centred at unit direction (sx, sy, su) in the
  // cell's (grid x, grid y, up) frame, above horizon h (N values, hs_lo/hs_hi: per-sector
  // min/max of the two ends).
  double fraction(double sx, double sy, double su, double r, const float* h, const float* hs_lo,
                  const float* hs_hi, int n, const Directions& D) {
    // sin(az - az_k) * |s_hor| = sx dy_k - sy dx_k, cos likewise.
    if (k >= 0) {
      int moves = 0;
      for (;;) {
        const double a0 = sx * D.dy[k] - sy * D.dx[k];
        const double b0 = sx * D.dx[k] + sy * D.dy[k];
        const double a1 = sx * D.dy[k + 1] - sy * D.dx[k + 1];
        if (a0 >= 0.0 && a1 < 0.0 && b0 > 0.0) break;
        if (++moves > 2) {
          k = -1;
          break;
        }
        if (a0 < 0.0 && b0 > 0.0) {
          k = k == 0 ? n - 1 : k - 1;
        } else {
          k = k + 1 == n ? 0 : k + 1;
        }
      }
    }
    if (k < 0) {
      const double x = fast_atan2_2pi(sx, sy) * (n / (2.0 * kPi));
      k = static_cast<int>(x);
      if (k >= n) k -= n;
      if (k < 0) k = 0;
    }
    const double el = elevation_of(su, std::sqrt(sx * sx + sy * sy));
    if (el - r >= hs_hi[k]) return 1.0;
    if (el + r <= hs_lo[k]) return 0.0;
    const double a = sx * D.dy[k] - sy * D.dx[k];
    const double b = sx * D.dx[k] + sy * D.dy[k];
    double ang = a <= b ? atan_unit(a / b) : kPi / 2.0 - atan_unit(b / a);  // az - az_k, >= 0
    double w = ang / D.step;
    w = w >= 0.0 ? std::min(w, 1.0) : 0.0;  // also NaN (Sun at the zenith) -> 0
    const int k1 = k + 1 == n ? 0 : k + 1;
    return disk_fraction_above(el, r, h[k] + w * (h[k1] - h[k]));
  }
};

// One cell's horizon (N values, contiguous), its per-sector extremes and its frame: the plain
// per-instant Sun and Earth fractions. Sun: S = (unit x, y, z, radius) in the world frame;
// Earth: E = (vector from the Moon's centre in metres, radius). sun_r_max / earth_r_max: the
// largest radii of the window (conservative quick tests in sine space).
class CellInstants {
 public:
  CellInstants(const float* horizon, int n, const Directions& d, const PointFrame& f,
               double sun_r_max, double earth_r_max)
      : hz_(horizon), n_(n), d_(d), hs_lo_(n), hs_hi_(n) {
    float hmin = hz_[0], hmax = hz_[0];
    for (int k = 0; k < n; ++k) {
      const float a = hz_[k], b = hz_[k + 1 == n ? 0 : k + 1];
      hs_lo_[k] = std::min(a, b);
      hs_hi_[k] = std::max(a, b);
      hmin = std::min(hmin, a);
      hmax = std::max(hmax, a);
    }
    ux_ = f.up.x, uy_ = f.up.y, uz_ = f.up.z;
    xx_ = f.grid_x.x, xy_ = f.grid_x.y, xz_ = f.grid_x.z;
    yx_ = f.grid_y.x, yy_ = f.grid_y.y, yz_ = f.grid_y.z;
    px_ = f.position_m.x, py_ = f.position_m.y, pz_ = f.position_m.z;
    // sin(el) above s_hi: the disk clears every horizon; below s_lo: it is under all of them.
    s_hi_ = std::sin(std::min(1.5, hmax + sun_r_max));
    s_lo_ = std::sin(std::max(-1.5, hmin - sun_r_max));
    e_hi_ = std::sin(std::min(1.5, hmax + earth_r_max));
    e_lo_ = std::sin(std::max(-1.5, hmin - earth_r_max));
  }

  double sun_fraction(const double* S) {
    const double su = S[0] * ux_ + S[1] * uy_ + S[2] * uz_;
    if (su > s_hi_) return 1.0;
    if (su < s_lo_) return 0.0;
    return sun_.fraction(S[0] * xx_ + S[1] * xy_ + S[2] * xz_, S[0] * yx_ + S[1] * yy_ + S[2] * yz_,
                         su, S[3], hz_, hs_lo_.data(), hs_hi_.data(), n_, d_);
  }

  double earth_fraction(const double* E) {
    const double ex = E[0] - px_, ey = E[1] - py_, ez = E[2] - pz_;  // from the cell
    const double inv = 1.0 / std::sqrt(ex * ex + ey * ey + ez * ez);
    const double eu = (ex * ux_ + ey * uy_ + ez * uz_) * inv;
    if (eu > e_hi_) return 1.0;
    if (eu < e_lo_) return 0.0;
    return earth_.fraction((ex * xx_ + ey * xy_ + ez * xz_) * inv,
                           (ex * yx_ + ey * yy_ + ez * yz_) * inv, eu, E[3], hz_, hs_lo_.data(),
                           hs_hi_.data(), n_, d_);
  }

 private:
  const float* hz_;
  int n_;
  const Directions& d_;
  std::vector<float> hs_lo_, hs_hi_;
  double ux_, uy_, uz_, xx_, xy_, xz_, yx_, yy_, yz_, px_, py_, pz_;
  double s_hi_, s_lo_, e_hi_, e_lo_;
  SectorTracker sun_, earth_;
};

}  // namespace ce8::illumination::detail
