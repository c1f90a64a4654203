// Rover traverse planning. Filled by the traverse issue.
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {

void draw_traverse_panel(bool* open) {
  ImGui::SetNextWindowSize(ImVec2(360, 200), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Rover traverse", open)) return ImGui::End();
  paragraph(
      "Plan a drive for Pakistan's SUPARCO rover, Türkiye's micro-rovers or the Chinese "
      "rover: keep power, avoid steep slopes, keep contact.");
  coming_soon("rover models, path planning and drive simulation.");
  ImGui::End();
}

}  // namespace ce8::ui
