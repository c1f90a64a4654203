// `ce8 batch --dem FILE --from ISO --until ISO --window DUR --step DUR [--sites all|ID,ID,...]
// [--context] [--height M] [--directions N] [--far-dem FILE] [--threads T] [--format json|csv]
// [--out FILE]`: a site-selection sweep. For every landing site of the mission catalogue
// (assets/sites.json; --context adds other missions' sites) and every window of --window
// between --from and --until (each window includes both ends, like `ce8 illumination`; the
// last one may be shorter): percent of time lit, percent of time the Earth is in view (both
// disk weighted) and the longest darkness in hours, from the site's time series
// (illumination::site_time_series: its horizon ray-marched in N directions). Work items
// (site x window) are spread over MPI ranks (an MPI build under mpirun/srun, round robin) and
// over threads within each rank; rank 0 writes the rows in site-then-window order, so the
// output does not depend on how many ranks or threads ran. A site outside the DEM gets a row
// with its "error" and no numbers.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/parallel/cluster.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/illumination/far_horizon.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/jobs/jobs.hpp"
#include "engine/mission/catalogue_files.hpp"
#include "engine/terrain/dem_io.hpp"
#include "engine/time/time.hpp"

namespace ce8::cli {

std::string catalogue_dir(const std::string& assets_option);  // cmd_catalogue.cpp

namespace {

struct BatchArgs {
  std::string dem, far_dem, from, until, window, step, sites = "all", format = "json", out, assets;
  bool context = false;
  double height_m = 0.0;
  int directions = 360;
  int threads = 0;
};

struct SitePoint {
  std::string id, name, mission;
  double lat_deg = 0.0, lon_deg = 0.0;
};

// The sites asked for, in catalogue order (or in --sites order when named).
Result<std::vector<SitePoint>> pick_sites(const BatchArgs& a) {
  auto loaded = mission::load_catalogue_dir_or_embedded(catalogue_dir(a.assets));
  if (!loaded) return make_error("catalogue: " + loaded.error().message);
  const mission::Catalogue* cat = &loaded->catalogue;
  auto point = [](const mission::LandingSite& s) {
    return SitePoint{s.id, s.name, s.mission, s.lat_deg, s.lon_deg};
  };
  std::vector<SitePoint> out;
  if (a.sites == "all") {
    for (const auto& s : cat->sites) out.push_back(point(s));
    if (a.context)
      for (const auto& s : cat->context_sites) out.push_back(point(s));
    return out;
  }
  std::stringstream list(a.sites);
  std::string id;
  while (std::getline(list, id, ',')) {
    const mission::LandingSite* s = cat->find_site(id);
    if (!s) s = cat->find_context_site(id);
    if (!s)
      return make_error("--sites: no landing site '" + id +
                        "' in the catalogue (ce8 catalogue sites lists them)");
    out.push_back(point(*s));
  }
  if (out.empty()) return make_error("--sites names no site");
  return out;
}

// Consecutive windows of `length_s` from `from` to `until`, the last one cut at `until`.
std::vector<illumination::TimeWindow> split_windows(time::Instant from, time::Instant until,
                                                    double length_s, double step_s) {
  std::vector<illumination::TimeWindow> out;
  const double span = time::seconds_between(from, until);
  for (double start = 0.0; start < span; start += length_s) {
    const double end = std::min(span, start + length_s);
    out.push_back({time::add_seconds(from, start), time::add_seconds(from, end), step_s});
  }
  return out;
}

struct ItemResult {
  std::string error;  // empty: computed
  std::int64_t instants = 0;
  double percent_lit = 0.0, percent_earth = 0.0, longest_dark_h = 0.0;
};

ItemResult run_item(const terrain::Dem& dem, const terrain::Dem* far, const SitePoint& site,
                    const illumination::TimeWindow& w, const illumination::HorizonOptions& o) {
  ItemResult r;
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(site.lat_deg, site.lon_deg));
  auto series = illumination::site_time_series(dem, p, w, o, far);
  if (!series) {
    r.error = series.error().message;
    return r;
  }
  double lit = 0.0, seen = 0.0;
  std::int64_t run = 0, longest = 0;
  for (const illumination::SiteSample& s : *series) {
    lit += s.sun_visible_fraction;
    seen += s.earth_visible_fraction;
    run = s.sun_visible_fraction > 0.0 ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  r.instants = static_cast<std::int64_t>(series->size());
  r.percent_lit = 100.0 * lit / r.instants;
  r.percent_earth = 100.0 * seen / r.instants;
  r.longest_dark_h = longest * w.step_s / 3600.0;
  return r;
}

// This rank's items (q % ranks == rank), on `threads` threads, as JSON rows [q, error,
// instants, percent_lit, percent_earth, longest_dark_h] (doubles survive the trip exactly).
std::string run_my_items(const terrain::Dem& dem, const terrain::Dem* far,
                         const std::vector<SitePoint>& sites,
                         const std::vector<illumination::TimeWindow>& windows,
                         const illumination::HorizonOptions& o, int threads) {
  std::vector<std::size_t> mine;
  const std::size_t total = sites.size() * windows.size();
  for (std::size_t q = parallel::rank(); q < total; q += parallel::size()) mine.push_back(q);
  std::vector<ItemResult> results(mine.size());
  jobs::parallel_for(mine.size(), threads, [&](std::size_t n) {
    const std::size_t q = mine[n];
    results[n] = run_item(dem, far, sites[q / windows.size()], windows[q % windows.size()], o);
  });
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t n = 0; n < mine.size(); ++n) {
    const ItemResult& r = results[n];
    rows.push_back(
        {mine[n], r.error, r.instants, r.percent_lit, r.percent_earth, r.longest_dark_h});
  }
  return rows.dump();
}

// Rank 0: every rank's rows, by item index.
Result<std::vector<ItemResult>> collect(const std::vector<std::string>& texts, std::size_t total) {
  std::vector<ItemResult> all(total);
  std::vector<bool> seen(total, false);
  for (const std::string& text : texts) {
    const nlohmann::json rows = nlohmann::json::parse(text, nullptr, false);
    if (!rows.is_array()) return make_error("a rank sent unreadable results");
    for (const auto& row : rows) {
      const std::size_t q = row.at(0).get<std::size_t>();
      if (q >= total || seen[q]) return make_error("a rank sent a result twice");
      seen[q] = true;
      all[q] = {row.at(1).get<std::string>(), row.at(2).get<std::int64_t>(),
                row.at(3).get<double>(), row.at(4).get<double>(), row.at(5).get<double>()};
    }
  }
  if (std::find(seen.begin(), seen.end(), false) != seen.end())
    return make_error("a rank's results are missing");
  return all;
}

Result<std::string> format_rows(const BatchArgs& a, const std::vector<SitePoint>& sites,
                                const std::vector<illumination::TimeWindow>& windows,
                                const std::vector<ItemResult>& results,
                                const illumination::HorizonOptions& o, int threads) {
  std::vector<std::string> starts, ends;
  for (const auto& w : windows) {
    auto s = time::format_iso8601(w.from, time::Scale::kUtc, 0);
    auto e = time::format_iso8601(w.until, time::Scale::kUtc, 0);
    if (!s || !e) return make_error("a window's time cannot be formatted");
    starts.push_back(*s);
    ends.push_back(*e);
  }
  std::ostringstream csv;
  nlohmann::json rows = nlohmann::json::array();
  csv << "site,mission,lat_deg,lon_deg,window_from_utc,window_until_utc,instants,percent_lit,"
         "percent_earth,longest_darkness_h,error\n";
  for (std::size_t q = 0; q < results.size(); ++q) {
    const SitePoint& s = sites[q / windows.size()];
    const std::size_t k = q % windows.size();
    const ItemResult& r = results[q];
    nlohmann::json row = {{"site", s.id},
                          {"name", s.name},
                          {"mission", s.mission},
                          {"lat_deg", s.lat_deg},
                          {"lon_deg", s.lon_deg},
                          {"window_from_utc", starts[k]},
                          {"window_until_utc", ends[k]}};
    char numbers[160] = "";
    if (r.error.empty()) {
      row["instants"] = r.instants;
      row["percent_lit"] = r.percent_lit;
      row["percent_earth"] = r.percent_earth;
      row["longest_darkness_h"] = r.longest_dark_h;
      std::snprintf(numbers, sizeof numbers, "%lld,%.4f,%.4f,%.2f",
                    static_cast<long long>(r.instants), r.percent_lit, r.percent_earth,
                    r.longest_dark_h);
    } else {
      row["error"] = r.error;
      std::snprintf(numbers, sizeof numbers, ",,,");
    }
    rows.push_back(row);
    std::string error = r.error;  // CSV: quoted, quotes doubled
    for (std::size_t p = error.find('"'); p != std::string::npos; p = error.find('"', p + 2))
      error.insert(p, "\"");
    csv << s.id << "," << s.mission << "," << s.lat_deg << "," << s.lon_deg << "," << starts[k]
        << "," << ends[k] << "," << numbers << "," << (error.empty() ? "" : "\"" + error + "\"")
        << "\n";
  }
  if (a.format == "csv") return csv.str();
  nlohmann::json j;
  j["dem"] = a.dem;
  j["far_dem"] = a.far_dem.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.far_dem);
  j["from"] = a.from;
  j["until"] = a.until;
  j["window"] = a.window;
  j["step"] = a.step;
  j["directions"] = o.directions;
  j["observer_height_m"] = o.observer_height_m;
  j["sites"] = sites.size();
  j["windows"] = windows.size();
  j["ranks"] = parallel::size();
  j["threads"] = threads;
  j["results"] = rows;
  return j.dump(2) + "\n";
}

int run_batch(const BatchArgs& a) {
  using namespace ce8::illumination;
  if (a.format != "csv" && a.format != "json")
    return fail("--format must be csv or json, got '" + a.format + "'");
  auto from = time::parse_iso8601(a.from);
  if (!from) return fail("--from: " + from.error().message);
  auto until = time::parse_iso8601(a.until);
  if (!until) return fail("--until: " + until.error().message);
  auto step = time::parse_duration_s(a.step);
  if (!step) return fail("--step: " + step.error().message);
  if (!(*step > 0.0)) return fail("--step must be positive, got '" + a.step + "'");
  auto length = time::parse_duration_s(a.window);
  if (!length) return fail("--window: " + length.error().message);
  if (!(*length >= *step))
    return fail("--window must be at least one --step long, got '" + a.window + "'");
  if (auto n = check_window({*from, *until, *step}); !n) return fail(n.error().message);
  const auto windows = split_windows(*from, *until, *length, *step);
  constexpr std::size_t kMaxItems = 100000;
  HorizonOptions o;
  o.directions = a.directions;
  o.observer_height_m = a.height_m;
  if (o.directions < kMinDirections || o.directions > kMaxDirections)
    return fail("--directions must be between 4 and 3600, got " + std::to_string(o.directions));
  if (!(a.height_m >= 0.0) || a.height_m > kMaxObserverHeightM)
    return fail("--height must be between 0 and 10000 metres");
  if (a.threads < 0) return fail("--threads must be positive");
  auto sites = pick_sites(a);
  if (!sites) return fail(sites.error().message);
  if (sites->size() * windows.size() > kMaxItems)
    return fail(std::to_string(sites->size() * windows.size()) +
                " site-windows, more than the limit of " + std::to_string(kMaxItems) +
                " (use a longer --window)");
  if (!a.out.empty())
    if (auto ok = check_output_path(a.out); !ok) return fail(ok.error().message);
  // Every rank reads the DEMs; all stop together if one cannot (cli/parallel/cluster.hpp).
  auto dem = terrain::read_dem(parallel::dem_path_for_rank(a.dem));
  if (auto ok = parallel::agree(dem ? Status(Ok{}) : Status(dem.error())); !ok)
    return fail(ok.error().message);
  std::optional<terrain::Dem> far;
  Status far_ok = Ok{};
  if (!a.far_dem.empty()) {
    auto f = terrain::read_dem(a.far_dem);
    if (!f)
      far_ok = make_error("--far-dem: " + f.error().message);
    else if (auto c = check_far_dem(*dem, *f); !c)
      far_ok = c.error();
    else
      far = std::move(*f);
  }
  if (auto ok = parallel::agree(far_ok); !ok) return fail(ok.error().message);
  const int threads = a.threads > 0 ? a.threads : jobs::hardware_threads();
  const std::string mine = run_my_items(*dem, far ? &*far : nullptr, *sites, windows, o, threads);
  if (!parallel::is_root()) parallel::maybe_abort_for_test();
  const std::vector<std::string> texts = parallel::gather_text(mine);
  Status written = Ok{};
  if (parallel::is_root()) {
    auto results = collect(texts, sites->size() * windows.size());
    auto text = results ? format_rows(a, *sites, windows, *results, o, threads)
                        : Result<std::string>(results.error());
    if (!text)
      written = text.error();
    else if (!a.out.empty())
      written = write_file_atomically(a.out, *text);
    else
      std::cout << *text;
  }
  if (auto ok = parallel::agree(written); !ok) return fail(ok.error().message, kFailed);
  return kOk;
}

}  // namespace

void register_batch(CLI::App& app, Runner& runner) {
  auto a = std::make_shared<BatchArgs>();
  auto* cmd = app.add_subcommand(
      "batch",
      "Site-selection sweep: percent lit, percent Earth in view and longest darkness for every "
      "catalogue landing site x time window (split over MPI ranks and threads)");
  cmd->add_option("--dem", a->dem, "DEM containing the sites (GeoTIFF or PDS3)")->required();
  cmd->add_option("--from", a->from, "Sweep start, ISO 8601 UTC")->required();
  cmd->add_option("--until", a->until, "Sweep end, ISO 8601 UTC")->required();
  cmd->add_option("--window", a->window, "Window length: 7d, 30d, 12h")->required();
  cmd->add_option("--step", a->step, "Time step within a window: 1h, 30m")->required();
  cmd->add_option("--sites", a->sites,
                  "all (default: Chang'e-8's candidate sites) or site ids, comma separated");
  cmd->add_flag("--context", a->context, "With --sites all: also other missions' sites");
  cmd->add_option("--assets", a->assets, "Directory with the catalogue JSON files");
  cmd->add_option("--height", a->height_m, "Observer height above the ground in metres");
  cmd->add_option("--directions", a->directions, "Horizon directions per site (default 360)");
  cmd->add_option("--far-dem", a->far_dem, "Far DEM containing --dem (layered horizons)");
  cmd->add_option("--threads", a->threads, "Threads per rank (default: all cores)");
  cmd->add_option("--format", a->format, "json (default) or csv");
  cmd->add_option("--out", a->out, "Write to this file (atomically) instead of stdout");
  cmd->callback([&runner, a] { runner.action = [a] { return run_batch(*a); }; });
}

}  // namespace ce8::cli
