// View settings: vertical exaggeration (off by default: true scale), tint and a manual light
// that overrides the clock's Sun.
#include <imgui.h>

#include "ui/layout.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {

void draw_view_panel(bool* open, UiModel& m) {
  place_panel(ImVec2(-1, -1), ImVec2(0, 0), ImVec2(340, 220));
  if (!ImGui::Begin("View settings", open)) return ImGui::End();
  ImGui::SliderFloat("Vertical exaggeration", &m.session.view.vertical_exaggeration, 1.0f, 10.0f,
                     "%.1fx");
  ImGui::Combo("Colours", &m.session.view.color_mode, "Shaded regolith\0Height\0Slope\0");
  if (m.session.view.color_mode == 1) ImGui::TextDisabled("Deep blue floors .. white heights");
  if (m.session.view.color_mode == 2)
    ImGui::TextDisabled("Green flat .. yellow 10 deg .. red 30 deg and steeper");
  ImGui::SeparatorText("Light");
  ImGui::Checkbox("Manual light", &m.session.view.manual_light);
  ImGui::SetItemTooltip(
      "Off: the Sun of the simulation clock (Sky and time). On: a Sun you place.");
  if (m.session.view.manual_light) {
    ImGui::SliderFloat("Sun azimuth", &m.session.view.sun_azimuth_deg, 0.0f, 360.0f, "%.0f deg");
    ImGui::SliderFloat("Sun elevation", &m.session.view.sun_elevation_deg, 0.0f, 30.0f, "%.1f deg");
  } else {
    ImGui::TextDisabled("The Sun follows the simulation clock.");
  }
  ImGui::SeparatorText("Renderer");
  ImGui::TextDisabled("%s", m.status.gl_renderer.c_str());
  ImGui::TextDisabled("%d triangles", m.status.triangles);
  ImGui::End();
}

}  // namespace ce8::ui
