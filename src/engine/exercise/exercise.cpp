#include "engine/exercise/exercise.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/ephemeris/site.hpp"
#include "engine/illumination/illumination_map.hpp"
#include "engine/payload/budget.hpp"
#include "engine/payload/operations.hpp"
#include "engine/terrain/generator.hpp"
#include "engine/terrain/lola_terrain.hpp"
#include "engine/terrain/projection.hpp"

namespace ce8::exercise {
namespace {

std::string fmt(const char* f, double a = 0, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

constexpr double kDeg = 180.0 / std::numbers::pi;

Result<Report> site_choice(const Answer& a, const mission::Catalogue& cat) {
  const mission::LandingSite* pick = cat.find_site(a.site_id);
  if (!pick)
    return make_error("site-choice: unknown site '" + a.site_id +
                      "' (choose one of the catalogue's sites)");
  auto stats = compare_sites(cat, a.from, a.days);
  if (!stats) return stats.error();
  Report r;
  r.exercise_id = "site-choice";
  const auto& v = stats.value();
  double best_both = 0, best_dark = 1e9;
  std::string best_name;
  for (const auto& s : v) {
    if (s.both_percent > best_both) best_both = s.both_percent, best_name = s.name;
    best_dark = std::min(best_dark, s.longest_dark_h);
  }
  const SiteStats* mine = nullptr;
  for (const auto& s : v)
    if (s.id == pick->id) mine = &s;
  r.table.push_back(
      "| Site | Sun up % | Earth in view % | Both % | Mean Sun el. (deg) | Max Sun el. (deg) | "
      "Longest dark (h) | Sun up % (flat horizon) |");
  r.table.push_back("|---|---|---|---|---|---|---|---|");
  for (const auto& s : v)
    r.table.push_back(
        "| " + s.name + (s.id == pick->id ? " (your pick)" : "") +
        fmt(" | %.1f | %.1f", s.sun_up_percent, s.earth_percent) +
        fmt(" | %.1f | %.2f | %.2f", s.both_percent, s.mean_sun_el_deg, s.max_sun_el_deg) +
        fmt(" | %.1f | %.1f |", s.longest_dark_h, s.flat_sun_up_percent));
  const bool link_ok = mine->both_percent >= best_both - 5.0;
  const bool night_ok = mine->longest_dark_h <= best_dark * 1.5 + 1.0;
  Check c1{"power-and-link", link_ok,
           fmt("your site has the Sun up and the Earth in view %.1f%% of the time; the best (",
               mine->both_percent) +
               best_name +
               fmt(") has %.1f%%; within 5 points is best on this criterion", best_both)};
  Check c2{"shortest-night", night_ok,
           fmt("your longest stretch without Sun is %.1f h; the shortest among the sites is %.1f "
               "h; up to 1.5x + 1 h is best on this criterion",
               mine->longest_dark_h, best_dark)};
  Check c3{
      "justified", link_ok || night_ok,
      link_ok || night_ok
          ? "your site is among the best on at least one criterion: justify it with that number"
          : "another site beats yours on both criteria: look at the table"};
  c1.required = false;
  c2.required = false;
  r.checks = {c1, c2, c3};
  r.notes.push_back(fmt("Window: %.2f days from the answer's start time, 1 h steps.", a.days));
  r.notes.push_back(
      fmt("Sun and Earth are taken above each site's terrain horizon (ephemeris, IAU Moon frame): "
          "the built-in LOLA Moon (LDEM_4 7.6 km, 200 m around Shackleton and the ridge) on %.0f x "
          "%.0f cells of %.0f m",
          kSiteDemCells, kSiteDemCells, kSiteDemCellM) +
      fmt(" (%.0f km square) centred on the site, horizon in %.0f directions seen from %.0f m "
          "above the ground",
          kSiteDemCells * kSiteDemCellM / 1000.0, kSiteDirections, kSiteObserverM) +
      ", beyond the grid a smooth Moon; the same computation as `ce8 illumination --site` on that "
      "grid. Sun up: some of its disk visible; Earth in view: its centre above the horizon.");
  r.notes.push_back(
      "The last column counts the Sun over a flat local horizon instead: crater rims and far "
      "ridges hide the Sun from low ground, while a high site also sees past the Moon's curvature. "
      "Ground closer than one grid cell (boulders, small craters) is not in these numbers.");
  r.notes.push_back(
      "Why these criteria: the lander and most payloads run on solar power, and direct-to-Earth "
      "radio needs the Earth above the horizon; long nights drain the battery.");
  return r;
}

}  // namespace

const std::vector<ExerciseInfo>& exercises() {
  static const std::vector<ExerciseInfo> list = {
      {"site-choice", "Choose a landing site",
       "Pick one of the candidate sites and justify it with numbers: it must be among the best on "
       "at least one criterion: the Sun up and the Earth in view for as much of a lunar day as the "
       "best site (within 5 points), or the shortest longest night (within 1.5x + 1 h)."},
      {"manifest-200kg", "Fit a 200 kg manifest that maximises science",
       "Choose payloads from the catalogue with at most 200 kg in total that pass every budget "
       "rule (international allocation, single payload, lander power, data), scoring at least 90% "
       "of the best possible science score."},
      {"survive-night", "Keep the payloads alive through a lunar night",
       "With your manifest, site and start time, run the payload operations over a lunar day and "
       "night: no payload lost, and the battery never runs empty."},
  };
  return list;
}

namespace {

// The DEM around a site, generated once per process and kept (1 MB each): the classroom
// checks the same four sites again and again, with other start times.
Result<std::shared_ptr<const terrain::Dem>> site_dem(double lat_deg, double lon_deg) {
  static std::mutex mutex;
  static std::shared_ptr<const terrain::LolaTerrain> moon;
  static std::map<std::pair<double, double>, std::shared_ptr<const terrain::Dem>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find({lat_deg, lon_deg});
  if (it != cache.end()) return it->second;
  if (!moon) {
    auto m = terrain::LolaTerrain::builtin();
    if (!m) return make_error("site-choice terrain: " + m.error().message);
    moon = *m;
  }
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(lat_deg, lon_deg));
  const auto grid = terrain::GridGeometry::centered(p, kSiteDemCells, kSiteDemCells, kSiteDemCellM);
  auto dem = terrain::generate(grid, *moon);
  if (!dem) return make_error("site-choice terrain: " + dem.error().message);
  auto shared = std::make_shared<const terrain::Dem>(std::move(*dem));
  cache[{lat_deg, lon_deg}] = shared;
  return shared;
}

Result<SiteStats> site_stats(const mission::LandingSite& site, const time::Instant& from, int n) {
  auto dem = site_dem(site.lat_deg, site.lon_deg);
  if (!dem) return dem.error();
  illumination::HorizonOptions o;
  o.directions = kSiteDirections;
  o.observer_height_m = kSiteObserverM;
  const illumination::TimeWindow w{from, time::add_seconds(from, (n - 1) * 3600.0), 3600.0};
  const terrain::MapXy p = terrain::to_map(terrain::latlon_deg(site.lat_deg, site.lon_deg));
  auto series = illumination::site_time_series(**dem, p, w, o);
  if (!series) return make_error(site.id + ": " + series.error().message);
  auto geo = ephemeris::make_site_deg(site.lat_deg, site.lon_deg, 0.0);
  if (!geo) return geo.error();
  auto flat =
      payload::flat_horizon_visibility(geo.value(), from, time::add_seconds(from, n * 3600.0));
  if (!flat) return flat.error();
  SiteStats s{site.id, site.name, site.lat_deg, site.lon_deg};
  int sun = 0, earth = 0, both = 0, flat_sun = 0;
  double sum_el = 0, max_el = -90, dark = 0, longest = 0;
  const int count = std::min<int>(n, static_cast<int>(series->size()));
  for (int k = 0; k < count; ++k) {
    const illumination::SiteSample& v = (*series)[k];
    const bool up = v.sun_visible_fraction > 0.0;
    const bool in_view = v.earth_el_rad > v.horizon_toward_earth_rad;
    sun += up;
    earth += in_view;
    both += up && in_view;
    flat_sun += (*flat)(v.when).sun_visible_fraction > 0.0;
    sum_el += v.sun_el_rad * kDeg;
    max_el = std::max(max_el, v.sun_el_rad * kDeg);
    dark = up ? 0.0 : dark + 1.0;
    longest = std::max(longest, dark);
  }
  s.sun_up_percent = 100.0 * sun / count;
  s.earth_percent = 100.0 * earth / count;
  s.both_percent = 100.0 * both / count;
  s.flat_sun_up_percent = 100.0 * flat_sun / count;
  s.mean_sun_el_deg = sum_el / count;
  s.max_sun_el_deg = max_el;
  s.longest_dark_h = longest;
  return s;
}

}  // namespace

Result<std::vector<SiteStats>> compare_sites(const mission::Catalogue& cat,
                                             const time::Instant& from, double days) {
  if (!(days > 0.0 && days <= payload::kMaxWindowDays))
    return make_error(
        fmt("window must be between 0 and %.0f days, got %g", payload::kMaxWindowDays, days));
  const int n = std::max(1, static_cast<int>(days * 24.0));
  std::vector<SiteStats> out;
  for (const auto& site : cat.sites) {
    auto s = site_stats(site, from, n);
    if (!s) return s.error();
    out.push_back(std::move(*s));
  }
  return out;
}

double science_score(const mission::Payload& p) {
  static const std::map<std::string, double> table = {
      {"lander-landing-camera", 2},  {"lander-topography-camera", 4},
      {"lander-seismometer", 9},     {"lander-earth-radiometer", 5},
      {"lander-earth-imager", 4},    {"lander-soft-xray-telescope", 7},
      {"lander-ecosystem", 5},       {"lander-isru", 9},
      {"rover-panoramic-camera", 4}, {"rover-penetrating-radar", 8},
      {"rover-ir-spectrometer", 8},  {"rover-sample-analyser", 9},
      {"hk-multifunction-robot", 7}, {"pk-suparco-rover", 7},
      {"tr-metu-microrovers", 6},    {"za-radio-astronomy", 6},
      {"pe-radio-astronomy", 5},     {"it-laser-retroreflector", 6},
      {"ru-plasma-dust", 6},         {"th-neutron-analyser", 8},
      {"bh-eg-vis-ir-imager", 5},    {"ir-electric-potential", 4},
  };
  auto it = table.find(p.id);
  return it != table.end() ? it->second : 3.0;  // payloads added later: a modest default
}

Result<ManifestScore> score_manifest(const std::vector<std::string>& ids,
                                     const mission::Catalogue& cat) {
  ManifestScore m;
  std::set<std::string> seen;
  for (const auto& id : ids) {
    const mission::Payload* p = cat.find_payload(id);
    if (!p) return make_error("unknown payload id '" + id + "' in the manifest");
    if (!seen.insert(id).second) return make_error("payload id '" + id + "' twice in the manifest");
    m.score += science_score(*p);
    m.mass_kg += p->mass_kg;
  }
  payload::Manifest man{"", ids};
  m.valid =
      payload::evaluate_budget(man, cat).within_budget() && m.mass_kg <= kExerciseMassKg + 1e-9;
  return m;
}

Result<Optimum> best_manifest(const mission::Catalogue& cat) {
  const auto& b = cat.budget;
  std::vector<const mission::Payload*> items;
  for (const auto& p : cat.payloads)
    if (!(p.international() && p.mass_kg > b.max_single_payload_kg) && p.mass_kg <= kExerciseMassKg)
      items.push_back(&p);
  const int n = static_cast<int>(items.size());
  if (n > 24) return make_error("best_manifest: more than 24 payloads for the exhaustive search");
  // Gray code walk: one item flips per step, the sums follow. Integers for exactness where
  // possible: mass in grams, power in mW, data in kB/day, score in tenths.
  std::vector<long long> mass(n), imass(n), power(n), data(n), score(n);
  for (int i = 0; i < n; ++i) {
    const auto* p = items[i];
    mass[i] = std::llround(p->mass_kg * 1000.0);
    imass[i] = p->international() ? mass[i] : 0;
    power[i] = p->powered_by_lander ? std::llround(p->power_w * 1000.0) : 0;
    data[i] = std::llround(payload::data_mb(p->data_kbps, p->hours_per_day) * 1000.0);
    score[i] = std::llround(science_score(*p) * 10.0);
  }
  const long long lim_mass = std::llround(kExerciseMassKg * 1000.0);
  const long long lim_imass = std::llround(b.international_allocation_kg * 1000.0);
  const long long lim_power = std::llround(b.payload_power_w * 1000.0);
  const long long lim_data = std::llround(b.payload_data_mb_per_day * 1000.0);
  long long m = 0, im = 0, pw = 0, dt = 0, sc = 0, best = -1, best_mass = 0;
  std::uint32_t gray = 0, best_set = 0;
  const std::uint32_t count = 1u << n;
  for (std::uint32_t k = 0; k < count; ++k) {
    if (k > 0) {
      const int i = __builtin_ctz(k);
      gray ^= 1u << i;
      const long long sgn = (gray >> i) & 1u ? 1 : -1;
      m += sgn * mass[i], im += sgn * imass[i], pw += sgn * power[i], dt += sgn * data[i],
          sc += sgn * score[i];
    }
    if (m <= lim_mass && im <= lim_imass && pw <= lim_power && dt <= lim_data &&
        (sc > best || (sc == best && m < best_mass)))
      best = sc, best_set = gray, best_mass = m;
  }
  Optimum o;
  for (int i = 0; i < n; ++i)
    if ((best_set >> i) & 1u) o.payload_ids.push_back(items[i]->id);
  auto check = score_manifest(o.payload_ids, cat);
  if (!check || !check->valid)
    return make_error("best_manifest: the optimum failed the budget check");
  o.score = check->score;
  o.mass_kg = check->mass_kg;
  return o;
}

namespace {

Result<Report> manifest_200(const Answer& a, const mission::Catalogue& cat) {
  auto ms = score_manifest(a.payload_ids, cat);
  if (!ms) return make_error("manifest-200kg: " + ms.error().message);
  auto best = best_manifest(cat);
  if (!best) return best.error();
  Report r;
  r.exercise_id = "manifest-200kg";
  payload::Manifest man{"", a.payload_ids};
  const auto budget = payload::evaluate_budget(man, cat);
  r.checks.push_back({"total-mass", ms->mass_kg <= kExerciseMassKg + 1e-9,
                      fmt("your payloads weigh %.1f kg in total; the exercise allows %.0f kg",
                          ms->mass_kg, kExerciseMassKg)});
  for (const char* rule :
       {"international-mass", "single-payload-mass", "lander-power", "data-volume"}) {
    Check c{rule, true, ""};
    for (const auto& v : budget.violations)
      if (v.rule == rule) {
        c.passed = false;
        c.detail += (c.detail.empty() ? "" : "; ") + v.message;
      }
    if (c.passed) {
      const auto& t = budget.totals;
      if (std::string(rule) == "international-mass")
        c.detail = fmt("international payloads %.1f kg of %.0f kg", t.international_mass_kg,
                       budget.rules.international_allocation_kg);
      if (std::string(rule) == "single-payload-mass")
        c.detail = fmt("no international payload over %.0f kg", budget.rules.max_single_payload_kg);
      if (std::string(rule) == "lander-power")
        c.detail = fmt("lander-powered payloads draw %.0f W of %.0f W", t.lander_power_w,
                       budget.rules.payload_power_w);
      if (std::string(rule) == "data-volume")
        c.detail = fmt("%.0f MB a day of %.0f MB", t.data_mb_per_day,
                       budget.rules.payload_data_mb_per_day);
    }
    r.checks.push_back(c);
  }
  const double frac = best->score > 0 ? ms->score / best->score : 0.0;
  r.checks.push_back({"science", ms->valid && frac >= 0.9 - 1e-12,
                      fmt("science score %.1f of the best possible %.1f (%.0f%%); 90%% passes",
                          ms->score, best->score, 100.0 * frac)});
  r.table.push_back("| Payload | Mass (kg) | Science score |");
  r.table.push_back("|---|---|---|");
  for (const auto& id : a.payload_ids) {
    const auto* p = cat.find_payload(id);
    r.table.push_back("| " + p->name + fmt(" | %.1f | %.0f |", p->mass_kg, science_score(*p)));
  }
  std::string best_list;
  for (const auto& id : best->payload_ids) best_list += (best_list.empty() ? "" : ", ") + id;
  r.notes.push_back(
      fmt("The best manifest found by trying every combination scores %.1f with %.1f kg: ",
          best->score, best->mass_kg) +
      best_list + ".");
  r.notes.push_back(
      "Science scores (1-10) are the project's assumption for the classroom, from each payload's "
      "part in Chang'e-8's goals (water ice and volatiles, resource use, the Moon's interior, the "
      "environment); see docs/classroom.md. They are not an agency ranking.");
  r.notes.push_back(
      "In the real mission only the international payloads count against the 200 kg allocation; "
      "the exercise counts everything you pick against 200 kg.");
  return r;
}

Result<Report> survive(const Answer& a, const mission::Catalogue& cat) {
  double lat = a.lat_deg, lon = a.lon_deg;
  std::string where = fmt("%.4f, %.4f", lat, lon);
  if (!a.site_id.empty()) {
    const auto* s = cat.find_site(a.site_id);
    if (!s) return make_error("survive-night: unknown site '" + a.site_id + "'");
    lat = s->lat_deg, lon = s->lon_deg, where = s->name;
  }
  if (a.payload_ids.empty()) return make_error("survive-night: the manifest is empty");
  for (const auto& id : a.payload_ids)
    if (!cat.find_payload(id))
      return make_error("survive-night: unknown payload id '" + id + "' in the manifest");
  auto geo = ephemeris::make_site_deg(lat, lon, 0.0);
  if (!geo) return make_error("survive-night: " + geo.error().message);
  if (!(a.days > 0.0 && a.days <= payload::kMaxWindowDays))
    return make_error(fmt("survive-night: window must be between 0 and %.0f days, got %g",
                          payload::kMaxWindowDays, a.days));
  const time::Instant until = time::add_seconds(a.from, a.days * 86400.0);
  auto vis = payload::flat_horizon_visibility(geo.value(), a.from, until);
  if (!vis) return vis.error();
  payload::Manifest man{"", a.payload_ids};
  auto sched = payload::simulate_operations(cat, man, a.from, until, vis.value());
  if (!sched) return make_error("survive-night: " + sched.error().message);
  const auto& s = sched.value();
  Report r;
  r.exercise_id = "survive-night";
  std::string lost;
  for (const auto& p : s.payloads)
    if (p.lost) lost += (lost.empty() ? "" : ", ") + p.id;
  bool empty = false;
  for (const auto& c : s.conflicts) empty = empty || c.kind == "battery-empty";
  r.checks.push_back({"no-payload-lost", lost.empty(),
                      lost.empty()
                          ? "every payload that must survive the night kept its survival power"
                          : "lost: " + lost});
  r.checks.push_back({"battery", !empty,
                      fmt("battery minimum %.0f Wh (floor %.0f Wh, capacity %.0f Wh)",
                          s.battery_min_wh, s.battery_floor_wh, s.battery_capacity_wh) +
                          (empty ? "; it ran empty" : "")});
  r.table.push_back("| Payload | Hours run | Wanted | Energy (Wh) | Lost |");
  r.table.push_back("|---|---|---|---|---|");
  for (const auto& p : s.payloads)
    r.table.push_back("| " + p.name +
                      fmt(" | %.1f | %.1f | %.0f |", p.hours, p.wanted_hours, p.energy_wh) +
                      (p.lost ? " yes |" : " no |"));
  r.notes.push_back("Site: " + where +
                    fmt("; window %.2f days; Sun up %.0f%% of it, Earth in view %.0f%%.", a.days,
                        100.0 * s.sun_up_fraction, 100.0 * s.earth_in_view_fraction));
  r.notes.push_back(fmt("Solar energy %.0f Wh, consumed %.0f Wh, battery at the end %.0f Wh.",
                        s.solar_wh, s.consumed_wh, s.battery_end_wh));
  for (const auto& c : s.conflicts) r.notes.push_back("Conflict (" + c.kind + "): " + c.message);
  r.notes.push_back(
      "Same computation as `ce8 payloads simulate` (flat local horizon, 15 min steps). Fewer "
      "power-hungry payloads, or a start just before local sunrise, leave more in the battery for "
      "the night.");
  return r;
}

std::string esc(const std::string& s) { return s; }

}  // namespace

Result<Report> check_exercise(const std::string& id, const Answer& a,
                              const mission::Catalogue& cat) {
  Result<Report> r =
      make_error("unknown exercise '" + id + "' (site-choice, manifest-200kg, survive-night)");
  if (id == "site-choice")
    r = site_choice(a, cat);
  else if (id == "manifest-200kg")
    r = manifest_200(a, cat);
  else if (id == "survive-night")
    r = survive(a, cat);
  if (!r) return r;
  for (const auto& e : exercises())
    if (id == e.id) r->title = e.title, r->goal = e.goal;
  r->passed = true;
  for (const auto& c : r->checks) r->passed = r->passed && (c.passed || !c.required);
  return r;
}

std::string Report::to_markdown() const {
  std::string s = "# " + title + "\n\n**Goal:** " + goal +
                  "\n\n**Result: " + (passed ? "PASSED" : "NOT YET") + "**\n\n";
  for (const auto& c : checks)
    s += std::string("- [") + (c.passed ? "x" : " ") + "] " + c.name +
         (c.required ? "" : " (one of)") + ": " + esc(c.detail) + "\n";
  if (!table.empty()) {
    s += "\n";
    for (const auto& l : table) s += l + "\n";
  }
  if (!notes.empty()) s += "\n";
  for (const auto& n : notes) s += "- " + n + "\n";
  return s;
}

std::string Report::to_json() const {
  nlohmann::json j;
  j["exercise"] = exercise_id;
  j["title"] = title;
  j["goal"] = goal;
  j["passed"] = passed;
  nlohmann::json cs = nlohmann::json::array();
  for (const auto& c : checks)
    cs.push_back(
        {{"name", c.name}, {"passed", c.passed}, {"required", c.required}, {"detail", c.detail}});
  j["checks"] = cs;
  j["table"] = table;
  j["notes"] = notes;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ce8::exercise
