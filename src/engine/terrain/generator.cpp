#include "engine/terrain/generator.hpp"

#include <algorithm>
#include <cmath>

#include "engine/jobs/jobs.hpp"
#include "engine/terrain/detmath.hpp"

namespace ce8::terrain {
namespace {

using detmath::smoothstep;

// Gazetteer craters (../shared/MISSION-FACTS.md). Shackleton's depth is the published 4.2 km;
// the others follow Pike (1977).
constexpr CatalogueCrater kCraters[] = {
    {"Amundsen", -84.44, 83.07, 103.4, 0.0},  {"Cabeus", -85.33, 317.87, 100.6, 0.0},
    {"Scott", -82.35, 48.52, 107.8, 0.0},     {"Nobile", -85.28, 53.27, 79.3, 0.0},
    {"Malapert", -85.00, 11.40, 72.4, 0.0},   {"Shoemaker", -88.14, 45.91, 51.8, 0.0},
    {"Haworth", -87.45, 354.83, 51.4, 0.0},   {"Faustini", -87.18, 84.31, 42.5, 0.0},
    {"Sverdrup", -88.3, 206.6, 33.0, 0.0},    {"de Gerlache", -88.48, 271.66, 32.7, 0.0},
    {"Shackleton", -89.67, 130.8, 21.0, 4.2},
};

// Mons Mouton (long called Leibnitz Beta): gazetteer centre about 84.6 S, 31 E; the site is an
// assumed point on its flat top (assets/sites.json). Ridge site: the ridge's highest ground in
// the 200 m LOLA grid (assumed). The synthetic model builds its plateau around the site.
constexpr double kLeibnitzLat = -84.6, kLeibnitzLon = 29.5;
constexpr double kMalapertLat = -86.0, kMalapertLon = 0.0;
constexpr LandingSite kSites[] = {
    {"leibnitz-beta", "Mons Mouton (Leibnitz Beta plateau)", kLeibnitzLat, kLeibnitzLon},
    {"amundsen", "Amundsen crater", -84.4, 83.1},
    {"cabeus", "Cabeus crater", -85.3, 317.9},
    {"shackleton-de-gerlache-ridge", "Shackleton-de Gerlache ridge", -89.45, 222.7},
};

constexpr double kMalapertHeightM = 5500.0;
constexpr double kLeibnitzHeightM = 6000.0;
constexpr double kRidgeHeightM = 1000.0;
constexpr NamedRelief kRelief[] = {
    {"Malapert massif", kMalapertLat, kMalapertLon, kMalapertHeightM},
    {"Mons Mouton (Leibnitz Beta plateau)", kLeibnitzLat, kLeibnitzLon, kLeibnitzHeightM},
    {"Shackleton-de Gerlache ridge", -89.45, 222.7, kRidgeHeightM},
};

// splitmix64 finaliser: the model's only source of randomness (no std:: distributions).
constexpr std::uint64_t mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t hash(std::uint64_t seed, std::int64_t a, std::int64_t b, std::uint64_t c) {
  return mix(seed ^
             mix(static_cast<std::uint64_t>(a) ^ mix(static_cast<std::uint64_t>(b) ^ mix(c))));
}
double unit(std::uint64_t h) { return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0); }

// 16 unit gradient directions (k * 22.5 degrees), as literals.
constexpr double kGrad[16][2] = {
    {1.0, 0.0},
    {0.92387953251128674, 0.38268343236508978},
    {0.70710678118654752, 0.70710678118654752},
    {0.38268343236508978, 0.92387953251128674},
    {0.0, 1.0},
    {-0.38268343236508978, 0.92387953251128674},
    {-0.70710678118654752, 0.70710678118654752},
    {-0.92387953251128674, 0.38268343236508978},
    {-1.0, 0.0},
    {-0.92387953251128674, -0.38268343236508978},
    {-0.70710678118654752, -0.70710678118654752},
    {-0.38268343236508978, -0.92387953251128674},
    {0.0, -1.0},
    {0.38268343236508978, -0.92387953251128674},
    {0.70710678118654752, -0.70710678118654752},
    {0.92387953251128674, -0.38268343236508978},
};

double fade(double t) { return t * t * t * (t * (t * 6.0 - 15.0) + 10.0); }

// 2-D gradient (Perlin) noise, roughly in [-0.7, 0.7], zero mean.
double gradient_noise(double x, double y, std::uint64_t seed, std::uint64_t key) {
  const double fx = detmath::floor(x), fy = detmath::floor(y);
  const auto ix = static_cast<std::int64_t>(fx), iy = static_cast<std::int64_t>(fy);
  const double tx = x - fx, ty = y - fy;
  auto corner = [&](std::int64_t cx, std::int64_t cy, double dx, double dy) {
    const auto& g = kGrad[hash(seed, cx, cy, key) & 15];
    return g[0] * dx + g[1] * dy;
  };
  const double n00 = corner(ix, iy, tx, ty), n10 = corner(ix + 1, iy, tx - 1.0, ty);
  const double n01 = corner(ix, iy + 1, tx, ty - 1.0);
  const double n11 = corner(ix + 1, iy + 1, tx - 1.0, ty - 1.0);
  const double u = fade(tx), v = fade(ty);
  const double a = n00 + (n10 - n00) * u, b = n01 + (n11 - n01) * u;
  return a + (b - a) * v;
}

MapXy place(double lat_deg, double lon_deg) {
  return to_map_deterministic(latlon_deg(lat_deg, lon_deg));
}

// Fractal roughness: octave n has wavelength kMaxWavelengthM / 2^n and amplitude
// kRoughnessAt1kmM * (wavelength / 1 km)^kHurst.
constexpr double kMaxWavelengthM = 65536.0;
constexpr double kHurst = 0.85;
constexpr double kRoughnessAt1kmM = 22.0;
constexpr int kNoiseOctaves = 24;

// Small craters: octave k covers diameters [8 m 2^k, 16 m 2^k); one candidate per lattice cell
// of 3 D_k, present with probability kCraterProbability, so N(>D) ~ 0.056 D^-2 per km^2 (D in
// km): close to the empirical equilibrium density of Trask (1966), N = 0.079 D^-2 (assumed).
constexpr int kSmallCraterOctaves = 11;  // 8 m .. 16 km
constexpr double kSmallestCraterM = 8.0;
constexpr double kCraterProbability = 0.5;

}  // namespace

std::span<const CatalogueCrater> catalogue_craters() { return kCraters; }
std::span<const LandingSite> landing_sites() { return kSites; }
std::span<const NamedRelief> named_relief() { return kRelief; }

CraterShape crater_shape(double diameter_m, double depth_m) {
  CraterShape c;
  c.diameter_m = diameter_m;
  const double d_km = diameter_m / 1000.0;
  // Simple-to-complex transition assumed at 25 km (Pike 1977 gives 15-20 km on the Moon;
  // Shackleton, 21 km with d/D = 0.2, is a simple bowl).
  const bool simple = d_km < 25.0;
  if (simple) {
    c.depth_m = depth_m > 0.0 ? depth_m : 196.0 * detmath::pow(d_km, 1.01);
    c.rim_height_m = 36.0 * detmath::pow(d_km, 1.014);
    return c;
  }
  c.depth_m = depth_m > 0.0 ? depth_m : 1044.0 * detmath::pow(d_km, 0.301);
  c.rim_height_m = 236.0 * detmath::pow(d_km, 0.399);
  c.floor_diameter_m = 187.0 * detmath::pow(d_km, 1.249);
  if (c.floor_diameter_m > 0.7 * diameter_m) c.floor_diameter_m = 0.7 * diameter_m;
  c.peak_height_m = d_km >= 35.0 ? 0.25 * c.depth_m : 0.0;
  c.terraces = d_km >= 60.0 ? 3 : 2;
  return c;
}

double crater_profile_m(const CraterShape& c, double r_m) {
  const double radius = 0.5 * c.diameter_m;
  const double s = r_m / radius;
  if (s >= 3.0) return 0.0;
  if (s >= 1.0) {  // rim flank and ejecta blanket, thickness ~ (r/R)^-3 (McGetchin et al. 1973)
    const double inv = 1.0 / s;
    return c.rim_height_m * inv * inv * inv * (1.0 - smoothstep(2.0, 3.0, s));
  }
  if (c.floor_diameter_m <= 0.0) return -c.depth_m + (c.depth_m + c.rim_height_m) * s * s;
  const double sf = c.floor_diameter_m / c.diameter_m;
  double h = -c.depth_m;
  if (s > sf) {
    const double t = (s - sf) / (1.0 - sf);
    const double n = c.terraces;
    const double k = detmath::floor(t * n);
    const double stair = (k + smoothstep(0.55, 1.0, t * n - k)) / n;
    h += (c.depth_m + c.rim_height_m) * (0.5 * t * t + 0.5 * (t >= 1.0 ? 1.0 : stair));
  }
  const double peak_radius = (sf * 0.8 < 0.2 ? sf * 0.8 : 0.2);
  if (c.peak_height_m > 0.0 && s < peak_radius) {
    const double q = s / peak_radius;
    const double b = 1.0 - q * q;
    h += c.peak_height_m * b * b;
  }
  return h;
}

SouthPoleModel::SouthPoleModel(const GeneratorOptions& options) : seed_(mix(options.seed)) {
  for (const auto& cc : kCraters) {
    PlacedCrater p;
    p.center = place(cc.lat_deg, cc.lon_deg);
    p.scale = scale_factor_deterministic(deg_to_rad(cc.lat_deg));
    p.shape = crater_shape(cc.diameter_km * 1000.0, cc.depth_km * 1000.0);
    craters_.push_back(p);
  }
  malapert_ = place(kMalapertLat, kMalapertLon);
  leibnitz_ = place(kLeibnitzLat, kLeibnitzLon);
  const PlacedCrater& shackleton = craters_.back();
  const PlacedCrater& gerlache = craters_[craters_.size() - 2];
  ridge_a_ = shackleton.center;
  ridge_b_ = gerlache.center;
  ridge_start_m_ = 0.5 * shackleton.shape.diameter_m * shackleton.scale;
  ridge_end_m_ = 0.5 * gerlache.shape.diameter_m * gerlache.scale;
  for (int n = 0; n < kNoiseOctaves; ++n) {
    const double lambda = kMaxWavelengthM / static_cast<double>(std::int64_t{1} << n);
    noise_amp_m_[n] = kRoughnessAt1kmM * detmath::pow(lambda / 1000.0, kHurst);
  }
  for (PlacedCrater& c : craters_) c.background_m = background_m(c.center, 0.0, 1e300);
}

double SouthPoleModel::background_m(MapXy p, double cell_m, double max_wavelength_m) const {
  // Band-limited to the grid: octaves under 2 cells left out, faded in between 2 and 4 cells;
  // and, for detail under real data, octaves over max_wavelength_m left out (faded from half).
  double h = 0.0;
  for (int n = 0; n < kNoiseOctaves; ++n) {
    const double lambda = kMaxWavelengthM / static_cast<double>(std::int64_t{1} << n);
    if (lambda < 2.0 * cell_m) break;
    if (lambda >= max_wavelength_m) continue;
    const double w = smoothstep(2.0 * cell_m, 4.0 * cell_m, lambda) *
                     (1.0 - smoothstep(0.5 * max_wavelength_m, max_wavelength_m, lambda));
    // Per-octave lattice offset so the octaves do not share a lattice point at the pole.
    const double off = 0.5 + 97.0 * n / kNoiseOctaves;
    h += w * noise_amp_m_[n] *
         gradient_noise(p.x_m / lambda + off, p.y_m / lambda + off * 0.61, seed_, 100 + n);
  }
  return h;
}

double SouthPoleModel::height_m(MapXy p, double cell_m) const {
  double h = 0.0;

  // Fractal roughness, levelled on the floors of the catalogue craters (their impacts erased
  // the older surface: 85% of its departure from the value at the crater centre is removed
  // on the floor, fading out between 0.4 and 0.95 radii, so the rim keeps the local level).
  double bg = background_m(p, cell_m, 1e300);
  for (const PlacedCrater& c : craters_) {
    const double dx = p.x_m - c.center.x_m, dy = p.y_m - c.center.y_m;
    const double reach = 0.5 * c.shape.diameter_m * c.scale;
    const double r2 = dx * dx + dy * dy;
    if (r2 >= reach * reach) continue;
    const double s = std::sqrt(r2) / (0.5 * c.shape.diameter_m * c.scale);
    const double m = 1.0 - smoothstep(0.4, 0.95, s);
    bg = c.background_m + (bg - c.background_m) * (1.0 - 0.85 * m);
  }
  h += bg;

  // Malapert massif: an east-west elongated mountain, summit near 86°S 0°E.
  {
    const double u = (p.x_m - malapert_.x_m) / 36000.0, v = (p.y_m - malapert_.y_m) / 20000.0;
    const double s2 = u * u + v * v;
    if (s2 < 1.0) {
      const double s = std::sqrt(s2);
      const double f = (1.0 - s) * (1.0 - s) * (1.0 - s) * (1.0 + 3.0 * s);
      const double rugged = 1.0 + 0.2 * gradient_noise(p.x_m / 9000.0, p.y_m / 9000.0, seed_, 7);
      h += kMalapertHeightM * f * rugged;
    }
  }
  // Leibnitz Beta plateau: a flat-topped high next to Shoemaker.
  {
    const double dx = p.x_m - leibnitz_.x_m, dy = p.y_m - leibnitz_.y_m;
    const double r = std::sqrt(dx * dx + dy * dy);
    if (r < 32000.0) {
      const double top = 1.0 - smoothstep(13000.0, 32000.0, r);
      const double rugged = 1.0 + 0.04 * gradient_noise(dx / 6000.0, dy / 6000.0, seed_, 8);
      h += kLeibnitzHeightM * top * rugged;
    }
  }
  // Shackleton-de Gerlache connecting ridge, from rim to rim.
  {
    const double ax = ridge_b_.x_m - ridge_a_.x_m, ay = ridge_b_.y_m - ridge_a_.y_m;
    const double len = std::sqrt(ax * ax + ay * ay);
    const double dx = p.x_m - ridge_a_.x_m, dy = p.y_m - ridge_a_.y_m;
    const double u = (dx * ax + dy * ay) / len, v = (dx * ay - dy * ax) / len;
    const double s = v / 7000.0;
    if (s * s < 1.0 && u > 0.0 && u < len) {
      const double along =
          smoothstep(0.8 * ridge_start_m_, 1.3 * ridge_start_m_, u) *
          (1.0 - smoothstep(len - 1.3 * ridge_end_m_, len - 0.8 * ridge_end_m_, u));
      const double b = 1.0 - s * s;
      h += kRidgeHeightM * along * b * b;
    }
  }
  // Catalogue craters (distances converted to ground metres with the scale at the centre).
  for (const PlacedCrater& c : craters_) {
    const double dx = p.x_m - c.center.x_m, dy = p.y_m - c.center.y_m;
    const double reach = 1.5 * c.shape.diameter_m * c.scale;
    const double r2 = dx * dx + dy * dy;
    if (r2 >= reach * reach) continue;
    h += crater_profile_m(c.shape, std::sqrt(r2) / c.scale);
  }
  h += small_craters_m(p, cell_m, 1e300);
  return h;
}

// Small craters: power-law size-frequency distribution on hashed lattices, one per octave;
// diameters from about 3 cells up to max_diameter_m (faded out from a quarter of it).
double SouthPoleModel::small_craters_m(MapXy p, double cell_m, double max_diameter_m) const {
  double h = 0.0;
  for (int k = 0; k < kSmallCraterOctaves; ++k) {
    const double d_k = kSmallestCraterM * static_cast<double>(1 << k);
    if (2.0 * d_k < 3.0 * cell_m) continue;
    if (d_k >= 0.5 * max_diameter_m) break;
    const double lattice = 3.0 * d_k;
    const auto cx = static_cast<std::int64_t>(detmath::floor(p.x_m / lattice));
    const auto cy = static_cast<std::int64_t>(detmath::floor(p.y_m / lattice));
    for (std::int64_t b = -1; b <= 1; ++b)
      for (std::int64_t a = -1; a <= 1; ++a) {
        std::uint64_t r = hash(seed_, cx + a, cy + b, 1000 + k);
        if (unit(r) >= kCraterProbability) continue;
        r = mix(r);
        const double px = (static_cast<double>(cx + a) + unit(r)) * lattice;
        r = mix(r);
        const double py = (static_cast<double>(cy + b) + unit(r)) * lattice;
        const double dx = p.x_m - px, dy = p.y_m - py;
        r = mix(r);
        const double diameter = d_k / std::sqrt(1.0 - 0.75 * unit(r));  // pdf ~ D^-3
        const double r2 = dx * dx + dy * dy;
        if (r2 >= 2.25 * diameter * diameter) continue;
        const double w = smoothstep(3.0 * cell_m, 6.0 * cell_m, diameter) *
                         (1.0 - smoothstep(0.25 * max_diameter_m, 0.5 * max_diameter_m, diameter));
        if (w <= 0.0) continue;
        r = mix(r);
        // Degradation: d/D from 0.07 (old, softened) to 0.2 (fresh).
        const double depth = diameter * (0.07 + 0.13 * unit(r) * unit(r));
        const double rim = diameter * 0.036 * (depth / (0.2 * diameter));
        const double radius = 0.5 * diameter;
        const double s2 = r2 / (radius * radius);
        double dh;
        if (s2 < 1.0) {
          dh = -depth + (depth + rim) * s2;
        } else {
          const double s = std::sqrt(s2);
          dh = rim / (s2 * s) * (1.0 - smoothstep(2.0, 3.0, s));
        }
        h += w * dh;
      }
  }
  return h;
}

double SouthPoleModel::detail_m(MapXy p, double cell_m, double data_cell_m) const {
  // Invented relief stays small where only the 7.6 km LDEM_4 grid is real: craters at most 1 km
  // across (a 3 km crater is 200-600 m deep and would be taken for a real one) and roughness
  // wavelengths at most 2 km (longer ones, 50-130 m high, mottle the whole regional view in
  // grazing light with bumps that are not there).
  constexpr double kMaxSyntheticCraterM = 1000.0;
  constexpr double kMaxSyntheticWavelengthM = 2000.0;
  return background_m(p, cell_m, std::min(data_cell_m, kMaxSyntheticWavelengthM)) +
         small_craters_m(p, cell_m, std::min(data_cell_m, 2.0 * kMaxSyntheticCraterM));
}

GridGeometry regional_grid(int size, double cell_m) {
  return GridGeometry::centered({0.0, 0.0}, size, size, cell_m);
}

GridGeometry local_tile_grid(const LandingSite& site, int size, double cell_m) {
  // Deterministic projection: the same tile origin bit for bit natively and in WebAssembly.
  return GridGeometry::centered(place(site.lat_deg, site.lon_deg), size, size, cell_m);
}

Result<Dem> generate(const GridGeometry& grid, const GeneratorOptions& options) {
  return generate(grid, SouthPoleModel(options));
}

Result<Dem> generate(const GridGeometry& grid, const HeightModel& model) {
  auto dem = make_dem(grid);
  if (!dem) return dem.error();
  Dem& d = *dem;
  jobs::parallel_for(
      static_cast<std::size_t>(grid.height), jobs::hardware_threads(), [&](std::size_t row) {
        const int j = static_cast<int>(row);
        for (int i = 0; i < grid.width; ++i)
          d.at(i, j) = static_cast<float>(model.height_m(grid.cell_center(i, j), grid.cell_m));
      });
  return dem;
}

}  // namespace ce8::terrain
