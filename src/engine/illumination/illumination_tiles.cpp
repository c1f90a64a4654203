#include "engine/illumination/illumination_tiles.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "engine/illumination/illumination_instant.hpp"
#include "engine/illumination/illumination_map.hpp"

namespace ce8::illumination::detail {
namespace {

constexpr int kMinBins = 512;  // Sun azimuth bins per tile (at least N)
// The Earth stays within some 15 degrees of azimuth (libration): finer bins, only the few
// hundred it visits are looked at.
constexpr int kEarthBins = 8192;
constexpr int kSuperBins = 64;              // groups of bins for the block bounds
constexpr int kBlock = 16;                  // instants per block of the darkness pass
constexpr double kSamplesPerRadius = 16.0;  // table step: the smallest disk radius / 16
constexpr double kTileSideM = 8000.0;

// Disk fraction above a straight horizon, tabulated on x = (el - h) / r in [-1, 1].
class DiskLut {
 public:
  static constexpr int kN = 4096;
  DiskLut() : v_(kN + 2) {
    for (int i = 0; i <= kN + 1; ++i)
      v_[i] = static_cast<float>(disk_fraction_above(std::min(1.0, -1.0 + 2.0 * i / kN), 1.0, 0.0));
  }
  double at(double x) const {
    if (x <= -1.0) return 0.0;
    if (x >= 1.0) return 1.0;
    const double t = (x + 1.0) * (kN / 2.0);
    const int i = static_cast<int>(t);
    return v_[i] + (t - i) * (v_[i + 1] - v_[i]);
  }

 private:
  std::vector<float> v_;
};

const DiskLut& disk_lut() {
  static const DiskLut lut;
  return lut;
}

// Per azimuth bin b: F_b(H) at H = lo_b + t * delta, t = 0 .. len_b - 1 (0 beyond).
struct BodyTable {
  std::vector<double> lo;
  std::vector<int> off, len;
  std::vector<float> f;
  // G_b(H) = sum of u_q x disk fraction, u_q = the instant's azimuth minus the bin's centre:
  // a horizon sloping across the bin by sigma (per radian of azimuth) changes the sum by
  // sigma dG/dH to first order.
  std::vector<float> g;
  double delta = 0.0, inv_delta = 0.0;

  // F_b(h) + sigma G_b'(h).
  double lookup_sloped(int b, double h, double sigma) const {
    const double t = (h - lo[b]) * inv_delta;
    const float* F = f.data() + off[b];
    const int last = len[b] - 1;
    if (!(t > 0.0)) return F[0];
    if (t >= last) return F[last];
    const int i = static_cast<int>(t);
    const float* G = g.data() + off[b];
    return F[i] + (t - i) * (F[i + 1] - F[i]) + sigma * (G[i + 1] - G[i]) * inv_delta;
  }

  double lookup(int b, double h) const {
    const double t = (h - lo[b]) * inv_delta;
    const float* F = f.data() + off[b];
    const int last = len[b] - 1;
    if (!(t > 0.0)) return F[0];
    if (t >= last) return F[last];
    const int i = static_cast<int>(t);
    return F[i] + (t - i) * (F[i + 1] - F[i]);
  }

  void build(int bins, const std::vector<int>& bin, const std::vector<double>& el,
             const std::vector<double>& r, const std::vector<double>& u, double step) {
    delta = step;
    inv_delta = 1.0 / step;
    const std::size_t n = bin.size();
    lo.assign(bins, std::numeric_limits<double>::infinity());
    std::vector<double> hi(bins, -std::numeric_limits<double>::infinity());
    for (std::size_t q = 0; q < n; ++q) {
      lo[bin[q]] = std::min(lo[bin[q]], el[q] - r[q]);
      hi[bin[q]] = std::max(hi[bin[q]], el[q] + r[q]);
    }
    off.assign(bins, 0);
    len.assign(bins, 1);
    int total = 0;
    for (int b = 0; b < bins; ++b) {
      if (hi[b] >= lo[b]) {
        len[b] = static_cast<int>(std::ceil((hi[b] - lo[b]) * inv_delta)) + 2;
      } else {
        lo[b] = 0.0;
      }
      off[b] = total;
      total += len[b];
    }
    f.assign(total, 0.0f);
    g.assign(total, 0.0f);
    std::vector<float> below(total + 1, 0.0f);  // instants wholly above sample t: sum over > t
    std::vector<float> below_u(total + 1, 0.0f);
    const DiskLut& lut = disk_lut();
    for (std::size_t q = 0; q < n; ++q) {
      const int b = bin[q];
      float* F = f.data() + off[b];
      // Samples t with H_t <= el - r see the whole disk; the next ones part of it.
      int t = static_cast<int>(std::floor((el[q] - r[q] - lo[b]) * inv_delta)) + 1;
      t = std::clamp(t, 0, len[b]);
      below[off[b] + t] += 1.0f;
      below_u[off[b] + t] += static_cast<float>(u[q]);
      const double inv_r = 1.0 / r[q];
      for (; t < len[b]; ++t) {
        const double x = (el[q] - (lo[b] + t * delta)) * inv_r;
        if (x <= -1.0) break;
        const double fx = lut.at(x);
        F[t] += static_cast<float>(fx);
        g[off[b] + t] += static_cast<float>(u[q] * fx);
      }
    }
    for (int b = 0; b < bins; ++b) {
      double acc = 0.0, acc_u = 0.0;
      for (int t = len[b] - 1; t >= 0; --t) {
        acc += below[off[b] + t + 1];
        acc_u += below_u[off[b] + t + 1];
        f[off[b] + t] += static_cast<float>(acc);
        g[off[b] + t] += static_cast<float>(acc_u);
      }
    }
  }
};

// The window seen from the tile's centre frame.
struct TileSky {
  int bins = 0;
  double bin_rad = 0.0;
  std::vector<int> sun_bin;
  std::vector<float> sun_top;  // Sun elevation + radius (the disk's top)
  BodyTable sun, earth;
  double earth_bin_rad = 0.0;
  std::vector<int> earth_used;                         // the Earth bins holding instants
  std::vector<double> earth_az, earth_sin, earth_cos;  // their centres
  double sun_el_max = 0.0;                             // largest |elevation|
  // The Sun's instants by bin (first[b] .. first[b + 1] in order[]), with elevation, azimuth
  // and radius: a bin across which the horizon moves by more than a fraction of the disk is
  // summed instant by instant.
  std::vector<int> first, order;
  std::vector<double> el, az, r;
  std::vector<double> sin_az, cos_az;  // of az, per instant
  // Darkness blocks: instants [b * kBlock, ...), their disk tops' range and super-bins.
  int group = 1, supers = 1;
  std::vector<float> blk_lo, blk_hi;
  std::vector<int> blk_s0, blk_ns;
};

void see_from(const PointFrame& f, const double* v, bool from_position, double& el, double& az) {
  double x = v[0], y = v[1], z = v[2];
  if (from_position) {
    x -= f.position_m.x, y -= f.position_m.y, z -= f.position_m.z;
    const double inv = 1.0 / std::sqrt(x * x + y * y + z * z);
    x *= inv, y *= inv, z *= inv;
  }
  const double su = x * f.up.x + y * f.up.y + z * f.up.z;
  const double sx = x * f.grid_x.x + y * f.grid_x.y + z * f.grid_x.z;
  const double sy = x * f.grid_y.x + y * f.grid_y.y + z * f.grid_y.z;
  el = std::asin(std::clamp(su, -1.0, 1.0));
  az = std::atan2(sx, sy);
  if (az < 0.0) az += 2.0 * kPi;
}

void build_blocks(TileSky& s, std::int64_t n) {
  s.group = (s.bins + kSuperBins - 1) / kSuperBins;
  s.supers = (s.bins + s.group - 1) / s.group;
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
  s.blk_lo.resize(blocks), s.blk_hi.resize(blocks), s.blk_s0.resize(blocks),
      s.blk_ns.resize(blocks);
  for (std::int64_t k = 0; k < blocks; ++k) {
    const std::int64_t q0 = k * kBlock, q1 = std::min(n, q0 + kBlock);
    const int s0 = s.sun_bin[q0] / s.group;
    int dmin = 0, dmax = 0;
    float lo = s.sun_top[q0], hi = lo;
    for (std::int64_t q = q0; q < q1; ++q) {
      lo = std::min(lo, s.sun_top[q]);
      hi = std::max(hi, s.sun_top[q]);
      int d = (s.sun_bin[q] / s.group - s0 + s.supers) % s.supers;
      if (d > s.supers / 2) d -= s.supers;
      dmin = std::min(dmin, d);
      dmax = std::max(dmax, d);
    }
    s.blk_lo[k] = lo, s.blk_hi[k] = hi;
    s.blk_s0[k] = (s0 + dmin + s.supers) % s.supers;
    s.blk_ns[k] = std::min(s.supers, dmax - dmin + 1);
  }
}

TileSky build_sky(const PointFrame& f, const WindowSamples& w, int directions) {
  TileSky s;
  s.bins = std::max(kMinBins, directions);
  s.bin_rad = 2.0 * kPi / s.bins;
  const std::size_t n = static_cast<std::size_t>(w.instants);
  std::vector<int> earth_bin(n);
  std::vector<double> sun_el(n), sun_r(n), earth_el(n), earth_r(n), sun_u(n), earth_u(n);
  s.sun_bin.resize(n);
  s.sun_top.resize(n);
  s.earth_bin_rad = 2.0 * kPi / kEarthBins;
  auto bin_of = [&](double az) { return std::min(s.bins - 1, static_cast<int>(az / s.bin_rad)); };
  for (std::size_t q = 0; q < n; ++q) {
    double el, az;
    see_from(f, w.sun + 4 * q, false, el, az);
    s.sun_bin[q] = bin_of(az);
    sun_u[q] = az - (s.sun_bin[q] + 0.5) * s.bin_rad;
    sun_el[q] = el;
    sun_r[q] = w.sun[4 * q + 3];
    s.sun_top[q] = static_cast<float>(el + sun_r[q]);
    s.sun_el_max = std::max(s.sun_el_max, std::fabs(el));
    see_from(f, w.earth + 4 * q, true, el, az);
    earth_bin[q] = std::min(kEarthBins - 1, static_cast<int>(az / s.earth_bin_rad));
    earth_u[q] = az - (earth_bin[q] + 0.5) * s.earth_bin_rad;
    earth_el[q] = el;
    earth_r[q] = w.earth[4 * q + 3];
  }
  s.sun.build(s.bins, s.sun_bin, sun_el, sun_r, sun_u, w.sun_r_min / kSamplesPerRadius);
  s.first.assign(s.bins + 1, 0);
  for (std::size_t q = 0; q < n; ++q) ++s.first[s.sun_bin[q] + 1];
  for (int b = 0; b < s.bins; ++b) s.first[b + 1] += s.first[b];
  s.order.resize(n);
  std::vector<int> fill(s.first.begin(), s.first.end() - 1);
  for (std::size_t q = 0; q < n; ++q) s.order[fill[s.sun_bin[q]]++] = static_cast<int>(q);
  s.el = sun_el, s.r = sun_r;
  s.az.resize(n);
  s.sin_az.resize(n), s.cos_az.resize(n);
  for (std::size_t q = 0; q < n; ++q) {
    s.az[q] = (s.sun_bin[q] + 0.5) * s.bin_rad + sun_u[q];
    s.sin_az[q] = std::sin(s.az[q]), s.cos_az[q] = std::cos(s.az[q]);
  }
  s.earth.build(kEarthBins, earth_bin, earth_el, earth_r, earth_u,
                w.earth_r_min / kSamplesPerRadius);
  std::vector<char> used(kEarthBins, 0);
  for (int b : earth_bin) used[b] = 1;
  for (int b = 0; b < kEarthBins; ++b) {
    if (!used[b]) continue;
    const double az = (b + 0.5) * s.earth_bin_rad;
    s.earth_used.push_back(b);
    s.earth_az.push_back(az);
    s.earth_sin.push_back(std::sin(az));
    s.earth_cos.push_back(std::cos(az));
  }
  build_blocks(s, w.instants);
  return s;
}

// Per cell scratch, sized once per tile.
struct CellBins {
  std::vector<double> edge_h, edge_d;         // horizon and tilt offset at the M + 1 bin edges
  std::vector<double> dark_below, lit_above;  // per bin: disk top thresholds
  std::vector<double> super_dark, super_lit;  // the same per super-bin
  // The frame errors alone (no bin width): an instant whose disk top is this far from the
  // cell's horizon at its tile azimuth is decided without the per-instant evaluation.
  double instant_slack = 0.0;
};

struct CellResult {
  double lit = 0.0, earth = 0.0;
  std::int64_t longest = 0;
  bool ever = false;
};

// The cell's tilt against the tile centre: its elevation offset D(az) = a sin az + b cos az for
// a direction at tile azimuth az, and the twist of its azimuths.
struct Tilt {
  double a = 0.0, b = 0.0, tau = 0.0, twist = 0.0;
};

Tilt tilt_of(const PointFrame& tile, const PointFrame& cell) {
  Tilt t;
  const double A = ephemeris::dot(tile.grid_x, cell.up), B = ephemeris::dot(tile.grid_y, cell.up);
  const double s = std::hypot(A, B);
  t.tau = std::asin(std::min(1.0, s));
  const double scale = s > 0.0 ? t.tau / s : 1.0;
  t.a = A * scale, t.b = B * scale;
  t.twist = std::atan2(ephemeris::dot(tile.grid_y, cell.grid_x),
                       ephemeris::dot(tile.grid_y, cell.grid_y));
  return t;
}

// Tile constants of the bins: sine and cosine of the Sun bins' edges and centres, and the Earth
// bins' centres in horizon-direction units.
struct BinTrig {
  std::vector<double> sin_e, cos_e, sin_c, cos_c, earth_x;
  BinTrig(const TileSky& s, int nd) {
    const int M = s.bins;
    sin_e.resize(M + 1), cos_e.resize(M + 1), sin_c.resize(M), cos_c.resize(M);
    for (int k = 0; k <= M; ++k) {
      sin_e[k] = std::sin(k * s.bin_rad), cos_e[k] = std::cos(k * s.bin_rad);
      if (k < M)
        sin_c[k] = std::sin((k + 0.5) * s.bin_rad), cos_c[k] = std::cos((k + 0.5) * s.bin_rad);
    }
    for (double az : s.earth_az) earth_x.push_back(az * nd / (2.0 * kPi));
  }
};

// The cell's horizon at a tile azimuth, in direction units x (within one turn of [0, nd)):
// its own directions are turned by the twist (|twist| < pi: one wrap at most).
struct CellHorizon {
  const float* hz;
  int nd;
  double shift;  // twist in direction units
  double at(double x) const {
    x += shift;
    if (x < 0.0) x += nd;
    if (x >= nd) x -= nd;
    int k = static_cast<int>(x);
    if (k >= nd) k = nd - 1;
    const int k1 = k + 1 == nd ? 0 : k + 1;
    return hz[k] + (x - k) * (hz[k1] - hz[k]);
  }
};

// Percent-lit / Earth sums and the per-bin darkness thresholds of one cell.
void integrate_bins(const TileSky& s, const float* hz, int nd, const Tilt& t, double margin_el,
                    double margin_az, const BinTrig& trig, CellBins& c, CellResult& out) {
  const int M = s.bins;
  const double per_rad = nd / (2.0 * kPi);
  const double ratio = static_cast<double>(nd) / M;  // directions per bin
  const CellHorizon horizon{hz, nd, t.twist * per_rad};
  auto h_at = [&](double x) { return horizon.at(x); };
  double slope = 0.0;
  for (int k = 0; k < nd; ++k)
    slope = std::max(slope, static_cast<double>(std::fabs(hz[k + 1 == nd ? 0 : k + 1] - hz[k])));
  slope *= per_rad;
  c.instant_slack = margin_el + slope * margin_az + 1e-6;
  const double slack = margin_el + slope * margin_az +
                       (std::fabs(t.a) + std::fabs(t.b)) * s.bin_rad * s.bin_rad / 8.0;
  for (int b = 0; b <= M; ++b) {
    c.edge_h[b] = h_at(b * ratio);
    c.edge_d[b] = t.a * trig.sin_e[b] + t.b * trig.cos_e[b];
  }
  double lit = 0.0, earth = 0.0;
  const double steep = 4.0 * s.sun.delta * kSamplesPerRadius;  // four disk radii
  for (int b = 0; b < M; ++b) {
    // The bin's centre: the horizon is linear between the edges unless a direction falls
    // inside (then this is the chord: within the tolerance, see the tests).
    const double h = 0.5 * (c.edge_h[b] + c.edge_h[b + 1]) - 0.5 * (c.edge_d[b] + c.edge_d[b + 1]);
    const double sigma =
        (c.edge_h[b + 1] - c.edge_h[b] - (c.edge_d[b + 1] - c.edge_d[b])) / s.bin_rad;
    if (std::fabs(c.edge_h[b + 1] - c.edge_h[b]) > steep) {
      for (int m = s.first[b]; m < s.first[b + 1]; ++m) {
        const int q = s.order[m];
        const double hq = h_at(s.az[q] * per_rad) - (t.a * s.sin_az[q] + t.b * s.cos_az[q]);
        lit += disk_fraction_above(s.el[q], s.r[q], hq);
      }
    } else {
      lit += s.sun.lookup_sloped(b, h, sigma);
    }
    const double d_hi = std::max(c.edge_d[b], c.edge_d[b + 1]);
    const double d_lo = std::min(c.edge_d[b], c.edge_d[b + 1]);
    c.dark_below[b] = std::min(c.edge_h[b], c.edge_h[b + 1]) - d_hi - slack;
    c.lit_above[b] = std::max(c.edge_h[b], c.edge_h[b + 1]) - d_lo + slack;
  }
  for (std::size_t m = 0; m < s.earth_used.size(); ++m) {
    const double h = h_at(trig.earth_x[m]) - (t.a * s.earth_sin[m] + t.b * s.earth_cos[m]);
    earth += s.earth.lookup(s.earth_used[m], h);
  }
  // Horizon directions inside a bin bound it too.
  for (int k = 0; k < nd; ++k) {
    double pos = (k / per_rad - t.twist) / s.bin_rad;
    pos -= std::floor(pos / M) * M;
    const int b = std::min(M - 1, static_cast<int>(pos));
    const double d_hi = std::max(c.edge_d[b], c.edge_d[b + 1]);
    const double d_lo = std::min(c.edge_d[b], c.edge_d[b + 1]);
    c.dark_below[b] = std::min(c.dark_below[b], hz[k] - d_hi - slack);
    c.lit_above[b] = std::max(c.lit_above[b], hz[k] - d_lo + slack);
  }
  for (int g = 0; g < s.supers; ++g) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int b = g * s.group; b < std::min(M, (g + 1) * s.group); ++b) {
      lo = std::min(lo, c.dark_below[b]);
      hi = std::max(hi, c.lit_above[b]);
    }
    c.super_dark[g] = lo, c.super_lit[g] = hi;
  }
  out.lit = lit, out.earth = earth;
}

// Longest darkness and "ever lit", in time order, exact: blocks and instants the bounds decide
// (per bin, then against the cell's horizon at the instant's tile azimuth, horizon_at(q)), the
// rest through the per-instant evaluation.
template <class HorizonAt, class ExactSun>
void track_darkness(const TileSky& s, const CellBins& c, const WindowSamples& w,
                    HorizonAt&& horizon_at, ExactSun&& exact_sun, CellResult& out) {
  std::int64_t run = 0, longest = 0;
  bool ever = false;
  const std::int64_t blocks = static_cast<std::int64_t>(s.blk_lo.size());
  for (std::int64_t k = 0; k < blocks; ++k) {
    double dark = std::numeric_limits<double>::infinity(), lit = -dark;
    for (int m = 0, g = s.blk_s0[k]; m < s.blk_ns[k]; ++m, g = g + 1 == s.supers ? 0 : g + 1) {
      dark = std::min(dark, c.super_dark[g]);
      lit = std::max(lit, c.super_lit[g]);
    }
    const std::int64_t q0 = k * kBlock, q1 = std::min(w.instants, q0 + kBlock);
    if (s.blk_hi[k] <= dark) {
      run += q1 - q0;
      longest = std::max(longest, run);
      continue;
    }
    if (s.blk_lo[k] > lit) {
      run = 0;
      ever = true;
      continue;
    }
    for (std::int64_t q = q0; q < q1; ++q) {
      const int b = s.sun_bin[q];
      const double top = s.sun_top[q];
      bool is_dark;
      if (top <= c.dark_below[b]) {
        is_dark = true;
      } else if (top > c.lit_above[b]) {
        is_dark = false;
      } else {
        const double h = horizon_at(q);
        if (top <= h - c.instant_slack) {
          is_dark = true;
        } else if (top > h + c.instant_slack) {
          is_dark = false;
        } else {
          is_dark = !(exact_sun(q) > 0.0);
        }
      }
      if (!is_dark) {
        ever = true;
        run = 0;
      } else if (++run > longest) {
        longest = run;
      }
    }
  }
  out.longest = longest;
  out.ever = ever;
}

}  // namespace

int tile_side_cells(const terrain::GridGeometry& grid) {
  return std::clamp(static_cast<int>(std::lround(kTileSideM / grid.cell_m)), 16, 64);
}

void compute_tile_by_sectors(const terrain::Dem& dem, const HorizonRows& horizon,
                             const WindowSamples& w, int i0, int i1, int j0, int j1,
                             IlluminationMap& out) {
  const int W = dem.width(), nd = horizon.directions;
  const double observer = horizon.observer_height_m;
  const std::size_t stride = horizon.band_stride;
  double h_sum = 0.0;
  int h_count = 0;
  for (int j = j0; j < j1; ++j)
    for (int i = i0; i < i1; ++i) {
      const float h = dem.height_m[static_cast<std::size_t>(j) * W + i];
      if (!terrain::is_nodata(h)) h_sum += h, ++h_count;
    }
  const terrain::MapXy a = dem.grid.cell_center(i0, j0), b = dem.grid.cell_center(i1 - 1, j1 - 1);
  const terrain::MapXy centre{0.5 * (a.x_m + b.x_m), 0.5 * (a.y_m + b.y_m)};
  const PointFrame tile = point_frame(centre, (h_count ? h_sum / h_count : 0.0) + observer);
  const TileSky sky = build_sky(tile, w, nd);
  // The tilt bound: largest at the corners.
  double tau = 0.0;
  for (const terrain::MapXy& p :
       {a, b, dem.grid.cell_center(i0, j1 - 1), dem.grid.cell_center(i1 - 1, j0)})
    tau = std::max(tau, tilt_of(tile, point_frame(p)).tau);
  tau *= 1.05;
  const double tan_el = std::tan(std::min(1.45, sky.sun_el_max + tau));
  const double margin_el = tau * tau * (1.0 + tan_el) + 1e-6;
  const double margin_az = 1.2 * tau * (tan_el + 2.0 * tau) + 1e-6;
  const int M = sky.bins;
  const BinTrig trig(sky, nd);
  CellBins c;
  c.edge_h.resize(M + 1), c.edge_d.resize(M + 1);
  c.dark_below.resize(M), c.lit_above.resize(M);
  c.super_dark.resize(sky.supers), c.super_lit.resize(sky.supers);
  const Directions D(nd);
  const int tw = i1 - i0;
  std::vector<float> hrow(static_cast<std::size_t>(tw) * nd);
  const double n = static_cast<double>(w.instants);
  for (int j = std::max(j0, horizon.row_begin); j < std::min(j1, horizon.row_end); ++j) {
    const float* src =
        horizon.elevation_rad + static_cast<std::size_t>(j - horizon.row_begin) * W + i0;
    for (int k = 0; k < nd; ++k)
      for (int i = 0; i < tw; ++i) hrow[static_cast<std::size_t>(i) * nd + k] = src[k * stride + i];
    for (int i = i0; i < i1; ++i) {
      const std::size_t idx = static_cast<std::size_t>(j - out.first_row) * W + i;  // in `out`
      const float h0 = dem.height_m[static_cast<std::size_t>(j) * W + i];
      if (terrain::is_nodata(h0)) {
        out.percent_lit[idx] = out.percent_earth[idx] = out.longest_dark_h[idx] =
            out.permanent_shadow[idx] = terrain::kNodata;
        continue;
      }
      const float* hz = hrow.data() + static_cast<std::size_t>(i - i0) * nd;
      const PointFrame f = point_frame(dem.grid.cell_center(i, j), h0 + observer);
      CellResult r;
      const Tilt tilt = tilt_of(tile, f);
      integrate_bins(sky, hz, nd, tilt, margin_el, margin_az, trig, c, r);
      const CellHorizon cell_horizon{hz, nd, tilt.twist * nd / (2.0 * kPi)};
      std::optional<CellInstants> exact;
      track_darkness(
          sky, c, w,
          [&](std::int64_t q) {
            return cell_horizon.at(sky.az[q] * (nd / (2.0 * kPi))) -
                   (tilt.a * sky.sin_az[q] + tilt.b * sky.cos_az[q]);
          },
          [&](std::int64_t q) {
            if (!exact) exact.emplace(hz, nd, D, f, w.sun_r_max, w.earth_r_max);
            return exact->sun_fraction(w.sun + 4 * q);
          },
          r);
      const double lit = r.ever ? std::clamp(r.lit / n, 0.0, 1.0) : 0.0;
      out.percent_lit[idx] = static_cast<float>(100.0 * lit);
      out.percent_earth[idx] = static_cast<float>(100.0 * std::clamp(r.earth / n, 0.0, 1.0));
      out.longest_dark_h[idx] = static_cast<float>(r.longest * w.step_s / 3600.0);
      out.permanent_shadow[idx] = r.ever ? 0.0f : 1.0f;
    }
  }
}

}  // namespace ce8::illumination::detail
