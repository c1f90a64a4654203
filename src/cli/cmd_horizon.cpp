// `ce8 horizon --dem FILE.tif --directions N [--height M] [--flat] [--threads T]
// [--lines-per-cell L] [--method sweep|raymarch] [--far-dem FILE [--far-lattice S]] --out
// FILE.tif`: an N-band float32 GeoTIFF, band k (from 1) = horizon elevation in degrees toward grid
// azimuth (k-1)*360/N, clockwise from the grid's +y axis (toward 0°E). With --far-dem the horizon
// is layered: --dem near the cell, the far DEM (e.g. the regional grid) beyond the tile's edge
// (engine/illumination/far_horizon.hpp). JSON summary on stdout; one
// "ce8: error: ..." line and exit 2 on bad input, no file left behind.
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/parallel/cluster.hpp"
#include "cli/parallel/distributed_maps.hpp"
#include "engine/illumination/far_horizon.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/raster_io.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem_io.hpp"

namespace ce8::cli {

namespace {

struct HorizonArgs {
  std::string dem, out;
  int directions = 0;
  double height_m = 0.0;
  bool flat = false;
  int threads = 0;
  int lines_per_cell = 2;
  std::string method = "sweep";
  std::string far_dem;
  int far_lattice = 16;
};

std::string horizon_description(const HorizonArgs& a, const illumination::HorizonOptions& o) {
  return "ce8 horizon: horizon elevation (deg) of " + a.dem + ", " + std::to_string(o.directions) +
         " grid azimuths clockwise from +y, observer height " +
         std::to_string(o.observer_height_m) + " m, " + (o.curvature ? "lunar curvature" : "flat") +
         (a.far_dem.empty() ? std::string() : ", far horizon from " + a.far_dem);
}

// The map split by direction over the run's ranks (an MPI build; cli/parallel): the same file.
int run_split(const terrain::Dem& dem, const illumination::HorizonOptions& o,
              const HorizonArgs& a) {
  // Bad input (the same on every rank): exit 2 before anything is allocated.
  if (auto ok = parallel::check_shares(dem.grid, o, false); !ok) return fail(ok.error().message);
  const int threads = a.threads > 0 ? a.threads : jobs::hardware_threads();
  const double t0 = jobs::monotonic_seconds();
  auto split = parallel::write_horizon_map(dem, o, threads, a.out, horizon_description(a, o));
  if (!split) return fail(split.error().message, kFailed);
  if (!parallel::is_root()) return kOk;
  nlohmann::json j;
  j["file"] = a.out;
  j["width"] = dem.width();
  j["height"] = dem.height();
  j["directions"] = o.directions;
  j["observer_height_m"] = o.observer_height_m;
  j["curvature"] = o.curvature;
  j["method"] = a.method;
  j["lines_per_cell"] = o.lines_per_cell;
  j["far_dem"] = nullptr;
  j.update(*split);
  j["threads"] = threads;
  j["seconds"] = jobs::monotonic_seconds() - t0;
  std::cout << j.dump(2) << "\n";
  return kOk;
}

}  // namespace

void register_horizon(CLI::App& app, Runner& runner) {
  auto a = std::make_shared<HorizonArgs>();
  auto* cmd = app.add_subcommand(
      "horizon",
      "Horizon map: elevation of the local horizon of every DEM cell in N directions "
      "(Moon's curvature included unless --flat)");
  cmd->add_option("--dem", a->dem, "Input DEM (GeoTIFF or PDS3)")->required();
  cmd->add_option("--directions", a->directions, "Number of directions N (4..3600)")->required();
  cmd->add_option("--height", a->height_m,
                  "Observer height above the ground in metres (default 0)");
  cmd->add_flag("--flat", a->flat, "Planar geometry (no curvature), as planar GIS tools");
  cmd->add_option("--threads", a->threads, "Threads (default: all cores)");
  cmd->add_option("--lines-per-cell", a->lines_per_cell,
                  "Sweep lines per cell (1..8, default 2): more is more accurate and slower");
  cmd->add_option("--method", a->method,
                  "sweep (default, fast) or raymarch (every ray marched cell by cell: the exact "
                  "reference, far slower)");
  cmd->add_option("--far-dem", a->far_dem,
                  "Far DEM (e.g. the regional grid) containing --dem: horizons beyond --dem's edge "
                  "come from it (layered horizons)");
  cmd->add_option("--far-lattice", a->far_lattice,
                  "With --far-dem: far horizons are marched every S cells and interpolated "
                  "(1..256, default 16; 1 = every cell)");
  cmd->add_option("--out", a->out, "Output GeoTIFF (N bands, degrees)")->required();
  cmd->callback([&runner, a] {
    runner.action = [a]() -> int {
      using namespace ce8::illumination;
      HorizonOptions o;
      o.directions = a->directions;
      o.observer_height_m = a->height_m;
      o.curvature = !a->flat;
      o.lines_per_cell = a->lines_per_cell;
      if (a->directions < kMinDirections || a->directions > kMaxDirections)
        return fail("--directions must be between 4 and 3600, got " +
                    std::to_string(a->directions));
      if (!(a->height_m >= 0.0) || a->height_m > kMaxObserverHeightM)
        return fail("--height must be between 0 and 10000 metres");
      if (a->threads < 0) return fail("--threads must be positive");
      if (a->lines_per_cell < 1 || a->lines_per_cell > kMaxLinesPerCell)
        return fail("--lines-per-cell must be between 1 and " + std::to_string(kMaxLinesPerCell) +
                    ", got " + std::to_string(a->lines_per_cell));
      if (a->method != "sweep" && a->method != "raymarch")
        return fail("--method must be sweep or raymarch, got '" + a->method + "'");
      if (a->far_lattice < 1 || a->far_lattice > kMaxFarLatticeCells)
        return fail("--far-lattice must be between 1 and " + std::to_string(kMaxFarLatticeCells) +
                    ", got " + std::to_string(a->far_lattice));
      // Under MPI every rank reads the DEM and all stop together if one cannot (cluster.hpp).
      auto dem = terrain::read_dem(parallel::dem_path_for_rank(a->dem));
      if (auto ok = parallel::agree(dem ? Status(Ok{}) : Status(dem.error())); !ok)
        return fail(ok.error().message);
      const bool split = parallel::built_with_mpi() && a->far_dem.empty() && a->method == "sweep";
      if (parallel::size() > 1 && !split)
        return fail("--far-dem and --method raymarch run on one MPI rank only (mpirun -n 1)");
      if (split) return run_split(*dem, o, *a);
      if (auto ok = check_horizon_request(dem->grid, o); !ok) return fail(ok.error().message);
      std::optional<terrain::Dem> far;
      if (!a->far_dem.empty()) {
        auto f = terrain::read_dem(a->far_dem);
        if (!f) return fail("--far-dem: " + f.error().message);
        if (auto ok = check_far_dem(*dem, *f); !ok) return fail(ok.error().message);
        far = std::move(*f);
      }
      const int threads = a->threads > 0 ? a->threads : jobs::hardware_threads();
      const double t0 = jobs::monotonic_seconds();
      FarLayerStats far_stats;
      FarHorizonOptions fo;
      fo.lattice_cells = a->far_lattice;
      auto map = far ? compute_layered_horizon_map(*dem, *far, o, threads, fo, &far_stats,
                                                   a->method == "raymarch")
                 : a->method == "raymarch" ? compute_horizon_map_raymarch(*dem, o, threads)
                                           : compute_horizon_map(*dem, o, threads);
      if (!map) return fail(map.error().message, kFailed);
      const double seconds = jobs::monotonic_seconds() - t0;
      // Degrees for the file, band by band.
      const std::size_t cells = map->cells();
      auto& e = map->elevation_rad;
      double mn = INFINITY, mx = -INFINITY;
      for (float& v : e) {
        v = static_cast<float>(v * (180.0 / 3.14159265358979323846));
        if (v == v) mn = std::min<double>(mn, v), mx = std::max<double>(mx, v);
      }
      std::vector<illumination::Band> bands;
      for (int k = 0; k < o.directions; ++k) {
        char name[64];
        std::snprintf(name, sizeof name, "horizon_deg_grid_az_%.6g", 360.0 * k / o.directions);
        bands.push_back({e.data() + cells * k, name, "deg"});
      }
      const std::string desc = horizon_description(*a, o);
      if (auto w = write_bands_geotiff(dem->grid, bands, a->out, desc); !w)
        return fail(w.error().message);
      nlohmann::json j;
      j["file"] = a->out;
      j["width"] = dem->width();
      j["height"] = dem->height();
      j["directions"] = o.directions;
      j["observer_height_m"] = o.observer_height_m;
      j["curvature"] = o.curvature;
      j["method"] = a->method;
      if (a->method == "sweep") j["lines_per_cell"] = o.lines_per_cell;
      if (far) {
        j["far_dem"] = {{"file", a->far_dem},
                        {"width", far->width()},
                        {"height", far->height()},
                        {"cell_m", far->cell_m()},
                        {"lattice_cells", fo.lattice_cells},
                        {"percent_cell_directions_raised", 100.0 * far_stats.raised_fraction}};
      } else {
        j["far_dem"] = nullptr;
      }
      j["min_horizon_deg"] = mn;
      j["max_horizon_deg"] = mx;
      j["threads"] = threads;
      j["ranks"] = 1;
      j["seconds"] = seconds;
      std::cout << j.dump(2) << "\n";
      return kOk;
    };
  });
}

}  // namespace ce8::cli
