// Landing sites: the four preliminary Chang'e-8 landing regions, with a fly-to button each.
#include <imgui.h>

#include "ui/ui.hpp"

namespace ce8::ui {
namespace {

struct SiteRow {
  const char* name;
  const char* what;
  double lat_deg, lon_deg;  // where the camera flies (see notes)
  float view_distance_m;
  const char* note;
};

// Crater centres from the IAU/USGS gazetteer. The ridge point lies between Shackleton and
// de Gerlache (assumed: midpoint). Leibnitz Beta has no published coordinates; the camera
// goes to Shoemaker's rim region beside it (assumed) until the catalogue fixes a value.
constexpr SiteRow kSites[] = {
    {"Leibnitz Beta plateau", "CNSA's named target (Apr 2025): a high plateau beside Shoemaker",
     -88.1, 30.0, 70000.0f, "position assumed: no published coordinates"},
    {"Shackleton-de Gerlache ridge", "The connecting ridge: among the best-lit ground at the pole",
     -89.36, 262.0, 50000.0f, "assumed midpoint of the ridge"},
    {"Amundsen crater", "103 km crater, centre -84.44, 83.07 E", -84.44, 83.07, 160000.0f,
     "IAU/USGS gazetteer"},
    {"Cabeus crater", "101 km crater, centre -85.33, 317.87 E", -85.33, 317.87, 160000.0f,
     "IAU/USGS gazetteer"},
};

}  // namespace

void draw_sites_panel(bool* open, UiModel& model) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 12, vp->Pos.y + ImGui::GetFrameHeight() + 12),
                          ImGuiCond_FirstUseEver, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(400, 520), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Landing sites", open)) return ImGui::End();
  ImGui::TextWrapped("Preliminary Chang'e-8 landing regions (SpaceNews, Feb 2025).");
  ImGui::Spacing();
  for (const SiteRow& s : kSites) {
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
  if (ImGui::Button("Back to the pole")) model.fly_to = FlyTo{-90.0, 0.0, 420000.0f};
  coming_soon("percent lit, Earth in view and slopes for each site, side by side.");
  ImGui::End();
}

}  // namespace ce8::ui
