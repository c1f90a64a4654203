// ILRS participants. The searchable catalogue arrives with the mission issue; this frame
// already lists the national-level partners reported by SpaceNews (Feb 2025).
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {

void draw_participants_panel(bool* open) {
  ImGui::SetNextWindowSize(ImVec2(380, 320), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("ILRS participants", open)) return ImGui::End();
  paragraph(
      "The International Lunar Research Station was founded by China and Russia in "
      "June 2021. National-level partners that signed agreements (SpaceNews, Feb 2025):");
  static const char* kMembers[] = {"China (lead)", "Russia",     "Venezuela",    "Belarus",
                                   "Pakistan",     "Azerbaijan", "South Africa", "Egypt",
                                   "Nicaragua",    "Thailand",   "Serbia",       "Kazakhstan",
                                   "Senegal"};
  if (ImGui::BeginTable("members", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    for (const char* m : kMembers) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m);
    }
    ImGui::EndTable();
  }
  coming_soon("the full catalogue: join dates, organisations, contributions, search and sort.");
  ImGui::End();
}

}  // namespace ce8::ui
