// Illumination: light, permanent shadow and Earth visibility. Filled by the illumination issue.
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {

void draw_illumination_panel(bool* open) {
  ImGui::SetNextWindowSize(ImVec2(360, 200), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Illumination", open)) return ImGui::End();
  paragraph(
      "At the pole a few metres of height decide between permanent shadow and almost "
      "permanent light.");
  coming_soon("horizon maps, percent of time lit, permanent shadow and Earth-in-view maps.");
  ImGui::End();
}

}  // namespace ce8::ui
