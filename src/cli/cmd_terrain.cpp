// `ce8 terrain`: the south-pole terrain from the command line.
//   generate --out FILE.tif [--size N] [--resolution METRES] [--center LAT,LON] [--seed N]
//   info FILE
//   slope --dem FILE --out FILE.tif
// JSON on stdout; one "ce8: error: ..." line on stderr and exit 2 on bad input, with no output
// file left behind (files are written to a temporary name and renamed when complete).
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

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

// "LAT,LON" in degrees; latitude in the southern hemisphere, longitude any (wrapped).
bool parse_center(const std::string& text, double& lat, double& lon, std::string& why) {
  const auto v = parse_number_list(text, 2, 2);  // engine/core/parse.hpp (fuzzed)
  if (!v) {
    why = "--center must be LAT,LON in degrees, got '" + text + "'";
    return false;
  }
  lat = (*v)[0];
  lon = (*v)[1];
  const std::string a = text.substr(0, text.find(','));
  if (lat < -90.0 || lat > -60.0) {
    why = "--center latitude must be between -90 and -60 degrees (south polar grid), got " + a;
    return false;
  }
  return true;
}

int print(const nlohmann::json& j) {
  std::cout << j.dump(2) << "\n";
  return kOk;
}

}  // namespace

void register_terrain(CLI::App& app, Runner& runner) {
  auto* terrain = app.add_subcommand(
      "terrain", "South-pole terrain: generate the built-in model, inspect DEMs, derive slope");
  terrain->require_subcommand(1);

  struct GenerateArgs {
    std::string out, center;
    int size = kRegionalSize;
    double resolution_m = kRegionalCellM;
    std::uint64_t seed = GeneratorOptions{}.seed;
    std::string model = "lola";
    bool no_detail = false;
  };
  auto gen_args = std::make_shared<GenerateArgs>();
  auto* gen = terrain->add_subcommand(
      "generate",
      "Write the built-in south-pole terrain (real LOLA heights; detail finer than the data is "
      "synthetic) as a float32 GeoTIFF; default: the regional grid centred on the pole, to 80 S");
  gen->add_option("--out", gen_args->out, "Output GeoTIFF")->required();
  gen->add_option("--size", gen_args->size, "Cells per side (default 2048, at most 16384)");
  gen->add_option("--resolution", gen_args->resolution_m, "Cell size in metres (default 300)");
  gen->add_option("--model", gen_args->model,
                  "lola (default: real LOLA heights) or synthetic (the old invented model)");
  gen->add_flag("--no-detail", gen_args->no_detail,
                "LOLA heights only: no synthetic detail finer than the data");
  gen->add_option("--center", gen_args->center, "Grid centre LAT,LON in degrees (default: pole)")
      ->allow_extra_args(false);
  gen->add_option("--seed", gen_args->seed, "Seed of the small craters and roughness");
  gen->callback([&runner, gen_args] {
    runner.action = [gen_args]() -> int {
      const GenerateArgs& a = *gen_args;
      if (!(a.resolution_m > 0.0) || !std::isfinite(a.resolution_m))
        return fail("--resolution must be a positive number of metres");
      MapXy center{0.0, 0.0};
      if (!a.center.empty()) {
        double lat = 0.0, lon = 0.0;
        std::string why;
        if (!parse_center(a.center, lat, lon, why)) return fail(why);
        center = to_map(latlon_deg(lat, lon));
      }
      const GridGeometry grid = GridGeometry::centered(center, a.size, a.size, a.resolution_m);
      if (auto ok = check_grid(grid); !ok) return fail("--size: " + ok.error().message);
      if (a.model != "lola" && a.model != "synthetic")
        return fail("--model must be lola or synthetic, got '" + a.model + "'");
      std::shared_ptr<const HeightModel> model;
      std::string source =
          "synthetic south-pole model (not LOLA data), seed " + std::to_string(a.seed);
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
    };
  });

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

  struct ImportArgs {
    std::string in, out;
    double cap_lat_deg = -80.0;
    double resolution_m = 0.0;
  };
  auto imp_args = std::make_shared<ImportArgs>();
  auto* imp = terrain->add_subcommand(
      "import",
      "Turn any LOLA DEM (PDS3 IMG+LBL, polar stereographic or simple cylindrical, or GeoTIFF) "
      "into a polar stereographic GeoTIFF");
  imp->add_option("--in", imp_args->in, "LOLA product: its .LBL (or .IMG) or a GeoTIFF")
      ->required();
  imp->add_option("--out", imp_args->out, "Output GeoTIFF")->required();
  auto* cap_opt =
      imp->add_option("--cap-lat", imp_args->cap_lat_deg,
                      "Cylindrical products: the polar grid reaches this latitude (default -80)");
  imp->add_option("--resolution", imp_args->resolution_m,
                  "Cylindrical products: cell size in metres (default: the product's own)");
  imp->callback([&runner, imp_args, cap_opt] {
    const bool cap_given = cap_opt->count() > 0;
    runner.action = [imp_args, cap_given]() -> int {
      const ImportArgs& a = *imp_args;
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
    };
  });

  struct SlopeArgs {
    std::string dem, out;
  };
  auto slope_args = std::make_shared<SlopeArgs>();
  auto* slope = terrain->add_subcommand(
      "slope", "Write the slope in degrees (Horn's method, like gdaldem slope) as a GeoTIFF");
  slope->add_option("--dem", slope_args->dem, "Input DEM (GeoTIFF or PDS3)")->required();
  slope->add_option("--out", slope_args->out, "Output GeoTIFF")->required();
  slope->callback([&runner, slope_args] {
    runner.action = [slope_args]() -> int {
      auto dem = read_dem(slope_args->dem);
      if (!dem) return fail(dem.error().message);
      const Dem s = slope_deg(*dem);
      GeoTiffOptions opts;
      opts.description = "slope in degrees (Horn) of " + slope_args->dem;
      if (auto w = write_geotiff(s, slope_args->out, opts); !w) return fail(w.error().message);
      const HeightStats st = height_stats(s);
      nlohmann::json j;
      j["file"] = slope_args->out;
      j["width"] = s.width();
      j["height"] = s.height();
      j["min_slope_deg"] =
          is_nodata(st.min_height_m) ? nlohmann::json() : nlohmann::json(st.min_height_m);
      j["max_slope_deg"] =
          is_nodata(st.max_height_m) ? nlohmann::json() : nlohmann::json(st.max_height_m);
      j["mean_slope_deg"] =
          std::isnan(st.mean_height_m) ? nlohmann::json() : nlohmann::json(st.mean_height_m);
      return print(j);
    };
  });
}

}  // namespace ce8::cli
