#include "ui/scenario_bridge.hpp"

#include <cmath>

#include "ui/sites.hpp"

namespace ce8::ui {
namespace {

// kLandingSites order -> scenario site ids.
constexpr const char* kSiteIds[] = {"leibnitz-beta", "shackleton-de-gerlache-ridge", "amundsen",
                                    "cabeus"};

struct PanelRef {
  const char* name;
  bool PanelVisibility::*flag;
};
constexpr PanelRef kPanels[] = {
    {"participants", &PanelVisibility::participants},
    {"sites", &PanelVisibility::sites},
    {"payloads", &PanelVisibility::payloads},
    {"traverse", &PanelVisibility::traverse},
    {"illumination", &PanelVisibility::illumination},
    {"sky", &PanelVisibility::sky},
    {"about", &PanelVisibility::about},
    {"view", &PanelVisibility::view},
    {"operations", &PanelVisibility::operations},
    {"terrain", &PanelVisibility::terrain},
    {"exercises", &PanelVisibility::exercises},
    {"scenario", &PanelVisibility::scenario},
};

}  // namespace

scenario::Scenario capture_scenario(const UiModel& m, const CameraPose& camera) {
  scenario::Scenario s;
  if (m.sky_site >= 1 && m.sky_site <= 4) {
    const auto& site = kLandingSites[static_cast<std::size_t>(m.sky_site - 1)];
    s.site = {kSiteIds[m.sky_site - 1], site.lat_deg, site.lon_deg, 0.0};
  } else if (m.sky_site == kSkySiteMapClick && m.map_click) {
    s.site = {"", m.map_click->lat_deg, m.map_click->lon_deg, m.map_click->height_m};
  } else {
    s.site = {"south-pole", kSouthPole.lat_deg, kSouthPole.lon_deg, 0.0};
  }
  s.clock.tt_s = m.clock.now.tt_seconds_since_j2000();
  s.clock.speed_index = m.clock.speed_index;
  s.clock.playing = m.clock.playing;
  s.rover = m.classroom.rover;
  s.manifest = m.mission.manifest.payload_ids;
  for (const auto& [lat, lon] : m.classroom.traverse) s.traverse.push_back({lat, lon});
  s.view.target_x_m = camera.target_x_m;
  s.view.target_y_m = camera.target_y_m;
  s.view.distance_m = camera.distance_m;
  s.view.yaw_deg = camera.yaw_deg;
  s.view.pitch_deg = camera.pitch_deg;
  s.view.vertical_exaggeration = m.view.vertical_exaggeration;
  s.view.color_mode = m.view.color_mode;
  for (const auto& p : kPanels)
    if (m.panels.*p.flag) s.view.panels.push_back(p.name);
  return s;
}

ce8::Status apply_scenario(const scenario::Scenario& s, UiModel& m) {
  const mission::Catalogue* cat = m.mission.catalogue.get();
  auto ok = scenario::validate_scenario(s, cat);
  if (!ok) return ok;
  // Everything below cannot fail.
  int sky_site = -1;
  if (s.site.id == "south-pole") sky_site = 0;
  for (int i = 0; i < 4; ++i)
    if (s.site.id == kSiteIds[i]) sky_site = i + 1;
  if (s.site.id == "mons-mouton") sky_site = 1;  // the IAU name of Leibnitz Beta: same site
  if (sky_site < 0) {
    m.map_click = MapPick{s.site.lat_deg, s.site.lon_deg, s.site.height_m};
    sky_site = kSkySiteMapClick;
  }
  m.sky_site = sky_site;
  m.clock.now = time::Instant::from_tt_seconds_since_j2000(s.clock.tt_s);
  m.clock.speed_index = s.clock.speed_index;
  m.clock.playing = s.clock.playing;
  m.clock_text.clear();
  m.clock_message.clear();
  // Another rover or other stops: the plan shown no longer belongs to them.
  bool same_route =
      m.classroom.rover == s.rover && m.classroom.traverse.size() == s.traverse.size();
  for (std::size_t k = 0; same_route && k < s.traverse.size(); ++k)
    same_route = m.classroom.traverse[k].first == s.traverse[k].lat_deg &&
                 m.classroom.traverse[k].second == s.traverse[k].lon_deg;
  if (!same_route) {
    m.traverse.result.reset();
    m.traverse.playing = false;
    m.traverse.message.clear();
  }
  m.classroom.rover = s.rover;
  m.mission.manifest.payload_ids = s.manifest;
  m.mission.schedule.reset();
  m.classroom.traverse.clear();
  for (const auto& w : s.traverse) m.classroom.traverse.emplace_back(w.lat_deg, w.lon_deg);
  m.view.vertical_exaggeration = static_cast<float>(s.view.vertical_exaggeration);
  m.view.color_mode = s.view.color_mode;
  for (const auto& p : kPanels) {
    bool open = false;
    for (const auto& name : s.view.panels) open = open || name == p.name;
    m.panels.*p.flag = open;
  }
  CameraPose pose{s.view.target_x_m, s.view.target_y_m, s.view.distance_m, s.view.yaw_deg,
                  s.view.pitch_deg};
  m.classroom.camera = pose;
  m.classroom.set_camera = pose;
  return Ok{};
}

ce8::Status load_scenario_text(std::string_view text, UiModel& m) {
  ensure_mission_catalogue(m);
  auto s = scenario::scenario_from_text(text, m.mission.catalogue.get());
  if (!s) {
    m.classroom.scenario_message = s.error().message + " (nothing changed)";
    return s.error();
  }
  auto st = apply_scenario(s.value(), m);
  m.classroom.scenario_message =
      st ? "Scenario loaded." : st.error().message + " (nothing changed)";
  return st;
}

}  // namespace ce8::ui
