#include "engine/session/commands.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>

#include <nlohmann/json.hpp>

#include "engine/jobs/background.hpp"

namespace ce8::session {
namespace {

using json = nlohmann::json;
constexpr std::size_t kMaxCommandBytes = 16 * 1024;
constexpr std::size_t kMaxStops = 16;

// Reads the arguments of one command; every error names the command and the argument.
class Args {
 public:
  Args(const json& j, const std::string& name) : j_(j), name_(name) {}

  Error error(const std::string& key, const std::string& what) const {
    return make_error(name_ + ": \"" + key + "\" " + what);
  }
  bool has(const std::string& key) const { return j_.contains(key) && !j_.at(key).is_null(); }

  Result<double> number(const std::string& key, double lo, double hi) const {
    if (!has(key)) return error(key, "is missing");
    const json& v = j_.at(key);
    if (!v.is_number()) return error(key, "must be a number");
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || x > hi)
      return error(key, "must be between " + fmt(lo) + " and " + fmt(hi));
    return x;
  }
  Result<std::optional<float>> optional_number(const std::string& key, double lo, double hi) const {
    if (!has(key)) return std::optional<float>{};
    auto x = number(key, lo, hi);
    if (!x) return x.error();
    return std::optional<float>{static_cast<float>(*x)};
  }
  Result<std::string> text(const std::string& key) const {
    if (!has(key)) return error(key, "is missing");
    if (!j_.at(key).is_string()) return error(key, "must be text");
    return j_.at(key).get<std::string>();
  }
  Result<bool> flag(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!j_.at(key).is_boolean()) return error(key, "must be true or false");
    return j_.at(key).get<bool>();
  }
  Result<time::Instant> instant(const std::string& key) const {
    auto t = text(key);
    if (!t) return t.error();
    auto parsed = time::parse_iso8601(*t, time::Scale::kUtc);
    if (!parsed) return error(key, "is not a valid UTC time: " + parsed.error().message);
    return *parsed;
  }
  // [lat, lon] in degrees.
  Result<std::pair<double, double>> lat_lon(const json& v, const std::string& key) const {
    if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
      return error(key, "must be [latitude, longitude] in degrees");
    const double lat = v[0].get<double>(), lon = v[1].get<double>();
    if (!std::isfinite(lat) || lat < -90.0 || lat > 90.0 || !std::isfinite(lon) || lon < -360.0 ||
        lon > 360.0)
      return error(key, "is outside latitude -90..90, longitude -360..360");
    return std::pair{lat, lon};
  }
  // "site": id, or "lat" and "lon".
  Result<Place> place() const {
    Place p;
    if (has("site")) {
      auto s = text("site");
      if (!s) return s.error();
      if (s->empty()) return error("site", "is empty");
      p.site = *s;
      return p;
    }
    if (!has("lat") && !has("lon"))
      return error("site", "is missing (or give \"lat\" and \"lon\")");
    auto lat = number("lat", -90.0, 90.0);
    if (!lat) return lat.error();
    auto lon = number("lon", -360.0, 360.0);
    if (!lon) return lon.error();
    p.lat_deg = *lat;
    p.lon_deg = *lon;
    return p;
  }
  const json& raw(const std::string& key) const { return j_.at(key); }

 private:
  static std::string fmt(double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  const json& j_;
  std::string name_;
};

Result<Command> fly_to(const Args& a) {
  cmd::FlyTo c;
  auto p = a.place();
  if (!p) return p.error();
  c.place = *p;
  auto d = a.optional_number("distance_m", 100.0, 2.0e6);
  if (!d) return d.error();
  c.distance_m = *d;
  auto pitch = a.optional_number("pitch_deg", 0.0, 89.0);
  if (!pitch) return pitch.error();
  c.pitch_deg = *pitch;
  auto heading = a.optional_number("heading_deg", -360.0, 360.0);
  if (!heading) return heading.error();
  c.heading_deg = *heading;
  return Command{c};
}

Result<Command> stand_here(const Args& a) {
  cmd::StandHere c;
  auto p = a.place();
  if (!p) return p.error();
  c.place = *p;
  auto heading = a.optional_number("heading_deg", -360.0, 360.0);
  if (!heading) return heading.error();
  c.heading_deg = *heading;
  return Command{c};
}

Result<Command> set_clock(const Args& a) {
  if (a.has("unix")) {
    auto u = a.number("unix", -1.0e10, 1.0e11);
    if (!u) return u.error();
    auto t = scenario::instant_from_unix_seconds(*u);
    if (!t) return a.error("unix", t.error().message);
    return Command{cmd::SetClock{*t}};
  }
  auto t = a.instant("time");
  if (!t) return t.error();
  return Command{cmd::SetClock{*t}};
}

Result<Command> play(const Args& a) {
  cmd::Play c;
  if (a.has("speed")) {
    auto s = a.number("speed", 1e-3, 1.0e9);
    if (!s) return s.error();
    c.speed_s_per_s = *s;
  }
  return Command{c};
}

Result<Command> follow_span(const Args& a) {
  cmd::FollowSpan c;
  auto from = a.instant("from");
  if (!from) return from.error();
  auto until = a.instant("until");
  if (!until) return until.error();
  if (!(time::seconds_between(*from, *until) > 0.0))
    return a.error("until", "must be after \"from\"");
  auto real = a.number("duration_s", 0.1, 86400.0);
  if (!real) return real.error();
  auto loop = a.flag("loop", false);
  if (!loop) return loop.error();
  c.span = scenario::ClockSpan{*from, *until, *real, *loop};
  return Command{c};
}

Result<Command> overlay(const Args& a) {
  auto n = a.text("name");
  if (!n) return n.error();
  if (*n == "slope") return Command{cmd::SetOverlay{Overlay::kNone, true}};
  auto o = overlay_from_name(*n);
  if (!o) return a.error("name", "must be none, lit, earth, shadow or slope, not '" + *n + "'");
  return Command{cmd::SetOverlay{*o, false}};
}

Result<Command> open_panel(const Args& a) {
  auto n = a.text("name");
  if (!n) return n.error();
  if (*n == "ilrs") *n = "participants";
  if (std::find(std::begin(kPanelNames), std::end(kPanelNames), *n) == std::end(kPanelNames))
    return a.error("name", "is not a panel: '" + *n + "'");
  auto open = a.flag("open", true);
  if (!open) return open.error();
  return Command{cmd::OpenPanel{*n, *open}};
}

Result<Command> set_language(const Args& a) {
  auto l = a.text("lang");
  if (!l) return l.error();
  if (!is_language(*l)) return a.error("lang", "must be en, zh, ur or tr, not '" + *l + "'");
  return Command{cmd::SetLanguage{*l}};
}

Result<int> objective_of(const Args& a) {
  if (!a.has("objective")) return 0;
  auto o = a.text("objective");
  if (!o) return o.error();
  static const char* kNames[] = {"time", "energy", "distance", "risk"};
  for (int i = 0; i < 4; ++i)
    if (*o == kNames[i]) return i;
  return a.error("objective", "must be time, energy, distance or risk, not '" + *o + "'");
}

Result<Command> plan_traverse(const Args& a) {
  cmd::PlanTraverse c;
  auto from = a.has("from") ? a.lat_lon(a.raw("from"), "from")
                            : Result<std::pair<double, double>>(a.error("from", "is missing"));
  if (!from) return from.error();
  c.stops.push_back(*from);
  if (!a.has("to")) return a.error("to", "is missing");
  const json& to = a.raw("to");
  // One goal [lat, lon] or several [[lat, lon], ...].
  if (to.is_array() && !to.empty() && to[0].is_array()) {
    if (to.size() > kMaxStops) return a.error("to", "has more than 16 goals");
    for (const json& g : to) {
      auto p = a.lat_lon(g, "to");
      if (!p) return p.error();
      c.stops.push_back(*p);
    }
  } else {
    auto p = a.lat_lon(to, "to");
    if (!p) return p.error();
    c.stops.push_back(*p);
  }
  if (a.has("rover")) {
    auto r = a.text("rover");
    if (!r) return r.error();
    c.rover = *r;
  }
  auto objective = objective_of(a);
  if (!objective) return objective.error();
  c.objective = *objective;
  auto time_aware = a.flag("time_aware", false);
  if (!time_aware) return time_aware.error();
  c.time_aware = *time_aware;
  return Command{c};
}

Result<Command> export_traverse(const Args& a) {
  if (!a.has("format")) return Command{cmd::ExportTraverse{false}};
  auto f = a.text("format");
  if (!f) return f.error();
  if (*f != "csv" && *f != "json")
    return a.error("format", "must be csv or json, not '" + *f + "'");
  return Command{cmd::ExportTraverse{*f == "json"}};
}

// compute_maps' "threads": a whole number from 1 to the most this build's jobs may use.
Result<std::optional<int>> map_threads(const Args& a) {
  if (!a.has("threads")) return std::optional<int>{};
  const int most = jobs::BackgroundJob::max_threads();
  const json& v = a.raw("threads");
  const bool whole =
      v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                std::floor(v.get<double>()) == v.get<double>());
  if (!whole) return a.error("threads", "must be a whole number from 1 to " + std::to_string(most));
  const double n = v.get<double>();
  if (most == 1 && n != 1.0)
    return a.error("threads", "can only be 1 in this build, not " + v.dump() +
                                  ": it has no worker threads (the single-threaded WebAssembly "
                                  "page)");
  if (n < 1.0 || n > most)
    return a.error("threads",
                   "must be from 1 to " + std::to_string(most) + " in this build, not " + v.dump());
  return std::optional<int>{static_cast<int>(n)};
}

Result<Command> compute_maps(const Args& a) {
  cmd::ComputeMaps c;
  auto days = a.optional_number("window_days", 1.0, 366.0);
  if (!days) return days.error();
  c.window_days = *days;
  auto step = a.optional_number("step_hours", 0.25, 48.0);
  if (!step) return step.error();
  c.step_hours = *step;
  if (a.has("backend")) {
    auto b = a.text("backend");
    if (!b) return b.error();
    if (*b == "gpu")
      c.backend = cmd::MapsBackend::kGpu;
    else if (*b == "cpu")
      c.backend = cmd::MapsBackend::kCpu;
    else if (*b != "auto")
      return a.error("backend", "must be auto, gpu or cpu, not '" + *b + "'");
  }
  auto threads = map_threads(a);
  if (!threads) return threads.error();
  c.threads = *threads;
  return Command{c};
}

using Parser = std::function<Result<Command>(const Args&)>;
const std::vector<std::pair<const char*, Parser>>& parsers() {
  static const std::vector<std::pair<const char*, Parser>> kParsers = {
      {"fly_to", fly_to},
      {"stand_here", stand_here},
      {"orbit", [](const Args&) -> Result<Command> { return Command{cmd::Orbit{}}; }},
      {"select_site",
       [](const Args& a) -> Result<Command> {
         auto s = a.text("site");
         if (!s) return s.error();
         return Command{cmd::SelectSite{*s}};
       }},
      {"set_clock", set_clock},
      {"play", play},
      {"pause", [](const Args&) -> Result<Command> { return Command{cmd::Pause{}}; }},
      {"follow_span", follow_span},
      {"overlay", overlay},
      {"show_panels",
       [](const Args& a) -> Result<Command> {
         auto v = a.flag("visible", true);
         if (!v) return v.error();
         return Command{cmd::ShowPanels{*v}};
       }},
      {"open_panel", open_panel},
      {"set_language", set_language},
      {"plan_traverse", plan_traverse},
      {"replan_traverse",
       [](const Args&) -> Result<Command> { return Command{cmd::ReplanTraverse{}}; }},
      {"play_traverse",
       [](const Args& a) -> Result<Command> {
         auto on = a.flag("on", true);
         if (!on) return on.error();
         return Command{cmd::PlayTraverse{*on}};
       }},
      {"seek_traverse",
       [](const Args& a) -> Result<Command> {
         auto f = a.number("fraction", 0.0, 1.0);
         if (!f) return f.error();
         return Command{cmd::SeekTraverse{*f}};
       }},
      {"export_traverse", export_traverse},
      {"compute_maps", compute_maps},
      {"open_import", [](const Args&) -> Result<Command> { return Command{cmd::OpenImport{}}; }},
      {"restore_builtin",
       [](const Args&) -> Result<Command> { return Command{cmd::RestoreBuiltin{}}; }},
      {"reset_view", [](const Args&) -> Result<Command> { return Command{cmd::ResetView{}}; }},
      {"status", [](const Args&) -> Result<Command> { return Command{cmd::GetStatus{}}; }},
  };
  return kParsers;
}

}  // namespace

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& [name, parse] : parsers()) names.emplace_back(name);
  return names;
}

const char* command_name(const Command& c) {
  // The parsers are listed in the variant's order.
  return parsers()[c.index()].first;
}

Result<Command> command_from_json(std::string_view text) {
  if (text.size() > kMaxCommandBytes)
    return make_error("command: " + std::to_string(text.size()) + " bytes, more than 16 KiB");
  const json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return make_error("command: not valid JSON (truncated or mistyped?)");
  if (!j.is_object()) return make_error("command: expected a JSON object {\"cmd\": ...}");
  if (!j.contains("cmd") || !j.at("cmd").is_string())
    return make_error("command: \"cmd\" (the command's name) is missing");
  const std::string name = j.at("cmd").get<std::string>();
  for (const auto& [n, parse] : parsers())
    if (name == n) return parse(Args(j, name));
  return make_error("command: unknown command '" + name.substr(0, 40) + "'");
}

}  // namespace ce8::session
