#include "engine/terrain/lola_terrain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "engine/terrain/detmath.hpp"
#include "engine/terrain/lola_data.hpp"
#include "engine/terrain/pds3.hpp"

namespace ce8::terrain {
namespace {

constexpr double kCapLatDeg = -70.0;
// Synthetic roughness stops at 2 km wavelengths and needs 2-4 cells: grids of 500 m cells or
// coarser carry none (SouthPoleModel::detail_m).
constexpr double kSyntheticDetailBelowCellM = 500.0;
// The 200 m grid's lowered central box (rows and columns 103-153, assets/lola/README.md).
constexpr int kBoxFirst = 103, kBoxLast = 153;

struct Product {
  Pds3Label label;
  std::span<const std::byte> image;
};

Result<Product> embedded_product(const std::string& stem) {
  const EmbeddedFile* lbl = nullptr;
  const EmbeddedFile* img = nullptr;
  for (const EmbeddedFile& f : embedded_lola_files()) {
    if (stem + ".lbl" == f.name) lbl = &f;
    if (stem + ".img" == f.name) img = &f;
  }
  if (!lbl || !img) return make_error("the built-in LOLA product '" + stem + "' is missing");
  auto label =
      parse_pds3_label(std::string_view(reinterpret_cast<const char*>(lbl->data), lbl->size));
  if (!label) return make_error(stem + ": " + label.error().message);
  if (auto s = check_pds3_size(*label, static_cast<std::int64_t>(img->size)); !s)
    return make_error(stem + ": " + s.error().message);
  const ByteRange r = pds3_rows_range(*label, 0, label->lines);
  return Product{
      *label, std::span<const std::byte>(reinterpret_cast<const std::byte*>(img->data) + r.offset,
                                         static_cast<std::size_t>(r.size))};
}

Result<Dem> embedded_polar(const std::string& stem) {
  auto p = embedded_product(stem);
  if (!p) return p.error();
  auto dem = pds3_polar(p->label, p->image);
  if (!dem) return make_error(stem + ": " + dem.error().message);
  return dem;
}

std::string km_text(double m) {
  char buf[32];
  if (m >= 1000.0)
    std::snprintf(buf, sizeof buf, "%.1f km", m / 1000.0);
  else
    std::snprintf(buf, sizeof buf, "%.0f m", m);
  return buf;
}

bool overlaps(const MapBounds& a, const MapBounds& b) {
  return a.x_min_m < b.x_max_m && b.x_min_m < a.x_max_m && a.y_min_m < b.y_max_m &&
         b.y_min_m < a.y_max_m;
}

}  // namespace

double sample_bicubic(const Dem& dem, MapXy p) {
  const CellPos c = dem.grid.to_cell(p);
  if (c.i < 0.0 || c.j < 0.0 || c.i > dem.grid.width - 1 || c.j > dem.grid.height - 1)
    return kNodata;
  const double fi = detmath::floor(c.i), fj = detmath::floor(c.j);
  const int i = static_cast<int>(fi), j = static_cast<int>(fj);
  double wi[4], wj[4];
  catmull_rom_weights(c.i - fi, wi);
  catmull_rom_weights(c.j - fj, wj);
  double h = 0.0;
  for (int b = 0; b < 4; ++b) {
    const int jj = std::clamp(j - 1 + b, 0, dem.grid.height - 1);
    double line = 0.0;
    for (int a = 0; a < 4; ++a)
      line += wi[a] * dem.at(std::clamp(i - 1 + a, 0, dem.grid.width - 1), jj);
    h += wj[b] * line;
  }
  return h;
}

double feather_weight(const GridGeometry& g, MapXy p, double feather_m) {
  const MapBounds b = g.bounds();
  const double half = 0.5 * g.cell_m;
  const double d = std::min({p.x_m - (b.x_min_m + half), (b.x_max_m - half) - p.x_m,
                             p.y_m - (b.y_min_m + half), (b.y_max_m - half) - p.y_m});
  if (d <= 0.0) return 0.0;
  return detmath::smoothstep(0.0, feather_m, d);
}

double distance_outside(const GridGeometry& g, MapXy p) {
  const MapBounds b = g.bounds();
  const double half = 0.5 * g.cell_m;
  const double dx = std::max({(b.x_min_m + half) - p.x_m, 0.0, p.x_m - (b.x_max_m - half)});
  const double dy = std::max({(b.y_min_m + half) - p.y_m, 0.0, p.y_m - (b.y_max_m - half)});
  return std::sqrt(dx * dx + dy * dy);
}

void replace_with_block_means(Dem& coarse, const Dem& fine, int i0, int j0, int i1, int j1) {
  std::vector<double> sum(coarse.grid.cells(), 0.0);
  std::vector<int> count(coarse.grid.cells(), 0);
  for (int j = 0; j < fine.grid.height; ++j)
    for (int i = 0; i < fine.grid.width; ++i) {
      const float h = fine.at(i, j);
      if (is_nodata(h)) continue;
      const CellPos c = coarse.grid.to_cell(fine.grid.cell_center(i, j));
      const int ci = static_cast<int>(std::lround(c.i)), cj = static_cast<int>(std::lround(c.j));
      if (ci < i0 || ci > i1 || cj < j0 || cj > j1) continue;
      const std::size_t k = static_cast<std::size_t>(cj) * coarse.grid.width + ci;
      sum[k] += h;
      ++count[k];
    }
  for (std::size_t k = 0; k < sum.size(); ++k)
    if (count[k] > 0) coarse.height_m[k] = static_cast<float>(sum[k] / count[k]);
}

Result<std::shared_ptr<const LolaTerrain>> LolaTerrain::builtin(const LolaTerrainOptions& o) {
  std::shared_ptr<LolaTerrain> t(new LolaTerrain());
  auto cap = embedded_product("ldem4-cap");
  if (!cap) return cap.error();
  auto grid = pds3_cylindrical(cap->label, RowSpan{0, cap->label.lines}, cap->image);
  if (!grid) return make_error("ldem4-cap: " + grid.error().message);
  t->ldem4_ = std::make_unique<LatLonGrid>(std::move(*grid));
  t->ldem4_sampler_ = std::make_unique<CylindricalSampler>(*t->ldem4_);
  const double ldem4_cell = kMoonRadiusM * deg_to_rad(t->ldem4_->step_deg);
  const double reach = to_map(latlon_deg(kCapLatDeg, 0.0)).y_m;
  t->layers_.push_back({"LOLA LDEM_4 (global, " + km_text(ldem4_cell) + ")", ldem4_cell,
                        MapBounds{-reach, -reach, reach, reach}});

  auto ridge = embedded_polar("shackleton-200m");
  auto rim = embedded_polar("shackleton-40m");
  auto shoemaker = embedded_polar("shoemaker-5m");
  if (!ridge) return ridge.error();
  if (!rim) return rim.error();
  if (!shoemaker) return shoemaker.error();
  replace_with_block_means(*ridge, *rim, kBoxFirst, kBoxFirst, kBoxLast, kBoxLast);
  const std::pair<Dem*, const char*> fine[] = {
      {&*ridge, "LOLA 200 m (Shackleton and the connecting ridge)"},
      {&*rim, "LOLA 40 m (Shackleton's western rim)"},
      {&*shoemaker, "LOLA 5 m (a site near Shoemaker)"}};
  for (auto [dem, name] : fine) {
    const double feather = (dem->grid.cell_m < 10.0 ? 16.0 : 8.0) * dem->grid.cell_m;
    Fine f{std::move(*dem), feather};
    t->fit_offset(f, t->data_cell_m(f.dem.grid.center()));
    t->layers_.push_back({name, f.dem.grid.cell_m, f.dem.grid.bounds()});
    t->fine_.push_back(std::move(f));
  }
  t->detail_ = std::make_unique<SouthPoleModel>(GeneratorOptions{o.seed});
  t->synthetic_detail_ = o.synthetic_detail;
  return std::shared_ptr<const LolaTerrain>(std::move(t));
}

void LolaTerrain::fit_offset(Fine& f, double under_cell_m) const {
  const GridGeometry& g = f.dem.grid;
  double sum = 0.0;
  int n = 0;
  auto add = [&](int i, int j) {
    const double fine = f.dem.at(i, j);
    const double under = real_height_m(g.cell_center(i, j));
    if (fine == fine && under == under) {
      sum += fine - under;
      ++n;
    }
  };
  for (int i = 0; i < g.width; ++i) {
    add(i, 0);
    add(i, g.height - 1);
  }
  for (int j = 1; j + 1 < g.height; ++j) {
    add(0, j);
    add(g.width - 1, j);
  }
  f.offset_m = n > 0 ? sum / n : 0.0;
  f.offset_reach_m = std::max(f.feather_m, 2.0 * under_cell_m);
}

double LolaTerrain::blend(MapXy p, double cell_m, bool detail) const {
  const double coarse_cell = layers_.front().cell_m;
  double h = ldem4_sampler_->height_m(p);
  if (detail) h += detail_->detail_m(p, cell_m, coarse_cell);
  for (const Fine& f : fine_) {
    const double out = distance_outside(f.dem.grid, p);
    if (out < f.offset_reach_m)
      h += f.offset_m * (1.0 - detmath::smoothstep(0.0, f.offset_reach_m, out));
    const double w = feather_weight(f.dem.grid, p, f.feather_m);
    if (w <= 0.0) continue;
    double hf = sample_bicubic(f.dem, p);
    if (hf != hf) continue;
    if (detail) hf += detail_->detail_m(p, cell_m, f.dem.grid.cell_m);
    h += w * (hf - h);
  }
  return h;
}

double LolaTerrain::height_m(MapXy p, double cell_m) const {
  return blend(p, cell_m, synthetic_detail_);
}

double LolaTerrain::real_height_m(MapXy p) const { return blend(p, 0.0, false); }

double LolaTerrain::data_cell_m(MapXy p) const {
  double cell = layers_.front().cell_m;
  for (const Fine& f : fine_)
    if (feather_weight(f.dem.grid, p, f.feather_m) > 0.5) cell = f.dem.grid.cell_m;
  return cell;
}

std::string LolaTerrain::describe_short(const GridGeometry& grid) const {
  const MapBounds b = grid.bounds();
  std::string text = "Real Moon: LOLA " + km_text(layers_.front().cell_m);
  std::string finer;
  for (std::size_t k = 1; k < layers_.size(); ++k)
    if (overlaps(b, layers_[k].bounds))
      finer += (finer.empty() ? "" : ", ") + km_text(layers_[k].cell_m);
  if (!finer.empty()) text += "; " + finer + " where they reach";
  if (synthetic_detail_ && grid.cell_m < kSyntheticDetailBelowCellM)
    text += "; finer detail synthetic";
  return text;
}

double LolaTerrain::cap_lat_deg() const { return kCapLatDeg; }

std::string LolaTerrain::describe(const GridGeometry& grid) const {
  const MapBounds b = grid.bounds();
  std::string text = "Real Moon: " + layers_.front().name + " everywhere";
  std::string finer;
  for (std::size_t k = 1; k < layers_.size(); ++k)
    if (overlaps(b, layers_[k].bounds)) finer += (finer.empty() ? "" : ", ") + layers_[k].name;
  if (!finer.empty()) text += "; " + finer + " where they reach";
  if (synthetic_detail_ && grid.cell_m < kSyntheticDetailBelowCellM)
    text += "; detail finer than the data under it (below " + km_text(layers_.front().cell_m) +
            (finer.empty() ? "" : " outside the finer grids") + ") is synthetic";
  return text;
}

}  // namespace ce8::terrain
