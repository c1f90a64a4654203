// Payload operations: the manifest scheduled at a landing site over days, as a Gantt-style
// timeline (ImDrawList) with Sun and Earth bands, the battery, energy and data totals and the
// conflicts. The engine computes (payload::simulate_operations); this panel only shows it.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "engine/ephemeris/site.hpp"
#include "ui/layout.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

void ensure_mission_catalogue(UiModel& model) {
  MissionUi& mi = model.mission;
  if (mi.catalogue || !mi.catalogue_error.empty()) return;
  auto cat = mission::load_embedded_catalogue();
  if (!cat) {
    mi.catalogue_error = cat.error().message;
    return;
  }
  mi.catalogue = std::make_shared<const mission::Catalogue>(std::move(cat.value()));
  // Start with the ten selected international payloads, the ones Chang'e-8 will carry.
  for (const auto& p : mi.catalogue->payloads)
    if (p.international()) model.session.manifest.payload_ids.push_back(p.id);
  model.session.manifest.name = "The ten selected international payloads";
}

namespace {

void run_schedule(MissionUi& mi, const payload::Manifest& manifest) {
  const auto& cat = *mi.catalogue;
  mi.schedule.reset();
  mi.ops_message.clear();
  if (mi.ops_site < 0 || mi.ops_site >= static_cast<int>(cat.sites.size())) return;
  const auto& site = cat.sites[mi.ops_site];
  auto s = ephemeris::make_site_deg(site.lat_deg, site.lon_deg);
  auto from = time::parse_iso8601(mi.ops_from);
  if (!from) {
    mi.ops_message = "Start time: " + from.error().message;
    return;
  }
  if (!s) {
    mi.ops_message = s.error().message;
    return;
  }
  const time::Instant until = time::add_seconds(*from, mi.ops_days * 86400.0);
  auto vis = payload::flat_horizon_visibility(*s, *from, until);
  if (!vis) {
    mi.ops_message = vis.error().message;
    return;
  }
  auto r = payload::simulate_operations(cat, manifest, *from, until, *vis);
  if (!r) {
    mi.ops_message = r.error().message;
    return;
  }
  mi.schedule = std::move(r.value());
}

void draw_gantt(const payload::Schedule& s) {
  const float label_w = 190.0f, row_h = ImGui::GetTextLineHeight() + 4.0f;
  const int rows = static_cast<int>(s.payloads.size()) + 3;  // Sun, Earth, battery
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(200.0f, ImGui::GetContentRegionAvail().x);
  const float plot_w = width - label_w;
  const float total_h = row_h * rows;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double window = s.window_s();
  auto x_of = [&](double t) {
    return origin.x + label_w + static_cast<float>(t / window) * plot_w;
  };
  const std::size_t n = s.samples.size();
  const ImU32 grid = IM_COL32(90, 100, 120, 90);
  // Day lines.
  for (double d = 0; d <= window; d += 86400.0)
    dl->AddLine(ImVec2(x_of(d), origin.y), ImVec2(x_of(d), origin.y + total_h), grid);
  auto label = [&](int row, const char* text, ImU32 col) {
    dl->AddText(ImVec2(origin.x, origin.y + row * row_h + 2), col, text);
  };
  // Row 0: Sun above the horizon; row 1: Earth in view; row 2: battery level.
  label(0, "Sun up", IM_COL32(245, 205, 90, 255));
  label(1, "Earth in view", IM_COL32(120, 180, 250, 255));
  label(2, "Battery", IM_COL32(200, 200, 200, 255));
  for (std::size_t k = 0; k < n; ++k) {
    const float x0 = x_of(s.samples[k].t_s),
                x1 = x_of(std::min(s.samples[k].t_s + s.step_s, window));
    if (s.samples[k].solar_w > 0.0)
      dl->AddRectFilled(ImVec2(x0, origin.y + 3), ImVec2(x1, origin.y + row_h - 3),
                        IM_COL32(245, 205, 90, 200));
    if (s.samples[k].earth_el_deg > 0.0)
      dl->AddRectFilled(ImVec2(x0, origin.y + row_h + 3), ImVec2(x1, origin.y + 2 * row_h - 3),
                        IM_COL32(90, 150, 240, 200));
    const float frac = static_cast<float>(s.samples[k].battery_wh / s.battery_capacity_wh);
    const float y1 = origin.y + 3 * row_h - 2;
    const ImU32 col = s.samples[k].battery_wh < s.battery_floor_wh ? IM_COL32(230, 80, 60, 230)
                                                                   : IM_COL32(120, 200, 120, 220);
    dl->AddRectFilled(ImVec2(x0, y1 - frac * (row_h - 4)), ImVec2(x1, y1), col);
  }
  // Payload rows.
  for (std::size_t i = 0; i < s.payloads.size(); ++i) {
    const int row = static_cast<int>(i) + 3;
    const ImU32 col =
        s.payloads[i].lost ? IM_COL32(230, 80, 60, 255) : IM_COL32(225, 228, 235, 255);
    char name[40];
    std::snprintf(name, sizeof name, "%.26s", s.payloads[i].name.c_str());
    label(row, name, col);
    if (i % 2 == 0)
      dl->AddRectFilled(ImVec2(origin.x + label_w, origin.y + row * row_h),
                        ImVec2(origin.x + width, origin.y + (row + 1) * row_h),
                        IM_COL32(255, 255, 255, 12));
  }
  for (const auto& g : s.segments) {
    const int row = g.payload + 3;
    dl->AddRectFilled(
        ImVec2(x_of(g.start_s), origin.y + row * row_h + 3),
        ImVec2(std::max(x_of(g.end_s), x_of(g.start_s) + 1.0f), origin.y + (row + 1) * row_h - 3),
        s.payloads[g.payload].powered_by_lander ? IM_COL32(220, 70, 60, 230)
                                                : IM_COL32(80, 190, 170, 230),
        2.0f);
  }
  ImGui::Dummy(ImVec2(width, total_h));
  // Hover: time under the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsItemHovered() && mouse.x > origin.x + label_w) {
    const double t = (mouse.x - origin.x - label_w) / plot_w * window;
    const std::size_t k = std::min(n - 1, static_cast<std::size_t>(t / s.step_s));
    auto iso = time::format_iso8601(time::add_seconds(s.from, t), time::Scale::kUtc, 0);
    ImGui::SetTooltip(
        "%s\nSun %.2f deg, Earth %.2f deg\nSolar %.0f W, load %.0f W\nBattery %.0f Wh",
        iso ? iso->c_str() : "", s.samples[k].sun_el_deg, s.samples[k].earth_el_deg,
        s.samples[k].solar_w, s.samples[k].load_w, s.samples[k].battery_wh);
  }
  ImGui::TextDisabled(
      "Red: on the lander's power.  Teal: on its own power (rovers, robot).  "
      "Vertical lines: days.");
}

}  // namespace

void draw_operations_panel(bool* open, UiModel& model) {
  place_panel(ImVec2(-1, -1), ImVec2(0, 0), ImVec2(820, 560));
  if (!ImGui::Begin("Payload operations", open)) return ImGui::End();
  MissionUi& mi = model.mission;
  if (!mi.catalogue) {
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "Catalogue unavailable: %s",
                       mi.catalogue_error.c_str());
    return ImGui::End();
  }
  const auto& cat = *mi.catalogue;
  paragraph(
      "Schedule the manifest (built in the Payloads panel) at a landing site: each payload "
      "runs when the Sun, the Earth, the lander's battery and its own constraints allow.");
  ImGui::SetNextItemWidth(240);
  if (ImGui::BeginCombo(
          "Site", cat.sites[std::clamp(mi.ops_site, 0, int(cat.sites.size()) - 1)].name.c_str())) {
    for (int i = 0; i < static_cast<int>(cat.sites.size()); ++i)
      if (ImGui::Selectable(cat.sites[i].name.c_str(), i == mi.ops_site)) mi.ops_site = i;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  char from[40];
  std::snprintf(from, sizeof from, "%s", mi.ops_from.c_str());
  ImGui::SetNextItemWidth(190);
  if (ImGui::InputText("Start (UTC)", from, sizeof from)) mi.ops_from = from;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120);
  ImGui::SliderFloat("Days", &mi.ops_days, 1.0f, 29.5f, "%.1f");
  // The first time the panel opens it schedules at once, so there is something to see.
  if (ImGui::Button("Schedule") || (!mi.schedule && mi.ops_message.empty()))
    run_schedule(mi, model.session.manifest);
  ImGui::SameLine();
  ImGui::TextDisabled(
      "%d payloads in the manifest; Sun and Earth over a flat horizon (terrain "
      "horizons come with illumination)",
      static_cast<int>(model.session.manifest.payload_ids.size()));
  if (!mi.ops_message.empty())
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", mi.ops_message.c_str());
  if (!mi.schedule) {
    ImGui::End();
    return;
  }
  const payload::Schedule& s = *mi.schedule;
  ImGui::Separator();
  ImGui::Text(
      "Solar %.1f kWh   used %.1f kWh   battery min %.0f / %.0f Wh (floor %.0f)   data %.1f GB",
      s.solar_wh / 1000, s.consumed_wh / 1000, s.battery_min_wh, s.battery_capacity_wh,
      s.battery_floor_wh, s.data_mb / 1000);
  ImGui::Text("Sun up %.0f %% of the time, Earth in view %.0f %%", 100 * s.sun_up_fraction,
              100 * s.earth_in_view_fraction);
  draw_gantt(s);
  if (ImGui::CollapsingHeader("Per payload", ImGuiTreeNodeFlags_DefaultOpen) &&
      ImGui::BeginTable("runs", 5,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Payload");
    ImGui::TableSetupColumn("Hours (wanted)");
    ImGui::TableSetupColumn("Energy Wh");
    ImGui::TableSetupColumn("Data MB");
    ImGui::TableSetupColumn("Waited for");
    ImGui::TableHeadersRow();
    for (const auto& p : s.payloads) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(p.name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.1f (%.1f)", p.hours, p.wanted_hours);
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", p.energy_wh);
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", p.data_mb);
      ImGui::TableNextColumn();
      ImGui::Text("Sun %.0fh  dark %.0fh  Earth %.0fh  quiet %.0fh  power %.0fh",
                  p.blocked_sun_down_h, p.blocked_sun_up_h, p.blocked_earth_h, p.blocked_noise_h,
                  p.blocked_power_h);
    }
    ImGui::EndTable();
  }
  if (ImGui::CollapsingHeader("Conflicts", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (s.conflicts.empty()) ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1), "None.");
    for (const auto& c : s.conflicts) {
      const bool severe = c.kind == "battery-empty" || c.kind == "lost";
      ImGui::TextColored(severe ? ImVec4(1, 0.45f, 0.35f, 1) : ImVec4(0.95f, 0.8f, 0.4f, 1),
                         "%s (%.1f h from day %.1f)", c.message.c_str(), c.hours,
                         c.start_s / 86400.0);
    }
  }
  ImGui::End();
}

}  // namespace ce8::ui
