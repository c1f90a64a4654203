// Landing sites: the four preliminary Chang'e-8 landing regions, with a fly-to button each.
#include <imgui.h>

#include "ui/sites.hpp"
#include "ui/ui.hpp"

namespace ce8::ui {
void draw_sites_panel(bool* open, UiModel& model) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // The menu bar is not yet subtracted from WorkPos on the very first frame: offset by hand.
  const float top = vp->Pos.y + ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 12, top + 12), ImGuiCond_FirstUseEver,
                          ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(400, 190), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Landing sites", open)) return ImGui::End();
  ImGui::TextWrapped("Preliminary Chang'e-8 landing regions (SpaceNews, Feb 2025).");
  ImGui::Spacing();
  for (const NamedSite& s : kLandingSites) {
    ImGui::PushID(s.name);
    ImGui::SeparatorText(s.name);
    ImGui::TextWrapped("%s", s.what);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%.2f, %.2f E  (%s)", s.lat_deg, s.lon_deg, s.note);
    ImGui::PopStyleColor();
    if (ImGui::Button("Fly there")) model.fly_to = FlyTo{s.lat_deg, s.lon_deg, s.view_distance_m};
    ImGui::PopID();
  }
  ImGui::Spacing();
  if (ImGui::Button("Back to the pole"))
    model.fly_to = FlyTo{kSouthPole.lat_deg, kSouthPole.lon_deg, kSouthPole.view_distance_m};
  coming_soon("percent lit, Earth in view and slopes for each site, side by side.");
  ImGui::End();
}

}  // namespace ce8::ui
