// The built-in south-pole terrain is the real Moon: LOLA heights wherever data exists.
//
// Layers, coarse to fine (assets/lola/README.md has their provenance):
//   1. LDEM_4 (LOLA GDR, 0.25 deg = 7.6 km cells, simple cylindrical), from 70 S to the pole,
//      reprojected with the pole-aware bicubic of cylindrical.hpp;
//   2. 200 m LOLA grid around Shackleton and the Shackleton - de Gerlache ridge (51.2 km);
//      its central box, lowered in the source, is replaced by the 40 m grid averaged to 200 m;
//   3. 40 m LOLA grid on Shackleton's western rim (10.24 km);
//   4. 5 m LOLA tile near Shoemaker (1.28 km).
// Each finer layer is blended in over a feather band inside its edge (8 cells; 16 for the 5 m
// tile), so there is no seam. Detail finer than the real data under a point may be synthesised
// (SouthPoleModel::detail_m): added to the real surface, never moving resolved relief.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/terrain/cylindrical.hpp"
#include "engine/terrain/dem.hpp"
#include "engine/terrain/generator.hpp"

namespace ce8::terrain {

struct LolaTerrainOptions {
  bool synthetic_detail = true;  // add detail finer than the data (seeded, documented)
  std::uint64_t seed = 8;
};

// One real-data layer as shown to users ("LOLA 40 m, Shackleton rim").
struct RealDataLayer {
  std::string name;
  double cell_m = 0.0;
  MapBounds bounds;  // map extent (the whole cap for LDEM_4)
};

class LolaTerrain final : public HeightModel {
 public:
  // The embedded products (a few milliseconds: they are parsed from memory).
  static Result<std::shared_ptr<const LolaTerrain>> builtin(const LolaTerrainOptions& o = {});

  double height_m(MapXy p, double cell_m) const override;
  // The real data alone (no synthetic detail), blended as above.
  double real_height_m(MapXy p) const;
  // The cell of the finest real data that reaches p (7580 m where only LDEM_4 does).
  double data_cell_m(MapXy p) const;
  const std::vector<RealDataLayer>& layers() const { return layers_; }
  // One line for the status bar and the docs: which real data a grid shows, and from which
  // size on the detail is synthetic.
  std::string describe(const GridGeometry& grid) const;
  // The same in a few words, for a status line: "Real Moon: LOLA 7.6 km; 200 m, 40 m, 5 m
  // where they reach; finer detail synthetic".
  std::string describe_short(const GridGeometry& grid) const;
  // Farthest latitude from the pole the real data reaches (-70).
  double cap_lat_deg() const;
  // The level offset applied around fine grid k (1..3) to meet the layers under it.
  double layer_offset_m(std::size_t k) const { return k == 0 ? 0.0 : fine_[k - 1].offset_m; }

 private:
  struct Fine {
    Dem dem;
    double feather_m = 0.0;
    // Mean of (this grid - the layers under it) along its border, eased in over offset_reach_m
    // outside the grid: a coarse layer that misses a fine grid's level by tens of metres (LDEM_4
    // under the 5 m tile) meets it without a cliff at the edge.
    double offset_m = 0.0;
    double offset_reach_m = 0.0;
  };
  void fit_offset(Fine& f, double under_cell_m) const;
  LolaTerrain() = default;
  double blend(MapXy p, double cell_m, bool detail) const;
  std::unique_ptr<LatLonGrid> ldem4_;
  std::unique_ptr<CylindricalSampler> ldem4_sampler_;
  std::vector<Fine> fine_;  // coarse to fine
  std::vector<RealDataLayer> layers_;
  std::unique_ptr<SouthPoleModel> detail_;
  bool synthetic_detail_ = true;
};

// Bicubic (Catmull-Rom) height at a map point of a polar DEM; NaN outside its cell centres'
// hull or where any tap is nodata.
double sample_bicubic(const Dem& dem, MapXy p);

// The weight (0..1) with which a fine grid replaces what lies under it at p: 1 deeper than
// `feather_m` inside its cell centres' hull, easing to 0 at the hull's edge.
double feather_weight(const GridGeometry& grid, MapXy p, double feather_m);

// How far p lies outside a grid's cell centres' hull (0 inside).
double distance_outside(const GridGeometry& grid, MapXy p);

// Replaces the cells of `coarse` whose centres lie inside box [i0, i1] x [j0, j1] with the mean
// of the `fine` cells whose centres fall in them (cells without any stay as they are).
void replace_with_block_means(Dem& coarse, const Dem& fine, int i0, int j0, int i1, int j1);

}  // namespace ce8::terrain
