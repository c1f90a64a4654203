// Rover traverse: choose a rover (its engineering model, each assumed value marked with its
// basis, editable), click the start (the lander) and goals on the terrain, plan from the
// simulation clock's instant for an objective, then play the drive (the clock is the playback
// time, so the Sun lights it as it was), read the battery, power and contact plots and export
// the timeline. Planning runs in the app (app/traverse_view) in the background; a failed request
// shows its one-line reason and keeps the plan shown before.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/traverse/rover.hpp"
#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/sites.hpp"
#include "ui/traverse_playback.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

const ImVec4 kGold(0.98f, 0.78f, 0.25f, 1.0f);
const ImVec4 kRed(1.0f, 0.45f, 0.40f, 1.0f);
const ImVec4 kGreen(0.45f, 0.90f, 0.55f, 1.0f);
const ImVec4 kAssumed(0.95f, 0.70f, 0.35f, 1.0f);
constexpr const char* kDefaultRover = "pk-suparco-rover";

// The landing site the drive starts from by default: the Sky panel's site when it is one of the
// candidate sites, else Mons Mouton / Leibnitz Beta (CNSA's named target).
const NamedSite& default_site(const UiModel& m) {
  const auto sites = landing_sites();
  if (m.session.sky_site >= 1 && m.session.sky_site <= static_cast<int>(sites.size()))
    return sites[static_cast<std::size_t>(m.session.sky_site - 1)];
  const NamedSite* named = find_landing_site("leibnitz-beta");
  return named ? *named : south_pole();
}

// The basis of an assumed value ("" when the value is published).
const std::string* assumed_basis(const traverse::RoverModel& r, const char* field) {
  auto it = r.assumed.find(field);
  if (it == r.assumed.end()) it = r.assumed.find(std::string("model.") + field);
  return it == r.assumed.end() ? nullptr : &it->second;
}

// One editable field: label (with a marker and the basis as tooltip when assumed), value, unit.
void field_row(traverse::RoverModel& r, const char* key, const char* label, double* value,
               const char* unit, double step, const char* format) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  const std::string* basis = assumed_basis(r, key);
  ImGui::TextUnformatted(label);
  ImGui::TableSetColumnIndex(1);
  ImGui::PushID(key);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputDouble("##v", value, step, step * 10.0, format);
  ImGui::PopID();
  ImGui::TableSetColumnIndex(2);
  ImGui::TextDisabled("%s", unit);
  ImGui::TableSetColumnIndex(3);
  if (basis) {
    ImGui::TextColored(kAssumed, "assumed");
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
      ImGui::TextUnformatted(basis->c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  } else {
    ImGui::TextDisabled("published");
  }
}

void draw_rover(UiModel& m) {
  TraverseUi& t = m.traverse;
  const auto& rovers = traverse::builtin_rovers();
  if (rovers.empty()) {
    ImGui::TextColored(kRed, "No rover models available.");
    return;
  }
  const traverse::RoverModel* chosen = nullptr;
  for (const auto& r : rovers)
    if (r.id == m.session.rover) chosen = &r;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##rover", chosen ? chosen->name.c_str() : "choose a rover")) {
    for (const auto& r : rovers) {
      char label[160];
      std::snprintf(label, sizeof label, "%s  (%.0f kg)", r.name.c_str(), r.mass_kg);
      if (ImGui::Selectable(label, chosen == &r)) m.session.rover = r.id;
    }
    ImGui::EndCombo();
  }
  ensure_rover(m);
  if (!t.rover_error.empty()) ImGui::TextColored(kRed, "%s", t.rover_error.c_str());
  traverse::RoverModel& r = t.rover;
  const double solar_peak_w = traverse::kSolarConstantWm2 * r.panel_area_m2 * r.panel_efficiency;
  {
    char summary[200];
    std::snprintf(summary, sizeof summary,
                  "%.0f kg, %.0f m/h, %.0f Wh battery, %.0f W solar peak, %s.", r.mass_kg,
                  r.top_speed_m_s * 3600.0, r.battery_wh, solar_peak_w,
                  r.comm == traverse::CommRoute::kDirectToEarth ? "talks to Earth directly"
                                                                : "talks through the lander");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    paragraph(summary);
    ImGui::PopStyleColor();
  }
  ImGui::SeparatorText("Parameters");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  paragraph(
      "Values marked 'assumed' are not published: hover them for the basis of the choice. Edit "
      "any value; the next plan uses it.");
  ImGui::PopStyleColor();
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##params", 4, flags)) {
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableSetupColumn("basis", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    field_row(r, "mass_kg", "Mass", &r.mass_kg, "kg", 1, "%.1f");
    field_row(r, "length_m", "Length", &r.length_m, "m", 0.05, "%.2f");
    field_row(r, "width_m", "Width", &r.width_m, "m", 0.05, "%.2f");
    field_row(r, "height_m", "Height", &r.height_m, "m", 0.05, "%.2f");
    field_row(r, "top_speed_m_s", "Top speed", &r.top_speed_m_s, "m/s", 0.001, "%.4f");
    field_row(r, "max_slope_up_deg", "Slope limit uphill", &r.max_slope_up_deg, "deg", 1, "%.1f");
    field_row(r, "max_slope_down_deg", "Slope limit downhill", &r.max_slope_down_deg, "deg", 1,
              "%.1f");
    field_row(r, "max_cross_slope_deg", "Cross-slope limit", &r.max_cross_slope_deg, "deg", 1,
              "%.1f");
    field_row(r, "max_obstacle_m", "Largest obstacle", &r.max_obstacle_m, "m", 0.01, "%.2f");
    field_row(r, "panel_area_m2", "Solar panel area", &r.panel_area_m2, "m²", 0.01, "%.3f");
    field_row(r, "panel_efficiency", "Panel efficiency", &r.panel_efficiency, "0..1", 0.01, "%.3f");
    field_row(r, "panel_facing_deg", "Panel facing (fixed)", &r.panel_facing_deg, "deg", 5, "%.0f");
    field_row(r, "battery_wh", "Battery", &r.battery_wh, "Wh", 10, "%.0f");
    field_row(r, "min_soc", "Charge floor", &r.min_soc, "0..1", 0.05, "%.2f");
    field_row(r, "power.idle_w", "Power: idle", &r.power.idle_w, "W", 1, "%.1f");
    field_row(r, "power.driving_w", "Power: driving", &r.power.driving_w, "W", 1, "%.1f");
    field_row(r, "power.survival_w", "Power: heating (shadow)", &r.power.survival_w, "W", 1,
              "%.1f");
    field_row(r, "power.comm_w", "Power: radio", &r.power.comm_w, "W", 1, "%.1f");
    field_row(r, "power.instruments_w", "Power: instruments", &r.power.instruments_w, "W", 1,
              "%.1f");
    field_row(r, "mast_height_m", "Mast height", &r.mast_height_m, "m", 0.05, "%.2f");
    ImGui::EndTable();
  }
  int mount = static_cast<int>(r.panel_mount);
  ImGui::SetNextItemWidth(200);
  if (ImGui::Combo("Panel mount", &mount, "fixed vertical\0horizontal\0Sun-tracking\0"))
    r.panel_mount = static_cast<traverse::PanelMount>(mount);
  if (const std::string* b = assumed_basis(r, "panel_mount")) {
    ImGui::SameLine();
    ImGui::TextColored(kAssumed, "assumed");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", b->c_str());
  }
  int comm = static_cast<int>(r.comm);
  ImGui::SetNextItemWidth(200);
  if (ImGui::Combo("Radio link", &comm, "direct to Earth\0through the lander\0"))
    r.comm = static_cast<traverse::CommRoute>(comm);
  if (const std::string* b = assumed_basis(r, "comm")) {
    ImGui::SameLine();
    ImGui::TextColored(kAssumed, "assumed");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", b->c_str());
  }
  if (auto ok = traverse::check_rover(r); !ok)
    ImGui::TextColored(kRed, "%s", ok.error().message.c_str());
  if (ImGui::SmallButton("Back to the catalogue values")) t.rover.id.clear();  // reloads
}

// A pick from the terrain (the app only sets it while a pick mode is on).
void take_pick(UiModel& m) {
  TraverseUi& t = m.traverse;
  auto& stops = m.session.stops;
  const NamedSite& site = default_site(m);
  if (t.clicked) {
    if (stops.empty()) stops.emplace_back(site.lat_deg, site.lon_deg);
    if (t.pick == 1) {
      stops[0] = {t.clicked->lat_deg, t.clicked->lon_deg};
      t.pick = 2;  // next clicks add goals
    } else if (t.pick == 2 && stops.size() < scenario::kMaxScenarioWaypoints) {
      stops.emplace_back(t.clicked->lat_deg, t.clicked->lon_deg);
    }
    t.clicked.reset();
  }
}

void draw_route(UiModel& m) {
  TraverseUi& t = m.traverse;
  auto& stops = m.session.stops;
  const NamedSite& site = default_site(m);
  if (stops.empty()) {
    ImGui::Text("Start (lander): %s", site.name.c_str());
    ImGui::TextDisabled("  %.4f°, %.4f° E", site.lat_deg, site.lon_deg);
  } else {
    ImGui::Text("Start (lander): %.4f°, %.4f° E", stops[0].first, stops[0].second);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Landing site")) {
    if (stops.empty()) stops.emplace_back(site.lat_deg, site.lon_deg);
    stops[0] = {site.lat_deg, site.lon_deg};
  }
  int remove = -1;
  for (std::size_t k = 1; k < stops.size(); ++k) {
    ImGui::PushID(static_cast<int>(k));
    ImGui::Text("Goal %zu: %.4f°, %.4f° E", k, stops[k].first, stops[k].second);
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = static_cast<int>(k);
    ImGui::PopID();
  }
  if (remove > 0) stops.erase(stops.begin() + remove);
  if (stops.size() < 2)
    ImGui::TextColored(kGold, "Add a goal: click 'Click goals', then the terrain.");

  // Click modes: the buttons light up while active.
  auto mode_button = [&](const char* label, int mode) {
    const bool active = t.pick == mode;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.86f, 0.22f, 0.20f, 1.0f));
    if (ImGui::Button(label)) t.pick = active ? 0 : mode;
    if (active) ImGui::PopStyleColor();
  };
  mode_button("Click start", 1);
  ImGui::SameLine();
  mode_button("Click goals", 2);
  ImGui::SameLine();
  if (ImGui::Button("Clear goals") && stops.size() > 1) stops.resize(1);
  if (t.pick != 0)
    ImGui::TextColored(kGold, t.pick == 1 ? "Click the terrain where the lander stands."
                                          : "Click the terrain to add goals in order.");
  ImGui::Checkbox("Drive back to the lander at the end", &t.return_home);
}

void draw_options(UiModel& m) {
  TraverseUi& t = m.traverse;
  auto when = time::format_iso8601(m.session.clock.now(), time::Scale::kUtc, 0);
  ImGui::Text("Departs at the clock: %s", when ? when->c_str() : "?");
  ImGui::TextDisabled("  set it in Sky and time (playing a drive moves it too)");
  ImGui::TextUnformatted("Objective:");
  const char* names[] = {"time", "energy", "distance", "risk"};
  for (int k = 0; k < 4; ++k) {
    ImGui::SameLine();
    ImGui::RadioButton(names[k], &t.objective, k);
  }
  ImGui::Checkbox("Time-aware (Sun and battery through time)", &t.time_aware);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Plans in space and time: the battery never goes under its floor, the rover may wait "
        "for sunlight, contact windows are preferred (risk). Slower than a plain path.");
  ImGui::Checkbox("Allow waiting for sunlight", &t.allow_waiting);
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat("Charge at departure", &t.initial_soc, 0.05f, 1.0f, "%.2f");
}

void draw_plan_button(UiModel& m) {
  TraverseUi& t = m.traverse;
  if (t.planning) {
    ImGui::Text("%s  %.1f s", t.planning_what.c_str(), t.planning_elapsed_s);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) t.cancel_requested = true;
    const float frac = t.planning_budget_s > 0 ? t.planning_elapsed_s / t.planning_budget_s : 0;
    ImGui::ProgressBar(std::clamp(frac, 0.0f, 1.0f), ImVec2(-1, 4), "");
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.78f, 0.20f, 0.18f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.90f, 0.30f, 0.25f, 1.0f));
    if (ImGui::Button("Plan the drive", ImVec2(160, 0))) t.plan_requested = true;
    ImGui::PopStyleColor(2);
  }
  if (!t.message.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kRed, "%s", t.message.c_str());
    ImGui::PopTextWrapPos();
    if (m.session.traverse) ImGui::TextDisabled("The previous plan is still shown.");
  }
}

void draw_totals(const TraverseResult& r) {
  const traverse::DriveTotals& tot = r.drive.totals;
  if (tot.feasible) {
    ImGui::TextColored(kGreen, "Feasible drive");
  } else {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kRed, "Not feasible: %s", tot.reason.c_str());
    if (!tot.suggestion.empty()) ImGui::Text("Suggestion: %s", tot.suggestion.c_str());
    ImGui::PopTextWrapPos();
  }
  const double hours = tot.duration_h;
  ImGui::Text("%.2f km in %.1f h (%.1f days), waiting %.1f h", tot.distance_m / 1000.0, hours,
              hours / 24.0, tot.waiting_h);
  ImGui::Text("Energy in %.0f Wh, out %.0f Wh; lowest charge %.0f %%", tot.energy_in_wh,
              tot.energy_out_wh, 100.0 * tot.min_soc);
  ImGui::Text("Radio link up %.0f %% of the time", 100.0 * tot.link_up_fraction);
  ImGui::TextDisabled("%s, %s, objective %s%s; planned in %.2f s (%zu cells)", r.rover.name.c_str(),
                      r.grid.c_str(), traverse::objective_name(r.objective),
                      r.time_aware ? ", time-aware" : "", r.planning_s, r.plan.expanded);
}

// A plot of one or two series over the drive with a cursor at `cursor` (0..1); returns a
// clicked/dragged position (0..1) or -1.
float plot(const char* id, const char* title, const std::vector<float>& a,
           const std::vector<float>& b, float lo, float hi, ImU32 ca, ImU32 cb, float cursor,
           float floor_value = std::nanf(""), float height = 70.0f) {
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(w, height));
  float seek = -1.0f;
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left))
    seek = std::clamp((ImGui::GetIO().MousePos.x - p.x) / std::max(w, 1.0f), 0.0f, 1.0f);
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(p, ImVec2(p.x + w, p.y + height), IM_COL32(18, 22, 30, 255), 4.0f);
  auto y_of = [&](float v) {
    return p.y + height - 4.0f - (height - 18.0f) * (std::clamp(v, lo, hi) - lo) / (hi - lo);
  };
  auto line = [&](const std::vector<float>& v, ImU32 c) {
    if (v.size() < 2) return;
    const std::size_t n = v.size();
    // At most ~2 points per pixel.
    const std::size_t stride = std::max<std::size_t>(1, n / static_cast<std::size_t>(2 * w + 1));
    ImVec2 prev(p.x, y_of(v[0]));
    for (std::size_t k = stride; k < n + stride; k += stride) {
      const std::size_t i = std::min(k, n - 1);
      const ImVec2 q(p.x + w * static_cast<float>(i) / static_cast<float>(n - 1), y_of(v[i]));
      list->AddLine(prev, q, c, 1.6f);
      prev = q;
      if (i == n - 1) break;
    }
  };
  if (std::isfinite(floor_value)) {
    const float y = y_of(floor_value);
    for (float x = p.x; x < p.x + w; x += 8.0f)
      list->AddLine(ImVec2(x, y), ImVec2(std::min(x + 4.0f, p.x + w), y),
                    IM_COL32(255, 110, 90, 200));
  }
  line(a, ca);
  line(b, cb);
  const float cx = p.x + w * cursor;
  list->AddLine(ImVec2(cx, p.y), ImVec2(cx, p.y + height), IM_COL32(255, 255, 255, 200), 1.5f);
  list->AddText(ImVec2(p.x + 6, p.y + 2), IM_COL32(200, 205, 215, 255), title);
  return seek;
}

// Coloured strips: Sun (visible fraction) and radio link per sample.
float strips(const traverse::DriveResult& d, float cursor) {
  const float w = ImGui::GetContentRegionAvail().x, h = 34.0f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##strips", ImVec2(w, h));
  float seek = -1.0f;
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left))
    seek = std::clamp((ImGui::GetIO().MousePos.x - p.x) / std::max(w, 1.0f), 0.0f, 1.0f);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const auto& tl = d.timeline;
  const double t0 = drive_start_tt(d), t1 = drive_end_tt(d);
  const double span = std::max(t1 - t0, 1e-9);
  const float label_w = ImGui::CalcTextSize("Radio ").x;
  const float x0 = p.x + label_w, pw = w - label_w;
  list->AddText(ImVec2(p.x, p.y), IM_COL32(200, 205, 215, 255), tr("Sun"));
  list->AddText(ImVec2(p.x, p.y + h * 0.5f), IM_COL32(200, 205, 215, 255), "Radio");
  for (std::size_t k = 0; k + 1 < tl.size(); ++k) {
    const float xa = x0 + pw * static_cast<float>((tl[k].tt_s - t0) / span);
    const float xb = x0 + pw * static_cast<float>((tl[k + 1].tt_s - t0) / span);
    const float sun = static_cast<float>(std::clamp(tl[k].sun_visible_fraction, 0.0, 1.0));
    const ImU32 cs = ImGui::ColorConvertFloat4ToU32(
        ImVec4(0.15f + 0.85f * sun, 0.15f + 0.65f * sun, 0.25f * (1.0f - sun) + 0.1f, 1.0f));
    list->AddRectFilled(ImVec2(xa, p.y + 2), ImVec2(std::max(xb, xa + 1.0f), p.y + h * 0.5f - 2),
                        cs);
    const ImU32 cl = tl[k].link_up ? IM_COL32(80, 220, 140, 255) : IM_COL32(70, 70, 80, 255);
    list->AddRectFilled(ImVec2(xa, p.y + h * 0.5f + 1),
                        ImVec2(std::max(xb, xa + 1.0f), p.y + h - 2), cl);
  }
  const float cx = x0 + pw * cursor;
  list->AddLine(ImVec2(cx, p.y), ImVec2(cx, p.y + h), IM_COL32(255, 255, 255, 220), 1.5f);
  if (seek >= 0.0f) seek = std::clamp((seek * w - label_w) / std::max(pw, 1.0f), 0.0f, 1.0f);
  return seek;
}

void draw_playback(UiModel& m, const TraverseResult& r) {
  TraverseUi& t = m.traverse;
  const traverse::DriveResult& d = r.drive;
  if (d.timeline.size() < 1) return;
  const double t0 = drive_start_tt(d), t1 = drive_end_tt(d);
  const double clock_tt = m.session.clock.now().tt_seconds_since_j2000();
  const DriveState s = drive_state_at(d, clock_tt);
  // Playing is the clock's drive mode: it runs on whether or not this panel is drawn.
  const bool playing = m.session.clock.mode() == scenario::ClockMode::kDrive;
  if (ImGui::Button(tr_id(playing ? "Pause" : "Play the drive"), ImVec2(130, 0)))
    m.commands.push_back(session::cmd::PlayTraverse{!playing});
  ImGui::SameLine();
  if (ImGui::Button("To start")) m.commands.push_back(session::cmd::SeekTraverse{0.0});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##speed", &t.play_s, 5.0f, 120.0f, "whole drive in %.0f s");
  float frac = static_cast<float>(s.fraction);
  ImGui::SetNextItemWidth(-1);
  char label[64];
  std::snprintf(label, sizeof label, "%.1f h of %.1f h",
                (clock_tt < t0 ? 0.0 : s.fraction) * (t1 - t0) / 3600.0, (t1 - t0) / 3600.0);
  if (ImGui::SliderFloat("##when", &frac, 0.0f, 1.0f, label))
    m.commands.push_back(session::cmd::SeekTraverse{frac});
  const traverse::DriveSample& x = s.sample;
  ImGui::Text("%s  %s", x.time_utc.c_str(), traverse::drive_mode_name(x.mode));
  ImGui::Text("Charge %.0f %%   in %.1f W   out %.1f W   %.2f km driven", 100.0 * x.soc,
              x.power_in_w, x.power_out_w, x.distance_m / 1000.0);
  ImGui::Text("Sun %.1f° up, %.0f %% visible   Earth %.1f° up   link %s", x.sun_el_deg,
              100.0 * x.sun_visible_fraction, x.earth_el_deg, x.link_up ? "up" : "down");

  // Plots over the drive, cursor at the clock; click or drag to move the clock.
  std::vector<float> soc, pin, pout;
  soc.reserve(d.timeline.size());
  float pmax = 1.0f;
  for (const auto& v : d.timeline) {
    soc.push_back(static_cast<float>(100.0 * v.soc));
    pin.push_back(static_cast<float>(v.power_in_w));
    pout.push_back(static_cast<float>(v.power_out_w));
    pmax = std::max({pmax, pin.back(), pout.back()});
  }
  const float cursor = clock_tt < t0 ? 0.0f : static_cast<float>(s.fraction);
  float seek =
      plot("##soc", "Battery charge (%), dashed: floor", soc, {}, 0.0f, 100.0f,
           IM_COL32(120, 200, 255, 255), 0, cursor, static_cast<float>(100.0 * r.rover.min_soc));
  const float seek2 =
      plot("##power", "Power (W): solar in (gold), used (red)", pin, pout, 0.0f, pmax * 1.1f,
           IM_COL32(250, 200, 64, 255), IM_COL32(255, 100, 90, 255), cursor);
  const float seek3 = strips(d, cursor);
  for (float v : {seek2, seek3})
    if (v >= 0.0f) seek = v;
  if (seek >= 0.0f) m.commands.push_back(session::cmd::SeekTraverse{seek});
}

void draw_export(UiModel& m, const TraverseResult& r) {
  TraverseUi& t = m.traverse;
  if (t.can_use_files) {
    static char base[256] = "";
    if (base[0] == 0) std::snprintf(base, sizeof base, "%s", t.export_base.c_str());
    ImGui::SetNextItemWidth(160);
    if (ImGui::InputText("File name", base, sizeof base)) t.export_base = base;
    ImGui::SameLine();
  }
  const std::string name = t.export_base.empty() ? std::string("traverse") : t.export_base;
  if (ImGui::Button("Save CSV"))
    t.export_request =
        TraverseExport{name + ".csv", "text/csv", traverse::timeline_to_csv(r.drive)};
  ImGui::SameLine();
  if (ImGui::Button("Save JSON"))
    t.export_request =
        TraverseExport{name + ".json", "application/json",
                       traverse::drive_to_json(r.plan, r.drive, r.rover, r.objective)};
  if (!t.export_message.empty()) ImGui::TextDisabled("%s", t.export_message.c_str());
}

}  // namespace

void draw_traverse_panel(bool* open, UiModel& m) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  place_panel(ImVec2(vp->Pos.x + 10, vp->Pos.y + 34), ImVec2(0, 0),
              ImVec2(440, std::min(720.0f, vp->Size.y - 90.0f)));
  ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: panels behind must not show through
  if (!ImGui::Begin(tr_id("Rover traverse"), open)) {
    m.traverse.panel_right_px = 0.0f;
    return ImGui::End();
  }
  TraverseUi& t = m.traverse;
  t.panel_right_px = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x;
  ensure_rover(m);
  take_pick(m);
  paragraph(
      "Drive Pakistan's SUPARCO rover, Türkiye's micro-rovers or the Chinese rover from the "
      "lander: keep the battery above its floor, stay off steep slopes, keep contact.");
  draw_plan_button(m);
  // The Drive tab comes forward once per new plan.
  static int drive_tab_for = 0;
  if (ImGui::BeginTabBar("##traverse")) {
    if (ImGui::BeginTabItem("Route")) {
      draw_route(m);
      ImGui::Separator();
      draw_options(m);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Rover")) {
      draw_rover(m);
      ImGui::EndTabItem();
    }
    if (const auto r = m.session.traverse) {  // a copy of the pointer: the app may replace it
      const bool bring = drive_tab_for != t.plans_done;
      if (ImGui::BeginTabItem("Drive", nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0)) {
        drive_tab_for = t.plans_done;
        draw_totals(*r);
        ImGui::SeparatorText("Playback");
        draw_playback(m, *r);
        ImGui::SeparatorText("Export");
        draw_export(m, *r);
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

// The session's rover (the default one if none), loaded into the traverse widgets.
void ensure_rover(UiModel& m) {
  TraverseUi& t = m.traverse;
  const auto& rovers = traverse::builtin_rovers();
  if (m.session.rover.empty() && !rovers.empty()) {
    m.session.rover = rovers.front().id;
    for (const auto& r : rovers)
      if (r.id == kDefaultRover) m.session.rover = r.id;
  }
  if (t.rover.id == m.session.rover) return;
  auto r = traverse::find_rover(m.session.rover);
  if (r) {
    t.rover = std::move(*r);
    t.rover_error.clear();
  } else {
    t.rover_error = r.error().message;
  }
}

}  // namespace ce8::ui
