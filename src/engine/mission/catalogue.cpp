#include "engine/mission/catalogue.hpp"

#include <cmath>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

namespace ce8::mission {
namespace {

using json = nlohmann::json;

// True when `key` names a field of `e`, or a nested one ("model.power.idle_w": rover models).
bool has_path(const json& e, const std::string& key) {
  const json* node = &e;
  std::size_t from = 0;
  while (true) {
    const std::size_t dot = key.find('.', from);
    const std::string part = key.substr(from, dot == std::string::npos ? dot : dot - from);
    if (!node->is_object() || !node->contains(part)) return false;
    node = &(*node)[part];
    if (dot == std::string::npos) return true;
    from = dot + 1;
  }
}

// Small checkers: each returns an error naming `where` and the field, never throws.
struct Checker {
  std::string where;
  std::optional<Error> error;

  bool fail(const std::string& what) {
    if (!error) error = make_error(where + ": " + what);
    return false;
  }
  std::string text(const json& e, const char* key, bool required = true) {
    auto it = e.find(key);
    if (it == e.end() || it->is_null()) {
      if (required) fail(std::string(key) + " must be a non-empty string");
      return {};
    }
    if (!it->is_string() ||
        it->get_ref<const std::string&>().find_first_not_of(" \t\n") == std::string::npos) {
      fail(std::string(key) + " must be a non-empty string");
      return {};
    }
    return it->get<std::string>();
  }
  double number(const json& e, const char* key, double lo, double hi) {
    auto it = e.find(key);
    if (it == e.end() || !it->is_number() || !std::isfinite(it->get<double>()) ||
        it->get<double>() < lo || it->get<double>() > hi) {
      char buf[96];
      std::snprintf(buf, sizeof buf, " must be a number in [%g, %g]", lo, hi);
      fail(key + std::string(buf));
      return lo;
    }
    return it->get<double>();
  }
  bool boolean(const json& e, const char* key) {
    auto it = e.find(key);
    if (it == e.end() || !it->is_boolean()) {
      fail(std::string(key) + " must be true or false");
      return false;
    }
    return it->get<bool>();
  }
  std::vector<std::string> strings(const json& e, const char* key) {
    std::vector<std::string> out;
    auto it = e.find(key);
    if (it == e.end() || !it->is_array()) {
      fail(std::string(key) + " must be an array of strings");
      return out;
    }
    for (const json& s : *it) {
      if (!s.is_string()) {
        fail(std::string(key) + " must be an array of strings");
        return out;
      }
      out.push_back(s.get<std::string>());
    }
    return out;
  }
  Assumed assumed(const json& e) {
    Assumed out;
    auto it = e.find("assumed");
    if (it == e.end() || !it->is_object()) {
      fail("assumed must be an object (field -> basis)");
      return out;
    }
    for (auto a = it->begin(); a != it->end(); ++a) {
      const std::string& k = a.key();
      if (!has_path(e, k) || k == "id" || k == "sources" || k == "assumed") {
        fail("assumed names '" + k + "', which is not a field of the entry");
        return out;
      }
      if (!a->is_string() || a->get_ref<const std::string&>().empty()) {
        fail("assumed '" + k + "' needs its basis (a non-empty string)");
        return out;
      }
      out[k] = a->get<std::string>();
    }
    return out;
  }
  Sources sources(const json& e, const std::map<std::string, std::string>& table) {
    Sources out = strings(e, "sources");
    if (error) return out;
    if (out.empty()) fail("sources must be a non-empty array");
    for (const auto& s : out)
      if (!table.count(s)) {
        fail("unknown source '" + s + "'");
        break;
      }
    return out;
  }
};

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  if (!(std::islower(static_cast<unsigned char>(id[0])) ||
        std::isdigit(static_cast<unsigned char>(id[0]))))
    return false;
  for (char c : id)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return true;
}

struct Doc {
  json root;
  std::map<std::string, std::string> sources;
};

// Checks each object of `entries` (ids valid and unique within `seen`) and calls
// per_entry(entry, checker, sources) for it; returns the first error. `what` names an element in
// messages ("entry", "context entry").
template <class F>
std::optional<Error> check_entries(const std::string& file, const std::string& what,
                                   const json& entries, std::set<std::string>& seen,
                                   const std::map<std::string, std::string>& sources, F per_entry) {
  int n = 0;
  for (const json& e : entries) {
    ++n;
    if (!e.is_object())
      return make_error(file + ": " + what + " #" + std::to_string(n) + " must be an object");
    auto id = e.find("id");
    if (id == e.end() || !id->is_string() || !valid_id(id->get<std::string>()))
      return make_error(file + ": " + what + " #" + std::to_string(n) +
                        ": id must be lower-case letters, digits and '-'");
    Checker c{file + ": " + what + " '" + id->get<std::string>() + "'", std::nullopt};
    if (!seen.insert(id->get<std::string>()).second) c.fail("duplicate id");
    if (!c.error) per_entry(e, c, sources);
    if (c.error) return *c.error;
  }
  return std::nullopt;
}

// Parses one file and checks what every kind shares; calls per_entry(entry, checker) for each.
template <class F>
Result<Doc> parse_kind(std::string_view kind, std::string_view text, F per_entry) {
  const std::string file = std::string(kind) + ".json";
  if (text.size() > kMaxCatalogueBytes)
    return make_error(file + ": larger than " + std::to_string(kMaxCatalogueBytes) + " bytes");
  if (json_depth(text, kMaxCatalogueDepth) > kMaxCatalogueDepth)
    return make_error(file + ": nested deeper than " + std::to_string(kMaxCatalogueDepth) +
                      " levels");
  Doc doc;
  doc.root = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.root.is_discarded()) return make_error(file + ": not valid JSON");
  if (!doc.root.is_object()) return make_error(file + ": the top level must be an object");
  auto k = doc.root.find("kind");
  if (k == doc.root.end() || !k->is_string() || k->get<std::string>() != kind)
    return make_error(file + ": \"kind\" must be \"" + std::string(kind) + "\"");
  auto s = doc.root.find("sources");
  if (s == doc.root.end() || !s->is_object() || s->empty())
    return make_error(file + ": \"sources\" must be an object of non-empty strings");
  for (auto it = s->begin(); it != s->end(); ++it) {
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
      return make_error(file + ": \"sources\" must be an object of non-empty strings");
    doc.sources[it.key()] = it->get<std::string>();
  }
  auto entries = doc.root.find("entries");
  if (entries == doc.root.end() || !entries->is_array() || entries->empty())
    return make_error(file + ": \"entries\" must be a non-empty array");
  std::set<std::string> seen;
  if (auto bad = check_entries(file, "entry", *entries, seen, doc.sources, per_entry)) return *bad;
  return doc;
}

std::vector<std::string> ids_of(const json& root, const char* key) {
  std::vector<std::string> out;
  auto it = root.find(key);
  if (it == root.end() || !it->is_array()) return out;
  for (const json& x : *it)
    if (x.is_object() && x.contains("id") && x["id"].is_string())
      out.push_back(x["id"].get<std::string>());
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

// One site of sites.json: a Chang'e-8 candidate ("entries", mission "change-8", optional
// aliases) or another mission's site ("context": its own mission and an uncertainty_km).
LandingSite parse_site(const json& e, Checker& c, const std::map<std::string, std::string>& table,
                       bool context) {
  LandingSite s;
  s.id = e["id"].get<std::string>();
  s.name = c.text(e, "name");
  s.description = c.text(e, "description");
  s.terrain = c.text(e, "terrain", false);
  s.mission = c.text(e, "mission");
  if (!c.error && context == (s.mission == kChange8Mission))
    c.fail(
        context
            ? "mission of a context site must not be \"change-8\" (Chang'e-8's sites go in entries)"
            : "mission must be \"change-8\" (other missions' sites go in \"context\")");
  s.setting = c.text(e, "setting");
  bool known = false;
  for (const char* k : kSiteSettings) known = known || s.setting == k;
  if (!c.error && !known)
    c.fail("setting must be one of plateau, summit, massif, peak, ridge, rim, plain, crater-floor");
  s.lat_deg = c.number(e, "lat_deg", -90, 90);
  s.lon_deg = c.number(e, "lon_deg", -360, 360);
  if (context) s.uncertainty_km = c.number(e, "uncertainty_km", 0, 500);
  if (e.contains("aliases")) {
    if (context) c.fail("aliases are for Chang'e-8 sites only");
    s.aliases = c.strings(e, "aliases");
    for (const auto& a : s.aliases)
      if (!c.error && !valid_id(a))
        c.fail("aliases must be ids (lower-case letters, digits and '-')");
  }
  s.sources = c.sources(e, table);
  s.assumed = c.assumed(e);
  return s;
}

}  // namespace

int json_depth(std::string_view text, int max_depth) {
  int depth = 0, worst = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (ch == '\\')
        escaped = true;
      else if (ch == '"')
        in_string = false;
      continue;
    }
    if (ch == '"')
      in_string = true;
    else if (ch == '[' || ch == '{') {
      if (++depth > worst) worst = depth;
      if (worst > max_depth) return max_depth + 1;
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return worst;
}

const Payload* Catalogue::find_payload(std::string_view id) const {
  for (const auto& p : payloads)
    if (p.id == id) return &p;
  return nullptr;
}

const LandingSite* Catalogue::find_site(std::string_view id) const {
  for (const auto& s : sites) {
    if (s.id == id) return &s;
    for (const auto& a : s.aliases)
      if (a == id) return &s;
  }
  return nullptr;
}

const LandingSite* Catalogue::find_context_site(std::string_view id) const {
  for (const auto& s : context_sites)
    if (s.id == id) return &s;
  return nullptr;
}

namespace {

// The participants and their levels.
Status load_participants(const CatalogueTexts& texts, Catalogue& cat) {
  using Table = std::map<std::string, std::string>;
  std::vector<std::string> levels;
  json head = json::parse(texts.participants.begin(), texts.participants.end(), nullptr, false);
  if (head.is_object()) levels = ids_of(head, "levels");
  auto doc = parse_kind("participants", texts.participants,
                        [&](const json& e, Checker& c, const Table& t) {
                          Participant p;
                          p.id = e["id"].get<std::string>();
                          p.name = c.text(e, "name");
                          p.level = c.text(e, "level");
                          if (!c.error && !contains(levels, p.level))
                            c.fail("level must be one of the file's levels");
                          p.country = c.text(e, "country", false);
                          p.region = c.text(e, "region");
                          p.note = c.text(e, "note", false);
                          auto j = e.find("joined");
                          if (j != e.end() && !j->is_null()) {
                            static const std::regex month("^[0-9]{4}-(0[1-9]|1[0-2])$");
                            if (!j->is_string() || !std::regex_match(j->get<std::string>(), month))
                              c.fail("joined must be null or \"YYYY-MM\"");
                            else
                              p.joined = j->get<std::string>();
                          }
                          auto con = e.find("contributions");
                          if (con == e.end() || !con->is_object()) {
                            c.fail("contributions needs arrays of strings change7 and change8");
                          } else {
                            p.change7 = c.strings(*con, "change7");
                            p.change8 = c.strings(*con, "change8");
                          }
                          p.sources = c.sources(e, t);
                          p.assumed = c.assumed(e);
                          cat.participants.push_back(std::move(p));
                        });
  if (!doc) return doc.error();
  if (levels.empty()) return make_error("participants.json: \"levels\" must list the levels");
  for (const json& l : doc->root["levels"]) {
    if (!l.is_object() || !l.contains("id") || !l["id"].is_string()) continue;
    const std::string id = l["id"].get<std::string>();
    const bool named = l.contains("name") && l["name"].is_string();
    cat.levels.push_back({id, named ? l["name"].get<std::string>() : id});
  }
  cat.sources["participants"] = doc->sources;
  return Ok{};
}

// Mission facts, the payload budget and the lander's power.
Status load_mission(const CatalogueTexts& texts, Catalogue& cat) {
  using Table = std::map<std::string, std::string>;
  auto doc = parse_kind("mission", texts.mission, [&](const json& e, Checker& c, const Table& t) {
    Fact f;
    f.id = e["id"].get<std::string>();
    f.text = c.text(e, "text");
    f.sources = c.sources(e, t);
    c.assumed(e);
    cat.facts.push_back(std::move(f));
  });
  if (!doc) return doc.error();
  const json& root = doc->root;
  for (const char* block : {"budget", "lander_power"}) {
    Checker c{std::string("mission.json: ") + block, std::nullopt};
    auto b = root.find(block);
    if (b == root.end() || !b->is_object()) return make_error(c.where + " must be an object");
    if (std::string(block) == "budget") {
      cat.budget.international_allocation_kg = c.number(*b, "international_allocation_kg", 0, 1e6);
      cat.budget.max_single_payload_kg = c.number(*b, "max_single_payload_kg", 0, 1e6);
      cat.budget.payload_power_w = c.number(*b, "payload_power_w", 0, 1e6);
      cat.budget.payload_data_mb_per_day = c.number(*b, "payload_data_mb_per_day", 0, 1e9);
      cat.budget.assumed = c.assumed(*b);
    } else {
      auto& lp = cat.lander_power;
      lp.solar_peak_w = c.number(*b, "solar_peak_w", 0, 1e6);
      lp.battery_wh = c.number(*b, "battery_wh", 0, 1e6);
      lp.battery_floor_fraction = c.number(*b, "battery_floor_fraction", 0, 1);
      lp.battery_start_fraction = c.number(*b, "battery_start_fraction", 0, 1);
      lp.platform_w = c.number(*b, "platform_w", 0, 1e6);
      lp.assumed = c.assumed(*b);
    }
    c.sources(*b, doc->sources);
    if (c.error) return *c.error;
  }
  cat.sources["mission"] = doc->sources;
  return Ok{};
}

// Chang'e-8's candidate sites ("entries") and other missions' sites ("context").
Status load_sites(const CatalogueTexts& texts, Catalogue& cat) {
  using Table = std::map<std::string, std::string>;
  auto doc = parse_kind("sites", texts.sites, [&](const json& e, Checker& c, const Table& t) {
    cat.sites.push_back(parse_site(e, c, t, false));
  });
  if (!doc) return doc.error();
  std::set<std::string> seen;  // ids and aliases: one namespace for both lists
  for (const auto& s : cat.sites) seen.insert(s.id);
  for (const auto& s : cat.sites) {
    for (const auto& a : s.aliases)
      if (!seen.insert(a).second)
        return make_error("sites.json: entry '" + s.id + "': alias '" + a +
                          "' is already an id or alias");
  }
  auto ctx = doc->root.find("context");
  if (ctx != doc->root.end()) {
    if (!ctx->is_array()) return make_error("sites.json: \"context\" must be an array");
    auto bad = check_entries("sites.json", "context entry", *ctx, seen, doc->sources,
                             [&](const json& e, Checker& c, const Table& t) {
                               cat.context_sites.push_back(parse_site(e, c, t, true));
                             });
    if (bad) return *bad;
  }
  cat.sources["sites"] = doc->sources;
  return Ok{};
}

// The payloads and their carriers.
Status load_payloads(const CatalogueTexts& texts, Catalogue& cat) {
  using Table = std::map<std::string, std::string>;
  json head = json::parse(texts.payloads.begin(), texts.payloads.end(), nullptr, false);
  if (head.is_object()) cat.carriers = ids_of(head, "carriers");
  auto doc = parse_kind("payloads", texts.payloads, [&](const json& e, Checker& c, const Table& t) {
    Payload p;
    p.id = e["id"].get<std::string>();
    p.name = c.text(e, "name");
    p.owner = c.text(e, "owner");
    p.carrier = c.text(e, "carrier");
    if (!c.error && !contains(cat.carriers, p.carrier))
      c.fail("carrier must be one of the file's carriers");
    p.kind = c.text(e, "kind", false);
    p.description = c.text(e, "description", false);
    p.mass_kg = c.number(e, "mass_kg", 0.001, 10000);
    p.power_w = c.number(e, "power_w", 0, 100000);
    p.standby_w = c.number(e, "standby_w", 0, 100000);
    p.data_kbps = c.number(e, "data_kbps", 0, 1e6);
    p.hours_per_day = c.number(e, "hours_per_day", 0, 24);
    const std::string by = c.text(e, "powered_by");
    if (!c.error && by != "lander" && by != "own")
      c.fail("powered_by must be \"lander\" or \"own\"");
    p.powered_by_lander = by == "lander";
    p.noisy = c.boolean(e, "noisy");
    auto con = e.find("constraints");
    if (con == e.end() || !con->is_object() || con->size() != 5) {
      c.fail(
          "constraints must hold exactly needs_sunlight, needs_earth_in_view, needs_quiet, "
          "must_not_see_sun, must_survive_night as true/false");
    } else {
      p.constraints.needs_sunlight = c.boolean(*con, "needs_sunlight");
      p.constraints.needs_earth_in_view = c.boolean(*con, "needs_earth_in_view");
      p.constraints.needs_quiet = c.boolean(*con, "needs_quiet");
      p.constraints.must_not_see_sun = c.boolean(*con, "must_not_see_sun");
      p.constraints.must_survive_night = c.boolean(*con, "must_survive_night");
    }
    p.sources = c.sources(e, t);
    p.assumed = c.assumed(e);
    cat.payloads.push_back(std::move(p));
  });
  if (!doc) return doc.error();
  cat.sources["payloads"] = doc->sources;
  return Ok{};
}

// The rovers (after the payloads: a rover names its payloads).
Status load_rovers(const CatalogueTexts& texts, Catalogue& cat) {
  using Table = std::map<std::string, std::string>;
  auto doc = parse_kind("rovers", texts.rovers, [&](const json& e, Checker& c, const Table& t) {
    Rover r;
    r.id = e["id"].get<std::string>();
    r.name = c.text(e, "name");
    r.owner = c.text(e, "owner", false);
    r.mass_kg = c.number(e, "mass_kg", 0.001, 10000);
    r.wheels = static_cast<int>(c.number(e, "wheels", 1, 16));
    r.solar_w = c.number(e, "solar_w", 0, 100000);
    r.speed_m_per_h = c.number(e, "speed_m_per_h", 0.001, 100000);
    r.payload_ids = c.strings(e, "payload_ids");
    for (const auto& id : r.payload_ids)
      if (!c.error && !cat.find_payload(id))
        c.fail("payload_ids must name payloads of payloads.json ('" + id + "' does not)");
    r.sources = c.sources(e, t);
    r.assumed = c.assumed(e);
    cat.rovers.push_back(std::move(r));
  });
  if (!doc) return doc.error();
  cat.sources["rovers"] = doc->sources;
  return Ok{};
}
}  // namespace

Result<Catalogue> load_catalogue(const CatalogueTexts& texts) {
  Catalogue cat;
  for (auto load : {load_participants, load_mission, load_sites, load_payloads, load_rovers})
    if (auto s = load(texts, cat); !s) return s.error();
  return cat;
}

Result<Catalogue> load_embedded_catalogue() { return load_catalogue(embedded_catalogue_texts()); }

}  // namespace ce8::mission
