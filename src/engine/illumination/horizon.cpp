#include "engine/illumination/horizon.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "engine/illumination/horizon_geometry.hpp"
#include "engine/illumination/horizon_sweep.hpp"

namespace ce8::illumination {
namespace {

using terrain::GridGeometry;

using horizon_detail::beyond_grid_slope;
using horizon_detail::ColumnStep;
using horizon_detail::edge_value;
using horizon_detail::kNearField;
using horizon_detail::kPi;
using horizon_detail::kR;
using horizon_detail::LineStep;
using horizon_detail::LineTable;
using horizon_detail::NearPattern;
using horizon_detail::ninf_slope;
using horizon_detail::split;
using horizon_detail::Sweep;
// clang's cost model for WebAssembly SIMD declines the near-field loop (eight loads at fixed
// offsets) although it pays there as well: ask for it. GCC vectorises it unasked.
#if defined(__clang__)
#define CE8_VECTORIZE_LOOP _Pragma("clang loop vectorize(enable)")
#else
#define CE8_VECTORIZE_LOOP
#endif

Sweep make_sweep(const GridGeometry& g, double az, int lines_per_cell) {
  const double di = std::sin(az), dj = -std::cos(az);  // index space: j grows toward -y
  Sweep s;
  s.lines_per_cell = lines_per_cell;
  const long long W = g.width, H = g.height;
  if (std::fabs(di) >= std::fabs(dj)) {
    const int su = di > 0 ? 1 : -1;
    s.U = g.width;
    s.V = g.height;
    s.m = dj / std::fabs(di);
    s.base = su > 0 ? 0 : W - 1;
    s.du = su;
    s.dv = W;
  } else {
    const int su = dj > 0 ? 1 : -1;
    s.major_i = false;
    s.U = g.height;
    s.V = g.width;
    s.m = di / std::fabs(dj);
    s.base = su > 0 ? 0 : (H - 1) * W;
    s.du = su * W;
    s.dv = 1;
  }
  if (std::fabs(s.m) < 1e-12) s.m = 0.0;
  if (std::fabs(s.m) > 1.0 - 1e-12) s.m = s.m > 0 ? 1.0 : -1.0;
  s.step_m = g.cell_m * std::sqrt(1.0 + s.m * s.m);
  const double span = s.m * (s.U - 1);
  s.c_min = (static_cast<long long>(std::floor(-std::max(0.0, span))) - 1) * lines_per_cell;
  s.c_max = (static_cast<long long>(std::ceil(s.V - std::min(0.0, span))) + 1) * lines_per_cell;
  return s;
}

NearPattern make_near_pattern(const Sweep& s, const HorizonOptions& o) {
  NearPattern p;
  const double k2 = o.curvature ? 1.0 / (2.0 * kR) : 0.0;
  p.count = std::min(kNearField, s.U - 1);
  for (int q = 1; q <= p.count; ++q) {
    long long fl;
    double f;
    split(s.m * q, fl, f);
    p.off_a[q - 1] = q * s.du + fl * s.dv;
    p.off_b[q - 1] = f > 0.0 ? p.off_a[q - 1] + s.dv : p.off_a[q - 1];
    p.f[q - 1] = static_cast<float>(f);
    const double d = q * s.step_m;
    p.inv_d[q - 1] = static_cast<float>(1.0 / d);
    p.curv[q - 1] = static_cast<float>(k2 * d);
    p.v_lo = std::min(p.v_lo, fl);
    p.v_hi = std::max(p.v_hi, fl + (f > 0.0 ? 1 : 0));
  }
  if (k2 > 0.0 && o.sphere_beyond_grid) {
    p.beyond.resize(static_cast<std::size_t>(s.U) + 1);
    for (int q = 1; q <= s.U; ++q)
      p.beyond[q] = static_cast<float>(beyond_grid_slope(o.observer_height_m, k2, q * s.step_m));
    p.q_minor.resize(static_cast<std::size_t>(s.V));
    for (int v = 0; v < s.V; ++v) {
      long long q = s.U - 1;
      if (s.m > 0.0)
        q = std::min(q, static_cast<long long>(std::floor((s.V - 1 - v) / s.m + 1e-9)));
      else if (s.m < 0.0)
        q = std::min(q, static_cast<long long>(std::floor(v / -s.m + 1e-9)));
      p.q_minor[v] = static_cast<int>(q);
    }
  }
  return p;
}

// Near-field slope of one cell (u, v) by the general path (cells near the grid's border).
inline float near_slope_border(const float* H, const Sweep& s, const NearPattern& p,
                               const HorizonOptions& o, long long u, long long v, float hc) {
  float best = -std::numeric_limits<float>::infinity();
  const int smax = static_cast<int>(std::min<long long>(p.count, s.U - 1 - u));
  for (int q = 1; q <= smax; ++q) {
    long long fl;
    double f;
    split(s.m * q, fl, f);
    const long long vlo = v + fl;
    if (vlo < 0 || vlo >= s.V || (f > 0.0 && vlo + 1 >= s.V)) continue;
    const long long idx = s.base + (u + q) * s.du + vlo * s.dv;
    const float a = H[idx] - hc;
    const float b = f > 0.0 ? H[idx + s.dv] - hc : a;
    const float sl =
        ((a + p.f[q - 1] * (b - a)) - static_cast<float>(o.observer_height_m)) * p.inv_d[q - 1] -
        p.curv[q - 1];
    best = best < sl ? sl : best;  // NaN samples (nodata) are skipped
  }
  return best;
}

// Fills nf[] (band layout) with the near-field slope of grid rows [j0, j1).
// H: the heights of a W x Hn grid (the map's, or its transpose for a transposed sweep).
void near_field_rows(const float* H, long long W, long long Hn, const Sweep& s,
                     const NearPattern& p, const HorizonOptions& o, int j0, int j1, float* nf) {
  const float eye = static_cast<float>(o.observer_height_m);
  for (long long j = j0; j < j1; ++j) {
    const long long row = j * W;
    float* out = nf + row;
    // The interior of this row: all kNearField samples lie inside the grid.
    long long i_lo = 0, i_hi = -1;  // inclusive
    if (s.major_i) {
      if (j + p.v_lo >= 0 && j + p.v_hi <= s.V - 1) {
        // u = i (du > 0) or W - 1 - i; need u <= U - 1 - count.
        if (s.du > 0) {
          i_lo = 0;
          i_hi = W - 1 - p.count;
        } else {
          i_lo = p.count;
          i_hi = W - 1;
        }
      }
    } else {
      const long long u = s.du > 0 ? j : Hn - 1 - j;
      if (u <= s.U - 1 - p.count) {
        i_lo = std::max<long long>(0, -p.v_lo);
        i_hi = std::min<long long>(W - 1, s.V - 1 - p.v_hi);
      }
    }
    auto border = [&](long long i) {
      const long long u = s.major_i ? (s.du > 0 ? i : W - 1 - i) : (s.du > 0 ? j : Hn - 1 - j);
      const long long v = s.major_i ? j : i;
      nf[row + i] = near_slope_border(H, s, p, o, u, v, H[row + i]);
    };
    if (i_hi < i_lo || p.count < kNearField) {
      for (long long i = 0; i < W; ++i) border(i);
    } else {
      for (long long i = 0; i < i_lo; ++i) border(i);
      const float* hrow = H + row;
      // One pass per sample offset over the row (out[] stays in L1): plain loops that vectorise.
      for (long long i = i_lo; i <= i_hi; ++i) out[i] = -std::numeric_limits<float>::infinity();
      static_assert(kNearField % 4 == 0);
      for (int q = 0; q < kNearField; q += 4) {
        // Four offsets per pass: out[] is read and written once per four samples.
        const float* __restrict a0 = hrow + p.off_a[q];
        const float* __restrict b0 = hrow + p.off_b[q];
        const float* __restrict a1 = hrow + p.off_a[q + 1];
        const float* __restrict b1 = hrow + p.off_b[q + 1];
        const float* __restrict a2 = hrow + p.off_a[q + 2];
        const float* __restrict b2 = hrow + p.off_b[q + 2];
        const float* __restrict a3 = hrow + p.off_a[q + 3];
        const float* __restrict b3 = hrow + p.off_b[q + 3];
        const float* __restrict hc = hrow;
        float* __restrict o = out;
        const float f0 = p.f[q], f1 = p.f[q + 1], f2 = p.f[q + 2], f3 = p.f[q + 3];
        const float d0 = p.inv_d[q], d1 = p.inv_d[q + 1], d2 = p.inv_d[q + 2], d3 = p.inv_d[q + 3];
        const float c0 = p.curv[q], c1 = p.curv[q + 1], c2 = p.curv[q + 2], c3 = p.curv[q + 3];
        CE8_VECTORIZE_LOOP
        for (long long i = i_lo; i <= i_hi; ++i) {
          const float h = hc[i];
          const float s0 = ((a0[i] - h) + f0 * (b0[i] - a0[i]) - eye) * d0 - c0;
          const float s1 = ((a1[i] - h) + f1 * (b1[i] - a1[i]) - eye) * d1 - c1;
          const float s2 = ((a2[i] - h) + f2 * (b2[i] - a2[i]) - eye) * d2 - c2;
          const float s3 = ((a3[i] - h) + f3 * (b3[i] - a3[i]) - eye) * d3 - c3;
          // NaN samples (nodata) are skipped: each comparison keeps the left side on NaN.
          float m = o[i];
          m = m < s0 ? s0 : m;
          m = m < s1 ? s1 : m;
          m = m < s2 ? s2 : m;
          m = m < s3 ? s3 : m;
          o[i] = m;
        }
      }
      for (long long i = i_hi + 1; i < W; ++i) border(i);
    }
    if (!p.beyond.empty()) {
      // With curvature, the sphere beyond the grid (see beyond_grid_slope) bounds the horizon
      // from below: it depends on where the cell's own line of sight leaves the grid.
      const float* beyond = p.beyond.data();
      if (s.major_i) {
        const int qrow = p.q_minor[j];
        for (long long i = 0; i < W; ++i) {
          const long long u = s.du > 0 ? i : W - 1 - i;
          const float b = beyond[std::min<long long>(s.U - 1 - u, qrow) + 1];
          out[i] = out[i] < b ? b : out[i];
        }
      } else {
        const long long rest = s.U - 1 - (s.du > 0 ? j : Hn - 1 - j);
        for (long long i = 0; i < W; ++i) {
          const float b = beyond[std::min<long long>(rest, p.q_minor[i]) + 1];
          out[i] = out[i] < b ? b : out[i];
        }
      }
    }
  }
}

// atan in float, branch-free so that a loop over it vectorises: reduced to |r| <= tan(15 deg)
// by atan(x) = pi / 2 - atan(1 / x) and atan(t) = pi / 6 + atan((t sqrt 3 - 1) / (t + sqrt 3)),
// then the odd Taylor series to r^13 (truncation below 3e-9 rad, under float rounding).
inline float atan_f(float x) {
  const float ax = std::fabs(x);
  const bool big = ax > 1.0f;
  const float inv = 1.0f / ax;  // both sides of each select are computed: no branches
  const float t = big ? inv : ax;
  const bool mid = t > 0.267949192f;
  const float reduced = (t * 1.73205081f - 1.0f) / (t + 1.73205081f);
  const float r = mid ? reduced : t;
  const float z = r * r;
  float p = 1.0f / 13.0f;
  p = p * z - 1.0f / 11.0f;
  p = p * z + 1.0f / 9.0f;
  p = p * z - 1.0f / 7.0f;
  p = p * z + 1.0f / 5.0f;
  p = p * z - 1.0f / 3.0f;
  float a = r + r * z * p + (mid ? 0.523598776f : 0.0f);
  a = big ? 1.57079633f - a : a;
  return x < 0.0f ? -a : a;  // NaN stays NaN
}

// The direction's last pass: blended slopes to elevation angles (radians).
void slopes_to_angles(float* band, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) band[i] = atan_f(band[i]);
}

LineTable make_line_table(const Sweep& s, const HorizonOptions& o) {
  const int L = s.lines_per_cell;
  const double k2 = o.curvature ? 1.0 / (2.0 * kR) : 0.0;
  LineTable t;
  t.steps.resize(static_cast<std::size_t>(L) * s.U);
  t.columns.resize(static_cast<std::size_t>(s.U));
  for (int u = 0; u < s.U; ++u) {
    const double d = u * s.step_m;
    t.columns[u] = {d, k2 * d * d, 2.0 * k2 * d};
  }
  for (int r = 0; r < L; ++r)
    for (int u = 0; u < s.U; ++u) {
      long long vlo;
      double f;
      split(static_cast<double>(r) / L + s.m * u, vlo, f);
      LineStep& st = t.steps[static_cast<std::size_t>(r) * s.U + u];
      st.fl = static_cast<int>(vlo);
      st.fr = f;
      st.offset = static_cast<std::ptrdiff_t>(u * s.du + vlo * s.dv);
      for (int side = 0; side < 2; ++side) {
        const double w = 1.0 - L * (side == 0 ? f : 1.0 - f);
        if (w <= 1e-12) continue;
        st.side[st.observers] = side;
        st.observer_offset[st.observers] = st.offset + side * s.dv;
        st.w[st.observers] = w;
        ++st.observers;
      }
    }
  return t;
}

// Only the stretch of line c that crosses the grid (-1 < v < V) does any work: its range of u,
// empty (lo > hi) when the line misses the grid.
void line_extent(const Sweep& s, long long c, std::ptrdiff_t& lo, std::ptrdiff_t& hi) {
  const double cv = static_cast<double>(c) / s.lines_per_cell;
  lo = 0;
  hi = s.U - 1;
  if (s.m > 0.0) {
    lo = std::max<std::ptrdiff_t>(lo, static_cast<std::ptrdiff_t>(std::floor((-1.0 - cv) / s.m)));
    hi = std::min<std::ptrdiff_t>(hi, static_cast<std::ptrdiff_t>(std::ceil((s.V - cv) / s.m)));
  } else if (s.m < 0.0) {
    lo = std::max<std::ptrdiff_t>(lo, static_cast<std::ptrdiff_t>(std::floor((s.V - cv) / s.m)));
    hi = std::min<std::ptrdiff_t>(hi, static_cast<std::ptrdiff_t>(std::ceil((-1.0 - cv) / s.m)));
  } else if (cv <= -1.0 || cv >= s.V) {
    hi = -1;
  }
}

// One line of one direction, swept from its far end toward the light's source side: an upper
// convex hull of the samples ahead (the stack `hull`: t, g pairs, far to near) and the
// observers' tangent queries against it. `push` and `observe` take `kChecked` = false only
// where every index they touch is known to lie inside the grid (see sweep_line).
struct LineSweep {
  using idx_t = std::ptrdiff_t;  // 32-bit in WebAssembly, where 64-bit addresses cost wraps
  const float* H;
  const LineStep* steps;
  const ColumnStep* columns;
  const float* nf;
  float* band;
  double* hull;  // 2 x (samples): t at [2 k], g at [2 k + 1]
  idx_t line_base, pl, V, U, dv;
  double eye, edge_slope;
  int n = 0;

  // Whether column u's step needs no bounds checks: its sample kNearField + 1 columns ahead
  // exists and lies inside the grid with the cell above it, and so do column u's two cells.
  bool inside(idx_t u) const {
    const idx_t ua = u + kNearField + 1;
    if (ua >= U) return false;
    const LineStep& sa = steps[ua];
    const idx_t va = pl + sa.fl;
    if (va < 0 || va + 1 >= V) return false;
    // Both cells beside the line, whether observers or not (so that the condition holds on
    // an interval of u: a step may serve no observer).
    const idx_t vlo = pl + steps[u].fl;
    return vlo >= 0 && vlo + 1 < V;
  }

  // The sample kNearField + 1 columns ahead of u joins the hull.
  template <bool kChecked>
  inline void push(idx_t u) {
    const idx_t ua = u + kNearField + 1;
    if (kChecked && ua >= U) return;
    const LineStep& sa = steps[ua];
    const double fa = sa.fr;
    if (kChecked) {
      const idx_t va = pl + sa.fl;
      if (va < 0 || va >= V || (fa != 0.0 && va + 1 >= V)) return;
    }
    const idx_t ia = line_base + sa.offset;
    const double h = fa == 0.0 ? H[ia] : (1.0 - fa) * H[ia] + fa * H[ia + dv];
    if (h != h) return;
    const double tn = columns[ua].t;
    const double g = h - columns[ua].drop;
    // Pop the top while it lies on or below the chord from the new sample to the one beneath
    // it (slopes compared by cross-multiplying: every t on the stack > tn).
    double* top = hull + 2 * n;
    while (n >= 2 && (top[-1] - g) * (top[-4] - tn) <= (top[-3] - g) * (top[-2] - tn)) {
      --n;
      top -= 2;
    }
    top[0] = tn;
    top[1] = g;
    ++n;
  }

  // Column u's observer k on this line adds its blended horizon slope to `band`.
  template <bool kChecked>
  inline void observe(idx_t u, const LineStep& st, int k) {
    if (kChecked) {
      const idx_t vc = pl + st.fl + st.side[k];
      if (vc < 0 || vc >= V) return;
    }
    const idx_t idx = line_base + st.observer_offset[k];
    const float hc = H[idx];
    if (hc != hc) {
      band[idx] = std::numeric_limits<float>::quiet_NaN();  // nodata observer
      return;
    }
    double best = nf[idx];
    if (n > 0) {
      // The tangent from the observer to the hull: slopes to the hull's vertices rise from the
      // top (nearest) to the tangent point and fall after it.
      const double t0 = columns[u].t;
      const double g0 = (static_cast<double>(hc) + eye) - columns[u].drop;
      const double* v = hull + 2 * (n - 1);
      double gb = v[1] - g0, tb = v[0] - t0;
      for (const double* end = hull; v != end;) {
        v -= 2;
        const double gq = v[1] - g0, tq = v[0] - t0;
        if (gq * tb < gb * tq) break;
        gb = gq;
        tb = tq;
      }
      best = std::max(best, gb / tb + columns[u].lift);
    }
    // Slopes are blended here; the direction's last pass turns them into angles.
    band[idx] += static_cast<float>(st.w[k] * (best == kNegInf ? edge_slope : best));
  }

  // One column: the sample ahead joins the hull, then column u's observers (at most
  // kMaxObservers: one at 2 or more lines per cell, see LineStep) query it.
  template <bool kChecked, int kMaxObservers>
  inline void step(idx_t u) {
    push<kChecked>(u);
    const LineStep& st = steps[u];
    if constexpr (kMaxObservers == 1) {
      if (st.observers > 0) observe<kChecked>(u, st, 0);
    } else {
      for (int k = 0; k < st.observers; ++k) observe<kChecked>(u, st, k);
    }
  }

  static constexpr double kNegInf = -std::numeric_limits<double>::infinity();
};

// Steps one line from column `from` down to `to`: unchecked on [in_lo, in_hi], where no index
// can leave the grid (LineSweep::inside), checked elsewhere.
template <int kMaxObservers>
void run_line(LineSweep& line, LineSweep::idx_t from, LineSweep::idx_t to, LineSweep::idx_t in_lo,
              LineSweep::idx_t in_hi) {
  for (LineSweep::idx_t u = from; u >= to; --u) {
    if (u < in_lo || u > in_hi) {
      line.step<true, 2>(u);
    } else {
      const LineSweep::idx_t stop = std::max(to, in_lo);
      for (; u >= stop; --u) line.step<false, kMaxObservers>(u);
      ++u;
    }
  }
}

// Sweeps lines [c0, c1) of one direction, adding each observer's blended horizon into `band`.
// `hull` is scratch for two stacks of 2 U doubles each; `nf` holds the near-field slopes
// (near_field_rows). The hull lags kNearField columns behind the observer and answers for
// everything farther (blended between the two lines beside the observer, where a lateral
// offset of under one cell matters little); the near field is exact on its own line.
// Lines go in pairs: where both are unchecked, their steps alternate, so that the CPU overlaps
// one line's hull walk with the other's (the lines are independent; a cell that both serve
// still gets the first line's share added first, so the sums are the same bit for bit).
void sweep_lines(const float* H, const Sweep& s, const LineTable& t, const HorizonOptions& o,
                 long long c0, long long c1, double* hull, const float* nf, float* band) {
  using idx_t = LineSweep::idx_t;
  LineSweep lines[2] = {
      {H, nullptr, t.columns.data(), nf, band, hull, 0, 0, s.V, s.U, static_cast<idx_t>(s.dv),
       o.observer_height_m,
       o.sphere_beyond_grid ? std::tan(edge_value(o)) : ninf_slope()},  // -inf blends to -90 deg
      {}};
  lines[1] = lines[0];
  lines[1].hull = hull + 2 * static_cast<std::ptrdiff_t>(s.U);
  const int L = s.lines_per_cell;
  idx_t lo[2], hi[2], in_lo[2], in_hi[2];
  for (long long c = c0; c < c1; c += 2) {
    const int count = c + 1 < c1 ? 2 : 1;
    for (int k = 0; k < count; ++k) {
      LineSweep& line = lines[k];
      const idx_t r = static_cast<idx_t>((((c + k) % L) + L) % L);
      line.pl = static_cast<idx_t>((c + k - r) / L);
      line.steps = t.steps.data() + r * s.U;
      line.line_base = static_cast<idx_t>(s.base) + line.pl * line.dv;
      line.n = 0;
      line_extent(s, c + k, lo[k], hi[k]);
      in_hi[k] = hi[k];
      while (in_hi[k] >= lo[k] && !line.inside(in_hi[k])) --in_hi[k];
      in_lo[k] = lo[k];
      while (in_lo[k] <= in_hi[k] && !line.inside(in_lo[k])) ++in_lo[k];
    }
    if (L == 1 || count == 1) {
      for (int k = 0; k < count; ++k) run_line<2>(lines[k], hi[k], lo[k], in_lo[k], in_hi[k]);
      continue;
    }
    // The stretch where both lines run unchecked, with each line's own steps above and below.
    const idx_t j_hi = std::min(in_hi[0], in_hi[1]), j_lo = std::max(in_lo[0], in_lo[1]);
    if (j_lo > j_hi) {
      for (int k = 0; k < 2; ++k) run_line<1>(lines[k], hi[k], lo[k], in_lo[k], in_hi[k]);
      continue;
    }
    for (int k = 0; k < 2; ++k) run_line<1>(lines[k], hi[k], j_hi + 1, in_lo[k], in_hi[k]);
    for (idx_t u = j_hi; u >= j_lo; --u) {
      lines[0].step<false, 1>(u);
      lines[1].step<false, 1>(u);
    }
    for (int k = 0; k < 2; ++k) run_line<1>(lines[k], j_lo - 1, lo[k], in_lo[k], in_hi[k]);
  }
}

// The same sweep on the transposed grid (width = the map's height): u runs along its rows.
// Only the index arithmetic changes (cell (i, j) of the map is element i * height + j there),
// so every sample, weight and distance is the same number as in the map's own layout.
Sweep transposed_sweep(Sweep s, const GridGeometry& g) {
  const long long su = s.du > 0 ? 1 : -1;  // u along the map's j: du = su * width
  s.major_i = true;
  s.du = su;
  s.dv = g.height;
  s.base = su > 0 ? 0 : g.height - 1;
  return s;
}

}  // namespace

namespace horizon_detail {

long long sweep_line_count(const GridGeometry& g, double az, int lines_per_cell) {
  return make_sweep(g, az, lines_per_cell).lines();
}

void transpose_grid(const float* src, int width, int height, float* dst) {
  constexpr int kBlock = 32;  // 32 x 32 floats: both tiles stay in L1
  for (int j0 = 0; j0 < height; j0 += kBlock)
    for (int i0 = 0; i0 < width; i0 += kBlock) {
      const int j1 = std::min(height, j0 + kBlock), i1 = std::min(width, i0 + kBlock);
      for (int i = i0; i < i1; ++i)
        for (int j = j0; j < j1; ++j)
          dst[static_cast<std::size_t>(i) * height + j] =
              src[static_cast<std::size_t>(j) * width + i];
    }
}

}  // namespace horizon_detail

DirectionPlan::DirectionPlan(const GridGeometry& g, double az, const HorizonOptions& o)
    : options_(o), sweep_(make_sweep(g, az, o.lines_per_cell)) {
  transposed_ = !sweep_.major_i;
  if (transposed_) sweep_ = transposed_sweep(sweep_, g);
  layout_width_ = transposed_ ? g.height : g.width;
  layout_height_ = transposed_ ? g.width : g.height;
  near_ = make_near_pattern(sweep_, o);
  lines_ = make_line_table(sweep_, o);
}

void DirectionPlan::near_field(const horizon_detail::HeightLayouts& h, int row0, int row1,
                               float* nf) const {
  near_field_rows(transposed_ ? h.transposed : h.grid, layout_width_, layout_height_, sweep_, near_,
                  options_, row0, row1, nf);
}

void DirectionPlan::sweep(const horizon_detail::HeightLayouts& h, long long c0, long long c1,
                          double* hull, const float* nf, float* out) const {
  sweep_lines(transposed_ ? h.transposed : h.grid, sweep_, lines_, options_, c0, c1, hull, nf, out);
}

void DirectionPlan::finish(float* out, float* band) const {
  const std::size_t cells = static_cast<std::size_t>(layout_width_) * layout_height_;
  slopes_to_angles(out, cells);
  if (!transposed_) return;
  // out is the transpose of the band (layout_width_ = the map's height).
  horizon_detail::transpose_grid(out, layout_width_, layout_height_, band);
  std::fill(out, out + cells, 0.0f);
}

}  // namespace ce8::illumination
