// Landing sites: the four preliminary Chang'e-8 landing regions side by side (coordinates,
// description, terrain, where the numbers come from), with a fly-to button each.
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
  ImGui::SetNextWindowSize(ImVec2(400, 200), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Landing sites", open)) return ImGui::End();
  ImGui::TextWrapped(
      "Preliminary Chang'e-8 landing regions (SpaceNews, Feb 2025); CNSA named "
      "Leibnitz Beta in April 2025 (Xinhua).");
  const mission::Catalogue* cat = model.mission.catalogue.get();
  // Side by side; in a narrow window the columns keep a readable width and scroll sideways.
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("sites", static_cast<int>(kLandingSites.size()), flags)) {
    for (const NamedSite& s : kLandingSites)
      ImGui::TableSetupColumn(s.name, ImGuiTableColumnFlags_WidthFixed, 185.0f);
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    for (const NamedSite& s : kLandingSites) {
      ImGui::TableNextColumn();
      ImGui::PushID(s.name);
      const mission::LandingSite* c = nullptr;
      if (cat)
        for (const auto& x : cat->sites)
          if (x.name == s.name) c = &x;
      ImGui::Text("%.2f, %.2f E", s.lat_deg, s.lon_deg);
      if (ImGui::Button("Fly there")) model.fly_to = FlyTo{s.lat_deg, s.lon_deg, s.view_distance_m};
      ImGui::TextWrapped("%s", c ? c->description.c_str() : s.what);
      if (c && !c->terrain.empty()) ImGui::TextDisabled("Terrain: %s", c->terrain.c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("Position: %s", s.note);
      ImGui::PopStyleColor();
      if (c && ImGui::IsItemHovered() && c->assumed.count("lat_deg"))
        ImGui::SetTooltip("%s", c->assumed.at("lat_deg").c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button("Back to the pole"))
    model.fly_to = FlyTo{kSouthPole.lat_deg, kSouthPole.lon_deg, kSouthPole.view_distance_m};
  coming_soon("percent lit, Earth in view, longest night and slopes per site, side by side.");
  ImGui::End();
}

}  // namespace ce8::ui
