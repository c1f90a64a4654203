// Payloads. The catalogue and the 200 kg manifest builder arrive with the mission issue.
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {

void draw_payloads_panel(bool* open) {
  ImGui::SetNextWindowSize(ImVec2(400, 300), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Payloads", open)) return ImGui::End();
  paragraph(
      "Chang'e-8 offers 200 kg to international payloads, none over 100 kg. Ten were "
      "selected from 41 proposals, among them:");
  ImGui::BulletText("Pakistan: SUPARCO rover (about 35 kg)");
  ImGui::BulletText("Türkiye: METU micro-rovers (2 x 5 kg)");
  ImGui::BulletText("Hong Kong: multi-function robot with charging station");
  ImGui::BulletText("Italy: laser retroreflector array");
  ImGui::BulletText("Russia: plasma and dust analyser, particle detector");
  ImGui::TextDisabled("Sources: SpaceNews (Feb 2025); CNSA AO (2023).");
  coming_soon("the full catalogue, mass/power/data budgets and operations timeline.");
  ImGui::End();
}

}  // namespace ce8::ui
