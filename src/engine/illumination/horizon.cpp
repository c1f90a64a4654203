#include "engine/illumination/horizon.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/illumination/horizon_geometry.hpp"

namespace ce8::illumination {
namespace {

using terrain::Dem;
using terrain::GridGeometry;

using horizon_detail::beyond_grid_slope;
using horizon_detail::edge_value;
using horizon_detail::kPi;
using horizon_detail::kR;
using horizon_detail::ninf_slope;
using horizon_detail::split;
constexpr int kNearField = 8;  // columns marched exactly next to each observer
// clang's cost model for WebAssembly SIMD declines the near-field loop (eight loads at fixed
// offsets) although it pays there as well: ask for it. GCC vectorises it unasked.
#if defined(__clang__)
#define CE8_VECTORIZE_LOOP _Pragma("clang loop vectorize(enable)")
#else
#define CE8_VECTORIZE_LOOP
#endif

// One sweep direction in "view" coordinates: u runs along the look direction over the major
// axis (the grid axis closer to the direction), v across it; a line of sight advances m cells
// in v per cell in u (|m| <= 1). Cell index = base + u * du + v * dv.
struct Sweep {
  int lines_per_cell = 2;  // L: lines v = c / L + m u, c integer
  bool major_i = true;     // u runs along the grid's i (x) axis
  int U = 0, V = 0;
  double m = 0.0;
  double step_m = 0.0;  // map distance per unit of u along the line
  long long base = 0, du = 0, dv = 0;
  long long c_min = 0, c_max = 0;  // the lines' range of c
  long long lines() const { return c_max - c_min + 1; }
};

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

// The near field of one direction: for every cell, the steepest slope (tan of the elevation)
// to the kNearField samples ahead on its own line of sight. The samples lie at fixed offsets
// from the cell (a line from a cell centre crosses column u + q at minor offset m q), so one
// pattern serves every cell and the interior loop runs over contiguous memory: it vectorises
// (SSE natively, SIMD128 in WebAssembly). float suffices: heights enter as differences to the
// observer's own height.
struct NearPattern {
  int count = 0;                     // kNearField (fewer if the grid is shorter)
  long long off_a[kNearField] = {};  // index offset of the lower sample of column q + 1
  long long off_b[kNearField] = {};  // and of the upper one (== off_a when f = 0)
  float f[kNearField] = {};          // weight of the upper sample
  float inv_d[kNearField] = {};      // 1 / distance
  float curv[kNearField] = {};       // curvature drop over the distance, as a slope
  long long v_lo = 0, v_hi = 0;      // minor offsets touched: v + v_lo .. v + v_hi
  // With curvature: beyond[q] = beyond_grid_slope at q samples ahead (q = 1..U), and
  // q_minor[v] = the last sample a line of sight from minor coordinate v has inside the grid
  // across it (U - 1 when it never leaves sideways). Empty in flat mode.
  std::vector<float> beyond;
  std::vector<int> q_minor;
};

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
void near_field_rows(const Dem& dem, const Sweep& s, const NearPattern& p, const HorizonOptions& o,
                     int j0, int j1, float* nf) {
  const float* H = dem.height_m.data();
  const long long W = dem.width(), Hn = dem.height();
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

// Line c = L p + r crosses column u at v = p + (r / L + m u): the cell below, the weight of the
// one above and the observers the line serves there depend only on r and u, so they come from a
// table instead of a floor per sample (floor is a libm call on baseline x86-64) and a test per
// side. The observers are the cells less than 1 / L from the line, weight 1 - L * distance
// (cell vlo at distance f, vlo + 1 at 1 - f): one of the two for L >= 2 (none when f is exactly
// 1 / 2 and L = 2), both for L = 1. Listing them ahead keeps that choice, which follows the
// fractional offsets (for most directions an unpredictable branch), out of the sweep, and the
// cell indices come as offsets from the line's base (no multiplications per sample).
struct LineStep {
  std::ptrdiff_t offset = 0;  // index of cell (u, vlo) minus the line's base index
  double fr = 0.0;            // weight of the cell above vlo
  double w[2] = {};           // the observers' blend weights
  int fl = 0;                 // cell below: vlo = p + fl
  int observers = 0;          // 0..2 observer cells served
  int side[2] = {};           // their minor offsets from vlo (0 or 1)
};

// What depends on u alone (the same for every line): distance, curvature drop, slope offset.
struct ColumnStep {
  double t = 0.0;     // map distance u * step
  double drop = 0.0;  // k2 t^2 (G = h - k2 t^2)
  double lift = 0.0;  // t0 / R: the curvature's slope offset at an observer in column u
};

struct LineTable {
  std::vector<LineStep> steps;      // r * U + u
  std::vector<ColumnStep> columns;  // u
};

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

// Sweeps lines [c0, c1) of one direction, adding each observer's blended horizon into `band`.
// `ts`/`gs` are scratch stacks of at least U entries; `nf` holds the near-field slopes
// (near_field_rows). The hull lags kNearField columns behind the observer and answers for
// everything farther (blended between the two lines beside the observer, where a lateral
// offset of under one cell matters little); the near field is exact on its own line.
void sweep_lines(const Dem& dem, const Sweep& s, const LineTable& t, const HorizonOptions& o,
                 long long c0, long long c1, double* ts, double* gs, const float* nf, float* band) {
  const float* H = dem.height_m.data();
  const double edge_slope =
      o.sphere_beyond_grid ? std::tan(edge_value(o)) : ninf_slope();  // -inf blends to -90 deg
  const double eye = o.observer_height_m;
  const double ninf = -std::numeric_limits<double>::infinity();
  const int L = s.lines_per_cell;
  const ColumnStep* columns = t.columns.data();
  // Indices in the loops are ptrdiff_t: 32-bit in WebAssembly, where 64-bit arithmetic on
  // addresses costs extra wraps. (Grids stay below 2^31 cells: terrain limits.)
  using idx_t = std::ptrdiff_t;
  const idx_t V = s.V, U = s.U, dv = static_cast<idx_t>(s.dv);
  for (long long c = c0; c < c1; ++c) {
    const idx_t r = static_cast<idx_t>(((c % L) + L) % L), pl = static_cast<idx_t>((c - r) / L);
    const LineStep* steps = t.steps.data() + r * U;
    const idx_t line_base = static_cast<idx_t>(s.base) + pl * dv;
    idx_t u_lo, u_hi;
    line_extent(s, c, u_lo, u_hi);
    int n = 0;
    for (idx_t u = u_hi; u >= u_lo; --u) {
      // The sample kNearField + 1 columns ahead joins the hull.
      const idx_t ua = u + kNearField + 1;
      if (ua < U) {
        const LineStep& sa = steps[ua];
        const idx_t va = pl + sa.fl;
        const double fa = sa.fr;
        if (va >= 0 && va < V && (fa == 0.0 || va + 1 < V)) {
          const idx_t ia = line_base + sa.offset;
          const double h = fa == 0.0 ? H[ia] : (1.0 - fa) * H[ia] + fa * H[ia + dv];
          if (h == h) {
            const double tn = columns[ua].t;
            const double g = h - columns[ua].drop;
            // Pop the top while it lies on or below the chord from the new sample to the one
            // beneath it (slopes compared by cross-multiplying: every ts[] > tn).
            while (n >= 2 &&
                   (gs[n - 1] - g) * (ts[n - 2] - tn) <= (gs[n - 2] - g) * (ts[n - 1] - tn))
              --n;
            ts[n] = tn;
            gs[n] = g;
            ++n;
          }
        }
      }
      const LineStep& st = steps[u];
      const idx_t vlo = pl + st.fl;
      for (int k = 0; k < st.observers; ++k) {
        const idx_t vc = vlo + st.side[k];
        if (vc < 0 || vc >= V) continue;
        const idx_t idx = line_base + st.offset + st.side[k] * dv;
        const float hc = H[idx];
        if (hc != hc) {
          band[idx] = std::numeric_limits<float>::quiet_NaN();  // nodata observer
          continue;
        }
        double best = nf[idx];
        if (n > 0) {
          // The tangent from the observer to the hull: slopes to the hull's vertices rise from
          // the top (nearest) to the tangent point and fall after it.
          const double t0 = columns[u].t;
          const double g0 = (static_cast<double>(hc) + eye) - columns[u].drop;
          int b = n - 1;
          double gb = gs[b] - g0, tb = ts[b] - t0;
          for (int q = n - 2; q >= 0; --q) {
            const double gq = gs[q] - g0, tq = ts[q] - t0;
            if (gq * tb < gb * tq) break;
            b = q;
            gb = gq;
            tb = tq;
          }
          best = std::max(best, gb / tb + columns[u].lift);
        }
        // Slopes are blended here; the direction's last pass turns them into angles.
        band[idx] += static_cast<float>(st.w[k] * (best == ninf ? edge_slope : best));
      }
    }
  }
}

}  // namespace

// What a direction's passes need, built once per direction (HorizonJob keeps the current one
// between step() calls).
struct DirectionPlan {
  Sweep sweep;
  NearPattern near;
  LineTable lines;
  DirectionPlan(const GridGeometry& g, double az, const HorizonOptions& o)
      : sweep(make_sweep(g, az, o.lines_per_cell)),
        near(make_near_pattern(sweep, o)),
        lines(make_line_table(sweep, o)) {}
};

Status check_horizon_request(const GridGeometry& grid, const HorizonOptions& o) {
  if (auto g = terrain::check_grid(grid); !g) return g.error();
  if (o.directions < kMinDirections || o.directions > kMaxDirections)
    return make_error("directions must be between " + std::to_string(kMinDirections) + " and " +
                      std::to_string(kMaxDirections) + ", got " + std::to_string(o.directions));
  if (o.lines_per_cell < 1 || o.lines_per_cell > kMaxLinesPerCell)
    return make_error("lines per cell must be between 1 and " + std::to_string(kMaxLinesPerCell) +
                      ", got " + std::to_string(o.lines_per_cell));
  if (!(o.observer_height_m >= 0.0) || !(o.observer_height_m <= kMaxObserverHeightM))
    return make_error("observer height must be between 0 and " +
                      std::to_string(static_cast<int>(kMaxObserverHeightM)) + " m");
  const double bytes = static_cast<double>(grid.cells()) * o.directions * sizeof(float);
  if (bytes > static_cast<double>(kMaxHorizonBytes))
    return make_error(
        "a horizon map of " + std::to_string(grid.width) + " x " + std::to_string(grid.height) +
        " cells in " + std::to_string(o.directions) + " directions needs " +
        std::to_string(static_cast<long long>(bytes / 1048576.0)) +
        " MiB, more than the limit of " + std::to_string(kMaxHorizonBytes / 1048576) +
        " MiB (cells x directions x 4 bytes); use fewer directions or a smaller grid");
  return Ok{};
}

double HorizonMap::azimuth_rad(int k) const { return 2.0 * kPi * k / options.directions; }

double HorizonMap::elevation_toward(int i, int j, double grid_az_rad) const {
  const int n = options.directions;
  double x = grid_az_rad / (2.0 * kPi) * n;
  x -= std::floor(x / n) * n;
  int k0 = static_cast<int>(x);
  if (k0 >= n) k0 = n - 1;
  const double w = x - k0;
  const int k1 = k0 + 1 == n ? 0 : k0 + 1;
  return (1.0 - w) * at(k0, i, j) + w * at(k1, i, j);
}

Result<HorizonJob> HorizonJob::create(const Dem& dem, const HorizonOptions& options) {
  if (auto ok = check_horizon_request(dem.grid, options); !ok) return ok.error();
  if (dem.height_m.size() != dem.grid.cells())
    return make_error("DEM heights do not match its grid size");
  HorizonJob job;
  job.dem_ = &dem;
  job.map_.grid = dem.grid;
  job.map_.options = options;
  // Fresh BigVector storage reads zeros (core/big_buffer.hpp) without a fill by this thread;
  // the sweeps add into it.
  job.map_.elevation_rad.resize(dem.grid.cells() * static_cast<std::size_t>(options.directions));
  std::uint64_t total = 0;
  for (int k = 0; k < options.directions; ++k)
    total += static_cast<std::uint64_t>(
        make_sweep(dem.grid, job.map_.azimuth_rad(k), options.lines_per_cell).lines());
  job.progress_.set_total(total);
  return job;
}

HorizonJob::~HorizonJob() = default;

HorizonJob::HorizonJob(HorizonJob&& o) noexcept
    : dem_(o.dem_),
      map_(std::move(o.map_)),
      state_(o.state_),
      next_dir_(o.next_dir_),
      next_line_(o.next_line_),
      next_nf_row_(o.next_nf_row_),
      scratch_(std::move(o.scratch_)),
      near_(std::move(o.near_)),
      plan_(std::move(o.plan_)) {
  progress_.set_total(o.progress_.total());
  progress_.add(o.progress_.done());
  if (o.cancel_.cancelled()) cancel_.cancel();
}

jobs::JobState HorizonJob::step(double budget_s) {
  if (state_ != jobs::JobState::kRunning) return state_;
  const double t_end = jobs::monotonic_seconds() + budget_s;
  const int maxdim = std::max(map_.grid.width, map_.grid.height);
  if (scratch_.size() < 2 * static_cast<std::size_t>(maxdim)) scratch_.resize(2 * maxdim);
  const std::size_t cells = map_.cells();
  if (near_.size() != cells) near_.resize(cells);
  do {
    if (cancel_.cancelled()) return state_ = jobs::JobState::kCancelled;
    if (next_dir_ >= map_.directions()) return state_ = jobs::JobState::kDone;
    if (next_nf_row_ == 0 && next_line_ == 0)
      plan_ = std::make_unique<DirectionPlan>(map_.grid, map_.azimuth_rad(next_dir_), map_.options);
    const Sweep& s = plan_->sweep;
    float* band = map_.elevation_rad.data() + cells * next_dir_;  // zero (see create())
    if (next_nf_row_ < map_.grid.height) {
      // Near field first, in slices of rows (roughly 64k cells).
      const int rows = std::max(1, 65536 / std::max(1, map_.grid.width));
      const int j1 = std::min(map_.grid.height, next_nf_row_ + rows);
      near_field_rows(*dem_, s, plan_->near, map_.options, next_nf_row_, j1, near_.data());
      next_nf_row_ = j1;
      continue;
    }
    // A slice: enough lines for roughly 64k samples.
    const long long chunk = std::max<long long>(1, 65536 / std::max(1, s.U));
    const long long c0 = s.c_min + next_line_;
    const long long c1 = std::min(s.c_max + 1, c0 + chunk);
    sweep_lines(*dem_, s, plan_->lines, map_.options, c0, c1, scratch_.data(),
                scratch_.data() + maxdim, near_.data(), band);
    progress_.add(static_cast<std::uint64_t>(c1 - c0));
    next_line_ += c1 - c0;
    if (c1 > s.c_max) {
      slopes_to_angles(band, cells);
      ++next_dir_;
      next_line_ = 0;
      next_nf_row_ = 0;
      plan_.reset();
    }
  } while (jobs::monotonic_seconds() < t_end);
  if (next_dir_ >= map_.directions()) state_ = jobs::JobState::kDone;
  return state_;
}

jobs::JobState HorizonJob::run(int threads) {
  if (state_ != jobs::JobState::kRunning) return state_;
  // Finish a direction that step() left half done, then spread whole directions over threads.
  while ((next_line_ != 0 || next_nf_row_ != 0) && state_ == jobs::JobState::kRunning) step(0.0);
  if (state_ != jobs::JobState::kRunning) return state_;
  near_.clear();
  near_.shrink_to_fit();
  plan_.reset();
  const int first = next_dir_;
  const int count = map_.directions() - first;
  const int maxdim = std::max(map_.grid.width, map_.grid.height);
  const std::size_t cells = map_.cells();
  // Near-field buffers, one per running direction, reused: fresh memory is expensive on first
  // touch (page faults, and on these virtual machines host-side faults too: ~0.2 s per 256 MiB).
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<BigVector<float>>> pool;
  const auto acquire = [&] {
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (pool.empty()) {
      auto b = std::make_unique<BigVector<float>>();
      b->resize(cells);
      return b;
    }
    auto b = std::move(pool.back());
    pool.pop_back();
    return b;
  };
  const auto release = [&](std::unique_ptr<BigVector<float>> b) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    pool.push_back(std::move(b));
  };
  const bool finished = jobs::parallel_for(
      static_cast<std::size_t>(count), threads,
      [&](std::size_t item) {
        const int k = first + static_cast<int>(item);
        const DirectionPlan plan(map_.grid, map_.azimuth_rad(k), map_.options);
        const Sweep& s = plan.sweep;
        std::vector<double> stack(2 * static_cast<std::size_t>(maxdim));
        auto near_buffer = acquire();
        BigVector<float>& near = *near_buffer;
        float* band = map_.elevation_rad.data() + cells * k;  // zero (see create())
        near_field_rows(*dem_, s, plan.near, map_.options, 0, map_.grid.height, near.data());
        // Lines in blocks, so cancel and progress react within a direction.
        for (long long c0 = s.c_min; c0 <= s.c_max; c0 += 256) {
          if (cancel_.cancelled()) return;
          const long long c1 = std::min(s.c_max + 1, c0 + 256);
          sweep_lines(*dem_, s, plan.lines, map_.options, c0, c1, stack.data(),
                      stack.data() + maxdim, near.data(), band);
          progress_.add(static_cast<std::uint64_t>(c1 - c0));
        }
        release(std::move(near_buffer));
        slopes_to_angles(band, cells);
      },
      &cancel_);
  next_dir_ = map_.directions();
  state_ = (finished && !cancel_.cancelled()) ? jobs::JobState::kDone : jobs::JobState::kCancelled;
  return state_;
}

Result<HorizonMap> compute_horizon_map(const Dem& dem, const HorizonOptions& options, int threads) {
  auto job = HorizonJob::create(dem, options);
  if (!job) return job.error();
  if (job->run(threads) != jobs::JobState::kDone)
    return make_error("horizon computation cancelled");
  return job->take_result();
}

Status compute_horizon_directions(const Dem& dem, const HorizonOptions& options, int first,
                                  int count, float* bands, int threads) {
  GridGeometry one_row = dem.grid;  // the options, checked as for a map of one row
  one_row.height = 1;
  if (auto ok = check_horizon_request(one_row, options); !ok) return ok.error();
  if (auto ok = terrain::check_grid(dem.grid); !ok) return ok.error();
  if (dem.height_m.size() != dem.grid.cells())
    return make_error("DEM heights do not match its grid size");
  if (first < 0 || count < 0 || first + count > options.directions)
    return make_error("directions " + std::to_string(first) + " to " +
                      std::to_string(first + count - 1) + " are not all among the " +
                      std::to_string(options.directions));
  const std::size_t cells = dem.grid.cells();
  const double bytes = static_cast<double>(cells) * count * sizeof(float);
  if (bytes > static_cast<double>(kMaxHorizonBytes))
    return make_error(std::to_string(count) + " directions of a " + std::to_string(dem.grid.width) +
                      " x " + std::to_string(dem.grid.height) + " horizon map need " +
                      std::to_string(static_cast<long long>(bytes / 1048576.0)) +
                      " MiB, more than the limit of " + std::to_string(kMaxHorizonBytes / 1048576) +
                      " MiB per process");
  HorizonMap geometry;  // azimuths only
  geometry.grid = dem.grid;
  geometry.options = options;
  const int maxdim = std::max(dem.grid.width, dem.grid.height);
  jobs::parallel_for(static_cast<std::size_t>(count), threads, [&](std::size_t item) {
    const int k = first + static_cast<int>(item);
    const DirectionPlan plan(dem.grid, geometry.azimuth_rad(k), options);
    const Sweep& s = plan.sweep;
    std::vector<double> stack(2 * static_cast<std::size_t>(maxdim));
    BigVector<float> near(cells);
    float* band = bands + cells * item;
    near_field_rows(dem, s, plan.near, options, 0, dem.grid.height, near.data());
    sweep_lines(dem, s, plan.lines, options, s.c_min, s.c_max + 1, stack.data(),
                stack.data() + maxdim, near.data(), band);
    slopes_to_angles(band, cells);
  });
  return Ok{};
}

}  // namespace ce8::illumination
