// `ce8 terrain`: the south-pole terrain from the command line.
//   generate --out FILE.tif [--size N] [--resolution METRES] [--center LAT,LON]
//   [--seed N] info FILE slope --dem FILE --out FILE.tif
// JSON on stdout; one "ce8: error: ..." line on stderr and exit 2 on bad input,
// with no output file left behind (files are written to a temporary name and
// renamed when complete).
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "engine/core/parse.hpp"
#include "engine/terrain/dem_io.hpp"
#include "engine/terrain/derived.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"

namespace ce8::cli {
namespace {

using namespace ce8::terrain;

nlohmann::json describe(const Dem& dem) {
  const HeightStats s = height_stats(dem);
  const MapBounds b = dem.grid.bounds();
  nlohmann::json j;
  j["width"] = dem.width();
  j["height"] = dem.height();
  j["resolution_m"] = dem.cell_m();
  j["projection"] = kProjString;
  j["bounds"] = {{"x_min_m", b.x_min_m},
                 {"y_min_m", b.y_min_m},
                 {"x_max_m", b.x_max_m},
                 {"y_max_m", b.y_max_m}};
  if (is_nodata(s.min_height_m)) {
    j["min_height_m"] = nullptr;
    j["max_height_m"] = nullptr;
  } else {
    j["min_height_m"] = s.min_height_m;
    j["max_height_m"] = s.max_height_m;
  }
  j["nodata_count"] = s.nodata_count;
  return j;
}

int print(const nlohmann::json& j) {
  std::cout << j.dump(2) << "\n";
  return kOk;
}

struct GenerateArgs {
  std::string out, center;
  int size = kRegionalSize;
  double resolution_m = kRegionalCellM;
  std::uint64_t seed = GeneratorOptions{}.seed;
  std::string model = "lola";
  bool no_detail = false;
};

int run_generate(const GenerateArgs& a) {
  if (!(a.resolution_m > 0.0) || !std::isfinite(a.resolution_m))
    return fail("--resolution must be a positive number of metres");
  MapXy center{0.0, 0.0};
  if (!a.center.empty()) {
    auto c = parse_polar_point_option("--center", a.center);
    if (!c) return fail(c.error().message);
    center = *c;
  }
  const GridGeometry grid = GridGeometry::centered(center, a.size, a.size, a.resolution_m);
  if (auto ok = check_grid(grid); !ok) return fail("--size: " + ok.error().message);
  if (a.model != "lola" && a.model != "synthetic")
    return fail("--model must be lola or synthetic, got '" + a.model + "'");
  std::shared_ptr<const HeightModel> model;
  std::string source = "synthetic south-pole model (not LOLA data), seed " + std::to_string(a.seed);
  if (a.model == "lola") {
    auto lola = LolaTerrain::builtin({!a.no_detail, a.seed});
    if (!lola) return fail(lola.error().message);
    const double north = northernmost_lat_deg(grid);
    if (north > (*lola)->cap_lat_deg())
      return fail("the grid reaches " + std::to_string(north).substr(0, 6) +
                  " deg latitude; the built-in LOLA terrain covers the cap from " +
                  std::to_string(static_cast<int>((*lola)->cap_lat_deg())) +
                  " deg to the pole (use a smaller --size or --resolution)");
    source = (*lola)->describe(grid);
    model = *lola;
  } else {
    model = std::make_shared<SouthPoleModel>(GeneratorOptions{a.seed});
  }
  auto dem = generate(grid, *model);
  if (!dem) return fail(dem.error().message);
  GeoTiffOptions opts;
  opts.description = "Chang'e-8 Mission Explorer built-in south-pole terrain. " + source +
                     ". Elevation data: NASA/GSFC/LOLA.";
  if (auto w = write_geotiff(*dem, a.out, opts); !w) return fail(w.error().message);
  nlohmann::json j = describe(*dem);
  j["file"] = a.out;
  j["seed"] = a.seed;
  j["model"] = a.model;
  j["source"] = source;
  return print(j);
}

void add_generate(CLI::App* terrain, Runner& runner) {
  auto gen_args = std::make_shared<GenerateArgs>();
  auto* gen = terrain->add_subcommand("generate",
                                      "Write the built-in south-pole terrain (real LOLA heights; "
                                      "detail finer than the data is "
                                      "synthetic) as a float32 GeoTIFF; default: the regional grid "
                                      "centred on the pole, to 80 S");
  gen->add_option("--out", gen_args->out, "Output GeoTIFF")->required();
  gen->add_option("--size", gen_args->size, "Cells per side (default 2048, at most 16384)");
  gen->add_option("--resolution", gen_args->resolution_m, "Cell size in metres (default 300)");
  gen->add_option("--model", gen_args->model,
                  "lola (default: real LOLA heights) or synthetic (the old "
                  "invented model)");
  gen->add_flag("--no-detail", gen_args->no_detail,
                "LOLA heights only: no synthetic detail finer than the data");
  gen->add_option("--center", gen_args->center, "Grid centre LAT,LON in degrees (default: pole)")
      ->allow_extra_args(false);
  gen->add_option("--seed", gen_args->seed, "Seed of the small craters and roughness");
  gen->callback([&runner, gen_args] {
    runner.action = [gen_args]() -> int { return run_generate(*gen_args); };
  });
}

void add_info(CLI::App* terrain, Runner& runner) {
  auto info_file = std::make_shared<std::string>();
  auto* info = terrain->add_subcommand("info", "Describe a DEM (GeoTIFF or PDS3) as JSON");
  info->add_option("FILE", *info_file, "DEM file")->required();
  info->callback([&runner, info_file] {
    runner.action = [info_file]() -> int {
      auto dem = read_dem(*info_file);
      if (!dem) return fail(dem.error().message);
      nlohmann::json j = describe(*dem);
      j["file"] = *info_file;
      return print(j);
    };
  });
}

struct ImportArgs {
  std::string in, out;
  double cap_lat_deg = -80.0;
  double resolution_m = 0.0;
};

int run_import(const ImportArgs& a, bool cap_given) {
  if (!(a.cap_lat_deg >= -89.0 && a.cap_lat_deg <= -30.0))
    return fail("--cap-lat must be between -89 and -30 degrees, got " +
                std::to_string(a.cap_lat_deg));
  if (!(a.resolution_m >= 0.0) || !std::isfinite(a.resolution_m))
    return fail("--resolution must be a positive number of metres");
  ReadLimits limits;
  limits.cylindrical_cap_lat_deg = a.cap_lat_deg;
  limits.cylindrical_cell_m = a.resolution_m;
  limits.cylindrical_cap_required = cap_given;
  auto dem = read_dem(a.in, limits);
  if (!dem) return fail(dem.error().message);
  GeoTiffOptions opts;
  opts.description =
      "Imported from " + a.in + " by ce8 terrain import. Elevation data: NASA/GSFC/LOLA.";
  if (auto w = write_geotiff(*dem, a.out, opts); !w) return fail(w.error().message);
  nlohmann::json j = describe(*dem);
  j["file"] = a.out;
  j["source"] = a.in;
  return print(j);
}

void add_import(CLI::App* terrain, Runner& runner) {
  auto imp_args = std::make_shared<ImportArgs>();
  auto* imp = terrain->add_subcommand("import",
                                      "Turn any LOLA DEM (PDS3 IMG+LBL, polar stereographic or "
                                      "simple cylindrical, or GeoTIFF) "
                                      "into a polar stereographic GeoTIFF");
  imp->add_option("--in", imp_args->in, "LOLA product: its .LBL (or .IMG) or a GeoTIFF")
      ->required();
  imp->add_option("--out", imp_args->out, "Output GeoTIFF")->required();
  auto* cap_opt = imp->add_option("--cap-lat", imp_args->cap_lat_deg,
                                  "Cylindrical products: the polar grid "
                                  "reaches this latitude (default -80)");
  imp->add_option("--resolution", imp_args->resolution_m,
                  "Cylindrical products: cell size in metres (default: the product's own)");
  imp->callback([&runner, imp_args, cap_opt] {
    const bool cap_given = cap_opt->count() > 0;
    runner.action = [imp_args, cap_given]() -> int { return run_import(*imp_args, cap_given); };
  });
}

struct SlopeArgs {
  std::string dem, out;
};

int run_slope(const SlopeArgs& a) {
  auto dem = read_dem(a.dem);
  if (!dem) return fail(dem.error().message);
  const Dem s = slope_deg(*dem);
  GeoTiffOptions opts;
  opts.description = "slope in degrees (Horn) of " + a.dem;
  if (auto w = write_geotiff(s, a.out, opts); !w) return fail(w.error().message);
  const HeightStats st = height_stats(s);
  nlohmann::json j;
  j["file"] = a.out;
  j["width"] = s.width();
  j["height"] = s.height();
  j["min_slope_deg"] =
      is_nodata(st.min_height_m) ? nlohmann::json() : nlohmann::json(st.min_height_m);
  j["max_slope_deg"] =
      is_nodata(st.max_height_m) ? nlohmann::json() : nlohmann::json(st.max_height_m);
  j["mean_slope_deg"] =
      std::isnan(st.mean_height_m) ? nlohmann::json() : nlohmann::json(st.mean_height_m);
  return print(j);
}

void add_slope(CLI::App* terrain, Runner& runner) {
  auto slope_args = std::make_shared<SlopeArgs>();
  auto* slope =
      terrain->add_subcommand("slope",
                              "Write the slope in degrees (Horn's method, like gdaldem slope) "
                              "as a GeoTIFF");
  slope->add_option("--dem", slope_args->dem, "Input DEM (GeoTIFF or PDS3)")->required();
  slope->add_option("--out", slope_args->out, "Output GeoTIFF")->required();
  slope->callback([&runner, slope_args] {
    runner.action = [slope_args]() -> int { return run_slope(*slope_args); };
  });
}

}  // namespace

void register_terrain(CLI::App& app, Runner& runner) {
  auto* terrain = app.add_subcommand("terrain",
                                     "South-pole terrain: generate the built-in "
                                     "model, inspect DEMs, derive slope");
  terrain->require_subcommand(1);
  add_generate(terrain, runner);
  add_info(terrain, runner);
  add_import(terrain, runner);
  add_slope(terrain, runner);
}

}  // namespace ce8::cli
