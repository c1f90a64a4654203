// Sky and time: the explorer's one simulation clock (slider, typed time, play/pause, speed,
// "now") and the Sun and the Earth seen from a chosen site: azimuth/elevation, distances, the
// Earth's phase and a small horizon view. The clock and the sky state live in the UiModel (the
// app computes the sky once per frame); this panel only reads and edits them.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/ephemeris/site.hpp"
#include "engine/scenario/clock.hpp"
#include "engine/time/time.hpp"
#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/sites.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

using ephemeris::kRadToDeg;

constexpr float kHorizonMinElDeg = -8.0f, kHorizonMaxElDeg = 8.0f;
constexpr float kDiscScale = 2.0f;  // discs in the horizon view: twice their true angular size

const ImU32 kSunColor = IM_COL32(255, 214, 102, 255);
const ImU32 kEarthColor = IM_COL32(110, 170, 255, 255);
const ImU32 kEarthNight = IM_COL32(28, 36, 56, 255);

struct SiteChoice {
  const char* name;
  double lat_deg, lon_deg, height_m;
};

SiteChoice site_choice(const UiModel& m, int index) {
  const auto sites = landing_sites();
  if (index >= 1 && index <= static_cast<int>(sites.size())) {
    const NamedSite& s = sites[static_cast<size_t>(index - 1)];
    return {s.name.c_str(), s.lat_deg, s.lon_deg, 0.0};
  }
  if (index == kSkySiteMapClick && m.session.map_click)
    return {"Map click", m.session.map_click->lat_deg, m.session.map_click->lon_deg,
            m.session.map_click->height_m};
  return {south_pole().name.c_str(), south_pole().lat_deg, south_pole().lon_deg, 0.0};
}

std::string iso_utc(const time::Instant& t, int decimals = 0) {
  auto r = time::format_iso8601(t, time::Scale::kUtc, decimals);
  return r ? *r : std::string("(outside the time scales' range)");
}

// The Earth's disc lit by a Sun in screen direction `to_sun` (unit), illuminated fraction k:
// the lit part lies between the limb on the Sun's side and the terminator, an ellipse of
// semi-axis r |1 - 2k|, drawn as thin quads (a crescent is not convex).
void draw_phase_disc(ImDrawList* dl, ImVec2 c, float r, ImVec2 to_sun, double k) {
  dl->AddCircleFilled(c, r, kEarthNight, 32);
  const ImDrawListFlags saved = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;  // no seams between the quads
  const float term = static_cast<float>(1.0 - 2.0 * std::clamp(k, 0.0, 1.0));
  const ImVec2 u = to_sun, v(-to_sun.y, to_sun.x);
  auto at = [&](float along_u, float along_v) {
    return ImVec2(c.x + u.x * along_u + v.x * along_v, c.y + u.y * along_u + v.y * along_v);
  };
  constexpr int kSteps = 24;
  for (int i = 0; i < kSteps; ++i) {
    const float a0 = -1.5707963f + 3.1415927f * i / kSteps;
    const float a1 = -1.5707963f + 3.1415927f * (i + 1) / kSteps;
    dl->AddQuadFilled(at(r * std::cos(a0), r * std::sin(a0)),
                      at(r * std::cos(a1), r * std::sin(a1)),
                      at(r * term * std::cos(a1), r * std::sin(a1)),
                      at(r * term * std::cos(a0), r * std::sin(a0)), kEarthColor);
  }
  dl->Flags = saved;
  dl->AddCircle(c, r, IM_COL32(160, 190, 230, 120), 32);
}

// Azimuth 0..360 on x, elevation -8..+8 deg on y; the horizon; the Sun and the Earth.
void draw_horizon_view(const ephemeris::AzEl& sun, const ephemeris::AzEl& earth,
                       double sun_radius_rad, double earth_radius_rad, double earth_fraction) {
  const float width = std::max(ImGui::GetContentRegionAvail().x, 200.0f);
  const float height = 112.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##horizon", ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + width, p0.y + height);
  const float px_per_el_deg = height / (kHorizonMaxElDeg - kHorizonMinElDeg);
  auto x_of = [&](double az_deg) { return p0.x + static_cast<float>(az_deg / 360.0) * width; };
  auto y_of = [&](double el_deg) {
    return p0.y + (kHorizonMaxElDeg - static_cast<float>(el_deg)) * px_per_el_deg;
  };
  const float y0 = y_of(0.0);
  dl->PushClipRect(p0, p1, true);
  dl->AddRectFilledMultiColor(p0, ImVec2(p1.x, y0), IM_COL32(6, 8, 18, 255),
                              IM_COL32(6, 8, 18, 255), IM_COL32(20, 26, 44, 255),
                              IM_COL32(20, 26, 44, 255));
  dl->AddRectFilled(ImVec2(p0.x, y0), p1, IM_COL32(38, 36, 34, 255));
  for (int el = -6; el <= 6; el += 2) {
    if (el == 0) continue;
    dl->AddLine(ImVec2(p0.x, y_of(el)), ImVec2(p1.x, y_of(el)), IM_COL32(255, 255, 255, 18));
  }
  static const char* kCardinal[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW", "N"};
  for (int i = 0; i <= 8; ++i) {
    const float x = x_of(i * 45.0);
    dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), IM_COL32(255, 255, 255, i % 2 ? 14 : 30));
    const float tx = std::clamp(x - 4.0f, p0.x + 2.0f, p1.x - 16.0f);
    dl->AddText(ImVec2(tx, p1.y - ImGui::GetTextLineHeight() - 2), IM_COL32(170, 175, 185, 200),
                kCardinal[i]);
  }
  dl->AddLine(ImVec2(p0.x, y0), ImVec2(p1.x, y0), IM_COL32(200, 190, 170, 200), 1.5f);
  dl->AddText(ImVec2(p0.x + 3, p0.y + 2), IM_COL32(150, 155, 165, 200), "+8 deg");
  dl->AddText(ImVec2(x_of(202.0), y0 - ImGui::GetTextLineHeight() - 1),
              IM_COL32(150, 155, 165, 200), "horizon");

  // One body, drawn again a turn to the left and right so a disc near north wraps around.
  auto body = [&](const ephemeris::AzEl& ae, double radius_rad, ImU32 color, const char* label,
                  bool phase) {
    const double el = ae.el_rad * kRadToDeg;
    const float r =
        std::max(2.0f, static_cast<float>(radius_rad * kRadToDeg) * px_per_el_deg * kDiscScale);
    for (const double turn : {-360.0, 0.0, 360.0}) {
      const double az = ae.az_rad * kRadToDeg + turn;
      const ImVec2 c(x_of(az), y_of(el));
      if (c.x + 3 * r < p0.x || c.x - 3 * r > p1.x) continue;
      if (phase) {
        // The Sun's direction on this chart, seen from the Earth's disc.
        double daz = sun.az_rad * kRadToDeg - ae.az_rad * kRadToDeg;
        daz -= 360.0 * std::round(daz / 360.0);
        ImVec2 d(static_cast<float>(daz / 360.0 * width),
                 -static_cast<float>((sun.el_rad * kRadToDeg - el) * px_per_el_deg));
        const float n = std::hypot(d.x, d.y);
        d = n > 0.0f ? ImVec2(d.x / n, d.y / n) : ImVec2(1, 0);
        draw_phase_disc(dl, c, r, d, earth_fraction);
      } else {
        dl->AddCircleFilled(c, r * 2.2f, IM_COL32(255, 214, 102, 40), 24);
        dl->AddCircleFilled(c, r, color, 24);
      }
      if (turn != 0.0) continue;
      const float lx = std::clamp(c.x + r + 3.0f, p0.x + 2.0f, p1.x - 40.0f);
      // Below the "+8 deg" scale label, so a body high in the chart does not write over it.
      const float ly =
          std::clamp(c.y - r - ImGui::GetTextLineHeight(), p0.y + 3.0f + ImGui::GetTextLineHeight(),
                     p1.y - 2.0f * ImGui::GetTextLineHeight());
      dl->AddText(ImVec2(lx, ly), color, label);
    }
  };
  body(earth, earth_radius_rad, kEarthColor, tr("Earth"), true);
  body(sun, sun_radius_rad, kSunColor, tr("Sun"), false);
  dl->PopClipRect();
  dl->AddRect(p0, p1, IM_COL32(255, 255, 255, 40));
}

void draw_clock(UiModel& m) {
  const scenario::ClockController& clock = m.session.clock;
  std::string& message = m.clock_message;
  char text[64] = "";
  m.clock_text.copy(text, sizeof text - 1);
  const std::string now = iso_utc(clock.now());

  ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.35f, 1.0f), "%s", now.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("UTC");

  const int n_speeds = static_cast<int>(scenario::kClockSpeeds.size());
  const int speed = std::clamp(clock.clock().speed_index, 0, n_speeds - 1);
  auto speed_of = [](int i) { return scenario::kClockSpeeds[static_cast<size_t>(i)]; };
  if (ImGui::Button(tr_id(clock.playing() ? "Pause" : "Play"), ImVec2(64, 0))) {
    if (clock.playing())
      m.commands.push_back(session::cmd::Pause{});
    else
      m.commands.push_back(session::cmd::Play{speed_of(speed).sim_s_per_real_s});
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  if (ImGui::BeginCombo("##speed", speed_of(speed).label)) {
    for (int i = 0; i < n_speeds; ++i)
      if (ImGui::Selectable(speed_of(i).label, i == speed)) {
        if (clock.mode() == scenario::ClockMode::kPlaying)
          m.commands.push_back(session::cmd::Play{speed_of(i).sim_s_per_real_s});
        else
          m.session.clock.set_speed_index(i);  // the speed the next Play uses
      }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr_id("Now"))) {
    auto wall = scenario::wall_clock_now();
    if (wall) {
      m.commands.push_back(session::cmd::SetClock{*wall});
      message.clear();
    } else {
      message = wall.error().message;
    }
  }
  ImGui::SetItemTooltip("Set the clock to the present moment (your computer's clock, UTC).");

  // The slider spans the clock's window; its label is the date it points at.
  const scenario::SimClock& c = clock.clock();
  double fraction = c.window_fraction();
  const double zero = 0.0, one = 1.0;
  const std::string label = iso_utc(clock.now()).substr(0, 16);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderScalar("##time", ImGuiDataType_Double, &fraction, &zero, &one, label.c_str())) {
    scenario::SimClock at = c;
    at.set_window_fraction(fraction);
    m.commands.push_back(session::cmd::SetClock{at.now});
  }
  ImGui::TextDisabled("%s .. %s%s", iso_utc(c.window_start).substr(0, 10).c_str(),
                      iso_utc(c.window_end).substr(0, 10).c_str(),
                      c.in_window() ? "" : "   (clock outside the slider's range)");

  ImGui::SetNextItemWidth(-70);
  const bool enter = ImGui::InputTextWithHint("##iso", "2029-06-01T12:00Z", text, sizeof text,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  m.clock_text = text;
  ImGui::SameLine();
  if (ImGui::Button("Set", ImVec2(-1, 0)) || enter) {
    auto t = time::parse_iso8601(text, time::Scale::kUtc);
    message = t ? std::string() : t.error().message;
    if (t) m.commands.push_back(session::cmd::SetClock{*t});
  }
  if (!message.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.40f, 1.0f), "%s", message.c_str());
}

}  // namespace

void draw_sky_panel(bool* open, UiModel& m) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float top = vp->Pos.y + ImGui::GetFrameHeight();
  place_panel(ImVec2(vp->Pos.x + vp->Size.x - 12, top + 222), ImVec2(1.0f, 0.0f),
              ImVec2(400, std::min(600.0f, vp->Pos.y + vp->Size.y - top - 222 - 12)));
  if (!ImGui::Begin(tr_id("Sky and time"), open)) return ImGui::End();

  draw_clock(m);

  ImGui::SeparatorText("Seen from");
  if (m.session.sky_site == kSkySiteMapClick && !m.session.map_click) m.session.sky_site = 0;
  const SiteChoice here = site_choice(m, m.session.sky_site);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##site", here.name)) {
    for (int i = 0; i <= kSkySiteMapClick; ++i) {
      if (i == kSkySiteMapClick && !m.session.map_click) continue;
      if (ImGui::Selectable(site_choice(m, i).name, i == m.session.sky_site))
        m.session.sky_site = i;
    }
    ImGui::EndCombo();
  }
  ImGui::TextDisabled("%.3f, %.3f E%s", here.lat_deg, here.lon_deg,
                      m.session.map_click ? "" : "   (click the terrain to pick a point)");

  auto site = ephemeris::make_site_deg(here.lat_deg, here.lon_deg, here.height_m);
  if (!site) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.40f, 1.0f), "%s", site.error().message.c_str());
    ImGui::End();
    return;
  }
  const ephemeris::SkyState& sky = m.session.sky;
  const ephemeris::SiteFrame frame = ephemeris::site_frame(*site);
  const ephemeris::AzEl sun = ephemeris::az_el(frame, sky.sun_body_km);
  const ephemeris::AzEl earth = ephemeris::az_el(frame, sky.earth_body_km);
  const ephemeris::SurfacePoint sub_sun = ephemeris::sub_point(sky.sun_body_km);
  const ephemeris::SurfacePoint sub_earth = ephemeris::sub_point(sky.earth_body_km);

  if (ImGui::BeginTable("##bodies", 4, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("azimuth");
    ImGui::TableSetupColumn("elevation");
    ImGui::TableSetupColumn("distance");
    ImGui::TableHeadersRow();
    auto row = [](const char* name, ImU32 color, const ephemeris::AzEl& ae, double dist_km,
                  bool million) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, color);
      ImGui::TextUnformatted(name);
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ImGui::Text("%.2f deg", ae.az_rad * kRadToDeg);
      ImGui::TableNextColumn();
      ImGui::Text("%+.2f deg", ae.el_rad * kRadToDeg);
      ImGui::TableNextColumn();
      if (million)
        ImGui::Text("%.3f Mkm", dist_km / 1e6);
      else
        ImGui::Text("%.0f km", dist_km);
    };
    row(tr("Sun"), kSunColor, sun, sky.sun_distance_km, true);
    row(tr("Earth"), kEarthColor, earth, sky.earth_distance_km, false);
    ImGui::EndTable();
  }
  ImGui::TextDisabled(
      "Sub-solar %+.2f, %.2f E   sub-Earth %+.2f, %.2f E", sub_sun.lat_rad * kRadToDeg,
      std::fmod(sub_sun.lon_rad * kRadToDeg + 360.0, 360.0), sub_earth.lat_rad * kRadToDeg,
      std::fmod(sub_earth.lon_rad * kRadToDeg + 360.0, 360.0));

  // The Earth's phase: a small disc lit from the Sun's side as it appears on the chart below.
  {
    const float r = 13.0f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(2 * r + 4, 2 * r + 4));
    double daz = (sun.az_rad - earth.az_rad) * kRadToDeg;
    daz -= 360.0 * std::round(daz / 360.0);
    const ImVec2 to_sun(daz >= 0.0 ? 1.0f : -1.0f, 0.0f);
    draw_phase_disc(ImGui::GetWindowDrawList(), ImVec2(p.x + r + 2, p.y + r + 2), r, to_sun,
                    sky.earth_illuminated_fraction);
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("Earth %.0f%% lit", sky.earth_illuminated_fraction * 100.0);
    ImGui::TextDisabled("phase angle %.1f deg", sky.earth_phase_angle_rad * kRadToDeg);
    ImGui::EndGroup();
  }

  ImGui::SeparatorText("Horizon (azimuth 0-360, elevation -8..+8 deg)");
  draw_horizon_view(sun, earth, sky.sun_angular_radius_rad, sky.earth_angular_radius_rad,
                    sky.earth_illuminated_fraction);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(
      "Discs at 2x their true size, over the flat local horizon; cast shadows and the "
      "Illumination panel use the terrain's own horizon.");
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace ce8::ui
