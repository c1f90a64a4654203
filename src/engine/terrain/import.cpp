#include "engine/terrain/import.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "engine/terrain/projection.hpp"

namespace ce8::terrain {
namespace {

std::string fmt_num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

}  // namespace

Status check_import_size(int width, int height) {
  if (width <= 0 || height <= 0)
    return make_error("the raster has no cells (" + std::to_string(width) + " x " +
                      std::to_string(height) + ")");
  if (width > kMaxImportDimension || height > kMaxImportDimension)
    return make_error("the raster is " + std::to_string(width) + " x " + std::to_string(height) +
                      " cells; the browser takes at most " + std::to_string(kMaxImportDimension) +
                      " cells per side");
  if (std::int64_t{width} * height > kMaxImportCells)
    return make_error("the raster has too many cells (limit " + std::to_string(kMaxImportCells) +
                      ")");
  return Ok{};
}

Result<std::string> geokeys_to_proj(const std::string& description) {
  const std::string prefix = "geokeys:";
  if (description.compare(0, prefix.size(), prefix) != 0)
    return make_error("not a GeoKey description");
  std::map<std::string, double> keys;
  std::istringstream in(description.substr(prefix.size()));
  std::string tok;
  while (in >> tok) {
    const auto eq = tok.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string value = tok.substr(eq + 1);
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || !end || *end != '\0' || !std::isfinite(v)) continue;
    keys[tok.substr(0, eq)] = v;
  }
  auto get = [&](const char* k) -> std::optional<double> {
    const auto it = keys.find(k);
    if (it == keys.end()) return std::nullopt;
    return it->second;
  };
  if (keys.empty()) return make_error("the file carries no georeference (no GeoTIFF GeoKeys)");
  if (auto m = get("GTModelTypeGeoKey"); m && *m != 1.0)
    return make_error(*m == 2.0 ? "the file is in geographic latitude/longitude, not lunar south "
                                  "polar stereographic; reproject it with gdalwarp first"
                                : "the file's model type is not a projected system");
  if (auto p = get("ProjectedCSTypeGeoKey"); p && *p != 32767.0)
    return make_error("the file uses EPSG:" + fmt_num(*p) +
                      ", a terrestrial projection, not lunar south polar stereographic");
  if (auto g = get("GeographicTypeGeoKey"); g && *g != 32767.0)
    return make_error("the file's datum is EPSG:" + fmt_num(*g) +
                      " (terrestrial), not the lunar sphere R = 1737.4 km");
  const auto ct = get("ProjCoordTransGeoKey");
  if (!ct) return make_error("the file names no projection (ProjCoordTransGeoKey missing)");
  if (*ct != 15.0)
    return make_error("the file's projection (GeoTIFF coordinate transformation " + fmt_num(*ct) +
                      ") is not polar stereographic; reproject it with gdalwarp first");
  const auto a = get("GeogSemiMajorAxisGeoKey");
  if (!a) return make_error("the file names no body radius (GeogSemiMajorAxisGeoKey missing)");
  if (auto u = get("ProjLinearUnitsGeoKey"); u && *u != 9001.0)
    return make_error("the file's map units are not metres (GeoTIFF unit " + fmt_num(*u) + ")");
  auto first = [&](std::initializer_list<const char*> names, double fallback) {
    for (const char* n : names)
      if (auto v = get(n)) return *v;
    return fallback;
  };
  const double lat0 = first({"ProjNatOriginLatGeoKey", "ProjCenterLatGeoKey"}, -90.0);
  std::string proj = "+proj=stere +lat_0=" + fmt_num(lat0);
  if (auto ts = get("ProjStdParallel1GeoKey")) proj += " +lat_ts=" + fmt_num(*ts);
  proj += " +lon_0=" + fmt_num(first({"ProjStraightVertPoleLongGeoKey", "ProjNatOriginLongGeoKey",
                                      "ProjCenterLongGeoKey"},
                                     0.0));
  proj += " +k=" + fmt_num(first({"ProjScaleAtNatOriginGeoKey", "ProjScaleAtCenterGeoKey"}, 1.0));
  proj += " +x_0=" + fmt_num(first({"ProjFalseEastingGeoKey", "ProjFalseOriginEastingGeoKey"}, 0));
  proj +=
      " +y_0=" + fmt_num(first({"ProjFalseNorthingGeoKey", "ProjFalseOriginNorthingGeoKey"}, 0));
  proj += " +a=" + fmt_num(*a);
  if (auto b = get("GeogSemiMinorAxisGeoKey"))
    proj += " +b=" + fmt_num(*b);
  else if (auto rf = get("GeogInvFlatteningGeoKey"))
    proj += " +rf=" + fmt_num(*rf);
  proj += " +units=m";
  return proj;
}

Result<Dem> dem_from_raster(const RasterImport& r) {
  if (auto s = check_import_size(r.width, r.height); !s) return s.error();
  const std::size_t cells = static_cast<std::size_t>(r.width) * r.height;
  if (r.values.size() != cells)
    return make_error("the raster holds " + std::to_string(r.values.size()) + " values for " +
                      std::to_string(r.width) + " x " + std::to_string(r.height) + " cells");

  // Projection first: a file in the wrong projection is refused whatever its numbers.
  std::string proj = r.projection;
  if (proj.rfind("geokeys:", 0) == 0) {
    auto p = geokeys_to_proj(proj);
    if (!p) return p.error();
    proj = *p;
  } else if (proj.empty()) {
    return make_error("the file carries no projection; expected lunar south polar stereographic");
  } else if (proj.find("+proj=") == std::string::npos) {
    return make_error(
        "the projection is not a PROJ string or GeoTIFF GeoKeys; expected lunar "
        "south polar stereographic");
  }
  if (!is_lunar_south_polar_stereographic(proj))
    return make_error("the projection is not lunar south polar stereographic (" + proj +
                      "); reproject it with gdalwarp first");

  const double* gt = r.geotransform;
  for (int k = 0; k < 6; ++k)
    if (!std::isfinite(gt[k])) return make_error("the georeference holds a non-finite number");
  if (gt[2] != 0.0 || gt[4] != 0.0)
    return make_error("the grid is rotated; only north-up grids are supported");
  if (!(gt[1] > 0.0) || !(gt[5] < 0.0))
    return make_error("the grid is not north-up with positive cell size (pixel size " +
                      fmt_num(gt[1]) + ", " + fmt_num(gt[5]) + ")");
  if (std::fabs(gt[1] + gt[5]) > 1e-6 * gt[1])
    return make_error("the cells are not square (" + fmt_num(gt[1]) + " x " + fmt_num(-gt[5]) +
                      " m)");
  if (gt[1] < 0.01 || gt[1] > 100000.0)
    return make_error("the cell size " + fmt_num(gt[1]) + " m is outside 0.01 m .. 100 km");

  GridGeometry grid;
  grid.width = r.width;
  grid.height = r.height;
  grid.x_min_m = gt[0];
  grid.y_max_m = gt[3];
  grid.cell_m = gt[1];
  if (auto s = check_grid(grid); !s) return s.error();
  const MapBounds b = grid.bounds();
  const double reach = std::max(
      {std::fabs(b.x_min_m), std::fabs(b.x_max_m), std::fabs(b.y_min_m), std::fabs(b.y_max_m)});
  if (reach >= 2.0 * kMoonRadiusM)
    return make_error("the grid reaches beyond the southern hemisphere (" +
                      fmt_num(reach / 1000.0) + " km from the pole)");

  auto dem = make_dem(grid, kNodata);
  if (!dem) return dem.error();
  std::size_t valid = 0;
  for (std::size_t k = 0; k < cells; ++k) {
    const float v = r.values[k];
    if (!std::isfinite(v) || (r.nodata && static_cast<double>(v) == *r.nodata) ||
        (r.nodata &&
         std::fabs(static_cast<double>(v) - *r.nodata) <= 1e-6 * std::fabs(*r.nodata))) {
      continue;
    }
    if (std::fabs(v) > kMaxImportAbsHeightM)
      return make_error("a height of " + fmt_num(v) +
                        " m is not metres above the 1737.4 km sphere (limit +-30 km)");
    dem->height_m[k] = v;
    ++valid;
  }
  if (valid == 0) return make_error("every cell is nodata");
  return dem;
}

}  // namespace ce8::terrain
