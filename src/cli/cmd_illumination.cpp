// `ce8 illumination`: Sun and Earth visibility over a time window.
//   Map:  --dem FILE --from ISO --until ISO --step DUR [--height M] [--directions N] [--flat]
//         [--threads T] --out FILE.tif  -> 4 bands: percent of time lit (Sun disk fraction
//         weighted), percent of time the Earth is in view (disk weighted), longest continuous
//         darkness in hours, permanently shadowed (1) or not (0). JSON summary on stdout.
//   Site: --dem FILE --site LAT,LON --from --until --step [--height M] [--directions N]
//         [--format csv|json] -> one row per instant on stdout: time_utc, sun_az_deg,
//         sun_el_deg, horizon_el_toward_sun_deg, sun_visible_fraction, earth_el_deg,
//         earth_visible_fraction (azimuths geographic, clockwise from north).
//   Both: --far-dem FILE layers the horizon: --dem near, FILE (containing --dem) beyond its edge.
// Bad input: one "ce8: error: ..." line on stderr, exit 2, nothing on stdout, no file.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_parse.hpp"
#include "cli/command.hpp"
#include "cli/parallel/cluster.hpp"
#include "cli/parallel/distributed_maps.hpp"
#include "engine/illumination/far_horizon.hpp"
#include "engine/illumination/horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/illumination/raster_io.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/terrain/dem_io.hpp"
#include "engine/time/time.hpp"

namespace ce8::cli {
namespace {
constexpr double kDeg = 180.0 / std::numbers::pi;

// The map split over the run's ranks (an MPI build; cli/parallel/distributed_maps.hpp): the
// same file as below.
int run_split_map(const terrain::Dem& dem, const illumination::HorizonOptions& o,
                  const illumination::TimeWindow& w, illumination::IlluminationMethod method,
                  int threads, const std::string& out, const std::string& desc) {
  // Bad input (the same on every rank): exit 2 before anything is allocated.
  if (auto ok = parallel::check_shares(dem.grid, o, true); !ok) return fail(ok.error().message);
  auto split = parallel::write_illumination_map(dem, o, w, method, threads, out, desc);
  if (!split) return fail(split.error().message, kFailed);
  if (!parallel::is_root()) return kOk;
  nlohmann::json j;
  j["file"] = out;
  j["width"] = dem.width();
  j["height"] = dem.height();
  j["directions"] = o.directions;
  j["observer_height_m"] = o.observer_height_m;
  j["far_dem"] = nullptr;
  j.update(*split);
  j["threads"] = threads;
  j["method"] =
      method == illumination::IlluminationMethod::kPerInstant ? "per-instant" : "sector-tables";
  std::cout << j.dump(2) << "\n";
  return kOk;
}

struct IlluminationArgs {
  std::string dem, out, from, until, step, site, format = "csv", far_dem;
  double height_m = 0.0;
  int directions = -1;
  bool flat = false;
  int threads = 0;
  bool per_instant = false;
};

// --site mode: the time series at one point, as CSV or JSON on stdout.
int print_site_series(const IlluminationArgs& a, const terrain::Dem& dem, const terrain::Dem* far,
                      double lat, double lon, const illumination::TimeWindow& w,
                      const illumination::HorizonOptions& o) {
  using namespace ce8::illumination;
  const nlohmann::json far_json = far ? nlohmann::json(a.far_dem) : nlohmann::json(nullptr);
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(lat, lon));
  auto series = site_time_series(dem, p, w, o, far);
  if (!series) return fail("--site " + a.site + ": " + series.error().message);
  std::vector<std::string> times;
  times.reserve(series->size());
  for (const SiteSample& s : *series) {
    auto t = time::format_iso8601(s.when, time::Scale::kUtc, 0);
    if (!t) return fail(t.error().message, kFailed);
    times.push_back(*t);
  }
  if (a.format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t q = 0; q < series->size(); ++q) {
      const SiteSample& s = (*series)[q];
      rows.push_back({{"time_utc", times[q]},
                      {"sun_az_deg", s.sun_az_rad * kDeg},
                      {"sun_el_deg", s.sun_el_rad * kDeg},
                      {"horizon_el_toward_sun_deg", s.horizon_toward_sun_rad * kDeg},
                      {"sun_visible_fraction", s.sun_visible_fraction},
                      {"earth_el_deg", s.earth_el_rad * kDeg},
                      {"earth_visible_fraction", s.earth_visible_fraction}});
    }
    nlohmann::json j;
    j["site"] = {{"lat_deg", lat},
                 {"lon_deg", lon},
                 {"observer_height_m", o.observer_height_m},
                 {"directions", o.directions},
                 {"curvature", o.curvature},
                 {"far_dem", far_json}};
    j["samples"] = rows;
    std::cout << j.dump(2) << "\n";
  } else {
    std::string out =
        "time_utc,sun_az_deg,sun_el_deg,horizon_el_toward_sun_deg,sun_visible_fraction,"
        "earth_el_deg,earth_visible_fraction\n";
    char line[256];
    for (std::size_t q = 0; q < series->size(); ++q) {
      const SiteSample& s = (*series)[q];
      std::snprintf(line, sizeof line, "%s,%.4f,%.4f,%.4f,%.5f,%.4f,%.5f\n", times[q].c_str(),
                    s.sun_az_rad * kDeg, s.sun_el_rad * kDeg, s.horizon_toward_sun_rad * kDeg,
                    s.sun_visible_fraction, s.earth_el_rad * kDeg, s.earth_visible_fraction);
      out += line;
    }
    std::cout << out;
  }
  return kOk;
}

// --out mode on one process: the horizon map, the four illumination bands, a JSON summary.
int run_map(const IlluminationArgs& a, const terrain::Dem& dem, const terrain::Dem* far,
            const illumination::TimeWindow& w, const illumination::HorizonOptions& o) {
  using namespace ce8::illumination;
  const nlohmann::json far_json = far ? nlohmann::json(a.far_dem) : nlohmann::json(nullptr);
  const int threads = a.threads > 0 ? a.threads : jobs::hardware_threads();
  const std::string desc = "ce8 illumination of " + a.dem + " from " + a.from + " until " +
                           a.until + " every " + a.step + ", observer height " +
                           std::to_string(o.observer_height_m) + " m" +
                           (far ? ", far horizon from " + a.far_dem : std::string());
  IlluminationOptions io;
  if (a.per_instant) io.method = IlluminationMethod::kPerInstant;
  if (parallel::built_with_mpi() && !far)
    return run_split_map(dem, o, w, io.method, threads, a.out, desc);
  if (auto ok = check_horizon_request(dem.grid, o); !ok) return fail(ok.error().message);
  const double t0 = jobs::monotonic_seconds();
  auto hz = far ? compute_layered_horizon_map(dem, *far, o, threads)
                : compute_horizon_map(dem, o, threads);
  if (!hz) return fail(hz.error().message, kFailed);
  const double t1 = jobs::monotonic_seconds();
  auto map = compute_illumination_map(dem, *hz, w, threads, io);
  if (!map) return fail(map.error().message, kFailed);
  const double t2 = jobs::monotonic_seconds();
  std::vector<Band> bands = {{map->percent_lit.data(), "percent_time_lit", "%"},
                             {map->percent_earth.data(), "percent_time_earth_in_view", "%"},
                             {map->longest_dark_h.data(), "longest_darkness_hours", "h"},
                             {map->permanent_shadow.data(), "permanently_shadowed", ""}};
  if (auto wr = write_bands_geotiff(dem.grid, bands, a.out, desc); !wr)
    return fail(wr.error().message);
  double lit_sum = 0.0, psr = 0.0;
  long valid = 0;
  for (std::size_t q = 0; q < map->percent_lit.size(); ++q) {
    if (std::isnan(map->percent_lit[q])) continue;
    lit_sum += map->percent_lit[q];
    psr += map->permanent_shadow[q];
    ++valid;
  }
  nlohmann::json j;
  j["file"] = a.out;
  j["width"] = dem.width();
  j["height"] = dem.height();
  j["instants"] = map->instants;
  j["directions"] = o.directions;
  j["observer_height_m"] = o.observer_height_m;
  j["far_dem"] = far_json;
  j["mean_percent_lit"] = valid ? lit_sum / valid : 0.0;
  j["permanently_shadowed_cells"] = static_cast<long>(psr);
  j["threads"] = threads;
  j["method"] = a.per_instant ? "per-instant" : "sector-tables";
  j["ranks"] = 1;
  j["horizon_seconds"] = t1 - t0;
  j["illumination_seconds"] = t2 - t1;
  std::cout << j.dump(2) << "\n";
  return kOk;
}
}  // namespace

void register_illumination(CLI::App& app, Runner& runner) {
  auto a = std::make_shared<IlluminationArgs>();
  auto* cmd = app.add_subcommand(
      "illumination",
      "Sun and Earth visibility over a time window: a 4-band map (--out) or a site's time "
      "series (--site)");
  cmd->add_option("--dem", a->dem, "Input DEM (GeoTIFF or PDS3)")->required();
  cmd->add_option("--from", a->from, "Window start, ISO 8601 UTC")->required();
  cmd->add_option("--until", a->until, "Window end, ISO 8601 UTC (included)")->required();
  cmd->add_option("--step", a->step, "Time step: 90s, 15m, 1h, 2d")->required();
  cmd->add_option("--height", a->height_m, "Observer height above the ground in metres");
  cmd->add_option("--directions", a->directions,
                  "Horizon directions (4..3600; default 64 for maps, 360 for a site)");
  cmd->add_flag("--flat", a->flat, "Planar horizon geometry (no curvature)");
  cmd->add_option("--threads", a->threads, "Threads (default: all cores)");
  cmd->add_flag("--per-instant", a->per_instant,
                "Maps: evaluate every cell at every instant (the reference; slower than the "
                "default sector tables, docs/illumination.md)");
  cmd->add_option("--out", a->out, "Output GeoTIFF (map mode)");
  cmd->add_option("--site", a->site, "Site LAT,LON in degrees (time-series mode)");
  cmd->add_option("--format", a->format, "Site series format: csv (default) or json");
  cmd->add_option("--far-dem", a->far_dem,
                  "Far DEM (e.g. the regional grid) containing --dem: horizons beyond --dem's edge "
                  "come from it (layered horizons)");
  cmd->callback([&runner, a] {
    runner.action = [a]() -> int {
      using namespace ce8::illumination;
      const bool site_mode = !a->site.empty();
      if (site_mode && !a->out.empty()) return fail("use either --site or --out, not both");
      if (!site_mode && a->out.empty())
        return fail("--out FILE.tif (map) or --site LAT,LON is required");
      if (a->format != "csv" && a->format != "json")
        return fail("--format must be csv or json, got '" + a->format + "'");
      auto from = time::parse_iso8601(a->from);
      if (!from) return fail("--from: " + from.error().message);
      auto until = time::parse_iso8601(a->until);
      if (!until) return fail("--until: " + until.error().message);
      auto step = parse_positive_duration_option("--step", a->step);
      if (!step) return fail(step.error().message);
      TimeWindow w{*from, *until, *step};
      if (auto n = check_window(w); !n) return fail(n.error().message);
      HorizonOptions o;
      o.directions = a->directions < 0 ? (site_mode ? 360 : 64) : a->directions;
      o.observer_height_m = a->height_m;
      o.curvature = !a->flat;
      if (o.directions < kMinDirections || o.directions > kMaxDirections)
        return fail("--directions must be between 4 and 3600, got " + std::to_string(o.directions));
      if (!(a->height_m >= 0.0) || a->height_m > kMaxObserverHeightM)
        return fail("--height must be between 0 and 10000 metres");
      if (a->threads < 0) return fail("--threads must be positive");
      double lat = 0.0, lon = 0.0;
      if (site_mode) {
        auto p = parse_polar_lat_lon_option("--site", a->site);
        if (!p) return fail(p.error().message);
        lat = p->lat_deg, lon = p->lon_deg;
      }
      // Under MPI every rank reads the DEM and all stop together if one cannot (cluster.hpp).
      auto dem = terrain::read_dem(parallel::dem_path_for_rank(a->dem));
      if (auto ok = parallel::agree(dem ? Status(Ok{}) : Status(dem.error())); !ok)
        return fail(ok.error().message);
      if (parallel::size() > 1 && !a->far_dem.empty())
        return fail("--far-dem runs on one MPI rank only (mpirun -n 1)");
      std::optional<terrain::Dem> far;
      if (!a->far_dem.empty()) {
        auto f = terrain::read_dem(a->far_dem);
        if (!f) return fail("--far-dem: " + f.error().message);
        if (auto ok = check_far_dem(*dem, *f); !ok) return fail(ok.error().message);
        far = std::move(*f);
      }

      if (site_mode && !parallel::is_root()) return kOk;  // a site series is rank 0's alone
      if (site_mode) {
        return print_site_series(*a, *dem, far ? &*far : nullptr, lat, lon, w, o);
      }

      return run_map(*a, *dem, far ? &*far : nullptr, w, o);
    };
  });
}

}  // namespace ce8::cli
