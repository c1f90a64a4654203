#include "ui/scenario_bridge.hpp"

#include <cmath>

#include "ui/sites.hpp"

namespace ce8::ui {
namespace {}  // namespace

scenario::Scenario capture_scenario(const UiModel& m, const CameraPose& camera) {
  scenario::Scenario s;
  const auto sites = landing_sites();
  if (m.session.sky_site >= 1 && m.session.sky_site <= static_cast<int>(sites.size())) {
    const auto& site = sites[static_cast<std::size_t>(m.session.sky_site - 1)];
    s.site = {site.id, site.lat_deg, site.lon_deg, 0.0};
  } else if (m.session.sky_site == kSkySiteMapClick && m.session.map_click) {
    s.site = {"", m.session.map_click->lat_deg, m.session.map_click->lon_deg,
              m.session.map_click->height_m};
  } else {
    s.site = {south_pole().id, south_pole().lat_deg, south_pole().lon_deg, 0.0};
  }
  s.clock.tt_s = m.session.clock.now().tt_seconds_since_j2000();
  s.clock.speed_index = m.session.clock.clock().speed_index;
  s.clock.playing = m.session.clock.mode() == scenario::ClockMode::kPlaying;
  s.rover = m.session.rover;
  s.manifest = m.session.manifest.payload_ids;
  for (const auto& [lat, lon] : m.session.stops) s.traverse.push_back({lat, lon});
  s.view.target_x_m = camera.target_x_m;
  s.view.target_y_m = camera.target_y_m;
  s.view.distance_m = camera.distance_m;
  s.view.yaw_deg = camera.yaw_deg;
  s.view.pitch_deg = camera.pitch_deg;
  s.view.vertical_exaggeration = m.session.view.vertical_exaggeration;
  s.view.color_mode = m.session.view.color_mode;
  PanelVisibility panels = m.panels;
  for (const char* name : session::kPanelNames)
    if (const bool* open = panel_flag(panels, name); open && *open) s.view.panels.push_back(name);
  return s;
}

ce8::Status apply_scenario(const scenario::Scenario& s, UiModel& m) {
  const mission::Catalogue* cat = m.mission.catalogue.get();
  auto ok = scenario::validate_scenario(s, cat);
  if (!ok) return ok;
  // Everything below cannot fail.
  // A named site by id or alias ("mons-mouton", the IAU name of Leibnitz Beta, is the same).
  int sky_site = s.site.id.empty() ? -1 : landing_site_index(s.site.id);
  if (sky_site < 0) {
    m.session.map_click = MapPick{s.site.lat_deg, s.site.lon_deg, s.site.height_m};
    sky_site = kSkySiteMapClick;
  }
  m.session.sky_site = sky_site;
  m.session.clock.restore(time::Instant::from_tt_seconds_since_j2000(s.clock.tt_s),
                          s.clock.speed_index, s.clock.playing);
  m.clock_text.clear();
  m.clock_message.clear();
  // Another rover or other stops: the plan shown no longer belongs to them.
  bool same_route = m.session.rover == s.rover && m.session.stops.size() == s.traverse.size();
  for (std::size_t k = 0; same_route && k < s.traverse.size(); ++k)
    same_route = m.session.stops[k].first == s.traverse[k].lat_deg &&
                 m.session.stops[k].second == s.traverse[k].lon_deg;
  if (!same_route) {
    m.session.traverse.reset();
    if (m.session.clock.mode() == scenario::ClockMode::kDrive) m.session.clock.pause();
    m.traverse.message.clear();
  }
  m.session.rover = s.rover;
  m.session.manifest.payload_ids = s.manifest;
  m.mission.schedule.reset();
  m.session.stops.clear();
  for (const auto& w : s.traverse) m.session.stops.emplace_back(w.lat_deg, w.lon_deg);
  m.session.view.vertical_exaggeration = static_cast<float>(s.view.vertical_exaggeration);
  m.session.view.color_mode = s.view.color_mode;
  for (const char* name : session::kPanelNames) {
    bool open = false;
    for (const auto& shown : s.view.panels) open = open || shown == name;
    if (bool* flag = panel_flag(m.panels, name)) *flag = open;
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
