#include "engine/scenario/scenario.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/scenario/clock.hpp"
#include "engine/time/time.hpp"

namespace ce8::scenario {
namespace {

using json = nlohmann::json;

// 1950-01-01 .. 2150-01-01 in TT seconds since J2000 (rounded inwards).
constexpr double kMinTtS = -1577880000.0;
constexpr double kMaxTtS = 4733510000.0;

Error err(const std::string& what) { return make_error("scenario: " + what); }

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Status check_range(const char* field, double v, double lo, double hi) {
  if (!std::isfinite(v) || v < lo || v > hi)
    return err(std::string(field) + " must be a number in [" + num(lo) + ", " + num(hi) +
               "], got " + num(v));
  return Ok{};
}

bool id_chars_ok(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

template <class List>
bool in_list(const List& list, const std::string& s) {
  for (const char* x : list)
    if (s == x) return true;
  return false;
}

// Rejects keys of `obj` that are not in `allowed`.
Status only_keys(const json& obj, const char* where, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) return err(std::string("unknown field '") + where + it.key() + "'");
  }
  return Ok{};
}

Status get_number(const json& obj, const char* key, const char* field, double& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Ok{};
  if (!it->is_number()) return err(std::string(field) + " must be a number");
  out = it->get<double>();
  return Ok{};
}

Status get_int(const json& obj, const char* key, const char* field, int& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Ok{};
  if (!it->is_number_integer()) return err(std::string(field) + " must be an integer");
  const auto v = it->get<long long>();
  if (v < -1000000 || v > 1000000) return err(std::string(field) + " is out of range");
  out = static_cast<int>(v);
  return Ok{};
}

Status get_bool(const json& obj, const char* key, const char* field, bool& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Ok{};
  if (!it->is_boolean()) return err(std::string(field) + " must be true or false");
  out = it->get<bool>();
  return Ok{};
}

Status get_string(const json& obj, const char* key, const char* field, std::string& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Ok{};
  if (!it->is_string()) return err(std::string(field) + " must be a string");
  out = it->get<std::string>();
  if (out.size() > 256) return err(std::string(field) + " is longer than 256 characters");
  return Ok{};
}

#define CE8_TRY(expr)             \
  do {                            \
    auto _st = (expr);            \
    if (!_st) return _st.error(); \
  } while (0)

Result<Scenario> from_json_value(const json& j) {
  if (!j.is_object()) return err("the top level must be a JSON object");
  CE8_TRY(only_keys(j, "",
                    {"kind", "version", "site", "clock", "rover", "manifest", "traverse", "view"}));
  auto kind = j.find("kind");
  if (kind == j.end() || !kind->is_string() || kind->get<std::string>() != "ce8-scenario")
    return err("kind must be \"ce8-scenario\"");
  auto ver = j.find("version");
  if (ver == j.end() || !ver->is_number_integer() || ver->get<long long>() != kScenarioVersion)
    return err("version must be 1");
  Scenario s;
  if (auto it = j.find("site"); it != j.end()) {
    if (!it->is_object()) return err("site must be an object");
    CE8_TRY(only_keys(*it, "site.", {"id", "lat_deg", "lon_deg", "height_m"}));
    CE8_TRY(get_string(*it, "id", "site.id", s.site.id));
    CE8_TRY(get_number(*it, "lat_deg", "site.lat_deg", s.site.lat_deg));
    CE8_TRY(get_number(*it, "lon_deg", "site.lon_deg", s.site.lon_deg));
    CE8_TRY(get_number(*it, "height_m", "site.height_m", s.site.height_m));
  }
  if (auto it = j.find("clock"); it != j.end()) {
    if (!it->is_object()) return err("clock must be an object");
    CE8_TRY(only_keys(*it, "clock.", {"tt_s", "utc", "speed_index", "playing"}));
    const bool has_tt = it->contains("tt_s");
    std::string utc;
    CE8_TRY(get_number(*it, "tt_s", "clock.tt_s", s.clock.tt_s));
    CE8_TRY(get_string(*it, "utc", "clock.utc", utc));
    CE8_TRY(get_int(*it, "speed_index", "clock.speed_index", s.clock.speed_index));
    CE8_TRY(get_bool(*it, "playing", "clock.playing", s.clock.playing));
    if (it->contains("utc")) {
      auto t = time::parse_iso8601(utc);
      if (!t) return err("clock.utc: " + t.error().message);
      const double tt = t->tt_seconds_since_j2000();
      if (!has_tt) {
        s.clock.tt_s = tt;
      } else if (std::fabs(tt - s.clock.tt_s) > 1.0) {
        return err("clock.utc '" + utc + "' and clock.tt_s disagree by more than 1 s");
      }
    } else if (!has_tt) {
      return err("clock needs tt_s or utc");
    }
  } else {
    auto t = time::parse_iso8601(kDefaultStartUtc);
    if (t) s.clock.tt_s = t->tt_seconds_since_j2000();
  }
  CE8_TRY(get_string(j, "rover", "rover", s.rover));
  if (auto it = j.find("manifest"); it != j.end()) {
    if (!it->is_array()) return err("manifest must be an array of payload ids");
    if (it->size() > kMaxScenarioPayloads)
      return err("manifest has " + std::to_string(it->size()) + " payloads, more than 64");
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string())
        return err("manifest[" + std::to_string(i) + "] must be a payload id string");
      s.manifest.push_back((*it)[i].get<std::string>());
    }
  }
  if (auto it = j.find("traverse"); it != j.end()) {
    if (!it->is_array()) return err("traverse must be an array of [lat_deg, lon_deg] pairs");
    if (it->size() > kMaxScenarioWaypoints)
      return err("traverse has " + std::to_string(it->size()) + " waypoints, more than 256");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& w = (*it)[i];
      if (!w.is_array() || w.size() != 2 || !w[0].is_number() || !w[1].is_number())
        return err("traverse[" + std::to_string(i) + "] must be [lat_deg, lon_deg]");
      s.traverse.push_back({w[0].get<double>(), w[1].get<double>()});
    }
  }
  if (auto it = j.find("view"); it != j.end()) {
    if (!it->is_object()) return err("view must be an object");
    CE8_TRY(only_keys(*it, "view.",
                      {"target_x_m", "target_y_m", "distance_m", "yaw_deg", "pitch_deg",
                       "vertical_exaggeration", "color_mode", "panels"}));
    ScenarioView& v = s.view;
    CE8_TRY(get_number(*it, "target_x_m", "view.target_x_m", v.target_x_m));
    CE8_TRY(get_number(*it, "target_y_m", "view.target_y_m", v.target_y_m));
    CE8_TRY(get_number(*it, "distance_m", "view.distance_m", v.distance_m));
    CE8_TRY(get_number(*it, "yaw_deg", "view.yaw_deg", v.yaw_deg));
    CE8_TRY(get_number(*it, "pitch_deg", "view.pitch_deg", v.pitch_deg));
    CE8_TRY(get_number(*it, "vertical_exaggeration", "view.vertical_exaggeration",
                       v.vertical_exaggeration));
    CE8_TRY(get_int(*it, "color_mode", "view.color_mode", v.color_mode));
    if (auto p = it->find("panels"); p != it->end()) {
      if (!p->is_array()) return err("view.panels must be an array of panel names");
      for (std::size_t i = 0; i < p->size(); ++i) {
        if (!(*p)[i].is_string())
          return err("view.panels[" + std::to_string(i) + "] must be a panel name string");
        v.panels.push_back((*p)[i].get<std::string>());
      }
    }
  }
  return s;
}

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

Status validate_scenario(const Scenario& s, const mission::Catalogue* catalogue) {
  if (!s.site.id.empty() && !in_list(kScenarioSiteIds, s.site.id))
    return err("site.id '" + s.site.id +
               "' is not a known site (south-pole, leibnitz-beta or mons-mouton, "
               "shackleton-de-gerlache-ridge, "
               "amundsen, cabeus, or leave it out)");
  CE8_TRY(check_range("site.lat_deg", s.site.lat_deg, -90.0, 90.0));
  CE8_TRY(check_range("site.lon_deg", s.site.lon_deg, -360.0, 360.0));
  CE8_TRY(check_range("site.height_m", s.site.height_m, -20000.0, 20000.0));
  if (!std::isfinite(s.clock.tt_s) || s.clock.tt_s < kMinTtS || s.clock.tt_s > kMaxTtS)
    return err("clock time must be between 1950 and 2150, got tt_s " + num(s.clock.tt_s));
  if (s.clock.speed_index < 0 || s.clock.speed_index >= static_cast<int>(kClockSpeeds.size()))
    return err("clock.speed_index must be 0.." + std::to_string(kClockSpeeds.size() - 1) +
               ", got " + std::to_string(s.clock.speed_index));
  if (!s.rover.empty()) {
    if (!id_chars_ok(s.rover)) return err("rover '" + s.rover + "' is not a valid rover id");
    if (catalogue) {
      bool found = false;
      for (const auto& r : catalogue->rovers) found = found || r.id == s.rover;
      if (!found) return err("unknown rover id '" + s.rover + "'");
    }
  }
  if (s.manifest.size() > kMaxScenarioPayloads) return err("manifest has more than 64 payloads");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.manifest.size(); ++i) {
    const std::string& id = s.manifest[i];
    if (!id_chars_ok(id))
      return err("manifest[" + std::to_string(i) + "] '" + id + "' is not a valid payload id");
    if (catalogue && !catalogue->find_payload(id))
      return err("unknown payload id '" + id + "' in manifest");
    if (!seen.insert(id).second) return err("payload id '" + id + "' twice in manifest");
  }
  if (s.traverse.size() > kMaxScenarioWaypoints) return err("traverse has more than 256 waypoints");
  for (std::size_t i = 0; i < s.traverse.size(); ++i) {
    const std::string f = "traverse[" + std::to_string(i) + "]";
    CE8_TRY(check_range((f + " latitude").c_str(), s.traverse[i].lat_deg, -90.0, 90.0));
    CE8_TRY(check_range((f + " longitude").c_str(), s.traverse[i].lon_deg, -360.0, 360.0));
  }
  const ScenarioView& v = s.view;
  CE8_TRY(check_range("view.target_x_m", v.target_x_m, -3.0e6, 3.0e6));
  CE8_TRY(check_range("view.target_y_m", v.target_y_m, -3.0e6, 3.0e6));
  CE8_TRY(check_range("view.distance_m", v.distance_m, 1.0, 1.0e7));
  CE8_TRY(check_range("view.yaw_deg", v.yaw_deg, -3600.0, 3600.0));
  CE8_TRY(check_range("view.pitch_deg", v.pitch_deg, -90.0, 90.0));
  CE8_TRY(check_range("view.vertical_exaggeration", v.vertical_exaggeration, 0.1, 100.0));
  if (v.color_mode < 0 || v.color_mode > 2)
    return err("view.color_mode must be 0, 1 or 2, got " + std::to_string(v.color_mode));
  std::set<std::string> panels;
  for (const auto& p : v.panels) {
    if (!in_list(kScenarioPanelNames, p)) return err("view.panels: unknown panel '" + p + "'");
    if (!panels.insert(p).second) return err("view.panels: panel '" + p + "' twice");
  }
  return Ok{};
}

std::string scenario_to_json(const Scenario& s, int indent) {
  json j = json::object();
  j["kind"] = "ce8-scenario";
  j["version"] = kScenarioVersion;
  json site = {
      {"lat_deg", s.site.lat_deg}, {"lon_deg", s.site.lon_deg}, {"height_m", s.site.height_m}};
  if (!s.site.id.empty()) site["id"] = s.site.id;
  j["site"] = site;
  json clock = {
      {"tt_s", s.clock.tt_s}, {"speed_index", s.clock.speed_index}, {"playing", s.clock.playing}};
  auto utc = time::format_iso8601(time::Instant::from_tt_seconds_since_j2000(s.clock.tt_s),
                                  time::Scale::kUtc, 3);
  if (utc) clock["utc"] = utc.value();
  j["clock"] = clock;
  j["rover"] = s.rover;
  j["manifest"] = s.manifest;
  json trav = json::array();
  for (const auto& w : s.traverse) trav.push_back({w.lat_deg, w.lon_deg});
  j["traverse"] = trav;
  j["view"] = {
      {"target_x_m", s.view.target_x_m}, {"target_y_m", s.view.target_y_m},
      {"distance_m", s.view.distance_m}, {"yaw_deg", s.view.yaw_deg},
      {"pitch_deg", s.view.pitch_deg},   {"vertical_exaggeration", s.view.vertical_exaggeration},
      {"color_mode", s.view.color_mode}, {"panels", s.view.panels}};
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

Result<Scenario> scenario_from_json(std::string_view text, const mission::Catalogue* catalogue) {
  if (text.size() > kMaxScenarioBytes)
    return err("the text is " + std::to_string(text.size()) + " bytes, more than 64 KiB");
  if (mission::json_depth(text, kMaxScenarioDepth) > kMaxScenarioDepth)
    return err("JSON nested deeper than 8 levels");
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return err("not valid JSON (truncated or mistyped?)");
  auto s = from_json_value(j);
  if (!s) return s.error();
  auto v = validate_scenario(s.value(), catalogue);
  if (!v) return v.error();
  return s;
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
  } else if (rest == 2) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
  }
  return out;
}

Result<std::string> base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1)
    return make_error("base64 text has an impossible length " + std::to_string(text.size()) +
                      " (truncated?)");
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-' || c == '+')
      v = 62;
    else if (c == '_' || c == '/')
      v = 63;
    else
      return make_error("base64 text has a bad character at position " + std::to_string(i));
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string scenario_to_url_fragment(const Scenario& s) {
  return "#s=" + base64url_encode(scenario_to_json(s, -1));
}

Result<Scenario> scenario_from_url(std::string_view text, const mission::Catalogue* catalogue) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  if (const auto hash = text.find('#'); hash != std::string_view::npos) {
    text.remove_prefix(hash + 1);
    if (text.substr(0, 2) != "s=")
      return make_error("scenario URL: the part after '#' must start with s=");
  }
  if (text.substr(0, 2) == "s=") text.remove_prefix(2);
  if (text.empty()) return make_error("scenario URL: no scenario in the link (expected #s=...)");
  if (text.size() > kMaxScenarioBytes * 4 / 3 + 4)
    return make_error("scenario URL: the link is too long");
  auto bytes = base64url_decode(text);
  if (!bytes) return make_error("scenario URL: " + bytes.error().message);
  auto s = scenario_from_json(bytes.value(), catalogue);
  if (!s) return make_error("scenario URL: " + s.error().message.substr(10));  // was "scenario: "
  return s;
}

Result<Scenario> scenario_from_text(std::string_view text, const mission::Catalogue* catalogue) {
  std::size_t i = 0;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'))
    ++i;
  if (i == text.size()) return err("empty text (paste scenario JSON or a link)");
  if (text[i] == '{' || text[i] == '[') return scenario_from_json(text, catalogue);
  return scenario_from_url(text, catalogue);
}

}  // namespace ce8::scenario
