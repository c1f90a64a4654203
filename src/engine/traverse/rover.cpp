#include "engine/traverse/rover.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "engine/mission/embedded.hpp"

namespace ce8::traverse {
namespace {

using json = nlohmann::json;

struct Range {
  const char* field;  // name in the "model" object ("power.idle_w" for nested ones)
  double lo, hi;
};

// The same ranges as assets/validate_catalogue.py (ROVER_MODEL_NUMBERS, power 0..100000 W).
constexpr Range kRanges[] = {
    {"length_m", 0.05, 20},
    {"width_m", 0.05, 20},
    {"height_m", 0.05, 20},
    {"top_speed_m_s", 1e-4, 10},
    {"max_slope_up_deg", 1, 60},
    {"max_slope_down_deg", 1, 60},
    {"max_cross_slope_deg", 1, 60},
    {"max_obstacle_m", 0, 5},
    {"panel_area_m2", 0, 100},
    {"panel_efficiency", 0, 1},
    {"panel_facing_deg", -360, 360},
    {"battery_wh", 1, 100000},
    {"min_soc", 0, 0.95},
    {"mast_height_m", 0, 20},
    {"power.idle_w", 0, 100000},
    {"power.driving_w", 0, 100000},
    {"power.survival_w", 0, 100000},
    {"power.comm_w", 0, 100000},
    {"power.instruments_w", 0, 100000},
};

// Field of the model by its JSON name.
double* field_ptr(RoverModel& r, std::string_view f) {
  if (f == "length_m") return &r.length_m;
  if (f == "width_m") return &r.width_m;
  if (f == "height_m") return &r.height_m;
  if (f == "top_speed_m_s") return &r.top_speed_m_s;
  if (f == "max_slope_up_deg") return &r.max_slope_up_deg;
  if (f == "max_slope_down_deg") return &r.max_slope_down_deg;
  if (f == "max_cross_slope_deg") return &r.max_cross_slope_deg;
  if (f == "max_obstacle_m") return &r.max_obstacle_m;
  if (f == "panel_area_m2") return &r.panel_area_m2;
  if (f == "panel_efficiency") return &r.panel_efficiency;
  if (f == "panel_facing_deg") return &r.panel_facing_deg;
  if (f == "battery_wh") return &r.battery_wh;
  if (f == "min_soc") return &r.min_soc;
  if (f == "mast_height_m") return &r.mast_height_m;
  if (f == "power.idle_w") return &r.power.idle_w;
  if (f == "power.driving_w") return &r.power.driving_w;
  if (f == "power.survival_w") return &r.power.survival_w;
  if (f == "power.comm_w") return &r.power.comm_w;
  if (f == "power.instruments_w") return &r.power.instruments_w;
  return nullptr;
}

const char* mount_name(PanelMount m) {
  switch (m) {
    case PanelMount::kFixedVertical:
      return "fixed-vertical";
    case PanelMount::kHorizontal:
      return "horizontal";
    case PanelMount::kSunTracking:
      return "sun-tracking";
  }
  return "fixed-vertical";
}

const char* comm_name(CommRoute c) {
  return c == CommRoute::kViaLander ? "via-lander" : "direct-to-earth";
}

std::string rover_label(const std::string& id) { return "rover '" + (id.empty() ? "?" : id) + "'"; }

std::string fmt(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Status check_rover(const RoverModel& rover) {
  const std::string who = rover_label(rover.id);
  if (rover.id.empty()) return make_error("rover: id must be a non-empty string");
  if (rover.name.find_first_not_of(" \t\n") == std::string::npos)
    return make_error(who + ": name must be a non-empty string");
  if (!(rover.mass_kg >= 0.1 && rover.mass_kg <= 10000))
    return make_error(who + ": mass_kg must be in [0.1, 10000], got " + fmt(rover.mass_kg));
  RoverModel copy = rover;  // field_ptr wants a mutable model
  for (const Range& r : kRanges) {
    const double v = *field_ptr(copy, r.field);
    if (!(v >= r.lo && v <= r.hi))  // NaN fails too
      return make_error(who + ": model." + r.field + " must be in [" + fmt(r.lo) + ", " +
                        fmt(r.hi) + "], got " + fmt(v));
  }
  return Ok{};
}

json rover_to_json(const RoverModel& rover) {
  json j;
  j["id"] = rover.id;
  j["name"] = rover.name;
  j["mass_kg"] = rover.mass_kg;
  RoverModel copy = rover;
  for (const Range& r : kRanges) {
    const std::string f = r.field;
    if (f.rfind("power.", 0) == 0) continue;
    j[f] = *field_ptr(copy, f);
  }
  j["panel_mount"] = mount_name(rover.panel_mount);
  j["comm"] = comm_name(rover.comm);
  j["power"] = {{"idle_w", rover.power.idle_w},
                {"driving_w", rover.power.driving_w},
                {"survival_w", rover.power.survival_w},
                {"comm_w", rover.power.comm_w},
                {"instruments_w", rover.power.instruments_w}};
  j["assumed"] = json::object();
  for (const auto& [k, v] : rover.assumed) j["assumed"][k] = v;
  return j;
}

Result<RoverModel> rover_from_json(const json& j) {
  if (!j.is_object()) return make_error("rover: the model must be a JSON object");
  RoverModel r;
  auto id = j.find("id");
  if (id == j.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
    return make_error("rover: id must be a non-empty string");
  r.id = id->get<std::string>();
  const std::string who = rover_label(r.id);
  auto name = j.find("name");
  if (name == j.end() || !name->is_string())
    return make_error(who + ": name must be a non-empty string");
  r.name = name->get<std::string>();
  auto mass = j.find("mass_kg");
  if (mass == j.end() || !mass->is_number())
    return make_error(who + ": mass_kg is missing or not a number");
  r.mass_kg = mass->get<double>();
  for (const Range& range : kRanges) {
    const std::string f = range.field;
    const json* node = &j;
    std::string key = f;
    if (f.rfind("power.", 0) == 0) {
      auto p = j.find("power");
      if (p == j.end() || !p->is_object())
        return make_error(who +
                          ": model.power must be an object of idle_w, driving_w, "
                          "survival_w, comm_w, instruments_w (watts)");
      node = &*p;
      key = f.substr(6);
    }
    auto it = node->find(key);
    if (it == node->end() || !it->is_number())
      return make_error(who + ": model." + f + " is missing or not a number");
    *field_ptr(r, f) = it->get<double>();
  }
  if (auto p = j.find("power"); p != j.end()) {
    for (auto it = p->begin(); it != p->end(); ++it)
      if (!field_ptr(r, "power." + it.key()))
        return make_error(who + ": model.power has an unknown field '" + it.key() + "'");
  }
  auto mount = j.find("panel_mount");
  const std::string m = mount != j.end() && mount->is_string() ? mount->get<std::string>() : "";
  if (m == "fixed-vertical")
    r.panel_mount = PanelMount::kFixedVertical;
  else if (m == "horizontal")
    r.panel_mount = PanelMount::kHorizontal;
  else if (m == "sun-tracking")
    r.panel_mount = PanelMount::kSunTracking;
  else
    return make_error(who +
                      ": model.panel_mount must be fixed-vertical, horizontal or "
                      "sun-tracking");
  auto comm = j.find("comm");
  const std::string c = comm != j.end() && comm->is_string() ? comm->get<std::string>() : "";
  if (c == "direct-to-earth")
    r.comm = CommRoute::kDirectToEarth;
  else if (c == "via-lander")
    r.comm = CommRoute::kViaLander;
  else
    return make_error(who + ": model.comm must be direct-to-earth or via-lander");
  if (auto a = j.find("assumed"); a != j.end()) {
    if (!a->is_object()) return make_error(who + ": assumed must be an object (field -> basis)");
    for (auto it = a->begin(); it != a->end(); ++it) {
      if (!it->is_string())
        return make_error(who + ": assumed '" + it.key() + "' needs its basis (a string)");
      r.assumed[it.key()] = it->get<std::string>();
    }
  }
  if (auto ok = check_rover(r); !ok) return ok.error();
  return r;
}

Result<std::vector<RoverModel>> parse_rover_models(std::string_view rovers_json) {
  const json root = json::parse(rovers_json.begin(), rovers_json.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) return make_error("rovers.json: not valid JSON");
  auto entries = root.find("entries");
  if (entries == root.end() || !entries->is_array())
    return make_error("rovers.json: \"entries\" must be an array");
  std::vector<RoverModel> out;
  for (const json& e : *entries) {
    if (!e.is_object() || !e.contains("model")) continue;
    const json& m = e["model"];
    if (!m.is_object())
      return make_error("rovers.json: entry '" + e.value("id", std::string("?")) +
                        "': model must be an object");
    json flat = m;
    for (const char* k : {"id", "name", "mass_kg"})
      if (e.contains(k)) flat[k] = e[k];
    // Catalogue assumptions: "model.X" -> "X"; the entry's own mass_kg stays "mass_kg".
    json assumed = json::object();
    if (auto a = e.find("assumed"); a != e.end() && a->is_object()) {
      for (auto it = a->begin(); it != a->end(); ++it) {
        const std::string& k = it.key();
        if (k.rfind("model.", 0) == 0)
          assumed[k.substr(6)] = *it;
        else if (k == "mass_kg")
          assumed[k] = *it;
      }
    }
    flat["assumed"] = assumed;
    auto r = rover_from_json(flat);
    if (!r) return make_error("rovers.json: " + r.error().message);
    out.push_back(std::move(*r));
  }
  if (out.empty()) return make_error("rovers.json: no entry has a \"model\"");
  return out;
}

const std::vector<RoverModel>& builtin_rovers() {
  static const std::vector<RoverModel> models = [] {
    auto r = parse_rover_models(mission::embedded_catalogue_texts().rovers);
    // The build checked the catalogue (assets/validate_catalogue.py); an error here is a bug.
    return r ? std::move(*r) : std::vector<RoverModel>{};
  }();
  return models;
}

Result<RoverModel> find_rover(std::string_view id) {
  std::string known;
  for (const RoverModel& r : builtin_rovers()) {
    if (r.id == id) return r;
    known += (known.empty() ? "" : ", ") + r.id;
  }
  return make_error("unknown rover '" + std::string(id) + "' (known: " + known + ")");
}

}  // namespace ce8::traverse
