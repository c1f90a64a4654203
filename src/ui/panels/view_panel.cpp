// View settings: vertical exaggeration (off by default: true scale), tint and the light.
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {

void draw_view_panel(bool* open, UiModel& m) {
  ImGui::SetNextWindowSize(ImVec2(340, 220), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("View settings", open)) return ImGui::End();
  ImGui::SliderFloat("Vertical exaggeration", &m.view.vertical_exaggeration, 1.0f, 10.0f, "%.1fx");
  ImGui::SliderFloat("Height tint", &m.view.height_tint, 0.0f, 1.0f);
  ImGui::SeparatorText("Light (placeholder until the ephemeris drives it)");
  ImGui::SliderFloat("Sun azimuth", &m.view.sun_azimuth_deg, 0.0f, 360.0f, "%.0f deg");
  ImGui::SliderFloat("Sun elevation", &m.view.sun_elevation_deg, 0.0f, 30.0f, "%.1f deg");
  ImGui::SeparatorText("Renderer");
  ImGui::TextDisabled("%s", m.status.gl_renderer.c_str());
  ImGui::TextDisabled("%d triangles", m.status.triangles);
  ImGui::End();
}

}  // namespace ce8::ui
