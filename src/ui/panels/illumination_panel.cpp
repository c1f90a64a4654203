// Illumination: cast shadows from the horizon map, maps over a window (percent lit, Earth in
// view, permanent shadow) as overlays with the landing-site numbers, and the Sky panel site's
// Sun / Earth timeline (click it to move the clock). The app does the work (app/illumination_view).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <utility>

#include "engine/time/time.hpp"
#include "ui/label_language.hpp"
#include "ui/layout.hpp"
#include "ui/overlay_palette.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

void progress_row(const char* label, float fraction, bool* cancel) {
  char text[64];
  std::snprintf(text, sizeof text, "%s %3.0f%%", label, 100.0f * fraction);
  ImGui::ProgressBar(fraction, ImVec2(-80.0f, 0.0f), text);
  ImGui::SameLine();
  ImGui::PushID(label);
  if (ImGui::Button("Cancel")) *cancel = true;
  ImGui::PopID();
}

ImU32 opaque(Rgba c) { return IM_COL32(c.r, c.g, c.b, 255); }

void legend_swatch(Rgba rgba, const char* text) {
  const ImU32 color = opaque(rgba);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float s = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + s, p.y + s), color, 3.0f);
  ImGui::Dummy(ImVec2(s, s));
  ImGui::SameLine();
  ImGui::TextUnformatted(text);
}

void gradient_legend(std::span<const Rgba> stops, const char* lo, const char* hi) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const int n = static_cast<int>(stops.size());
  auto colors = [&](int i) { return opaque(stops[static_cast<size_t>(i)]); };
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = std::max(ImGui::GetContentRegionAvail().x - 10.0f, 60.0f), h = 12.0f;
  for (int i = 0; i + 1 < n; ++i) {
    const float x0 = p.x + w * i / (n - 1), x1 = p.x + w * (i + 1) / (n - 1);
    list->AddRectFilledMultiColor(ImVec2(x0, p.y), ImVec2(x1, p.y + h), colors(i), colors(i + 1),
                                  colors(i + 1), colors(i));
  }
  ImGui::Dummy(ImVec2(w, h));
  ImGui::TextUnformatted(lo);
  ImGui::SameLine(std::max(w - ImGui::CalcTextSize(hi).x, 80.0f));
  ImGui::TextUnformatted(hi);
}

// Sun (yellow) and Earth (blue) visible fractions over the window, the clock marked; a click
// moves the clock there.
void timeline(UiModel& m) {
  IlluminationUi& il = m.illumination;
  const int n = static_cast<int>(il.series_sun.size());
  if (n < 2) return;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = std::max(ImGui::GetContentRegionAvail().x, 100.0f), h = 110.0f;
  ImGui::InvisibleButton("##timeline", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(p, ImVec2(p.x + w, p.y + h), IM_COL32(12, 16, 26, 255), 4.0f);
  const double span_s = il.series_step_s * (n - 1);
  auto x_of = [&](int i) { return p.x + w * static_cast<float>(i) / (n - 1); };
  auto y_of = [&](float v, float lo, float hi) { return hi - (hi - lo) * v; };
  // Sun: filled band in the upper half; Earth: line in the lower half.
  const float sun_lo = p.y + 6, sun_hi = p.y + h * 0.5f - 4;
  const float earth_lo = p.y + h * 0.5f + 4, earth_hi = p.y + h - 6;
  for (int i = 0; i + 1 < n; ++i) {
    list->AddRectFilled(ImVec2(x_of(i), y_of(il.series_sun[i], sun_lo, sun_hi)),
                        ImVec2(x_of(i + 1) + 0.5f, sun_hi), IM_COL32(250, 200, 64, 200));
    list->AddLine(ImVec2(x_of(i), y_of(il.series_earth[i], earth_lo, earth_hi)),
                  ImVec2(x_of(i + 1), y_of(il.series_earth[i + 1], earth_lo, earth_hi)),
                  IM_COL32(90, 170, 255, 255), 1.5f);
  }
  list->AddText(ImVec2(p.x + 4, p.y + 2), IM_COL32(250, 220, 140, 255), tr("Sun"));
  list->AddText(ImVec2(p.x + 4, earth_lo - 2), IM_COL32(140, 190, 255, 255), tr("Earth"));
  const double now = m.session.clock.now().tt_seconds_since_j2000();
  const double f = (now - il.series_from_tt_s) / std::max(span_s, 1.0);
  if (f >= 0.0 && f <= 1.0) {
    const float x = p.x + w * static_cast<float>(f);
    list->AddLine(ImVec2(x, p.y), ImVec2(x, p.y + h), IM_COL32(255, 255, 255, 220), 2.0f);
  }
  if (hovered) {
    const float fx = std::clamp((ImGui::GetIO().MousePos.x - p.x) / w, 0.0f, 1.0f);
    const double t = il.series_from_tt_s + fx * span_s;
    const int i = std::clamp(static_cast<int>(std::lround(fx * (n - 1))), 0, n - 1);
    auto iso =
        time::format_iso8601(time::Instant::from_tt_seconds_since_j2000(t), time::Scale::kUtc, 0);
    ImGui::SetTooltip("%s\nSun visible %.0f%%, Earth visible %.0f%%\nClick: set the clock",
                      iso ? iso->c_str() : "?", 100.0f * il.series_sun[i],
                      100.0f * il.series_earth[i]);
    if (ImGui::IsItemClicked())
      m.commands.push_back(session::cmd::SetClock{time::Instant::from_tt_seconds_since_j2000(t)});
  }
}

}  // namespace

void draw_illumination_panel(bool* open, UiModel& m) {
  IlluminationUi& il = m.illumination;
  place_panel(ImVec2(-1, -1), ImVec2(0, 0), ImVec2(400, 560));
  if (!ImGui::Begin(tr_id("Illumination"), open)) return ImGui::End();
  paragraph(
      "At the pole the Sun grazes the horizon: a few metres of height decide between permanent "
      "shadow and almost permanent light.");

  ImGui::SeparatorText("Cast shadows");
  ImGui::Checkbox("Cast shadows (the Sun at the clock's time)", &il.cast_shadows);
  if (il.shadow_job_running) {
    ImGui::TextUnformatted("Computing shadows… (horizon of every cell)");
    progress_row("Horizon map", il.shadow_progress, &il.cancel_shadows);
  } else if (!il.shadows_ready) {
    ImGui::TextDisabled("%s", il.shadow_note.empty() ? "Shadows start once the terrain is up."
                                                     : il.shadow_note.c_str());
    if (!il.shadow_note.empty() && ImGui::Button("Compute shadows")) il.restart_shadows = true;
  } else {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", il.shadow_note.c_str());
    ImGui::PopTextWrapPos();
  }

  ImGui::SeparatorText("Maps over a window");
  ImGui::SetNextItemWidth(150);
  ImGui::SliderFloat("Window (days)", &il.window_days, 1.0f, 120.0f, "%.1f");
  ImGui::SetNextItemWidth(150);
  ImGui::SliderFloat("Step (hours)", &il.step_hours, 1.0f, 24.0f, "%.0f");
  if (!il.shadows_ready) {
    ImGui::TextDisabled("Maps need the horizon map (above).");
  } else if (il.maps_running) {
    progress_row("Maps", il.maps_progress, &il.cancel_maps);
  } else if (ImGui::Button(il.maps_ready ? "Recompute from the clock's time"
                                         : "Compute from the clock's time")) {
    il.compute_maps = true;
  }
  ImGui::TextUnformatted("Overlay:");
  // The overlay is the session's: a choice here is a command, like the tour's.
  using session::Overlay;
  const Overlay shown = m.session.overlay;
  const std::pair<Overlay, const char*> kChoices[] = {{Overlay::kNone, "None"},
                                                      {Overlay::kPercentLit, "% lit"},
                                                      {Overlay::kEarthInView, "Earth"},
                                                      {Overlay::kPermanentShadow, "Perm. shadow"}};
  for (const auto& [kind, label] : kChoices) {
    ImGui::SameLine();
    if (ImGui::RadioButton(tr_id(label), shown == kind))
      m.commands.push_back(session::cmd::SetOverlay{kind});
  }
  if (shown == Overlay::kPercentLit)
    gradient_legend(overlay_stops(shown), "never lit", "always lit");
  else if (shown == Overlay::kEarthInView)
    gradient_legend(overlay_stops(shown), "Earth never in view", "always");
  else if (shown == Overlay::kPermanentShadow)
    legend_swatch(kShadowColor, "never a ray of sunlight in the window");
  if (il.maps_ready) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", il.maps_note.c_str());
    ImGui::PopTextWrapPos();
    if (!il.sites.empty() &&
        ImGui::BeginTable("##site_light", 4,
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("Landing site");
      ImGui::TableSetupColumn("% lit", ImGuiTableColumnFlags_WidthFixed, 48);
      ImGui::TableSetupColumn("% Earth", ImGuiTableColumnFlags_WidthFixed, 56);
      ImGui::TableSetupColumn("Longest dark", ImGuiTableColumnFlags_WidthFixed, 86);
      ImGui::TableHeadersRow();
      for (const auto& s : il.sites) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.name);
        if (!s.valid) {
          ImGui::TableNextColumn();
          ImGui::TextDisabled("off the map");
          continue;
        }
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", s.percent_lit);
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", s.percent_earth);
        ImGui::TableNextColumn();
        if (s.longest_dark_h >= 48.0f)
          ImGui::Text("%.1f d", s.longest_dark_h / 24.0f);
        else
          ImGui::Text("%.0f h", s.longest_dark_h);
      }
      ImGui::EndTable();
    }
    ImGui::TextDisabled("Map cells of 900 m: a site's numbers are its cell's.");
  }

  ImGui::SeparatorText("Timeline");
  if (il.series_site.empty()) {
    ImGui::TextDisabled("Choose a site in the Sky and time panel (or click the terrain).");
  } else {
    ImGui::Text(
        "%s (the Sky panel's site), %.1f days", il.series_site.c_str(),
        il.series_step_s * std::max<int>(static_cast<int>(il.series_sun.size()) - 1, 0) / 86400.0);
    if (!il.series_error.empty())
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.40f, 1.0f), "%s", il.series_error.c_str());
    timeline(m);
  }
  if (!il.error.empty())
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.40f, 1.0f), "%s", il.error.c_str());
  ImGui::End();
}

}  // namespace ce8::ui
