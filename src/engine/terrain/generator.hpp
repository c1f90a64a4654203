// The built-in south-pole terrain: a deterministic, seeded model shaped by the real features of
// the IAU/USGS gazetteer (../shared/MISSION-FACTS.md). A plausible model, not LOLA data; every
// modelling choice is listed as an assumption in docs/terrain.md.
//
// The model is a continuous height function h(x, y) evaluated at any map point with a detail
// level: features (craters, noise octaves) smaller than a few cells of the requested grid are
// left out, with a smooth fade. So the regional grid and the high-resolution local tiles are
// samples of the same surface and agree where they overlap; the local tiles only add detail.
// Only +, -, *, /, sqrt and the deterministic functions of detmath.hpp are used, so the same
// seed gives bit-identical heights natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/dem.hpp"

namespace ce8::terrain {

// A catalogue crater (IAU/USGS gazetteer position and rim diameter).
struct CatalogueCrater {
  const char* name;
  double lat_deg;
  double lon_deg;
  double diameter_km;
  double depth_km;  // published depth, or 0: from Pike's (1977) depth-diameter relations
};
std::span<const CatalogueCrater> catalogue_craters();

// Candidate landing areas of Chang'e-8 (SpaceNews, Feb 2025) and the centres of the local tiles.
struct LandingSite {
  const char* id;  // "leibnitz-beta", "amundsen", "cabeus", "shackleton-de-gerlache-ridge"
  const char* name;
  double lat_deg;
  double lon_deg;
};
std::span<const LandingSite> landing_sites();

// Other named relief the model builds (massifs, plateau, ridge), for labels in the UI.
struct NamedRelief {
  const char* name;
  double lat_deg;
  double lon_deg;
  double height_m;  // modelled height of the summit / top above the surroundings
};
std::span<const NamedRelief> named_relief();

struct GeneratorOptions {
  std::uint64_t seed = 8;
};

// The shape of one crater as the model builds it (exposed for tests and the docs).
struct CraterShape {
  double diameter_m = 0.0;  // rim crest to rim crest (ground metres)
  double depth_m = 0.0;     // rim crest to floor
  double rim_height_m = 0.0;
  double floor_diameter_m = 0.0;  // 0 for simple (bowl) craters
  double peak_height_m = 0.0;     // central peak above the floor (0: none)
  int terraces = 0;
};
CraterShape crater_shape(double diameter_m, double depth_m = 0.0);
// Height relative to the pre-impact surface at ground distance r from the centre.
double crater_profile_m(const CraterShape& shape, double r_m);

// A continuous height function on the map, evaluated with a detail level (the grid's cell).
class HeightModel {
 public:
  virtual ~HeightModel() = default;
  virtual double height_m(MapXy p, double cell_m) const = 0;
};

class SouthPoleModel final : public HeightModel {
 public:
  explicit SouthPoleModel(const GeneratorOptions& options = {});
  // Height (metres above the sphere) at a map point, with features down to about 3 cells of
  // `cell_m` (finer ones faded out).
  double height_m(MapXy p, double cell_m) const override;
  // Synthetic detail only, for real data of cell `data_cell_m`: the roughness octaves shorter
  // than one data cell and than 2 km (faded out from half of that) and small craters narrower
  // than half a data cell and at most 1 km (faded out from half that size) and, as in
  // height_m, nothing finer than about 2-3 cells of `cell_m`.
  // Zero-mean roughness plus sub-resolution craters: it never moves relief the data resolves.
  double detail_m(MapXy p, double cell_m, double data_cell_m) const;
  std::uint64_t seed() const { return seed_; }

  struct PlacedCrater {
    MapXy center;
    double scale = 1.0;  // map metres per ground metre at the centre (projection scale k)
    CraterShape shape;
    double background_m = 0.0;  // the fractal background at the centre (floor levelling)
  };
  const std::vector<PlacedCrater>& named_craters() const { return craters_; }

 private:
  double background_m(MapXy p, double cell_m, double max_wavelength_m) const;
  double small_craters_m(MapXy p, double cell_m, double max_diameter_m) const;
  std::uint64_t seed_;
  std::vector<PlacedCrater> craters_;
  MapXy malapert_{}, leibnitz_{}, ridge_a_{}, ridge_b_{};
  double ridge_start_m_ = 0.0, ridge_end_m_ = 0.0;
  double noise_amp_m_[24] = {};
};

// The default regional grid: 2048 x 2048 cells of 300 m centred on the pole (614.4 km square:
// the whole cap to 80 S and, in the corners, to 75.8 S).
inline constexpr int kRegionalSize = 2048;
inline constexpr double kRegionalCellM = 300.0;
GridGeometry regional_grid(int size = kRegionalSize, double cell_m = kRegionalCellM);
// A local tile centred on a landing site (default 4096 x 4096 cells of 5 m, 20.48 km square).
GridGeometry local_tile_grid(const LandingSite& site, int size = 4096, double cell_m = 5.0);

// Evaluates the model on a grid (after check_grid).
Result<Dem> generate(const GridGeometry& grid, const GeneratorOptions& options = {});
// Evaluates any height model on a grid (rows spread over the hardware threads natively).
Result<Dem> generate(const GridGeometry& grid, const HeightModel& model);

}  // namespace ce8::terrain
